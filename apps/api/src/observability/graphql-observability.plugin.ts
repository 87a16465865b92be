import { Plugin } from '@nestjs/apollo';
import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Metrics } from './metrics';

/** Operation names come from clients: past this many distinct ones, new names count as "other". */
const MAX_OPERATION_NAMES = 200;
const OPERATION_NAME = /^[A-Za-z_]\w{0,63}$/;

/** Counts GraphQL operations by name, type and outcome, and the ones the rate limiter refused. */
@Plugin()
export class GraphqlObservabilityPlugin implements ApolloServerPlugin {
  private readonly names = new Set<string>();

  constructor(private readonly metrics: Metrics) {}

  private label(name: string | null | undefined): string {
    if (!name || !OPERATION_NAME.test(name)) return 'anonymous';
    if (this.names.has(name) || this.names.size < MAX_OPERATION_NAMES) {
      this.names.add(name);
      return name;
    }
    return 'other';
  }

  async requestDidStart(): Promise<GraphQLRequestListener<Record<string, unknown>>> {
    let outcome = 'ok';
    return {
      didEncounterErrors: async ({ errors }) => {
        const code = errors[0]?.extensions?.code;
        outcome = typeof code === 'string' ? code : 'error';
      },
      willSendResponse: async ({ operationName, operation }) => {
        this.metrics.graphqlOperations.inc({ operation: this.label(operationName), type: operation?.operation ?? 'unknown', outcome });
        if (outcome === 'RATE_LIMITED') this.metrics.rateLimited.inc({ transport: 'graphql' });
      },
    };
  }
}

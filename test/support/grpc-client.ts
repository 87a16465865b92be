import { Metadata, ServiceClientConstructor, ServiceError, credentials, loadPackageDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { join } from 'node:path';
import { Answer } from './app-process';

const PROTO_ROOT = join(__dirname, '../../proto');

type UnaryMethod = (
  request: Record<string, unknown>,
  metadata: Metadata,
  callback: (error: ServiceError | null, response: unknown) => void,
) => void;

/** The generated client of the unit-facing service, for tests that need the raw call (metadata, streams). */
export function unitServiceClient(address: string) {
  const definition = loadSync('governance/v1/unit_recommendations.proto', {
    includeDirs: [PROTO_ROOT],
    keepCase: false,
    longs: String,
    enums: String,
    defaults: true,
  });
  const pkg = loadPackageDefinition(definition) as unknown as {
    governance: { v1: { UnitRecommendationService: ServiceClientConstructor } };
  };
  return new pkg.governance.v1.UnitRecommendationService(address, credentials.createInsecure());
}

/** A real gRPC client of the unit-facing service, as a unit's own system would use it. */
export function unitClient(address: string) {
  const client = unitServiceClient(address) as unknown as Record<string, UnaryMethod | undefined> & { close(): void };
  const call = <T = Answer>(
    method: string,
    request: Record<string, unknown>,
    bearer?: string,
    extra: Record<string, string> = {},
  ): Promise<T> =>
    new Promise((resolve, reject) => {
      const send = client[method];
      if (!send) return reject(new Error(`the service has no method ${method}`));
      const metadata = new Metadata();
      if (bearer) metadata.set('authorization', `Bearer ${bearer}`);
      for (const [key, value] of Object.entries(extra)) metadata.set(key, value);
      send.call(client, request, metadata, (error, response) => (error ? reject(error) : resolve(response as T)));
    });
  return { call, close: () => client.close() };
}

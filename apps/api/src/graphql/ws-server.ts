import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { ExecutionResult, GraphQLError } from 'graphql';
import { CloseCode, Context } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { Actor } from '@gov/governance';
import { MeetingQueries, OrganisationQueries } from '@gov/read-model';
import { APP_CONFIG, AppConfig } from '../config';
import { clientAddress, isTrusted } from '../auth/client-address';
import { RateBudget, budgetKey } from '../auth/rate-budget';
import { TokenVerifier } from '../auth/token-verifier';
import { createContext } from './context';
import { formatPublicError } from './errors';
import { admitDocument } from './gate';

/** setTimeout's longest delay; a later expiry is waited for in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Connection {
  actor: Actor;
  /** x-after-position as a connection parameter: every operation of the connection waits for it. */
  afterPosition: unknown;
  budgetKey: string;
  expiresAt?: number;
  timer?: NodeJS.Timeout;
}
type Extra = { socket: WebSocket; request: IncomingMessage; connection?: Connection };

const refusal = (code: string, message: string) => [new GraphQLError(message, { extensions: { code } })];

/**
 * GraphQL over WebSocket (graphql-transport-ws on /graphql) through the same gate as HTTP: the same
 * parse limit, validation rules (armor's, introspection off in production) and cost, the same
 * rate-limit budget per identity, suggestions hidden in production. Besides: a message size limit
 * (GRAPHQL_BODY_LIMIT), a cap of running operations per connection (WS_MAX_OPERATIONS), a cap of connections per client address (for clients
 * behind a trusted proxy; direct ones are capped per socket in app.factory), and the socket is closed
 * with 4401 when the token it was opened with expires.
 */
@Injectable()
export class GraphqlWsServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  /** A message (a document with its variables) is capped as a GraphQL body over HTTP is. */
  private readonly wss: WebSocketServer;
  private readonly proxied = new Map<string, number>();
  private dispose?: () => void | Promise<void>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
    private readonly schemaHost: GraphQLSchemaHost,
    private readonly verifier: TokenVerifier,
    private readonly organisation: OrganisationQueries,
    private readonly meetings: MeetingQueries,
    private readonly budget: RateBudget,
  ) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: config.graphql.bodyLimit });
  }

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
    const disposable = useServer<Record<string, unknown> | undefined, Extra>(
      {
        schema: this.schemaHost.schema,
        onConnect: (ctx) => this.connect(ctx),
        onSubscribe: (ctx, _id, payload) => this.admit(ctx, payload),
        onNext: (_ctx, _id, _payload, _args, result) => this.present(result),
        onError: (_ctx, _id, _payload, errors) => errors.map((e) => formatPublicError(e.toJSON(), e, this.config.production)),
        onClose: (ctx) => clearTimeout(ctx.extra.connection?.timer),
      },
      this.wss,
    );
    this.dispose = () => disposable.dispose();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.dispose?.();
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (new URL(req.url ?? '/', 'http://server').pathname !== '/graphql') return void socket.destroy();
    const peer = req.socket.remoteAddress;
    if (peer && isTrusted(this.config.trustProxy, peer)) {
      const address = clientAddress(this.config.trustProxy, peer, req.headers['x-forwarded-for']);
      const open = this.proxied.get(address) ?? 0;
      if (open >= this.config.maxConnectionsPerAddress) {
        socket.end('HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      this.proxied.set(address, open + 1);
      socket.once('close', () => {
        const left = (this.proxied.get(address) ?? 1) - 1;
        if (left > 0) this.proxied.set(address, left);
        else this.proxied.delete(address);
      });
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  private async connect(ctx: Context<Record<string, unknown> | undefined, Extra>): Promise<boolean> {
    const params = ctx.connectionParams ?? {};
    const authorization = params.authorization ?? params.Authorization;
    const { socket, request } = ctx.extra;
    const address = clientAddress(this.config.trustProxy, request.socket.remoteAddress, request.headers['x-forwarded-for']);
    try {
      const { actor, expiresAt } = await this.verifier.identify(authorization);
      const connection: Connection = { actor, afterPosition: params['x-after-position'], budgetKey: budgetKey(actor, address), expiresAt };
      ctx.extra.connection = connection;
      if (expiresAt !== undefined) {
        // The token's identity ends at exp: so does the socket, and with it every push and operation.
        const wait = () => {
          const left = expiresAt - Date.now();
          if (left <= 0) socket.close(CloseCode.Unauthorized, 'the token has expired');
          else connection.timer = setTimeout(wait, Math.min(left, MAX_TIMER_MS));
        };
        wait();
      }
      return true;
    } catch {
      // A refused token spends its address's budget as over HTTP; 4401 tells the client to sign in again.
      await this.budget.take(budgetKey(undefined, address), 'websocket');
      socket.close(CloseCode.Unauthorized, 'the token was refused');
      return false;
    }
  }

  private async admit(
    ctx: Context<Record<string, unknown> | undefined, Extra>,
    payload: { query: unknown; operationName?: unknown; variables?: unknown },
  ) {
    const connection = ctx.extra.connection!;
    if (connection.expiresAt !== undefined && connection.expiresAt <= Date.now()) {
      ctx.extra.socket.close(CloseCode.Unauthorized, 'the token has expired');
      return refusal('UNAUTHENTICATED', 'the token has expired');
    }
    if (!(await this.budget.take(connection.budgetKey, 'websocket'))) return [RateBudget.refusal()];
    // This operation is already among ctx.subscriptions.
    const max = this.config.graphql.maxOperations;
    if (Object.keys(ctx.subscriptions).length > max) {
      return refusal('TOO_MANY_SUBSCRIPTIONS', `a connection may run ${max} operations at once; complete one, or open another connection`);
    }
    const schema = this.schemaHost.schema;
    const admitted = admitDocument(schema, this.config.production, payload);
    if ('errors' in admitted) return admitted.errors;
    return {
      schema,
      document: admitted.document,
      operationName: typeof payload.operationName === 'string' ? payload.operationName : undefined,
      variableValues: payload.variables as Record<string, unknown> | undefined,
      contextValue: {
        ...createContext(connection.actor, { organisation: this.organisation, meetings: this.meetings }),
        afterPosition: connection.afterPosition,
      },
    };
  }

  private present(result: ExecutionResult) {
    if (!result.errors) return result;
    return { ...result, errors: result.errors.map((e) => formatPublicError(e.toJSON(), e, this.config.production)) };
  }
}

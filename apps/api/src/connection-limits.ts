import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { AppConfig } from './config';
import { isTrusted } from './auth/client-address';

/** A client must have sent a request's headers within this long. */
export const HEADERS_TIMEOUT_MS = 10_000;
/** ... and the whole request (an evidence upload of EVIDENCE_MAX_BYTES on a slow line included). */
export const REQUEST_TIMEOUT_MS = 300_000;
/** An idle keep-alive connection is closed after this long. */
export const KEEP_ALIVE_TIMEOUT_MS = 5_000;

/**
 * Bounds what one client can hold open: at most MAX_CONNECTIONS_PER_ADDRESS sockets per peer address
 * (a trusted proxy is not capped: it answers for its own clients, and WebSocket caps them by forwarded
 * address), and timeouts for headers, requests, keep-alive and idle sockets, so thousands of half-sent
 * requests cannot take the process's files.
 */
export function limitConnections(server: Server, config: AppConfig): void {
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  // A socket on which nothing at all happens is closed (WebSocket pings keep theirs alive).
  server.setTimeout(config.idleSocketTimeoutMs, (socket: Socket) => socket.destroy());
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress;
    if (!address || isTrusted(config.trustProxy, address)) return;
    const count = open.get(address) ?? 0;
    if (count >= config.maxConnectionsPerAddress) return void socket.destroy();
    open.set(address, count + 1);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}

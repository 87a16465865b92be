import { INestApplication, Logger } from '@nestjs/common';
import type { Server } from 'node:http';
import { stopTracing } from './tracing';

/** How long SIGTERM waits for requests in flight before closing their connections anyway. */
const GRACE_MS = 10_000;

/**
 * SIGTERM / SIGINT: stop accepting connections, let the HTTP requests in flight finish (bounded),
 * then close the app: gRPC drains its calls, the projector commits its batch, the log closes. Exit 0.
 */
export function closeGracefullyOnSignals(app: INestApplication): void {
  const logger = new Logger('Shutdown');
  const server = app.getHttpServer() as Server;
  let inFlight = 0;
  server.on('request', (_req, res: NodeJS.EventEmitter) => {
    inFlight++;
    res.once('close', () => inFlight--);
  });
  let closing = false;
  const close = async (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.log(`${signal}: finishing ${inFlight} request(s) in flight, then closing`);
    server.close();
    server.closeIdleConnections();
    const deadline = Date.now() + GRACE_MS;
    while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    if (inFlight > 0) logger.warn(`${inFlight} request(s) still running after ${GRACE_MS} ms; closing their connections`);
    // Keep-alive connections would otherwise hold the server open for their idle timeout.
    server.closeAllConnections();
    try {
      await app.close();
      await stopTracing();
      logger.log('closed: projector batch committed, event log closed');
      process.exit(0);
    } catch (error) {
      logger.error(`shutdown failed: ${(error as Error).message}`);
      process.exit(1);
    }
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void close(signal));
}

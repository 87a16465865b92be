import type { IncomingMessage } from 'node:http';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;
/** Headers a reverse proxy adds: their presence means the peer is a proxy speaking for someone else. */
const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'];

/**
 * A client on this machine that reached us directly: a loopback peer and no proxy header (a proxy on
 * this machine would otherwise make every remote client look local).
 */
export function isDirectLoopback(req: IncomingMessage): boolean {
  return LOOPBACK.test(req.socket.remoteAddress ?? '') && PROXY_HEADERS.every((name) => req.headers[name] === undefined);
}

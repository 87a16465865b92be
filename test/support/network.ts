import { ServiceError } from '@grpc/grpc-js';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { unitClient } from './grpc-client';

/** An address of this machine that is not loopback (its own network interface), or undefined if it has none. */
export function machineAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
}

/** Opens a TCP connection: 'connected', or the error code that refused it (ECONNREFUSED when nothing listens there). */
export function tcpConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/** The gRPC status of an anonymous unit call at `address`: UNAVAILABLE (14) when no server answers there. */
export async function grpcStatusAt(address: string): Promise<number> {
  const client = unitClient(address);
  try {
    await client.call('AcceptRecommendation', { recommendationId: '00000000-0000-4000-8000-000000000000' });
    return 0;
  } catch (error) {
    return (error as ServiceError).code;
  } finally {
    client.close();
  }
}

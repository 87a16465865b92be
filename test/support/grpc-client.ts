import { Metadata, ServiceClientConstructor, ServiceError, credentials, loadPackageDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { join } from 'node:path';

const PROTO_ROOT = join(__dirname, '../../proto');

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
  const client = unitServiceClient(address) as unknown as Record<string, Function> & { close(): void };
  const call = <T = any>(method: string, request: Record<string, unknown>, bearer?: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const metadata = new Metadata();
      if (bearer) metadata.set('authorization', `Bearer ${bearer}`);
      client[method](request, metadata, (error: ServiceError | null, response: T) => (error ? reject(error) : resolve(response)));
    });
  return { call, close: () => client.close() };
}

import { ServiceClientConstructor, credentials, loadPackageDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { protoPath as healthProto } from 'grpc-health-check';
import { join } from 'node:path';
import { RunningApp, startApp } from './support/app-process';
import { eventually } from './support/eventually';

const REFLECTION_PROTO = join(__dirname, '../node_modules/@grpc/reflection/build/proto/grpc/reflection/v1/reflection.proto');

interface HealthClient {
  Check(request: { service: string }, callback: (error: Error | null, response: { status: string }) => void): void;
  close(): void;
}
interface ReflectionCall {
  write(message: object): void;
  end(): void;
  on(event: 'data', listener: (message: ReflectionResponse) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
}
interface ReflectionResponse {
  listServicesResponse?: { service: Array<{ name: string }> };
  fileDescriptorResponse?: { fileDescriptorProto: Buffer[] };
}

const load = (path: string) => loadPackageDefinition(loadSync(path, { enums: String })) as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('gRPC for operators: standard health service and server reflection', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp();
  }, 120_000);
  afterAll(() => app?.cleanup());

  it('answers grpc.health.v1.Health/Check with SERVING for the server and the unit service, NOT_FOUND for others', async () => {
    const Health = load(healthProto).grpc.health.v1.Health as ServiceClientConstructor;
    const client = new Health(app.grpcAddress, credentials.createInsecure()) as unknown as HealthClient;
    const check = (service: string) =>
      new Promise<string>((resolve, reject) => client.Check({ service }, (e, r) => (e ? reject(e) : resolve(r.status))));
    try {
      // The status is refreshed from the log and the projector right after start.
      await eventually(async () => expect(await check('')).toBe('SERVING'));
      expect(await check('governance.v1.UnitRecommendationService')).toBe('SERVING');
      await expect(check('no.such.Service')).rejects.toMatchObject({ code: 5 });
    } finally {
      client.close();
    }
  });

  it('lists its services and describes the unit service through server reflection, as grpcurl does', async () => {
    const Reflection = load(REFLECTION_PROTO).grpc.reflection.v1.ServerReflection as ServiceClientConstructor;
    const client = new Reflection(app.grpcAddress, credentials.createInsecure()) as unknown as {
      ServerReflectionInfo(): ReflectionCall;
      close(): void;
    };
    try {
      const ask = (request: object) =>
        new Promise<ReflectionResponse>((resolve, reject) => {
          const call = client.ServerReflectionInfo();
          call.on('data', resolve);
          call.on('error', reject);
          call.write(request);
          call.end();
        });
      const listed = await ask({ listServices: '' });
      const names = listed.listServicesResponse!.service.map((s) => s.name);
      expect(names).toEqual(expect.arrayContaining(['governance.v1.UnitRecommendationService', 'grpc.health.v1.Health']));
      const described = await ask({ fileContainingSymbol: 'governance.v1.UnitRecommendationService' });
      const files = described.fileDescriptorResponse!.fileDescriptorProto.map((b) => Buffer.from(b).toString('latin1'));
      expect(files.some((f) => f.includes('UnitRecommendationService') && f.includes('AcceptRecommendation'))).toBe(true);
    } finally {
      client.close();
    }
  });
});

import { INestApplication } from '@nestjs/common';
import type { Server } from '@grpc/grpc-js';
import { PackageDefinition, loadSync } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation, ServingStatus, protoPath as healthProto } from 'grpc-health-check';
import { EventStore } from '@gov/event-store';
import { EVENT_STORE } from '@gov/governance';
import { Projector } from '@gov/read-model';
import { readModelProblem } from '../health/health.controller';

const SERVICE = 'governance.v1.UnitRecommendationService';
const REFRESH_MS = 1000;

/**
 * What operators and load balancers need without our proto files: the standard gRPC health service
 * (grpc.health.v1.Health: SERVING while the log answers and takes writes and the projector keeps up, as /health) and
 * server reflection for grpcurl.
 */
export function addOperatorServices(app: INestApplication, loaded: unknown, grpcServer: unknown): void {
  // Nest hands these over untyped: the proto-loader definition of our protos and the grpc-js server.
  const [definition, server] = [loaded as PackageDefinition, grpcServer as Server];
  const health = new HealthImplementation({ '': 'UNKNOWN', [SERVICE]: 'UNKNOWN' });
  health.addToServer(server);
  new ReflectionService({ ...definition, ...loadSync(healthProto) }).addToServer(server);

  const events = app.get<EventStore>(EVENT_STORE);
  const projector = app.get(Projector);
  const refresh = async () => {
    let status: ServingStatus = 'NOT_SERVING';
    try {
      const lag = (await events.headPosition()) - projector.position;
      if (!events.writeFault?.() && !readModelProblem(projector, lag)) status = 'SERVING';
    } catch {
      // The log does not answer: NOT_SERVING.
    }
    health.setStatus('', status);
    health.setStatus(SERVICE, status);
  };
  void refresh();
  setInterval(() => void refresh(), REFRESH_MS).unref();
}

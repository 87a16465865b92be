import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { EventStore } from '@gov/event-store';
import { EVENT_STORE } from '@gov/governance';
import { Projector } from '@gov/read-model';

/** Read-model lag (in events) past which the instance reports itself unhealthy. */
const MAX_HEALTHY_LAG = 10_000n;

/** Why the read model is unhealthy (damaged and being rebuilt, failing, or too far behind the log), or undefined when it is fine. */
export function readModelProblem(projector: Projector, lag: bigint): string | undefined {
  const damaged = projector.readModel.damaged;
  if (damaged) return `${damaged.message} (${damaged.detail})`;
  if (projector.lastError) return projector.lastError.message;
  return lag > MAX_HEALTHY_LAG ? 'lagging' : undefined;
}

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly projector: Projector,
  ) {}

  /** The log answers and can take writes, and the read model is projecting and not far behind it. */
  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      async () => {
        const session = this.indicators.check('eventLog');
        try {
          const details = { store: this.events.name, position: (await this.events.headPosition()).toString() };
          const fault = this.events.writeFault?.();
          return fault ? session.down({ ...details, error: fault.message, reason: fault.reason }) : session.up(details);
        } catch (error) {
          return session.down({ store: this.events.name, error: (error as Error).message });
        }
      },
      async () => {
        const session = this.indicators.check('readModel');
        // With the log out of reach the read model still serves what it has: the eventLog check says the rest.
        const head = await this.events.headPosition().catch(() => this.projector.position);
        const lag = head - this.projector.position;
        const details = { position: this.projector.position.toString(), lag: lag.toString() };
        const problem = readModelProblem(this.projector, lag);
        return problem ? session.down({ ...details, error: problem }) : session.up(details);
      },
    ]);
  }
}

import { Controller, Get, HttpCode, Inject } from '@nestjs/common';
import { EventStore } from '@gov/event-store';
import { EVENT_STORE } from '@gov/governance';
import { Projector } from '@gov/read-model';

@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly projector: Projector,
  ) {}

  /** Liveness plus how far the read model lags the log. */
  @Get()
  @HttpCode(200)
  async health() {
    const head = await this.events.headPosition();
    return {
      status: this.projector.lastError ? 'degraded' : 'ok',
      eventStore: this.events.name,
      logPosition: head.toString(),
      readModelPosition: this.projector.position.toString(),
      lag: (head - this.projector.position).toString(),
    };
  }
}

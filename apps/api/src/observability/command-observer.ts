import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { EventStore } from '@gov/event-store';
import { EVENT_STORE } from '@gov/governance';
import { Projector } from '@gov/read-model';
import { Metrics, outcomeOf } from './metrics';
import { CORRELATION_ATTRIBUTE, correlationOf, inSpan, tracer, tracingEnabled } from './tracing';

interface CommandShape {
  type?: unknown;
  ctx?: { actor?: { sub?: string }; correlationId?: string; commandId?: string };
}

const typeOf = (command: object) => {
  const type = (command as CommandShape).type;
  return typeof type === 'string' ? type : command.constructor.name;
};

/**
 * Observes the write path at its seams without touching it: the CommandBus (each command's type,
 * outcome and duration), the log's append (events written) and the read-your-writes wait.
 */
@Injectable()
export class CommandObserver implements OnModuleInit {
  constructor(
    private readonly bus: CommandBus,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly projector: Projector,
    private readonly metrics: Metrics,
    @InjectPinoLogger('Command') private readonly logger: PinoLogger,
  ) {}

  onModuleInit(): void {
    const execute = this.bus.execute.bind(this.bus);
    this.bus.execute = ((command: object) => this.observeCommand(command, () => execute(command))) as CommandBus['execute'];

    const append = this.events.appendToStream.bind(this.events);
    this.events.appendToStream = (streamId, events, options) => {
      const correlationId = correlationOf(events[0]?.metadata?.correlationId);
      const attributes = { [CORRELATION_ATTRIBUTE]: correlationId, 'governance.stream_id': streamId, 'governance.events': events.length };
      return inSpan('eventstore.append', attributes, async (span) => {
        const result = await append(streamId, events, options);
        span.setAttribute('governance.position', result.position.toString());
        if (!result.idempotentReplay) this.metrics.eventsAppended.inc(events.length);
        return result;
      });
    };

    // Projection runs apart from the request that wrote: its spans carry the writers' correlation ids.
    this.projector.onProjected((batch) => {
      if (!tracingEnabled()) return;
      const byCorrelation = new Map<string, number>();
      for (const e of batch) {
        const id = correlationOf(e.metadata.correlationId);
        byCorrelation.set(id, (byCorrelation.get(id) ?? 0) + 1);
      }
      const position = batch[batch.length - 1]!.position.toString();
      for (const [correlationId, events] of byCorrelation)
        tracer
          .startSpan('projection', {
            attributes: { [CORRELATION_ATTRIBUTE]: correlationId, 'governance.events': events, 'governance.position': position },
          })
          .end();
    });

    const waitFor = this.projector.waitFor.bind(this.projector);
    this.projector.waitFor = async (position, timeoutMs) => {
      const stop = this.metrics.readYourWritesSeconds.startTimer();
      try {
        await waitFor(position, timeoutMs);
        this.metrics.readYourWrites.inc({ outcome: 'ok' });
        stop({ outcome: 'ok' });
      } catch (error) {
        this.metrics.readYourWrites.inc({ outcome: 'timeout' });
        stop({ outcome: 'timeout' });
        throw error;
      }
    };
  }

  private async observeCommand<T>(command: object, run: () => Promise<T>): Promise<T> {
    const type = typeOf(command);
    const ctx = (command as CommandShape).ctx;
    const started = process.hrtime.bigint();
    const done = (outcome: string, error?: unknown) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.metrics.commands.inc({ type, outcome });
      this.metrics.commandSeconds.observe({ type, outcome }, seconds);
      const fields = {
        commandType: type,
        outcome,
        durationMs: Math.round(seconds * 1e4) / 10,
        correlationId: ctx?.correlationId,
        commandId: ctx?.commandId,
        actor: ctx?.actor?.sub,
      };
      if (outcome === 'error') this.logger.error({ ...fields, err: error }, 'command failed');
      else this.logger.info(fields, 'command handled');
    };
    const attributes = { [CORRELATION_ATTRIBUTE]: ctx?.correlationId ?? '', 'governance.command': type };
    return inSpan(`command ${type}`, attributes, async () => {
      try {
        const result = await run();
        done('ok');
        return result;
      } catch (error) {
        done(outcomeOf(error), error);
        throw error;
      }
    });
  }
}

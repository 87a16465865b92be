import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { EventStore } from '@gov/event-store';
import { EVENT_STORE } from '@gov/governance';
import { NotifierPort } from '@gov/notifications';
import { Metrics } from './metrics';

/** The reminder notifier on /metrics: what it sent and failed to, what waits, and how far behind the log it is. */
@Injectable()
export class NotifierMetrics {
  constructor(metrics: Metrics, notifier: NotifierPort, @Inject(EVENT_STORE) events: EventStore) {
    const registers = [metrics.registry];
    const sent = new Counter({
      name: 'governance_notifications_sent_total',
      help: 'Notifications recorded as sent (accepted by the SMTP server, or in the app only), by kind (message or digest)',
      labelNames: ['kind'],
      registers,
    });
    const failed = new Counter({
      name: 'governance_notification_deliveries_failed_total',
      help: 'Deliveries the SMTP server did not accept, by reason (refused, timeout, connection, error); each is retried with backoff',
      labelNames: ['reason'],
      registers,
    });
    notifier.observe((outcome) => (outcome.result === 'sent' ? sent.inc({ kind: outcome.kind }) : failed.inc({ reason: outcome.reason })));
    new Gauge({
      name: 'governance_notifications_due',
      help: 'Notifications due by now and not yet recorded as sent',
      registers,
      collect() {
        this.set(notifier.backlog().due);
      },
    });
    new Gauge({
      name: 'governance_notifications_retry_queue',
      help: 'Notifications whose delivery failed and that wait for their next attempt',
      registers,
      collect() {
        this.set(notifier.backlog().retrying);
      },
    });
    new Gauge({
      name: 'governance_notifier_position',
      help: 'Log position the notifier has reached (its checkpoint)',
      registers,
      collect() {
        this.set(Number(notifier.position));
      },
    });
    new Gauge({
      name: 'governance_notifier_lag_events',
      help: 'Events in the log the notifier has not applied yet',
      registers,
      async collect() {
        this.set(Number((await events.headPosition()) - notifier.position));
      },
    });
  }
}

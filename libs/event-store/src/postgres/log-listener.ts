import { EventEmitter } from 'node:events';
import { Client } from 'pg';
import { LOG_CHANNEL, REGISTER, readAppendedPayload } from './log-table';

/**
 * One LISTEN connection per store: it wakes every follower (`append`) and tells of the appends
 * other stores committed (`elsewhere`: the stream and its last revision); when it drops, it is
 * opened again after `retryMs` (a notification lost meanwhile only costs a poll, or a conflict).
 * Once listening, it lists the store in `log_listeners`, so that the others' commits notify it.
 */
export class LogListener {
  readonly appended = new EventEmitter();
  readonly elsewhere = new EventEmitter();
  private client: Client | null = null;
  /** The connection on which the store was last listed in `log_listeners`. */
  private listedOn: Client | null = null;
  private retry: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly connectionString: string,
    /** Names the store in its notifications, so that its own commits are not taken for another's. */
    private readonly sender: string,
    private readonly retryMs: number,
    /** Resolves once the log's schema (with `log_listeners`) is in place. */
    private readonly schema: () => Promise<void>,
  ) {
    this.appended.setMaxListeners(0);
    this.elsewhere.setMaxListeners(0);
  }

  /** Listens from now on (again, if the connection dropped); a no-op while it does. */
  start(): void {
    if (this.client || this.closed) return;
    const client = new Client({ connectionString: this.connectionString });
    this.client = client;
    const dropped = () => {
      if (this.client !== client) return;
      this.client = null;
      void client.end().catch(() => undefined);
      // Events committed while it was down are found by the followers' polling meanwhile.
      this.appended.emit('append');
      if (!this.closed) this.retry = setTimeout(() => this.start(), this.retryMs).unref();
    };
    client.on('notification', ({ payload }) => {
      this.appended.emit('append');
      for (const [streamId, revision] of readAppendedPayload(payload ?? '', this.sender))
        this.elsewhere.emit('appended', streamId, revision);
    });
    client.on('error', dropped);
    client.on('end', dropped);
    this.schema()
      .then(async () => {
        // Closed while the schema was awaited: this connection is never opened.
        if (this.client !== client) return;
        await client.connect();
        await client.query(`LISTEN ${LOG_CHANNEL}; ${REGISTER(client.escapeLiteral(this.sender))}`);
        this.listedOn = client;
        // Whatever was committed between the follower's last read and the listing is looked for now.
        this.appended.emit('append');
      })
      .catch(dropped);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    // The others need not notify it any more (a store that crashed is forgotten when the next one
    // lists itself). Only on a connection that listed it: a query on one never opened would wait for ever.
    if (client && client === this.listedOn)
      await client.query('DELETE FROM log_listeners WHERE store = $1', [this.sender]).catch(() => undefined);
    await client?.end().catch(() => undefined);
    this.appended.emit('append');
  }
}

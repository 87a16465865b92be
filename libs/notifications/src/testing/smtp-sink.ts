import { ParsedMail, simpleParser } from 'mailparser';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export type SinkBehaviour = 'accept' | 'refuse' | 'hang' | 'drop';

/** A real SMTP server on loopback for tests: keeps what it accepted, or refuses, hangs or drops as told. */
export class SmtpSink {
  readonly received: ParsedMail[] = [];
  behaviour: SinkBehaviour = 'accept';
  /** Messages accepted, parsed or not. */
  accepted = 0;
  private readonly server: SMTPServer;
  private parsing: Promise<unknown>[] = [];

  /** `parse: false` only counts what it accepts (a sink for benchmarks). */
  constructor(private readonly parse = true) {
    this.server = new SMTPServer({
      authOptional: true,
      disableReverseLookup: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, _session, callback) => {
        const behaviour = this.behaviour;
        if (behaviour === 'drop') {
          stream.resume();
          // Cuts every open connection mid-transaction, as a crashed or rebooted server would.
          this.server.connections.forEach((c) => (c as unknown as { _socket: { destroy(): void } })._socket.destroy());
          return;
        }
        if (behaviour === 'hang') {
          stream.resume();
          return; // never answers
        }
        if (behaviour === 'refuse') {
          stream.resume();
          stream.on('end', () => callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 })));
          return;
        }
        if (!this.parse) {
          stream.resume();
          stream.on('end', () => {
            this.accepted += 1;
            callback();
          });
          return;
        }
        const parsed = simpleParser(stream).then((mail) => {
          this.accepted += 1;
          this.received.push(mail);
        });
        this.parsing.push(parsed);
        void parsed.then(() => callback(), callback);
      },
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  async settled(): Promise<ParsedMail[]> {
    await Promise.all(this.parsing);
    return this.received;
  }

  stop(): Promise<void> {
    this.server.connections.forEach((c) => (c as unknown as { _socket: { destroy(): void } })._socket.destroy());
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

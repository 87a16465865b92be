import { createTransport, Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';

export interface OutgoingMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Derived from the notification's id: a resend after a crash carries the same one. */
  messageId: string;
  /** Further header fields, e.g. a follower's List-Unsubscribe (RFC 8058). */
  headers?: Record<string, string>;
}

/** Email out. `send` resolves only once the server has accepted the message for every recipient. */
export interface MailSender {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export interface SmtpOptions {
  url: string;
  from: string;
  /** Milliseconds before a silent server counts as failed (connect, greeting, each reply). */
  timeoutMs?: number;
}

export class SmtpMailSender implements MailSender {
  private readonly transport: Transporter;
  private readonly timeoutMs: number;

  constructor(private readonly options: SmtpOptions) {
    const timeout = (this.timeoutMs = options.timeoutMs ?? 30_000);
    // Pooled: a tick's messages reuse a few open connections instead of one handshake each.
    this.transport = createTransport({
      url: options.url,
      pool: true,
      maxConnections: 5,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    } as SMTPPool.Options);
  }

  async send(mail: OutgoingMail): Promise<void> {
    // Socket inactivity timers do not cover a server that stops answering after the data: bound the whole exchange.
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(Object.assign(new Error(`the SMTP server did not answer within ${this.timeoutMs} ms`), { code: 'ETIMEDOUT' })),
        this.timeoutMs * 2,
      );
    });
    try {
      await Promise.race([this.deliver(mail), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async deliver(mail: OutgoingMail): Promise<void> {
    const info = (await this.transport.sendMail({
      from: this.options.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
      headers: mail.headers,
    })) as { rejected?: unknown[] };
    if (info.rejected && info.rejected.length > 0)
      throw Object.assign(new Error(`the SMTP server refused ${info.rejected.map(String).join(', ')}`), { code: 'EENVELOPE' });
  }

  close(): void {
    this.transport.close();
  }
}

export type DeliveryFailure = 'refused' | 'timeout' | 'connection' | 'error';

/** Why a delivery failed, in a few stable words (a metric label): nodemailer's codes and the server's reply. */
export function deliveryFailure(error: unknown): DeliveryFailure {
  const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
  if (typeof responseCode === 'number' && responseCode >= 400) return 'refused';
  if (code === 'EENVELOPE' || code === 'EMESSAGE') return 'refused';
  if (code === 'ETIMEDOUT') return 'timeout';
  if (code === 'ECONNECTION' || code === 'ESOCKET' || code === 'ECONNRESET' || code === 'ECONNREFUSED') return 'connection';
  // nodemailer's pool reports a connection lost mid-delivery without a code ("Connection closed",
  // "Unexpected socket close", "... after connection was closed"): the cut is the cause, whatever the timing.
  if (code === undefined && error instanceof Error && /connection (was )?closed|socket close/i.test(error.message)) return 'connection';
  return 'error';
}

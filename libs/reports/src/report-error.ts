/** A request for a report that cannot be answered; `code` is stable, `status` the HTTP status. */
export class ReportError extends Error {
  constructor(
    readonly code: string,
    readonly status: 400 | 404 | 409 | 503,
    message: string,
  ) {
    super(message);
    this.name = 'ReportError';
  }
}

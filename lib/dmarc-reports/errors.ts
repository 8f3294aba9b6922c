/** A report that cannot be read; the message says why in words a person can act on. */
export class ReportReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReportReadError";
  }
}

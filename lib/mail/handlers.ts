/**
 * Mail to fixed local parts of MXRAY_MAIL_DOMAIN handled by other parts of mxray: e.g. DMARC aggregate
 * reports at dmarc@ (and dmarc+<token>@). A feature registers its handler once at start-up; the SMTP server
 * accepts RCPT TO for registered local parts and hands each accepted message over after its 250.
 *
 *   registerMailHandler("dmarc", async (m) => { ...parse m.raw... });
 */
import type { Envelope } from "./message/types";

export interface HandledMessage {
  /** The recipient's local part as given, lower-cased ("dmarc" or "dmarc+token"). */
  localPart: string;
  address: string;
  raw: Buffer;
  envelope: Envelope;
  /** smtp_messages.id of the stored copy. */
  messageId: string;
}

export type MailHandler = (m: HandledMessage) => Promise<void>;

const globalForHandlers = globalThis as typeof globalThis & {
  __mxrayMailHandlers?: Map<string, MailHandler>;
};
// On globalThis: Next may load this module in more than one bundle, and the server must see every handler.
const handlers: Map<string, MailHandler> = (globalForHandlers.__mxrayMailHandlers ??= new Map());

/** Registers the handler of `localPart` (and its `localPart+<anything>` sub-addresses, RFC 5233). */
export function registerMailHandler(localPart: string, handler: MailHandler): () => void {
  const key = localPart.toLowerCase();
  if (!/^[a-z0-9._-]+$/.test(key)) throw new Error(`invalid local part for a mail handler: ${localPart}`);
  handlers.set(key, handler);
  return () => {
    if (handlers.get(key) === handler) handlers.delete(key);
  };
}

/** The handler for a recipient's local part: exact, or the part before "+". */
export function handlerFor(localPart: string): MailHandler | undefined {
  const lp = localPart.toLowerCase();
  return handlers.get(lp) ?? handlers.get(lp.split("+")[0] ?? lp);
}

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

interface MailHandlerOptions {
  /**
   * Asked at RCPT TO for each recipient's local part ("dmarc+<token>"): false refuses it there with
   * 550 5.1.1, like any address this server did not issue. Without it, every sub-address is accepted.
   */
  accepts?: (localPart: string) => Promise<boolean>;
}

interface Registered {
  handler: MailHandler;
  accepts?: MailHandlerOptions["accepts"];
}

const globalForHandlers = globalThis as typeof globalThis & {
  __mxrayMailHandlers?: Map<string, Registered>;
};
// On globalThis: Next may load this module in more than one bundle, and the server must see every handler.
const handlers: Map<string, Registered> = (globalForHandlers.__mxrayMailHandlers ??= new Map());

/** Registers the handler of `localPart` (and its `localPart+<anything>` sub-addresses, RFC 5233). */
export function registerMailHandler(
  localPart: string,
  handler: MailHandler,
  opts: MailHandlerOptions = {},
): () => void {
  const key = localPart.toLowerCase();
  if (!/^[a-z0-9._-]+$/.test(key)) throw new Error(`invalid local part for a mail handler: ${localPart}`);
  const entry: Registered = { handler, ...(opts.accepts ? { accepts: opts.accepts } : {}) };
  handlers.set(key, entry);
  return () => {
    if (handlers.get(key) === entry) handlers.delete(key);
  };
}

function entryFor(localPart: string): Registered | undefined {
  const lp = localPart.toLowerCase();
  return handlers.get(lp) ?? handlers.get(lp.split("+")[0] ?? lp);
}

/** The handler for a recipient's local part: exact, or the part before "+". */
export function handlerFor(localPart: string): MailHandler | undefined {
  return entryFor(localPart)?.handler;
}

/** Whether the handler of this local part takes it (see MailHandlerOptions.accepts); false without one. */
export async function handlerAccepts(localPart: string): Promise<boolean> {
  const entry = entryFor(localPart);
  if (!entry) return false;
  return entry.accepts ? entry.accepts(localPart.toLowerCase()) : true;
}

import { cleanHost, normalizeAddress } from "./addr";
import { MAX_RECIPIENTS } from "./limits";
import { parseHeaders } from "./mime";

/** One per-recipient block of an RFC 3464 delivery-status report, with the per-message fields it inherits. */
export interface DsnRecord {
  recipient: string | null;
  originalRecipient: string | null;
  action: string | null;
  status: string | null;
  diagnostic: string | null;
  remoteMta: string | null;
  reportingMta: string | null;
  /** Postfix writes the envelope sender as a per-message extension field (X-Postfix-Sender). */
  sender: string | null;
  /** PowerMTA's own classification of the failure (X-PowerMTA-BounceCategory), lower-cased. */
  category: string | null;
}

const FIELD_LINE_RE =
  /^(?:Reporting-MTA|Final-Recipient|Original-Recipient|Action|Status|Diagnostic-Code|Remote-MTA|Last-Attempt-Date|Arrival-Date|Received-From-MTA|X-Postfix-Queue-ID|X-Postfix-Sender|Will-Retry-Until|DSN-Gateway)\s*:/im;

/** True when a text holds RFC 3464 fields (a pasted delivery-status part, or a DSN body inline). */
export function hasDsnFields(text: string): boolean {
  const head = text.slice(0, 64 * 1024);
  return (
    /^(?:Final-Recipient|Original-Recipient)\s*:/im.test(head) ||
    (/^Action\s*:\s*(?:failed|delayed|delivered|relayed|expanded)/im.test(head) &&
      /^Status\s*:/im.test(head)) ||
    /^Diagnostic-Code\s*:/im.test(head)
  );
}

/**
 * RFC 3464 §2.1: the per-message fields, an empty line, then one block of per-recipient fields per
 * recipient, blocks separated by empty lines. Real reports bend this (no empty line after the per-message
 * block, indented fields, stray text), so a block is a recipient block when it names a recipient or an
 * action/status, and per-message fields are taken from wherever they appear.
 */
export function parseDeliveryStatus(body: string): DsnRecord[] {
  const lines = body.split("\n");
  const blocks: string[][] = [];
  let cur: string[] = [];
  for (const l of lines) {
    if (l.trim() === "") {
      if (cur.length) blocks.push(cur);
      cur = [];
      if (blocks.length > MAX_RECIPIENTS + 10) break;
      continue;
    }
    cur.push(cur.length === 0 ? l.trimStart() : l);
  }
  if (cur.length) blocks.push(cur);

  let reportingMta: string | null = null;
  let sender: string | null = null;
  const out: DsnRecord[] = [];
  for (const b of blocks) {
    // A field block may start with a stray non-field line; keep only lines from the first field on.
    const start = b.findIndex((l) => FIELD_LINE_RE.test(l) || /^[A-Za-z][\w-]*:/.test(l));
    if (start < 0) continue;
    const headers = parseHeaders(b.slice(start).join("\n"));
    const get = (n: string) => headers.find((h) => h.name === n)?.value ?? null;
    reportingMta = cleanHost(get("reporting-mta")) ?? reportingMta;
    sender = normalizeAddress(get("x-postfix-sender")) ?? sender;
    const finalR = get("final-recipient");
    const origR = get("original-recipient");
    const action = get("action");
    const status = get("status");
    const diag = get("diagnostic-code");
    if (!finalR && !origR && !action && !status && !diag) continue;
    // Several recipients in one block (a broken report): a repeated field starts a new record.
    out.push({
      recipient: normalizeAddress(finalR) ?? normalizeAddress(origR),
      originalRecipient: normalizeAddress(origR),
      action: action?.trim().toLowerCase().split(/[\s(]/)[0] || null,
      status: /([245]\.\d{1,3}\.\d{1,3})/.exec(status ?? "")?.[1] ?? null,
      diagnostic: diag,
      remoteMta: cleanHost(get("remote-mta")),
      reportingMta: null,
      sender: null,
      category: get("x-powermta-bouncecategory")?.trim().toLowerCase().slice(0, 60) || null,
    });
    if (out.length >= MAX_RECIPIENTS) break;
  }
  for (const r of out) {
    r.reportingMta = reportingMta;
    r.sender = sender;
  }
  return out;
}

import { cleanHost, normalizeAddress } from "./addr";
import { MAX_RECIPIENTS } from "./limits";
import { parseHeaders, type Header } from "./mime";

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

// The fields hasDsnFields looks for, in one pass: a text without any of them (most notices) is read once.
const DSN_FIELD_RE =
  /^(?:(?:Final-Recipient|Original-Recipient)\s*:|Diagnostic-Code\s*:|Action\s*:\s*(?:failed|delayed|delivered|relayed|expanded))/im;
const RECIPIENT_OR_DIAGNOSTIC_RE = /^(?:Final-Recipient|Original-Recipient|Diagnostic-Code)\s*:/im;

/** True when a text holds RFC 3464 fields (a pasted delivery-status part, or a DSN body inline). */
export function hasDsnFields(text: string): boolean {
  const head = text.slice(0, 64 * 1024);
  // A recipient field, a Diagnostic-Code, or an Action with a Status (RFC 3464 §2.3).
  const m = DSN_FIELD_RE.exec(head);
  if (!m) return false;
  if (m[0][0] !== "A" && m[0][0] !== "a") return true;
  // The first field found is an Action: a Status anywhere, or a recipient or diagnostic after it.
  return /^Status\s*:/im.test(head) || RECIPIENT_OR_DIAGNOSTIC_RE.test(head.slice(m.index));
}

/** The fields parseDeliveryStatus reads. */
const DSN_FIELDS: ReadonlySet<string> = new Set([
  "reporting-mta",
  "x-postfix-sender",
  "final-recipient",
  "original-recipient",
  "action",
  "status",
  "diagnostic-code",
  "remote-mta",
  "x-powermta-bouncecategory",
]);

function fieldOf(headers: Header[], name: string): string | null {
  for (const h of headers) if (h.name === name) return h.value;
  return null;
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
    const headers = parseHeaders(b.slice(start).join("\n"), DSN_FIELDS);
    reportingMta = cleanHost(fieldOf(headers, "reporting-mta")) ?? reportingMta;
    sender = normalizeAddress(fieldOf(headers, "x-postfix-sender")) ?? sender;
    const finalR = fieldOf(headers, "final-recipient");
    const origR = fieldOf(headers, "original-recipient");
    const action = fieldOf(headers, "action");
    const status = fieldOf(headers, "status");
    const diag = fieldOf(headers, "diagnostic-code");
    if (!finalR && !origR && !action && !status && !diag) continue;
    // Several recipients in one block (a broken report): a repeated field starts a new record.
    const original = normalizeAddress(origR);
    out.push({
      recipient: normalizeAddress(finalR) ?? original,
      originalRecipient: original,
      action: action?.trim().toLowerCase().split(/[\s(]/)[0] || null,
      status: /([245]\.\d{1,3}\.\d{1,3})/.exec(status ?? "")?.[1] ?? null,
      diagnostic: diag,
      remoteMta: cleanHost(fieldOf(headers, "remote-mta")),
      reportingMta: null,
      sender: null,
      category: fieldOf(headers, "x-powermta-bouncecategory")?.trim().toLowerCase().slice(0, 60) || null,
    });
    if (out.length >= MAX_RECIPIENTS) break;
  }
  for (const r of out) {
    r.reportingMta = reportingMta;
    r.sender = sender;
  }
  return out;
}

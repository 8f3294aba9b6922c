import { cleanHost, normalizeAddress } from "./addr";
import { MAX_RECIPIENTS } from "./limits";
import { headerValue, parseHeaders, trimmedFrom } from "./mime";

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

/**
 * RFC 3464 §2.1: the per-message fields, an empty line, then one block of per-recipient fields per
 * recipient, blocks separated by empty lines. Real reports bend this (no empty line after the per-message
 * block, indented fields, stray text), so a block is a recipient block when it names a recipient or an
 * action/status, and per-message fields are taken from wherever they appear.
 */
export function parseDeliveryStatus(body: string): DsnRecord[] {
  const state: DsnState = { reportingMta: null, sender: null, out: [] };
  // Blocks are read as index ranges of the body, not split into lines and joined back: a block's fields
  // run from its first field line to the end of its last non-blank line, the text its lines join to.
  let blocks = 0;
  let blockLines = 0;
  let fieldStart = -1;
  let blockEnd = 0;
  const end = body.length;
  for (let pos = 0; pos <= end; pos++) {
    let nl = body.indexOf("\n", pos);
    if (nl < 0) nl = end;
    if (isBlank(body, pos, nl)) {
      if (blockLines > 0) {
        if (fieldStart >= 0 && readBlock(body.slice(fieldStart, blockEnd), state)) return finish(state);
        blocks++;
      }
      blockLines = 0;
      fieldStart = -1;
      if (blocks > MAX_RECIPIENTS + 10) return finish(state);
    } else {
      if (fieldStart < 0) {
        // The block's first line is read without its leading white space.
        const from = blockLines === 0 ? trimmedFrom(body, pos, nl) : pos;
        const l = body.slice(from, nl);
        // A field block may start with a stray non-field line; keep only lines from the first field on.
        if (FIELD_LINE_RE.test(l) || /^[A-Za-z][\w-]*:/.test(l)) fieldStart = from;
      }
      blockLines++;
      blockEnd = nl;
    }
    pos = nl;
  }
  if (fieldStart >= 0) readBlock(body.slice(fieldStart, blockEnd), state);
  return finish(state);
}

interface DsnState {
  reportingMta: string | null;
  sender: string | null;
  out: DsnRecord[];
}

/** True when s[from, to) is empty or white space only: the line's trim() is "". */
function isBlank(s: string, from: number, to: number): boolean {
  return trimmedFrom(s, from, to) === to;
}

/** Reads one block's fields into `st`; true once MAX_RECIPIENTS records are out. */
function readBlock(text: string, st: DsnState): boolean {
  const headers = parseHeaders(text, DSN_FIELDS);
  st.reportingMta = cleanHost(headerValue(headers, "reporting-mta")) ?? st.reportingMta;
  st.sender = normalizeAddress(headerValue(headers, "x-postfix-sender")) ?? st.sender;
  const finalR = headerValue(headers, "final-recipient");
  const origR = headerValue(headers, "original-recipient");
  const action = headerValue(headers, "action");
  const status = headerValue(headers, "status");
  const diag = headerValue(headers, "diagnostic-code");
  if (!finalR && !origR && !action && !status && !diag) return false;
  const original = normalizeAddress(origR);
  st.out.push({
    // Most reports give both fields the same address: normalized once.
    recipient: (finalR === origR ? original : normalizeAddress(finalR)) ?? original,
    originalRecipient: original,
    action: action === null ? null : actionWord(action),
    status: /([245]\.\d{1,3}\.\d{1,3})/.exec(status ?? "")?.[1] ?? null,
    diagnostic: diag,
    remoteMta: cleanHost(headerValue(headers, "remote-mta")),
    reportingMta: null,
    sender: null,
    category: headerValue(headers, "x-powermta-bouncecategory")?.trim().toLowerCase().slice(0, 60) || null,
  });
  return st.out.length >= MAX_RECIPIENTS;
}

/** The action's first word, lower-case (RFC 3464 §2.3.3: "failed", "delayed"...; a comment may follow), or null. */
function actionWord(action: string): string | null {
  const a = action.trim().toLowerCase();
  const end = a.search(/[\s(]/);
  return (end < 0 ? a : a.slice(0, end)) || null;
}

/** The per-message fields apply to every record, wherever in the report they appeared. */
function finish(st: DsnState): DsnRecord[] {
  for (const r of st.out) {
    r.reportingMta = st.reportingMta;
    r.sender = st.sender;
  }
  return st.out;
}

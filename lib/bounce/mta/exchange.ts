import { cleanHost, firstAddress, normalizeAddress } from "@/lib/bounce/parse/addr";
import { MAX_RECIPIENTS } from "@/lib/bounce/parse/limits";
import { stageFromPhrase } from "@/lib/bounce/parse/reply";
import { gatedTest, Words, type Gated, type LowerText, type TextFormat, type TextRecord } from "./text";

/*
 * Microsoft Exchange and Microsoft 365 non-delivery reports ("Non-delivery reports in Exchange Online",
 * Microsoft Learn): "Delivery has failed to these recipients or groups:" with the recipients, then
 * "Diagnostic information for administrators:" with "Generating server", each recipient's
 * "#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##" line and "Remote Server returned '...'"; the
 * same layout whatever language the prose is in. Exchange 2003 writes "Reported error:".
 */
const FAILED_LIST_RE = /Delivery has failed to these recipients or groups/i;
/** Receiving server, in the English, German, French and Spanish NDR templates. */
const RECEIVING_SERVER_RE =
  /^(?:Receiving server|Empfangender Server|Serveur de r\u00e9ception|Servidor de recepci\u00f3n):\s*(\S+)/i;
const ADDRESS_LINE_RE = /^<?([^\s<>()]+@[^\s<>()]+?)>?(?:\s*\(.*\))?$/;
const RETURNED_QUOTED_RE = /Remote Server returned\s*'(.*)'\s*$/i;
const RETURNED_RE = /Remote Server returned\s*'(.*)$/i;
const HASH_LINE_RE = /#([245][0-5]\d[ -][245]\.\d{1,3}\.\d{1,3}[^#]{0,500})##/;
const REPORTED_ERROR_RE = /^Reported error:\s*(.+)$/i;

/** Exchange / Microsoft 365 NDRs: `Remote Server returned '550 5.1.10 RESOLVER...'` per recipient. */
function exchangeRecords(text: string, ls: string[], lower: LowerText): TextRecord[] {
  const out: TextRecord[] = [];
  // The line regexes below look for phrases the whole text may not hold at all: each runs only where
  // it can match (every line is a substring of the text).
  const hasFailedList = lower.has("delivery has failed to these recipients or groups");
  const hasReturned = lower.has("remote server returned");
  const hasHash = text.includes("##");
  const hasReported = lower.has("reported error:");
  let receiving: string | null = null;
  let lastAddr: { a: string; at: number } | null = null;
  let failedListAddr: string | null = null;
  let inFailedList = false;
  // Microsoft 365's newer notices open with "Your message to a@b couldn't be delivered."
  let yourMessageTo: string | null = null;
  const hasYourMessageTo = lower.has("your message to ");
  for (let i = 0; i < ls.length && i < 200 && !yourMessageTo && hasYourMessageTo; i++) {
    const m = /Your message to (\S+@[^\s,]+?) couldn['’]t be delivered/i.exec(ls[i]!);
    if (m) yourMessageTo = normalizeAddress(m[1]);
  }
  // Read once: through a CommonJS transform every use of an imported binding is a getter call.
  const maxRecipients = MAX_RECIPIENTS;
  for (let i = 0; i < ls.length && out.length < maxRecipients; i++) {
    const l = ls[i]!.trim();
    if (hasFailedList && FAILED_LIST_RE.test(l)) inFailedList = true;
    const rs = RECEIVING_SERVER_RE.exec(l);
    if (rs) receiving = cleanHost(rs[1]);
    const am = l.includes("@") ? ADDRESS_LINE_RE.exec(l) : null;
    if (am) {
      const a = normalizeAddress(am[1]);
      if (a) {
        lastAddr = { a, at: i };
        if (inFailedList && !failedListAddr) failedListAddr = a;
      }
    }
    const m = hasReturned ? (RETURNED_QUOTED_RE.exec(l) ?? RETURNED_RE.exec(l)) : null;
    const hash = m || !hasHash ? null : HASH_LINE_RE.exec(l);
    const rep = hasReported ? REPORTED_ERROR_RE.exec(l) : null;
    const words = m?.[1] ?? hash?.[1] ?? rep?.[1];
    if (words === undefined) continue;
    const near = lastAddr && i - lastAddr.at <= 6 ? lastAddr.a : null;
    const recipient = near ?? failedListAddr ?? yourMessageTo ?? firstAddress(words);
    if (out.some((r) => r.recipient === recipient && r.raw === words)) continue;
    out.push({ recipient, raw: words, remoteMta: null, stage: stageFromPhrase(words), source: "exchange" });
  }
  for (const r of out) r.remoteMta = receiving;
  return out;
}

export const EXCHANGE_MARKERS: Gated = {
  words: Words.of(
    "remote server returned '",
    "delivery has failed to these recipients",
    "diagnostic information for administrators",
    "reported error:",
  ),
  re: /Remote Server returned '|Delivery has failed to these recipients|Diagnostic information for administrators|^[ \t]*Reported error:/im,
};
/** Localized Exchange NDRs keep the "#550 5.1.1 RESOLVER... ##" line whatever the language around it. */
export const EXCHANGE_HASH_LINE: Gated = {
  words: Words.of("##"),
  re: /^[ \t]*#[245][0-5]\d[ -][245]\.\d{1,3}\.\d{1,3}[^#\n]{0,500}##/m,
};

export const EXCHANGE: TextFormat = {
  id: "exchange",
  name: "Microsoft Exchange",
  format: "Exchange NDR: Diagnostic information for administrators, #550 5.1.1 ... ## lines",
  gate: (text, lower) =>
    gatedTest(EXCHANGE_MARKERS, text, lower) || gatedTest(EXCHANGE_HASH_LINE, text, lower),
  records: exchangeRecords,
};

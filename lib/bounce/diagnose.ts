/**
 * Diagnose any bounce input: parse it (reply line, transcript, RFC 3464 DSN, MTA plain text) and classify
 * each recipient. For a multi-recipient bounce the top level describes the first recipient that failed
 * (else the first one) and `recipients` lists every recipient's own diagnosis.
 */
import type { Diagnosis } from "@/lib/bounce/types";
import { parseBounce } from "@/lib/bounce/parse";
import { emptyParsed } from "@/lib/bounce/parse/transcript";
import { classify, classifyAll } from "@/lib/bounce/classify";

function failed(d: Diagnosis): boolean {
  return d.reason !== "delivered" && d.reason !== "vacation" && d.reason !== "feedback";
}

export function diagnose(text: string): Diagnosis {
  const parsed = parseBounce(text);
  const all = classifyAll(parsed);
  const top = all.find((d) => failed(d) && d.permanent === true) ?? all.find(failed) ?? all[0];
  if (!top) {
    // parseBounce always returns at least one entry; keep a well-formed answer regardless.
    return classify(emptyParsed(text));
  }
  return all.length > 1 ? { ...top, recipients: all } : top;
}

/**
 * The DMARC DNS tree walk (RFC 9989 §4.10), which replaces the public suffix list for finding both the
 * policy record (§4.10.1) and the organizational domain (§4.10.2). Pure: it takes the answers and decides.
 *
 * Targets: the domain itself; then, when it has eight labels or more, the domain cut down to seven labels;
 * then one label less each time down to the single-label top, at most eight queries in all.
 */
import type { DnsAnswer } from "@/lib/dns/types";
import { isDnsFailure } from "@/lib/dns/types";
import { isDmarcRecord, parseDmarc, type DmarcRecord } from "./parse";

/** RFC 9989 §4.10: never more than this many DMARC queries for one walk. */
export const TREE_WALK_MAX_QUERIES = 8;

/** The names the walk asks about (`_dmarc.` + each), in order. */
export function walkTargets(domain: string): string[] {
  const labels = domain.split(".").filter(Boolean);
  const out = [labels.join(".")];
  // §4.10 step 3: eight labels or more → jump to the last seven; otherwise drop the leftmost label.
  let n = labels.length >= 8 ? 7 : labels.length - 1;
  for (; n >= 1 && out.length < TREE_WALK_MAX_QUERIES; n--)
    out.push(labels.slice(labels.length - n).join("."));
  return out;
}

export interface WalkStep {
  /** The domain asked about; the query name is `_dmarc.<domain>`. */
  domain: string;
  status: DnsAnswer["status"];
  /** v=DMARC1 records found there. */
  records: string[];
  /** What the walk made of this step. */
  note:
    "policy" | "no_record" | "multiple_discarded" | "psd_y" | "psd_n" | "record" | "not_needed" | "dns_error";
}

export interface TreeWalk {
  steps: WalkStep[];
  /** Where the policy record was found (§4.10.1): the first single valid record in the walk. */
  policy?: { domain: string; record: DmarcRecord; step: number };
  /** Several records at the author domain itself: discovery ends with none (§4.10 step 2). */
  multipleAtDomain: boolean;
  /** §4.10.2. */
  orgDomain: string;
  /** The step whose answer we could not get before the walk could decide (SERVFAIL, timeout). */
  failed?: DnsAnswer<"TXT">;
}

/**
 * Decides the walk from the answers for `walkTargets(domain)` (in the same order; missing trailing
 * answers mean "not asked").
 */
export function evaluateWalk(domain: string, answers: DnsAnswer<"TXT">[]): TreeWalk {
  const targets = walkTargets(domain);
  const steps: WalkStep[] = [];
  let policy: TreeWalk["policy"];
  let orgDomain: string | undefined;
  let fewest: string | undefined;
  let failed: DnsAnswer<"TXT"> | undefined;
  let multipleAtDomain = false;
  let done = false;
  targets.forEach((target, i) => {
    const a = answers[i];
    if (!a) return;
    const records = a.status === "ok" ? a.answers.filter(isDmarcRecord) : [];
    const step: WalkStep = { domain: target, status: a.status, records, note: "no_record" };
    steps.push(step);
    if (done) {
      step.note = "not_needed";
      return;
    }
    if (isDnsFailure(a.status)) {
      step.note = "dns_error";
      // Above the domain, REFUSED means the server asked holds no zone for that parent (an authoritative
      // server answering only its own zones): there is no record we could see, so the walk goes on. A
      // SERVFAIL or timeout may hide a record, so it ends the walk undecided.
      if (i > 0 && a.status === "refused") return;
      failed = a;
      done = true;
      return;
    }
    if (records.length > 1) {
      step.note = "multiple_discarded";
      if (i === 0) {
        // The author domain's own record set is broken: no policy, and the walk for a policy stops.
        multipleAtDomain = true;
      }
      return;
    }
    if (records.length === 0) return;
    const record = parseDmarc(records[0]!);
    step.note = "record";
    if (!policy && !multipleAtDomain) {
      policy = { domain: target, record, step: i };
      step.note = "policy";
    }
    if (record.psd === "n") {
      // §4.10.2: psd=n marks the organizational domain itself.
      orgDomain = target;
      if (step.note !== "policy") step.note = "psd_n";
      done = true;
      return;
    }
    if (record.psd === "y") {
      // §4.10.2: a public suffix operator's record: the organizational domain is one label below it
      // (the previous target), or the domain itself when the walk started at the PSD.
      orgDomain = i === 0 ? target : (targets[i - 1] ?? domain);
      if (step.note !== "policy") step.note = "psd_y";
      done = true;
      return;
    }
    // No psd tag: the organizational domain is the one with the fewest labels holding a record.
    fewest = target;
  });
  return {
    steps,
    ...(policy ? { policy } : {}),
    multipleAtDomain,
    orgDomain: orgDomain ?? fewest ?? domain,
    ...(failed ? { failed } : {}),
  };
}

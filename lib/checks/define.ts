import type { CodesOf, FindingCatalogue } from "@/lib/findings/types";
import type { Category, Profile } from "@/lib/scoring/weights";
import type { Check, Severity } from "./types";

/**
 * Which reports run a check, and on what. A report kind the descriptor leaves out never runs it.
 * - `domain`: "always" on a domain report, or "with_ip" only when a sending IP is given too (such checks
 *   run after the domain's own, in registry order);
 * - `ip`: on an IP report;
 * - `bounce`: when the bounce's diagnosis links the check, on what the bounce names: the sender's domain
 *   (with the sending IP, when known), the recipient's domain, the sending IP, or the sending IP else the
 *   sender's domain;
 * - `message`: on a message report, on the IP the message came from.
 */
export interface AppliesTo {
  domain?: "always" | "with_ip";
  ip?: true;
  message?: true;
  bounce?: "sender_domain" | "recipient_domain" | "sending_ip" | "sending_ip_or_sender_domain";
}

/** How a check's findings turn into points (see lib/scoring/weights.ts for what the numbers mean). */
export interface CheckScoring<Code extends string> {
  /** The most this check can cost a report. */
  cap: number;
  /** Codes whose cost differs from their severity's, per profile (an empty object: none). */
  points: { [P in Profile]: Partial<Record<Code, number>> };
  /**
   * Codes scoring reads from the check's evidence without the check listing them as findings: a profile
   * may weigh what is no problem in itself (the strict profile and SPF's "~all"). Runs on saved reports
   * too (live rescoring), so it checks the shape of what it reads.
   */
  observe?: (records: readonly unknown[]) => ObservedFinding<Code>[];
}

/** A code scoring derives from evidence (see CheckScoring.observe). */
export interface ObservedFinding<Code extends string> {
  code: Code;
  severity: Severity;
  params: Record<string, unknown>;
}

/**
 * Everything about one check, in one place. The registry (lib/checks/registry.ts) lists descriptors;
 * the report runner, scoring, the finding docs, labels, the CLI and the e2e list derive from it. The
 * component drawing a check's evidence lives on the components/ side (components/report/evidence-views.tsx),
 * whose map the compiler forces to have an entry per registered check.
 *
 * Every field is required (a test compiles descriptors missing each one and expects an error).
 */
export interface CheckDescriptor<N extends string, C extends FindingCatalogue, R> {
  /** The report key ("spf", "mta_sts"): finding codes of this check start with it and a dot. */
  name: N;
  /** Short name for people ("SPF", "Reverse DNS"). */
  label: string;
  /** One sentence on what it looks at, citing the RFC. */
  about: string;
  category: Category;
  appliesTo: AppliesTo;
  /**
   * Needs an outbound connection (port 25 to each MX host): when it cannot be determined it is left out of
   * the score instead of making the report incomplete.
   */
  connection: boolean;
  /** The check itself; `R` is the type of its evidence records (`Evidence[N]`). */
  run: Check<NoInfer<N>, R>;
  /** Words and fixes for every code it emits. */
  findings: C;
  scoring: CheckScoring<CodesOf<C>>;
}

/** Identity at run time; at compile time it checks the descriptor and keeps its literal types. */
export function defineCheck<const N extends string, C extends FindingCatalogue, R>(
  descriptor: CheckDescriptor<N, C, R>,
): CheckDescriptor<N, C, R> {
  return descriptor;
}

/** Any registered check's descriptor. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the registry holds descriptors of every shape
export type AnyCheckDescriptor = CheckDescriptor<string, FindingCatalogue, any>;

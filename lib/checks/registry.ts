import type { CodesOf } from "@/lib/findings/types";
import type { AnyCheckDescriptor } from "./define";
import { bimi } from "./bimi/check";
import { dane } from "./dane/check";
import { dkim } from "./dkim/check";
import { dmarc } from "./dmarc/check";
import { dnsbl } from "./dnsbl/check";
import { dnssec } from "./dnssec/check";
import { mtaSts } from "./mta-sts/check";
import { mx } from "./mx/check";
import { ptr } from "./ptr/check";
import { smtpTls } from "./smtp-tls/check";
import { spf } from "./spf/check";
import { tlsRpt } from "./tls-rpt/check";
import type { Check } from "./types";

/**
 * Every check, one descriptor each (lib/checks/define.ts). Adding a check is a folder with its
 * descriptor plus one line here (and its evidence view in components/report/evidence-views.tsx, which
 * the compiler asks for: lib/ does not import components/, so the view is attached on that side).
 *
 * Derived from this list: the check names and their order (a domain report lists its checks in this
 * order, "with_ip" checks last), the report runner's plans (lib/report/run.ts), categories, caps and
 * per-code weights (lib/scoring/weights.ts), the finding catalogues and docs/findings.md
 * (lib/findings), the labels of the page and the CLI (./labels.ts) and the e2e list.
 */
const DESCRIPTORS = [
  mx,
  spf,
  dkim,
  dmarc,
  mtaSts,
  tlsRpt,
  bimi,
  dnssec,
  ptr,
  dnsbl,
  smtpTls,
  dane,
] as const satisfies readonly AnyCheckDescriptor[];

type Descriptor = (typeof DESCRIPTORS)[number];

export type CheckName = Descriptor["name"];

/** The descriptor registered under `N`. */
export type DescriptorOf<N extends CheckName> = Extract<Descriptor, { name: N }>;

/** Each check's evidence records, as its run function types them. */
export type Evidence = {
  [N in CheckName]: DescriptorOf<N>["run"] extends Check<N, infer R> ? R[] : never;
};

/** The finding codes each check's catalogue documents. */
export type CheckFindingCode = { [N in CheckName]: CodesOf<DescriptorOf<N>["findings"]> }[CheckName];

/** Every check's report key, in registry order. */
export const CHECK_NAMES: readonly CheckName[] = DESCRIPTORS.map((d) => d.name);

/** Every check's descriptor by its report key. */
export const REGISTRY: { readonly [N in CheckName]: DescriptorOf<N> } = Object.fromEntries(
  DESCRIPTORS.map((d) => [d.name, d]),
) as { [N in CheckName]: DescriptorOf<N> };

/** Every check's run function by its report key (typed evidence: `REGISTRY[name].run`). */
export const CHECKS: Readonly<Record<CheckName, Check<CheckName>>> = Object.fromEntries(
  DESCRIPTORS.map((d) => [d.name, d.run]),
) as Record<CheckName, Check<CheckName>>;

/** Whether a string names a registered check (bounce diagnoses and stored reports carry plain strings). */
export function isCheckName(name: string): name is CheckName {
  return Object.hasOwn(REGISTRY, name);
}

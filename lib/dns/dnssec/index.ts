/**
 * Our own DNSSEC validation: a validator per check over the report's Resolver (which caches and
 * de-duplicates, so the chain's DS/DNSKEY questions are sent once per report and count within its query cap).
 */
import { parseConfig } from "@/lib/config";
import type { Resolver } from "../types";
import { trustAnchorsFrom, type TrustAnchor } from "./anchors";
import { createValidator, type Validator } from "./validator";

export type { Validation, Validator } from "./validator";

const parsed = new Map<string, TrustAnchor[]>();

/** The anchors of a setting (parsed once per distinct value). Throws with the reason for a bad one. */
function anchorsFor(setting: string | undefined): TrustAnchor[] {
  const key = setting ?? "";
  let a = parsed.get(key);
  if (!a) {
    a = trustAnchorsFrom(setting);
    parsed.set(key, a);
  }
  return a;
}

/** A validator for `resolver`, anchored at `trustAnchor` (else MXRAY_TRUST_ANCHOR, else the root's KSKs). */
export function validatorFor(resolver: Resolver, trustAnchor?: string): Validator {
  const setting = trustAnchor ?? parseConfig(process.env).MXRAY_TRUST_ANCHOR;
  return createValidator(resolver, { anchors: anchorsFor(setting) });
}

/** Query-name normalization: lower-case A-labels without the trailing dot (RFC 4343, RFC 5890). */
import { domainToASCII } from "node:url";
import { toLowerCase } from "@/lib/string-fns";

/**
 * The comparable form of a name already in A-labels (from the wire, a record or a validated input): lower
 * case (RFC 4343 §3: names compare case-insensitively) and without the root's trailing dot ("." → "").
 * Unlike normalizeQueryName it neither validates nor maps IDN, so it is safe on any string.
 */
export function canonicalName(name: string): string {
  const lower = toLowerCase(name);
  // A character test, not a regex: this runs for every host name a bounce or a check reads.
  return lower.charCodeAt(lower.length - 1) === 0x2e ? lower.slice(0, -1) : lower;
}

/**
 * The key of one question: its comparable name, type and DO bit. The resolver's wire and answer caches and
 * a check's memo (memo-resolver.ts) key the same question the same way.
 */
export function questionKey(
  name: string,
  type: string,
  dnssec: boolean | undefined,
  checkingDisabled?: boolean,
): string {
  return `${canonicalName(name)}|${type}|${dnssec ? 1 : 0}${checkingDisabled ? "|cd" : ""}`;
}

export type NormalizedName = { ok: true; name: string } | { ok: false; error: string };

/**
 * Normalizes a name to ask about. U-labels become A-labels (IDNA, via the WHATWG URL host parser);
 * ASCII names are only lower-cased, so "_dmarc" labels and SPF macro output pass unchanged. Invalid
 * names (empty labels, over-long labels or names, control characters, bad IDN) come back as an error.
 */
export function normalizeQueryName(input: string): NormalizedName {
  if (typeof input !== "string") return { ok: false, error: "name must be a string" };
  let name = input.trim();
  // The root itself, written "." (DNSSEC validation asks for its DNSKEY): the empty name on the wire.
  if (name === ".") return { ok: true, name: "" };
  if (name.endsWith(".")) name = name.slice(0, -1);
  if (name === "") return { ok: false, error: "empty name" };
  if (/[^\x00-\x7f]/.test(name)) {
    const ascii = domainToASCII(name);
    if (!ascii) return { ok: false, error: `invalid internationalized name "${input}"` };
    name = ascii;
  }
  name = name.toLowerCase();
  // RFC 2181 §11: a label may hold any octet, so spaces (e.g. from SPF macro expansion) are asked as
  // they are, like node's resolver does; control characters only ever come from broken input.
  if (/[\x00-\x1f\x7f]/.test(name)) return { ok: false, error: `name contains control characters` };
  const labels = name.split(".");
  for (const l of labels) {
    if (l.length === 0) return { ok: false, error: `empty label in "${input}"` };
    // RFC 1035 §2.3.4: labels are at most 63 octets, names at most 255 on the wire (253 in text).
    if (l.length > 63) return { ok: false, error: `label longer than 63 octets in "${input}"` };
  }
  if (name.length > 253) return { ok: false, error: `name longer than 253 characters` };
  return { ok: true, name };
}

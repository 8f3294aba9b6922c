import { findingCatalogue, type FixContext, type FixSuggestion } from "@/lib/findings/types";
import type { DkimSelectorEvidence } from "./index";
import { createPublicKey } from "node:crypto";
import { parseTagList } from "./parse";

const KEYGEN =
  "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out dkim.key && openssl pkey -in dkim.key -pubout -outform DER | base64 | tr -d '\\n'";

function selectorRecord(ctx: FixContext): DkimSelectorEvidence | undefined {
  return ctx.result.records.find(
    (r): r is DkimSelectorEvidence =>
      typeof r === "object" &&
      r !== null &&
      (r as { kind?: string }).kind === "dkim_selector" &&
      (r as { selector?: string }).selector === ctx.params.selector,
  );
}

/** The same RSA key re-encoded as SubjectPublicKeyInfo (base64 DER), or null if it does not parse. */
function pkcs1ToSpki(base64: string): string | null {
  try {
    const key = createPublicKey({
      key: Buffer.from(base64.replace(/\s/g, ""), "base64"),
      format: "der",
      type: "pkcs1",
    });
    return key.export({ type: "spki", format: "der" }).toString("base64");
  } catch {
    return null;
  }
}

function domainOf(ctx: FixContext): string {
  return ctx.domain ?? "example.com";
}

/** Rotation to a new 2048-bit RSA key under a new selector, so mail in flight still verifies. */
function rotate(ctx: FixContext, why: string): FixSuggestion {
  const old = typeof ctx.params.selector === "string" ? ctx.params.selector : "default";
  const selector = `${old.replace(/-?2048$/, "")}-2048`;
  return {
    text: `${why} Generate a 2048-bit RSA key pair (${KEYGEN}), configure your signer with dkim.key and selector "${selector}", publish the record below with the base64 output as p=, switch signing to it, and remove the old selector "${old}" after a few days. If a provider signs for you, use its key-rotation setting instead.`,
    records: [
      {
        name: `${selector}._domainkey.${domainOf(ctx)}`,
        type: "TXT",
        value: "v=DKIM1; k=rsa; p=<base64 public key>",
      },
    ],
  };
}

/** The current record with one tag changed or removed, other tags as published. */
function editRecord(ctx: FixContext, name: string, value: string | null, text: string): FixSuggestion | null {
  const ev = selectorRecord(ctx);
  if (!ev) return { text };
  const tags = parseTagList(ev.raw).tags.filter((t) => t.name !== name);
  if (value !== null) tags.push({ name, value });
  return {
    text,
    records: [
      {
        name: `${ev.selector}._domainkey.${domainOf(ctx)}`,
        type: "TXT",
        value: tags.map((t) => `${t.name}=${t.value}`).join("; "),
      },
    ],
  };
}

export const catalogue = findingCatalogue({
  "dkim.no_selector_found": {
    severity: "high",
    title: "No DKIM keys published",
    meaning:
      "_domainkey.<domain> does not exist (NXDOMAIN), so no DKIM key exists under any selector (RFC 8020): mail from this domain cannot carry a valid DKIM signature, and DMARC must rely on SPF alone. Gmail and Yahoo require DKIM for bulk senders.",
    describe: (p) =>
      `_domainkey.${String(p.domain)} does not exist: the domain publishes no DKIM key.${
        p.reason === "domainkey_nxdomain" && typeof p.skipped === "number"
          ? ` Nothing can exist below a name that does not exist (RFC 8020), so the ${p.skipped} usual selectors were not asked.`
          : ""
      }`,
    fix: (ctx) => ({
      text: `Turn on DKIM signing with your mail provider (it gives you the record, often a CNAME) or, on your own server, generate a key (${KEYGEN}) and publish the public key.`,
      records: [
        {
          name: `default._domainkey.${domainOf(ctx)}`,
          type: "TXT",
          value: "v=DKIM1; k=rsa; p=<base64 public key>",
        },
      ],
    }),
  },
  "dkim.selector_unknown": {
    severity: "info",
    title: "DKIM selectors not among the common ones",
    meaning:
      "_domainkey.<domain> exists, so keys are probably published, but under selectors we could not guess (DNS cannot list them). Give the selector from the DKIM-Signature header's s= tag of a message you sent (--selector).",
    describe: (p) =>
      `None of the ${String(p.tried)} common selectors has a key; pass your selector with --selector.`,
  },
  "dkim.selector_missing": {
    severity: "medium",
    title: "The selector you named has no key",
    meaning:
      "No TXT record exists at <selector>._domainkey.<domain>: mail signed with this selector fails DKIM.",
    describe: (p) => `No key at ${String(p.selector)}._domainkey.`,
    fix: (ctx) => ({
      text: "Publish the public key for this selector (your provider shows it), or correct the selector name.",
      records: [
        {
          name: `${String(ctx.params.selector)}._domainkey.${domainOf(ctx)}`,
          type: "TXT",
          value: "v=DKIM1; k=rsa; p=<base64 public key>",
        },
      ],
    }),
  },
  "dkim.key_too_short": {
    severity: "low",
    title: "DKIM key is too short",
    meaning:
      "RFC 8301 §3.2: signers MUST use RSA keys of at least 1024 bits and SHOULD use 2048; keys under 1024 bits are rejected by major receivers and can be factored.",
    describe: (p) => `Selector ${String(p.selector)} has a ${String(p.bits)}-bit RSA key.`,
    fix: (ctx) => rotate(ctx, `Replace the ${String(ctx.params.bits)}-bit key with a 2048-bit one.`),
  },
  "dkim.key_revoked": {
    severity: "info",
    title: "DKIM key revoked",
    meaning: "An empty p= means the key was revoked (RFC 6376 §3.6.1): signatures with this selector fail.",
    describe: (p) => `Selector ${String(p.selector)} is revoked (empty p=).`,
    fix: (ctx) =>
      ctx.params && selectorRecord(ctx)
        ? rotate(ctx, "If you still sign with this selector, publish a new key under a new selector.")
        : null,
  },
  "dkim.testing_mode": {
    severity: "low",
    title: "DKIM key in testing mode",
    meaning:
      "t=y tells verifiers the domain is testing DKIM (RFC 6376 §3.6.1): they must not treat failures differently from unsigned mail, and some ignore the signature.",
    describe: (p) => `Selector ${String(p.selector)} has t=y.`,
    fix: (ctx) => {
      const ev = selectorRecord(ctx);
      const rest = ev ? ev.flags.filter((f) => f !== "y") : [];
      return editRecord(
        ctx,
        "t",
        rest.length > 0 ? rest.join(":") : null,
        "Remove the y flag from t= once signing works.",
      );
    },
  },
  "dkim.sha1_only": {
    severity: "high",
    title: "DKIM key allows only SHA-1",
    meaning:
      "h=sha1 restricts the key to rsa-sha1 signatures, which verifiers MUST NOT consider valid (RFC 8301 §3.1): every signature with this key fails.",
    describe: (p) =>
      `Selector ${String(p.selector)} has h=${(p.hashes as string[] | undefined)?.join(":") ?? "sha1"}.`,
    fix: (ctx) =>
      editRecord(ctx, "h", null, "Remove h= (or set h=sha256) and make sure the signer uses rsa-sha256."),
  },
  "dkim.syntax_error": {
    severity: "high",
    title: "DKIM key record is malformed",
    meaning:
      "The record breaks RFC 6376 §3.6.1 (tag-list syntax §3.2: duplicate tags, v= not first or not DKIM1, p= missing): verifiers discard it and signatures fail.",
    describe: (p) =>
      `Selector ${String(p.selector)}: ${String(p.reason)}${p.tag ? ` (${String(p.tag)}=)` : ""}.`,
    fix: (ctx) =>
      rotate(ctx, "Republish the key record as v=DKIM1; k=rsa; p=<key>, each tag once, v= first."),
  },
  "dkim.invalid_key": {
    severity: "high",
    title: "DKIM public key cannot be used",
    meaning:
      "p= is not a valid key of the declared type (RSA: base64 DER SubjectPublicKeyInfo; Ed25519: 32 raw bytes, RFC 8463 §4.2), or k= names an unknown algorithm: verifiers cannot check signatures.",
    describe: (p) =>
      `Selector ${String(p.selector)}: ${String(p.reason)}${p.detail ? ` (${String(p.detail)})` : ""}.`,
    fix: (ctx) =>
      rotate(ctx, "The published key is damaged (often truncated when pasted in 255-character pieces)."),
  },
  "dkim.key_format": {
    severity: "low",
    title: "DKIM key published as PKCS#1",
    meaning:
      "The RSA key is a bare PKCS#1 RSAPublicKey instead of the usual SubjectPublicKeyInfo. Some verifiers accept it, others (mailauth, for one) reject it, so signatures fail at some receivers.",
    describe: (p) => `Selector ${String(p.selector)} publishes a PKCS#1 RSAPublicKey.`,
    fix: (ctx) => {
      const ev = selectorRecord(ctx);
      const spki = ev
        ? pkcs1ToSpki(parseTagList(ev.raw).tags.find((t) => t.name === "p")?.value ?? "")
        : null;
      if (!ev || !spki) return rotate(ctx, "Republish the key in SubjectPublicKeyInfo form.");
      return editRecord(
        ctx,
        "p",
        spki,
        "Republish the same key in SubjectPublicKeyInfo form (no change on the signer).",
      );
    },
  },
  "dkim.not_for_email": {
    severity: "high",
    title: "DKIM key not valid for email",
    meaning:
      's= lists service types without "email" or "*" (RFC 6376 §3.6.1): verifiers must not use it for mail.',
    fix: (ctx) => editRecord(ctx, "s", null, "Remove s= (the default is all services)."),
  },
  "dkim.multiple_records": {
    severity: "medium",
    title: "Several DKIM records under one selector",
    meaning:
      "Verifiers pick one of them (RFC 6376 §3.6.2.2), so verification depends on which: keep one record per selector.",
    describe: (p) => `${String(p.selector)}._domainkey has ${String(p.count)} key records.`,
    fix: (ctx) => {
      const ev = selectorRecord(ctx);
      return {
        text: `Delete all but the key record your signer uses for selector "${String(ctx.params.selector)}".`,
        ...(ev
          ? { records: [{ name: `${ev.selector}._domainkey.${domainOf(ctx)}`, type: "TXT", value: ev.raw }] }
          : {}),
      };
    },
  },
  "dkim.ed25519_only": {
    severity: "low",
    title: "Only Ed25519 DKIM keys",
    meaning:
      "Many receivers do not verify Ed25519 signatures yet; RFC 8463 expects signers to add an RSA signature too.",
    fix: (ctx) => rotate(ctx, "Add an RSA signature alongside the Ed25519 one."),
  },
  "dkim.dns_error": {
    severity: "info",
    title: "DKIM could not be determined",
    meaning:
      "A DNS query for a DKIM key timed out or failed (SERVFAIL/REFUSED); the result is unknown, not failed.",
    describe: (p) => `${String(p.name)} ${String(p.type)}: ${String(p.status)}.`,
  },
});

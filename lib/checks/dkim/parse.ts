/**
 * DKIM key records (RFC 6376 §3.6.1) and their public keys (RFC 8301, RFC 8463). Pure and synchronous:
 * key sizes come from node's crypto parser, no I/O.
 */
import { createPublicKey } from "node:crypto";

export interface TagList {
  tags: { name: string; value: string }[];
  /** Why the tag-list is invalid as a whole (§3.2), if it is. */
  error?: { reason: "malformed_tag" | "duplicate_tag" | "invalid_tag_value"; tag: string };
}

/**
 * RFC 6376 §3.2 tag-list: tag-spec *( ";" tag-spec ) [ ";" ], tag-spec = [FWS] tag-name [FWS] "=" [FWS]
 * tag-value [FWS]. Duplicate names make the whole list invalid. Values keep inner whitespace.
 */
export function parseTagList(text: string): TagList {
  const tags: TagList["tags"] = [];
  const seen = new Set<string>();
  const parts = text.split(";");
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!.trim();
    // Only the last element may be empty (the optional trailing ";").
    if (part === "") {
      if (i === parts.length - 1 && i > 0) continue;
      return { tags, error: { reason: "malformed_tag", tag: "" } };
    }
    const m = /^([A-Za-z][A-Za-z0-9_]*)[ \t\r\n]*=[ \t\r\n]*([\s\S]*)$/.exec(part);
    if (!m) return { tags, error: { reason: "malformed_tag", tag: part } };
    const name = m[1]!;
    const value = m[2]!.trim();
    // tag-value: printable ASCII except ";" with folding whitespace between (§3.2).
    if (!/^[\x21-\x3a\x3c-\x7e \t\r\n]*$/.test(value)) {
      return { tags, error: { reason: "invalid_tag_value", tag: name } };
    }
    if (seen.has(name)) return { tags, error: { reason: "duplicate_tag", tag: name } };
    seen.add(name);
    tags.push({ name, value });
  }
  return { tags };
}

export type KeyType = "rsa" | "ed25519";

export interface DkimKeyRecord {
  raw: string;
  tags: { name: string; value: string }[];
  version?: string;
  /** k= (default rsa); lower-cased as written, may be unknown. */
  keyType: string;
  /** h= acceptable hash algorithms; undefined means "all". */
  hashes?: string[];
  /** s= service types (default "*"). */
  services: string[];
  /** t= flags ("y" testing, "s" strict i= matching). */
  flags: string[];
  notes?: string;
  /** p= with whitespace removed; "" means revoked (§3.6.1). */
  publicKey?: string;
  /** Problems that make the record unusable by verifiers (syntax_error). */
  errors: { reason: string; tag?: string; value?: string }[];
}

/**
 * Whether a TXT string looks like a DKIM key at all. Used to ignore unrelated TXT records that a
 * wildcard puts at a guessed selector name; a record the user named is always parsed.
 */
export function looksLikeDkim(txt: string): boolean {
  return /^\s*v\s*=\s*DKIM1/i.test(txt) || /(^|;)\s*[pk]\s*=/.test(txt);
}

export function parseDkimRecord(raw: string): DkimKeyRecord {
  const list = parseTagList(raw);
  const rec: DkimKeyRecord = { raw, tags: list.tags, keyType: "rsa", services: ["*"], flags: [], errors: [] };
  if (list.error) {
    rec.errors.push({ reason: list.error.reason, tag: list.error.tag });
    return rec;
  }
  const get = (n: string) => list.tags.find((t) => t.name === n)?.value;
  const v = get("v");
  if (v !== undefined) {
    rec.version = v;
    // §3.6.1: v= is optional, but if present it MUST be the first tag and be "DKIM1".
    if (list.tags[0]?.name !== "v") rec.errors.push({ reason: "v_not_first", tag: "v", value: v });
    else if (v !== "DKIM1") rec.errors.push({ reason: "invalid_version", tag: "v", value: v });
  }
  const colonList = (s: string) =>
    s
      .split(":")
      .map((x) => x.trim().toLowerCase())
      .filter((x) => x !== "");
  const h = get("h");
  if (h !== undefined) rec.hashes = colonList(h);
  const k = get("k");
  if (k !== undefined) rec.keyType = k.trim().toLowerCase();
  const s = get("s");
  if (s !== undefined) rec.services = colonList(s);
  const t = get("t");
  if (t !== undefined) rec.flags = colonList(t);
  const n = get("n");
  if (n !== undefined) rec.notes = n;
  const p = get("p");
  // §3.6.1: p= is REQUIRED; an empty value means the key has been revoked.
  if (p === undefined) rec.errors.push({ reason: "missing_p", tag: "p" });
  else rec.publicKey = p.replace(/[ \t\r\n]/g, "");
  return rec;
}

export interface KeyInfo {
  ok: boolean;
  type?: KeyType;
  bits?: number;
  /** "spki" (standard), "pkcs1" (RSAPublicKey, published by some), or "raw" (ed25519). */
  encoding?: "spki" | "pkcs1" | "raw";
  reason?: "not_base64" | "unsupported_key_type" | "undecodable" | "type_mismatch" | "bad_length";
  detail?: string;
}

/** DER SubjectPublicKeyInfo prefix for an Ed25519 key (RFC 8410 §4): the raw 32 bytes follow. */
const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

/**
 * The real key type and size: RSA keys are base64 DER SubjectPublicKeyInfo (RFC 6376 §3.6.1; some
 * publish a bare PKCS#1 RSAPublicKey, which many verifiers accept); Ed25519 keys are the raw 32-byte
 * public key (RFC 8463 §4.2).
 */
export function analyzeKey(keyType: string, base64: string): KeyInfo {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64) || base64.length % 4 === 1) {
    return { ok: false, reason: "not_base64" };
  }
  const der = Buffer.from(base64, "base64");
  if (keyType === "ed25519") {
    if (der.length !== 32)
      return { ok: false, type: "ed25519", reason: "bad_length", detail: `${der.length} bytes` };
    try {
      createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, der]), format: "der", type: "spki" });
    } catch (e) {
      return { ok: false, type: "ed25519", reason: "undecodable", detail: (e as Error).message };
    }
    return { ok: true, type: "ed25519", bits: 256, encoding: "raw" };
  }
  if (keyType !== "rsa") return { ok: false, reason: "unsupported_key_type", detail: keyType };
  for (const encoding of ["spki", "pkcs1"] as const) {
    try {
      const key = createPublicKey({ key: der, format: "der", type: encoding });
      if (key.asymmetricKeyType !== "rsa") {
        return {
          ok: false,
          reason: "type_mismatch",
          detail: `k=rsa but the key is ${key.asymmetricKeyType}`,
        };
      }
      const bits = key.asymmetricKeyDetails?.modulusLength;
      if (!bits) return { ok: false, type: "rsa", reason: "undecodable" };
      return { ok: true, type: "rsa", bits, encoding };
    } catch {
      // try the next encoding
    }
  }
  return { ok: false, type: "rsa", reason: "undecodable" };
}

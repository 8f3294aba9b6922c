/**
 * Signature verification for the DNSSEC algorithms RFC 8624 §3.1 says a validator MUST support, via
 * node:crypto: RSA/SHA-256 (8) and RSA/SHA-512 (10) (RFC 5702), ECDSA P-256/SHA-256 (13) and P-384/SHA-384
 * (14) (RFC 6605), Ed25519 (15) (RFC 8080).
 */
import { createPublicKey, verify, type KeyObject } from "node:crypto";

export const SUPPORTED_ALGORITHMS = new Set([8, 10, 13, 14, 15]);

const b64url = (b: Buffer) => b.toString("base64url");

/** RFC 3110 §2: exponent length (1 octet, or 0 then 2 octets), exponent, modulus. */
function rsaKey(key: Buffer): KeyObject {
  let off = 1;
  let expLen = key[0] ?? 0;
  if (expLen === 0) {
    expLen = key.readUInt16BE(1);
    off = 3;
  }
  const e = key.subarray(off, off + expLen);
  const n = key.subarray(off + expLen);
  if (e.length === 0 || n.length === 0) throw new Error("malformed RSA public key");
  return createPublicKey({ key: { kty: "RSA", n: b64url(n), e: b64url(e) }, format: "jwk" });
}

/** RFC 6605 §4: the public key is Q = x | y, each 32 (P-256) or 48 (P-384) octets. */
function ecKey(key: Buffer, crv: "P-256" | "P-384", size: number): KeyObject {
  if (key.length !== size * 2) throw new Error(`ECDSA ${crv} key of ${key.length} octets`);
  return createPublicKey({
    key: { kty: "EC", crv, x: b64url(key.subarray(0, size)), y: b64url(key.subarray(size)) },
    format: "jwk",
  });
}

/** RFC 8080 §3: the 32-octet Ed25519 public key. */
function edKey(key: Buffer): KeyObject {
  if (key.length !== 32) throw new Error(`Ed25519 key of ${key.length} octets`);
  return createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: b64url(key) }, format: "jwk" });
}

const keyCache = new WeakMap<Buffer, KeyObject>();

function publicKey(algorithm: number, key: Buffer): KeyObject {
  const hit = keyCache.get(key);
  if (hit) return hit;
  let k: KeyObject;
  switch (algorithm) {
    case 8:
    case 10:
      k = rsaKey(key);
      break;
    case 13:
      k = ecKey(key, "P-256", 32);
      break;
    case 14:
      k = ecKey(key, "P-384", 48);
      break;
    case 15:
      k = edKey(key);
      break;
    default:
      throw new Error(`unsupported algorithm ${algorithm}`);
  }
  keyCache.set(key, k);
  return k;
}

/**
 * True when `signature` is a valid signature of `data` by the DNSKEY public key `key` of `algorithm`.
 * A malformed key or signature is simply not valid. Throws only for an algorithm we do not implement
 * (callers check SUPPORTED_ALGORITHMS first).
 */
export function verifySignature(algorithm: number, key: Buffer, data: Buffer, signature: Buffer): boolean {
  if (!SUPPORTED_ALGORITHMS.has(algorithm)) throw new Error(`unsupported algorithm ${algorithm}`);
  let k: KeyObject;
  try {
    k = publicKey(algorithm, key);
  } catch {
    return false;
  }
  try {
    switch (algorithm) {
      case 8:
        return verify("sha256", data, k, signature);
      case 10:
        return verify("sha512", data, k, signature);
      case 13:
        // RFC 6605 §4: the signature is r | s, not DER.
        return verify("sha256", data, { key: k, dsaEncoding: "ieee-p1363" }, signature);
      case 14:
        return verify("sha384", data, { key: k, dsaEncoding: "ieee-p1363" }, signature);
      default:
        return verify(null, data, k, signature);
    }
  } catch {
    return false;
  }
}

/**
 * Trust anchors: where a chain of trust starts (RFC 4035 §4.4). By default the root zone's key signing
 * keys as IANA publishes them (https://data.iana.org/root-anchors/root-anchors.xml): KSK-2017 (key tag
 * 20326) and KSK-2024 (key tag 38696). MXRAY_TRUST_ANCHOR replaces them (tests use a fixture root).
 */
import { readFileSync } from "node:fs";
import { normName, type DnskeyWire, type DsWire } from "./canonical";

export type TrustAnchor = { zone: string } & ({ ds: DsWire } | { dnskey: DnskeyWire });

export const ROOT_ANCHORS_TEXT = [
  ". IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D",
  ". IN DS 38696 8 2 683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16",
].join("\n");

/**
 * Reads DS and DNSKEY records in presentation format, one a line (`<owner> [ttl] [class] DS|DNSKEY ...`;
 * `;` comments, parentheses over several lines). Throws with the line for anything else.
 */
export function parseTrustAnchors(text: string): TrustAnchor[] {
  // Join parenthesized continuations (RFC 1035 §5.1), drop comments.
  const lines: string[] = [];
  let pending = "";
  let depth = 0;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/;.*$/, "");
    depth += (line.match(/\(/g) ?? []).length - (line.match(/\)/g) ?? []).length;
    pending += ` ${line.replace(/[()]/g, " ")}`;
    if (depth <= 0) {
      if (pending.trim()) lines.push(pending.trim());
      pending = "";
      depth = 0;
    }
  }
  if (pending.trim()) lines.push(pending.trim());
  const out: TrustAnchor[] = [];
  for (const line of lines) {
    const f = line.split(/\s+/);
    let i = 1;
    if (/^\d+$/.test(f[i] ?? "")) i++;
    if (/^(IN|CH|HS)$/i.test(f[i] ?? "")) i++;
    if (/^\d+$/.test(f[i] ?? "") && i === 2) i++;
    const type = (f[i] ?? "").toUpperCase();
    const rest = f.slice(i + 1);
    const zone = normName(f[0] ?? "");
    const bad = () =>
      new Error(
        `trust anchor: cannot read "${line}" (want "<zone> DS <tag> <alg> <digest type> <hex>" or "<zone> DNSKEY <flags> 3 <alg> <base64>")`,
      );
    if (type === "DS") {
      const [tag, alg, dt, ...hex] = rest;
      const digest = hex.join("");
      if (
        !/^\d+$/.test(tag ?? "") ||
        !/^\d+$/.test(alg ?? "") ||
        !/^\d+$/.test(dt ?? "") ||
        !/^[0-9a-f]+$/i.test(digest)
      ) {
        throw bad();
      }
      out.push({
        zone,
        ds: {
          keyTag: Number(tag),
          algorithm: Number(alg),
          digestType: Number(dt),
          digest: Buffer.from(digest, "hex"),
        },
      });
    } else if (type === "DNSKEY") {
      const [flags, proto, alg, ...b64] = rest;
      if (!/^\d+$/.test(flags ?? "") || proto !== "3" || !/^\d+$/.test(alg ?? "") || b64.length === 0)
        throw bad();
      out.push({
        zone,
        dnskey: { flags: Number(flags), algorithm: Number(alg), key: Buffer.from(b64.join(""), "base64") },
      });
    } else {
      throw bad();
    }
  }
  if (out.length === 0) throw new Error("trust anchor: no DS or DNSKEY record found");
  return out;
}

/**
 * The anchors a setting names: records as text, or the path of a file holding them (an absolute path or
 * one starting with "./"); unset means the root's.
 */
export function trustAnchorsFrom(setting: string | undefined): TrustAnchor[] {
  if (!setting) return parseTrustAnchors(ROOT_ANCHORS_TEXT);
  const s = setting.trim();
  if (/^(\/|\.\/|\.\.\/)/.test(s) && !/\s/.test(s)) return parseTrustAnchors(readFileSync(s, "utf8"));
  return parseTrustAnchors(s);
}

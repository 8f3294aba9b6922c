/**
 * Fixture zones for DNSSEC validation, signed by Knot (startSignedKnot) under a test-only root whose DS
 * is the trust anchor: root (ECDSA P-256, NSEC) → example (RSA/SHA-256, NSEC3 opt-out) → domains.
 * Secure: ok.example (P-256, NSEC3, SHA-384 DS), ed.example (Ed25519, NSEC), p384.example, rsa512.example.
 * Insecure: insecure.example (no DS, inside an opt-out span), child.ed.example (no DS, proven by NSEC).
 * Bogus: rekeyed.example (DS for a key the zone no longer uses), baddigest.example (DS digest wrong),
 * expired.example (signatures expired), altered.example (MX changed after signing).
 */
import type { SignedZoneSpec } from "@/test-support/dns/knot";

const soa = (apex: string) =>
  `@ SOA ns1.${apex || "root-servers.test"}. hostmaster.${apex || "root-servers.test"}. 1 3600 600 86400 300`;
const apexNs = (apex: string) => (apex === "" ? "@ NS ns1.root-servers.test." : `@ NS ns1\nns1 A 127.0.0.1`);

/** A TLSA record matching nothing in particular: its presence and signature are what the tests look at. */
const FIXTURE_TLSA = "3 1 1 0c72ac70b745ac19998811b131d662c9ac69dbdbe7cb23e5b514b56664c5d3d6";

function zone(
  apex: string,
  body: string,
  extra: Omit<SignedZoneSpec, "apex" | "records"> = {},
): SignedZoneSpec {
  return { apex, records: [soa(apex), apexNs(apex), body.trim()].filter(Boolean).join("\n"), ...extra };
}

const mailZone = `
@ MX 10 mx1
@ MX 20 mx2
mx1 A 127.0.0.1
mx2 A 127.0.0.1
_25._tcp.mx1 TLSA ${FIXTURE_TLSA}
_25._tcp.mx2 TLSA ${FIXTURE_TLSA}
@ TXT "v=spf1 -all"
_dmarc TXT "v=DMARC1; p=reject"
www CNAME mx1
*.wild TXT "from a wildcard"
a.b A 127.0.0.2
`;

export const DNSSEC_CHAIN: SignedZoneSpec[] = [
  zone("", "", { sign: { algorithm: 13 } }),
  zone("example", "", { sign: { algorithm: 8, nsec3: true, optOut: true } }),
  zone("ok.example", mailZone, { sign: { algorithm: 13, nsec3: true, digest: 4 } }),
  zone("ed.example", mailZone, { sign: { algorithm: 15 } }),
  zone("child.ed.example", "@ MX 10 mx\nmx A 127.0.0.1"),
  zone("p384.example", "@ MX 10 mx\nmx A 127.0.0.1", { sign: { algorithm: 14 } }),
  zone("rsa512.example", "@ MX 10 mx\nmx A 127.0.0.1", { sign: { algorithm: 10, nsec3: true } }),
  zone("insecure.example", `@ MX 10 mx\nmx A 127.0.0.1\n_25._tcp.mx TLSA ${FIXTURE_TLSA}`),
  zone("rekeyed.example", "@ MX 10 mx\nmx A 127.0.0.1", { sign: { algorithm: 13 }, fault: "ds_no_key" }),
  zone("baddigest.example", "@ MX 10 mx\nmx A 127.0.0.1", {
    sign: { algorithm: 13 },
    fault: "ds_bad_digest",
  }),
  zone("expired.example", "@ MX 10 mx\nmx A 127.0.0.1", { sign: { algorithm: 13 }, fault: "expired" }),
  zone("altered.example", "@ MX 10 mx\nmx A 127.0.0.1", {
    sign: { algorithm: 13 },
    fault: "altered",
    alter: ["10 mx.altered.example.", "10 evil.altered.example."],
  }),
];

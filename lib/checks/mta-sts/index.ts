import type { Check } from "@/lib/checks/types";
import { runCheck } from "@/lib/checks/result";
import { proberFor } from "@/lib/checks/smtp-tls";
import { safeHttpsGet } from "@/lib/net/safe-https";
import { certificateNames } from "@/lib/smtp/certificate";
import { MAX_PROBE_HOSTS } from "@/lib/smtp/prober";
import {
  certMismatchFindings,
  evaluateMtaSts,
  mxHosts,
  policyUrl,
  stsRecords,
  type MtaStsEvidence,
  type PresentedCertificate,
} from "./parse";

/** Cap for the policy fetch (RFC 8461 §3.3 suggests senders use about a minute; a report cannot wait that long). */
export const POLICY_TIMEOUT_MS = 5_000;
/** RFC 8461 §3.3: senders may limit the policy body to 64 KiB. */
export const POLICY_MAX_BYTES = 64 * 1024;

/**
 * MTA-STS of ctx.domain (RFC 8461): `_mta-sts` TXT and the MX set at once; the policy over HTTPS the
 * moment the TXT shows a record (only to public addresses unless MXRAY_ALLOW_PRIVATE=1); the policy's mx
 * patterns matched against the MX hosts, and against the certificate each MX host presents (the
 * report's shared SMTP probe; a host that cannot be reached is left out).
 */
/** The policy and what the MX hosts presented (the certificates, when they were probed). */
export type MtaStsRecord = MtaStsEvidence & { certificates?: PresentedCertificate[] };

export const mtaStsCheck: Check<"mta_sts", MtaStsRecord> = (ctx) =>
  runCheck("mta_sts", ctx, async (resolver) => {
    const domain = ctx.domain;
    if (!domain) return { findings: [], records: [], status: "skipped" };
    const mxP = resolver.query(domain, "MX");
    const txt = await resolver.query(`_mta-sts.${domain}`, "TXT");
    const fetchP =
      txt.status === "ok" && stsRecords(txt.answers).length > 0 && !ctx.signal?.aborted
        ? safeHttpsGet(policyUrl(domain), {
            resolver,
            timeoutMs: POLICY_TIMEOUT_MS,
            maxBytes: POLICY_MAX_BYTES,
            ...(ctx.https?.ca ? { ca: ctx.https.ca } : {}),
            ...(ctx.https?.port ? { port: ctx.https.port } : {}),
            ...(ctx.signal ? { signal: ctx.signal } : {}),
          })
        : undefined;
    const [mx, fetch] = await Promise.all([mxP, fetchP]);
    const out = evaluateMtaSts({ domain, txt, mx, ...(fetch ? { fetch } : {}) });
    const evidence = out.records[0] as MtaStsRecord | undefined;
    const policy = evidence?.policy?.parsed;
    const valid = !out.findings.some((f) => f.code === "mta_sts.invalid");
    if (evidence && policy && valid && (policy.mode === "enforce" || policy.mode === "testing")) {
      const hosts = mxHosts(domain, mx).slice(0, MAX_PROBE_HOSTS);
      const prober = proberFor(ctx);
      const probes = await Promise.all(hosts.map((h) => prober.probe(h, resolver, ctx.signal)));
      const presented: PresentedCertificate[] = [];
      for (const p of probes) {
        // Only what a host actually said counts: an unreachable host tells nothing about its certificate.
        if (!p.probed || [null, "connect", "banner"].includes(p.result.reached)) continue;
        const tls = p.result.tls;
        const leaf = tls?.chain[0];
        presented.push({
          host: p.host,
          tls: tls !== null && leaf !== undefined,
          names: leaf ? certificateNames(leaf) : [],
          trusted: tls?.trusted ?? false,
          expired: tls?.daysToExpiry !== null && tls?.daysToExpiry !== undefined && tls.daysToExpiry < 0,
        });
      }
      evidence.certificates = presented;
      out.findings.push(...certMismatchFindings(policy, presented));
    }
    return out;
  });

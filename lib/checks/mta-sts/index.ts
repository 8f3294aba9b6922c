import type { Check } from "@/lib/checks/types";
import { runCheck } from "@/lib/checks/result";
import { safeHttpsGet } from "@/lib/net/safe-https";
import { evaluateMtaSts, policyUrl, stsRecords } from "./parse";

export { evaluateMtaSts, mxMatches, parsePolicy, parseStsTxt } from "./parse";

/** Cap for the policy fetch (RFC 8461 §3.3 suggests senders use about a minute; a report cannot wait that long). */
export const POLICY_TIMEOUT_MS = 5_000;
/** RFC 8461 §3.3: senders may limit the policy body to 64 KiB. */
export const POLICY_MAX_BYTES = 64 * 1024;

/**
 * MTA-STS of ctx.domain (RFC 8461): `_mta-sts` TXT and the MX set at once; the policy over HTTPS the
 * moment the TXT shows a record (only to public addresses unless MXRAY_ALLOW_PRIVATE=1); the policy's mx
 * patterns matched against the MX hosts.
 */
export const mtaStsCheck: Check = (ctx) =>
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
    return evaluateMtaSts({ domain, txt, mx, ...(fetch ? { fetch } : {}) });
  });

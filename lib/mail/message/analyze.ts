/**
 * A received (or pasted) message, authenticated as a receiver would: SPF for the connecting IP with MAIL FROM
 * and HELO (RFC 7208), every DKIM signature (RFC 6376), DMARC with alignment of the From: domain (RFC 7489),
 * the ARC chain (RFC 8617), all through mailauth with our own Resolver; FCrDNS of the connecting IP and its
 * match with HELO; the header fields receivers read (RFC 5322, RFC 8058 one-click unsubscribe) and the MIME
 * tree. Never throws for DNS trouble or a malformed message: both become findings.
 */
import { createPublicKey } from "node:crypto";
import { authenticate, type AuthenticateResult, type DKIMResult } from "mailauth";
import { toMailauthResolver } from "@/lib/dns/mailauth";
import type { Resolver } from "@/lib/dns/types";
import { canonicalName } from "@/lib/dns/names";
import { lookupFcrdns } from "@/lib/net/fcrdns";
import { evaluateMessage } from "./evaluate";
import { addressOf, domainOf, headerValue, headerValues, listUnsubscribeUris, parseMessage } from "./parse";
import type { AuthResult, DkimSignatureReport, Envelope, MessageSection } from "./types";

export interface AnalyzeOptions {
  resolver: Resolver;
  /** Set for a message received over SMTP; absent for a pasted or uploaded one. */
  envelope?: Envelope;
  /** Our host name, as named in Authentication-Results. */
  mta?: string;
}

const AUTH_RESULTS: AuthResult[] = [
  "pass",
  "fail",
  "softfail",
  "neutral",
  "none",
  "temperror",
  "permerror",
  "policy",
];

function authResult(value: unknown): AuthResult {
  const v = String(value ?? "none").toLowerCase();
  if (v === "temperr") return "temperror";
  return (AUTH_RESULTS as string[]).includes(v) ? (v as AuthResult) : "none";
}

/** Tags of a DKIM-Signature (or ARC-Seal) value: "v=1; a=rsa-sha256; ..." (RFC 6376 §3.2). */
export function parseTags(value: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const part of value.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    if (key) tags[key] = part.slice(eq + 1).replace(/\s+/g, "");
  }
  return tags;
}

function dkimReports(results: DKIMResult[], signatures: Record<string, string>[]): DkimSignatureReport[] {
  return results
    .filter((r) => r.signingDomain || r.status?.result !== "none")
    .map((r, i) => {
      const raw = r as DKIMResult & {
        algo?: string;
        modulusLength?: number;
        rr?: string;
        signingHeaders?: { keys?: string };
        signature?: string;
      };
      // Match the verdict to its header by b= (mailauth reports the signature value); else by position.
      const tags =
        signatures.find((t) => raw.signature && t.b === raw.signature.replace(/\s+/g, "")) ??
        signatures[i] ??
        {};
      const h = (raw.signingHeaders?.keys ?? tags.h ?? "")
        .split(/\s*[:]\s*/)
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean);
      const l = tags.l !== undefined && /^\d+$/.test(tags.l) ? Number(tags.l) : null;
      const domain = (r.signingDomain || tags.d || "").toLowerCase();
      // mailauth sets status.aligned to the From: domain a passing signature aligns with (RFC 7489 §3.1.1).
      const aligned = r.status?.result === "pass" && Boolean(r.status?.aligned);
      return {
        domain,
        selector: r.selector ?? tags.s ?? "",
        result: authResult(r.status?.result),
        comment:
          r.status?.comment ??
          (r.status?.policy?.["dkim-rules"] ? `policy: ${r.status.policy["dkim-rules"]}` : null),
        algorithm: raw.algo ?? tags.a ?? null,
        keyBits: typeof raw.modulusLength === "number" ? raw.modulusLength : keyBitsOf(raw.rr),
        headers: h,
        bodyLength: l,
        aligned,
      };
    });
}

/**
 * The RSA modulus length of a DKIM key record's p= (mailauth leaves it out when it refuses the key as too
 * short, RFC 8301 §3.2); null when it is not a readable RSA key.
 */
export function keyBitsOf(record: string | undefined): number | null {
  const p = record ? parseTags(record).p : undefined;
  if (!p) return null;
  try {
    const key = createPublicKey({ key: Buffer.from(p, "base64"), format: "der", type: "spki" });
    return key.asymmetricKeyDetails?.modulusLength ?? null;
  } catch {
    return null;
  }
}

/** Runs mailauth; a throw (malformed beyond its reading) becomes null and a finding, never a crash. */
async function runMailauth(
  raw: Buffer,
  opts: AnalyzeOptions,
): Promise<{ result: AuthenticateResult | null; error: string | null }> {
  try {
    const env = opts.envelope;
    const result = await authenticate(raw, {
      resolver: toMailauthResolver(opts.resolver) as never,
      mta: opts.mta ?? "mxray",
      disableBimi: true,
      ...(env
        ? {
            ip: env.clientIp,
            ...(env.helo ? { helo: env.helo } : {}),
            // RFC 7208 §2.4: a null reverse-path is checked as postmaster@<HELO>; mailauth does that from "".
            sender: env.mailFrom ?? "",
          }
        : {}),
    });
    return { result, error: null };
  } catch (e) {
    return { result: null, error: (e as Error).message };
  }
}

export async function analyzeMessage(input: Buffer | string, opts: AnalyzeOptions): Promise<MessageSection> {
  const raw = typeof input === "string" ? Buffer.from(input, "utf8") : input;
  const parsed = parseMessage(typeof input === "string" ? input : raw);
  const env = opts.envelope ?? null;
  const fromValues = headerValues(parsed.headers, "from");
  const fromAddress = addressOf(fromValues[0]);
  const fromDomain = domainOf(fromAddress);

  // A header-only paste still authenticates what headers can show (DMARC record, DKIM keys); signature
  // verification needs the body, so mailauth gets an empty one.
  const forAuth = parsed.headerOnly ? Buffer.concat([raw, Buffer.from("\r\n\r\n")]) : raw;
  const [{ result: auth, error: authError }, fcrdns] = await Promise.all([
    runMailauth(forAuth, opts),
    env ? lookupFcrdns(opts.resolver, env.clientIp).catch(() => null) : Promise.resolve(null),
  ]);

  const signatures = headerValues(parsed.headers, "dkim-signature").map(parseTags);
  const dkim = auth ? dkimReports(auth.dkim?.results ?? [], signatures) : [];
  const spf =
    env && auth?.spf
      ? {
          result: authResult(auth.spf.status?.result),
          domain: auth.spf.domain ?? null,
          mailFrom: env.mailFrom,
          helo: env.helo,
          ip: env.clientIp,
          record: auth.spf.rr ?? null,
          comment: auth.spf.status?.comment ?? null,
        }
      : null;
  const d = auth?.dmarc as
    | (NonNullable<AuthenticateResult["dmarc"]> & {
        p?: string;
        rr?: string;
        alignment?: { spf?: { result?: unknown }; dkim?: { result?: unknown } };
      })
    | false
    | undefined;
  const dmarc = d
    ? {
        result: authResult(d.status?.result),
        fromDomain: d.domain ?? fromDomain,
        policy: d.p ?? d.policy ?? null,
        record: d.rr ?? null,
        spfAligned: Boolean(d.alignment?.spf?.result),
        dkimAligned: Boolean(d.alignment?.dkim?.result),
        comment: d.status?.comment ?? null,
      }
    : null;
  const arcResult = auth?.arc || undefined;
  const sealHeaders = headerValues(parsed.headers, "arc-seal").map(parseTags);
  const arc = {
    result: authResult(arcResult?.status?.result),
    instances: sealHeaders.length,
    sealers: [...new Set(sealHeaders.map((t) => (t.d ?? "").toLowerCase()).filter(Boolean))],
    comment: arcResult?.status?.comment ?? null,
  };

  const heloName = env?.helo ? canonicalName(env.helo.replace(/^\[|\]$/g, "")) : null;
  const fcr = fcrdns
    ? {
        ip: fcrdns.ip,
        names: fcrdns.names,
        confirmed: fcrdns.fcrdns,
        heloMatches: heloName === null ? null : fcrdns.names.some((n) => canonicalName(n) === heloName),
      }
    : null;

  const uris = listUnsubscribeUris(headerValue(parsed.headers, "list-unsubscribe"));
  const post = headerValue(parsed.headers, "list-unsubscribe-post");
  // RFC 8058 §3.1: the POST body must be exactly "List-Unsubscribe=One-Click".
  const oneClick = Boolean(post && post.replace(/\s+/g, "") === "List-Unsubscribe=One-Click");
  const https = uris.some((u) => /^https:\/\//i.test(u));
  // RFC 8058 §4: both fields must be covered by a valid DKIM signature (aligned, for receivers that check).
  const signed = dkim.some(
    (s) =>
      s.result === "pass" &&
      s.aligned &&
      s.headers.includes("list-unsubscribe") &&
      s.headers.includes("list-unsubscribe-post"),
  );

  const section: MessageSection = {
    source: env ? "smtp" : "upload",
    headerOnly: parsed.headerOnly,
    envelope: env,
    from: { address: fromAddress, domain: fromDomain, count: fromValues.length },
    subject: headerValue(parsed.headers, "subject") ?? null,
    messageId: headerValue(parsed.headers, "message-id") ?? null,
    date: headerValue(parsed.headers, "date") ?? null,
    size: parsed.size,
    headerSize: parsed.headerSize,
    mime: parsed.headerOnly ? null : parsed.mime,
    mimeProblems: parsed.problems,
    textParts: parsed.textParts,
    htmlParts: parsed.htmlParts,
    attachments: parsed.attachments,
    spf,
    dkim,
    dmarc,
    arc,
    fcrdns: fcr,
    unsubscribe: { uris, https, oneClick, signed },
    providers: [],
    authenticationResults: arcResult?.authResults ?? null,
    findings: [],
    status: "pass",
  };
  const evaluated = evaluateMessage(section, parsed, { authError });
  return evaluated;
}

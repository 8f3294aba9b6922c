/**
 * Pure: a message's authentication, transport and header facts → findings (stable codes, words in
 * lib/mail/findings.ts) and the bulk-sender requirements of Gmail, Yahoo and Microsoft applied to it, each
 * failure naming the reply it would cause.
 */
import { severityRank } from "@/lib/findings/severity";
import type { Finding, Severity } from "@/lib/checks/types";
import { providerReply } from "@/lib/mail/replies";
import type { ParsedMessage } from "./parse";
import type { MessageSection, ProviderRule } from "./types";

/** Gmail's limit on a whole message, encoding included (Gmail Help "Attachment size limit"). */
export const LARGE_MESSAGE_BYTES = 25 * 1024 * 1024;

function f(code: string, severity: Severity, params: Record<string, unknown> = {}): Finding {
  return { code, severity, params };
}

/** RFC 5322 §3.6: exactly one Date and one From; Message-ID SHOULD be present (and receivers require it). */
function headerFindings(section: MessageSection, parsed: ParsedMessage): Finding[] {
  const out: Finding[] = [];
  const count = (name: string) => parsed.headers.filter((h) => h.name.toLowerCase() === name).length;
  if (section.from.count === 0) out.push(f("message.from_invalid", "high", { reason: "missing" }));
  else if (section.from.count > 1) out.push(f("message.from_invalid", "high", { reason: "multiple" }));
  else if (!section.from.address) out.push(f("message.from_invalid", "high", { reason: "no_address" }));
  if (count("date") === 0) out.push(f("message.header_missing", "medium", { header: "Date" }));
  else if (count("date") > 1) out.push(f("message.header_duplicate", "medium", { header: "Date" }));
  else if (Number.isNaN(Date.parse(section.date ?? ""))) {
    out.push(f("message.header_invalid", "low", { header: "Date", value: section.date }));
  }
  if (count("message-id") === 0) out.push(f("message.header_missing", "medium", { header: "Message-ID" }));
  else if (!/^<[^<>@\s]+@[^<>@\s]+>$/.test(section.messageId ?? "")) {
    out.push(f("message.header_invalid", "low", { header: "Message-ID", value: section.messageId }));
  }
  if (count("subject") > 1) out.push(f("message.header_duplicate", "medium", { header: "Subject" }));
  return out;
}

function unsubscribeFindings(section: MessageSection): Finding[] {
  const u = section.unsubscribe;
  if (!u.uris.length) return [f("message.unsubscribe_missing", "low")];
  const out: Finding[] = [];
  if (!u.https) out.push(f("message.unsubscribe_not_https", "medium", { uris: u.uris }));
  if (!u.oneClick) out.push(f("message.one_click_missing", "medium"));
  else if (!u.signed) out.push(f("message.one_click_unsigned", "medium"));
  return out;
}

function authFindings(section: MessageSection, authError: string | null): Finding[] {
  const out: Finding[] = [];
  if (authError) out.push(f("message.auth_error", "info", { detail: authError.slice(0, 300) }));
  const spf = section.spf;
  if (spf) {
    if (spf.result === "fail")
      out.push(f("message.spf_fail", "high", { result: spf.result, domain: spf.domain, ip: spf.ip }));
    else if (spf.result === "softfail") {
      out.push(f("message.spf_fail", "medium", { result: spf.result, domain: spf.domain, ip: spf.ip }));
    } else if (spf.result === "none" || spf.result === "neutral") {
      out.push(f("message.spf_none", "medium", { result: spf.result, domain: spf.domain }));
    } else if (spf.result === "temperror" || spf.result === "permerror") {
      out.push(
        f("message.spf_error", "medium", { result: spf.result, domain: spf.domain, comment: spf.comment }),
      );
    }
  }
  if (!section.dkim.length) out.push(f("message.dkim_missing", "high"));
  for (const s of section.dkim) {
    const where = { domain: s.domain, selector: s.selector };
    if (s.keyBits !== null && s.algorithm?.startsWith("rsa") && s.keyBits < 1024) {
      out.push(f("message.dkim_key_too_short", "high", { ...where, bits: s.keyBits }));
    } else if (s.result !== "pass" && !(section.headerOnly && s.result !== "none")) {
      out.push(f("message.dkim_fail", "high", { ...where, result: s.result, reason: s.comment }));
    } else if (s.keyBits !== null && s.algorithm?.startsWith("rsa") && s.keyBits < 2048) {
      out.push(f("message.dkim_key_weak", "low", { ...where, bits: s.keyBits }));
    }
    if (s.bodyLength !== null)
      out.push(f("message.dkim_body_length", "medium", { ...where, length: s.bodyLength }));
  }
  if (section.headerOnly && section.dkim.length) out.push(f("message.dkim_unverified", "info"));
  const passing = section.dkim.filter((s) => s.result === "pass");
  if (passing.length && !passing.some((s) => s.aligned) && section.from.domain) {
    out.push(
      f("message.dkim_not_aligned", "medium", {
        fromDomain: section.from.domain,
        domains: [...new Set(passing.map((s) => s.domain))],
      }),
    );
  }
  const dmarc = section.dmarc;
  if (section.from.domain && (!dmarc || (dmarc.result === "none" && !dmarc.record))) {
    out.push(f("message.dmarc_missing", "high", { fromDomain: section.from.domain }));
  } else if (dmarc && dmarc.result === "fail" && !section.headerOnly) {
    out.push(
      f("message.dmarc_fail", dmarc.policy === "none" ? "high" : "critical", {
        fromDomain: dmarc.fromDomain,
        policy: dmarc.policy,
        spfAligned: dmarc.spfAligned,
        dkimAligned: dmarc.dkimAligned,
      }),
    );
  } else if (dmarc && dmarc.result === "temperror") {
    out.push(f("message.dmarc_error", "medium", { fromDomain: dmarc.fromDomain }));
  }
  if (section.arc.instances > 0 && section.arc.result !== "pass") {
    out.push(f("message.arc_fail", "medium", { result: section.arc.result, sealers: section.arc.sealers }));
  }
  return out;
}

function transportFindings(section: MessageSection): Finding[] {
  const env = section.envelope;
  if (!env) return [];
  const out: Finding[] = [];
  const fc = section.fcrdns;
  if (fc) {
    if (!fc.names.length) out.push(f("message.ptr_missing", "high", { ip: fc.ip }));
    else if (fc.confirmed === false)
      out.push(f("message.fcrdns_mismatch", "high", { ip: fc.ip, names: fc.names }));
    else if (fc.confirmed && fc.heloMatches === false) {
      out.push(f("message.helo_mismatch", "low", { ip: fc.ip, helo: env.helo, names: fc.names }));
    }
  }
  if (env.tlsUnknown) return out;
  if (!env.tls) out.push(f("message.no_tls", "high"));
  else if (env.tls.version && /^(SSLv|TLSv1(\.[01])?$)/.test(env.tls.version)) {
    out.push(f("message.tls_old", "medium", { version: env.tls.version }));
  }
  return out;
}

function contentFindings(section: MessageSection): Finding[] {
  if (section.headerOnly) return [f("message.headers_only", "info")];
  const out: Finding[] = section.mimeProblems.map((p) =>
    f(
      p.code === "bare_lf" || p.code === "line_too_long" ? "message.not_rfc5322" : "message.mime_malformed",
      "medium",
      {
        ...p,
      },
    ),
  );
  if (section.htmlParts > 0 && section.textParts === 0) out.push(f("message.no_text_part", "low"));
  if (section.size > LARGE_MESSAGE_BYTES) out.push(f("message.too_large", "medium", { size: section.size }));
  return out;
}

/** Gmail, Yahoo and Microsoft requirements (as published for 2024-2025) applied to this message. */
export function providerRules(section: MessageSection, findings: Finding[]): ProviderRule[] {
  const has = (code: string) => findings.some((x) => x.code === code);
  const domain = section.from.domain;
  const ip = section.envelope?.clientIp ?? null;
  const spfPass = section.spf?.result === "pass";
  const spfKnown = section.spf !== null;
  const dkimPass = section.dkim.some((s) => s.result === "pass");
  const dkimKnown = !section.headerOnly;
  const authenticated: ProviderRule["status"] =
    spfPass || dkimPass ? "pass" : spfKnown && dkimKnown ? "fail" : "unknown";
  const dmarcPass: ProviderRule["status"] =
    section.dmarc?.result === "pass"
      ? "pass"
      : section.headerOnly && section.dmarc?.record
        ? "unknown"
        : "fail";
  const ptr: ProviderRule["status"] = !section.fcrdns
    ? "unknown"
    : section.fcrdns.confirmed === true
      ? "pass"
      : section.fcrdns.confirmed === false
        ? "fail"
        : "unknown";
  const tls: ProviderRule["status"] =
    !section.envelope || section.envelope.tlsUnknown ? "unknown" : section.envelope.tls ? "pass" : "fail";
  const rfc: ProviderRule["status"] =
    has("message.from_invalid") || has("message.header_missing") || has("message.header_duplicate")
      ? "fail"
      : "pass";
  const unsub: ProviderRule["status"] =
    section.unsubscribe.oneClick && section.unsubscribe.https && section.unsubscribe.signed ? "pass" : "fail";
  const vars = { domain, ip };
  const withReply = (
    rule: Omit<ProviderRule, "replyCode" | "enhancedCode" | "reply">,
    reply: { replyCode: number; enhancedCode: string | null; text: string } | null,
  ): ProviderRule =>
    rule.status === "fail" && reply
      ? {
          ...rule,
          replyCode: reply.replyCode,
          ...(reply.enhancedCode ? { enhancedCode: reply.enhancedCode } : {}),
          reply: reply.text,
        }
      : rule;
  const gmailTls = {
    replyCode: 421,
    enhancedCode: "4.7.29",
    text:
      "421 4.7.29 Your email has been rate limited because this message wasn't sent over a TLS connection. " +
      "Gmail requires all bulk email senders to use TLS/SSL for SMTP connections.",
  };
  return [
    withReply(
      {
        provider: "gmail",
        rule: "gmail.authenticated",
        title: "SPF or DKIM passes",
        status: authenticated,
        appliesTo: "all",
      },
      providerReply("gmail.unauthenticated", vars),
    ),
    withReply(
      {
        provider: "gmail",
        rule: "gmail.ptr",
        title: "Sending IP has forward-confirmed reverse DNS",
        status: ptr,
        appliesTo: "all",
      },
      providerReply("gmail.ptr", vars),
    ),
    withReply(
      { provider: "gmail", rule: "gmail.tls", title: "Sent over TLS", status: tls, appliesTo: "all" },
      gmailTls,
    ),
    withReply(
      {
        provider: "gmail",
        rule: "gmail.rfc5322",
        title: "Message follows RFC 5322 (From, Date, Message-ID)",
        status: rfc,
        appliesTo: "all",
      },
      providerReply("gmail.rfc5322", vars),
    ),
    withReply(
      {
        provider: "gmail",
        rule: "gmail.dmarc",
        title: "DMARC passes with the From: domain aligned",
        status: dmarcPass,
        appliesTo: "bulk",
      },
      providerReply("gmail.dmarc", vars),
    ),
    withReply(
      {
        provider: "gmail",
        rule: "gmail.one_click",
        title: "One-click unsubscribe (RFC 8058), signed by DKIM",
        status: unsub,
        appliesTo: "bulk",
      },
      null,
    ),
    withReply(
      {
        provider: "yahoo",
        rule: "yahoo.authenticated",
        title: "SPF or DKIM passes",
        status: authenticated,
        appliesTo: "all",
      },
      providerReply("yahoo.unauthenticated", vars),
    ),
    withReply(
      {
        provider: "yahoo",
        rule: "yahoo.dmarc",
        title: "DMARC passes with the From: domain aligned",
        status: dmarcPass,
        appliesTo: "bulk",
      },
      providerReply("yahoo.unauthenticated", vars),
    ),
    withReply(
      {
        provider: "yahoo",
        rule: "yahoo.ptr",
        title: "Sending IP has forward-confirmed reverse DNS",
        status: ptr,
        appliesTo: "all",
      },
      null,
    ),
    withReply(
      {
        provider: "yahoo",
        rule: "yahoo.one_click",
        title: "One-click unsubscribe (RFC 8058)",
        status: unsub,
        appliesTo: "bulk",
      },
      null,
    ),
    withReply(
      {
        provider: "microsoft",
        rule: "microsoft.authentication",
        title: "SPF and DKIM pass, DMARC passes aligned",
        status:
          !spfKnown || !dkimKnown
            ? dmarcPass === "fail"
              ? "fail"
              : "unknown"
            : spfPass && dkimPass && dmarcPass === "pass"
              ? "pass"
              : "fail",
        appliesTo: "bulk",
      },
      dmarcPass === "fail" && section.dmarc?.policy === "reject"
        ? providerReply("microsoft.dmarc-reject", vars)
        : providerReply("microsoft.auth-level", vars),
    ),
  ];
}

export function evaluateMessage(
  section: MessageSection,
  parsed: ParsedMessage,
  ctx: { authError: string | null },
): MessageSection {
  const findings = [
    ...authFindings(section, ctx.authError),
    ...transportFindings(section),
    ...headerFindings(section, parsed),
    ...unsubscribeFindings(section),
    ...contentFindings(section),
  ];
  const worst = findings.reduce((w, x) => Math.max(w, severityRank(x.severity)), 0);
  return {
    ...section,
    findings,
    providers: providerRules(section, findings),
    status: worst >= severityRank("high") ? "fail" : worst >= severityRank("low") ? "warn" : "pass",
  };
}

/**
 * DKIM check (RFC 6376, RFC 8301, RFC 8463): every candidate selector and `_domainkey.<domain>` asked at
 * once; each key's real type and size; revoked, testing, SHA-1-only and malformed keys.
 */
import { dnsErrorFinding, finding, runCheck } from "@/lib/checks/result";
import type { Check, Finding } from "@/lib/checks/types";
import type { DnsAnswer } from "@/lib/dns/types";
import { isDnsFailure } from "@/lib/dns/types";
import { analyzeKey, looksLikeDkim, parseDkimRecord, type KeyType } from "./parse";
import { selectorsToTry } from "./selectors";

export interface DkimSelectorEvidence {
  kind: "dkim_selector";
  selector: string;
  name: string;
  fromUser: boolean;
  /** CNAME chain followed from the selector name (delegated keys). */
  cnames: string[];
  raw: string;
  keyType?: KeyType | string;
  bits?: number;
  encoding?: "spki" | "pkcs1" | "raw";
  flags: string[];
  hashes?: string[];
  services: string[];
  state: "ok" | "revoked" | "invalid";
}

export interface DkimSummary {
  kind: "dkim_summary";
  domain: string;
  /** Status of `_domainkey.<domain>`: nxdomain means no key can exist below it (RFC 8020). */
  domainkey: string;
  tried: string[];
  found: string[];
  unresolved: { selector: string; status: string }[];
  /** Built-in selectors not asked, and why (RFC 8020: `_domainkey.<domain>` is NXDOMAIN). */
  guessingSkipped?: { selectors: number; reason: "domainkey_nxdomain" };
}

export const dkimCheck: Check<"dkim", DkimSummary | DkimSelectorEvidence> = (ctx) =>
  runCheck("dkim", ctx, async (resolver) => {
    const domain = ctx.domain;
    if (!domain) return { findings: [], records: [], status: "skipped" };
    const all = selectorsToTry(ctx.selectors);
    const named = all.filter((c) => c.fromUser);
    const guessed = all.filter((c) => !c.fromUser);
    const ask = (c: { selector: string }) => resolver.query(`${c.selector}._domainkey.${domain}`, "TXT");
    // `_domainkey.<domain>` first, with the selectors the user named: when it is NXDOMAIN nothing exists
    // below it (RFC 8020 §2), so guessing dozens of selectors would only ask for names that cannot exist.
    const [domainkey, ...namedAnswers] = await Promise.all([
      resolver.query(`_domainkey.${domain}`, "TXT"),
      ...named.map(ask),
    ]);
    const skipGuessing = domainkey.status === "nxdomain";
    const guessedAnswers = skipGuessing ? [] : await Promise.all(guessed.map(ask));
    const candidates = skipGuessing ? named : [...named, ...guessed];
    const answers = [...namedAnswers, ...guessedAnswers];

    const findings: Finding[] = [];
    const selectors: DkimSelectorEvidence[] = [];
    const unresolved: { selector: string; answer: DnsAnswer<"TXT"> }[] = [];
    candidates.forEach((c, i) => {
      const answer = answers[i]!;
      if (isDnsFailure(answer.status)) {
        unresolved.push({ selector: c.selector, answer });
        return;
      }
      if (answer.status !== "ok") {
        if (c.fromUser) findings.push(finding("dkim.selector_missing", "medium", { selector: c.selector }));
        return;
      }
      // A guessed name may hit a wildcard TXT (an SPF record, a site verification): only keep what looks
      // like a key. A selector the user named is judged whatever it holds.
      const txts = c.fromUser ? answer.answers : answer.answers.filter(looksLikeDkim);
      if (txts.length === 0) return;
      if (txts.length > 1) {
        // §3.6.2.2: verifiers may pick any one of several records, so results vary between receivers.
        findings.push(
          finding("dkim.multiple_records", "medium", { selector: c.selector, count: txts.length }),
        );
      }
      for (const raw of txts) selectors.push(evaluateKey(c.selector, c.fromUser, answer, raw, findings));
    });

    const usable = selectors.filter((s) => s.state === "ok");
    // A revoked key next to working ones is routine rotation; alone, it means mail is unsigned.
    for (const s of selectors.filter((x) => x.state === "revoked")) {
      findings.push(
        finding("dkim.key_revoked", usable.length > 0 ? "info" : "medium", { selector: s.selector }),
      );
    }
    if (usable.length > 0 && usable.every((s) => s.keyType === "ed25519")) {
      findings.push(finding("dkim.ed25519_only", "low", { selectors: usable.map((s) => s.selector) }));
    }

    const summary: DkimSummary = {
      kind: "dkim_summary",
      domain,
      domainkey: domainkey.status,
      tried: candidates.map((c) => c.selector),
      ...(skipGuessing
        ? { guessingSkipped: { selectors: guessed.length, reason: "domainkey_nxdomain" } }
        : {}),
      found: [...new Set(selectors.map((s) => s.selector))],
      unresolved: unresolved.map((u) => ({ selector: u.selector, status: u.answer.status })),
    };
    const records: (DkimSummary | DkimSelectorEvidence)[] = [summary, ...selectors];

    if (selectors.length === 0) {
      // RFC 8020: NXDOMAIN for _domainkey.<domain> means nothing exists below it, so no selector at all;
      // NODATA means some name exists below it, under a selector we did not guess.
      if (domainkey.status === "nxdomain") {
        findings.push(
          finding("dkim.no_selector_found", "high", {
            domain,
            tried: candidates.length,
            // Shown with the finding: why the built-in selectors were not asked.
            ...(skipGuessing ? { skipped: guessed.length, reason: "domainkey_nxdomain" } : {}),
          }),
        );
        return { findings, records };
      }
      if (isDnsFailure(domainkey.status))
        return { findings: [...findings, dnsErrorFinding("dkim", domainkey)], records };
      if (unresolved.length > 0) {
        return {
          findings: [...findings, ...unresolved.map((u) => dnsErrorFinding("dkim", u.answer))],
          records,
        };
      }
      findings.push(finding("dkim.selector_unknown", "info", { domain, tried: candidates.length }));
      const serious = findings.some((f) => f.severity !== "info");
      return { findings, records, ...(serious ? {} : { status: "info" as const }) };
    }
    return { findings, records };
  });

function evaluateKey(
  selector: string,
  fromUser: boolean,
  answer: DnsAnswer<"TXT">,
  raw: string,
  findings: Finding[],
): DkimSelectorEvidence {
  const rec = parseDkimRecord(raw);
  const ev: DkimSelectorEvidence = {
    kind: "dkim_selector",
    selector,
    name: answer.name,
    fromUser,
    cnames: answer.cnames,
    raw,
    keyType: rec.keyType,
    flags: rec.flags,
    ...(rec.hashes ? { hashes: rec.hashes } : {}),
    services: rec.services,
    state: "ok",
  };
  if (rec.errors.length > 0) {
    for (const e of rec.errors) findings.push(finding("dkim.syntax_error", "high", { selector, ...e }));
    ev.state = "invalid";
    return ev;
  }
  if (rec.publicKey === "") {
    ev.state = "revoked";
    return ev;
  }
  const key = analyzeKey(rec.keyType, rec.publicKey ?? "");
  if (!key.ok) {
    findings.push(
      finding("dkim.invalid_key", "high", {
        selector,
        keyType: rec.keyType,
        reason: key.reason,
        ...(key.detail ? { detail: key.detail } : {}),
      }),
    );
    ev.state = "invalid";
    return ev;
  }
  ev.keyType = key.type;
  ev.bits = key.bits;
  ev.encoding = key.encoding;
  // Signers publish SubjectPublicKeyInfo (what `openssl pkey -pubout` writes); a bare PKCS#1
  // RSAPublicKey works with some verifiers and is rejected by others (mailauth among them).
  if (key.encoding === "pkcs1")
    findings.push(finding("dkim.key_format", "low", { selector, encoding: "pkcs1" }));
  // RFC 8301 §3.2: signers MUST use at least 1024-bit RSA keys and SHOULD use 2048; verifiers may
  // reject anything shorter than 1024.
  if (key.type === "rsa" && key.bits! < 1024) {
    findings.push(finding("dkim.key_too_short", "high", { selector, bits: key.bits }));
    ev.state = "invalid";
  } else if (key.type === "rsa" && key.bits! < 2048) {
    findings.push(finding("dkim.key_too_short", "low", { selector, bits: key.bits }));
  }
  // §3.6.1 s=: a key restricted to services other than email must not verify mail.
  if (!rec.services.includes("*") && !rec.services.includes("email")) {
    findings.push(finding("dkim.not_for_email", "high", { selector, services: rec.services }));
    ev.state = "invalid";
  }
  // RFC 8301 §3.1: verifiers MUST NOT consider rsa-sha1 signatures valid, so a key limited to sha1
  // verifies nothing.
  if (rec.hashes && !rec.hashes.includes("sha256")) {
    findings.push(finding("dkim.sha1_only", "high", { selector, hashes: rec.hashes }));
    ev.state = "invalid";
  }
  if (rec.flags.includes("y")) findings.push(finding("dkim.testing_mode", "low", { selector }));
  return ev;
}

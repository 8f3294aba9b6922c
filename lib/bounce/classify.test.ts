import { describe, expect, it } from "vitest";
import { classify, classifyAll, findRule, MAX_CLASSIFY_CHARS } from "@/lib/bounce/classify";
import { RULES, type Rule } from "@/lib/bounce/rules";
import { blocklistFromText } from "@/lib/bounce/rules/blocklists";
import type { Stage } from "@/lib/bounce/types";
import { fromReply } from "@/test-support/bounce-corpus/from-reply";
import { diagnose } from "@/lib/bounce/diagnose";

describe("classify", () => {
  it("fills every diagnosis field from a Gmail DMARC rejection", () => {
    const d = classify(
      fromReply(
        "550-5.7.26 Unauthenticated email from example.com is not accepted due to domain's\n550 5.7.26 DMARC policy. - gsmtp",
        { senderDomain: "example.com", recipient: "bob@gmail.com", stage: "after_data" },
      ),
    );
    expect(d).toMatchObject({
      replyCode: 550,
      enhancedCode: "5.7.26",
      enhancedMeaning: "Permanent failure: Sender authentication failed (Gmail: SPF/DKIM/DMARC)",
      permanent: true,
      family: "authentication",
      reason: "authfailure",
      provider: "gmail",
      stage: "after_data",
      recipient: "bob@gmail.com",
      senderDomain: "example.com",
      retry: false,
      linkedChecks: ["spf", "dkim", "dmarc"],
      ruleId: "gmail.dmarc",
    });
    expect(d.summary).toBe(
      "Gmail rejected the message because it failed sender authentication (SPF/DKIM/DMARC) (5.7.26): fix SPF/DKIM/DMARC for example.com.",
    );
    expect(d.fix.length).toBeGreaterThan(1);
  });

  it("reads Gmail's X.7.27 as SPF failure and says so in the meaning; elsewhere X.7.27 is null MX", () => {
    const d = classify(
      fromReply("550-5.7.27 The sender is unauthenticated. SPF [example.com] did not pass - gsmtp"),
    );
    expect(d.reason).toBe("authfailure");
    expect(d.enhancedMeaning).toBe(
      "Permanent failure: Sender authentication failed (Gmail: SPF did not pass)",
    );
    const other = classify(fromReply("550 5.7.27 Sender address has null MX"));
    expect(other.reason).toBe("notaccept");
    expect(other.enhancedMeaning).toBe("Permanent failure: Sender address has null MX");
  });

  it("classifies 5.7.1 by its words: relay, blocklist, spam, policy", () => {
    const r = (t: string) => classify(fromReply(t)).reason;
    expect(r("550 5.7.1 Relaying denied")).toBe("norelaying");
    expect(r("554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org")).toBe(
      "blocked",
    );
    expect(r("550 5.7.1 Message rejected as spam")).toBe("spamdetected");
    expect(r("550 5.7.1 Rejected by local policy")).toBe("policyviolation");
  });

  it("names the blocklist and its lookup page", () => {
    const d = classify(
      fromReply("554 5.7.1 Client host [192.0.2.1] blocked using bl.spamcop.net", { sendingIp: "192.0.2.1" }),
    );
    expect(d.blocklist).toEqual({ name: "SpamCop", lookupUrl: "https://www.spamcop.net/bl.shtml" });
    expect(d.linkedChecks).toEqual(["dnsbl", "ptr"]);
    expect(d.fix[0]).toContain("spamcop.net");
  });

  it("names the blocklist blocklistFromText names, for every rule that defers to it", () => {
    const deferring = RULES.filter((r) => r.blocklist === "named");
    expect(deferring.length).toBeGreaterThan(0);
    const texts = [
      ...deferring.map((r) => r.sample.text),
      "554 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using zen.spamhaus.org",
      "550 5.7.1 Mail from 192.0.2.10 refused - listed at bl.example-dnsbl.net",
      "550 5.7.1 Blocked using b.barracudacentral.org and SORBS",
      "554 5.7.1 Your IP is BLACKLISTED by Mailspike; see ix.dnsbl.manitu.net",
    ];
    for (const text of texts) {
      const d = classify(fromReply(text));
      if (deferring.some((r) => r.id === d.ruleId)) expect(d.blocklist).toEqual(blocklistFromText(text));
    }
  });

  it("links relay to the route, mailbox to MX, PTR to ptr", () => {
    expect(classify(fromReply("554 5.7.1 Relay access denied")).linkedChecks).toEqual(["mx"]);
    expect(classify(fromReply("550 5.1.1 User unknown")).linkedChecks).toEqual(["mx"]);
    expect(classify(fromReply("550 5.7.25 Reverse DNS validation failed")).linkedChecks).toEqual(["ptr"]);
    expect(classify(fromReply("530 5.7.0 Authentication required")).fix.join(" ")).toMatch(
      /587.*STARTTLS.*465/,
    );
  });

  it("recognises Microsoft's banned-IP and authentication codes and Yahoo's deferrals", () => {
    expect(
      classify(fromReply("550 5.7.606 Access denied, banned sending IP [192.0.2.1]. (prod.outlook.com)"))
        .reason,
    ).toBe("blocked");
    expect(
      classify(
        fromReply(
          "550 5.7.515 Access denied, sending domain [example.com] doesn't meet the required authentication level.",
        ),
      ).reason,
    ).toBe("authfailure");
    expect(classify(fromReply("530 5.7.57 Client not authenticated to send mail. [MAIL FROM]")).reason).toBe(
      "securityerror",
    );
    const y = classify(
      fromReply(
        "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints",
      ),
    );
    expect([y.reason, y.family, y.permanent, y.retry]).toEqual(["badreputation", "reputation", false, true]);
    const t9 = classify(
      fromReply(
        "421 4.7.0 [TSS09] All messages from 192.0.2.1 will be permanently deferred; Retrying will NOT succeed.",
      ),
    );
    expect([t9.reason, t9.family, t9.retry]).toEqual(["blocked", "reputation", false]);
  });

  it("answers unknown text with unknown, keeping what was extracted, and no certainty", () => {
    const d = classify(fromReply("550 Your message could not be processed", { recipient: "a@example.org" }));
    expect(d).toMatchObject({
      family: "unknown",
      reason: "onhold",
      replyCode: 550,
      permanent: true,
      ruleId: null,
      recipient: "a@example.org",
    });
    expect(d.summary).toMatch(/does not say why/);
    const none = classify(fromReply("something odd happened"));
    expect([none.family, none.permanent, none.replyCode, none.enhancedCode]).toEqual([
      "unknown",
      null,
      null,
      null,
    ]);
  });

  it("hedges code-only verdicts in the summary", () => {
    const d = classify(fromReply("550 5.1.1 <a@example.org>"));
    expect(d.reason).toBe("userunknown");
    expect(d.summary).toMatch(/status code alone/);
  });

  it("treats a DSN that gave up on a temporary failure as expired and final", () => {
    const d = classify(fromReply("451 4.4.1 No answer from host", { dsnAction: "failed" }));
    expect([d.reason, d.permanent, d.retry]).toEqual(["expired", true, false]);
  });

  it("ignores dotted numbers that are not enhanced codes", () => {
    const d = classify(
      fromReply("421 Message from (192.0.2.1) temporarily deferred - 4.16.50. (yahoo)", {
        enhancedCode: "4.16.50",
      }),
    );
    expect(d.enhancedCode).toBeNull();
  });

  it("bounds the text it classifies", () => {
    const words = "550 5.1.1 " + "x".repeat(MAX_CLASSIFY_CHARS + 10) + " user unknown";
    expect(classify(fromReply(words)).ruleId).toBe("code.5.1.1");
  });
});

describe("diagnose", () => {
  it("reports the first failed recipient of a multi-recipient DSN and lists all", () => {
    const msg = [
      "From: MAILER-DAEMON@mail.example.com",
      "Subject: Undelivered Mail Returned to Sender",
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
      "",
      "--b",
      "Content-Type: message/delivery-status",
      "",
      "Reporting-MTA: dns; mail.example.com",
      "",
      "Final-Recipient: rfc822; ok@example.org",
      "Action: delivered",
      "Status: 2.0.0",
      "Diagnostic-Code: smtp; 250 2.0.0 Ok",
      "",
      "Final-Recipient: rfc822; gone@example.org",
      "Action: failed",
      "Status: 5.1.1",
      "Diagnostic-Code: smtp; 550 5.1.1 <gone@example.org>: Recipient address rejected: User unknown",
      "",
      "--b--",
      "",
    ].join("\n");
    const d = diagnose(msg);
    expect(d.recipient).toBe("gone@example.org");
    expect(d.reason).toBe("userunknown");
    expect(d.recipients?.map((r) => r.reason)).toEqual(["delivered", "userunknown"]);
  });
});

describe("policy wording that names no policy is left to the code (sisimai semantics)", () => {
  it("reads X.7.x without a named policy as a security refusal", () => {
    const r = (s: string) => classify(fromReply(s)).reason;
    expect(r("550 5.7.0 <a@example.org>: Recipient address rejected: Policy violation")).toBe(
      "securityerror",
    );
    expect(r("551 5.7.1 <a@example.org>: Recipient address rejected: Delivery not authorized")).toBe(
      "securityerror",
    );
    expect(r("550 5.7.1 Message rejected due to local policy")).toBe("policyviolation");
  });
});

describe("findRule", () => {
  /** Every criterion of every generic rule checked in priority order, nothing skipped. */
  function firstByBruteForce(
    text: string,
    reply: number | null,
    enh: string | null,
    stage: Stage | null,
    action: string | null,
  ): string | null {
    const ok = (r: Rule) => {
      const m = r.match;
      if (m.code && (reply === null || !m.code.includes(reply))) return false;
      if (m.enhanced) {
        if (enh === null) return false;
        const hit = m.enhanced.some((e) =>
          e.endsWith(".") || e.split(".").length < 3
            ? enh.startsWith(e.endsWith(".") ? e : `${e}.`)
            : enh === e,
        );
        if (!hit) return false;
      }
      if (m.stage && (stage === null || !m.stage.includes(stage))) return false;
      if (m.dsnAction && (action === null || !m.dsnAction.includes(action))) return false;
      return !m.text || m.text.some((re) => re.test(text));
    };
    return RULES.find((r) => r.provider === undefined && ok(r))?.id ?? null;
  }

  it("finds the rule every criterion checked in order would, whether woken by a literal or a code", () => {
    const cases: [string, number | null, string | null, Stage | null, string | null][] = [];
    for (const r of RULES) {
      if (r.provider !== undefined) continue;
      const s = r.sample;
      cases.push([s.text, s.replyCode ?? null, s.enhancedCode ?? null, s.stage ?? null, s.dsnAction ?? null]);
      // The codes alone, without the words: only the code-keyed rules can answer.
      for (const e of r.match.enhanced ?? [])
        if (!e.endsWith(".") && e.split(".").length === 3)
          cases.push([
            "",
            r.match.code?.[0] ?? null,
            e,
            r.match.stage?.[0] ?? null,
            r.match.dsnAction?.[0] ?? null,
          ]);
      for (const c of r.match.code ?? []) cases.push(["", c, null, null, r.match.dsnAction?.[0] ?? null]);
    }
    expect(cases.length).toBeGreaterThan(300);
    for (const [text, reply, enh, stage, action] of cases)
      expect(
        findRule(text, null, reply, enh, stage, undefined, undefined, action)?.id ?? null,
        JSON.stringify([text, reply, enh, stage, action]),
      ).toBe(firstByBruteForce(text, reply, enh, stage, action));
  });
});

describe("classifyAll", () => {
  it("gives each recipient the diagnosis classify gives it, hints shared or not", () => {
    const hints = ["from: Mail Delivery Subsystem <MAILER-DAEMON@example.org>", "subject: Returned mail"];
    const gmailHints = [
      "from: Mail Delivery Subsystem <mailer-daemon@googlemail.com>",
      "subject: Delivery failure",
    ];
    const parsed = [
      fromReply("550 5.1.1 User unknown", { recipient: "a@example.org", hints }),
      fromReply("552 5.2.2 Mailbox full", { recipient: "b@example.org", hints: [...hints] }),
      fromReply("550 5.7.1 Relay access denied", { recipient: "c@example.org", hints: gmailHints }),
      fromReply("451 4.7.1 Try again later (state 14)", { recipient: "d@example.org", hints: [] }),
      fromReply("550 5.1.1 User unknown", { recipient: "e@example.org", hints }),
    ];
    expect(classifyAll(parsed)).toEqual(parsed.map(classify));
  });
});

import { describe, expect, it } from "vitest";
import { diagnose } from "@/lib/bounce/diagnose";
import { buildDsn } from "./dsn";
import {
  Greylist,
  matchSandboxRule,
  parseSandboxAddress,
  parseSandboxRules,
  RateCounter,
  SCENARIOS,
  scenarioReply,
} from "./sandbox";

const ctx = {
  clientIp: "198.51.100.7",
  senderDomain: "shop.example",
  recipient: "scenario-x@sandbox.example",
};

describe("sandbox addresses", () => {
  it("reads reply-<code>-<enhanced>, stages, +dsn and tags", () => {
    expect(parseSandboxAddress("reply-550-5.7.26@sandbox.example")).toMatchObject({
      scenario: "reply-550-5.7.26",
      stage: "rcpt",
      dsn: false,
      reply: { code: 550, enhanced: "5.7.26" },
    });
    expect(parseSandboxAddress("Reply-451-4.7.1+DATA+build42@x")).toMatchObject({
      stage: "data",
      tags: ["build42"],
    });
    expect(parseSandboxAddress("reply-550-5.1.1+dsn@x")).toMatchObject({ dsn: true });
    expect(parseSandboxAddress("reply-421@x")?.reply?.text).toMatch(/^421 Try again later/);
    expect(parseSandboxAddress("scenario-greylist+mail@x")).toMatchObject({
      scenario: "greylist",
      stage: "mail",
    });
    expect(parseSandboxAddress("scenario-gmail-dmarc@x")).toMatchObject({
      scenario: "gmail-dmarc",
      stage: "data",
    });
  });

  it("refuses what is not a reply: unknown scenarios, 3xx/6xx codes, mismatched classes", () => {
    expect(parseSandboxAddress("scenario-nope@x")).toBeNull();
    expect(parseSandboxAddress("reply-354@x")).toBeNull();
    expect(parseSandboxAddress("reply-650@x")).toBeNull();
    expect(parseSandboxAddress("reply-550-4.7.1@x")).toBeNull();
    expect(parseSandboxAddress("test-abc@x")).toBeNull();
  });
});

describe("round trip: the classifier diagnoses every scenario as intended", () => {
  for (const s of Object.values(SCENARIOS)) {
    it(`scenario-${s.name}`, () => {
      const reply = scenarioReply(s.name, ctx);
      expect(reply.text.startsWith(String(reply.code))).toBe(true);
      const d = diagnose(reply.text);
      expect({ family: d.family, reason: d.reason }).toEqual(s.expect);
      expect(d.replyCode).toBe(reply.code);
      if (reply.enhanced) expect(d.enhancedCode).toBe(reply.enhanced);

      // The same reply inside the DSN the sandbox sends back (RFC 3464) reads the same.
      const dsn = buildDsn({
        reportingMta: "sandbox.example",
        sender: "app@shop.example",
        recipient: ctx.recipient,
        reply,
        originalHeaders: "From: app@shop.example\r\nTo: scenario-x@sandbox.example\r\nSubject: hi",
      });
      const fromDsn = diagnose(dsn);
      expect({ family: fromDsn.family, reason: fromDsn.reason }).toEqual(s.expect);
      expect(fromDsn.recipient).toBe(ctx.recipient);
    });
  }

  it("reply- addresses for common codes are diagnosed with their enhanced code and permanence", () => {
    for (const addr of [
      "reply-550-5.1.1",
      "reply-552-5.2.2",
      "reply-550-5.7.26",
      "reply-451-4.7.1",
      "reply-421-4.7.0",
    ]) {
      const r = parseSandboxAddress(`${addr}@x`)!.reply!;
      const d = diagnose(r.text);
      expect(d.replyCode).toBe(r.code);
      expect(d.enhancedCode).toBe(r.enhanced);
      expect(d.permanent).toBe(r.code >= 500);
    }
  });
});

describe("greylist and rate", () => {
  it("defers a triplet's first attempt, accepts the retry after the delay", () => {
    const g = new Greylist(1000);
    expect(g.check("1.2.3.4", "a@b", "c@d", 0)).toBe(true);
    expect(g.check("1.2.3.4", "a@b", "c@d", 500)).toBe(true);
    expect(g.check("1.2.3.4", "a@b", "c@d", 1500)).toBe(false);
    expect(g.check("1.2.3.5", "a@b", "c@d", 1500)).toBe(true);
  });
  it("counts messages per client in its window", () => {
    const r = new RateCounter(2, 1000);
    expect(r.exceeded("k", 0)).toBe(false);
    r.record("k", 0);
    r.record("k", 10);
    expect(r.exceeded("k", 20)).toBe(true);
    expect(r.exceeded("k", 1500)).toBe(false);
  });
});

describe("rules per address pattern", () => {
  it("match the whole address and give their reply at their stage", () => {
    const rules = parseSandboxRules(
      '[{"pattern":"vip-.*@sandbox\\\\.example","reply":"550 5.7.1 VIP list closed","stage":"data"},{"pattern":"full@.*","reply":"452 4.2.2 Mailbox full"}]',
    );
    expect(matchSandboxRule(rules, "vip-42@sandbox.example")).toMatchObject({
      scenario: "rule-1",
      stage: "data",
      reply: { code: 550, enhanced: "5.7.1", text: "550 5.7.1 VIP list closed" },
    });
    expect(matchSandboxRule(rules, "FULL@x.test")).toMatchObject({ stage: "rcpt", reply: { code: 452 } });
    expect(matchSandboxRule(rules, "xvip-42@sandbox.example")).toBeNull();
  });
  it("refuse bad configuration with a message naming the rule", () => {
    expect(() => parseSandboxRules("{")).toThrow(/not JSON/);
    expect(() => parseSandboxRules('[{"pattern":"(","reply":"550 x"}]')).toThrow(/\[0\]\.pattern/);
    expect(() => parseSandboxRules('[{"pattern":"a","reply":"250 4.2.0 x"}]')).toThrow(/\[0\]\.reply/);
    expect(() => parseSandboxRules('[{"pattern":"a","reply":"550 x","stage":"helo"}]')).toThrow(/stage/);
  });
});

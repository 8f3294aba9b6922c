import { createReadStream, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Diagnosis, Family, ParsedBounce } from "@/lib/bounce/types";
import { AppError } from "@/lib/errors";
import { analyzeBounces, bandOf, cacheKey, type BulkGroup } from "./index";
import { generatePostfixLog } from "./generate";
import { readLines } from "./lines";

const path = (p: string) => fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url));
const read = (p: string) => readFileSync(path(p), "utf8");

/** A deliberately simple classifier, so the counts below test the grouping, not the rules. */
function makeClassifier() {
  const calls: ParsedBounce[] = [];
  const fn = (p: ParsedBounce): Diagnosis => {
    calls.push(p);
    const e = p.enhancedCode ?? "";
    const family: Family = e.startsWith("4.")
      ? "transient"
      : e === "5.7.26"
        ? "authentication"
        : e.startsWith("5.7.")
          ? "reputation"
          : e.startsWith("5.1.")
            ? "mailbox"
            : e.startsWith("5.2.")
              ? "mailbox_state"
              : "unknown";
    return {
      replyCode: p.replyCode,
      enhancedCode: p.enhancedCode,
      enhancedMeaning: null,
      permanent: null,
      family,
      reason: "undefined",
      provider: p.remoteMta?.endsWith("google.com") ? "gmail" : p.remoteMta ? "other" : null,
      stage: p.stage,
      recipient: p.recipient,
      senderDomain: p.senderDomain,
      sendingIp: p.sendingIp,
      remoteMta: p.remoteMta,
      blocklist: null,
      action: `fix ${family}`,
      retry: false,
      summary: "",
      fix: [],
      linkedChecks: [],
      ruleId: null,
    };
  };
  return { fn, calls };
}

const counts = (gs: BulkGroup[]) => Object.fromEntries(gs.map((g) => [g.key, g.count]));

async function* chunksOf(text: string, size: number): AsyncIterable<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

describe("analyzeBounces: Postfix log", () => {
  it("counts bounces, deferrals and deliveries, groups them and caches classification", async () => {
    const c = makeClassifier();
    const s = await analyzeBounces(createReadStream(path("bulk/postfix.log")), { classify: c.fn });
    expect(s.format).toBe("postfix");
    expect(s.totals).toMatchObject({
      lines: 12,
      bounces: 4,
      deferrals: 1,
      delivered: 2,
      unparsed: 0,
      sent: 6,
      sentSource: "log",
    });
    expect(s.totals.bounceRate).toBeCloseTo(4 / 6);
    expect(counts(s.groups.family)).toEqual({ mailbox: 2, authentication: 1, reputation: 1, transient: 1 });
    expect(counts(s.groups.enhancedCode)).toEqual({ "5.1.1": 2, "5.7.26": 1, "5.7.1": 1, "4.4.1": 1 });
    expect(counts(s.groups.recipientDomain)).toEqual({ "example.com": 3, "gmail.com": 1, "example.org": 1 });
    expect(counts(s.groups.provider)).toEqual({ other: 2 + 1, gmail: 1, unknown: 1 });
    expect(counts(s.groups.sendingIp)).toEqual({ unknown: 4, "203.0.113.5": 1 });
    // alice and gina differ only in the address: one classification for both.
    expect(c.calls).toHaveLength(4);
    const mailbox = s.groups.family.find((g) => g.key === "mailbox")!;
    expect(mailbox).toMatchObject({ bounces: 2, deferrals: 0, band: "act" });
    expect(mailbox.share).toBeCloseTo(2 / 6);
    expect(mailbox.examples.map((e) => e.recipient)).toEqual(["alice@example.com", "gina@example.com"]);
    const carol = s.groups.enhancedCode.find((g) => g.key === "5.7.26")!.examples[0]!;
    expect(carol).toMatchObject({ replyCode: 550, recipient: "carol@gmail.com" });
    expect(carol.text).toContain("sender is unauthenticated. https://support.google.com");
    // Actions ordered by count x severity: authentication (3) and reputation (3) outrank mailbox (2 x 1).
    expect(s.actions.map((a) => a.action)).toEqual([
      "fix authentication",
      "fix reputation",
      "fix mailbox",
      "fix transient",
    ]);
  });

  it("uses the given total-sent figure for shares and bands", async () => {
    const s = await analyzeBounces([read("bulk/postfix.log")], {
      classify: makeClassifier().fn,
      totalSent: 200,
    });
    expect(s.totals).toMatchObject({ sent: 200, sentSource: "given", band: "watch" });
    const fam = Object.fromEntries(s.groups.family.map((g) => [g.key, [g.share, g.band]]));
    expect(fam["mailbox"]).toEqual([0.01, "watch"]);
    expect(fam["authentication"]).toEqual([0.005, "low"]);
  });

  it("classifies with the real classifier by default", async () => {
    const s = await analyzeBounces(chunksOf(read("bulk/postfix.log"), 7));
    expect(s.totals.bounces + s.totals.deferrals).toBe(5);
    expect(s.groups.family.reduce((n, g) => n + g.count, 0)).toBe(5);
    expect(counts(s.groups.family)["mailbox"]).toBe(2);
    expect(counts(s.groups.family)["authentication"]).toBe(1);
    expect(s.actions.length).toBeGreaterThan(0);
  });
});

describe("analyzeBounces: other formats", () => {
  it("Exim main log", async () => {
    const s = await analyzeBounces(createReadStream(path("bulk/exim-main.log")), {
      classify: makeClassifier().fn,
    });
    expect(s.format).toBe("exim");
    expect(s.totals).toMatchObject({ bounces: 3, deferrals: 1, delivered: 2 });
    expect(counts(s.groups.sendingIp)).toEqual({ "203.0.113.81": 2, "203.0.113.80": 1, unknown: 1 });
    expect(counts(s.groups.enhancedCode)).toEqual({ "5.1.1": 1, "4.7.1": 1, unknown: 1, "5.7.1": 1 });
    expect(counts(s.groups.recipientDomain)).toEqual({
      "example.org": 2,
      "example.net": 1,
      "nowhere.example": 1,
    });
    const unrouteable = s.groups.enhancedCode.find((g) => g.key === "unknown")!.examples[0]!;
    expect(unrouteable.text).toBe("Unrouteable address");
  });

  it("one reply per line", async () => {
    const s = await analyzeBounces([read("bulk/replies.txt")], { classify: makeClassifier().fn });
    expect(s.format).toBe("lines");
    expect(s.totals).toMatchObject({ lines: 7, bounces: 4, deferrals: 1, delivered: 1, unparsed: 0 });
    expect(counts(s.groups.enhancedCode)).toEqual({ "5.1.1": 2, "4.7.0": 1, "5.2.2": 1, unknown: 1 });
    expect(counts(s.groups.sendingIp)).toEqual({ unknown: 4, "203.0.113.7": 1 });
    // The address a reply names is the recipient, unless the reply is about the sender.
    expect(counts(s.groups.recipientDomain)).toEqual({ "example.com": 2, unknown: 3 });
  });

  it("CSV export with quoted fields spanning lines", async () => {
    const s = await analyzeBounces(chunksOf(read("bulk/esp-export.csv"), 13), {
      classify: makeClassifier().fn,
    });
    expect(s.format).toBe("csv");
    expect(s.totals).toMatchObject({ bounces: 4, deferrals: 1, delivered: null, unparsed: 0 });
    expect(counts(s.groups.enhancedCode)).toEqual({ "5.1.1": 2, "4.7.0": 1, "5.7.1": 1, "5.2.2": 1 });
    expect(counts(s.groups.recipientDomain)).toEqual({
      "example.com": 2,
      "example.net": 2,
      "example.org": 1,
    });
    const blocked = s.groups.enhancedCode.find((g) => g.key === "5.7.1")!.examples[0]!;
    expect(blocked.text).toBe('Message rejected: the "sender" is on a blocklist');
  });

  it("mbox of bounce messages: one event per recipient", async () => {
    const msgs = [
      "messages/postfix.eml",
      "messages/exim.eml",
      "messages/qmail.eml",
      "messages/rfc3464-multi-recipient.eml",
    ];
    const mbox = msgs.map((m) => `From MAILER-DAEMON  Mon Mar  6 10:15:02 2023\n${read(m)}\n`).join("");
    const s = await analyzeBounces(chunksOf(mbox, 4096), { classify: makeClassifier().fn });
    expect(s.format).toBe("mbox");
    expect(s.totals).toMatchObject({ bounces: 7, deferrals: 1, unparsed: 0 });
    expect(counts(s.groups.enhancedCode)).toEqual({
      "5.1.1": 4,
      "5.7.1": 1,
      "5.1.2": 1,
      "5.2.2": 1,
      "4.4.7": 1,
    });
    expect(counts(s.groups.sendingIp)["203.0.113.44"]).toBe(2);
  });

  it("an explicit format overrides detection; a plain string is one chunk", async () => {
    const s = await analyzeBounces("550 5.1.1 a\n550 5.1.1 b\n", {
      format: "lines",
      classify: makeClassifier().fn,
    });
    expect(s.totals).toMatchObject({ lines: 2, bounces: 2 });
  });
});

describe("analyzeBounces: bad input and bounds", () => {
  it("empty input is an empty_input error", async () => {
    await expect(analyzeBounces(["", "\n  \n"])).rejects.toSatisfy(
      (e) => e instanceof AppError && e.code === "empty_input",
    );
  });

  it("binary data does not crash", async () => {
    const bytes = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7919 + 13) % 256);
    const s = await analyzeBounces([bytes], { classify: makeClassifier().fn });
    expect(s.totals.lines).toBeGreaterThan(0);
  });

  it("a line without end is cut, not accumulated", async () => {
    const lines: string[] = [];
    for await (const l of readLines(chunksOf("x".repeat(1_000_000) + "\nnext\n", 65_536), 1000))
      lines.push(l);
    expect(lines.map((l) => l.length)).toEqual([1000, 4]);
  });

  it("distinct keys are capped, the rest counted as other", async () => {
    const text = Array.from({ length: 50 }, (_, i) => `550 5.1.1 <u@d${i}.example>: unknown`).join("\n");
    const s = await analyzeBounces([text], { classify: makeClassifier().fn, maxKeys: 10, topN: 100 });
    expect(s.truncated).toBe(true);
    expect(s.groups.recipientDomain).toHaveLength(11);
    expect(counts(s.groups.recipientDomain)["other"]).toBe(40);
  });

  it("bands follow the guides' thresholds", () => {
    expect([bandOf(0.0099), bandOf(0.01), bandOf(0.03), bandOf(0.0301), bandOf(null)]).toEqual([
      "low",
      "watch",
      "watch",
      "act",
      null,
    ]);
  });

  it("the cache key masks addresses, ids and numbers but keeps the words", () => {
    const base: ParsedBounce = {
      replyCode: 550,
      enhancedCode: "5.1.1",
      text: "",
      stage: "rcpt_to",
      recipient: null,
      senderDomain: null,
      sendingIp: null,
      remoteMta: "mx1.example.com",
      dsnAction: "failed",
      hints: [],
    };
    const k = (text: string, remoteMta = "mx1.example.com") => cacheKey({ ...base, text, remoteMta });
    expect(k("<a@x.example> unknown id 4Rk2Yb0x")).toBe(k("<bb@y.example> unknown id 9Zz1Aa3c"));
    expect(k("unknown", "mx1.example.com")).toBe(k("unknown", "mx2.example.com"));
    expect(k("unknown")).not.toBe(k("mailbox full"));
  });

  it("a generated 200,000-line Postfix log: exact totals, bounded memory", async () => {
    // Count statuses independently of the analyzer, on the same deterministic stream.
    let sent = 0;
    let bounced = 0;
    let deferred = 0;
    for await (const chunk of generatePostfixLog(200_000, 42)) {
      sent += chunk.split("status=sent").length - 1;
      bounced += chunk.split("status=bounced").length - 1;
      deferred += chunk.split("status=deferred").length - 1;
    }
    expect(sent + bounced + deferred).toBe(200_000);
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    let n = 0;
    async function* sampled() {
      for await (const c of generatePostfixLog(200_000, 42)) {
        if (++n % 20 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
        yield c;
      }
    }
    const t0 = performance.now();
    const s = await analyzeBounces(sampled());
    const ms = performance.now() - t0;
    expect(s.totals).toMatchObject({
      lines: 200_000,
      delivered: sent,
      bounces: bounced,
      deferrals: deferred,
      unparsed: 0,
    });
    expect(s.groups.family.reduce((a, g) => a + g.count, 0)).toBe(bounced + deferred);
    expect(s.groups.recipientDomain.length).toBe(20);
    expect(s.truncated).toBe(false);
    // Heap growth while streaming ~50 MB of log stays far below the input size.
    expect(peak - before).toBeLessThan(120 * 1024 * 1024);
    expect(ms).toBeLessThan(60_000);
  }, 120_000);
});

describe("analyzeBounces: CSV column detection", () => {
  it("Postmark-style columns: Details (the reply) is preferred over Description; Type gives soft/hard", async () => {
    const csv = [
      "Type,TypeCode,Description,Details,Email,BouncedAt",
      'HardBounce,1,"The server was unable to deliver your message","smtp;550 5.1.1 The email account that you tried to reach does not exist",a@example.com,2026-03-01',
      'SoftBounce,4096,"Unable to deliver temporarily","smtp;452 4.2.2 The email account that you tried to reach is over quota",b@example.org,2026-03-01',
    ].join("\n");
    const s = await analyzeBounces([csv], { classify: makeClassifier().fn });
    expect(s.format).toBe("csv");
    expect(s.totals).toMatchObject({ bounces: 1, deferrals: 1 });
    expect(counts(s.groups.enhancedCode)).toEqual({ "5.1.1": 1, "4.2.2": 1 });
    expect(s.groups.enhancedCode[0]!.examples[0]!.text).toContain("tried to reach");
  });

  it("SES-style columns with semicolons", async () => {
    const csv = [
      "emailAddress;bounceType;diagnosticCode",
      'c@example.net;Permanent;"smtp; 550 5.7.1 blocked"',
    ].join("\n");
    const s = await analyzeBounces([csv], { classify: makeClassifier().fn });
    expect(s.totals).toMatchObject({ bounces: 1, deferrals: 0 });
    expect(counts(s.groups.recipientDomain)).toEqual({ "example.net": 1 });
    expect(counts(s.groups.enhancedCode)).toEqual({ "5.7.1": 1 });
  });

  it("a header without a recipient column is invalid input", async () => {
    await expect(analyzeBounces(["id,reason\n1,550 5.1.1 x\n"], { format: "csv" })).rejects.toSatisfy(
      (e) => e instanceof AppError && e.code === "invalid_input",
    );
  });
});

describe("analyzeBounces: Exim through syslog", () => {
  it("reads Exim lines with a syslog prefix and 4.97-style ids", async () => {
    const log = [
      "Mar  7 09:00:01 mx exim[811]: 1rZabb-000000001Xw-1Zab <= news@shop.example H=app.shop.example [203.0.113.80] P=esmtpsa S=1234",
      "Mar  7 09:00:02 mx exim[812]: 1rZabb-000000001Xw-1Zab ** bob@example.net R=dnslookup T=remote_smtp H=mx.example.net [192.0.2.20]: SMTP error from remote mail server after RCPT TO:<bob@example.net>: 550 5.1.1 unknown",
      "Mar  7 09:00:02 mx exim[812]: 1rZabb-000000001Xw-1Zab => ann@example.net R=dnslookup T=remote_smtp H=mx.example.net [192.0.2.20]",
    ].join("\n");
    const s = await analyzeBounces([log], { classify: makeClassifier().fn });
    expect(s.format).toBe("exim");
    expect(s.totals).toMatchObject({ bounces: 1, deferrals: 0, delivered: 1 });
    expect(s.groups.enhancedCode[0]).toMatchObject({ key: "5.1.1", count: 1 });
  });
});

describe("analyzeBounces: pathological lines", () => {
  it("long junk inside Postfix, Exim and CSV records stays fast", async () => {
    const junk = (c: string) => c.repeat(60_000);
    const pf = ["-", " ", "5", "<", "@."]
      .map(
        (c) =>
          `Mar  6 10:15:02 mail postfix/smtp[1]: Q: to=<a@example.com>, relay=x, dsn=5.1.1, status=bounced (${junk(c)})`,
      )
      .join("\n");
    const ex = ["-", " ", "5", "<"]
      .map(
        (c) =>
          `2023-03-07 09:00:02 1pZabb-0001Xw-1Z ** a@example.net R=r T=t: SMTP error from remote mail server after RCPT TO:<a@example.net>: ${junk(c)}`,
      )
      .join("\n");
    const csv = `email,reason\na@example.com,"${junk("x")}\n${junk(" ")}`;
    for (const text of [pf, ex, csv]) {
      const t0 = performance.now();
      const s = await analyzeBounces(text, { classify: makeClassifier().fn });
      expect(s.totals.bounces).toBeGreaterThan(0);
      expect(performance.now() - t0).toBeLessThan(5000);
    }
  });
});

describe("format detection", () => {
  it("tells CSV headers from replies and prose", async () => {
    const { detectFormat } = await import("./formats");
    expect(detectFormat(["reason,email", "550 x,a@example.com"])).toBe("csv");
    expect(detectFormat(['"Email Address";"Bounce Type"', "a@example.com;hard"])).toBe("csv");
    expect(detectFormat(["to, whom it may concern", "550 5.1.1 unknown"])).toBe("lines");
    expect(detectFormat(["550 5.1.1 <a@example.com>, unknown, status"])).toBe("lines");
    expect(detectFormat(["From MAILER-DAEMON Mon Mar  6 10:15:02 2023", "From: x"])).toBe("mbox");
  });
});

describe("analyzeBounces: JSON Lines of ESP events", () => {
  it("one event per line; lines without a bounce are unparsed", async () => {
    const ndjson = [
      JSON.stringify({
        email: "a@example.com",
        event: "bounce",
        reason: "550 5.1.1 unknown user",
        status: "5.1.1",
      }),
      JSON.stringify({ email: "b@example.org", event: "deferred", response: "421 4.7.0 try later" }),
      JSON.stringify({ email: "c@example.org", event: "open" }),
    ].join("\n");
    const s = await analyzeBounces(ndjson, { classify: makeClassifier().fn });
    expect(s.format).toBe("lines");
    expect(s.totals).toMatchObject({ bounces: 1, deferrals: 1, unparsed: 1 });
    expect(counts(s.groups.recipientDomain)).toEqual({ "example.com": 1, "example.org": 1 });
  });
});

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createMemoryResolver } from "@/lib/dns/memory-resolver";
import { MAIL_ZONE, makeMessage, sign } from "@/test-support/mail/fixtures";
import { bulkSenderChecklist } from "@/lib/scoring/checklist";
import { analyzeMessage } from "./analyze";
import { fillChecklist, messageChecklistItems, sentByFromDomain, type LatestMessage } from "./checklist";
import type { Envelope } from "./types";

const resolver = () => createMemoryResolver({ zoneText: [readFileSync(MAIL_ZONE, "utf8")] });
const env = (over: Partial<Envelope> = {}): Envelope => ({
  clientIp: "127.0.0.1",
  helo: "mx.mail-sender.test",
  mailFrom: "bounces@mail-sender.test",
  rcptTo: ["test-abc@inbox.test"],
  tls: { version: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384" },
  ...over,
});
const byId = (items: { id: string; status: string }[]) =>
  Object.fromEntries(items.map((i) => [i.id, i.status]));

const ONE_CLICK_SIGNED = [
  "from",
  "to",
  "subject",
  "date",
  "message-id",
  "list-unsubscribe",
  "list-unsubscribe-post",
];

describe("messageChecklistItems", () => {
  it("a signed, aligned message over TLS with signed one-click headers meets every item", async () => {
    const raw = await sign(makeMessage({ oneClick: true }), "s2048", { headers: ONE_CLICK_SIGNED });
    const m = await analyzeMessage(raw, { resolver: resolver(), envelope: env() });
    const items = messageChecklistItems(m);
    expect(byId(items)).toEqual({ alignment: "pass", fcrdns: "pass", tls: "pass", unsubscribe: "pass" });
    expect(items.find((i) => i.id === "alignment")!.because).toMatch(
      /mail-sender\.test aligned through SPF and DKIM/,
    );
    expect(items.find((i) => i.id === "tls")!.because).toMatch(/TLSv1\.3/);
    expect(items.find((i) => i.id === "fcrdns")!.because).toBe("127.0.0.1 → mx.mail-sender.test → 127.0.0.1");
    // The spam-rate half is never claimed.
    expect(items.find((i) => i.id === "unsubscribe")!.because).toMatch(/spam rate .* not checked/);
  });

  it("a misaligned signer from an unlisted IP without TLS and unsigned one-click fails them, saying why", async () => {
    const raw = await sign(makeMessage({ oneClick: true }), "other");
    const m = await analyzeMessage(raw, {
      resolver: resolver(),
      envelope: env({ clientIp: "192.0.2.99", helo: "evil.example", tls: null }),
    });
    const items = messageChecklistItems(m);
    expect(byId(items)).toEqual({ alignment: "fail", fcrdns: "unknown", tls: "fail", unsubscribe: "fail" });
    // No reverse zone for 192.0.2.0/24 in the fixtures: undetermined, never guessed.
    expect(items.find((i) => i.id === "fcrdns")!.because).toBe(
      "reverse DNS of 192.0.2.99 could not be determined",
    );
    expect(items.find((i) => i.id === "alignment")!.because).toMatch(
      /neither aligned with mail-sender\.test: SPF fail.*DKIM pass \(d=mail-other\.test\)/,
    );
    expect(items.find((i) => i.id === "tls")!.because).toBe("received without STARTTLS");
    expect(items.find((i) => i.id === "unsubscribe")!.because).toMatch(
      /not covered by an aligned DKIM signature/,
    );
  });

  it("a pasted message cannot tell TLS; no List-Unsubscribe at all fails one-click", async () => {
    const raw = await sign(makeMessage(), "s2048");
    const m = await analyzeMessage(raw, { resolver: resolver() });
    const items = messageChecklistItems(m);
    expect(byId(items)).toMatchObject({ tls: "unknown", fcrdns: "unknown", unsubscribe: "fail" });
    expect(items.find((i) => i.id === "unsubscribe")!.because).toMatch(/^no List-Unsubscribe header/);
  });
});

describe("fillChecklist", () => {
  const latest = (items: LatestMessage["items"]): LatestMessage => ({
    createdAt: "2026-12-06T09:00:00.000Z",
    source: "smtp",
    items,
    providers: [],
  });
  const item = (id: string, status: "pass" | "fail" | "unknown") => ({
    id,
    label: id,
    status,
    because: `msg ${id}`,
  });

  it("replaces what needs a message, and the PTR item only when DNS could not decide it", () => {
    const dnsOnly = bulkSenderChecklist({});
    expect(byId(dnsOnly)).toMatchObject({
      alignment: "unknown",
      tls: "unknown",
      unsubscribe: "not_applicable",
    });
    const filled = fillChecklist(
      dnsOnly,
      latest([
        item("alignment", "fail"),
        item("fcrdns", "pass"),
        item("tls", "pass"),
        item("unsubscribe", "unknown"),
      ]),
    );
    expect(byId(filled)).toMatchObject({
      alignment: "fail",
      fcrdns: "pass",
      tls: "pass",
      unsubscribe: "not_applicable",
    });
    const alignment = filled.find((i) => i.id === "alignment")!;
    expect(alignment.because).toBe("msg alignment");
    // Dated only: the message report stays private (no id, no link).
    expect(alignment.fromMessage).toEqual({ createdAt: "2026-12-06T09:00:00.000Z" });
    // Undecided by the message: the DNS item stays, with no message attached.
    expect(filled.find((i) => i.id === "unsubscribe")!.fromMessage).toBeUndefined();
    // Items DNS decides are never taken from a message.
    expect(filled.find((i) => i.id === "spf")).toEqual(dnsOnly.find((i) => i.id === "spf"));

    const withPtr = dnsOnly.map((i) =>
      i.id === "fcrdns" ? { ...i, status: "fail" as const, because: "dns" } : i,
    );
    const kept = fillChecklist(withPtr, latest([item("fcrdns", "pass")]));
    expect(kept.find((i) => i.id === "fcrdns")).toMatchObject({ status: "fail", because: "dns" });
  });

  it("leaves the checklist as it is without a message", () => {
    const dnsOnly = bulkSenderChecklist({});
    expect(fillChecklist(dnsOnly, undefined)).toBe(dnsOnly);
  });
});

describe("sentByFromDomain", () => {
  const analyze = (raw: string, envelope?: Envelope) =>
    analyzeMessage(raw, { resolver: resolver(), ...(envelope ? { envelope } : {}) });

  it("counts a message DKIM-signed by the From: domain, received or pasted", async () => {
    const signed = await sign(makeMessage(), "s2048");
    expect(sentByFromDomain(await analyze(signed, env()))).toBe(true);
    expect(sentByFromDomain(await analyze(signed))).toBe(true);
  });

  it("counts an unsigned message whose MAIL FROM domain passed SPF", async () => {
    const m = await analyze(makeMessage(), env());
    expect(m.spf?.result).toBe("pass");
    expect(sentByFromDomain(m)).toBe(true);
  });

  it("counts a signature by the organizational domain of a subdomain's From:", async () => {
    const raw = await sign(makeMessage({ from: "alice@news.mail-sender.test" }), "s2048");
    expect(sentByFromDomain(await analyze(raw, env({ mailFrom: "x@mail-other.test" })))).toBe(true);
  });

  it("does not count a forged From: (SPF fails, no signature)", async () => {
    const m = await analyze(makeMessage(), env({ mailFrom: "forger@mail-other.test" }));
    expect(m.spf?.result).toBe("fail");
    expect(sentByFromDomain(m)).toBe(false);
    // Pasted without a signature: nothing vouches for the From: domain.
    expect(sentByFromDomain(await analyze(makeMessage()))).toBe(false);
  });

  it("does not count a valid signature or an SPF pass of another organization", async () => {
    const raw = await sign(makeMessage(), "other");
    const m = await analyze(raw, env({ mailFrom: "forger@mail-other.test" }));
    expect(m.dkim.map((s) => [s.domain, s.result])).toEqual([["mail-other.test", "pass"]]);
    expect(sentByFromDomain(m)).toBe(false);
  });

  it("does not count an SPF pass for the HELO name of a null reverse-path", async () => {
    const m = await analyze(makeMessage(), env({ mailFrom: null, helo: "mail-sender.test" }));
    expect(m.spf?.result).toBe("pass");
    expect(sentByFromDomain(m)).toBe(false);
  });

  it("does not count a passing signature that leaves From: unsigned", async () => {
    const m = await analyze(await sign(makeMessage(), "s2048"), env({ mailFrom: "forger@mail-other.test" }));
    const unsigned = {
      ...m,
      dkim: m.dkim.map((s) => ({ ...s, headers: s.headers.filter((h) => h !== "from") })),
    };
    expect(sentByFromDomain(m)).toBe(true);
    expect(sentByFromDomain(unsigned)).toBe(false);
  });

  it("does not count a message with two From: fields", async () => {
    const m = await analyze(await sign(makeMessage(), "s2048"), env());
    expect(sentByFromDomain({ ...m, from: { ...m.from, count: 2 } })).toBe(false);
  });
});

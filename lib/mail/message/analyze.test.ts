import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createMemoryResolver } from "@/lib/dns/memory-resolver";
import { arcSeal, MAIL_ZONE, makeMessage, sign } from "@/test-support/mail/fixtures";
import { analyzeMessage } from "./analyze";
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
const codes = (s: { findings: { code: string }[] }) => s.findings.map((f) => f.code);

describe("analyzeMessage", () => {
  it("a signed, aligned message over TLS passes everything", async () => {
    const raw = await sign(makeMessage({ oneClick: true }), "s2048", {
      headers: ["from", "to", "subject", "date", "message-id", "list-unsubscribe", "list-unsubscribe-post"],
    });
    const m = await analyzeMessage(raw, { resolver: resolver(), envelope: env() });
    expect(m.spf?.result).toBe("pass");
    expect(m.dkim).toHaveLength(1);
    expect(m.dkim[0]).toMatchObject({
      domain: "mail-sender.test",
      selector: "s2048",
      result: "pass",
      keyBits: 2048,
      aligned: true,
      bodyLength: null,
    });
    expect(m.dkim[0]!.headers).toContain("list-unsubscribe-post");
    expect(m.dmarc).toMatchObject({ result: "pass", policy: "reject", dkimAligned: true, spfAligned: true });
    expect(m.unsubscribe).toEqual({
      uris: ["https://mail-sender.test/unsubscribe/42", "mailto:unsub@mail-sender.test"],
      https: true,
      oneClick: true,
      signed: true,
    });
    expect(m.fcrdns).toMatchObject({ confirmed: true, heloMatches: true });
    expect(m.mime?.children?.map((c) => c.contentType)).toEqual(["text/plain", "text/html"]);
    expect(codes(m)).toEqual([]);
    expect(m.status).toBe("pass");
    expect(m.providers.every((p) => p.status === "pass")).toBe(true);
  });

  it("an altered body fails DKIM; with SPF from another IP, DMARC fails and the providers' replies are named", async () => {
    const raw = (await sign(makeMessage(), "s2048")).replace(
      "Hello from the sender.",
      "Hello from someone else.",
    );
    const m = await analyzeMessage(raw, {
      resolver: resolver(),
      envelope: env({ clientIp: "192.0.2.99", helo: "evil.example", tls: null }),
    });
    // A body hash mismatch: mailauth reports "neutral" (RFC 6376 §6.1.3 leaves the wording open); both fail DKIM.
    expect(["fail", "neutral"]).toContain(m.dkim[0]!.result);
    expect(m.spf?.result).toBe("fail");
    expect(m.dmarc?.result).toBe("fail");
    expect(codes(m)).toEqual(
      expect.arrayContaining([
        "message.dkim_fail",
        "message.spf_fail",
        "message.dmarc_fail",
        "message.no_tls",
      ]),
    );
    const gmail = m.providers.find((p) => p.rule === "gmail.authenticated")!;
    expect(gmail).toMatchObject({ status: "fail", replyCode: 550, enhancedCode: "5.7.26" });
    const ms = m.providers.find((p) => p.rule === "microsoft.authentication")!;
    expect(ms).toMatchObject({ status: "fail", enhancedCode: "5.7.509" });
    expect(m.providers.find((p) => p.rule === "gmail.tls")).toMatchObject({
      status: "fail",
      enhancedCode: "4.7.29",
    });
    expect(m.status).toBe("fail");
  });

  it("no signature, a weak key, a too-short key, l= and a misaligned signer are each reported", async () => {
    const none = await analyzeMessage(makeMessage(), { resolver: resolver(), envelope: env() });
    expect(codes(none)).toContain("message.dkim_missing");
    const weak = await analyzeMessage(await sign(makeMessage(), "s1024"), {
      resolver: resolver(),
      envelope: env(),
    });
    expect(weak.dkim[0]).toMatchObject({ result: "pass", keyBits: 1024 });
    expect(codes(weak)).toContain("message.dkim_key_weak");
    const tiny = await analyzeMessage(await sign(makeMessage(), "s512"), {
      resolver: resolver(),
      envelope: env(),
    });
    expect(tiny.dkim[0]).toMatchObject({ result: "policy", keyBits: 512 });
    expect(codes(tiny)).toContain("message.dkim_key_too_short");
    const l = await analyzeMessage(await sign(makeMessage(), "s2048", { bodyLength: 20 }), {
      resolver: resolver(),
      envelope: env(),
    });
    expect(l.dkim[0]!.bodyLength).toBe(20);
    expect(codes(l)).toContain("message.dkim_body_length");
    const other = await analyzeMessage(await sign(makeMessage(), "other"), {
      resolver: resolver(),
      envelope: env({ mailFrom: "b@mail-other.test" }),
    });
    expect(other.dkim[0]).toMatchObject({ domain: "mail-other.test", result: "pass", aligned: false });
    expect(codes(other)).toEqual(expect.arrayContaining(["message.dkim_not_aligned", "message.dmarc_fail"]));
  });

  it("one-click headers outside the signature are reported as unsigned", async () => {
    const raw = await sign(makeMessage({ oneClick: true }), "s2048");
    const m = await analyzeMessage(raw, { resolver: resolver(), envelope: env() });
    expect(m.unsubscribe).toMatchObject({ oneClick: true, https: true, signed: false });
    expect(codes(m)).toContain("message.one_click_unsigned");
    expect(m.providers.find((p) => p.rule === "gmail.one_click")?.status).toBe("fail");
  });

  it("an ARC-sealed forward validates its chain", async () => {
    const r = resolver();
    const original = await sign(makeMessage(), "s2048");
    const sealed = await arcSeal(original, r, {
      ip: "127.0.0.1",
      helo: "mx.mail-sender.test",
      sender: "bounces@mail-sender.test",
    });
    const m = await analyzeMessage(sealed, {
      resolver: r,
      envelope: env({ clientIp: "192.0.2.77", helo: "mx.mail-forwarder.test" }),
    });
    expect(m.arc).toMatchObject({ result: "pass", instances: 1, sealers: ["mail-forwarder.test"] });
    expect(m.dkim[0]!.result).toBe("pass");
    expect(codes(m)).not.toContain("message.arc_fail");
  });

  it("malformed MIME and missing headers are reported, not thrown", async () => {
    const raw = Buffer.from(
      'From: a@mail-sender.test\r\nFrom: b@mail-sender.test\r\nContent-Type: multipart/mixed; boundary="zz"\r\n\r\n--zz\r\nContent-Type: text/plain\r\n\r\ncaf\xe9\r\n',
      "latin1",
    );
    const m = await analyzeMessage(raw, { resolver: resolver() });
    expect(codes(m)).toEqual(
      expect.arrayContaining(["message.from_invalid", "message.header_missing", "message.mime_malformed"]),
    );
    expect(m.mimeProblems.map((p) => p.code)).toEqual([
      "missing_close_delimiter",
      "eight_bit_without_declaration",
    ]);
    expect(m.source).toBe("upload");
    expect(m.spf).toBeNull();
  });

  it("headers alone give what headers can show", async () => {
    const full = await sign(makeMessage(), "s2048");
    const head = full.slice(0, full.indexOf("\r\n\r\n"));
    const m = await analyzeMessage(head, { resolver: resolver() });
    expect(m.headerOnly).toBe(true);
    expect(m.mime).toBeNull();
    expect(codes(m)).toEqual(expect.arrayContaining(["message.headers_only", "message.dkim_unverified"]));
    expect(codes(m)).not.toContain("message.dkim_fail");
    expect(m.dmarc?.policy).toBe("reject");
  });
});

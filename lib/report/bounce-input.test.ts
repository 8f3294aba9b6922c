import { describe, expect, it } from "vitest";
import { looksBinary } from "@/lib/validation/binary";
import { isBounceText } from "./bounce-input";

describe("isBounceText", () => {
  it("accepts an SMTP reply, an enhanced code, a DSN or bounce wording", () => {
    for (const t of [
      "550 5.1.1 <a@example.com>: Recipient address rejected",
      "host mx.example.com[192.0.2.1] said: 554 rejected (in reply to end of DATA command)",
      "Status: 5.7.1\nAction: failed",
      "Content-Type: message/delivery-status",
      "Final-Recipient: rfc822; a@example.com",
      "Your message could not be delivered to one or more recipients.",
      "Undeliverable: quarterly report",
      "Mail Delivery Subsystem",
      "The message couldn't be delivered",
    ]) {
      expect(isBounceText(t), t).toBe(true);
    }
  });

  it("refuses text with none of them", () => {
    for (const t of [
      "hello my email is not working",
      "Can you check why customers say they get nothing from us? We moved 421 users last week.",
      "lorem ipsum dolor sit amet",
    ]) {
      expect(isBounceText(t), t).toBe(false);
    }
  });

  it("trusts the parser when it found a reply code", () => {
    expect(isBounceText("whatever", { replyCode: 550, enhancedCode: null })).toBe(true);
  });
});

describe("looksBinary", () => {
  it("flags NULs and bytes that are not text, not ordinary mail text", () => {
    expect(looksBinary("a\u0000b")).toBe(true);
    expect(looksBinary(Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x89, 0x50]).toString("utf8"))).toBe(true);
    expect(looksBinary("550 5.1.1 user unknown\r\n\tcontinued\f")).toBe(false);
    expect(looksBinary("Grüße, 日本語のメール — bounce")).toBe(false);
  });
});

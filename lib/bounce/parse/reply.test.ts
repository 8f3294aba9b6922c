import { describe, expect, it } from "vitest";
import { parseReply, stageFromPhrase } from "./reply";
import { LowerText } from "@/lib/bounce/mta/text";
import { parseTranscript } from "./transcript";
import { cleanHost, ipFromReplyText, normalizeAddress, receivedClientIp } from "./addr";

describe("parseReply", () => {
  it("takes RFC 3463 codes with 1-3 digit subject and detail, never from IP addresses", () => {
    expect(parseReply("550 5.1.10 RESOLVER.ADR.RecipientNotFound").enhancedCode).toBe("5.1.10");
    expect(parseReply("554 rejected: 192.5.1.1 is listed").enhancedCode).toBeNull();
    expect(parseReply("421 4.7.650 rate limited").enhancedCode).toBe("4.7.650");
  });
  it("drops an enhanced code whose class contradicts a failure reply code", () => {
    expect(parseReply("550 2.0.0 rejected").enhancedCode).toBeNull();
  });
  it("keeps text before a code-less reply and finds codes inside prose", () => {
    expect(parseReply("Remote host said: 550 5.1.1 no such user")).toMatchObject({
      replyCode: 550,
      enhancedCode: "5.1.1",
      text: "no such user",
    });
    expect(parseReply("mailbox unavailable")).toMatchObject({
      replyCode: null,
      enhancedCode: null,
      text: "mailbox unavailable",
    });
  });
  it("drops repeated code prefixes of folded continuation lines, and only those", () => {
    expect(parseReply("552-5.2.2 Mailbox full 552 5.2.2 try later").text).toBe("Mailbox full try later");
    expect(parseReply("Remote host said: 550-5.1.1 no such user 550-5.1.1 see the docs").text).toBe(
      "no such user see the docs",
    );
    expect(parseReply("550 user quota 550 exceeded 5550 times").text).toBe(
      "user quota 550 exceeded 5550 times",
    );
    expect(parseReply("550 5.7.1 spam score 550 5.7.1; try later").text).toBe(
      "spam score 550 5.7.1; try later",
    );
    expect(parseReply("550 5.7.1 blocked 550 5.7.1 again").text).toBe("blocked again");
  });
  it("reads the same folded reply alike every time (its prefix pattern is kept between calls)", () => {
    const folded = "Remote host said: 550-5.1.1 no such user 550-5.1.1 see the docs";
    const first = parseReply(folded).text;
    for (let i = 0; i < 3; i++) expect(parseReply(folded).text).toBe(first);
    // Same code, another enhanced code: its own pattern.
    expect(parseReply("550-5.7.1 spam 550-5.7.1 again 550 5.1.1 not this").text).toBe(
      "spam again 550 5.1.1 not this",
    );
  });

  it("stops at a different reply code (a second reply)", () => {
    expect(parseReply("550 5.1.1 unknown\n503 5.5.1 need RCPT")).toMatchObject({
      replyCode: 550,
      text: "unknown",
    });
  });
});

describe("stageFromPhrase", () => {
  it("reads the whole window of a long notice whose lower-casing is longer (İ → i̇)", () => {
    // The phrase ends at the last character of the 32,768-character window read; lower-casing each "İ"
    // adds a character, so the lower-cased text cut at that length would end before the phrase.
    const phrase = " (in reply to MAIL FROM command)";
    const start = "Delivery failed. " + "\u0130".repeat(30) + "\n550 5.7.1 blocked\n";
    const text = start + "x".repeat(32_768 - start.length - phrase.length) + phrase + "\nmore text";
    expect(text.toLowerCase().length).toBeGreaterThan(text.length);
    expect(stageFromPhrase(text)).toBe("mail_from");
    expect(stageFromPhrase(text, LowerText.of(text))).toBe("mail_from");
  });

  const cases: [string, string | null][] = [
    ["(in reply to RCPT TO command)", "rcpt_to"],
    ["(in reply to end of DATA command)", "after_data"],
    ["(in reply to DATA command)", "data"],
    ["(in reply to MAIL FROM command)", "mail_from"],
    ["(in reply to EHLO command)", "helo"],
    ["SMTP error from remote mail server after end of data", "after_data"],
    ["SMTP error from remote mail server after pipelined DATA", "data"],
    ["SMTP error from remote mail server after initial connection", "connect"],
    ["host mx[192.0.2.1] refused to talk to me: 554", "connect"],
    ["lost connection with mx[192.0.2.1] while receiving the initial server greeting", "connect"],
    [
      "lost connection with mx[192.0.2.1] while sending end of data -- message may be sent more than once",
      "after_data",
    ],
    ["conversation with mx[192.0.2.1] timed out while sending RCPT TO", "rcpt_to"],
    ["192.0.2.1 does not like recipient.", "rcpt_to"],
    ["Connected to 192.0.2.1 but sender was rejected.", "mail_from"],
    ["192.0.2.1 failed after I sent the message.", "after_data"],
    ["mta1.example.com [RCPT_TO]", "rcpt_to"],
    ["User unknown", null],
    // Every phrasing in any letter case (each regex is tried only where its literals occur).
    ["(In Reply To RCPT TO Command)", "rcpt_to"],
    ["Lost connection WHILE SENDING MAIL FROM", "mail_from"],
    ["timed out while receiving the banner", "connect"],
    ["AFTER SENDING THE MESSAGE", "after_data"],
    ["after the end of the message", "after_data"],
    ["mx.example.com [END_OF_DATA]", "after_data"],
    ["[eod] 550 rejected", "after_data"],
    ["[BODY]", "after_data"],
    ["SMTP error after final RCPT TO:<a@b>", "rcpt_to"],
    ["550 refused in reply to the rcpt to command", "rcpt_to"],
    ["X DOES NOT LIKE RECIPIENT.", "rcpt_to"],
    ["X does not like sender.", "mail_from"],
    ["[MAIL_FROM]", "mail_from"],
    ["Mail From Command rejected", "mail_from"],
    ["failed on DATA command", "data"],
    ["[data] 554 no", "data"],
    ["after authentication", "auth"],
    ["[AUTH]", "auth"],
    ["AUTH command failed", "auth"],
    ["Connected to 192.0.2.1 but my name was rejected.", "helo"],
    ["after LHLO", "helo"],
    ["[EHLO]", "helo"],
    ["STARTTLS command failed", "helo"],
    ["[CONNECTION] 421", "connect"],
    ["greeting failed", "connect"],
    ["BANNER WAS REFUSED", "connect"],
    ["greeting rejected", "connect"],
    ["Refused To Talk To Me", "connect"],
    ["Connected but MY NAME WAS REJECTED", "helo"],
    // The Kelvin sign lower-cases to "k", but no regex without the u flag takes it for one.
    ["X does not li\u212Ae recipient.", null],
    ["mx [RCPT_TO] [\u212A]", "rcpt_to"],
  ];
  for (const [t, s] of cases)
    it(t, () => {
      expect(stageFromPhrase(t)).toBe(s);
      // With the text's recorded runs (as the text recognizers pass a notice), in any letter case.
      for (const v of [t, t.toUpperCase(), t.toLowerCase()])
        expect([v, stageFromPhrase(v, LowerText.of(v))]).toEqual([v, stageFromPhrase(v)]);
    });
});

describe("transcripts: every prefix form is read", () => {
  // One session per quoting style; each line's first character picks the prefix regex tried on it.
  const forms: [string, (dir: "c" | "s", l: string) => string][] = [
    ["swaks", (d, l) => `${d === "c" ? " -> " : " <- "}${l}`],
    ["swaks TLS", (d, l) => `${d === "c" ? " ~> " : "<~ "}${l}`],
    ["swaks unexpected", (d, l) => `${d === "c" ? "-> " : "<** "}${l}`],
    ["swaks TLS unexpected", (d, l) => `${d === "c" ? "~> " : "<~* "}${l}`],
    ["RFC examples", (d, l) => `${d === "c" ? "C: " : "S: "}${l}`],
    ["Sendmail", (d, l) => `${d === "c" ? ">>> " : "<<< "}${l}`],
    ["single arrows", (d, l) => `${d === "c" ? "> " : "< "}${l}`],
    ["plain", (_d, l) => `\t${l}`],
  ];
  it.each(forms)("%s", (_name, q) => {
    const t = [
      "=== Trying mx.example.com:25...",
      "*** Connected to mx.example.com.",
      q("s", "220 mx.example.com ESMTP"),
      q("c", "EHLO c.example"),
      q("s", "250 mx.example.com"),
      q("c", "MAIL FROM:<a@s.example>"),
      q("s", "250 ok"),
      q("c", "RCPT TO:<b@example.com>"),
      q("s", "550 5.1.1 <b@example.com>: unknown user"),
    ].join("\n");
    expect(parseTranscript(t)[0]).toMatchObject({
      replyCode: 550,
      enhancedCode: "5.1.1",
      stage: "rcpt_to",
      recipient: "b@example.com",
      remoteMta: "mx.example.com",
    });
  });
});

describe("transcripts: auth and TLS", () => {
  it("an AUTH exchange that fails is the auth stage", () => {
    const t =
      "220 mx.example.com\nEHLO c\n250 mx.example.com\nAUTH LOGIN\n334 VXNlcm5hbWU6\ndXNlcg==\n334 UGFzc3dvcmQ6\ncGFzcw==\n535 5.7.8 Authentication credentials invalid";
    expect(parseTranscript(t)[0]).toMatchObject({ replyCode: 535, enhancedCode: "5.7.8", stage: "auth" });
  });
  it("STARTTLS refused counts as the greeting stage (helo)", () => {
    expect(parseTranscript("220 mx\nEHLO c\n250 mx\nSTARTTLS\n454 4.7.0 TLS not available")[0]).toMatchObject(
      { replyCode: 454, stage: "helo" },
    );
  });
  it("BDAT LAST is the end of the message", () => {
    const t =
      "220 mx\nEHLO c\n250 ok\nMAIL FROM:<a@s.example>\n250 ok\nRCPT TO:<b@example.com>\n250 ok\nBDAT 1000 LAST\n554 5.7.1 spam";
    expect(parseTranscript(t)[0]).toMatchObject({ stage: "after_data", recipient: "b@example.com" });
  });
});

describe("address helpers", () => {
  it("normalizes addresses as bounces write them", () => {
    expect(normalizeAddress("rfc822; <Some.One@Example.COM>")).toBe("Some.One@example.com");
    expect(normalizeAddress("no address")).toBeNull();
  });
  it("cleans host names and literals", () => {
    expect(cleanHost("dns; mx.example.com.")).toBe("mx.example.com");
    expect(cleanHost("mx.example.com[192.0.2.1]:25")).toBe("mx.example.com");
    expect(cleanHost("dns; [IPv6:2001:db8::1]")).toBe("2001:db8::1");
  });
  it("takes the public client IP of a Received header", () => {
    expect(receivedClientIp("from app (app [10.0.0.5]) by mx")).toBeNull();
    expect(receivedClientIp("from app.example (app.example [IPv6:2001:db8::25]) by mx.example")).toBe(
      "2001:db8::25",
    );
    expect(receivedClientIp("by mx.example with local")).toBeNull();
  });
  it("finds the sending IP only where the reply names the client", () => {
    expect(ipFromReplyText("Client host [203.0.113.5] blocked using zen.spamhaus.org")).toBe("203.0.113.5");
    expect(ipFromReplyText("[203.0.113.6      15] Our system has detected")).toBe("203.0.113.6");
    expect(ipFromReplyText("Unfortunately, messages from [203.0.113.7] weren't sent.")).toBe("203.0.113.7");
    expect(ipFromReplyText("mx.example.com [192.0.2.1] said: user unknown")).toBeNull();
  });
});

import dnsPacket from "dns-packet";
import fc from "fast-check";
import { diagnose } from "@/lib/bounce/diagnose";
import { AppError } from "@/lib/errors";
import { parseMime, walkParts } from "@/lib/bounce/parse/mime";
import { analyzeKey, parseDkimRecord } from "@/lib/checks/dkim/parse";
import { parseDmarc } from "@/lib/checks/dmarc/parse";
import { parseSpf } from "@/lib/checks/spf/parse";
import { parseZoneText, ZoneFileError } from "@/lib/dns-sandbox/zone-file";
import { decodeData, decodeMessage, presentRecord } from "@/lib/dns/decode";
import { QUERY_TYPES } from "@/lib/dns/rr-types";
import type { RRType } from "@/lib/dns/types";

/**
 * Property-based fuzz targets: each pairs a generator of hostile input (random text, and structured
 * records, messages and packets with random pieces in them) with the code that must take it. The property
 * is "does not crash": it returns, or throws only the error it documents (a zone-file syntax error, a
 * malformed DNS packet rejected by the decoder, as our client does). Run by test-support/fuzz/fuzz.test.ts (small,
 * seed-fixed) and `npm run fuzz` (≥ 100,000 inputs each, timed).
 */
export interface FuzzTarget<T = unknown> {
  name: string;
  arbitrary: fc.Arbitrary<T>;
  run: (input: T) => void;
}

/** Any text: full Unicode, control characters and lone surrogates included. */
const anyText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.string({
    unit: fc.constantFrom(..."=;:. -+~?!%{}_/\\\"'\t\r\n0123456789abcdefvspfDMARC"),
    maxLength: 200,
  }),
);
const piece = (...fixed: string[]) => fc.oneof(fc.constantFrom(...fixed), anyText);
const joined = (parts: fc.Arbitrary<string>[], sep: fc.Arbitrary<string>) =>
  fc.tuple(fc.array(fc.oneof(...parts), { maxLength: 25 }), sep).map(([xs, s]) => xs.join(s));

const spfRecord = fc.oneof(
  anyText,
  fc
    .tuple(
      piece("v=spf1", "v=spf1 ", "V=SPF1", "spf2.0/pra"),
      joined(
        [
          piece("a", "mx", "ptr", "all", "-all", "~all", "+all", "?all", "include:", "exists:", "redirect="),
          piece("ip4:192.0.2.0/24", "ip6:2001:db8::/32", "ip4:1.2.3.4/33", "a:%{d}", "exp=%{i}.%{h}"),
          piece("include:%{l1r-}.example", "mx/24//64", "a:example.com/0", "%%", "%{", "%{ir.}"),
        ],
        fc.constantFrom(" ", "  ", "\t"),
      ),
    )
    .map(([v, rest]) => `${v} ${rest}`),
);

const dmarcRecord = fc.oneof(
  anyText,
  fc
    .tuple(
      piece("v=DMARC1", "v=dmarc1", "v = DMARC1"),
      joined(
        [
          piece("p=none", "p=reject", "p=quarantine", "sp=", "pct=50", "pct=-1", "pct=101", "adkim=s"),
          piece("rua=mailto:a@example.com", "rua=mailto:a@b!10m", "ruf=mailto:%ff", "rua=,,,", "fo=1:d:s"),
          piece("ri=86400", "np=reject", "t=y", "psd=y", "rf=afrf", "x=y=z", "=", ";;"),
        ],
        fc.constantFrom(";", "; ", " ; ", ";;"),
      ),
    )
    .map(([v, rest]) => `${v}; ${rest}`),
);

const dkimRecord = fc.oneof(
  anyText,
  fc
    .tuple(
      piece("v=DKIM1", "v=DKIM1;", "v=dkim2"),
      piece("k=rsa", "k=ed25519", "k=", "h=sha256", "t=y:s", "s=email"),
      fc.oneof(fc.base64String({ maxLength: 600 }), anyText),
    )
    .map(([v, k, p]) => `${v}; ${k}; p=${p}`),
);

const replyLine = fc.oneof(
  anyText,
  fc
    .tuple(
      piece("550", "421", "452", "554", "250", "5.7.26", "4.7.0", "999"),
      piece(" 5.1.1 ", " 5.7.1 ", "-", " ", " #5.0.0 "),
      piece(
        "User unknown",
        "Mailbox full",
        "blocked using zen.spamhaus.org",
        "Unauthenticated email from example.com is not accepted",
        "<a@b>",
        "(in reply to RCPT TO command)",
      ),
    )
    .map((xs) => xs.join("")),
);

/** A MIME tree of random depth, with random boundaries, encodings and bodies. */
const { mime } = fc.letrec<{ mime: string; leaf: string; multi: string }>((tie) => ({
  leaf: fc
    .tuple(
      piece(
        "text/plain",
        "message/delivery-status",
        "message/rfc822",
        "text/rfc822-headers",
        "message/global",
        "application/octet-stream",
      ),
      piece("7bit", "base64", "quoted-printable", "x-uuencode", "8bit"),
      piece("utf-8", "iso-2022-jp", "x-nope", "us-ascii"),
      fc.oneof(replyLine, anyText, fc.base64String({ maxLength: 200 })),
    )
    .map(
      ([type, cte, charset, body]) =>
        `Content-Type: ${type}; charset=${charset}\nContent-Transfer-Encoding: ${cte}\n\n${body}\n`,
    ),
  multi: fc
    .tuple(
      piece("b1", "", "--", "a b", '"quoted"'),
      piece("multipart/report; report-type=delivery-status", "multipart/mixed", "multipart/alternative"),
      fc.array(tie("mime"), { maxLength: 4 }),
      fc.boolean(),
    )
    .map(
      ([boundary, type, parts, closed]) =>
        `Content-Type: ${type}; boundary=${boundary}\n\npreamble\n` +
        parts.map((p) => `--${boundary}\n${p}`).join("\n") +
        (closed ? `\n--${boundary}--\n` : ""),
    ),
  mime: fc.oneof({ depthSize: "small", withCrossShrink: true }, tie("leaf"), tie("multi"), anyText),
}));

const bounceText = fc.oneof(
  replyLine,
  mime.map((m) => `From: MAILER-DAEMON@example.com\nSubject: Undelivered\n${m}`),
  fc.array(replyLine, { maxLength: 8 }).map((xs) => xs.join("\n")),
);

const zoneText = fc.oneof(
  anyText,
  fc
    .array(
      fc.oneof(
        piece("$ORIGIN example.test.", "$TTL 300", "$TTL 1w2d", "$INCLUDE nope", "$GENERATE 1-3 x A 1.2.3.$"),
        fc
          .tuple(
            piece("@", "www", "*.x", "a\\.b", "\\065", ""),
            piece(" 300", " IN", " CH", ""),
            piece(" A 192.0.2.1", " AAAA ::1", " MX 10 mail", ' TXT "a" "b\\"', ' TXT "\\999"'),
            piece(" SOA ns h ( 1 2 3 4 5 )", ' CAA 0 issue "x"', " TYPE99 \\# 2 abcd", " ( ", " ) ; c"),
          )
          .map((xs) => xs.join("")),
      ),
      { maxLength: 20 },
    )
    .map((lines) => lines.join("\n")),
);

/** A valid response carrying every record type we decode, then bytes flipped, cut or appended. */
const basePacket = dnsPacket.encode({
  type: "response",
  id: 7,
  flags: dnsPacket.RECURSION_DESIRED,
  questions: [{ type: "TXT", name: "example.test" }],
  answers: [
    { type: "TXT", name: "example.test", data: ["v=spf1 -all", "x".repeat(40)] },
    { type: "MX", name: "example.test", data: { preference: 10, exchange: "mail.example.test" } },
    { type: "A", name: "mail.example.test", data: "192.0.2.1" },
    { type: "AAAA", name: "mail.example.test", data: "2001:db8::1" },
    { type: "CNAME", name: "c.example.test", data: "example.test" },
    {
      type: "SOA",
      name: "example.test",
      data: { mname: "ns", rname: "h", serial: 1, refresh: 2, retry: 3, expire: 4, minimum: 5 },
    },
    { type: "PTR", name: "1.2.0.192.in-addr.arpa", data: "mail.example.test" },
    { type: "CAA", name: "example.test", data: { flags: 0, tag: "issue", value: "ca.test" } },
    { type: "NS", name: "example.test", data: "ns.example.test" },
  ],
});
const packet = fc.oneof(
  fc.uint8Array({ maxLength: 600 }),
  fc
    .tuple(
      fc.array(fc.tuple(fc.nat(basePacket.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 12 }),
      fc.nat(basePacket.length),
      fc.uint8Array({ maxLength: 20 }),
    )
    .map(([flips, cut, tail]) => {
      const b = Buffer.from(basePacket);
      for (const [i, v] of flips) b[i] = v;
      return Buffer.concat([b.subarray(0, Math.max(12, cut)), tail]);
    }),
);

/** Every type a check may ask for goes through the same decoder the resolver uses. */
const DECODED: ReadonlySet<string> = new Set(QUERY_TYPES);

export const FUZZ_TARGETS: FuzzTarget[] = [
  { name: "spf", arbitrary: spfRecord, run: (s) => void parseSpf(s as string) },
  { name: "dmarc", arbitrary: dmarcRecord, run: (s) => void parseDmarc(s as string) },
  {
    name: "dkim",
    arbitrary: dkimRecord,
    run: (s) => {
      const rec = parseDkimRecord(s as string);
      if (rec.publicKey) analyzeKey(rec.keyType, rec.publicKey);
    },
  },
  {
    name: "bounce",
    arbitrary: bounceText,
    run: (s) => {
      try {
        diagnose(s as string);
      } catch (e) {
        // Empty or oversized input is refused with a clear 4xx error, by design.
        if (!(e instanceof AppError && e.status < 500)) throw e;
      }
    },
  },
  { name: "mime", arbitrary: mime, run: (s) => void walkParts(parseMime(s as string)) },
  {
    name: "zone-file",
    arbitrary: zoneText,
    run: (s) => {
      try {
        parseZoneText(s as string, { origin: "example.test.", file: "fuzz.zone", noInclude: true });
      } catch (e) {
        if (!(e instanceof ZoneFileError)) throw e;
      }
    },
  },
  {
    name: "dns-answer",
    arbitrary: packet,
    run: (buf) => {
      let p: ReturnType<typeof decodeMessage>;
      try {
        p = decodeMessage(Buffer.from(buf as Uint8Array));
      } catch {
        return; // rejected as malformed: the client does the same (lib/dns/client.ts)
      }
      for (const a of p.answers ?? []) {
        presentRecord(a);
        if (DECODED.has(a.type)) decodeData(a.type as RRType, a);
      }
    },
  },
];

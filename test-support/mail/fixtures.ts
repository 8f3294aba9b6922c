/**
 * Test-only: messages signed with the DKIM keys whose public halves e2e/fixtures/zones/mail.zone publishes
 * (mail-sender.test s2048 / s1024 / s512, mail-other.test o2048, mail-forwarder.test arc). Never imported by
 * application code.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { authenticate, dkimSign } from "mailauth";
import { toMailauthResolver } from "@/lib/dns/mailauth";
import type { Resolver } from "@/lib/dns/types";

export const MAIL_ZONE = fileURLToPath(new URL("../../e2e/fixtures/zones/mail.zone", import.meta.url));

export const KEYS = {
  s2048: { domain: "mail-sender.test", selector: "s2048", file: "good2048.pem" },
  s1024: { domain: "mail-sender.test", selector: "s1024", file: "weak1024.pem" },
  s512: { domain: "mail-sender.test", selector: "s512", file: "tiny512.pem" },
  other: { domain: "mail-other.test", selector: "o2048", file: "other2048.pem" },
  arc: { domain: "mail-forwarder.test", selector: "arc", file: "fwd2048.pem" },
} as const;
export type KeyName = keyof typeof KEYS;

export function privateKey(name: KeyName): string {
  return readFileSync(fileURLToPath(new URL(`./keys/${KEYS[name].file}`, import.meta.url)), "utf8");
}

export interface MessageSpec {
  from?: string;
  to?: string;
  subject?: string;
  oneClick?: boolean;
  body?: string;
  extraHeaders?: string[];
}

/** A plain RFC 5322 message with CRLF line ends. */
export function makeMessage(spec: MessageSpec = {}): string {
  const lines = [
    `From: Alice <${spec.from ?? "alice@mail-sender.test"}>`,
    `To: ${spec.to ?? "test-abc@inbox.test"}`,
    `Subject: ${spec.subject ?? "Monthly news"}`,
    `Date: ${new Date().toUTCString().replace("GMT", "+0000")}`,
    `Message-ID: <${Math.random().toString(36).slice(2)}@mail-sender.test>`,
    "MIME-Version: 1.0",
    ...(spec.oneClick
      ? [
          "List-Unsubscribe: <https://mail-sender.test/unsubscribe/42>, <mailto:unsub@mail-sender.test>",
          "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
        ]
      : []),
    ...(spec.extraHeaders ?? []),
    'Content-Type: multipart/alternative; boundary="b1"',
    "",
    "--b1",
    "Content-Type: text/plain; charset=utf-8",
    "",
    spec.body ?? "Hello from the sender.",
    "--b1",
    "Content-Type: text/html; charset=utf-8",
    "",
    `<p>${spec.body ?? "Hello from the sender."}</p>`,
    "--b1--",
    "",
  ];
  return lines.join("\r\n");
}

const DEFAULT_SIGNED = ["from", "to", "subject", "date", "message-id", "mime-version", "content-type"];

/** Prepends a DKIM-Signature made with one of the fixture keys. */
export async function sign(
  message: string,
  key: KeyName,
  opts: { headers?: string[]; bodyLength?: number } = {},
): Promise<string> {
  const k = KEYS[key];
  const res = await dkimSign(message, {
    // mailauth takes the list as one colon-separated string (an array falls back to its defaults).
    headerList: (opts.headers ?? DEFAULT_SIGNED).join(":"),
    signatureData: [
      {
        signingDomain: k.domain,
        selector: k.selector,
        privateKey: privateKey(key),
        ...(opts.bodyLength !== undefined ? { maxBodyLength: opts.bodyLength } : {}),
      },
    ],
  } as never);
  return (res as { signatures: string }).signatures + message;
}

/** What a forwarder does: authenticates what it received, then adds its ARC set (RFC 8617 §5.1). */
export async function arcSeal(
  message: string,
  resolver: Resolver,
  from: { ip: string; helo: string; sender: string },
): Promise<string> {
  const res = await authenticate(message, {
    ...from,
    mta: "mx.mail-forwarder.test",
    resolver: toMailauthResolver(resolver) as never,
    seal: { signingDomain: KEYS.arc.domain, selector: KEYS.arc.selector, privateKey: privateKey("arc") },
  });
  return (res.headers ?? "") + message;
}

import "server-only";
import { randomBytes } from "node:crypto";
import { config } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { saveReportDocument, loadReport } from "@/lib/report/service";
import type { ReportDocument } from "@/lib/report/types";
import {
  completeMessageTest,
  createMessageTest,
  findMessageTests,
  getMessageTest,
  openSmtpSession,
  saveSmtpMessage,
  updateSmtpSession,
} from "@/lib/report-store/mail";
import { getReportBySlug, isValidSlug } from "@/lib/report-store";
import { mailConfig } from "./config";
import { runMessageReport, MAX_MESSAGE_BYTES } from "./message/report";
import type { Envelope } from "./message/types";
import type { MailStore, ReceivedMessage } from "./smtp/server";

/** 20 base32 characters (100 random bits), lower case: local parts are compared case-insensitively. */
function addressToken(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  const bytes = randomBytes(20);
  return [...bytes].map((b) => alphabet[b & 31]).join("");
}

export interface IssuedTest {
  id: string;
  address: string;
  url: string;
}

/** POST /api/message-tests: a fresh test-<random>@MXRAY_MAIL_DOMAIN address. */
export async function issueTestAddress(baseUrl: string): Promise<IssuedTest> {
  const domain = mailConfig().MXRAY_MAIL_DOMAIN;
  const row = await createMessageTest(`test-${addressToken()}@${domain}`);
  return { id: row.slug, address: row.address, url: `${baseUrl.replace(/\/$/, "")}/message/${row.slug}` };
}

export interface MessageTestStatus {
  id: string;
  address: string;
  status: "waiting" | "received";
  report?: ReportDocument;
}

/** GET /api/message-tests/<id>. */
export async function messageTestStatus(slug: string, baseUrl: string): Promise<MessageTestStatus | null> {
  if (!isValidSlug(slug)) return null;
  const test = await getMessageTest(slug);
  if (!test) return null;
  const report = test.reportSlug ? await loadReport(test.reportSlug, baseUrl) : null;
  return {
    id: test.slug,
    address: test.address,
    status: test.status,
    ...(report ? { report } : {}),
  };
}

/** The SMTP server's database operations. */
export const dbMailStore: MailStore = {
  openSession: openSmtpSession,
  updateSession: updateSmtpSession,
  saveMessage: saveSmtpMessage,
  findTests: (addresses) => findMessageTests(addresses),
};

function reportOptions() {
  const cfg = config();
  return {
    ...(cfg.MXRAY_DNS ? { dns: cfg.MXRAY_DNS } : {}),
    timeoutMs: cfg.MXRAY_DNS_TIMEOUT_MS,
    deadlineMs: cfg.MXRAY_DEADLINE_MS,
    mta: mailConfig().MXRAY_MAIL_DOMAIN,
  };
}

/** After the 250: the message → a saved report, linked to its test. */
export async function processInboxMessage(
  m: ReceivedMessage,
  baseUrl = publicOrigin(),
): Promise<ReportDocument> {
  const doc = await runMessageReport(m.raw, { ...reportOptions(), envelope: m.envelope });
  const saved = await saveReportDocument(doc, { baseUrl });
  if (m.testId) {
    const stored = await getReportBySlug(saved.id!);
    if (stored) await completeMessageTest(m.testId, stored.id);
  }
  return saved;
}

/** A pasted or uploaded message (or just its headers) → a saved report. */
export async function reportOnUploadedMessage(
  raw: Buffer,
  baseUrl: string,
  envelope?: Envelope,
): Promise<ReportDocument> {
  if (raw.length === 0 || !raw.toString("latin1").trim()) {
    throw new AppError("empty_input", "Paste or upload a message (.eml) or its headers.");
  }
  if (raw.length > MAX_MESSAGE_BYTES) {
    throw new AppError(
      "payload_too_large",
      `The message is larger than ${MAX_MESSAGE_BYTES / 1024 / 1024} MB.`,
    );
  }
  if (!/^[\x21-\x39\x3b-\x7e]+[ \t]*:/m.test(raw.subarray(0, 64 * 1024).toString("latin1"))) {
    throw new AppError(
      "invalid_input",
      "This does not look like an e-mail message: no header field (Name: value) found.",
    );
  }
  const doc = await runMessageReport(raw, { ...reportOptions(), ...(envelope ? { envelope } : {}) });
  return saveReportDocument(doc, { baseUrl });
}

function publicOrigin(): string {
  return config().MXRAY_PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
}

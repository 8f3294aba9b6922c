/**
 * The database side of received mail: test addresses (message_tests), SMTP sessions with their transcripts
 * and the messages accepted (smtp_sessions, smtp_messages). Like the rest of lib/report-store, the only code
 * that queries these tables.
 */
import { getPrisma } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { rethrowDbError } from "./db-errors";
import { newSlug } from "./slug";

export type SessionMode = "inbox" | "sandbox" | "rejected";

export interface TranscriptLine {
  /** Milliseconds since the client connected. */
  at: number;
  /** "C": the client said it; "S": we replied; "I": what happened (TLS established, timeout...). */
  dir: "C" | "S" | "I";
  line: string;
}

export interface MessageTestRow {
  id: string;
  slug: string;
  address: string;
  status: "waiting" | "received";
  reportSlug: string | null;
  createdAt: Date;
}

type TestWithReport = {
  id: string;
  slug: string;
  address: string;
  status: "waiting" | "received";
  createdAt: Date;
  report: { slug: string } | null;
};

function toTestRow(r: TestWithReport): MessageTestRow {
  return {
    id: r.id,
    slug: r.slug,
    address: r.address,
    status: r.status,
    reportSlug: r.report?.slug ?? null,
    createdAt: r.createdAt,
  };
}

/** Records an issued test address under a fresh unguessable slug (the id in its URL). */
export async function createMessageTest(address: string): Promise<MessageTestRow> {
  const prisma = await getPrisma();
  for (let attempt = 1; ; attempt++) {
    const slug = newSlug();
    try {
      const row = await prisma.messageTest.create({
        data: { slug, address: address.toLowerCase() },
        include: { report: { select: { slug: true } } },
      });
      return toTestRow(row);
    } catch (e) {
      if ((e as { code?: string }).code === "P2002" && attempt < 3) continue;
      rethrowDbError(e, "issuing a test address");
    }
  }
}

export async function getMessageTest(slug: string): Promise<MessageTestRow | null> {
  const prisma = await getPrisma();
  try {
    const row = await prisma.messageTest.findUnique({
      where: { slug },
      include: { report: { select: { slug: true } } },
    });
    return row ? toTestRow(row) : null;
  } catch (e) {
    rethrowDbError(e, "reading a message test");
  }
}

/** The tests issued for these addresses (lower-case), for RCPT TO. */
export async function findMessageTests(addresses: string[]): Promise<MessageTestRow[]> {
  if (!addresses.length) return [];
  const prisma = await getPrisma();
  try {
    const rows = await prisma.messageTest.findMany({
      where: { address: { in: addresses.map((a) => a.toLowerCase()) } },
      include: { report: { select: { slug: true } } },
    });
    return rows.map(toTestRow);
  } catch (e) {
    rethrowDbError(e, "looking up test addresses");
  }
}

/** Links the report made from the message to its test; the test now reads "received". */
export async function completeMessageTest(testId: string, reportId: string): Promise<void> {
  const prisma = await getPrisma();
  try {
    await prisma.messageTest.update({ where: { id: testId }, data: { status: "received", reportId } });
  } catch (e) {
    rethrowDbError(e, "completing a message test");
  }
}

export async function openSmtpSession(s: { id: string; clientIp: string }): Promise<void> {
  const prisma = await getPrisma();
  try {
    await prisma.smtpSession.create({ data: { id: s.id, clientIp: s.clientIp } });
  } catch (e) {
    rethrowDbError(e, "recording an SMTP session");
  }
}

export interface SessionUpdate {
  mode?: SessionMode;
  helo?: string | null;
  mailFrom?: string | null;
  recipients?: string[];
  scenario?: string | null;
  tls?: { version: string | null; cipher: string | null } | null;
  transcript?: TranscriptLine[];
  closed?: boolean;
}

function sessionData(u: SessionUpdate): Prisma.SmtpSessionUpdateInput {
  return {
    ...(u.mode ? { mode: u.mode } : {}),
    ...(u.helo !== undefined ? { helo: u.helo?.slice(0, 255) ?? null } : {}),
    ...(u.mailFrom !== undefined ? { mailFrom: u.mailFrom?.slice(0, 320) ?? null } : {}),
    ...(u.recipients ? { recipients: u.recipients.map((r) => r.slice(0, 320)) } : {}),
    ...(u.scenario !== undefined ? { scenario: u.scenario?.slice(0, 64) ?? null } : {}),
    ...(u.tls !== undefined ? { tls: u.tls ?? undefined } : {}),
    ...(u.transcript ? { transcript: u.transcript as unknown as Prisma.InputJsonValue } : {}),
    ...(u.closed ? { closedAt: new Date() } : {}),
  };
}

export async function updateSmtpSession(id: string, u: SessionUpdate): Promise<void> {
  const prisma = await getPrisma();
  try {
    await prisma.smtpSession.update({ where: { id }, data: sessionData(u) });
  } catch (e) {
    rethrowDbError(e, "updating an SMTP session");
  }
}

/** One received message, as the SMTP server hands it over. */
export interface SmtpMessageInput {
  sessionId: string;
  /** Session fields to store with the message (in the same transaction); omitted: the message alone. */
  session?: SessionUpdate;
  mailFrom: string | null;
  recipients: string[];
  raw: Buffer;
  messageTestId: string | null;
}

/**
 * Stores an accepted message and the session as it stands, in one transaction: when this returns, the
 * message is committed and the 250 may be sent (RFC 5321 §4.1.1.4: the reply takes responsibility).
 */
export async function saveSmtpMessage(m: SmtpMessageInput): Promise<{ id: string }> {
  const prisma = await getPrisma();
  try {
    const create = () =>
      prisma.smtpMessage.create({
        data: {
          sessionId: m.sessionId,
          mailFrom: m.mailFrom?.slice(0, 320) ?? null,
          recipients: m.recipients,
          size: m.raw.length,
          raw: new Uint8Array(m.raw.buffer, m.raw.byteOffset, m.raw.length) as Uint8Array<ArrayBuffer>,
          messageTestId: m.messageTestId,
        },
        select: { id: true },
      });
    if (!m.session) return await create();
    const [, row] = await prisma.$transaction([
      prisma.smtpSession.update({ where: { id: m.sessionId }, data: sessionData(m.session) }),
      create(),
    ]);
    return row;
  } catch (e) {
    rethrowDbError(e, "saving a received message");
  }
}

export interface SmtpSessionRow {
  id: string;
  mode: SessionMode;
  clientIp: string;
  helo: string | null;
  mailFrom: string | null;
  recipients: string[];
  scenario: string | null;
  tls: { version: string | null; cipher: string | null } | null;
  transcript: TranscriptLine[];
  messages: { id: string; size: number; recipients: string[]; createdAt: Date }[];
  createdAt: Date;
  closedAt: Date | null;
}

export interface SessionFilter {
  recipient?: string;
  scenario?: string;
  since?: Date;
  until?: Date;
  mode?: SessionMode;
  limit?: number;
}

export const MAX_SESSIONS = 200;

export async function listSmtpSessions(f: SessionFilter = {}): Promise<SmtpSessionRow[]> {
  const prisma = await getPrisma();
  try {
    const rows = await prisma.smtpSession.findMany({
      where: {
        ...(f.recipient ? { recipients: { has: f.recipient.toLowerCase() } } : {}),
        ...(f.scenario ? { scenario: f.scenario } : {}),
        ...(f.mode ? { mode: f.mode } : {}),
        ...(f.since || f.until
          ? { createdAt: { ...(f.since ? { gte: f.since } : {}), ...(f.until ? { lte: f.until } : {}) } }
          : {}),
      },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: Math.min(f.limit ?? 50, MAX_SESSIONS),
      include: { messages: { select: { id: true, size: true, recipients: true, createdAt: true } } },
    });
    return rows.map((r) => ({
      id: r.id,
      mode: r.mode,
      clientIp: r.clientIp,
      helo: r.helo,
      mailFrom: r.mailFrom,
      recipients: r.recipients,
      scenario: r.scenario,
      tls: (r.tls as SmtpSessionRow["tls"]) ?? null,
      transcript: Array.isArray(r.transcript) ? (r.transcript as unknown as TranscriptLine[]) : [],
      messages: r.messages,
      createdAt: r.createdAt,
      closedAt: r.closedAt,
    }));
  } catch (e) {
    rethrowDbError(e, "listing SMTP sessions");
  }
}

/**
 * The message reports of a From: domain, latest first, a page at a time (for the checklist on domain
 * reports, which takes the latest one the domain demonstrably sent).
 */
export async function latestMessageReportsFor(
  domain: string,
  page: { skip: number; take: number },
): Promise<{ results: unknown; createdAt: Date }[]> {
  const prisma = await getPrisma();
  try {
    return await prisma.report.findMany({
      where: { kind: "message", domain: domain.toLowerCase() },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { results: true, createdAt: true },
      skip: page.skip,
      take: page.take,
    });
  } catch (e) {
    rethrowDbError(e, "reading a domain's latest messages");
  }
}

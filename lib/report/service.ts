import "server-only";
import { z } from "zod";
import { config } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { publicOrigin } from "@/lib/http/origin";
import type { LatestMessage } from "@/lib/mail/message/checklist";
import { latestMessageFor } from "@/lib/mail/message/latest";
import { createReport, getReportBySlug, listDomainReports, onReportsDeleted } from "@/lib/report-store";
import type { ReportRequest } from "@/lib/validation/input";
import { reportGate } from "./admission";
import { getCachedDoc, invalidateReport, putCachedDoc } from "./cache";
import { runReport, type RunOptions } from "./run";
import type { ReportDocument } from "./types";

// A deleted report (by its creator or by retention) must not live on in this instance's cache.
const g = globalThis as typeof globalThis & { __mxrayCacheUnsubscribe?: () => void };
g.__mxrayCacheUnsubscribe ??= onReportsDeleted((slugs) => slugs.forEach(invalidateReport));

/**
 * A report just saved: the document with its share id and URL, plus the delete token, which exists only
 * in this answer to its creator (the database keeps a hash).
 */
export type SavedReportDocument = ReportDocument & { deleteToken: string };

/** Runs a report and saves it; returns the document with its share id, URL and delete token. */
export async function runAndSaveReport(
  req: ReportRequest,
  opts: { baseUrl: string; onSaving?: () => void } & Pick<
    RunOptions,
    "dns" | "profile" | "onProgress" | "timeoutMs" | "deadlineMs"
  >,
): Promise<SavedReportDocument> {
  const cfg = config();
  const dns = opts.dns ?? cfg.MXRAY_DNS;
  // Queued before it starts: the deadline and every DNS timeout count from the moment it runs.
  const doc = await reportGate(cfg).run(() =>
    runReport(req, {
      ...(dns ? { dns } : {}),
      timeoutMs: opts.timeoutMs ?? cfg.MXRAY_DNS_TIMEOUT_MS,
      deadlineMs: opts.deadlineMs ?? cfg.MXRAY_DEADLINE_MS,
      ...(opts.profile ? { profile: opts.profile } : {}),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    }),
  );
  if (doc.status === "not_a_bounce" && !req.domain && !req.ip) {
    // Nothing else was asked: there is no report to keep, only a clear answer (422).
    throw new AppError(
      "not_a_bounce",
      'This text is not a bounce: it holds no SMTP reply (like "550 5.1.1 ..."), no delivery status notification and no bounce wording. Paste the bounce message you received, or the server\'s reply line.',
      { errors: [{ field: "bounce", message: "no SMTP reply, DSN or bounce wording" }] },
    );
  }
  opts.onSaving?.();
  return saveReportDocument(doc, { baseUrl: opts.baseUrl, previous: req.previous });
}

/** Saves a finished report (its DNS log in its own column); returns it with its share id and URL. */
export async function saveReportDocument(
  doc: ReportDocument,
  opts: { baseUrl: string; previous?: string | undefined },
): Promise<SavedReportDocument> {
  const { log, ...dnsSummary } = doc.dns;
  // "Run again" links to the previous report of the same input.
  const previous = opts.previous ? await getReportBySlug(opts.previous) : null;
  if (opts.previous && !previous) {
    throw new AppError("invalid_input", `There is no report "${opts.previous.slice(0, 64)}" to run again.`);
  }
  // A domain report keeps the latest message of its domain as it stood now (a saved report never changes).
  // Not with MXRAY_HISTORY=off: then no report links to another.
  const latestMessage =
    doc.kind === "domain" && doc.input.domain && doc.status !== "domain_not_found" && historyEnabled()
      ? await latestMessageFor(doc.input.domain)
      : null;
  const linked: ReportDocument = {
    ...doc,
    ...(previous ? { previousId: previous.slug } : {}),
    ...(latestMessage ? { latestMessage } : {}),
  };
  const stored = await createReport({
    kind: doc.kind,
    domain: doc.input.domain ?? doc.targets?.senderDomain ?? null,
    ip: doc.input.ip ?? doc.targets?.sendingIp ?? null,
    input: {
      ...(doc.input.domain ? { domain: doc.input.domain } : {}),
      ...(doc.input.ip ? { ip: doc.input.ip } : {}),
      ...(doc.input.bounce !== undefined ? { bounce: doc.input.bounce } : {}),
      ...(doc.input.asked ? { asked: doc.input.asked } : {}),
      ...(doc.input.selectors ? { selectors: doc.input.selectors } : {}),
    },
    status: doc.status,
    score: doc.score,
    grade: doc.grade,
    scoringVersion: doc.scoringVersion,
    results: { ...linked, dns: dnsSummary },
    dnsLog: log ?? [],
    previousId: previous?.id ?? null,
  });
  return {
    ...withLinks({ ...linked, id: stored.slug, createdAt: stored.createdAt.toISOString() }, opts.baseUrl),
    deleteToken: stored.deleteToken,
  };
}

const storedDocSchema = z
  .object({
    schemaVersion: z.literal(1),
    kind: z.enum(["domain", "ip", "bounce", "message"]),
    input: z.record(z.string(), z.unknown()),
    score: z.number().nullable(),
    grade: z.string().nullable(),
    scoringVersion: z.string(),
    checks: z.record(z.string(), z.unknown()),
    dns: z.object({ queries: z.number(), elapsedMs: z.number() }).loose(),
  })
  .loose();

/** Reads a saved report back; the JSON is validated, never trusted. */
export async function loadReport(slug: string, baseUrl: string): Promise<ReportDocument | null> {
  // A saved report never changes: read once, then from memory (lib/report/cache.ts; deletion invalidates).
  const cached = getCachedDoc<ReportDocument>(slug);
  if (cached) return withLinks(cached, baseUrl);
  const doc = await readReport(slug);
  if (doc) putCachedDoc(slug, doc, doc.previousId);
  return doc && withLinks(doc, baseUrl);
}

async function readReport(slug: string): Promise<ReportDocument | null> {
  const stored = await getReportBySlug(slug);
  if (!stored) return null;
  const parsed = storedDocSchema.safeParse(stored.results);
  if (!parsed.success) throw new Error(`Report ${slug} has an unreadable document: ${parsed.error.message}`);
  const raw = parsed.data as unknown as ReportDocument;
  // Reports saved before statuses existed were all judged: complete, their score its own range.
  const doc: ReportDocument = {
    ...raw,
    status: raw.status ?? "complete",
    scoreRange:
      raw.scoreRange !== undefined
        ? raw.scoreRange
        : raw.score === null
          ? null
          : { min: raw.score, max: raw.score },
  };
  const log = Array.isArray(stored.dnsLog)
    ? (stored.dnsLog as NonNullable<ReportDocument["dns"]["log"]>)
    : [];
  return {
    ...doc,
    id: stored.slug,
    createdAt: stored.createdAt.toISOString(),
    dns: { ...doc.dns, log },
  };
}

/** True unless MXRAY_HISTORY=off: then /d/<domain> and its API answer 404, and no page links to them. */
export function historyEnabled(): boolean {
  return config().MXRAY_HISTORY !== "off";
}

export async function domainHistory(domain: string, limit = 50) {
  if (!historyEnabled()) throw new AppError("not_found", "Report history is turned off on this server.");
  return listDomainReports(domain, { limit });
}

/**
 * A domain report's latest message without the message report's id or link: a message report shows
 * someone's mail (subject, addresses, envelope) and is reached by its own share link alone.
 */
function withoutMessageLink(m: LatestMessage): LatestMessage {
  return { createdAt: m.createdAt, source: m.source, items: m.items, providers: m.providers };
}

function withLinks(doc: ReportDocument, baseUrl: string): ReportDocument {
  const base = baseUrl.replace(/\/$/, "");
  return {
    ...doc,
    url: `${base}/r/${doc.id}`,
    // Reports saved before message reports were made private kept the message's id: never shown again.
    ...(doc.latestMessage ? { latestMessage: withoutMessageLink(doc.latestMessage) } : {}),
  };
}

/**
 * The public origin for share links: MXRAY_PUBLIC_URL, else the allowed Host the client used (forwarded
 * headers only from trusted proxies; see lib/http/origin.ts). Route handlers pass their Request; pages
 * pass `await headers()`.
 */
export function publicBaseUrl(from?: Request | Headers): string {
  return publicOrigin(from);
}

import { z } from "zod";
import { AppError } from "@/lib/errors";
import { json, problemResponse } from "@/lib/http/problem";
import { listSmtpSessions, MAX_SESSIONS } from "@/lib/report-store/mail";

export const dynamic = "force-dynamic";

const querySchema = z
  .object({
    recipient: z.string().trim().min(3).max(320).optional(),
    scenario: z.string().trim().min(1).max(64).optional(),
    since: z.iso.datetime({ offset: true }).optional(),
    until: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_SESSIONS).optional(),
  })
  .strict();

/**
 * GET /api/smtp/sessions: captured SMTP sessions with their transcripts, newest first. Filters: recipient
 * (exact address), scenario, since / until (ISO 8601), limit. Sessions of the inbox (mail to issued test
 * addresses) are listed only to whoever names their recipient: the address is the secret.
 */
export async function GET(request: Request): Promise<Response> {
  try {
    const params = Object.fromEntries(new URL(request.url).searchParams);
    const parsed = querySchema.safeParse(params);
    if (!parsed.success) {
      throw new AppError("invalid_input", `Invalid query: ${z.prettifyError(parsed.error)}`, {
        errors: parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })),
      });
    }
    const q = parsed.data;
    const rows = await listSmtpSessions({
      ...(q.recipient ? { recipient: q.recipient } : {}),
      ...(q.scenario ? { scenario: q.scenario } : {}),
      ...(q.since ? { since: new Date(q.since) } : {}),
      ...(q.until ? { until: new Date(q.until) } : {}),
      ...(q.limit ? { limit: q.limit } : {}),
    });
    const sessions = rows
      .filter((s) => q.recipient || s.mode !== "inbox")
      .map((s) => ({
        id: s.id,
        mode: s.mode,
        clientIp: s.clientIp,
        helo: s.helo,
        mailFrom: s.mailFrom,
        recipients: s.recipients,
        scenario: s.scenario,
        tls: s.tls,
        transcript: s.transcript,
        messages: s.messages.map((m) => ({
          id: m.id,
          size: m.size,
          recipients: m.recipients,
          receivedAt: m.createdAt.toISOString(),
        })),
        startedAt: s.createdAt.toISOString(),
        closedAt: s.closedAt?.toISOString() ?? null,
      }));
    return json({ sessions });
  } catch (e) {
    return problemResponse(e);
  }
}

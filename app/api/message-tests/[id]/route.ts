import { AppError } from "@/lib/errors";
import { json, problemResponse } from "@/lib/http/problem";
import { sseStream } from "@/lib/http/sse";
import { messageTestStatus } from "@/lib/mail/service";
import { publicBaseUrl } from "@/lib/report/service";

export const dynamic = "force-dynamic";

/** How long a streamed wait lasts before the client reconnects (EventSource does so by itself). */
const STREAM_MS = 5 * 60_000;
const POLL_MS = 1_000;

/**
 * GET /api/message-tests/<id> → { status: "waiting" | "received", report? }. With Accept: text/event-stream,
 * waits live: `waiting` events until the message's report is saved, then `received` with it.
 */
export async function GET(
  request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  try {
    const { id } = await params;
    const baseUrl = publicBaseUrl(request);
    const first = await messageTestStatus(id, baseUrl);
    if (!first) throw new AppError("not_found", `No message test with id "${id.slice(0, 64)}".`);
    if (!(request.headers.get("accept") ?? "").includes("text/event-stream")) return json(first);
    return sseStream(async (send) => {
      const until = Date.now() + STREAM_MS;
      let current = first;
      while (current.status === "waiting" && Date.now() < until && !request.signal.aborted) {
        send("waiting", { id: current.id, address: current.address, status: "waiting" });
        await new Promise((r) => setTimeout(r, POLL_MS));
        current = (await messageTestStatus(id, baseUrl)) ?? current;
      }
      if (current.status === "received") send("received", current);
    });
  } catch (e) {
    return problemResponse(e);
  }
}

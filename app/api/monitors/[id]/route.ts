import { AppError } from "@/lib/errors";
import { json, problemResponse } from "@/lib/http/problem";
import { deleteMonitor, getMonitor } from "@/lib/monitor/service";

export const dynamic = "force-dynamic";

/** GET /api/monitors/<id>: the monitor, its recent runs and alerts. */
export async function GET(
  _request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  try {
    const m = await getMonitor((await params).id);
    if (!m) throw new AppError("not_found", "No such monitor.");
    return json(m);
  } catch (e) {
    return problemResponse(e);
  }
}

/** DELETE /api/monitors/<id> with the management token in `X-Monitor-Token`: stops watching. */
export async function DELETE(
  request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  try {
    await deleteMonitor((await params).id, request.headers.get("x-monitor-token"));
    return new Response(null, { status: 204 });
  } catch (e) {
    return problemResponse(e);
  }
}

import { listDmarcRecords } from "@/lib/dmarc-reports/store";
import { AppError } from "@/lib/errors";
import { json, problemResponse } from "@/lib/http/problem";
import { normalizeIp } from "@/lib/validation/input";
import { domainInPath } from "@/lib/http/path-segment";

export const dynamic = "force-dynamic";

/** GET /api/domains/<domain>/dmarc/records?ip=&day=&dmarc=pass|fail: the report rows behind a figure. */
export async function GET(
  request: Request,
  { params }: { params: Promise<{ domain: string }> },
): Promise<Response> {
  try {
    const { domain: raw } = await params;
    const domain = domainInPath(raw);
    const q = new URL(request.url).searchParams;
    const ip = q.get("ip");
    const day = q.get("day");
    const dmarc = q.get("dmarc");
    if (day && !/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new AppError("invalid_input", "day is YYYY-MM-DD.");
    if (dmarc && dmarc !== "pass" && dmarc !== "fail")
      throw new AppError("invalid_input", 'dmarc is "pass" or "fail".');
    return json(
      await listDmarcRecords(domain.ascii, {
        ...(ip ? { ip: normalizeIp(ip) } : {}),
        ...(day ? { day } : {}),
        ...(dmarc ? { dmarc: dmarc as "pass" | "fail" } : {}),
      }),
    );
  } catch (e) {
    return problemResponse(e);
  }
}

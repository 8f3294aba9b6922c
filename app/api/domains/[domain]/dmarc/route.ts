import { domainDmarc } from "@/lib/dmarc-reports/store";
import { json, problemResponse } from "@/lib/http/problem";
import { domainInPath } from "@/lib/http/path-segment";

export const dynamic = "force-dynamic";

/**
 * GET /api/domains/<domain>/dmarc: what the aggregate and TLS reports say about a domain: totalMessages,
 * sources (IP, PTR, sending service, SPF/DKIM/alignment pass and fail), per day, TLS failures.
 */
export async function GET(
  _request: Request,
  { params }: { params: Promise<{ domain: string }> },
): Promise<Response> {
  try {
    const { domain: raw } = await params;
    const domain = domainInPath(raw);
    return json(await domainDmarc(domain.ascii));
  } catch (e) {
    return problemResponse(e);
  }
}

import { ImageResponse } from "next/og";
import { loadReport, publicBaseUrl } from "@/lib/report/service";
import type { ReportDocument } from "@/lib/report/types";
import { verdictWords } from "@/lib/report/view";

export const alt = "mxray email deliverability report: score and grade";
export const size = { width: 1200, height: 630 };
export const contentType = "image/png";
export const dynamic = "force-dynamic";

/*
 * No `fonts` option: next/og then uses the Geist Regular it bundles, read from disk. A glyph that font lacks
 * would make it fetch a font from Google at run time (and emoji from a CDN), which an offline self-hosted
 * instance cannot do, so every string drawn here is printable ASCII (see `ascii`).
 */

const MAX_SUBJECT = 48;

function ascii(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, "?");
}

/** What the card names: the domain (A-label unless the U-label is plain ASCII), the IP, or the bounce. */
function ogSubject(doc: Pick<ReportDocument, "kind" | "input">): string {
  if (doc.kind === "bounce") return "Bounce diagnosis";
  const unicode = doc.input.domainUnicode;
  const raw =
    unicode && /^[\x20-\x7e]+$/.test(unicode) ? unicode : (doc.input.domain ?? doc.input.ip ?? "Report");
  const s = ascii(raw);
  return s.length > MAX_SUBJECT ? `${s.slice(0, MAX_SUBJECT - 3)}...` : s;
}

function gradeColor(score: number): string {
  return score >= 90 ? "#059669" : score >= 70 ? "#d97706" : "#dc2626";
}

function Card({
  subject,
  grade,
  score,
  verdict = null,
}: {
  subject: string | null;
  grade: string | null;
  score: number | null;
  verdict?: { headline: string; detail: string } | null;
}) {
  const color = score === null ? "#64748b" : gradeColor(score);
  return (
    <div
      style={{
        width: "100%",
        height: "100%",
        display: "flex",
        flexDirection: "column",
        justifyContent: "space-between",
        padding: "64px 72px",
        background: "#0f172a",
        color: "#f8fafc",
      }}
    >
      <div style={{ display: "flex", alignItems: "center", fontSize: 44, letterSpacing: -1 }}>
        <div
          style={{
            display: "flex",
            width: 56,
            height: 56,
            borderRadius: 12,
            background: "#0284c7",
            alignItems: "center",
            justifyContent: "center",
            marginRight: 18,
            fontSize: 34,
          }}
        >
          mx
        </div>
        <span>mxray</span>
      </div>
      <div style={{ display: "flex", alignItems: "center", justifyContent: "space-between" }}>
        <div style={{ display: "flex", flexDirection: "column", maxWidth: 700 }}>
          <div style={{ fontSize: 28, color: "#94a3b8", marginBottom: 12 }}>Email deliverability report</div>
          <div
            style={{
              fontSize: subject && subject.length > 28 ? 48 : 68,
              lineHeight: 1.1,
              wordBreak: "break-all",
            }}
          >
            {subject ?? "Report not found"}
          </div>
        </div>
        {verdict && (
          <div
            style={{
              display: "flex",
              flexDirection: "column",
              alignItems: "center",
              justifyContent: "center",
              width: 360,
              padding: "32px 24px",
              borderRadius: 24,
              border: "8px solid #d97706",
            }}
          >
            <div style={{ fontSize: verdict.headline.length > 10 ? 44 : 60, color: "#fbbf24" }}>
              {verdict.headline}
            </div>
            <div style={{ fontSize: 28, color: "#cbd5e1", marginTop: 12 }}>{verdict.detail}</div>
          </div>
        )}
        {!verdict && grade !== null && score !== null && (
          <div
            style={{
              display: "flex",
              flexDirection: "column",
              alignItems: "center",
              justifyContent: "center",
              width: 300,
              height: 300,
              borderRadius: 150,
              border: `18px solid ${color}`,
            }}
          >
            <div style={{ fontSize: 120, lineHeight: 1, color }}>{grade}</div>
            <div style={{ fontSize: 36, color: "#cbd5e1", marginTop: 8 }}>{`${score}/100`}</div>
          </div>
        )}
      </div>
      <div style={{ fontSize: 24, color: "#64748b" }}>
        SPF - DKIM - DMARC - MX - reverse DNS - blocklists - bounces
      </div>
    </div>
  );
}

/** The share card of /r/<id>: subject, and the grade and score, or why there is none. */
export default async function Image({ params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  const { slug } = await params;
  const doc = await loadReport(slug, publicBaseUrl());
  if (!doc) {
    return new ImageResponse(<Card subject={null} grade={null} score={null} />, { ...size, status: 404 });
  }
  const verdict = verdictWords(doc);
  const score = typeof doc.score === "number" && Number.isFinite(doc.score) ? Math.round(doc.score) : null;
  return new ImageResponse(
    <Card
      subject={ogSubject(doc)}
      grade={verdict || doc.grade === null ? null : ascii(String(doc.grade)).slice(0, 2)}
      score={verdict ? null : score}
      verdict={verdict}
    />,
    {
      ...size,
      // The verdict in words, for clients and tests that cannot read the picture.
      headers: {
        "cache-control": "public, max-age=300",
        "x-mxray-verdict": verdict ? verdict.headline : `${doc.grade}`,
      },
    },
  );
}

import { afterEach, describe, expect, it, vi } from "vitest";
import { resetConfig } from "@/lib/config";
import { getPrisma } from "@/lib/db";
import { testBackends, useScratchDb } from "@/test-support/db";
import {
  createReport,
  deleteReport,
  getReportBySlug,
  listDomainReports,
  onReportsDeleted,
  purgeExpiredReports,
  type NewReport,
} from "./index";
import { hashDeleteToken } from "./delete-token";

vi.setConfig({ testTimeout: 90_000, hookTimeout: 90_000 });

function report(kind: NewReport["kind"], domain: string | null, extra: Partial<NewReport> = {}): NewReport {
  return {
    kind,
    domain,
    input: kind === "bounce" ? { bounce: "550 5.1.1 <who@example.com> no such user" } : { domain: domain! },
    score: 70,
    grade: "C",
    scoringVersion: "test-1",
    results: { schemaVersion: 1 },
    dnsLog: [],
    ...extra,
  };
}

describe.each(testBackends())("report privacy on $name", (backend) => {
  useScratchDb(backend);
  afterEach(() => {
    vi.unstubAllEnvs();
    resetConfig();
  });

  it("lists domain and IP reports in a domain's history, never a bounce filed under the sender domain", async () => {
    const d = await createReport(report("domain", "private.example"));
    const ip = await createReport({ ...report("ip", "private.example"), input: { ip: "192.0.2.7" } });
    const b = await createReport(report("bounce", "private.example"));
    const listed = (await listDomainReports("private.example")).map((r) => r.slug);
    expect(listed.sort()).toEqual([d.slug, ip.slug].sort());
    expect(listed).not.toContain(b.slug);
    // Still reachable by its share link.
    expect((await getReportBySlug(b.slug))?.kind).toBe("bounce");
  });

  it("hands out a 256-bit delete token once and stores only its SHA-256", async () => {
    const made = await createReport(report("domain", "token.example"));
    expect(made.deleteToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const prisma = await getPrisma();
    const row = await prisma.report.findUnique({ where: { slug: made.slug } });
    expect(row?.deleteTokenHash).toBe(hashDeleteToken(made.deleteToken));
    expect(JSON.stringify(row)).not.toContain(made.deleteToken);
    expect(await getReportBySlug(made.slug)).not.toHaveProperty("deleteToken");
  });

  it("deletes with the right token only, and tells the deletion listeners", async () => {
    const a = await createReport(report("domain", "delete.example"));
    const b = await createReport(report("domain", "delete.example"));
    const heard: string[][] = [];
    const off = onReportsDeleted((slugs) => void heard.push([...slugs]));
    try {
      expect(await deleteReport(a.slug, b.deleteToken)).toBe("forbidden");
      expect(await deleteReport(a.slug, "")).toBe("forbidden");
      expect(await deleteReport(a.slug, `${a.deleteToken}x`)).toBe("forbidden");
      expect(await getReportBySlug(a.slug)).not.toBeNull();
      expect(await deleteReport(a.slug, a.deleteToken)).toBe("deleted");
      expect(await getReportBySlug(a.slug)).toBeNull();
      expect(await deleteReport(a.slug, a.deleteToken)).toBe("not_found");
      expect(await deleteReport("../etc", a.deleteToken)).toBe("not_found");
      expect(heard).toEqual([[a.slug]]);
      expect((await listDomainReports("delete.example")).map((r) => r.slug)).toEqual([b.slug]);
    } finally {
      off();
    }
  });

  it("purges reports older than MXRAY_RETENTION_DAYS and hides them before the purge runs", async () => {
    const prisma = await getPrisma();
    const now = new Date("2026-06-01T00:00:00.000Z");
    const old = await createReport(report("domain", "retention.example"));
    const edge = await createReport(report("domain", "retention.example"));
    const fresh = await createReport(report("domain", "retention.example"));
    const day = 86_400_000;
    await prisma.report.update({
      where: { id: old.id },
      data: { createdAt: new Date(now.getTime() - 91 * day) },
    });
    await prisma.report.update({
      where: { id: edge.id },
      data: { createdAt: new Date(now.getTime() - 89 * day) },
    });
    await prisma.report.update({ where: { id: fresh.id }, data: { createdAt: now } });

    // Read paths already hide what is past retention (real clock: 91 days before 2026-06-01 is long ago).
    vi.stubEnv("MXRAY_RETENTION_DAYS", "90");
    resetConfig();
    expect(await getReportBySlug(old.slug)).toBeNull();

    const heard: string[] = [];
    const off = onReportsDeleted((slugs) => void heard.push(...slugs));
    try {
      expect(await purgeExpiredReports(90, now, 1)).toBe(1);
      expect(heard).toEqual([old.slug]);
      expect(await prisma.report.findUnique({ where: { id: old.id } })).toBeNull();
      expect(await prisma.report.findUnique({ where: { id: edge.id } })).not.toBeNull();
      // 0 keeps everything for ever.
      expect(await purgeExpiredReports(0, new Date(now.getTime() + 10_000 * day))).toBe(0);
      expect(await prisma.report.findUnique({ where: { id: edge.id } })).not.toBeNull();
      // Batches: two more expire, deleted over several rounds of one.
      expect(await purgeExpiredReports(1, new Date(now.getTime() + 2 * day), 1)).toBe(2);
      expect(heard.sort()).toEqual([old.slug, edge.slug, fresh.slug].sort());
    } finally {
      off();
    }
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { CHECKS } from "@/lib/checks/registry";
import { createMemoryResolver } from "@/lib/dns/memory-resolver";
import { parseReportRequest } from "@/lib/validation/input";
import { runReport } from "./run";

const ZONE =
  '$ORIGIN thrown.test.\n@ 300 IN SOA ns hostmaster 1 3600 600 86400 60\n@ 300 IN MX 10 mx\nmx 300 IN A 192.0.2.1\n@ 300 IN TXT "v=spf1 mx -all"\n';

describe("runReport and a check that throws", () => {
  afterEach(() => vi.restoreAllMocks());

  it("logs the error with its stack and reports the check as 'could not determine' with the reason", async () => {
    const bug = new Error("the dkim check tripped over its own feet");
    vi.spyOn(CHECKS, "dkim").mockRejectedValue(bug);
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});

    const doc = await runReport(parseReportRequest({ domain: "thrown.test" }), {
      resolver: createMemoryResolver({ zoneText: [ZONE] }),
    });

    expect(doc.checks.dkim?.status).toBe("error");
    expect(doc.checks.dkim?.findings).toEqual([
      {
        code: "dkim.internal_error",
        severity: "info",
        params: { detail: "Error: the dkim check tripped over its own feet" },
      },
    ]);
    expect(doc.unknown).toContain("dkim");
    expect(doc.status).toBe("incomplete");
    // The other checks ran as usual.
    expect(doc.checks.spf?.status).toBe("pass");

    const lines = logged.mock.calls.map((args) => args.map(String).join(" "));
    const line = lines.find((l) => l.includes("dkim"));
    expect(line).toBeDefined();
    expect(line).toContain("the dkim check tripped over its own feet");
    expect(line).toContain(bug.stack!.split("\n")[1]!.trim());
  });
});

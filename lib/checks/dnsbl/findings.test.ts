import { describe, expect, it } from "vitest";
import type { CheckResult } from "@/lib/checks/types";
import { catalogue } from "./findings";

describe("dnsbl catalogue", () => {
  it("has an entry for every code the check emits", () => {
    expect(Object.keys(catalogue).sort()).toEqual(
      [
        "dnsbl.listed",
        "dnsbl.query_refused",
        "dnsbl.zone_unusable",
        "dnsbl.private_ip",
        "dnsbl.documentation_ip",
        "dnsbl.no_applicable_zones",
        "dnsbl.invalid_ip",
        "dnsbl.dns_error",
      ].sort(),
    );
  });

  it("points a listing at the list's delisting page", () => {
    const result: CheckResult = {
      check: "dnsbl",
      status: "fail",
      findings: [],
      records: [],
      queries: 0,
      durationMs: 0,
    };
    const params = {
      zone: "bl.spamcop.net",
      name: "SpamCop",
      query: "192.0.2.1",
      code: "127.0.0.2",
      meaning: "spam source",
      delistUrl: "https://www.spamcop.net/bl.shtml?192.0.2.1",
    };
    expect(catalogue["dnsbl.listed"]!.fix!({ params, result })?.text).toContain(
      "https://www.spamcop.net/bl.shtml?192.0.2.1",
    );
    expect(catalogue["dnsbl.listed"]!.describe!(params)).toContain("SpamCop");
  });
});

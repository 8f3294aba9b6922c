import { describe, expect, it } from "vitest";
import { draftSpfRecord, revealedProviders } from "./providers";

describe("providers revealed by a domain's records", () => {
  it("reads the MX host and where DKIM keys point", () => {
    const p = revealedProviders({
      mxHosts: ["example-com.mail.protection.outlook.com"],
      dkim: [
        { selector: "s1", cnames: ["s1.domainkey.u123.wl.sendgrid.net"] },
        { selector: "google", cnames: [] },
      ],
    });
    expect(p.map((x) => x.include)).toEqual([
      "include:spf.protection.outlook.com",
      "include:sendgrid.net",
      "include:_spf.google.com",
    ]);
  });

  it("drafts mx for the domain's own servers and one include per provider", () => {
    expect(
      draftSpfRecord(
        { mxHosts: ["mx1.example.com", "aspmx.l.google.com", "alt1.aspmx.l.google.com"], dkim: [] },
        "-all",
      ).record,
    ).toBe("v=spf1 mx include:_spf.google.com -all");
    expect(draftSpfRecord({ mxHosts: [], dkim: [] }, "~all").record).toBe("v=spf1 mx ~all");
  });
});

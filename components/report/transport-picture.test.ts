import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { DaneEvidence } from "@/lib/checks/dane/index";
import type { SmtpTlsEvidence } from "@/lib/checks/smtp-tls/parse";
import { Evidence } from "./evidence";
import { TransportPicture } from "./transport-picture";

const chain = [
  {
    subject: "CN=mx1.example.com",
    issuer: "CN=Test CA",
    dnsNames: ["mx1.example.com"],
    validFrom: "2026-11-01T00:00:00.000Z",
    validTo: "2027-02-01T00:00:00.000Z",
    keyType: "ec",
    keyBits: 256,
    fingerprintSha256: "ab".repeat(32),
  },
];
const smtp: SmtpTlsEvidence = {
  kind: "smtp_tls",
  domain: "example.com",
  port: 25,
  hosts: [
    {
      host: "mx1.example.com",
      priority: 10,
      probed: true,
      address: "198.51.100.1",
      banner: "220 mx1 ESMTP",
      starttls: true,
      extensions: ["STARTTLS"],
      tls: {
        protocol: "TLSv1.3",
        cipher: "TLS_AES_256_GCM_SHA384",
        trusted: true,
        verifyError: null,
        nameMatches: true,
        daysToExpiry: 57,
        chain,
      },
      transcript: ["S: 220 mx1 <script>x</script>", "C: EHLO mxray.localhost"],
    },
    {
      host: "mx2.example.com",
      priority: 20,
      probed: true,
      address: "198.51.100.2",
      banner: "220 <script>",
      starttls: false,
      tls: null,
    },
    { host: "mx3.example.com", priority: 30, probed: false, reason: "connect_failed", detail: "ETIMEDOUT" },
  ],
};
const dane: DaneEvidence = {
  kind: "dane",
  domain: "example.com",
  method: "TLSA validated by mxray from the trust anchor",
  hosts: [
    {
      host: "mx1.example.com",
      tlsaName: "_25._tcp.mx1.example.com",
      tlsa: ["3 1 1 aa"],
      authenticated: true,
      verdict: "valid",
      matches: [],
    },
    {
      host: "mx2.example.com",
      tlsaName: "_25._tcp.mx2.example.com",
      tlsa: ["3 1 1 bb"],
      authenticated: true,
      verdict: "mismatch",
      matches: [],
      detail: "STARTTLS is not offered",
    },
  ],
};

describe("TransportPicture", () => {
  it("puts each MX host's TLS, certificate, MTA-STS and DANE state side by side, in words", () => {
    const html = renderToStaticMarkup(
      h(TransportPicture, {
        smtp,
        dane,
        mtaSts: {
          txt: { records: ["v=STSv1; id=1"], id: "1" },
          policy: {
            url: "https://mta-sts.example.com/.well-known/mta-sts.txt",
            parsed: {
              version: "STSv1",
              mode: "enforce",
              maxAge: 86400,
              mx: ["mx1.example.com"],
              extensions: {},
            },
          },
          mx: ["mx1.example.com", "mx2.example.com", "mx3.example.com"],
          certificates: [
            { host: "mx1.example.com", tls: true, names: ["mx1.example.com"], trusted: true, expired: false },
          ],
        },
      }),
    );
    const hostHtml = (host: string) => html.split(`data-transport-host="${host}"`)[1]!.split("</li>")[0]!;
    expect(hostHtml("mx1.example.com")).toContain("TLSv1.3");
    expect(hostHtml("mx1.example.com")).toContain("valid, 57 days left");
    expect(hostHtml("mx1.example.com")).toContain("matches (enforce)");
    expect(hostHtml("mx1.example.com")).toContain("TLSA matches");
    expect(hostHtml("mx2.example.com")).toContain("no STARTTLS");
    expect(hostHtml("mx2.example.com")).toContain("not in policy (enforce)");
    expect(hostHtml("mx2.example.com")).toContain("TLSA mismatch");
    expect(hostHtml("mx3.example.com")).toContain("not reached");
  });

  it("draws the smtp_tls and dane evidence as tables, escaping what servers said", () => {
    const html = renderToStaticMarkup(h(Evidence, { check: "smtp_tls", records: [smtp] }));
    expect(html).toContain('data-smtp-host="mx1.example.com"');
    expect(html).toContain("TLS_AES_256_GCM_SHA384");
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;x");
    const d = renderToStaticMarkup(h(Evidence, { check: "dane", records: [dane] }));
    expect(d).toContain("_25._tcp.mx2.example.com");
    expect(d).toContain("STARTTLS is not offered");
  });
});

/**
 * Renders the report visuals to static HTML (server rendering, as the report page does) and checks what
 * people and assistive technology get: text for every status, escaped untrusted data, safe links.
 */
import { writeFileSync } from "node:fs";
import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { Diagnosis } from "@/lib/bounce/types";
import type { DmarcEvidence } from "@/lib/checks/dmarc/index";
import type { SpfNode, SpfRecords } from "@/lib/checks/spf/model";
import type { QueryLogEntry } from "@/lib/dns/types";
import type { ChecklistItem } from "@/lib/scoring/checklist";
import { BounceDiagnosisPanel } from "./bounce-panel";
import { BulkSenderChecklist } from "./checklist";
import { DmarcLadder } from "./dmarc-ladder";
import { DnsTimeline } from "./dns-timeline";
import { Evidence } from "./evidence";
import { SpfTree } from "./spf-tree";

function node(domain: string, over: Partial<SpfNode> = {}): SpfNode {
  return {
    domain,
    via: "include",
    term: `include:${domain}`,
    status: "ok",
    record: "v=spf1 ip4:192.0.2.0/24 ~all",
    terms: [],
    lookups: 0,
    totalLookups: 0,
    voids: [],
    errors: [],
    children: [],
    ...over,
  };
}

const spf: SpfRecords = {
  kind: "spf",
  domain: "example.com",
  records: ["v=spf1 include:_spf.google.com include:mail.zendesk.com a:old.example.com -all"],
  legacy: [],
  tree: node("example.com", {
    via: "root",
    record: "v=spf1 include:_spf.google.com include:mail.zendesk.com a:old.example.com -all",
    lookups: 3,
    totalLookups: 11,
    voids: [
      {
        domain: "example.com",
        term: "a:old.example.com",
        target: "old.example.com",
        type: "A",
        status: "nxdomain",
      },
    ],
    children: [
      node("_spf.google.com", {
        lookups: 3,
        totalLookups: 3,
        record:
          "v=spf1 include:_netblocks.google.com include:_netblocks2.google.com include:_netblocks3.google.com ~all",
        children: [
          node("_netblocks.google.com"),
          node("_netblocks2.google.com"),
          node("_netblocks3.google.com"),
        ],
      }),
      node("mail.zendesk.com", {
        lookups: 1,
        totalLookups: 5,
        errors: [
          {
            kind: "unknown_mechanism",
            column: 8,
            token: "ip5:1.2.3.4",
            message: "unknown mechanism",
          } as never,
        ],
        children: [
          node("example.com", { status: "loop", record: null }),
          node("_spf.google.com", { duplicate: true, lookups: 3, totalLookups: 3 }),
        ],
      }),
    ],
  }),
  totals: { lookups: 11, lookupLimit: 10, voids: 1, voidLimit: 2, nodes: 8 },
  verdict: {
    ip: "192.0.2.7",
    sender: "postmaster@example.com",
    helo: "example.com",
    result: "softfail",
    mechanism: "~all",
  },
};

const dmarc: DmarcEvidence = {
  kind: "dmarc",
  name: "_dmarc.example.com",
  recordDomain: "example.com",
  orgDomain: "example.com",
  source: "org",
  raw: "v=DMARC1; p=quarantine; sp=none; pct=50; rua=mailto:d@example.com,mailto:r@vendor.example; adkim=s",
  cnames: [],
  tags: [
    { name: "v", value: "DMARC1" },
    { name: "p", value: "quarantine" },
    { name: "sp", value: "none" },
    { name: "pct", value: "50" },
    { name: "rua", value: "mailto:d@example.com,mailto:r@vendor.example" },
    { name: "adkim", value: "s" },
  ],
  usable: true,
  strength: "partial",
  effective: {
    domain: { policy: "quarantine", pct: 50, from: "p" },
    subdomains: { policy: "none", pct: 50, from: "sp", recordDomain: "example.com" },
    nonexistentSubdomains: { policy: "reject", pct: 50, from: "np", recordDomain: "example.com" },
  },
  reportAuthorization: [
    { host: "vendor.example", name: "example.com._report._dmarc.vendor.example", authorized: false },
  ],
};

const log: QueryLogEntry[] = Array.from({ length: 70 }, (_, i) => ({
  name: i === 3 ? "<script>alert(1)</script>.example.com" : `q${i}.example.com`,
  type: i % 3 === 0 ? "TXT" : "A",
  rcode: i % 11 === 5 ? "SERVFAIL" : i % 7 === 2 ? "NXDOMAIN" : "NOERROR",
  status: i % 11 === 5 ? "servfail" : i % 7 === 2 ? "nxdomain" : "ok",
  answers: i % 7 === 2 ? [] : [`"v=spf1 -all" <b>${i}</b>`],
  server: "1.1.1.1:53",
  transport: "udp",
  startedMs: i * 4 + (i % 5) * 3,
  rttMs: 5 + (i % 9) * 6,
  authenticated: false,
}));

function diag(over: Partial<Diagnosis> = {}): Diagnosis {
  return {
    replyCode: 550,
    enhancedCode: "5.7.26",
    enhancedMeaning: "Multiple authentication checks failed",
    permanent: true,
    family: "authentication",
    reason: "authfailure",
    provider: "Gmail",
    stage: "data",
    recipient: "bob@gmail.com",
    senderDomain: "example.com",
    sendingIp: "192.0.2.7",
    remoteMta: "mx.google.com",
    blocklist: { name: "Spamhaus ZEN", lookupUrl: "https://check.spamhaus.org/results/?query=192.0.2.7" },
    action: "Fix SPF/DKIM/DMARC, then resend",
    retry: false,
    summary: "Gmail rejected the message: it is not authenticated <img src=x onerror=alert(1)>",
    fix: ["Publish SPF", "Sign with DKIM", "Publish DMARC"],
    linkedChecks: ["spf", "dkim", "dmarc"],
    ruleId: "gmail.auth",
    ...over,
  };
}
const bounce = diag({
  recipients: [
    diag(),
    diag({ recipient: "eve@gmail.com", replyCode: 421, permanent: false, reason: "speeding" }),
  ],
});

const checklist: ChecklistItem[] = [
  { id: "spf", label: "SPF record published and valid", status: "fail", because: "spf.too_many_lookups" },
  { id: "dkim", label: "DKIM key published (1024 bits or more)", status: "pass", because: "valid key found" },
  { id: "alignment", label: "From: domain aligned", status: "unknown", because: "needs a real message" },
  { id: "unsubscribe", label: "One-click unsubscribe", status: "not_applicable", because: "not DNS" },
];

const evidence: Record<string, unknown[]> = {
  mx: [
    {
      priority: 10,
      exchange: "mx1.example.com",
      kind: "name",
      addresses: { A: ["192.0.2.10"], AAAA: ["2001:db8::10"] },
      ptr: {
        "192.0.2.10": { names: ["mx1.example.com"], fcrdns: true },
        "2001:db8::10": { names: [], fcrdns: false },
      },
    },
    { priority: 20, exchange: "mx2.example.com", kind: "name", addresses: { A: [], AAAA: [] }, ptr: {} },
  ],
  dkim: [
    {
      kind: "dkim_summary",
      domain: "example.com",
      domainkey: "ok",
      tried: ["google", "selector1", "s1"],
      found: ["google"],
      unresolved: [],
    },
    {
      kind: "dkim_selector",
      selector: "google",
      name: "google._domainkey.example.com",
      fromUser: false,
      cnames: [],
      raw: "v=DKIM1; k=rsa; p=MII...",
      keyType: "rsa",
      bits: 2048,
      flags: ["y"],
      services: [],
      state: "ok",
    },
  ],
  ptr: [
    {
      ip: "192.0.2.7",
      scope: "documentation",
      reverseName: "7.2.0.192.in-addr.arpa",
      status: "ok",
      ptr: ["mail.example.com"],
      forward: [
        { name: "mail.example.com", type: "A", status: "ok", addresses: ["192.0.2.8"], matches: false },
      ],
      fcrdns: false,
    },
  ],
  dnsbl: [
    {
      zone: "zen.spamhaus.org",
      name: "Spamhaus ZEN",
      kind: "ip",
      subject: "192.0.2.7",
      status: "listed",
      selfTest: "ok",
      codes: [{ code: "127.0.0.2", meaning: "SBL" }],
    },
    {
      zone: "evil.example",
      name: "Evil",
      kind: "ip",
      subject: "192.0.2.7",
      status: "clear",
      selfTest: "ok",
      codes: [],
    },
  ],
  mta_sts: [
    {
      txt: { records: ["v=STSv1; id=20240101"], id: "20240101" },
      policy: {
        url: "https://mta-sts.example.com/.well-known/mta-sts.txt",
        httpStatus: 200,
        contentType: "text/plain",
        parsed: { version: "STSv1", mode: "enforce", maxAge: 604800, mx: ["*.example.com"], extensions: {} },
      },
      mx: ["mx1.example.com"],
    },
  ],
  tls_rpt: [
    {
      kind: "tls_rpt",
      name: "_smtp._tls.example.com",
      raw: "v=TLSRPTv1; rua=mailto:tls@example.com",
      cnames: [],
      rua: [{ uri: "mailto:tls@example.com", scheme: "mailto" }],
      extensions: [],
      valid: true,
    },
  ],
  bimi: [
    {
      kind: "bimi",
      name: "default._bimi.example.com",
      source: "domain",
      raw: "v=BIMI1; l=https://example.com/logo.svg",
      cnames: [],
      logos: ["https://example.com/logo.svg"],
      authority: null,
      declined: false,
      dmarc: { outcome: "found", policy: "reject", pct: 100, enforced: true },
    },
  ],
  dnssec: [
    {
      kind: "dnssec",
      domain: "example.com",
      apex: "example.com",
      method: "AD bit from the configured resolver",
      validated: true,
      resolverValidates: true,
      ds: [
        {
          keyTag: 370,
          algorithm: 13,
          algorithmName: "ECDSAP256SHA256",
          digestType: 2,
          digestName: "SHA-256",
          match: "match",
        },
      ],
      dnskeys: [
        {
          keyTag: 370,
          flags: 257,
          sep: true,
          zoneKey: true,
          revoked: false,
          algorithm: 13,
          algorithmName: "ECDSAP256SHA256",
        },
      ],
      flags: { do: true, ad: { soa: true, dnskey: true, ds: true } },
    },
  ],
};

const html = (el: Parameters<typeof renderToStaticMarkup>[0]) => renderToStaticMarkup(el);

describe("SpfTree", () => {
  const out = html(h(SpfTree, { records: spf }));
  it("draws the lookup budget as a meter with its number", () => {
    expect(out).toContain('role="meter"');
    expect(out).toContain('aria-valuenow="11"');
    expect(out).toContain("11/10 DNS lookups");
    expect(out).toContain("over the limit");
    expect(out).toContain("1/2 void lookups");
    expect(out).toContain("bg-red-600");
  });
  it("nests includes and marks loops, duplicates, voids and errors in words", () => {
    expect(out.match(/data-spf-node=/g)).toHaveLength(8);
    expect(out).toContain(">loop<");
    expect(out).toContain("duplicate");
    expect(out).toContain("Void lookup");
    expect(out).toContain("unknown mechanism");
    expect(out).toContain("softfail");
  });
});

describe("DmarcLadder", () => {
  const out = html(h(DmarcLadder, { records: dmarc }));
  it("highlights the domain's rung and places sp/np", () => {
    expect(out).toMatch(/aria-current="true" data-rung="quarantine"/);
    expect(out).toContain("sp=none");
    expect(out).toContain("np=reject");
    expect(out).toContain("on 50% of failing mail");
    expect(out).toContain("Inherited from the organizational domain");
    expect(out).toContain("not authorized");
  });
});

describe("DnsTimeline", () => {
  const out = html(h(DnsTimeline, { log }));
  it("caps the rows and escapes DNS data", () => {
    expect(out.match(/role="img"/g)).toHaveLength(70);
    expect(out).toContain("Show all 70 queries (20 more)");
    expect(out).not.toContain("<script>");
    expect(out).not.toContain("<b>");
    expect(out).toContain("SERVFAIL");
  });
});

describe("BounceDiagnosisPanel", () => {
  it("shows the summary first, escaped, and a safe blocklist link", () => {
    const out = html(h(BounceDiagnosisPanel, { diagnosis: bounce }));
    expect(out.indexOf("bounce-summary")).toBeLessThan(out.indexOf("Reply code"));
    expect(out).not.toContain("<img");
    expect(out).toContain('rel="noopener noreferrer"');
    expect(out).toContain("eve@gmail.com");
    expect(out).toMatch(/<ol[^>]*>.*Publish SPF/);
  });
  it("drops non-http blocklist links", () => {
    const out = html(
      h(BounceDiagnosisPanel, {
        diagnosis: diag({ blocklist: { name: "X", lookupUrl: "javascript:alert(1)" } }),
      }),
    );
    expect(out).not.toContain("javascript:");
    expect(out).not.toContain("<a ");
  });
});

describe("BulkSenderChecklist", () => {
  it("writes every status in words", () => {
    const out = html(h(BulkSenderChecklist, { items: checklist }));
    for (const w of ["Pass", "Fail", "Unknown", "Not checked", "spf.too_many_lookups"])
      expect(out).toContain(w);
  });
});

describe("Evidence", () => {
  it("draws known shapes without raw JSON in print", () => {
    for (const [check, records] of Object.entries(evidence)) {
      const out = html(h(Evidence, { check: check as never, records }));
      expect(out, check).not.toContain("Other evidence (JSON)");
      expect(out, check).toContain("no-print");
    }
    const dnsbl = html(h(Evidence, { check: "dnsbl", records: evidence.dnsbl! }));
    expect(dnsbl).toContain("https://check.spamhaus.org/results/?query=192.0.2.7");
    expect(html(h(Evidence, { check: "spf", records: [spf] }))).toContain("spf-tree");
    expect(html(h(Evidence, { check: "dmarc", records: [dmarc] }))).toContain("dmarc-ladder");
  });
  it("falls back to JSON for unknown shapes", () => {
    const out = html(h(Evidence, { check: "mx", records: [{ surprise: "<b>x</b>" }] }));
    expect(out).toContain("<details");
    expect(out).toContain("&quot;surprise&quot;");
    expect(out).not.toContain("<b>x</b>");
  });
});

// MXRAY_PREVIEW=/tmp/x.html writes everything into one page for a visual/axe check (not in CI).
if (process.env.MXRAY_PREVIEW) {
  const body = [
    h(BounceDiagnosisPanel, { diagnosis: bounce }),
    h(BulkSenderChecklist, { items: checklist }),
    h(
      "section",
      {
        className: "rounded-xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900",
      },
      h(Evidence, { check: "spf", records: [spf] }),
    ),
    h(
      "section",
      {
        className: "rounded-xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900",
      },
      h(Evidence, { check: "dmarc", records: [dmarc] }),
    ),
    ...Object.entries(evidence).map(([c, r]) =>
      h(
        "section",
        {
          key: c,
          className:
            "rounded-xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900",
        },
        h("h2", { className: "font-semibold" }, c),
        h(Evidence, { check: c as never, records: r }),
      ),
    ),
    h(DnsTimeline, { log }),
  ].map((el) => renderToStaticMarkup(el));
  writeFileSync(process.env.MXRAY_PREVIEW, body.join("\n"));
}

describe("Evidence against the checks' real output", () => {
  it("recognises every record the checks produce (no JSON fallback)", async () => {
    const { fakeResolver } = await import("@/test-support/dns/spf-fake-resolver");
    const { CHECKS } = await import("@/lib/checks/registry");
    const resolver = fakeResolver({
      "example.test": {
        TXT: ["v=spf1 include:_spf.provider.test a:gone.example.test -all"],
        MX: [{ priority: 10, exchange: "mx.example.test" }],
      },
      "_spf.provider.test": { TXT: ["v=spf1 include:example.test ip4:198.51.100.0/24 ~all"] },
      "mx.example.test": { A: ["192.0.2.25"] },
      "_dmarc.example.test": { TXT: ["v=DMARC1; p=quarantine; sp=reject; rua=mailto:d@reports.test"] },
      "_smtp._tls.example.test": { TXT: ["v=TLSRPTv1; rua=mailto:tls@example.test"] },
      "default._bimi.example.test": { TXT: ["v=BIMI1; l=https://example.test/logo.svg"] },
    });
    for (const name of ["spf", "dmarc", "mx", "tls_rpt", "bimi"] as const) {
      const result = await CHECKS[name]({ resolver, domain: "example.test" });
      expect(result.records.length, name).toBeGreaterThan(0);
      const out = html(h(Evidence, { check: name, records: result.records }));
      expect(out, name).not.toContain("Other evidence (JSON)");
      expect(out, name).not.toContain(">Evidence (JSON)<");
    }
  });
});

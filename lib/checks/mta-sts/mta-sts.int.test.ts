import https from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFixtureDns, type FixtureDns } from "@/test-support/dns/fixture-dns";
import { makeTestPki, type TestPki } from "@/test-support/test-pki";
import { mtaStsCheck } from "./index";
import type { MtaStsEvidence } from "./parse";

const policy = (mode: string, mx: string[], extra = "max_age: 604800\r\n") =>
  `version: STSv1\r\nmode: ${mode}\r\n${mx.map((m) => `mx: ${m}\r\n`).join("")}${extra}`;

/** What the policy server answers, by host. */
const SITES: Record<
  string,
  { status?: number; type?: string; body?: string; headers?: Record<string, string> }
> = {
  "mta-sts.good.mta-sts.test": { body: policy("enforce", ["mx1.good.mta-sts.test", "*.good.mta-sts.test"]) },
  "mta-sts.testing.mta-sts.test": { body: policy("testing", ["*.testing.mta-sts.test"]) },
  "mta-sts.none.mta-sts.test": { body: policy("none", []) },
  "mta-sts.mismatch.mta-sts.test": { body: policy("enforce", ["*.mismatch.mta-sts.test"]) },
  "mta-sts.badtxt.mta-sts.test": { body: policy("enforce", ["*.badtxt.mta-sts.test"]) },
  "mta-sts.multitxt.mta-sts.test": { body: policy("enforce", ["*.multitxt.mta-sts.test"]) },
  "mta-sts.badpolicy.mta-sts.test": { body: policy("enforce", ["*.badpolicy.mta-sts.test"], "") },
  "mta-sts.redirect.mta-sts.test": {
    status: 301,
    headers: { location: "https://mta-sts.good.mta-sts.test/.well-known/mta-sts.txt" },
  },
  "mta-sts.notfound.mta-sts.test": { status: 404, body: "not found" },
  "mta-sts.html.mta-sts.test": { type: "text/html", body: policy("enforce", ["*.html.mta-sts.test"]) },
  "mta-sts.large.mta-sts.test": { body: policy("enforce", ["*.large.mta-sts.test"]) + "#".repeat(70 * 1024) },
};

let dns: FixtureDns;
let pki: TestPki;
let server: https.Server;
let port: number;
const requested: string[] = [];
let allowBefore: string | undefined;

beforeAll(async () => {
  dns = await startFixtureDns([{ match: "_mta-sts.broken.mta-sts.test", kind: "servfail" }]);
  // Every policy host but badcert's is on the certificate.
  pki = makeTestPki(Object.keys(SITES));
  server = https.createServer({ key: pki.key, cert: pki.cert }, (req, res) => {
    const host = (req.headers.host ?? "").replace(/:\d+$/, "");
    requested.push(`${host}${req.url}`);
    const site = SITES[host];
    if (!site || req.url !== "/.well-known/mta-sts.txt") return void res.writeHead(404).end();
    res
      .writeHead(site.status ?? 200, { "content-type": site.type ?? "text/plain", ...site.headers })
      .end(site.body ?? "");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server?.closeAllConnections();
  server?.close();
  await dns?.close();
});
beforeEach(() => {
  allowBefore = process.env.MXRAY_ALLOW_PRIVATE;
  process.env.MXRAY_ALLOW_PRIVATE = "1";
});
afterEach(() => {
  if (allowBefore === undefined) delete process.env.MXRAY_ALLOW_PRIVATE;
  else process.env.MXRAY_ALLOW_PRIVATE = allowBefore;
});

const run = (sub: string) =>
  mtaStsCheck({ resolver: dns.resolver(), domain: `${sub}.mta-sts.test`, https: { ca: pki.ca, port } });
const codes = async (sub: string) => (await run(sub)).findings.map((f) => f.code);

describe("mtaStsCheck over the fixture DNS server and a local HTTPS policy server", () => {
  it("passes an enforced policy that covers every MX", async () => {
    const r = await run("good");
    expect(r.findings).toEqual([]);
    expect(r.status).toBe("pass");
    const ev = r.records[0] as MtaStsEvidence;
    expect(ev.txt).toEqual({ records: ["v=STSv1; id=2026112301"], id: "2026112301" });
    expect(ev.policy).toMatchObject({
      url: "https://mta-sts.good.mta-sts.test/.well-known/mta-sts.txt",
      address: "127.0.0.1",
      httpStatus: 200,
      parsed: {
        version: "STSv1",
        mode: "enforce",
        maxAge: 604800,
        mx: ["mx1.good.mta-sts.test", "*.good.mta-sts.test"],
      },
    });
    expect(ev.mx).toEqual(["mx1.good.mta-sts.test", "mx2.good.mta-sts.test"]);
    expect(requested).toContain("mta-sts.good.mta-sts.test/.well-known/mta-sts.txt");
  });

  it("mta_sts.missing, and no policy fetched", async () => {
    const before = requested.length;
    const r = await run("missing");
    expect(r.findings).toEqual([
      {
        code: "mta_sts.missing",
        severity: "low",
        params: { domain: "missing.mta-sts.test", mx: ["mx1.good.mta-sts.test"] },
      },
    ]);
    expect(requested.length).toBe(before);
    expect(await codes("good")).not.toContain("mta_sts.missing");
  });

  it("mta_sts.testing_mode and mta_sts.mode_none", async () => {
    expect(await codes("testing")).toEqual(["mta_sts.testing_mode"]);
    expect(await codes("none")).toEqual(["mta_sts.mode_none"]);
    expect(await codes("good")).not.toContain("mta_sts.testing_mode");
    expect(await codes("good")).not.toContain("mta_sts.mode_none");
  });

  it("mta_sts.mx_mismatch names the MX outside the policy", async () => {
    const r = await run("mismatch");
    expect(r.findings).toEqual([
      {
        code: "mta_sts.mx_mismatch",
        severity: "high",
        params: { mx: "backup.elsewhere.test", patterns: ["*.mismatch.mta-sts.test"], mode: "enforce" },
      },
    ]);
    expect(await codes("good")).not.toContain("mta_sts.mx_mismatch");
  });

  it.each([
    ["badtxt", "txt_syntax"],
    ["multitxt", "multiple_txt_records"],
    ["badpolicy", "policy_max_age"],
    ["redirect", "redirect"],
    ["notfound", "http_status"],
    ["html", "content_type"],
    ["large", "too_large"],
    ["badcert", "certificate"],
    ["nohost", "policy_host_not_found"],
  ])("mta_sts.invalid: %s (%s)", async (sub, reason) => {
    const r = await run(sub);
    expect(r.findings.filter((f) => f.code === "mta_sts.invalid").map((f) => f.params.reason)).toEqual([
      reason,
    ]);
    expect(r.status).toBe("warn");
  });

  it("a redirect is not followed", async () => {
    const before = requested.filter((x) => x.startsWith("mta-sts.good.")).length;
    await run("redirect");
    expect(requested.filter((x) => x.startsWith("mta-sts.good.")).length).toBe(before);
  });

  it("mta_sts.policy_fetch_failed: a refused connection is 'could not determine'", async () => {
    const r = await run("refused");
    expect(r.status).toBe("error");
    expect(r.findings).toEqual([
      {
        code: "mta_sts.policy_fetch_failed",
        severity: "info",
        params: expect.objectContaining({
          reason: "connect_failed",
          url: "https://mta-sts.refused.mta-sts.test/.well-known/mta-sts.txt",
        }),
      },
    ]);
    expect(await codes("good")).not.toContain("mta_sts.policy_fetch_failed");
  });

  it("without MXRAY_ALLOW_PRIVATE the loopback policy host is refused, and nothing is fetched", async () => {
    delete process.env.MXRAY_ALLOW_PRIVATE;
    const before = requested.length;
    const r = await run("good");
    expect(r.status).toBe("error");
    expect(r.findings[0]).toMatchObject({
      code: "mta_sts.policy_fetch_failed",
      params: { reason: "address_not_public" },
    });
    expect(requested.length).toBe(before);
  });

  it("mta_sts.dns_error: a SERVFAIL on the TXT gives status error", async () => {
    const r = await run("broken");
    expect(r.status).toBe("error");
    expect(r.findings.map((f) => f.code)).toEqual(["mta_sts.dns_error"]);
  });
});

import https from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { safeHttpsGet } from "./safe-https";
import { tableResolver } from "@/test-support/dns/table-resolver";
import { makeTestPki, type TestPki } from "../../test-support/test-pki";

let pki: TestPki;
let server: https.Server;
let port: number;
let lastHost: string | undefined;

beforeAll(async () => {
  pki = makeTestPki(["policy.example.test"]);
  server = https.createServer({ key: pki.key, cert: pki.cert }, (req, res) => {
    lastHost = req.headers.host;
    if (req.url === "/redirect") {
      res.writeHead(301, { location: "https://elsewhere.example.test/" }).end();
    } else if (req.url === "/big") {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("x".repeat(100_000));
    } else if (req.url === "/slow") {
      setTimeout(() => res.writeHead(200).end("late"), 2_000).unref();
    } else {
      res.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end("hello");
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server?.closeAllConnections();
  server?.close();
});

const resolver = () =>
  tableResolver({
    "policy.example.test A": ["127.0.0.1"],
    "wrongname.example.test A": ["127.0.0.1"],
    "public.example.test A": ["192.0.2.80"],
    "broken.example.test A": { status: "servfail" },
  });

describe("safeHttpsGet", () => {
  it("fetches from the vetted address with certificate validation and SNI", async () => {
    const r = await safeHttpsGet("https://policy.example.test/x", {
      resolver: resolver(),
      ca: pki.ca,
      port,
      allowPrivate: true,
    });
    expect(r).toMatchObject({
      ok: true,
      status: 200,
      body: "hello",
      address: "127.0.0.1",
      contentType: "text/plain; charset=utf-8",
    });
    expect(lastHost).toBe(`policy.example.test:${port}`);
  });

  it("refuses loopback and other non-public addresses unless allowed", async () => {
    const r = await safeHttpsGet("https://policy.example.test/x", {
      resolver: resolver(),
      ca: pki.ca,
      port,
      allowPrivate: false,
    });
    expect(r).toMatchObject({ ok: false, reason: "address_not_public", addresses: ["127.0.0.1"] });
    const literal = await safeHttpsGet(`https://127.0.0.1:${port}/x`, {
      resolver: resolver(),
      allowPrivate: false,
    });
    expect(literal).toMatchObject({ ok: false, reason: "address_not_public" });
    // Documentation space is not public either, for connections.
    const doc = await safeHttpsGet("https://public.example.test/", {
      resolver: resolver(),
      allowPrivate: false,
    });
    expect(doc).toMatchObject({ ok: false, reason: "address_not_public" });
  });

  it("follows MXRAY_ALLOW_PRIVATE when not told otherwise", async () => {
    const before = process.env.MXRAY_ALLOW_PRIVATE;
    try {
      delete process.env.MXRAY_ALLOW_PRIVATE;
      expect(
        await safeHttpsGet("https://policy.example.test/", { resolver: resolver(), ca: pki.ca, port }),
      ).toMatchObject({
        ok: false,
        reason: "address_not_public",
      });
      process.env.MXRAY_ALLOW_PRIVATE = "1";
      expect(
        await safeHttpsGet("https://policy.example.test/", { resolver: resolver(), ca: pki.ca, port }),
      ).toMatchObject({
        ok: true,
      });
    } finally {
      if (before === undefined) delete process.env.MXRAY_ALLOW_PRIVATE;
      else process.env.MXRAY_ALLOW_PRIVATE = before;
    }
  });

  it("rejects a certificate that does not name the host, or an untrusted CA", async () => {
    const wrong = await safeHttpsGet("https://wrongname.example.test/", {
      resolver: resolver(),
      ca: pki.ca,
      port,
      allowPrivate: true,
    });
    expect(wrong).toMatchObject({ ok: false, reason: "tls_error" });
    expect((wrong as { detail: string }).detail).toContain("ERR_TLS_CERT_ALTNAME_INVALID");
    const untrusted = await safeHttpsGet("https://policy.example.test/", {
      resolver: resolver(),
      port,
      allowPrivate: true,
    });
    expect(untrusted).toMatchObject({ ok: false, reason: "tls_error" });
  });

  it("does not follow redirects", async () => {
    const r = await safeHttpsGet("https://policy.example.test/redirect", {
      resolver: resolver(),
      ca: pki.ca,
      port,
      allowPrivate: true,
    });
    expect(r).toMatchObject({
      ok: true,
      status: 301,
      headers: { location: "https://elsewhere.example.test/" },
    });
  });

  it("caps size and time", async () => {
    const big = await safeHttpsGet("https://policy.example.test/big", {
      resolver: resolver(),
      ca: pki.ca,
      port,
      allowPrivate: true,
      maxBytes: 65_536,
    });
    expect(big).toMatchObject({ ok: false, reason: "too_large" });
    const started = Date.now();
    const slow = await safeHttpsGet("https://policy.example.test/slow", {
      resolver: resolver(),
      ca: pki.ca,
      port,
      allowPrivate: true,
      timeoutMs: 300,
    });
    expect(slow).toMatchObject({ ok: false, reason: "timeout" });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("tells DNS failures, missing names and refused connections apart", async () => {
    expect(
      await safeHttpsGet("https://broken.example.test/", { resolver: resolver(), allowPrivate: true }),
    ).toMatchObject({
      ok: false,
      reason: "dns_error",
    });
    expect(
      await safeHttpsGet("https://nothing.example.test/", { resolver: resolver(), allowPrivate: true }),
    ).toMatchObject({
      ok: false,
      reason: "no_address",
    });
    const closed = await safeHttpsGet("https://policy.example.test/", {
      resolver: resolver(),
      ca: pki.ca,
      port: 1,
      allowPrivate: true,
    });
    expect(closed).toMatchObject({ ok: false, reason: "connect_failed" });
    expect(await safeHttpsGet("http://policy.example.test/", { resolver: resolver() })).toMatchObject({
      reason: "invalid_url",
    });
  });
});

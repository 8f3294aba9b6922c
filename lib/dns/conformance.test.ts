/**
 * The same expectations, over real sockets, against our sandbox and against Knot DNS serving the same
 * zone files: a server we did not write proves our wire format (and the sandbox's answers).
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDnsSandbox } from "@/lib/dns-sandbox";
import { hasKnot, startKnot } from "@/test-support/dns/knot";
import { createResolver } from "./resolver";
import type { RRType } from "./types";

const zone = (f: string) => fileURLToPath(new URL(`../../e2e/fixtures/zones/${f}`, import.meta.url));
const ZONE_FILES = [zone("dns-basic.zone"), zone("dns-second.zone")];

interface Server {
  server: string;
  stop(): Promise<void>;
}

const servers: [string, boolean, () => Promise<Server>][] = [
  [
    "sandbox",
    false,
    async () => {
      const s = await startDnsSandbox({ zoneFiles: ZONE_FILES });
      return { server: s.server, stop: () => s.close() };
    },
  ],
  [
    "knotd",
    !hasKnot,
    async () => {
      const k = await startKnot(ZONE_FILES);
      return { server: k.server, stop: () => k.stop() };
    },
  ],
];

if (!hasKnot) {
  console.warn("knotd not found: skipping the Knot DNS conformance tests (apt-get install knot to run them)");
}

for (const [label, skip, start] of servers) {
  describe.skipIf(skip)(`resolver against ${label}`, () => {
    let srv: Server;
    beforeAll(async () => {
      srv = await start();
    });
    afterAll(async () => {
      await srv?.stop();
    });
    const resolver = () => createResolver({ servers: srv.server, timeoutMs: 1000, retries: 0 });

    it("decodes every supported type", async () => {
      const r = resolver();
      const q = async <T extends RRType>(name: string, type: T) => {
        const a = await r.query(name, type);
        expect(a.status, `${name} ${type}: ${a.error ?? ""}`).toBe("ok");
        return a.answers;
      };
      expect(await q("ns1.dns-basic.test", "A")).toEqual(["192.0.2.53"]);
      expect(await q("mx1.dns-basic.test", "AAAA")).toEqual(["2001:db8::10"]);
      expect(await q("dns-basic.test", "MX")).toEqual([
        { priority: 10, exchange: "mx1.dns-basic.test" },
        { priority: 20, exchange: "mx2.dns-basic.test" },
      ]);
      expect(await q("nullmx.dns-basic.test", "MX")).toEqual([{ priority: 0, exchange: "" }]);
      expect(await q("dns-basic.test", "TXT")).toEqual(["v=spf1 mx -all"]);
      expect((await q("multi.dns-basic.test", "TXT")).sort()).toEqual([
        "second record",
        "v=spf1 ip4:192.0.2.0/24 -all",
      ]);
      expect(await q("escaped.dns-basic.test", "TXT")).toEqual([
        'quote " semicolon ; backslash \\ byte ABunquoted word',
      ]);
      expect(await q("www.dns-basic.test", "CNAME")).toEqual(["alias1.dns-basic.test"]);
      expect(await q("ptr.dns-basic.test", "PTR")).toEqual(["host.dns-basic.test"]);
      expect((await q("dns-basic.test", "NS")).sort()).toEqual(["ns1.dns-basic.test", "ns2.dns-basic.test"]);
      expect(await q("dns-basic.test", "SOA")).toEqual([
        {
          mname: "ns1.dns-basic.test",
          rname: "hostmaster.dns-basic.test",
          serial: 2026112301,
          refresh: 3600,
          retry: 600,
          expire: 86400,
          minimum: 60,
        },
      ]);
      expect(await q("_25._tcp.mx1.dns-basic.test", "TLSA")).toEqual([
        {
          usage: 3,
          selector: 1,
          matchingType: 1,
          certificate: "0c72ac70b745ac19998811b131d662c9ac69dbdbe7cb23e5b514b56664c5d3d6",
        },
      ]);
      expect((await q("dns-basic.test", "CAA")).sort((a, b) => a.flags - b.flags)).toEqual([
        { flags: 0, tag: "issue", value: "letsencrypt.org" },
        { flags: 128, tag: "iodef", value: "mailto:security@dns-basic.test" },
      ]);
      expect(await q("ds.dns-basic.test", "DS")).toEqual([
        { keyTag: 60485, algorithm: 5, digestType: 1, digest: "2bb183af5f22588179a53b0a98631fad1a292118" },
      ]);
      const [key] = await q("key.dns-basic.test", "DNSKEY");
      expect(key).toMatchObject({ flags: 257, algorithm: 8 });
      expect(key!.key.startsWith("AwEAAagAIKlVZrpC6Ia7gEzahOR+9W29euxhJhVVLOyQbSEW0O8gcCjF")).toBe(true);
      expect(key!.key.endsWith("QxA+Uk1ihz0=")).toBe(true);
      // Owner names are matched case-insensitively (RFC 4343).
      expect(await q("MIXED.case.dns-basic.TEST.", "A")).toEqual(["192.0.2.30"]);
      // A record from the $INCLUDEd file.
      expect(await q("included.dns-basic.test", "A")).toEqual(["192.0.2.77"]);
      expect(r.log.every((e) => e.transport === "udp")).toBe(true);
    });

    it("tells NXDOMAIN from NODATA, empty non-terminals included (RFC 8020)", async () => {
      const r = resolver();
      expect((await r.query("nope.dns-basic.test", "A")).status).toBe("nxdomain");
      expect((await r.query("host.dns-basic.test", "MX")).status).toBe("nodata");
      expect((await r.query("b.ent.dns-basic.test", "A")).status).toBe("nodata");
      expect((await r.query("ent.dns-basic.test", "TXT")).status).toBe("nodata");
      expect((await r.query("a.b.ent.dns-basic.test", "A")).answers).toEqual(["192.0.2.99"]);
      expect(r.log.find((e) => e.name === "nope.dns-basic.test")).toMatchObject({
        rcode: "NXDOMAIN",
        status: "nxdomain",
      });
    });

    it("follows CNAME chains, inside a zone and across zones", async () => {
      const r = resolver();
      expect(await r.query("www.dns-basic.test", "A")).toMatchObject({
        status: "ok",
        answers: ["203.0.113.7"],
        cnames: ["alias1.dns-basic.test", "host.dns-basic.test"],
      });
      expect(await r.query("to-basic.dns-second.test", "A")).toMatchObject({
        status: "ok",
        answers: ["203.0.113.7"],
        cnames: ["host.dns-basic.test"],
      });
      // RFC 6604: the RCODE speaks for the end of the chain.
      expect(await r.query("dangling.dns-basic.test", "A")).toMatchObject({
        status: "nxdomain",
        cnames: ["missing.dns-basic.test"],
      });
      const loop = await r.query("loop1.dns-basic.test", "A");
      expect(loop.status).toBe("error");
      expect(loop.error).toMatch(/CNAME loop/);
    });

    it("refers below a zone cut; DS at the cut is the parent's (RFC 4035 §2.4)", async () => {
      const r = resolver();
      for (const name of ["child.dns-basic.test", "www.child.dns-basic.test", "ns.child.dns-basic.test"]) {
        const a = await r.query(name, "A");
        expect(a.status, name).toBe("error");
        expect(a.error).toMatch(/referral to child\.dns-basic\.test .* does not recurse/);
      }
      expect(r.log.every((e) => e.rcode === "NOERROR" && e.status === "nodata")).toBe(true);
      const ds = await r.query("child.dns-basic.test", "DS");
      expect(ds.answers).toEqual([
        {
          keyTag: 12345,
          algorithm: 13,
          digestType: 2,
          digest: "3a1f5c9e0b7d2a4f6e8c1b3d5f7a9c0e2b4d6f8a1c3e5b7d9f0a2c4e6b8d0f1a",
        },
      ]);
    });

    it("synthesizes wildcard answers (RFC 4592)", async () => {
      const r = resolver();
      expect((await r.query("anything.wild.dns-basic.test", "A")).answers).toEqual(["192.0.2.42"]);
      expect((await r.query("a.b.wild.dns-basic.test", "TXT")).answers).toEqual(["wildcard"]);
      expect((await r.query("exact.wild.dns-basic.test", "A")).status).toBe("nodata");
      expect((await r.query("wild.dns-basic.test", "A")).status).toBe("nodata");
    });

    it("retries a truncated answer over TCP (RFC 7766)", async () => {
      const r = resolver();
      const big = await r.query("big.dns-basic.test", "TXT");
      expect(big.status).toBe("ok");
      expect(big.answers).toHaveLength(20);
      expect(big.answers.map((t) => t.slice(0, 6)).sort()[19]).toBe("big-20");
      expect(r.log.map((e) => e.transport)).toEqual(["udp", "tcp"]);
      expect(r.stats().queries).toBe(2);
    });

    it("reports REFUSED for names the server is not authoritative for", async () => {
      const r = resolver();
      const a = await r.query("example.com", "A");
      expect(a.status).toBe("refused");
      expect(a.authenticated).toBe(false);
    });

    it("sends DO when asked, as a separate question", async () => {
      const r = resolver();
      expect((await r.query("dns-basic.test", "SOA", { dnssec: true })).status).toBe("ok");
      expect((await r.query("dns-basic.test", "SOA")).status).toBe("ok");
      expect(r.log).toHaveLength(2);
    });
  });
}

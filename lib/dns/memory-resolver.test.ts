import { describe, expect, it } from "vitest";
import { createMemoryResolver } from "./memory-resolver";

const ZONE = `$ORIGIN mem.test.
$TTL 300
@       SOA ns1 hostmaster 1 3600 600 86400 60
        NS  ns1
ns1     A   192.0.2.53
@       MX  10 mx
mx      A   192.0.2.10
www     CNAME alias
alias   CNAME host
host    A   203.0.113.7
a.b.ent A   192.0.2.99
*.wild  A   192.0.2.42
*.wild  CNAME host
exact.wild TXT "exact"
out     CNAME far.other.test.
`;

describe("createMemoryResolver", () => {
  it("answers through the authority logic: data, NXDOMAIN, NODATA, empty non-terminals", async () => {
    const r = createMemoryResolver({ zoneText: [ZONE] });
    expect((await r.query("mem.test", "MX")).answers).toEqual([{ priority: 10, exchange: "mx.mem.test" }]);
    expect((await r.query("nothing.mem.test", "A")).status).toBe("nxdomain");
    expect((await r.query("mx.mem.test", "TXT")).status).toBe("nodata");
    // RFC 8020: b.ent exists as an empty non-terminal, so it is NODATA, not NXDOMAIN.
    expect((await r.query("b.ent.mem.test", "A")).status).toBe("nodata");
    expect((await r.query("ent.mem.test", "TXT")).status).toBe("nodata");
    expect((await r.query("x.b.ent.mem.test", "A")).status).toBe("nxdomain");
    expect((await r.query("elsewhere.test", "A")).status).toBe("refused");
  });

  it("follows CNAME chains and reports them", async () => {
    const r = createMemoryResolver({ zoneText: [ZONE] });
    const a = await r.query("WWW.mem.test.", "A");
    expect(a).toMatchObject({
      name: "www.mem.test",
      status: "ok",
      answers: ["203.0.113.7"],
      cnames: ["alias.mem.test", "host.mem.test"],
    });
    expect((await r.query("www.mem.test", "CNAME")).answers).toEqual(["alias.mem.test"]);
  });

  it("synthesizes wildcards only below the closest encloser (RFC 4592)", async () => {
    const r = createMemoryResolver({ zoneText: [ZONE] });
    expect((await r.query("a.b.wild.mem.test", "A")).answers).toEqual(["192.0.2.42"]);
    // exact.wild exists, so the wildcard does not apply to it or its type gaps.
    expect((await r.query("exact.wild.mem.test", "A")).status).toBe("nodata");
    expect((await r.query("exact.wild.mem.test", "TXT")).answers).toEqual(["exact"]);
    expect((await r.query("wild.mem.test", "A")).status).toBe("nodata");
    // A wildcard CNAME is followed like any other (the A wildcard answers A first).
    expect((await r.query("q.wild.mem.test", "TXT")).cnames).toEqual(["host.mem.test"]);
  });

  it("serves in-memory records with implicit zones and keeps TXT strings apart", async () => {
    const r = createMemoryResolver({
      records: [
        { name: "example.com", type: "TXT", data: ["v=spf1 ", "ip4:192.0.2.0/24 -all"] },
        { name: "example.com", type: "TXT", data: "x".repeat(300) },
        { name: "mail.example.com", type: "MX", data: { priority: 0, exchange: "." } },
        { name: "e.example.com", type: "A", data: "192.0.2.1" },
      ],
    });
    const txt = await r.query("example.com", "TXT");
    expect(txt.answers).toEqual(["v=spf1 ip4:192.0.2.0/24 -all", "x".repeat(300)]);
    expect(txt.strings).toEqual([
      ["v=spf1 ", "ip4:192.0.2.0/24 -all"],
      ["x".repeat(255), "x".repeat(45)],
    ]);
    expect((await r.query("mail.example.com", "MX")).answers).toEqual([{ priority: 0, exchange: "" }]);
    expect((await r.query("nope.example.com", "A")).status).toBe("nxdomain");
    expect((await r.query("example.org", "A")).status).toBe("refused");
  });

  it("rejects bad records and bad zone text with clear messages", () => {
    expect(() => createMemoryResolver({ records: [{ name: "a.test", type: "A", data: "nope" }] })).toThrow(
      /record "a.test" "A": invalid IPv4/,
    );
    expect(() => createMemoryResolver({ records: [{ name: "a.test", type: "BOGUS", data: "x" }] })).toThrow(
      /unknown record type/,
    );
    expect(() => createMemoryResolver({ zoneText: ["$ORIGIN a.test.\nx A 1.2.3\n"] })).toThrow(
      /<zone text 1>:2: invalid IPv4/,
    );
  });

  it("caches, logs one entry per question and returns errors for invalid names", async () => {
    const r = createMemoryResolver({ zoneText: [ZONE] });
    await Promise.all([
      r.query("www.mem.test", "A"),
      r.query("www.mem.test", "A"),
      r.query("Www.Mem.Test", "A"),
    ]);
    expect(r.log).toHaveLength(1);
    expect(r.log[0]).toMatchObject({
      name: "www.mem.test",
      type: "A",
      rcode: "NOERROR",
      status: "ok",
      server: "memory",
    });
    expect(r.log[0]!.answers).toEqual(["CNAME alias.mem.test", "CNAME host.mem.test", "203.0.113.7"]);
    expect(r.stats().queries).toBe(1);
    const bad = await r.query("bad..name", "A");
    expect(bad.status).toBe("error");
    expect(r.log).toHaveLength(1);
  });
});

describe("createMemoryResolver faults", () => {
  it("applies timeout, servfail and refused faults by name, subtree and type", async () => {
    const r = createMemoryResolver({
      zoneText: [ZONE],
      faults: [
        { match: "host.mem.test", kind: "timeout" },
        { match: "*.wild.mem.test", kind: "servfail", types: ["TXT"] },
        { match: "mx.mem.test", kind: "refused" },
      ],
    });
    expect(await r.query("host.mem.test", "A")).toMatchObject({ status: "timeout", answers: [] });
    expect((await r.query("www.mem.test", "A")).status).toBe("ok"); // the authority chases inside the zone
    expect((await r.query("x.wild.mem.test", "TXT")).status).toBe("servfail");
    expect((await r.query("x.wild.mem.test", "A")).status).toBe("ok");
    expect((await r.query("mx.mem.test", "A")).status).toBe("refused");
    expect(r.log.map((e) => e.rcode)).toEqual(["TIMEOUT", "NOERROR", "SERVFAIL", "NOERROR", "REFUSED"]);
    expect(() => createMemoryResolver({ faults: [{ match: "", kind: "timeout" }] })).toThrow(/match/);
  });
});

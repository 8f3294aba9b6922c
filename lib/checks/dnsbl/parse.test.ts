import { describe, expect, it } from "vitest";
import type { DnsAnswer, DnsStatus } from "@/lib/dns/types";
import { tableResolver } from "@/test-support/dns/table-resolver";
import { dnsblCheck } from "./index";
import {
  classifyAnswer,
  domainQueryName,
  evaluateSelfTest,
  ipQueryName,
  queryZone,
  resolveConfig,
  selfTestNames,
} from "./parse";
import { DEFAULT_DOMAIN_ZONES, DEFAULT_IP_ZONES, knownZone, zonesFromEnv } from "./zones";

const zen = knownZone("zen.spamhaus.org")!;
const dbl = knownZone("dbl.spamhaus.org")!;
const uribl = knownZone("multi.uribl.com")!;
const surbl = knownZone("multi.surbl.org")!;

function a(name: string, answers: string[] | DnsStatus): DnsAnswer<"A"> {
  const status = typeof answers === "string" ? answers : "ok";
  return {
    name,
    type: "A",
    status,
    answers: typeof answers === "string" ? [] : answers,
    cnames: [],
    authenticated: false,
  };
}

describe("query names", () => {
  it("reverses IPv4 octets and IPv6 nibbles (RFC 5782 §2.1, §2.4)", () => {
    expect(ipQueryName("192.0.2.99", "zen.spamhaus.org")).toBe("99.2.0.192.zen.spamhaus.org");
    expect(ipQueryName("2001:db8:1:2:3:4:567:89ab", "bl.example")).toBe(
      "b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.bl.example",
    );
    expect(domainQueryName("Example.COM.", "dbl.spamhaus.org")).toBe("example.com.dbl.spamhaus.org");
  });

  it("uses Spamhaus DQS zones when a key is set, only for Spamhaus zones", () => {
    expect(queryZone(zen, "abc123")).toBe("abc123.zen.dq.spamhaus.net");
    expect(queryZone(dbl, "abc123")).toBe("abc123.dbl.dq.spamhaus.net");
    expect(queryZone(zen)).toBe("zen.spamhaus.org");
    expect(queryZone(knownZone("bl.spamcop.net")!, "abc123")).toBe("bl.spamcop.net");
  });

  it("self-test names: 127.0.0.2 / 127.0.0.1, test / invalid, or the zone's own test entry", () => {
    expect(selfTestNames(zen, "zen.spamhaus.org")).toEqual({
      listed: "2.0.0.127.zen.spamhaus.org",
      notListed: "1.0.0.127.zen.spamhaus.org",
    });
    expect(selfTestNames({ zone: "d.example", name: "d", kind: "domain", ipv6: false }, "d.example")).toEqual(
      {
        listed: "test.d.example",
        notListed: "invalid.d.example",
      },
    );
    expect(selfTestNames(dbl, "dbl.spamhaus.org").listed).toBe("dbltest.com.dbl.spamhaus.org");
  });
});

describe("classifyAnswer", () => {
  it("knows Spamhaus ZEN return codes", () => {
    expect(classifyAnswer(zen, "127.0.0.2")).toMatchObject({
      kind: "listed",
      meaning: expect.stringContaining("SBL"),
    });
    expect(classifyAnswer(zen, "127.0.0.3").meaning).toContain("CSS");
    for (const c of ["127.0.0.4", "127.0.0.5", "127.0.0.6", "127.0.0.7"])
      expect(classifyAnswer(zen, c).meaning).toContain("XBL");
    expect(classifyAnswer(zen, "127.0.0.9").meaning).toContain("DROP");
    expect(classifyAnswer(zen, "127.0.0.10").meaning).toContain("PBL");
    expect(classifyAnswer(zen, "127.0.0.11").meaning).toContain("PBL");
  });

  it("treats refusal codes and answers outside 127/8 as refusals, never listings", () => {
    for (const c of ["127.255.255.252", "127.255.255.254", "127.255.255.255", "127.0.1.255", "192.0.2.1"]) {
      expect(classifyAnswer(zen, c).kind).toBe("refused");
      expect(classifyAnswer(dbl, c).kind).toBe("refused");
    }
    expect(classifyAnswer(uribl, "127.0.0.1").kind).toBe("refused");
    expect(classifyAnswer(surbl, "127.0.0.1").kind).toBe("refused");
  });

  it("decodes bitmask zones and DBL codes", () => {
    expect(classifyAnswer(uribl, "127.0.0.2").meaning).toMatch(/^black/);
    expect(classifyAnswer(uribl, "127.0.0.14").meaning).toBe(
      "black: actively used in spam; grey: bulk or grey-hat sender; red: seen in new spam",
    );
    expect(classifyAnswer(surbl, "127.0.0.24").meaning).toBe("PH: phishing; MW: malware");
    expect(classifyAnswer(dbl, "127.0.1.4").meaning).toBe("phishing domain");
    expect(classifyAnswer(dbl, "127.0.1.104").meaning).toContain("abused legitimate");
  });

  it("an undocumented code is still a listing", () => {
    expect(classifyAnswer(knownZone("bl.spamcop.net")!, "127.0.0.9")).toMatchObject({ kind: "listed" });
  });
});

describe("evaluateSelfTest", () => {
  it("tells healthy, dead, wildcard, refusing and unknown zones apart", () => {
    expect(evaluateSelfTest(zen, a("x", ["127.0.0.2"]), a("y", "nxdomain"))).toBe("ok");
    expect(evaluateSelfTest(zen, a("x", "nxdomain"), a("y", "nxdomain"))).toBe("dead");
    expect(evaluateSelfTest(zen, a("x", ["127.0.0.2"]), a("y", ["127.0.0.2"]))).toBe("wildcard");
    expect(evaluateSelfTest(zen, a("x", ["127.255.255.254"]), a("y", ["127.255.255.254"]))).toBe("refused");
    expect(evaluateSelfTest(zen, a("x", "timeout"), a("y", "nxdomain"))).toBe("unknown");
  });
});

describe("configuration", () => {
  it("defaults to the built-in lists", () => {
    const c = resolveConfig(undefined, {});
    expect(c.ipZones).toBe(DEFAULT_IP_ZONES);
    expect(c.domainZones).toBe(DEFAULT_DOMAIN_ZONES);
    expect(c.dqsKey).toBeUndefined();
    expect(DEFAULT_IP_ZONES.map((z) => z.zone)).toEqual(
      expect.arrayContaining([
        "zen.spamhaus.org",
        "bl.spamcop.net",
        "b.barracudacentral.org",
        "psbl.surriel.com",
        "dnsbl.dronebl.org",
        "bl.mailspike.net",
        "dnsbl-1.uceprotect.net",
        "ix.dnsbl.manitu.net",
      ]),
    );
    expect(DEFAULT_DOMAIN_ZONES.map((z) => z.zone)).toEqual([
      "dbl.spamhaus.org",
      "multi.uribl.com",
      "multi.surbl.org",
    ]);
  });

  it("env lists replace the defaults; known names keep their data; +v6 marks IPv6 support", () => {
    const c = resolveConfig(undefined, {
      MXRAY_DNSBL_ZONES: "zen.spamhaus.org, my.bl.example+v6",
      MXRAY_DNSBL_DOMAIN_ZONES: "dbl.spamhaus.org",
      MXRAY_SPAMHAUS_DQS_KEY: "Key123",
    });
    expect(c.ipZones.map((z) => [z.zone, z.ipv6])).toEqual([
      ["zen.spamhaus.org", true],
      ["my.bl.example", true],
    ]);
    expect(c.ipZones[0]).toBe(zen);
    expect(c.domainZones).toEqual([dbl]);
    expect(c.dqsKey).toBe("key123");
    expect(zonesFromEnv("  ", "ip")).toBeUndefined();
  });

  it("options win over the environment", () => {
    const c = resolveConfig({ ipZones: ["x.example"], dqsKey: "k" }, { MXRAY_DNSBL_ZONES: "y.example" });
    expect(c.ipZones.map((z) => z.zone)).toEqual(["x.example"]);
    expect(c.dqsKey).toBe("k");
  });
});

describe("dnsblCheck with a DQS key (table resolver)", () => {
  it("queries the DQS zone and keeps the key out of the report", async () => {
    const resolver = tableResolver({
      "2.0.0.127.secretkey.zen.dq.spamhaus.net A": ["127.0.0.2"],
      "2.2.0.192.secretkey.zen.dq.spamhaus.net A": { status: "servfail" },
    });
    const r = await dnsblCheck({
      resolver,
      ip: "192.0.2.2",
      dnsbl: { ipZones: ["zen.spamhaus.org"], domainZones: [], dqsKey: "secretkey" },
    });
    expect(resolver.asked).toEqual([
      "2.0.0.127.secretkey.zen.dq.spamhaus.net A",
      "1.0.0.127.secretkey.zen.dq.spamhaus.net A",
      "2.2.0.192.secretkey.zen.dq.spamhaus.net A",
    ]);
    expect(r.status).toBe("error");
    expect(JSON.stringify(r)).not.toContain("secretkey");
    expect(r.findings[1]!.params.name).toBe("2.2.0.192.<key>.zen.dq.spamhaus.net");
  });

  it("is skipped for an invalid IP, saying so", async () => {
    const resolver = tableResolver({});
    const r = await dnsblCheck({ resolver, ip: "999.1.1.1", dnsbl: { domainZones: [] } });
    expect(r.status).toBe("skipped");
    expect(r.findings.map((f) => f.code)).toEqual(["dnsbl.invalid_ip"]);
    expect(resolver.asked).toEqual([]);
  });

  it("is skipped with neither IP nor domain", async () => {
    expect((await dnsblCheck({ resolver: tableResolver({}) })).status).toBe("skipped");
  });
});

import { spf, type DNSResolver } from "mailauth";
import { describe, expect, it } from "vitest";
import { toMailauthResolver } from "./mailauth";
import { createMemoryResolver } from "./memory-resolver";
import type { DnsAnswer, RRType, Resolver } from "./types";

const records = [
  {
    name: "example.com",
    type: "TXT",
    data: ["v=spf1 ", "mx a:host.example.com include:inc.example.com -all"],
  },
  { name: "example.com", type: "MX", data: { priority: 10, exchange: "mx.example.com" } },
  { name: "mx.example.com", type: "A", data: "192.0.2.10" },
  { name: "host.example.com", type: "A", data: "192.0.2.20" },
  { name: "host.example.com", type: "AAAA", data: "2001:db8::20" },
  { name: "inc.example.com", type: "TXT", data: "v=spf1 ip4:198.51.100.0/24 -all" },
  { name: "alias.example.com", type: "CNAME", data: "host.example.com" },
];

/** mailauth's declared resolver type is narrower than what node's resolver (and ours) return. */
const forMailauth = (r: Resolver) => toMailauthResolver(r) as DNSResolver;

/** A Resolver whose every answer has the given status (for the error-code mapping). */
function failing(status: DnsAnswer["status"]): Resolver {
  return {
    log: [],
    stats: () => ({ queries: 0, elapsedMs: 0 }),
    query: async <T extends RRType>(name: string, type: T) =>
      ({ name, type, status, answers: [], cnames: [], authenticated: false, error: "why" }) as DnsAnswer<T>,
  };
}

describe("toMailauthResolver", () => {
  it("returns node-shaped data: TXT chunks, MX objects, address strings, CNAME targets followed", async () => {
    const resolve = toMailauthResolver(createMemoryResolver({ records }));
    expect(await resolve("example.com", "TXT")).toEqual([
      ["v=spf1 ", "mx a:host.example.com include:inc.example.com -all"],
    ]);
    expect(await resolve("example.com", "MX")).toEqual([{ exchange: "mx.example.com", priority: 10 }]);
    expect(await resolve("alias.example.com")).toEqual(["192.0.2.20"]);
    expect(await resolve("host.example.com", "AAAA")).toEqual(["2001:db8::20"]);
  });

  it("rejects with node's error codes", async () => {
    const resolve = toMailauthResolver(createMemoryResolver({ records }));
    await expect(resolve("nope.example.com", "A")).rejects.toMatchObject({
      code: "ENOTFOUND",
      hostname: "nope.example.com",
      syscall: "queryA",
    });
    await expect(resolve("mx.example.com", "TXT")).rejects.toMatchObject({
      code: "ENODATA",
      syscall: "queryTxt",
    });
    await expect(resolve("a..b", "A")).rejects.toMatchObject({ code: "EBADNAME" });
    await expect(resolve("example.com", "NAPTR")).rejects.toMatchObject({ code: "ERR_INVALID_ARG_VALUE" });
    for (const [status, code] of [
      ["timeout", "ETIMEOUT"],
      ["servfail", "ESERVFAIL"],
      ["refused", "EREFUSED"],
    ] as const) {
      await expect(toMailauthResolver(failing(status))("x.test", "TXT")).rejects.toMatchObject({ code });
    }
  });

  it("drives mailauth's SPF evaluation, with its queries in our log", async () => {
    const resolver = createMemoryResolver({ records });
    const run = (ip: string) =>
      spf({
        sender: "a@example.com",
        ip,
        helo: "mta.example.com",
        mta: "mx.test",
        resolver: forMailauth(resolver),
      });
    expect((await run("192.0.2.10")).status.result).toBe("pass");
    expect((await run("198.51.100.7")).status.result).toBe("pass");
    expect((await run("203.0.113.1")).status.result).toBe("fail");
    expect(resolver.log.some((e) => e.name === "inc.example.com" && e.type === "TXT")).toBe(true);
    // The same question is asked once however many evaluations need it.
    expect(resolver.log.filter((e) => e.name === "example.com" && e.type === "TXT")).toHaveLength(1);
  });

  it("turns a timeout into SPF temperror", async () => {
    const res = await spf({
      sender: "a@example.com",
      ip: "192.0.2.1",
      helo: "x",
      mta: "mx.test",
      resolver: forMailauth(failing("timeout")),
    });
    expect(res.status.result).toBe("temperror");
  });
});

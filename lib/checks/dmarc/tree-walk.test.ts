/**
 * RFC 9989 §4.10 tree walk: the discovery and evaluation cases of the RFC 9989 compliance corpus
 * (mailauth's suite: Appendix B.4 examples, psd, the 8-query cap) ported as zone data and expectations,
 * plus cases where the walk and the public suffix list disagree.
 */
import { describe, expect, it } from "vitest";
import { createMemoryResolver } from "@/lib/dns/memory-resolver";
import { discoverDmarc } from "./discover";
import { organizationalDomain } from "./parse";
import { walkTargets } from "./tree-walk";

/** A root zone holding every record given, so the walk can reach single-label names ("com"). */
function zone(records: Record<string, string[]>) {
  const lines = ["$ORIGIN .", "$TTL 300", ". SOA ns.root. host.root. 1 3600 600 86400 60", ". NS ns.root."];
  for (const [name, txts] of Object.entries(records)) {
    for (const t of txts) lines.push(`${name}. TXT "${t}"`);
  }
  return createMemoryResolver({ zoneText: [lines.join("\n")] });
}

const asked = (r: ReturnType<typeof zone>) =>
  r.log.filter((e) => e.type === "TXT" && e.name.startsWith("_dmarc.")).map((e) => e.name);

describe("walkTargets (RFC 9989 §4.10)", () => {
  it("drops one label at a time, and jumps to seven labels from eight or more, at most eight names", () => {
    expect(walkTargets("a.b.example.com")).toEqual([
      "a.b.example.com",
      "b.example.com",
      "example.com",
      "com",
    ]);
    expect(walkTargets("a.b.c.d.e.f.g.h.i.j.k.example.com")).toEqual([
      "a.b.c.d.e.f.g.h.i.j.k.example.com",
      "g.h.i.j.k.example.com",
      "h.i.j.k.example.com",
      "i.j.k.example.com",
      "j.k.example.com",
      "k.example.com",
      "example.com",
      "com",
    ]);
    expect(walkTargets("com")).toEqual(["com"]);
  });
});

describe("discoverDmarc by tree walk", () => {
  it("B.4.1: the record at the domain, organizational domain example.com", async () => {
    const r = zone({
      "_dmarc.example.com": ["v=DMARC1; p=reject"],
      "_dmarc.signing.example.com": ["v=DMARC1; p=reject"],
    });
    const d = await discoverDmarc(r, "example.com");
    expect(d).toMatchObject({
      outcome: "found",
      source: "domain",
      recordDomain: "example.com",
      orgDomain: "example.com",
    });
    const s = await discoverDmarc(r, "signing.example.com");
    expect(s).toMatchObject({ recordDomain: "signing.example.com", orgDomain: "example.com" });
  });

  it("B.4.2: a deep name is walked with at most eight queries in the RFC's order", async () => {
    const r = zone({ "_dmarc.example.com": ["v=DMARC1; p=none"] });
    const d = await discoverDmarc(r, "a.b.c.d.e.f.g.h.i.j.k.example.com");
    expect(d).toMatchObject({
      outcome: "found",
      source: "org",
      recordDomain: "example.com",
      orgDomain: "example.com",
    });
    expect(asked(r).sort()).toEqual(
      walkTargets("a.b.c.d.e.f.g.h.i.j.k.example.com")
        .map((t) => `_dmarc.${t}`)
        .sort(),
    );
    expect(d.walk.steps.map((s) => [s.domain, s.note])).toEqual([
      ["a.b.c.d.e.f.g.h.i.j.k.example.com", "no_record"],
      ["g.h.i.j.k.example.com", "no_record"],
      ["h.i.j.k.example.com", "no_record"],
      ["i.j.k.example.com", "no_record"],
      ["j.k.example.com", "no_record"],
      ["k.example.com", "no_record"],
      ["example.com", "policy"],
      ["com", "no_record"],
    ]);
  });

  it("a record marked psd=n on an intermediate parent is the organizational domain (the PSL says otherwise)", async () => {
    const r = zone({
      "_dmarc.b.example.com": ["v=DMARC1; p=reject; psd=n"],
      "_dmarc.example.com": ["v=DMARC1; p=none"],
    });
    const d = await discoverDmarc(r, "a.b.example.com");
    expect(d).toMatchObject({ recordDomain: "b.example.com", orgDomain: "b.example.com" });
    expect(d.record?.policy).toBe("reject");
    expect(organizationalDomain("a.b.example.com")).toBe("example.com");
  });

  it("B.4.3: psd=y stops the walk; the organizational domain is one label below the PSD", async () => {
    const r = zone({
      "_dmarc.bank.example": ["v=DMARC1; p=reject; psd=y; rua=mailto:psd@bank.example"],
      "_dmarc.giant.bank.example": ["v=DMARC1; p=quarantine"],
    });
    const giant = await discoverDmarc(r, "mail.giant.bank.example");
    expect(giant).toMatchObject({ recordDomain: "giant.bank.example", orgDomain: "giant.bank.example" });
    expect(giant.record?.policy).toBe("quarantine");
    // No record of its own: the PSD's policy applies, and the org domain is mega.bank.example.
    const mega = await discoverDmarc(r, "mail.mega.bank.example");
    expect(mega).toMatchObject({
      recordDomain: "bank.example",
      orgDomain: "mega.bank.example",
      source: "org",
    });
    expect(mega.record?.psd).toBe("y");
  });

  it("a PSD policy is not used when the domain publishes its own record", async () => {
    const r = zone({
      "_dmarc.example": ["v=DMARC1; p=reject; psd=y"],
      "_dmarc.foo.example": ["v=DMARC1; p=none"],
    });
    const d = await discoverDmarc(r, "foo.example");
    expect(d).toMatchObject({ recordDomain: "foo.example", orgDomain: "foo.example" });
    expect(d.record?.policy).toBe("none");
  });

  it("several records at the domain end discovery without inheriting (§4.10 step 2)", async () => {
    const r = zone({
      "_dmarc.mail.example.com": ["v=DMARC1; p=reject", "v=DMARC1; p=quarantine"],
      "_dmarc.example.com": ["v=DMARC1; p=none"],
    });
    const d = await discoverDmarc(r, "mail.example.com");
    expect(d.outcome).toBe("multiple");
    expect(d.record).toBeUndefined();
  });

  it("continues past TXT records that are not DMARC", async () => {
    const r = zone({
      "_dmarc.mail.example.com": ["some other txt record"],
      "_dmarc.example.com": ["v=DMARC1; p=quarantine"],
    });
    const d = await discoverDmarc(r, "mail.example.com");
    expect(d).toMatchObject({ outcome: "found", source: "org", recordDomain: "example.com" });
  });

  it("ignores a version that is not exactly DMARC1", async () => {
    const r = zone({ "_dmarc.example.com": ["v=dmarc1; p=reject"] });
    expect((await discoverDmarc(r, "example.com")).outcome).toBe("missing");
  });

  it("finds no record and keeps the domain as its own organizational domain", async () => {
    const r = zone({});
    const d = await discoverDmarc(r, "mail.example.co.uk");
    expect(d).toMatchObject({ outcome: "missing", orgDomain: "mail.example.co.uk" });
    expect(organizationalDomain("mail.example.co.uk")).toBe("example.co.uk");
  });

  it("could not determine when a name below the policy cannot be answered", async () => {
    const r = createMemoryResolver({
      zoneText: [
        '$ORIGIN .\n. SOA ns.root. host.root. 1 3600 600 86400 60\n_dmarc.example.com. TXT "v=DMARC1; p=reject"',
      ],
      faults: [{ match: "_dmarc.mail.example.com", kind: "servfail" }],
    });
    const d = await discoverDmarc(r, "mail.example.com");
    expect(d.outcome).toBe("error");
  });
});

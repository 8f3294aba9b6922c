/** The sandbox on the wire: raw dns-packet messages over UDP and TCP. */
import dgram from "node:dgram";
import { mkdtempSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import dnsPacket, { type Answer, type DecodedPacket, type Packet } from "dns-packet";
import { afterEach, describe, expect, it } from "vitest";
import { startDnsSandbox, type Sandbox } from "./index";

const ZONE = `$ORIGIN wire.test.
$TTL 600
@     SOA ns hostmaster 1 3600 600 86400 120
      NS  ns
ns    A   192.0.2.1
host  A   192.0.2.2
www   CNAME host
`;

/** Forty 30-octet TXT records: about 1.6 kB, over 512 but under 4096. */
const MEDIUM = Array.from({ length: 40 }, (_, i) => ({
  name: "medium.wire.test",
  type: "TXT",
  data: [`record-${String(i).padStart(2, "0")}-xxxxxxxxxxxxxxxxxxxxx`],
}));

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function start(extra: Parameters<typeof startDnsSandbox>[0] = {}): Promise<Sandbox> {
  const dir = mkdtempSync(join(tmpdir(), "sandbox-test-"));
  writeFileSync(join(dir, "wire.zone"), ZONE);
  sandbox = await startDnsSandbox({ zoneDir: dir, records: MEDIUM, ...extra });
  return sandbox;
}

function query(name: string, type: string, opts: { edns?: number; do?: boolean; id?: number } = {}): Packet {
  return {
    type: "query",
    id: opts.id ?? 4242,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ name, type: type as "A", class: "IN" }],
    additionals:
      opts.edns !== undefined
        ? [
            {
              name: ".",
              type: "OPT",
              udpPayloadSize: opts.edns,
              flags: opts.do ? dnsPacket.DNSSEC_OK : 0,
            } as Answer,
          ]
        : [],
  };
}

type Rec = { name: string; type: string; ttl?: number; data?: unknown };
/** A decoded message, with the members @types/dns-packet leaves out (rcode, record data). */
type Msg = Omit<DecodedPacket, "answers" | "authorities" | "additionals"> & {
  rcode: string;
  answers: Rec[];
  authorities: Rec[];
  additionals: Rec[];
};
const decode = (b: Buffer) => dnsPacket.decode(b) as unknown as Msg;

/** Sends one datagram; resolves with the decoded reply or null after `waitMs`. */
function udp(s: Sandbox, msg: Buffer | Packet, waitMs = 1000): Promise<{ packet: Msg; size: number } | null> {
  return new Promise((resolve) => {
    const sock = dgram.createSocket("udp4");
    const t = setTimeout(() => {
      sock.close();
      resolve(null);
    }, waitMs);
    sock.on("message", (m) => {
      clearTimeout(t);
      sock.close();
      resolve({ packet: decode(m), size: m.length });
    });
    sock.send(Buffer.isBuffer(msg) ? msg : dnsPacket.encode(msg), s.port, s.host);
  });
}

/** Sends several messages on one TCP connection; resolves with the replies in arrival order. */
function tcp(s: Sandbox, msgs: Packet[]): Promise<Msg[]> {
  return new Promise((resolve, reject) => {
    const out: Msg[] = [];
    let buf = Buffer.alloc(0);
    const sock = net.connect(s.port, s.host, () => {
      sock.write(Buffer.concat(msgs.map((m) => dnsPacket.streamEncode(m))));
    });
    sock.on("error", reject);
    sock.on("data", (d) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        const n = buf.readUInt16BE(0);
        out.push(decode(buf.subarray(2, 2 + n)));
        buf = buf.subarray(2 + n);
      }
      if (out.length === msgs.length) {
        sock.end();
        resolve(out);
      }
    });
  });
}

const flag = (p: Msg, f: number) => ((p.flags ?? 0) & f) !== 0;

describe("sandbox server", () => {
  it("listens on one port for UDP and TCP, answers authoritatively and echoes RD", async () => {
    const s = await start();
    expect(s.server).toBe(`127.0.0.1:${s.port}`);
    const u = await udp(s, query("HOST.wire.test", "A"));
    expect(u!.packet.id).toBe(4242);
    expect(u!.packet.rcode).toBe("NOERROR");
    expect(flag(u!.packet, dnsPacket.AUTHORITATIVE_ANSWER)).toBe(true);
    expect(flag(u!.packet, dnsPacket.RECURSION_DESIRED)).toBe(true);
    expect(u!.packet.questions![0]!.name).toBe("HOST.wire.test"); // the question is echoed as asked
    expect(u!.packet.answers!.map((a) => a.data)).toEqual(["192.0.2.2"]);
    const [t] = await tcp(s, [query("www.wire.test", "A")]);
    expect(t!.answers!.map((a) => [a.type, a.data])).toEqual([
      ["CNAME", "host.wire.test"],
      ["A", "192.0.2.2"],
    ]);
    expect(s.queriesServed()).toBe(2);
  });

  it("puts the SOA in the authority section of negative answers, with RFC 2308 TTL", async () => {
    const s = await start();
    const nx = (await udp(s, query("none.wire.test", "A")))!.packet;
    expect(nx.rcode).toBe("NXDOMAIN");
    expect(nx.authorities!.map((a) => [a.type, a.ttl])).toEqual([["SOA", 120]]);
    const nodata = (await udp(s, query("host.wire.test", "MX")))!.packet;
    expect(nodata.rcode).toBe("NOERROR");
    expect(nodata.answers).toEqual([]);
    expect(nodata.authorities!.map((a) => a.type)).toEqual(["SOA"]);
  });

  it("refuses names outside its zones, without AA", async () => {
    const s = await start();
    const r = (await udp(s, query("example.org", "A")))!.packet;
    expect(r.rcode).toBe("REFUSED");
    expect(flag(r, dnsPacket.AUTHORITATIVE_ANSWER)).toBe(false);
  });

  it("truncates over 512 octets without EDNS, and over the client's EDNS buffer", async () => {
    const s = await start();
    const plain = (await udp(s, query("medium.wire.test", "TXT")))!;
    expect(flag(plain.packet, dnsPacket.TRUNCATED_RESPONSE)).toBe(true);
    expect(plain.packet.answers).toEqual([]);
    expect(plain.size).toBeLessThanOrEqual(512);
    const small = (await udp(s, query("medium.wire.test", "TXT", { edns: 1024 })))!;
    expect(flag(small.packet, dnsPacket.TRUNCATED_RESPONSE)).toBe(true);
    const large = (await udp(s, query("medium.wire.test", "TXT", { edns: 4096 })))!;
    expect(flag(large.packet, dnsPacket.TRUNCATED_RESPONSE)).toBe(false);
    expect(large.packet.answers).toHaveLength(40);
    expect(large.size).toBeGreaterThan(1024);
    // TCP has no such limit.
    const [t] = await tcp(s, [query("medium.wire.test", "TXT")]);
    expect(t!.answers).toHaveLength(40);
  });

  it("echoes EDNS OPT (with DO) only when the query has one", async () => {
    const s = await start();
    const withOpt = (await udp(s, query("host.wire.test", "A", { edns: 1232, do: true })))!.packet;
    const opt = withOpt.additionals.find((a) => a.type === "OPT") as unknown as {
      udpPayloadSize: number;
      flags: number;
    };
    expect(opt.udpPayloadSize).toBe(4096);
    expect(opt.flags & dnsPacket.DNSSEC_OK).toBe(dnsPacket.DNSSEC_OK);
    const without = (await udp(s, query("host.wire.test", "A")))!.packet;
    expect(without.additionals).toEqual([]);
  });

  it("answers BADVERS to an EDNS version it does not know (RFC 6891 §6.1.3)", async () => {
    const s = await start();
    const q = query("host.wire.test", "A", { edns: 1232 });
    (q.additionals![0] as { ednsVersion?: number }).ednsVersion = 1;
    const r = (await udp(s, q))!.packet;
    const opt = r.additionals.find((a) => a.type === "OPT") as unknown as {
      extendedRcode: number;
      ednsVersion: number;
    };
    expect(opt.extendedRcode).toBe(1); // 16 = BADVERS: upper eight bits 1, header RCODE 0
    expect(r.answers).toEqual([]);
  });

  it("answers pipelined TCP queries on one connection", async () => {
    const s = await start();
    const replies = await tcp(s, [
      query("host.wire.test", "A", { id: 1 }),
      query("ns.wire.test", "A", { id: 2 }),
    ]);
    expect(replies.map((r) => r.id).sort()).toEqual([1, 2]);
  });

  it("answers FORMERR to a malformed query and NOTIMP to other opcodes", async () => {
    const s = await start();
    const junk = Buffer.from([0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0xff]);
    const r = (await udp(s, junk))!.packet;
    expect(r.id).toBe(0x1234);
    expect(r.rcode).toBe("FORMERR");
    const notify = dnsPacket.encode({ ...query("wire.test", "SOA"), flags: 4 << 11 });
    expect((await udp(s, notify))!.packet.rcode).toBe("NOTIMP");
    const none = dnsPacket.encode({ ...query("wire.test", "SOA"), questions: [] });
    expect((await udp(s, none))!.packet.rcode).toBe("FORMERR");
  });

  it("injects faults per name, subtree and type, and replaces them with setFaults", async () => {
    const s = await start({
      faults: [
        { match: "host.wire.test", kind: "timeout" },
        { match: "*.sub.wire.test", kind: "servfail" },
        { match: "ns.wire.test", kind: "refused", types: ["AAAA"] },
      ],
    });
    expect(await udp(s, query("host.wire.test", "A"), 300)).toBeNull();
    expect((await udp(s, query("sub.wire.test", "A")))!.packet.rcode).toBe("SERVFAIL");
    expect((await udp(s, query("a.b.sub.wire.test", "A")))!.packet.rcode).toBe("SERVFAIL");
    expect((await udp(s, query("ns.wire.test", "AAAA")))!.packet.rcode).toBe("REFUSED");
    expect((await udp(s, query("ns.wire.test", "A")))!.packet.rcode).toBe("NOERROR");
    expect(s.queriesServed()).toBe(5); // the unanswered one counts
    s.setFaults([]);
    expect((await udp(s, query("host.wire.test", "A")))!.packet.rcode).toBe("NOERROR");
    expect(() => s.setFaults([{ match: "x", kind: "explode" as "timeout" }])).toThrow(/kind/);
  });

  it("adds global and per-name latency", async () => {
    const s = await start({ faults: [{ match: "ns.wire.test", kind: "latency", ms: 150 }] });
    const time = async (name: string) => {
      const t0 = performance.now();
      await udp(s, query(name, "A"));
      return performance.now() - t0;
    };
    expect(await time("host.wire.test")).toBeLessThan(1000);
    expect(await time("ns.wire.test")).toBeGreaterThanOrEqual(145);
    s.setLatency(80);
    expect(await time("host.wire.test")).toBeGreaterThanOrEqual(75);
    expect(() => s.setLatency(-1)).toThrow();
  });

  it("reads faults.json from the zone directory", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sandbox-faults-"));
    writeFileSync(join(dir, "wire.zone"), ZONE);
    writeFileSync(join(dir, "faults.json"), JSON.stringify([{ match: "host.wire.test", kind: "servfail" }]));
    sandbox = await startDnsSandbox({ zoneDir: dir });
    expect((await udp(sandbox, query("host.wire.test", "A")))!.packet.rcode).toBe("SERVFAIL");
    writeFileSync(join(dir, "faults.json"), "{ nope");
    await expect(startDnsSandbox({ zoneDir: dir })).rejects.toThrow(/faults\.json/);
  });

  it("rejects bad zone data with the file and line, and a busy explicit port", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sandbox-bad-"));
    writeFileSync(join(dir, "bad.zone"), "$ORIGIN bad.test.\n@ SOA ns h 1 2 3 4 5\nx MX 10\n");
    await expect(startDnsSandbox({ zoneDir: dir })).rejects.toThrow(/bad\.zone:3: MX takes 2 field/);
    await expect(startDnsSandbox({ zoneDir: join(dir, "missing") })).rejects.toThrow(
      /zone directory not found/,
    );
    const s = await start();
    await expect(startDnsSandbox({ records: MEDIUM, port: s.port })).rejects.toThrow(/cannot listen/);
  });

  it("serves IPv6 loopback when asked", async () => {
    let s: Sandbox;
    try {
      s = await startDnsSandbox({ records: MEDIUM, host: "::1" });
    } catch {
      return; // no IPv6 on this host
    }
    try {
      expect(s.server).toBe(`[::1]:${s.port}`);
    } finally {
      await s.close();
    }
  });
});

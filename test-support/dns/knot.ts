/**
 * Test helper: runs Knot DNS (`knotd`, a server we did not write) on loopback serving our fixture zone
 * files, so the client's wire format is proven against an independent implementation.
 * Everything (config, storage, rundir, databases) lives in a temporary directory. `startKnot` serves zone
 * files as they are; `startSignedKnot` has Knot sign a chain of zones (`dnssec-signing: on`) under a
 * test-only root whose key is the trust anchor.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import dgram from "node:dgram";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join, resolve as resolvePath } from "node:path";
import { createDnsClient } from "@/lib/dns/client";
import { parseZoneFile } from "@/lib/dns-sandbox/zone-file";

/** The knotd binary: $KNOTD, else the first of PATH and the usual sbin directories that exists. */
export function findKnotd(): string | undefined {
  const candidates = [process.env.KNOTD, "knotd", "/usr/sbin/knotd", "/usr/local/sbin/knotd"].filter(
    (c): c is string => !!c,
  );
  for (const c of candidates) {
    const r = spawnSync(c, ["--version"], { stdio: "ignore" });
    if (!r.error && r.status === 0) return c;
  }
  return undefined;
}

/** The knotd found here, probed once at load. */
const KNOTD = findKnotd();

function requireKnotd(): string {
  if (!KNOTD) throw new Error("knotd is not installed (apt-get install knot)");
  return KNOTD;
}

/** True when knotd can be run here (tests use `describe.skipIf(!hasKnot)`). */
export const hasKnot = KNOTD !== undefined;

export interface Knot {
  host: string;
  port: number;
  server: string;
  /** The zone apexes configured. */
  zones: string[];
  stop(): Promise<void>;
}

/** A port free for both UDP and TCP right now (knotd binds it a moment later). */
async function freePort(host: string): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const udp = dgram.createSocket("udp4");
    const port = await new Promise<number>((res, rej) => {
      udp.once("error", rej);
      udp.bind(0, host, () => res(udp.address().port));
    });
    const ok = await new Promise<boolean>((res) => {
      const srv = net.createServer();
      srv.once("error", () => res(false));
      srv.listen({ port, host, exclusive: true }, () => srv.close(() => res(true)));
    });
    await new Promise<void>((r) => udp.close(() => r()));
    if (ok) return port;
  }
  throw new Error("no free port for knotd");
}

/** knotd's server, log and database sections: one listener on loopback, one worker each, warnings to stderr. */
function serverSection(dir: string, host: string, port: number): string[] {
  return [
    "server:",
    `    rundir: "${join(dir, "run")}"`,
    `    user: ${userInfo().username}`,
    `    listen: ${host}@${port}`,
    "    udp-workers: 1",
    "    tcp-workers: 1",
    "    background-workers: 1",
    "log:",
    "  - target: stderr",
    "    any: warning",
    "database:",
    `    storage: "${dir}"`,
  ];
}

/**
 * Starts knotd serving `zoneFiles` (each must hold one zone with its SOA; the apex is the SOA owner),
 * resolves once it answers for every zone, and rejects with knotd's output if it does not start.
 */
export async function startKnot(
  zoneFiles: string[],
  opts: { host?: string; timeoutMs?: number } = {},
): Promise<Knot> {
  const knotd = requireKnotd();
  const host = opts.host ?? "127.0.0.1";
  const dir = mkdtempSync(join(tmpdir(), "mxray-knot-"));
  mkdirSync(join(dir, "run"));
  const zones = zoneFiles.map((f) => {
    const soa = parseZoneFile(f).records.find((r) => r.type === "SOA");
    if (!soa) throw new Error(`${f}: no SOA record, knotd cannot serve it`);
    return { domain: soa.name, file: resolvePath(f) };
  });
  const port = await freePort(host);
  const conf = [
    ...serverSection(dir, host, port),
    "template:",
    "  - id: default",
    `    storage: "${dir}"`,
    "    zonefile-sync: -1",
    "    zonefile-load: whole",
    "    journal-content: none",
    "    semantic-checks: off",
    "zone:",
    ...zones.flatMap((z) => [`  - domain: ${z.domain}.`, `    file: "${z.file}"`]),
    "",
  ].join("\n");
  const confPath = join(dir, "knot.conf");
  writeFileSync(confPath, conf);

  const child: ChildProcess = spawn(knotd, ["-c", confPath], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  let exited = false;
  child.on("exit", () => (exited = true));

  const cleanup = async () => {
    if (!exited) {
      const done = new Promise<void>((r) => child.once("exit", () => r()));
      child.kill("SIGTERM");
      const t = setTimeout(() => child.kill("SIGKILL"), 3000);
      await done;
      clearTimeout(t);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const client = createDnsClient({ servers: [{ host, port }], timeoutMs: 200, retries: 0 });
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  const pending = new Set(zones.map((z) => z.domain));
  while (pending.size > 0) {
    if (exited || Date.now() > deadline) {
      await cleanup();
      throw new Error(`knotd did not start serving ${[...pending].join(", ")}:\n${output}\nconfig:\n${conf}`);
    }
    for (const d of [...pending]) {
      const r = await client.query({ name: d, type: "SOA" });
      if (r.rcode === "NOERROR" && (r.packet?.answers ?? []).length > 0) pending.delete(d);
    }
    if (pending.size > 0) await new Promise((r) => setTimeout(r, 50));
  }
  return {
    host,
    port,
    server: `${host}:${port}`,
    zones: zones.map((z) => z.domain),
    stop: cleanup,
  };
}

/** Knot's keymgr, for the signed chain's keys. */
function keymgr(kasp: string, ...args: string[]): string {
  const r = spawnSync("keymgr", ["-D", kasp, ...args], { encoding: "utf8" });
  if (r.error || r.status !== 0) throw new Error(`keymgr ${args.join(" ")}: ${r.error?.message ?? r.stderr}`);
  return r.stdout;
}

/** Knot's names for the DNSSEC algorithms a signed fixture zone may use. */
const KNOT_ALGORITHMS: Record<number, string> = {
  8: "rsasha256",
  10: "rsasha512",
  13: "ecdsap256sha256",
  14: "ecdsap384sha384",
  15: "ed25519",
};

export interface SignedZoneSpec {
  /** Apex, no trailing dot; "" is the (test-only) root. */
  apex: string;
  /** Zone file lines after `$ORIGIN <apex>.` and `$TTL` (SOA and apex NS included; delegations are added). */
  records: string;
  /** Signed by Knot when present; the zone is served unsigned (and its parent has no DS) without it. */
  sign?: {
    algorithm?: 8 | 10 | 13 | 14 | 15;
    /** NSEC3 (RFC 5155) instead of NSEC; `optOut` marks unsigned delegations' spans opt-out. */
    nsec3?: boolean;
    optOut?: boolean;
    /** DS digest type published in the parent (2 = SHA-256, 4 = SHA-384). */
    digest?: 2 | 4;
  };
  /**
   * A broken zone (for bogus cases):
   * - `ds_no_key`: the parent's DS is for a key the zone does not use (a zone re-signed with new keys);
   * - `ds_bad_digest`: the parent's DS names the zone's key but its digest is wrong;
   * - `expired`: signed with a lifetime of seconds, served once its RRSIGs have expired;
   * - `altered`: a record changed after signing (`alter`: [from, to] on the unsigned lines).
   */
  fault?: "ds_no_key" | "ds_bad_digest" | "expired" | "altered";
  alter?: [string, string];
}

export interface SignedKnot extends Knot {
  /** The root's DS records (presentation format): the trust anchor for validating this chain. */
  trustAnchor: string;
  /** Each signed zone's DS records as published in its parent. */
  ds: Record<string, string[]>;
}

const parentApex = (apex: string, apexes: string[]) =>
  apexes
    .filter((p) => p !== apex && (p === "" || apex.endsWith(`.${p}`)))
    .sort((a, b) => b.length - a.length)[0];

const fqdn = (apex: string) => (apex === "" ? "." : `${apex}.`);

/**
 * Signs `zones` with Knot and serves them: keys made with keymgr (so each child's DS goes into its
 * parent before signing), one knotd run with `dnssec-signing: on` that writes the signed zones out, the
 * faults applied to those files, then a second knotd serving them as signed. Resolves once every zone
 * answers (and, with an `expired` zone, once its signatures have expired).
 */
export async function startSignedKnot(
  zones: SignedZoneSpec[],
  opts: { host?: string; timeoutMs?: number } = {},
): Promise<SignedKnot> {
  const knotd = requireKnotd();
  const host = opts.host ?? "127.0.0.1";
  const dir = mkdtempSync(join(tmpdir(), "mxray-knot-signed-"));
  const kasp = join(dir, "kasp");
  const decoys = join(dir, "decoy-kasp");
  mkdirSync(join(dir, "run"));
  mkdirSync(join(dir, "signed"));
  const apexes = zones.map((z) => z.apex);
  const ds: Record<string, string[]> = {};
  try {
    for (const z of zones) {
      if (!z.sign) continue;
      const alg = String(z.sign.algorithm ?? 13);
      const size = alg === "8" || alg === "10" ? ["size=2048"] : [];
      keymgr(kasp, fqdn(z.apex), "generate", `algorithm=${alg}`, ...size, "ksk=yes", "zsk=no");
      keymgr(kasp, fqdn(z.apex), "generate", `algorithm=${alg}`, ...size, "ksk=no", "zsk=yes");
      const source = z.fault === "ds_no_key" ? decoys : kasp;
      if (z.fault === "ds_no_key")
        keymgr(decoys, fqdn(z.apex), "generate", `algorithm=${alg}`, ...size, "ksk=yes");
      const digest = String(z.sign.digest ?? 2);
      let lines = keymgr(source, fqdn(z.apex), "ds")
        .trim()
        .split("\n")
        .filter((l) => l.split(/\s+/)[4] === digest);
      if (z.fault === "ds_bad_digest") {
        lines = lines.map((l) => l.replace(/([0-9a-f])$/i, (c) => (c.toLowerCase() === "0" ? "1" : "0")));
      }
      ds[z.apex] = lines;
    }
    const file = (z: SignedZoneSpec, stage: "unsigned" | "signed") =>
      join(dir, stage, `${z.apex === "" ? "root" : z.apex}.zone`);
    mkdirSync(join(dir, "unsigned"));
    for (const z of zones) {
      const children = zones.filter((c) => parentApex(c.apex, apexes) === z.apex);
      const delegations = children.flatMap((c) => [
        `${fqdn(c.apex)} NS ns1.${fqdn(c.apex)}`,
        `ns1.${fqdn(c.apex)} A ${host}`,
        ...(ds[c.apex] ?? []),
      ]);
      const ttl = z.fault === "expired" ? 1 : 300;
      writeFileSync(
        file(z, "unsigned"),
        [`$ORIGIN ${fqdn(z.apex)}`, `$TTL ${ttl}`, z.records.trim(), ...delegations, ""].join("\n"),
      );
      copyFileSync(file(z, "unsigned"), file(z, "signed"));
    }

    // First run: Knot signs every zone that wants it and writes the result back (zonefile-sync: 0).
    const policies = zones
      .filter((z) => z.sign)
      .flatMap((z) => [
        `  - id: p-${z.apex === "" ? "root" : z.apex.replaceAll(".", "-")}`,
        `    algorithm: ${KNOT_ALGORITHMS[z.sign!.algorithm ?? 13]}`,
        "    manual: on",
        `    nsec3: ${z.sign!.nsec3 ? "on" : "off"}`,
        ...(z.sign!.nsec3 ? ["    nsec3-iterations: 0", "    nsec3-salt-length: 0"] : []),
        ...(z.sign!.optOut ? ["    nsec3-opt-out: on"] : []),
        // Seconds-long signatures for the expired zone (Knot wants refresh >= the zone's TTLs).
        ...(z.fault === "expired"
          ? [
              "    rrsig-lifetime: 4s",
              "    rrsig-refresh: 2s",
              "    rrsig-pre-refresh: 1s",
              "    propagation-delay: 0",
              "    dnskey-ttl: 1",
              "    zone-max-ttl: 1",
            ]
          : []),
      ]);
    const conf = (port: number, signing: boolean) =>
      [
        ...serverSection(dir, host, port),
        `    kasp-db: "${kasp}"`,
        ...(signing && policies.length > 0 ? ["policy:", ...policies] : []),
        "template:",
        "  - id: default",
        `    storage: "${dir}"`,
        `    zonefile-sync: ${signing ? 0 : -1}`,
        "    zonefile-load: whole",
        "    journal-content: none",
        "    semantic-checks: off",
        "zone:",
        ...zones.flatMap((z) => [
          `  - domain: ${fqdn(z.apex)}`,
          `    file: "${file(z, "signed")}"`,
          ...(signing && z.sign
            ? [
                "    dnssec-signing: on",
                `    dnssec-policy: p-${z.apex === "" ? "root" : z.apex.replaceAll(".", "-")}`,
              ]
            : []),
        ]),
        "",
      ].join("\n");

    const signer = await runKnotd(knotd, dir, "sign.conf", conf(await freePort(host), true));
    const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
    try {
      for (const z of zones.filter((x) => x.sign)) {
        while (!readFileSync(file(z, "signed"), "utf8").includes("RRSIG")) {
          if (signer.exited() || Date.now() > deadline) {
            throw new Error(`knotd did not sign ${fqdn(z.apex)}:\n${signer.output()}`);
          }
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    } finally {
      await signer.stop();
    }

    let expiresAt = 0;
    for (const z of zones) {
      if (z.fault === "altered" && z.alter) {
        const [from, to] = z.alter;
        const text = readFileSync(file(z, "signed"), "utf8")
          .split("\n")
          .map((l) => (/\sRRSIG\s/.test(l) ? l : l.replace(from, to)))
          .join("\n");
        writeFileSync(file(z, "signed"), text);
      }
      if (z.fault === "expired") {
        for (const m of readFileSync(file(z, "signed"), "utf8").matchAll(
          /\sRRSIG\s+\S+\s+\d+\s+\d+\s+\d+\s+(\d{14})\s/g,
        )) {
          const t = m[1]!;
          const when = Date.UTC(
            +t.slice(0, 4),
            +t.slice(4, 6) - 1,
            +t.slice(6, 8),
            +t.slice(8, 10),
            +t.slice(10, 12),
            +t.slice(12, 14),
          );
          expiresAt = Math.max(expiresAt, when);
        }
      }
    }

    // Second run: the signed (and broken) files served as they are.
    const port = await freePort(host);
    const server = await runKnotd(knotd, dir, "serve.conf", conf(port, false));
    const client = createDnsClient({ servers: [{ host, port }], timeoutMs: 200, retries: 0 });
    const pending = new Set(apexes);
    while (pending.size > 0) {
      if (server.exited() || Date.now() > deadline) {
        await server.stop();
        throw new Error(`knotd did not serve ${[...pending].map(fqdn).join(", ")}:\n${server.output()}`);
      }
      for (const a of [...pending]) {
        const r = await client.query({ name: a, type: "SOA" });
        if (r.rcode === "NOERROR" && (r.packet?.answers ?? []).length > 0) pending.delete(a);
      }
      if (pending.size > 0) await new Promise((r) => setTimeout(r, 50));
    }
    // RRSIG times have a resolution of one second: wait until the expired zone's last one has passed.
    while (expiresAt > 0 && Date.now() <= expiresAt + 1000) await new Promise((r) => setTimeout(r, 100));
    return {
      host,
      port,
      server: `${host}:${port}`,
      zones: apexes,
      trustAnchor: (ds[""] ?? []).join("\n"),
      ds,
      stop: async () => {
        await server.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/** Starts knotd on a config written into `dir`; `stop` ends it (SIGTERM, then SIGKILL after 3 s). */
async function runKnotd(knotd: string, dir: string, name: string, conf: string) {
  const confPath = join(dir, name);
  writeFileSync(confPath, conf);
  const child = spawn(knotd, ["-c", confPath], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  let exited = false;
  child.on("exit", () => (exited = true));
  return {
    exited: () => exited,
    output: () => `${output}\nconfig:\n${conf}`,
    stop: async () => {
      if (exited) return;
      const done = new Promise<void>((r) => child.once("exit", () => r()));
      child.kill("SIGTERM");
      const t = setTimeout(() => child.kill("SIGKILL"), 3000);
      await done;
      clearTimeout(t);
    },
  };
}

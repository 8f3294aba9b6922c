/**
 * Test helper: runs Knot DNS (`knotd`, a server we did not write) on loopback serving our fixture zone
 * files, so the client's wire format is proven against an independent implementation.
 * Everything (config, storage, rundir, databases) lives in a temporary directory; no DNSSEC signing.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import dgram from "node:dgram";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join, resolve as resolvePath } from "node:path";
import { createDnsClient } from "@/lib/dns/client";
import { parseZoneFile } from "./zone-file";

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

/** True when knotd can be run here (tests use `describe.skipIf(!hasKnot)`). */
export const hasKnot = findKnotd() !== undefined;

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

/**
 * Starts knotd serving `zoneFiles` (each must hold one zone with its SOA; the apex is the SOA owner),
 * resolves once it answers for every zone, and rejects with knotd's output if it does not start.
 */
export async function startKnot(
  zoneFiles: string[],
  opts: { host?: string; timeoutMs?: number } = {},
): Promise<Knot> {
  const knotd = findKnotd();
  if (!knotd) throw new Error("knotd is not installed (apt-get install knot)");
  const host = opts.host ?? "127.0.0.1";
  const dir = mkdtempSync(join(tmpdir(), "mxray-knot-"));
  mkdirSync(join(dir, "run"));
  const zones = zoneFiles.map((f) => {
    const soa = parseZoneFile(f).records.find((r) => r.type === "SOA");
    if (!soa) throw new Error(`${f}: no SOA record, knotd cannot serve it`);
    return { domain: soa.name, file: resolvePath(f) };
  });
  const port = await freePort(host);
  const user = userInfo();
  const conf = [
    "server:",
    `    rundir: "${join(dir, "run")}"`,
    `    user: ${user.username}`,
    `    listen: ${host}@${port}`,
    "    udp-workers: 1",
    "    tcp-workers: 1",
    "    background-workers: 1",
    "log:",
    "  - target: stderr",
    "    any: warning",
    "database:",
    `    storage: "${dir}"`,
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

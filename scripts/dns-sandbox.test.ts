/** `npm run dns:sandbox`: serves a zone directory until SIGTERM, and rejects bad usage with exit code 2. */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createResolver } from "@/lib/dns/resolver";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TSX = join(ROOT, "node_modules", ".bin", "tsx");

function run(args: string[]) {
  const child = spawn(TSX, ["scripts/dns-sandbox.ts", ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (err += d));
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  return { child, exited, out: () => out, err: () => err };
}

describe("scripts/dns-sandbox.ts", () => {
  it("prints its zones and address, answers, and exits 0 on SIGTERM", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sandbox-cli-"));
    writeFileSync(
      join(dir, "cli.zone"),
      "$ORIGIN cli.test.\n@ 300 SOA ns h 1 3600 600 86400 60\nwww 300 A 192.0.2.80\n",
    );
    const p = run(["--", "--zones", dir, "--port", "0", "--latency", "1"]);
    const deadline = Date.now() + 20_000;
    let address: string | undefined;
    while (!address && Date.now() < deadline) {
      address = /listening on (\S+)/.exec(p.out())?.[1];
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(address, p.err()).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(p.out()).toContain("cli.test");
    const r = createResolver({ servers: address!, timeoutMs: 2000 });
    expect((await r.query("www.cli.test", "A")).answers).toEqual(["192.0.2.80"]);
    p.child.kill("SIGTERM");
    expect(await p.exited).toBe(0);
    expect(p.out()).toMatch(/SIGTERM, 1 queries served/);
  });

  it("exits 2 with a message on bad usage or a bad zone", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sandbox-cli-bad-"));
    writeFileSync(join(dir, "bad.zone"), "$ORIGIN bad.test.\nx A nope\n");
    const noZones = run(["--port", "1"]);
    const badZone = run(["--zones", dir]);
    expect(await noZones.exited).toBe(2);
    expect(noZones.err()).toMatch(/--zones <dir> is required/);
    expect(await badZone.exited).toBe(2);
    expect(badZone.err()).toMatch(/bad\.zone:2: invalid IPv4 address/);
  });
});

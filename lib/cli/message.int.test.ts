import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDnsSandbox, type Sandbox } from "@/lib/dns-sandbox";
import { makeMessage, sign } from "@/test-support/mail/fixtures";

/** `mxray message` as users run it, with DKIM keys and policies from the fixture DNS server. */
let sandbox: Sandbox;
let tmp: string;

beforeAll(async () => {
  sandbox = await startDnsSandbox({ zoneDir: "e2e/fixtures/zones" });
  tmp = mkdtempSync(join(tmpdir(), "mxray-cli-msg-"));
});
afterAll(async () => {
  await sandbox?.close();
  rmSync(tmp, { recursive: true, force: true });
});

function cli(args: string[], stdin = ""): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["bin/mxray.mjs", ...args], {
      env: {
        ...process.env,
        PGLITE_DIR: join(tmp, "db"),
        DATABASE_URL: "",
        NO_COLOR: "1",
        MXRAY_DNS: sandbox.server,
        MXRAY_DNSBL_ZONES: "bl.dnsbl.test",
        MXRAY_DNSBL_DOMAIN_ZONES: "dom.dnsbl.test",
      },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe("mxray message", () => {
  it("reports SPF, DKIM, DMARC and the provider rules of a signed message (--json)", async () => {
    const file = join(tmp, "signed.eml");
    writeFileSync(file, await sign(makeMessage({ oneClick: true }), "s2048"));
    const r = await cli([
      "message",
      file,
      "--json",
      "--ip",
      "127.0.0.1",
      "--helo",
      "mx.mail-sender.test",
      "--sender",
      "b@mail-sender.test",
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({
      schemaVersion: 1,
      kind: "message",
      input: { domain: "mail-sender.test", ip: "127.0.0.1" },
    });
    expect(doc.message.spf.result).toBe("pass");
    expect(doc.message.dkim[0]).toMatchObject({ result: "pass", keyBits: 2048, aligned: true });
    expect(doc.message.dmarc.result).toBe("pass");
    expect(doc.message.findings.map((f: { code: string }) => f.code)).toEqual(["message.one_click_unsigned"]);
    expect(Object.keys(doc.checks).sort()).toEqual(["dnsbl", "ptr"]);
    expect(typeof doc.score).toBe("number");
  });

  it("prints a human report, escapes control characters, and fails under --fail-under", async () => {
    const file = join(tmp, "unsigned.eml");
    writeFileSync(file, makeMessage({ subject: "evil\u001b[31m" }));
    const r = await cli(["message", file, "--fail-under", "95"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("DKIM   none no signature");
    expect(r.stdout).toContain("evil\\x1b[31m");
    expect(r.stdout).not.toContain("\u001b");
  });

  it("refuses what is not a message with exit 2", async () => {
    const r = await cli(["message", "-"], "just some text\n");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/does not look like an e-mail message/);
    const missing = await cli(["message", join(tmp, "nope.eml")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read/);
  });
});

import { spawn } from "node:child_process";
import dgram from "node:dgram";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDnsSandbox, type Sandbox } from "@/lib/dns-sandbox";

/** The CLI as users run it (a child process), asking the fixture DNS server over real sockets. */
let sandbox: Sandbox;
let tmp: string;

beforeAll(async () => {
  // The CLI ships as JavaScript built from these sources: build it, so the test runs what ships.
  const { buildCli } = await import("../../scripts/build-cli.mjs");
  await buildCli();
  sandbox = await startDnsSandbox({ zoneDir: "e2e/fixtures/zones" });
  tmp = mkdtempSync(join(tmpdir(), "mxray-cli-"));
});
afterAll(async () => {
  await sandbox?.close();
  rmSync(tmp, { recursive: true, force: true });
});

function cli(
  args: string[],
  env: Record<string, string> = {},
  stdin?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["bin/mxray.mjs", ...args], {
      env: {
        ...process.env,
        PGLITE_DIR: join(tmp, "db"),
        DATABASE_URL: "",
        NO_COLOR: "1",
        // The fixture blocklists: public ones are not served by the fixture server (REFUSED → undetermined).
        MXRAY_DNSBL_ZONES: "bl.dnsbl.test,bl2.dnsbl.test",
        MXRAY_DNSBL_DOMAIN_ZONES: "dom.dnsbl.test",
        ...env,
      },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin ?? "");
  });
}

describe("mxray check", () => {
  it("prints exactly one JSON document per the contract", async () => {
    const r = await cli(["check", "mxray-demo.test", "--json", "--dns", sandbox.server]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ schemaVersion: 1, input: { domain: "mxray-demo.test" } });
    expect(typeof doc.score).toBe("number");
    expect(["A+", "A", "B", "C", "D", "F"]).toContain(doc.grade);
    expect(doc.checks.mx).toMatchObject({
      status: "pass",
      findings: expect.any(Array),
      records: expect.any(Array),
    });
    expect(doc.dns.queries).toBeGreaterThan(0);
    expect(Date.parse(doc.createdAt)).not.toBeNaN();
  });

  it("exits 1 under --fail-under and 0 at or above it", async () => {
    const low = await cli([
      "check",
      "mxray-broken.test",
      "--json",
      "--dns",
      sandbox.server,
      "--fail-under",
      "100",
    ]);
    expect(low.code).toBe(1);
    const doc = JSON.parse(low.stdout);
    expect(doc.checks.mx.findings.map((f: { code: string }) => f.code)).toEqual(
      expect.arrayContaining(["mx.target_is_cname", "mx.target_unresolvable"]),
    );
    const ok = await cli([
      "check",
      "mxray-broken.test",
      "--json",
      "--dns",
      sandbox.server,
      "--fail-under",
      String(doc.score),
    ]);
    expect(ok.code).toBe(0);
  });

  it("exits 2 with a message for bad input and bad usage", async () => {
    const bad = await cli(["check", "exa mple.com", "--dns", sandbox.server]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/spaces/);
    expect((await cli(["check", "192.0.2.1"])).stderr).toMatch(/IP address/);
    expect((await cli(["check"])).code).toBe(2);
    expect((await cli(["check", "a.test", "--fail-under", "101"])).code).toBe(2);
    expect((await cli(["frobnicate"])).code).toBe(2);
    expect((await cli(["check", "a.test", "--dns", "not a server"])).code).toBe(2);
  });

  it("--save prints a share link and the saved report matches", async () => {
    const r = await cli(["check", "xn--bcher-kva.test", "--json", "--save", "--dns", sandbox.server], {
      MXRAY_PUBLIC_URL: "https://mxray.example",
    });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(doc.url).toBe(`https://mxray.example/r/${doc.id}`);
    expect(doc.input).toMatchObject({ domain: "xn--bcher-kva.test", domainUnicode: "bücher.test" });
  }, 120_000);

  it("still prints the result when --save cannot reach the database", async () => {
    const r = await cli(["check", "mxray-demo.test", "--json", "--save", "--dns", sandbox.server], {
      DATABASE_URL: "postgresql://postgres@127.0.0.1:1/nowhere",
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not saved/);
    expect(JSON.parse(r.stdout).checks.mx.status).toBe("pass");
  });

  it("prints human output with the findings and their fixes", async () => {
    const r = await cli(["check", "mxray-broken.test", "--dns", sandbox.server]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/mxray report for mxray-broken\.test/);
    expect(r.stdout).toMatch(/mx\.target_is_cname/);
    expect(r.stdout).toMatch(/fix:/);
  });
});

describe("mxray check: verdicts it cannot give", () => {
  it("a resolver that never answers: incomplete, exit 1 under --fail-under; a domain that does not exist: exit 1", async () => {
    // A UDP port that never answers (TCP to it is refused): every question times out or fails.
    const silent = dgram.createSocket("udp4");
    await new Promise<void>((r) => silent.bind(0, "127.0.0.1", () => r()));
    try {
      const dead = `127.0.0.1:${silent.address().port}`;
      const r = await cli([
        "check",
        "mxray-demo.test",
        "--json",
        "--dns",
        dead,
        "--timeout",
        "100",
        "--fail-under",
        "50",
      ]);
      expect(r.code).toBe(1);
      const doc = JSON.parse(r.stdout);
      expect(doc).toMatchObject({ status: "incomplete", score: null, grade: null });
      expect(r.stderr).toMatch(/incomplete/);
      const human = await cli(["check", "mxray-demo.test", "--dns", dead, "--timeout", "100"]);
      expect(human.stdout).toMatch(/Incomplete: \d+ checks? could not be determined/);
      expect(human.stdout).not.toMatch(/A\+/);
    } finally {
      silent.close();
    }
    const gone = await cli(["check", "no-such-name.mxray-demo.test", "--dns", sandbox.server]);
    expect(gone.code).toBe(1);
    expect(gone.stdout).toMatch(/does not exist/);
    expect(gone.stdout).toMatch(/Check the spelling/);
  }, 120_000);
});

describe("mxray ip", () => {
  it("reports PTR and blocklists for an address", async () => {
    const r = await cli(["ip", "192.0.2.10", "--json", "--dns", sandbox.server]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.input).toEqual({ ip: "192.0.2.10" });
    expect(Object.keys(doc.checks).sort()).toEqual(["dnsbl", "ptr"]);
  });
});

describe("mxray bounce", () => {
  it("reads a file and stdin, and prints an array for several files", async () => {
    const a = join(tmp, "a.txt");
    const b = join(tmp, "b.txt");
    writeFileSync(
      a,
      "550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in virtual mailbox table",
    );
    writeFileSync(b, "552 5.2.2 <full@example.com>: Mailbox full");
    const one = await cli(["bounce", a, "--json"]);
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout)).toMatchObject({
      replyCode: 550,
      enhancedCode: "5.1.1",
      family: "mailbox",
    });
    const many = await cli(["bounce", a, b, "--json"]);
    const arr = JSON.parse(many.stdout);
    expect(arr.map((d: { enhancedCode: string }) => d.enhancedCode)).toEqual(["5.1.1", "5.2.2"]);
    const stdin = await cli(["bounce", "--json"], {}, "421 4.7.0 Too many connections, try again later");
    expect(JSON.parse(stdin.stdout).replyCode).toBe(421);
    const empty = await cli(["bounce"], {}, "   ");
    expect(empty.code).toBe(2);
    const missing = await cli(["bounce", join(tmp, "nope.txt")]);
    expect(missing.code).toBe(2);
    const prose = await cli(["bounce"], {}, "hello my email is not working");
    expect(prose.code).toBe(2);
    expect(prose.stderr).toMatch(/not a bounce/);
    const bin = join(tmp, "bin.dat");
    writeFileSync(bin, Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 131) % 256)));
    const binary = await cli(["bounce", bin]);
    expect(binary.code).toBe(2);
    expect(binary.stderr).toMatch(/binary data/);
  }, 120_000);
});

describe("terminal safety", () => {
  // Control characters a terminal would act on (but line feed and tab, the output's own layout).
  const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

  it("shows ESC, BEL and OSC sequences from TXT records escaped", async () => {
    const r = await cli(["check", "mxray-escape.test", "--dns", sandbox.server]);
    const text = r.stdout + r.stderr;
    // What the records hold is still shown, as escapes (the CLI's colours are covered in terminal.test.ts).
    expect(text).toContain("\\x1b]0;pwned\\x07");
    expect(text).toContain("\\x1b[31mnone\\x1b[0m");
    expect(text).not.toMatch(CONTROLS);
  }, 90_000);

  it("escapes controls in a pasted bounce and in error messages", async () => {
    const r = await cli(["bounce"], {}, "550 5.1.1 <\u001b]0;title\u0007x@example.com> User unknown\r\n");
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(CONTROLS);
    const bad = await cli(["check", "evil\u001b[2J.example"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("\\x1b[2J");
    expect(bad.stderr).not.toMatch(CONTROLS);
    // Two CLI processes: allow for a busy machine.
  }, 90_000);
});

describe("several bounces", () => {
  const postfix = (n: number) =>
    `Mar  7 10:00:0${n} mx postfix/smtp[1${n}]: 4AB${n}: to=<u${n}@example.org>, relay=mx.example.org[192.0.2.1]:25, dsn=5.1.1, status=bounced (host mx.example.org[192.0.2.1] said: 550 5.1.1 User unknown (in reply to RCPT TO command))`;

  it("bounce on a mail log says so and points to bounces instead of reading the first line", async () => {
    const log = join(tmp, "maillog");
    writeFileSync(log, [postfix(1), postfix(2), postfix(3)].join("\n"));
    const r = await cli(["bounce", log]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("3 bounces (a Postfix log)");
    expect(r.stderr).toContain(`mxray bounces ${log}`);
    const ok = await cli(["bounces", log]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^3 bounces, 0 deferrals in 3 lines/);
  });

  it("bounces on binary input recognises nothing, prints no bytes and exits 2", async () => {
    const bin = join(tmp, "random.bin");
    let seed = 42;
    const bytes = Buffer.alloc(512 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
    writeFileSync(bin, bytes);
    const r = await cli(["bounces", bin]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^mxray: 0 bounces recognized, [\d,]+ lines skipped\n$/);
  });
});

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { painter } from "./format";
import { escapeControls, toTerminal, trustedSequence, writeJson } from "./terminal";

describe("terminal escaper", () => {
  it("shows ESC, BEL, OSC, CSI, CR, DEL and C1 controls escaped", () => {
    const hostile = "a\u001b]0;pwned\u0007b\u001b[2Jc\rd\u007fe\u009bf\u0000g";
    const out = toTerminal(hostile);
    expect(out).toBe("a\\x1b]0;pwned\\x07b\\x1b[2Jc\\rd\\x7fe\\u009bf\\x00g");
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  it("shows a CRLF line end as a line end, but a lone CR (which overprints the line) escaped", () => {
    expect(escapeControls("version: STSv1\r\nmode: enforce\r\n")).toBe("version: STSv1\nmode: enforce\n");
    expect(escapeControls("harmless\rspoofed\r\n\r")).toBe("harmless\\rspoofed\n\\r");
  });

  it("escapes bidi overrides and lone surrogates, keeps newlines, tabs and real text", () => {
    expect(escapeControls("x\u202Ey\u2066z")).toBe("x\\u202ey\\u2066z");
    expect(escapeControls("lone \ud800 and \udc00")).toBe("lone \\ud800 and \\udc00");
    expect(escapeControls("bücher.example — ✓ 🚀\n\tnext")).toBe("bücher.example — ✓ 🚀\n\tnext");
  });

  it("puts the CLI's own colours back, and nothing else", () => {
    const p = painter(true);
    expect(toTerminal(p("31", "fail"))).toBe("\u001b[31mfail\u001b[0m");
    // A placeholder that outside text tries to forge without the nonce stays inert text.
    const forged = "\u{E000}0000000000000000:0\u{E001}";
    expect(toTerminal(forged)).toBe(forged);
    // A real placeholder inside outside data is still turned into only our own sequence.
    expect(toTerminal(`${trustedSequence("\u001b[0m")}\u001b[31m`)).toBe("\u001b[0m\\x1b[31m");
  });

  it("writes JSON whose DEL and C1 controls are \\u escapes of the same value", () => {
    let written = "";
    const sink = { write: (s: string) => ((written += s), true) } as unknown as NodeJS.WritableStream;
    const value = { txt: "a\u001b]0;t\u0007\u009b\u007f" };
    writeJson(sink, value);
    expect(written).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(JSON.parse(written)).toEqual(value);
  });

  it("is the only way the CLI writes to stdout and stderr", () => {
    const dir = "lib/cli";
    for (const file of readdirSync(dir)) {
      if (!file.endsWith(".ts") || file.endsWith(".test.ts") || file === "terminal.ts") continue;
      const src = readFileSync(join(dir, file), "utf8");
      expect(src, file).not.toMatch(/process\.(stdout|stderr)\.write|console\.(log|error|warn|info)/);
      // A raw escape in the source is allowed only as the argument of trustedSequence.
      for (const line of src.split("\n").filter((l) => /\\u001b|\\x1b|\\u\{1b\}/i.test(l))) {
        expect(line, file).toMatch(/trustedSequence\(/);
      }
    }
  });
});

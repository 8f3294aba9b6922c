import { createReadStream } from "node:fs";
import { constants } from "node:fs";
import { access, readFile, stat } from "node:fs/promises";
import { isAppError } from "@/lib/errors";
import type { ReportDocument } from "@/lib/report/types";
import type { ReportRequest } from "@/lib/validation/input";
import { parseCliArgs, USAGE, UsageError, type CliArgs } from "./args";
import { formatDiagnosis, formatReport } from "./format";

/** Runs one CLI invocation; returns the exit code (0 done, 1 below --fail-under, 2 bad usage/input). */
export async function main(argv: string[]): Promise<number> {
  let args: CliArgs;
  try {
    args = parseCliArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`mxray: ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  try {
    switch (args.command) {
      case "help":
        process.stdout.write(`${USAGE}\n`);
        return 0;
      case "check":
      case "ip":
        return await report(args);
      case "bounce":
        return await bounce(args);
      case "bounces":
        return await bounces(args);
    }
  } catch (e) {
    if (e instanceof UsageError || isAppError(e)) {
      process.stderr.write(`mxray: ${(e as Error).message}\n`);
      return 2;
    }
    throw e;
  }
}

async function validateDns(spec: string | undefined): Promise<void> {
  if (!spec) return;
  const { parseServers } = await import("@/lib/dns/resolver");
  try {
    parseServers(spec);
  } catch (e) {
    throw new UsageError(`--dns: ${(e as Error).message}`);
  }
}

async function report(args: CliArgs): Promise<number> {
  const target = args.positionals[0] ?? "";
  // Loaded here, not at start-up: `mxray bounce` never needs the validation schemas (zod).
  const { parseReportRequest } = await import("@/lib/validation/input");
  const req: ReportRequest = parseReportRequest(
    args.command === "ip"
      ? { ip: target }
      : {
          domain: target,
          ...(args.ip ? { ip: args.ip } : {}),
          ...(args.helo ? { helo: args.helo } : {}),
          ...(args.sender ? { sender: args.sender } : {}),
          selectors: args.selectors,
        },
  );
  await validateDns(args.dns ?? process.env.MXRAY_DNS);
  const progress = !args.json && process.stderr.isTTY;
  const onProgress = progress
    ? (e: import("@/lib/report/types").ProgressEvent) => {
        if (e.type === "check")
          process.stderr.write(`\r\u001b[2K  ${e.check} done · ${e.dnsQueries} DNS queries`);
      }
    : undefined;
  const opts = {
    ...(args.dns ? { dns: args.dns } : {}),
    ...(args.timeoutMs ? { timeoutMs: args.timeoutMs } : {}),
    ...(args.deadlineMs ? { deadlineMs: args.deadlineMs } : {}),
    ...(args.profile ? { profile: args.profile } : {}),
    ...(onProgress ? { onProgress } : {}),
  };
  const { runReport } = await import("@/lib/report/run");
  let doc: ReportDocument = await runReport(req, opts);
  if (progress) process.stderr.write("\r\u001b[2K");
  let saveFailed = false;
  if (args.save) {
    const { saveCliReport } = await import("./save");
    try {
      doc = await saveCliReport(doc);
    } catch (e) {
      if (!isAppError(e)) throw e;
      // Still print what was found; say clearly that it was not saved.
      process.stderr.write(`mxray: not saved: ${e.message}\n`);
      saveFailed = true;
    }
  }
  if (args.json) {
    process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  } else {
    process.stdout.write(`${formatReport(doc, args.color)}\n`);
  }
  if (args.failUnder !== undefined && doc.score < args.failUnder) {
    process.stderr.write(`mxray: score ${doc.score} is below --fail-under ${args.failUnder}\n`);
    return 1;
  }
  return saveFailed ? 2 : 0;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

const LOG_KINDS = {
  postfix: "a Postfix log",
  exim: "an Exim log",
  mbox: "an mbox",
  replies: "one reply per line",
} as const;

async function bounce(args: CliArgs): Promise<number> {
  const { diagnose } = await import("@/lib/bounce/diagnose");
  const texts: string[] = [];
  if (args.positionals.length === 0 || (args.positionals.length === 1 && args.positionals[0] === "-")) {
    texts.push(await readStdin());
  } else {
    for (const file of args.positionals) {
      try {
        texts.push(await readFile(file, "utf8"));
      } catch (e) {
        throw new UsageError(
          `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        );
      }
    }
  }
  for (const t of texts) if (!t.trim()) throw new UsageError("the bounce is empty.");
  // A mail log or mbox holds many bounces: reading only its first would answer the wrong question.
  const { detectBounceLog, plural } = await import("@/lib/bounce/bulk/detect-log");
  for (const [i, t] of texts.entries()) {
    const log = detectBounceLog(t);
    if (!log) continue;
    const name = args.positionals[i] && args.positionals[i] !== "-" ? args.positionals[i] : "the input";
    throw new UsageError(
      `${name} holds ${plural(log.events, "bounce")} (${LOG_KINDS[log.kind]}), ` +
        `not one bounce: use \`mxray bounces ${args.positionals[i] ?? "-"}\` (or the /bounces page) for a summary.`,
    );
  }
  const results = texts.map((t) => diagnose(t));
  if (args.json) {
    const out = args.positionals.length > 1 ? results : results[0];
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    process.stdout.write(`${results.map((d) => formatDiagnosis(d, args.color)).join("\n\n")}\n`);
  }
  return 0;
}

async function bounces(args: CliArgs): Promise<number> {
  const { analyzeBounces } = await import("@/lib/bounce/bulk");
  const file = args.positionals[0] ?? "-";
  let source: NodeJS.ReadableStream;
  if (file === "-") source = process.stdin;
  else {
    try {
      // Check it is a readable file without reading it: logs may be gigabytes.
      const st = await stat(file);
      if (!st.isFile()) throw Object.assign(new Error("not a file"), { code: "EISDIR" });
      await access(file, constants.R_OK);
    } catch (e) {
      throw new UsageError(
        `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      );
    }
    source = createReadStream(file);
  }
  const summary = await analyzeBounces(source, { ...(args.totalSent ? { totalSent: args.totalSent } : {}) });
  if (summary.totals.bounces + summary.totals.deferrals === 0) {
    // Nothing recognisable (binary or undecodable input, or no bounces at all): say so, print nothing else.
    const { plural } = await import("@/lib/bounce/bulk/detect-log");
    const t = summary.totals;
    const skipped = t.lines - (t.delivered ?? 0);
    process.stderr.write(`mxray: 0 bounces recognized, ${plural(skipped, "line")} skipped\n`);
    return 2;
  }
  if (args.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else {
    const { formatBulk } = await import("./format-bulk");
    process.stdout.write(`${formatBulk(summary, args.color)}\n`);
  }
  return 0;
}

const isEntry = process.argv[1] && /lib[\\/]cli[\\/]main\.ts$/.test(process.argv[1]);
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(
        `mxray: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
      );
      process.exitCode = 2;
    },
  );
}

import { createReadStream } from "node:fs";
import { constants } from "node:fs";
import { access, readFile, stat } from "node:fs/promises";
import { isAppError } from "@/lib/errors";
import type { ReportDocument } from "@/lib/report/types";
import type { ReportRequest } from "@/lib/validation/input";
import { parseCliArgs, USAGE, UsageError, type CliArgs } from "./args";
import { formatDiagnosis, NOT_A_BOUNCE_MESSAGE } from "./format-bounce";
import { trustedSequence, writeHuman, writeJson } from "./terminal";

/**
 * Runs one CLI invocation; returns the exit code: 0 done, 1 below --fail-under or not judgeable (an
 * incomplete report whose worst case is under N, a domain that does not exist), 2 bad usage/input.
 */
export async function main(argv: string[]): Promise<number> {
  let args: CliArgs;
  try {
    args = parseCliArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      writeHuman(process.stderr, `mxray: ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  try {
    switch (args.command) {
      case "help":
        writeHuman(process.stdout, `${USAGE}\n`);
        return 0;
      case "check":
      case "ip":
        return await report(args);
      case "bounce":
        return await bounce(args);
      case "bounces":
        return await bounces(args);
      case "message":
        return await message(args);
      case "dmarc-report":
        return await (await import("./dmarc")).dmarcReport(args);
    }
  } catch (e) {
    if (e instanceof UsageError || isAppError(e)) {
      writeHuman(process.stderr, `mxray: ${(e as Error).message}\n`);
      return 2;
    }
    throw e;
  }
}

/** Carriage return + erase line (ECMA-48 EL): redraws the progress line in place. */
const ERASE_LINE = trustedSequence("\r\u001b[2K");

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
          ...(args.probeRecipients ? { probeRecipients: true } : {}),
        },
  );
  await validateDns(args.dns ?? (await import("@/lib/config")).setting("MXRAY_DNS"));
  const progress = !args.json && process.stderr.isTTY;
  const onProgress = progress
    ? (e: import("@/lib/report/types").ProgressEvent) => {
        if (e.type === "check")
          writeHuman(process.stderr, `${ERASE_LINE}  ${e.check} done · ${e.dnsQueries} DNS queries`);
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
  if (progress) writeHuman(process.stderr, ERASE_LINE);
  let saveFailed = false;
  if (args.save) {
    const { saveCliReport } = await import("./save");
    try {
      doc = await saveCliReport(doc);
    } catch (e) {
      if (!isAppError(e)) throw e;
      // Still print what was found; say clearly that it was not saved.
      writeHuman(process.stderr, `mxray: not saved: ${e.message}\n`);
      saveFailed = true;
    }
  }
  if (args.json) {
    writeJson(process.stdout, doc);
  } else {
    // Loaded here: the report view and findings catalogues are not needed by the bounce commands.
    const { formatReport } = await import("./format");
    writeHuman(process.stdout, `${formatReport(doc, args.color)}\n`);
  }
  const verdict = judge(doc, args.failUnder);
  if (verdict) {
    writeHuman(process.stderr, `mxray: ${verdict}\n`);
    return 1;
  }
  return saveFailed ? 2 : 0;
}

/**
 * Why a report fails the gate, or null when it passes. With `--fail-under N` a report passes only when its
 * worst case (`scoreRange.min`) is at least N: an incomplete report cannot pass on checks it could not
 * determine. A domain that does not exist fails whatever N.
 */
export function judge(
  doc: Pick<ReportDocument, "status" | "score" | "scoreRange" | "unknown">,
  failUnder: number | undefined,
): string | null {
  if (doc.status === "domain_not_found") return "the domain does not exist";
  if (failUnder === undefined) return null;
  const min = doc.scoreRange?.min ?? doc.score;
  if (min === null || min === undefined)
    return `the report has no score to compare with --fail-under ${failUnder}`;
  if (min >= failUnder) return null;
  if (doc.status === "incomplete") {
    return `incomplete: ${doc.unknown.length} checks could not be determined; the score could be as low as ${min}, below --fail-under ${failUnder}`;
  }
  return `score ${min} is below --fail-under ${failUnder}`;
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
  const { looksBinary } = await import("@/lib/validation/binary");
  const { isBounceText } = await import("@/lib/report/bounce-input");
  const label = (i: number) =>
    args.positionals[i] && args.positionals[i] !== "-" ? args.positionals[i] : "stdin";
  texts.forEach((t, i) => {
    if (!t.trim()) throw new UsageError(`${label(i)}: the bounce is empty.`);
    if (looksBinary(t)) {
      throw new UsageError(
        `${label(i)}: this is binary data, not a bounce: give the text of the bounce message.`,
      );
    }
  });
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
  results.forEach((d, i) => {
    if (!isBounceText(texts[i] ?? "", d)) throw new UsageError(`${label(i)}: ${NOT_A_BOUNCE_MESSAGE}`);
  });
  if (args.json) {
    const out = args.positionals.length > 1 ? results : results[0];
    writeJson(process.stdout, out);
  } else {
    writeHuman(process.stdout, `${results.map((d) => formatDiagnosis(d, args.color)).join("\n\n")}\n`);
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
    writeHuman(process.stderr, `mxray: 0 bounces recognized, ${plural(skipped, "line")} skipped\n`);
    return 2;
  }
  if (args.json) writeJson(process.stdout, summary);
  else {
    const { formatBulk } = await import("./format-bulk");
    writeHuman(process.stdout, `${formatBulk(summary, args.color)}\n`);
  }
  return 0;
}

async function message(args: CliArgs): Promise<number> {
  const file = args.positionals[0] ?? "-";
  let raw: Buffer;
  if (file === "-") {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    raw = Buffer.concat(chunks);
  } else {
    try {
      raw = await readFile(file);
    } catch (e) {
      throw new UsageError(
        `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      );
    }
  }
  const { MAX_MESSAGE_BYTES, runMessageReport } = await import("@/lib/mail/message/report");
  if (!raw.toString("latin1").trim()) throw new UsageError("the message is empty.");
  if (raw.length > MAX_MESSAGE_BYTES)
    throw new UsageError(`the message is larger than ${MAX_MESSAGE_BYTES} bytes.`);
  if (!/^[\x21-\x39\x3b-\x7e]+[ \t]*:/m.test(raw.subarray(0, 64 * 1024).toString("latin1"))) {
    throw new UsageError("this does not look like an e-mail message: no header field (Name: value) found.");
  }
  if (!args.ip && (args.helo || args.sender))
    throw new UsageError("--helo and --sender describe the connection: give --ip too.");
  await validateDns(args.dns ?? (await import("@/lib/config")).setting("MXRAY_DNS"));
  const { normalizeIp } = await import("@/lib/validation/input");
  const envelope = args.ip
    ? {
        clientIp: normalizeIp(args.ip),
        helo: args.helo ?? null,
        mailFrom: args.sender ?? null,
        rcptTo: [],
        // A file says nothing about the TLS of its delivery; the transport checks need the inbox.
        tls: null,
        tlsUnknown: true as const,
      }
    : undefined;
  let doc: ReportDocument = await runMessageReport(raw, {
    ...(args.dns ? { dns: args.dns } : {}),
    ...(args.timeoutMs ? { timeoutMs: args.timeoutMs } : {}),
    ...(args.deadlineMs ? { deadlineMs: args.deadlineMs } : {}),
    ...(args.profile ? { profile: args.profile } : {}),
    ...(envelope ? { envelope } : {}),
  });
  let saveFailed = false;
  if (args.save) {
    const { saveCliReport } = await import("./save");
    try {
      doc = await saveCliReport(doc);
    } catch (e) {
      if (!isAppError(e)) throw e;
      writeHuman(process.stderr, `mxray: not saved: ${e.message}\n`);
      saveFailed = true;
    }
  }
  if (args.json) writeJson(process.stdout, doc);
  else {
    const { formatMessageReport } = await import("./format-message");
    writeHuman(process.stdout, `${formatMessageReport(doc, args.color)}\n`);
  }
  const verdict = judge(doc, args.failUnder);
  if (verdict) {
    writeHuman(process.stderr, `mxray: ${verdict}\n`);
    return 1;
  }
  return saveFailed ? 2 : 0;
}

const isEntry = process.argv[1] && /lib[\\/]cli[\\/]main\.ts$/.test(process.argv[1]);
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      writeHuman(
        process.stderr,
        `mxray: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
      );
      process.exitCode = 2;
    },
  );
}

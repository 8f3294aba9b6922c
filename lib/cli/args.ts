import { parseArgs } from "node:util";

export class UsageError extends Error {}

export const USAGE = `Usage:
  mxray check <domain> [--ip <addr> [--helo <name>] [--sender <addr>]] [--selector <s>]...
              [--probe-recipients] [--json] [--save] [--fail-under <0-100>]
  mxray ip <address> [--json] [--save] [--fail-under <0-100>]
  mxray bounce [<file>...] [--json]          (stdin when no file)
  mxray bounces <file> [--json] [--total-sent <n>]
  mxray message <file.eml> [--json] [--save] [--fail-under <0-100>]
              [--ip <addr> [--helo <name>] [--sender <addr>]]   (stdin with -; --ip: the connecting IP)
  mxray dmarc-report <file>... [--json]      (DMARC aggregate / SMTP TLS reports: XML, JSON, .gz, .zip, .eml)

Options:
  --dns <host:port>[,<host:port>]   resolvers to ask (default: MXRAY_DNS, then the system's)
  --timeout <ms>                    per-query DNS timeout
  --deadline <ms>                   whole-report deadline (default 10000)
  --profile deliverability|strict   scoring profile
  --probe-recipients                ask each MX host RCPT TO for a random address (no message is sent)
  --no-color                        plain output
Exit codes: 0 done, 1 score below --fail-under, 2 bad usage or invalid input.`;

export interface CliArgs {
  command: "check" | "ip" | "bounce" | "bounces" | "message" | "dmarc-report" | "help";
  positionals: string[];
  json: boolean;
  save: boolean;
  color: boolean;
  ip?: string;
  helo?: string;
  sender?: string;
  selectors: string[];
  failUnder?: number;
  dns?: string;
  timeoutMs?: number;
  deadlineMs?: number;
  totalSent?: number;
  profile?: "deliverability" | "strict";
  probeRecipients?: boolean;
}

function intOption(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw.trim())) throw new UsageError(`--${name} takes a whole number, not "${raw}".`);
  const n = Number(raw);
  if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max}.`);
  return n;
}

export function parseCliArgs(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: "boolean", default: false },
        save: { type: "boolean", default: false },
        ip: { type: "string" },
        helo: { type: "string" },
        sender: { type: "string" },
        selector: { type: "string", multiple: true },
        "fail-under": { type: "string" },
        dns: { type: "string" },
        timeout: { type: "string" },
        deadline: { type: "string" },
        "total-sent": { type: "string" },
        profile: { type: "string" },
        "no-color": { type: "boolean", default: false },
        "probe-recipients": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || !command || command === "help")
    return { command: "help", positionals: [], json: false, save: false, color: false, selectors: [] };
  if (!["check", "ip", "bounce", "bounces", "message", "dmarc-report"].includes(command))
    throw new UsageError(`Unknown command "${command}".`);
  if ((command === "check" || command === "ip") && rest.length !== 1) {
    throw new UsageError(`mxray ${command} takes exactly one ${command === "ip" ? "address" : "domain"}.`);
  }
  if (command === "message" && rest.length !== 1)
    throw new UsageError("mxray message takes one file (.eml, or - for stdin).");
  if (command === "bounces" && rest.length !== 1)
    throw new UsageError("mxray bounces takes one file (use - for stdin).");
  if (values.profile !== undefined && values.profile !== "deliverability" && values.profile !== "strict") {
    throw new UsageError(`--profile is "deliverability" or "strict", not "${values.profile}".`);
  }
  const args: CliArgs = {
    command: command as CliArgs["command"],
    positionals: rest,
    json: values.json,
    save: values.save,
    color: !values["no-color"] && !process.env.NO_COLOR && !!process.stdout.isTTY,
    selectors: values.selector ?? [],
  };
  if (values.ip !== undefined) args.ip = values.ip;
  if (values["probe-recipients"]) args.probeRecipients = true;
  if (values.helo !== undefined) args.helo = values.helo;
  if (values.sender !== undefined) args.sender = values.sender;
  if (values.dns !== undefined) args.dns = values.dns;
  if (values.profile !== undefined) args.profile = values.profile as CliArgs["profile"];
  const failUnder = intOption("fail-under", values["fail-under"], 0, 100);
  if (failUnder !== undefined) args.failUnder = failUnder;
  const timeout = intOption("timeout", values.timeout, 50, 60_000);
  if (timeout !== undefined) args.timeoutMs = timeout;
  const deadline = intOption("deadline", values.deadline, 100, 600_000);
  if (deadline !== undefined) args.deadlineMs = deadline;
  const total = intOption("total-sent", values["total-sent"], 1, Number.MAX_SAFE_INTEGER);
  if (total !== undefined) args.totalSent = total;
  return args;
}

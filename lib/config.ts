import { z } from "zod";

/**
 * Every environment variable mxray (the app and the CLI) reads, in one zod schema: its validation, its
 * meaning and its default. README's configuration table is generated from it (`npm run docs:config`), and
 * a test fails when the code reads a variable that is not here or the README is stale.
 * An empty value counts as unset (`FOO= npm start` must not mean "the empty string").
 */

/** What the README shows for a variable: `description` (its meaning) and `shown` (its default, in words). */
function doc<T extends z.ZodType>(schema: T, description: string, shown: string): T {
  return schema.meta({ description, shown });
}

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const envSchema = z.object({
  DATABASE_URL: doc(
    z
      .string()
      .trim()
      .refine((v) => /^postgres(ql)?:\/\/./i.test(v), {
        message: "must be a postgres:// or postgresql:// URL (unset it to use the embedded PGlite database)",
      })
      .optional(),
    "PostgreSQL connection string (`?schema=` picks the schema); unset means embedded PGlite",
    "unset",
  ),
  PGLITE_DIR: doc(
    z.string().trim().default(".data/pglite"),
    "PGlite data directory (`memory://` for a throwaway database); one process at a time",
    "`.data/pglite`",
  ),
  MXRAY_DNS: doc(
    z.string().trim().min(1).optional(),
    "resolvers to ask, `host:port[,host:port]` (the CLI's `--dns` wins)",
    "the system's (`/etc/resolv.conf`)",
  ),
  MXRAY_DNS_TIMEOUT_MS: doc(int(50, 30_000).default(2_000), "per-query timeout (ms)", "2000"),
  MXRAY_DEADLINE_MS: doc(
    int(100, 120_000).default(10_000),
    'whole-report deadline (ms); unfinished checks become "could not determine"',
    "10000",
  ),
  MXRAY_RATE_LIMIT: doc(
    int(0, 1_000_000).default(30),
    "reports per minute per client address (0 = off)",
    "30",
  ),
  MXRAY_PUBLIC_URL: doc(
    z.url({ protocol: /^https?$/ }).optional(),
    "origin used in share links",
    "the request's origin",
  ),
  MXRAY_DNSBL_ZONES: doc(
    z.string().trim().optional(),
    "IP blocklist zones to ask, comma-separated (replaces the built-in list)",
    "built-in list",
  ),
  MXRAY_DNSBL_DOMAIN_ZONES: doc(
    z.string().trim().optional(),
    "domain blocklist zones, comma-separated",
    "dbl.spamhaus.org, multi.uribl.com, multi.surbl.org",
  ),
  MXRAY_SPAMHAUS_DQS_KEY: doc(
    z
      .string()
      .trim()
      .regex(/^[a-z0-9]+$/i, "a Spamhaus DQS key is letters and digits")
      .optional(),
    "Spamhaus Data Query Service key (public resolvers are refused by Spamhaus)",
    "unset",
  ),
  MXRAY_ALLOW_PRIVATE: doc(
    z.enum(["0", "1"], { message: 'must be "1" (allow) or "0"' }).optional(),
    "`1` lets probes (HTTPS, SMTP) reach loopback/private addresses: tests and sandboxes only",
    "unset",
  ),
  PORT: doc(int(1, 65_535).default(3000), "the app's port (`next start`/`next dev`)", "3000"),
  NO_COLOR: doc(
    z.string().optional(),
    "any value turns off colour in the CLI's output (no-color.org)",
    "unset",
  ),
  MXRAY_MAX_QUERIES: doc(
    int(50, 10_000).default(400),
    "DNS questions one report may send; past it, lookups are not sent and the report says so (`report.query_limit`)",
    "400",
  ),
  MXRAY_MAX_REPORTS: doc(
    int(1, 1_000).default(16),
    "reports one instance runs at once; more wait in a queue before their deadline starts",
    "16",
  ),
  MXRAY_REPORT_QUEUE: doc(
    int(0, 100_000).default(200),
    "reports that may wait; beyond that the API answers 503 with `Retry-After`",
    "200",
  ),
  MXRAY_SMTP_PROBE_PORT: doc(
    int(1, 65_535).optional(),
    "port the SMTP TLS probe connects to on each MX host (tests and sandboxes)",
    "25",
  ),
  MXRAY_TRUST_ANCHOR: doc(
    z.string().trim().min(1).optional(),
    "DNSSEC trust anchor: DS or DNSKEY records (presentation format) or the path of a file of them (`/…` or `./…`)",
    "the root KSKs 20326 and 38696",
  ),
  NODE_EXTRA_CA_CERTS: doc(
    z.string().trim().optional(),
    "PEM file of extra CAs the SMTP and HTTPS probes trust beside the system roots (read by Node.js)",
    "unset",
  ),
  MXRAY_REPORT_CACHE_SECONDS: doc(
    int(0, 31_536_000).default(300),
    "how long a saved report's responses stay in memory and may be kept by browsers (`max-age`)",
    "300",
  ),
  MXRAY_REPORT_CACHE_MB: doc(
    int(0, 65_536).default(64),
    "bound of the in-memory cache of saved reports' responses, per instance",
    "64",
  ),
  MXRAY_SMTP_PORT: doc(
    z.union([z.literal("off"), int(0, 65_535)]).default(2525),
    "port of the built-in SMTP inbox and sandbox (`off` disables it; use 25 in production)",
    "2525",
  ),
  MXRAY_SMTP_HOST: doc(z.string().trim().min(1).default("0.0.0.0"), "address it listens on", "0.0.0.0"),
  MXRAY_MAIL_DOMAIN: doc(
    z
      .string()
      .trim()
      .toLowerCase()
      .regex(
        /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
        "must be a domain name",
      )
      .optional(),
    "domain of issued test addresses and sandbox addresses (its MX points at this server)",
    "`MXRAY_PUBLIC_URL`'s host, else localhost",
  ),
  MXRAY_SMTP_TLS_KEY: doc(
    z.string().trim().min(1).optional(),
    "PEM key file for STARTTLS",
    "self-signed, made on first start",
  ),
  MXRAY_SMTP_TLS_CERT: doc(
    z.string().trim().min(1).optional(),
    "PEM certificate file for STARTTLS",
    "self-signed, made on first start",
  ),
  MXRAY_SMTP_TLS_DIR: doc(
    z.string().trim().min(1).default(".data/smtp-tls"),
    "where that self-signed certificate is kept",
    "`.data/smtp-tls`",
  ),
  MXRAY_SMTP_MAX_SIZE: doc(
    int(1024, 200 * 1024 * 1024).default(25 * 1024 * 1024),
    "SIZE announced and enforced (bytes; larger mail gets 552 5.3.4)",
    "26214400",
  ),
  MXRAY_SMTP_RATE_LIMIT: doc(
    int(0, 1_000_000).default(60),
    "connections per minute from one client address before 421 (0 = off)",
    "60",
  ),
  MXRAY_SMTP_TIMEOUT_MS: doc(
    int(100, 30 * 60_000).default(5 * 60_000),
    "idle time before a stalled SMTP connection is closed (421)",
    "300000",
  ),
  MXRAY_SMTP_SANDBOX_RATE: doc(
    int(0, 1_000_000).default(3),
    "`scenario-rate@`: messages accepted per client per hour before 421",
    "3",
  ),
  MXRAY_SMTP_SANDBOX_RULES: doc(
    z.string().trim().min(1).optional(),
    'sandbox replies per address pattern, JSON: `[{"pattern": "vip-.*@sandbox\\.test", "reply": "550 5.7.1 Closed", "stage": "rcpt"}]`',
    "unset",
  ),
  MXRAY_SCHEDULER: doc(
    z.enum(["0", "1"], { message: 'must be "0" (off) or "1"' }).optional(),
    "`0` keeps this instance from running monitors (any number of instances may run them)",
    "on",
  ),
  MXRAY_SMTP_RELAY: doc(
    z
      .string()
      .trim()
      .regex(/^smtps?:\/\/./i, "must be an smtp:// or smtps:// URL")
      .optional(),
    "relay for alert e-mails, `smtp://[user:pass@]host[:port]` (STARTTLS when offered) or `smtps://`",
    "unset (no e-mail)",
  ),
  MXRAY_ALERT_FROM: doc(
    z.string().trim().min(3).optional(),
    "sender address of alert e-mails",
    "`mxray@localhost`",
  ),
  MXRAY_SHARED_DIR: doc(
    z.string().trim().optional(),
    "tests only: the folder holding the third-party corpora (`corpora/`) when it is not `../shared`",
    "`../shared`",
  ),
  MXRAY_SISIMAI_CORPUS: doc(
    z.string().trim().optional(),
    "tests and `bench:bounce` only: sisimai's labelled bounce corpus (`emails/` and `labels.json`)",
    "`../shared/corpora/sisimai-train`",
  ),
  MXRAY_ALLOWED_HOSTS: doc(
    z.string().trim().optional(),
    "host names (host or host:port) the app answers for when `MXRAY_PUBLIC_URL` is unset, comma-separated; others get 421",
    "any",
  ),
  MXRAY_TRUSTED_PROXIES: doc(
    z.string().trim().optional(),
    'who may set X-Forwarded-For/-Proto: a hop count ("1") or CIDRs ("10.0.0.0/8,::1")',
    "none (the socket address is the client)",
  ),
  MXRAY_RETENTION_DAYS: doc(
    z.coerce.number().min(0).max(36_500).default(90),
    "saved reports older than this many days are deleted (0 keeps them for ever)",
    "90",
  ),
  MXRAY_HISTORY: doc(
    z.enum(["on", "off"]).default("on"),
    "`off` hides the per-domain history (page and API): reports are reachable by their link alone",
    "on",
  ),
});

export type AppConfig = z.infer<typeof envSchema>;
export type ConfigName = keyof AppConfig;

/** The variables of the schema, in README order. */
export const CONFIG_NAMES = Object.keys(envSchema.shape) as ConfigName[];

/** Drops empty values: unset and empty mean the same. */
function present(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of CONFIG_NAMES) {
    const v = env[name];
    if (v !== undefined && v.trim() !== "") out[name] = v;
  }
  return out;
}

/** Validates the environment; the error names every bad variable and what it must be. */
export function parseConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = envSchema.safeParse(present(env));
  if (!parsed.success) {
    const msg = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid configuration: ${msg}`);
  }
  return parsed.data;
}

let cached: AppConfig | undefined;

/** Environment read once and validated: a wrong value stops the app with a message naming it. */
export function config(): AppConfig {
  cached ??= parseConfig(process.env);
  return cached;
}

/** README's configuration table (Prettier's Markdown table layout, so formatting the README keeps it). */
export function renderConfigTable(): string {
  const rows = CONFIG_NAMES.map((name) => {
    const meta = envSchema.shape[name].meta() as { description?: string; shown?: string } | undefined;
    // A "|" inside a cell would end it (GFM tables): escaped.
    return [`\`${name}\``, meta?.description ?? "", meta?.shown ?? ""].map((c) => c.replaceAll("|", "\\|"));
  });
  const header = ["variable", "meaning", "default"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(header), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...rows.map(line)].join("\n");
}

/**
 * One variable, read from the environment and validated now (not cached, unlike config()): for values a
 * long-lived process or a test may change between reports. A bad value throws naming the variable.
 */
export function setting<K extends ConfigName>(
  name: K,
  env: Record<string, string | undefined> = process.env,
): AppConfig[K] {
  const raw = env[name];
  const parsed = envSchema.shape[name].safeParse(raw === undefined || raw.trim() === "" ? undefined : raw);
  if (!parsed.success) {
    throw new Error(
      `Invalid configuration: ${name}: ${parsed.error.issues.map((i) => i.message).join("; ")}`,
    );
  }
  return parsed.data as AppConfig[K];
}

/** The origin of share links made outside a request (CLI, mail, monitors): MXRAY_PUBLIC_URL, else this host. */
export function publicBaseUrl(cfg: Pick<AppConfig, "MXRAY_PUBLIC_URL" | "PORT"> = config()): string {
  return cfg.MXRAY_PUBLIC_URL ?? `http://localhost:${cfg.PORT}`;
}

/** Forgets the cached environment: tests that change it call this. */
export function resetConfig(): void {
  cached = undefined;
}

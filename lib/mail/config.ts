import { z } from "zod";

/** Settings of the built-in SMTP server (inbox and sandbox), from the environment. */
const mailEnvSchema = z.object({
  /** "off" disables the server; 0 picks a free port (tests). */
  MXRAY_SMTP_PORT: z.union([z.literal("off"), z.coerce.number().int().min(0).max(65535)]).default(2525),
  MXRAY_SMTP_HOST: z.string().trim().min(1).default("0.0.0.0"),
  /** The domain of issued addresses (test-<random>@) and sandbox addresses. */
  MXRAY_MAIL_DOMAIN: z
    .string()
    .trim()
    .toLowerCase()
    .regex(
      /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
      "must be a domain name",
    )
    .optional(),
  /** PEM files; unset: a self-signed certificate generated on first start in MXRAY_SMTP_TLS_DIR. */
  MXRAY_SMTP_TLS_KEY: z.string().trim().min(1).optional(),
  MXRAY_SMTP_TLS_CERT: z.string().trim().min(1).optional(),
  MXRAY_SMTP_TLS_DIR: z.string().trim().min(1).default(".data/smtp-tls"),
  /** Announced with SIZE (RFC 1870) and enforced. */
  MXRAY_SMTP_MAX_SIZE: z.coerce
    .number()
    .int()
    .min(1024)
    .max(200 * 1024 * 1024)
    .default(25 * 1024 * 1024),
  /** Connections per minute from one client address before 421 (0 = off). */
  MXRAY_SMTP_RATE_LIMIT: z.coerce.number().int().min(0).default(60),
  /** Idle time before a stalled connection is closed (RFC 5321 §4.5.3.2 suggests minutes; tests use less). */
  MXRAY_SMTP_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(30 * 60_000)
    .default(5 * 60_000),
  /** scenario-rate: messages accepted from one client per hour before 421. */
  MXRAY_SMTP_SANDBOX_RATE: z.coerce.number().int().min(0).default(3),
  /** JSON: [{ "pattern": "bounce-.*@sandbox\\.test", "reply": "550 5.1.1 No such user", "stage": "rcpt" }]. */
  MXRAY_SMTP_SANDBOX_RULES: z.string().trim().min(1).optional(),
});

export type MailConfig = z.infer<typeof mailEnvSchema> & { MXRAY_MAIL_DOMAIN: string };

/** Reads and validates the mail settings; a wrong value throws a message naming it. */
export function mailConfig(env: NodeJS.ProcessEnv = process.env): MailConfig {
  const parsed = mailEnvSchema.safeParse(
    Object.fromEntries(
      Object.entries(env).filter(([k, v]) => k.startsWith("MXRAY_") && v !== undefined && v !== ""),
    ),
  );
  if (!parsed.success) {
    const msg = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid mail configuration: ${msg}`);
  }
  // Without a configured domain, the public URL's host name, else localhost.
  let domain = parsed.data.MXRAY_MAIL_DOMAIN;
  if (!domain && env.MXRAY_PUBLIC_URL) {
    try {
      domain = new URL(env.MXRAY_PUBLIC_URL).hostname.toLowerCase();
    } catch {
      domain = undefined;
    }
  }
  return { ...parsed.data, MXRAY_MAIL_DOMAIN: domain || "localhost" };
}

import type { z } from "zod";
import { envSchema, setting } from "@/lib/config";

/** Settings of the built-in SMTP server (inbox and sandbox): a part of the one schema in lib/config.ts. */
const mailEnvSchema = envSchema.pick({
  MXRAY_SMTP_PORT: true,
  MXRAY_SMTP_HOST: true,
  MXRAY_MAIL_DOMAIN: true,
  MXRAY_SMTP_TLS_KEY: true,
  MXRAY_SMTP_TLS_CERT: true,
  MXRAY_SMTP_TLS_DIR: true,
  MXRAY_SMTP_MAX_SIZE: true,
  MXRAY_SMTP_RATE_LIMIT: true,
  MXRAY_SMTP_TIMEOUT_MS: true,
  MXRAY_SMTP_SANDBOX_RATE: true,
  MXRAY_SMTP_SANDBOX_RULES: true,
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
  const publicUrl = setting("MXRAY_PUBLIC_URL", env);
  if (!domain && publicUrl) domain = new URL(publicUrl).hostname.toLowerCase();
  return { ...parsed.data, MXRAY_MAIL_DOMAIN: domain || "localhost" };
}

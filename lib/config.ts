import { z } from "zod";

const envSchema = z.object({
  MXRAY_DNS: z.string().trim().min(1).optional(),
  MXRAY_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Host names (host or host:port) the app answers for when MXRAY_PUBLIC_URL is unset; comma-separated. */
  MXRAY_ALLOWED_HOSTS: z.string().trim().optional(),
  MXRAY_RATE_LIMIT: z.coerce.number().int().min(0).default(30),
  /** Who may set X-Forwarded-For/-Proto: a hop count ("1") or CIDRs ("10.0.0.0/8,::1"); unset trusts none. */
  MXRAY_TRUSTED_PROXIES: z.string().trim().optional(),
  MXRAY_DEADLINE_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  MXRAY_DNS_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(2_000),
  /** Saved reports older than this many days are deleted (0 keeps them for ever). */
  MXRAY_RETENTION_DAYS: z.coerce.number().min(0).max(36_500).default(90),
  /** "off" hides the per-domain history (page and API): reports are then reachable by their link alone. */
  MXRAY_HISTORY: z.enum(["on", "off"]).default("on"),
});

export type AppConfig = z.infer<typeof envSchema>;

let cached: AppConfig | undefined;

/** Environment read once and validated: a wrong value stops the app with a message naming it. */
export function config(): AppConfig {
  if (cached) return cached;
  const parsed = envSchema.safeParse(
    Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== undefined && v !== "")),
  );
  if (!parsed.success) {
    const msg = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid configuration: ${msg}`);
  }
  cached = parsed.data;
  return cached;
}

/** Forgets the cached environment: tests that change it call this. */
export function resetConfig(): void {
  cached = undefined;
}

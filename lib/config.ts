import { z } from "zod";

const envSchema = z.object({
  MXRAY_DNS: z.string().trim().min(1).optional(),
  MXRAY_PUBLIC_URL: z.url().optional(),
  MXRAY_RATE_LIMIT: z.coerce.number().int().min(0).default(30),
  MXRAY_DEADLINE_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  MXRAY_DNS_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(2_000),
  /** Reports one instance runs at once; more wait in its queue (lib/report/admission.ts). */
  MXRAY_MAX_REPORTS: z.coerce.number().int().min(1).max(1_000).default(16),
  /** Reports that may wait for a slot; beyond that the API answers 503 with Retry-After. */
  MXRAY_REPORT_QUEUE: z.coerce.number().int().min(0).max(100_000).default(200),
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

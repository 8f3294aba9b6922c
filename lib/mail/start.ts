import "server-only";
import { mailConfig } from "./config";
import { dbMailStore, processInboxMessage } from "./service";
import { MailServer } from "./smtp/server";
import { parseSandboxRules, type SandboxRule } from "./sandbox";
import { loadOrCreateCertificate } from "./smtp/tls";

const globalForMail = globalThis as typeof globalThis & { __mxrayMailServer?: Promise<MailServer | null> };

/**
 * Starts the SMTP inbox and sandbox once per process (instrumentation.ts calls this at start-up). A port in
 * use or a bad setting is logged, not fatal: the web app keeps working without its inbox.
 */
export function startMailServer(env: NodeJS.ProcessEnv = process.env): Promise<MailServer | null> {
  globalForMail.__mxrayMailServer ??= (async () => {
    let cfg;
    try {
      cfg = mailConfig(env);
    } catch (e) {
      console.error(`[mxray] SMTP server not started: ${(e as Error).message}`);
      return null;
    }
    if (cfg.MXRAY_SMTP_PORT === "off") return null;
    let rules: SandboxRule[] = [];
    try {
      rules = cfg.MXRAY_SMTP_SANDBOX_RULES ? parseSandboxRules(cfg.MXRAY_SMTP_SANDBOX_RULES) : [];
    } catch (e) {
      console.error(`[mxray] SMTP server not started: ${(e as Error).message}`);
      return null;
    }
    let tls: { key: string; cert: string } | null = null;
    try {
      tls = loadOrCreateCertificate({
        keyFile: cfg.MXRAY_SMTP_TLS_KEY,
        certFile: cfg.MXRAY_SMTP_TLS_CERT,
        dir: cfg.MXRAY_SMTP_TLS_DIR,
        hostname: cfg.MXRAY_MAIL_DOMAIN,
      });
    } catch (e) {
      console.error(`[mxray] SMTP server without STARTTLS: no certificate (${(e as Error).message})`);
    }
    const server = new MailServer({
      port: cfg.MXRAY_SMTP_PORT,
      host: cfg.MXRAY_SMTP_HOST,
      domain: cfg.MXRAY_MAIL_DOMAIN,
      tls,
      maxSize: cfg.MXRAY_SMTP_MAX_SIZE,
      rateLimit: cfg.MXRAY_SMTP_RATE_LIMIT,
      socketTimeoutMs: cfg.MXRAY_SMTP_TIMEOUT_MS,
      sandboxRate: cfg.MXRAY_SMTP_SANDBOX_RATE,
      rules,
      store: dbMailStore,
      onInboxMessage: async (m) => {
        await processInboxMessage(m);
      },
      onError: (e, where) => console.error(`[mxray] SMTP ${where}:`, e),
    });
    try {
      const { port, host } = await server.listen();
      console.log(`[mxray] SMTP inbox and sandbox on ${host}:${port} for @${cfg.MXRAY_MAIL_DOMAIN}`);
      return server;
    } catch (e) {
      console.error(
        `[mxray] SMTP server not started on port ${cfg.MXRAY_SMTP_PORT}: ${(e as Error).message}`,
      );
      return null;
    }
  })();
  return globalForMail.__mxrayMailServer;
}

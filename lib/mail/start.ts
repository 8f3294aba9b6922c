import "server-only";
import { mailConfig } from "./config";
import { MailServer, type MailStore } from "./smtp/server";
import { parseSandboxRules, type SandboxRule } from "./sandbox";
import { loadOrCreateCertificate } from "./smtp/tls";

/*
 * service.ts brings the message report (mailauth, every check, the finding catalogues): loaded with the first
 * SMTP session rather than at start-up, where it would add to the first start's peak memory
 * (npm run bench:db-memory -- --app) for an inbox that may never see a message.
 */
const service = () => import("./service");
const lazyMailStore: MailStore = {
  openSession: async (s) => (await service()).dbMailStore.openSession(s),
  updateSession: async (id, u) => (await service()).dbMailStore.updateSession(id, u),
  saveMessage: async (m) => (await service()).dbMailStore.saveMessage(m),
  findTests: async (addresses) => (await service()).dbMailStore.findTests(addresses),
};

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
      store: lazyMailStore,
      onInboxMessage: async (m) => {
        await (await service()).processInboxMessage(m);
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

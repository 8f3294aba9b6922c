import "server-only";
import { registerMailHandler } from "@/lib/mail/handlers";

/*
 * The report reader and the monitor service (with the report runner behind it) are loaded with the first
 * mail to dmarc@, not when the mailbox is registered at start-up (npm run bench:db-memory -- --app).
 */
async function monitorByReportToken(token: string) {
  return (await import("./service")).monitorByReportToken(token);
}

/** "dmarc" → null; "dmarc+<token>" → the token (RFC 5233 sub-address); anything else → undefined. */
function tokenOf(localPart: string): string | null | undefined {
  const lp = localPart.toLowerCase();
  if (lp === "dmarc") return null;
  return lp.startsWith("dmarc+") ? lp.slice("dmarc+".length) : undefined;
}

/**
 * The DMARC report mailbox of the SMTP inbox: reports mailed to dmarc@<MXRAY_MAIL_DOMAIN> are read into the
 * database like an upload; those mailed to a monitor's dmarc+<token>@ address are also filed under that
 * monitor. A token no monitor gave out is refused at RCPT TO with 550 5.1.1 (like any address not issued
 * here), so a mistyped rua= is noticed by the reporter rather than filed nowhere.
 */
export function registerDmarcMailbox(log: (line: string) => void = (l) => console.info(l)): () => void {
  return registerMailHandler(
    "dmarc",
    async (m) => {
      const token = tokenOf(m.localPart);
      // Looked up again after the 250: the monitor may have been deleted since RCPT TO; then the report is
      // kept unattached, as if mailed to dmarc@.
      const monitor = token ? await monitorByReportToken(token) : null;
      const { ingestDmarcMail } = await import("@/lib/dmarc-reports/store");
      const outcome = await ingestDmarcMail(m.raw, `mail ${m.messageId}`, monitor ? { monitor } : {});
      log(
        `[mxray] ${m.localPart}@ mail ${m.messageId}${monitor ? ` (monitor of ${monitor.domain})` : ""}: ` +
          JSON.stringify(outcome).slice(0, 300),
      );
    },
    {
      accepts: async (localPart) => {
        const token = tokenOf(localPart);
        if (token === null) return true;
        if (token === undefined) return false;
        return (await monitorByReportToken(token)) !== null;
      },
    },
  );
}

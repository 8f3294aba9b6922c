import { organizationalDomain } from "@/lib/checks/dmarc/parse";
import type { ChecklistItem } from "@/lib/scoring/checklist";
import type { MessageSection, ProviderRule } from "./types";

/**
 * The bulk-sender checklist items DNS cannot decide (From: alignment, TLS, one-click unsubscribe, the
 * sending IP's reverse DNS), as one received message showed them. A domain report keeps the latest
 * message of its domain at the time it was made (reports never change once saved), and its checklist shows
 * these items in place of "needs a real message".
 */
export interface LatestMessage {
  /**
   * When that message report was made. The message report itself (subject, addresses, envelope) is private,
   * reached by its own share link alone: a domain report keeps neither its id nor its link.
   */
  createdAt: string;
  /** "smtp": received by the inbox (transport known); "upload": pasted or uploaded. */
  source: MessageSection["source"];
  /** The items this message decides, with what it showed. */
  items: ChecklistItem[];
  /** The provider rules applied to it (Gmail, Yahoo, Microsoft). */
  providers: ProviderRule[];
}

/** A checklist item, and the message it was taken from when DNS alone could not decide it. */
export type FilledChecklistItem = ChecklistItem & {
  fromMessage?: { createdAt: string };
};

/** Items whose DNS-only status is replaced by the message's whenever the message decides them. */
const MESSAGE_ITEMS = new Set(["alignment", "tls", "unsubscribe"]);
/** Decided by DNS when the report names the sending IP; from the message only when DNS could not. */
const FALLBACK_ITEMS = new Set(["fcrdns"]);

function alignmentItem(m: MessageSection): ChecklistItem {
  const label = "From: domain aligned with SPF or DKIM";
  const d = m.dmarc;
  if (!d || !m.from.domain) {
    return { id: "alignment", label, status: "unknown", because: "the message has no usable From: domain" };
  }
  const via = [d.spfAligned ? "SPF" : null, d.dkimAligned ? "DKIM" : null].filter(Boolean).join(" and ");
  // RFC 7489 §4.2: DMARC passes when an aligned identifier passes SPF or DKIM.
  if (d.result === "pass" || via) {
    return {
      id: "alignment",
      label,
      status: "pass",
      because: `${m.from.domain} aligned through ${via || "DMARC"}`,
    };
  }
  if (m.headerOnly) {
    return {
      id: "alignment",
      label,
      status: "unknown",
      because: "only the headers were given: DKIM cannot be verified without the body",
    };
  }
  const spf = m.spf
    ? `SPF ${m.spf.result}${m.spf.domain ? ` for ${m.spf.domain}` : ""}`
    : "SPF not evaluated";
  const dkim = m.dkim.length
    ? `DKIM ${m.dkim.map((s) => `${s.result} (d=${s.domain})`).join(", ")}`
    : "no DKIM signature";
  return {
    id: "alignment",
    label,
    status: "fail",
    because: `neither aligned with ${m.from.domain}: ${spf}; ${dkim}`,
  };
}

function tlsItem(m: MessageSection): ChecklistItem {
  const label = "TLS for transmitting mail";
  const env = m.envelope;
  if (!env || env.tlsUnknown) {
    return { id: "tls", label, status: "unknown", because: "a pasted message does not show how it was sent" };
  }
  if (!env.tls) return { id: "tls", label, status: "fail", because: "received without STARTTLS" };
  const how = [env.tls.version, env.tls.cipher].filter(Boolean).join(", ");
  return { id: "tls", label, status: "pass", because: `received over TLS${how ? ` (${how})` : ""}` };
}

function unsubscribeItem(m: MessageSection): ChecklistItem {
  // The spam-rate half of the requirement is Postmaster Tools data: still not checked, and said so.
  const label = "One-click unsubscribe (RFC 8058)";
  const spamRate = "spam rate under 0.3 %: Postmaster Tools data, not checked";
  const u = m.unsubscribe;
  const missing = [
    u.uris.length === 0 ? "no List-Unsubscribe header" : null,
    u.uris.length > 0 && !u.oneClick ? "no List-Unsubscribe-Post: List-Unsubscribe=One-Click" : null,
    u.oneClick && !u.https ? "no HTTPS unsubscribe URI" : null,
    u.oneClick && u.https && !u.signed ? "both headers not covered by an aligned DKIM signature" : null,
  ].filter((x): x is string => x !== null);
  if (missing.length === 0) {
    return {
      id: "unsubscribe",
      label,
      status: "pass",
      because: `one-click over HTTPS, signed by DKIM; ${spamRate}`,
    };
  }
  if (m.headerOnly && u.oneClick && u.https) {
    return {
      id: "unsubscribe",
      label,
      status: "unknown",
      because: `signature not verifiable from headers; ${spamRate}`,
    };
  }
  return { id: "unsubscribe", label, status: "fail", because: `${missing.join("; ")}; ${spamRate}` };
}

function fcrdnsItem(m: MessageSection): ChecklistItem {
  const label = "Sending IP has forward-confirmed reverse DNS";
  const r = m.fcrdns;
  if (!r)
    return { id: "fcrdns", label, status: "unknown", because: "the message does not show its sending IP" };
  if (r.confirmed === null) {
    return {
      id: "fcrdns",
      label,
      status: "unknown",
      because: `reverse DNS of ${r.ip} could not be determined`,
    };
  }
  if (r.confirmed) {
    return {
      id: "fcrdns",
      label,
      status: "pass",
      because: `${r.ip} → ${r.names.join(", ")} → ${r.ip}`,
    };
  }
  return {
    id: "fcrdns",
    label,
    status: "fail",
    because: r.names.length
      ? `${r.ip} → ${r.names.join(", ")}, which does not resolve back`
      : `${r.ip} has no PTR`,
  };
}

/** The checklist items a message decides, as it showed them. */
export function messageChecklistItems(m: MessageSection): ChecklistItem[] {
  return [alignmentItem(m), fcrdnsItem(m), tlsItem(m), unsubscribeItem(m)];
}

/**
 * A domain report's checklist with the message's answers in place of "needs a real message": the message
 * items whenever the message decided them (pass or fail), the reverse-DNS item only when DNS could not.
 */
export function fillChecklist(
  items: ChecklistItem[],
  latest: LatestMessage | null | undefined,
): FilledChecklistItem[] {
  if (!latest) return items;
  const from = { createdAt: latest.createdAt };
  return items.map((item) => {
    const m = latest.items.find((x) => x.id === item.id);
    if (!m || (m.status !== "pass" && m.status !== "fail")) return item;
    if (MESSAGE_ITEMS.has(item.id) || (FALLBACK_ITEMS.has(item.id) && item.status === "unknown")) {
      return { ...m, fromMessage: from };
    }
    return item;
  });
}

/** The domain of an address ("local@domain"), lower-cased, or null. */
function domainOf(address: string | null): string | null {
  const at = address?.lastIndexOf("@") ?? -1;
  if (!address || at < 0 || at === address.length - 1) return null;
  return address
    .slice(at + 1)
    .toLowerCase()
    .replace(/[>\s]+$/, "")
    .replace(/\.$/, "");
}

function sameOrganization(a: string | null, b: string): boolean {
  if (!a) return false;
  return organizationalDomain(a.toLowerCase()) === organizationalDomain(b.toLowerCase());
}

/**
 * Whether the From: domain's own infrastructure demonstrably sent this message, so that it may speak for
 * that domain on the domain's report: SPF passed for a MAIL FROM domain, or a DKIM signature covering the
 * From: field verified for a d=, that domain being in the From: domain's organizational domain (the relaxed
 * identifier alignment of RFC 7489 §3.1, whatever adkim/aspf say). The RFC 9989 §4.10 tree walk needs DNS
 * answers the stored analysis does not keep, so the public-suffix organizational domain stands in (the
 * DMARC check's helper, private suffixes included: foo.github.io does not vouch for bar.github.io).
 * Anyone can write any From: (RFC 5322 §3.6.2): a message that is neither must not fill the checklist.
 */
export function sentByFromDomain(m: MessageSection): boolean {
  const from = m.from.domain?.toLowerCase();
  // RFC 5322 §3.6: exactly one From: field; with several, whose domain it is cannot be said.
  if (!from || m.from.count !== 1) return false;
  const spf = m.spf;
  // RFC 7208 §2.4: the MAIL FROM identity; a null reverse-path (checked as the HELO name) does not count.
  if (spf?.result === "pass" && sameOrganization(domainOf(spf.mailFrom), from)) return true;
  return m.dkim.some(
    (s) =>
      s.result === "pass" &&
      // RFC 6376 §5.4: the From: field must be signed; a signature that does not cover it vouches for nothing.
      s.headers.includes("from") &&
      sameOrganization(s.domain, from),
  );
}

import { findingCatalogue } from "@/lib/findings/types";

const s = (v: unknown, fallback = ""): string => (typeof v === "string" ? v : fallback);
const text = (t: string) => () => ({ text: t });
const sig = (p: Record<string, unknown>) => `${s(p.selector)}._domainkey.${s(p.domain)}`;

/** Words and fixes for the findings of a received or pasted message (lib/mail/message/evaluate.ts). */
export const catalogue = findingCatalogue({
  "message.spf_fail": {
    severity: "high",
    title: "SPF failed for the sending IP",
    meaning:
      "The envelope sender's domain does not authorise the IP the message came from (RFC 7208 §2.6.4). Without a " +
      "passing, aligned DKIM signature, DMARC fails too.",
    describe: (p) => `SPF ${s(p.result)} for ${s(p.ip)} in ${s(p.domain)}'s record.`,
    fix: (ctx) => ({
      text: `Add the sending service (or ip4:${s(ctx.params.ip)}) to ${s(ctx.params.domain, "the envelope domain")}'s SPF record, or send through a server it already lists.`,
    }),
  },
  "message.spf_none": {
    severity: "medium",
    title: "SPF gave no verdict for the envelope sender",
    meaning:
      "The MAIL FROM domain has no SPF record, or it ends in ?all: receivers treat the message as unauthenticated by SPF.",
    describe: (p) => `SPF ${s(p.result)} for ${s(p.domain)}.`,
    fix: (ctx) => ({
      text: `Publish an SPF record for ${s(ctx.params.domain, "the envelope domain")} listing your sending services and ending in -all or ~all.`,
    }),
  },
  "message.spf_error": {
    severity: "medium",
    title: "SPF could not be evaluated",
    meaning:
      "The SPF record is broken (permerror) or its DNS lookups failed (temperror): receivers may defer or reject.",
    describe: (p) => `SPF ${s(p.result)} for ${s(p.domain)}${p.comment ? `: ${s(p.comment)}` : ""}.`,
    fix: (ctx) => ({
      text: `Run a domain check of ${s(ctx.params.domain, "the envelope domain")} and fix its SPF record.`,
    }),
  },
  "message.dkim_missing": {
    severity: "high",
    title: "The message has no DKIM signature",
    meaning:
      "Gmail, Yahoo and Microsoft require DKIM from bulk senders, and DKIM is the only authentication that survives forwarding.",
    fix: text(
      "Turn on DKIM signing in your sending service or MTA and publish its public key under <selector>._domainkey.<your domain>.",
    ),
  },
  "message.dkim_fail": {
    severity: "high",
    title: "A DKIM signature does not verify",
    meaning:
      "The signature's key is missing or the message changed after signing (body hash or header signature mismatch, RFC 6376 §6.1.3).",
    describe: (p) =>
      `d=${s(p.domain)} s=${s(p.selector)}: ${s(p.result)}${p.reason ? ` (${s(p.reason)})` : ""}.`,
    fix: (ctx) => ({
      text: `Check that ${sig(ctx.params)} publishes the key the signer uses, and that nothing (a footer, a link rewriter, a mailing list) alters the message after signing.`,
    }),
  },
  "message.dkim_key_too_short": {
    severity: "high",
    title: "A DKIM key is too short to be trusted",
    meaning: "Receivers ignore RSA keys under 1024 bits (RFC 8301 §3.2): the signature counts as failed.",
    describe: (p) => `${sig(p)} is a ${String(p.bits)}-bit RSA key.`,
    fix: (ctx) => ({
      text: `Generate a 2048-bit RSA key, publish it under a new selector and switch signing to it; then remove ${sig(ctx.params)}.`,
    }),
  },
  "message.dkim_key_weak": {
    severity: "low",
    title: "A DKIM key is 1024 bits",
    meaning: "1024-bit RSA is accepted but no longer recommended; 2048 bits is the norm (RFC 8301 §3.2).",
    describe: (p) => `${sig(p)} is a ${String(p.bits)}-bit RSA key.`,
    fix: (ctx) => ({ text: `Rotate ${sig(ctx.params)} to a 2048-bit key under a new selector.` }),
  },
  "message.dkim_body_length": {
    severity: "medium",
    title: "A DKIM signature covers only part of the body (l=)",
    meaning:
      "With l= anyone can append content after the signed length and the signature still verifies (RFC 6376 §8.2).",
    describe: (p) => `${sig(p)} signs the first ${String(p.length)} bytes of the body.`,
    fix: text("Turn off the body length limit (l=) in the signer's settings."),
  },
  "message.dkim_unverified": {
    severity: "info",
    title: "DKIM signatures cannot be verified from headers alone",
    meaning: "A signature covers the body too; paste or upload the whole message to verify it.",
  },
  "message.dkim_not_aligned": {
    severity: "medium",
    title: "No DKIM signature aligns with the From: domain",
    meaning:
      "DKIM passes, but for another domain (often the sending service's): DMARC only counts a signature whose d= matches the From: domain (RFC 7489 §3.1.1).",
    describe: (p) => `Signed by ${((p.domains as string[]) ?? []).join(", ")}; From: is ${s(p.fromDomain)}.`,
    fix: (ctx) => ({
      text: `Set up DKIM for ${s(ctx.params.fromDomain, "your From: domain")} in your sending service (custom domain signing).`,
    }),
  },
  "message.dmarc_missing": {
    severity: "high",
    title: "The From: domain has no DMARC record",
    meaning: "Gmail and Yahoo require a DMARC record from bulk senders (p=none at least).",
    describe: (p) => `No DMARC record at _dmarc.${s(p.fromDomain)} or its organizational domain.`,
    fix: (ctx) => ({
      text: "Publish a DMARC record, starting with p=none and a report address.",
      records: [
        {
          name: `_dmarc.${s(ctx.params.fromDomain, "example.com")}.`,
          type: "TXT",
          value: `v=DMARC1; p=none; rua=mailto:dmarc@${s(ctx.params.fromDomain, "example.com")}`,
        },
      ],
    }),
  },
  "message.dmarc_fail": {
    severity: "critical",
    title: "DMARC failed: neither SPF nor DKIM aligns with the From: domain",
    meaning:
      "Receivers apply the From: domain's policy: with p=reject the message is refused, with p=quarantine it goes to spam.",
    describe: (p) => `DMARC fail for ${s(p.fromDomain)} (policy ${s(p.policy, "none")}).`,
    fix: (ctx) => ({
      text: `Sign with DKIM as ${s(ctx.params.fromDomain, "the From: domain")}, or send with an envelope sender in that domain whose SPF authorises the server.`,
    }),
  },
  "message.dmarc_error": {
    severity: "medium",
    title: "DMARC could not be evaluated",
    meaning: "The DMARC record lookup failed temporarily: receivers may defer the message.",
    fix: (ctx) => ({
      text: `Run a domain check of ${s(ctx.params.fromDomain, "the From: domain")} to see why its DNS fails.`,
    }),
  },
  "message.arc_fail": {
    severity: "medium",
    title: "The ARC chain does not validate",
    meaning:
      "An intermediary sealed the message (RFC 8617) but the seals do not verify: receivers ignore the forwarded authentication results.",
    describe: (p) =>
      `ARC ${s(p.result)}; sealed by ${((p.sealers as string[]) ?? []).join(", ") || "unknown"}.`,
    fix: text(
      "Check the forwarder's ARC signing key in DNS, and that nothing modifies the message after it seals it.",
    ),
  },
  "message.ptr_missing": {
    severity: "high",
    title: "The sending IP has no reverse DNS",
    meaning: "Gmail rejects mail from IPs without a PTR record (550 5.7.25); others junk it.",
    describe: (p) => `${s(p.ip)} has no PTR record.`,
    fix: (ctx) => ({
      text: `Ask the owner of ${s(ctx.params.ip)} to set a PTR naming your mail server, and publish that name's A/AAAA record.`,
    }),
  },
  "message.fcrdns_mismatch": {
    severity: "high",
    title: "The sending IP's reverse DNS is not forward-confirmed",
    meaning:
      "The PTR name does not resolve back to the IP (FCrDNS, RFC 8601 iprev): Gmail answers 550 5.7.25.",
    describe: (p) => `${s(p.ip)} → ${((p.names as string[]) ?? []).join(", ")}, which does not resolve back.`,
    fix: (ctx) => ({
      text: `Publish an A/AAAA record for ${((ctx.params.names as string[]) ?? [])[0] ?? "the PTR name"} pointing at ${s(ctx.params.ip)}.`,
    }),
  },
  "message.helo_mismatch": {
    severity: "low",
    title: "HELO name differs from the IP's reverse name",
    meaning: "Receivers score a HELO that is not the server's forward-confirmed name as a weak spam signal.",
    describe: (p) => `HELO ${s(p.helo)}; ${s(p.ip)} is ${((p.names as string[]) ?? []).join(", ")}.`,
    fix: (ctx) => ({
      text: `Configure the server to greet with ${((ctx.params.names as string[]) ?? [])[0] ?? "its PTR name"}.`,
    }),
  },
  "message.no_tls": {
    severity: "high",
    title: "The message was sent without TLS",
    meaning:
      "Gmail requires TLS from bulk senders (421 4.7.29); mail in cleartext can be read and altered on the way.",
    fix: text("Enable opportunistic STARTTLS in your MTA (Postfix: smtp_tls_security_level = may)."),
  },
  "message.tls_old": {
    severity: "medium",
    title: "The message was sent with an old TLS version",
    meaning: "TLS 1.0 and 1.1 are deprecated (RFC 8996); receivers are dropping them.",
    describe: (p) => `Negotiated ${s(p.version)}.`,
    fix: text("Allow TLS 1.2 and 1.3 in your MTA's TLS settings and update its TLS library."),
  },
  "message.from_invalid": {
    severity: "high",
    title: "The From: header is missing, repeated or has no address",
    meaning:
      "RFC 5322 §3.6 requires exactly one From: with an address; Gmail rejects the message (550 5.7.1).",
    describe: (p) => `From: ${s(p.reason)}.`,
    fix: text("Send every message with exactly one From: header holding one valid address."),
  },
  "message.header_missing": {
    severity: "medium",
    title: "A required header field is missing",
    meaning: "RFC 5322 §3.6 requires Date; Message-ID is required by Gmail's sender guidelines.",
    describe: (p) => `No ${s(p.header)} header.`,
    fix: (ctx) => ({ text: `Make the sending application or MTA add a ${s(ctx.params.header)} header.` }),
  },
  "message.header_duplicate": {
    severity: "medium",
    title: "A header field that may appear once appears several times",
    meaning: "RFC 5322 §3.6 allows one Date, From, Subject...: Gmail rejects messages with duplicates.",
    describe: (p) => `More than one ${s(p.header)} header.`,
    fix: (ctx) => ({
      text: `Remove the extra ${s(ctx.params.header)} header (often added twice by an application and its MTA).`,
    }),
  },
  "message.header_invalid": {
    severity: "low",
    title: "A header field is malformed",
    meaning: "The value does not follow RFC 5322's syntax for that field.",
    describe: (p) => `${s(p.header)}: ${s(p.value)}.`,
    fix: (ctx) => ({
      text: `Generate ${s(ctx.params.header)} in RFC 5322 form (Message-ID: <unique@your-domain>; Date: RFC 5322 §3.3).`,
    }),
  },
  "message.unsubscribe_missing": {
    severity: "low",
    title: "No List-Unsubscribe header",
    meaning:
      "Bulk and marketing mail to Gmail and Yahoo must offer one-click unsubscribe (RFC 8058); transactional mail need not.",
    fix: text(
      "For bulk mail, add List-Unsubscribe: <https://...> and List-Unsubscribe-Post: List-Unsubscribe=One-Click, both signed by DKIM.",
    ),
  },
  "message.unsubscribe_not_https": {
    severity: "medium",
    title: "List-Unsubscribe has no HTTPS URI",
    meaning:
      "One-click unsubscribe (RFC 8058 §3.1) needs an HTTPS URI that accepts a POST; mailto: alone does not count.",
    fix: text("Add an HTTPS unsubscribe URI to List-Unsubscribe, next to any mailto: one."),
  },
  "message.one_click_missing": {
    severity: "medium",
    title: "No one-click unsubscribe (List-Unsubscribe-Post)",
    meaning:
      "Gmail and Yahoo require List-Unsubscribe-Post: List-Unsubscribe=One-Click on bulk mail (RFC 8058).",
    fix: text(
      "Add List-Unsubscribe-Post: List-Unsubscribe=One-Click and make the HTTPS URI unsubscribe on a POST.",
    ),
  },
  "message.one_click_unsigned": {
    severity: "medium",
    title: "One-click unsubscribe headers are not covered by DKIM",
    meaning:
      "RFC 8058 §4 requires a valid DKIM signature covering both List-Unsubscribe and List-Unsubscribe-Post.",
    fix: text("Add List-Unsubscribe and List-Unsubscribe-Post to the headers your DKIM signer signs (h=)."),
  },
  "message.not_rfc5322": {
    severity: "medium",
    title: "Line endings or lengths break RFC 5322",
    meaning:
      "Lines must end in CRLF and be at most 998 characters (RFC 5322 §2.1.1, §2.3); receivers reject or rewrite such mail, breaking DKIM.",
    describe: (p) =>
      p.code === "line_too_long" ? `A line of ${String(p.length)} characters.` : "Bare LF line endings.",
    fix: text("Encode long content (quoted-printable or base64) and let the MTA write CRLF line endings."),
  },
  "message.mime_malformed": {
    severity: "medium",
    title: "The MIME structure is malformed",
    meaning:
      "A multipart without its boundary, a missing close delimiter or undeclared 8-bit content (RFC 2045, 2046): clients may show it wrongly and filters score it as spam.",
    describe: (p) => `${s(p.code)}${p.path ? ` in part ${s(p.path)}` : ""}.`,
    fix: text(
      "Build messages with a MIME library rather than by hand, and declare Content-Transfer-Encoding for 8-bit text.",
    ),
  },
  "message.no_text_part": {
    severity: "low",
    title: "HTML only, no plain-text part",
    meaning:
      "Spam filters score HTML-only mail higher; a text/plain alternative (multipart/alternative) avoids it.",
    fix: text("Send multipart/alternative with a text/plain version of the HTML."),
  },
  "message.too_large": {
    severity: "medium",
    title: "The message is larger than Gmail accepts",
    meaning: "Gmail refuses messages over 25 MB (552 5.3.4), encoding included.",
    describe: (p) => `${Math.round(Number(p.size) / 1024 / 1024)} MB.`,
    fix: text("Link large files instead of attaching them."),
  },
  "message.auth_error": {
    severity: "info",
    title: "Authentication could not read the message",
    meaning: "The message could not be authenticated as given; its other facts are still reported.",
  },
  "message.headers_only": {
    severity: "info",
    title: "Headers only",
    meaning: "Only a header section was given: the body (DKIM body hash, MIME tree) could not be checked.",
  },
});

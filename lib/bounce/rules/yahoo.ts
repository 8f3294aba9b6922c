import { defineRules } from "@/lib/bounce/rules/defaults";

/**
 * Yahoo / AOL (one platform since 2017). Bracketed tags carry the meaning: TSS04/TSS11/TS01–TS03 are
 * reputation deferrals ("unexpected volume or user complaints"), TSS09 a permanent deferral, BL21–BL23
 * a blocklist hit (Spamhaus), PH01 a phishing verdict. Reference: senders.yahooinc.com "SMTP error codes";
 * AOL's older "(RTR:BL)"-style tags.
 */
const SENDER_HUB =
  "Yahoo Sender Hub (senders.yahooinc.com) explains the code and offers a contact form once the cause is fixed.";

export const YAHOO_RULES = defineRules([
  {
    id: "yahoo.tss09",
    provider: "yahoo",
    // TSS09: every message from the IP is refused for good ("Retrying will NOT succeed"): the IP is on
    // Yahoo's own block list (sisimai: blocked).
    reason: "blocked",
    retry: false,
    match: { text: [/\bTSS09\b|permanently deferred|will NOT succeed/i] },
    blocklist: { name: "Yahoo block list", lookupUrl: "https://senders.yahooinc.com/contact" },
    fixFirst: [SENDER_HUB],
    sample: {
      text: "421 4.7.0 [TSS09] All messages from 192.0.2.10 will be permanently deferred; Retrying will NOT succeed. See https://senders.yahooinc.com/error-codes",
      replyCode: 421,
      enhancedCode: "4.7.0",
    },
  },
  {
    id: "yahoo.spamhaus",
    provider: "yahoo",
    reason: "blocked",
    match: { text: [/\[BL2\d\]|Spamhaus's list|in Spamhaus/i] },
    blocklist: { name: "Spamhaus (via Yahoo)", lookupUrl: "https://check.spamhaus.org/" },
    sample: {
      text: "553 5.7.1 [BL21] Connections will not be accepted from 192.0.2.10, because the ip is in Spamhaus's list; see https://senders.yahooinc.com/error-codes",
      replyCode: 553,
      enhancedCode: "5.7.1",
    },
  },
  {
    id: "yahoo.tss-deferred",
    provider: "yahoo",
    // TSS04 and its kin: deferred for "unexpected volume or user complaints", i.e. the IP's or domain's
    // reputation (sisimai: badreputation). Nothing is wrong with the sender address.
    reason: "badreputation",
    match: {
      text: [
        /\bTSS?0[1-8]\b|\bTSS1[0-9]\b|unexpected volume or user complaints|temporarily deferred due to (?:user complaints|unexpected volume)|deferred due to user complaints/i,
      ],
    },
    fixFirst: [
      SENDER_HUB,
      "Join Yahoo's complaint feedback loop and suppress complainers; slow down until the deferrals stop.",
    ],
    sample: {
      text: "421 4.7.0 [TSS04] Messages from 192.0.2.10 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://senders.yahooinc.com/error-codes",
      replyCode: 421,
      enhancedCode: "4.7.0",
    },
  },
  {
    id: "yahoo.unauthenticated",
    provider: "yahoo",
    reason: "authfailure",
    match: {
      text: [/sender is unauthenticated|authenticate with (?:either )?SPF or DKIM|DMARC|DKIM|\bSPF\b/i],
    },
    fixFirst: [
      "Yahoo requires SPF or DKIM on all mail, and DMARC with alignment for bulk senders (since February 2024).",
    ],
    sample: {
      text: "550 5.7.9 This mail has been blocked because the sender is unauthenticated. Yahoo requires all senders to authenticate with either SPF or DKIM.",
      replyCode: 550,
      enhancedCode: "5.7.9",
      expect: { provider: "yahoo" },
    },
  },
  // "Not accepted for policy reasons" is sisimai's policyviolation even when tagged PH01; "headers are not RFC
  // compliant" and an unresolvable RFC 5321 (envelope) domain are notcompliantrfc and rejected.
  {
    id: "yahoo.policy-reasons",
    provider: "yahoo",
    reason: "policyviolation",
    match: { text: [/not accepted for policy reasons/i] },
    sample: {
      text: "554 5.7.9 [PH01] Email not accepted for policy reasons. Please visit https://senders.yahooinc.com/error-codes",
      replyCode: 554,
      enhancedCode: "5.7.9",
    },
  },
  {
    id: "yahoo.unresolvable-from",
    provider: "yahoo",
    reason: "rejected",
    match: { text: [/unresolvable RFC\.?5321/i] },
    sample: {
      text: "451 Message temporarily deferred due to unresolvable RFC.5321 from domain. See https://senders.yahooinc.com/error-codes#unresolvable-from-domain",
      replyCode: 451,
    },
  },
  {
    id: "yahoo.phishing",
    provider: "yahoo",
    reason: "spamdetected",
    match: { text: [/\bPH0\d\b|phishing|content which was considered spam|message content/i] },
    sample: {
      text: "554 5.7.9 [PH01] Message rejected: it contains content which was considered spam. Please visit https://senders.yahooinc.com/error-codes",
      replyCode: 554,
      enhancedCode: "5.7.9",
    },
  },
  {
    id: "yahoo.policy-579",
    provider: "yahoo",
    reason: "authfailure",
    match: { enhanced: ["5.7.9", "5.7.5"] },
    sample: {
      text: "554 5.7.9 Message not accepted.  See https://senders.yahooinc.com/error-codes",
      replyCode: 554,
      enhancedCode: "5.7.9",
    },
  },
  {
    id: "yahoo.no-account",
    provider: "yahoo",
    reason: "userunknown",
    match: {
      text: [
        /doesn't have a (?:yahoo|aol)\.com account|mailbox not found|user doesn't exist|not a valid (?:yahoo|aol)/i,
      ],
    },
    sample: {
      text: "554 delivery error: dd This user doesn't have a yahoo.com account (someone@yahoo.com) [0] - mta1023.mail.gq1.yahoo.com",
      replyCode: 554,
    },
  },
  {
    id: "yahoo.disabled",
    provider: "yahoo",
    reason: "suspend",
    match: { text: [/mailbox is disabled|account is disabled|\(554\.30\)|inactive|is no longer valid/i] },
    sample: {
      text: "554 delivery error: dd Sorry your message to someone@yahoo.com cannot be delivered. This mailbox is disabled (554.30). - mta1010.mail.ne1.yahoo.com",
      replyCode: 554,
    },
  },
  {
    id: "yahoo.over-quota",
    provider: "yahoo",
    reason: "mailboxfull",
    match: { text: [/over quota|mailbox is full|mailbox full/i] },
    sample: {
      text: "552 1 Requested mail action aborted, mailbox is full - mta1204.mail.ir2.yahoo.com",
      replyCode: 552,
    },
  },
  {
    id: "aol.rtr-blocked",
    provider: "yahoo",
    reason: "blocked",
    match: {
      text: [/\((?:RTR|HVU|DYN|IPTS|RLY):(?:BL|B1|B2|T1|T2|TR|DU|FC|IP|NR|01|04|B3)\)|AOL will not accept/i],
    },
    blocklist: { name: "AOL block list", lookupUrl: "https://senders.yahooinc.com/contact" },
    sample: {
      text: "554 5.7.1 :  (RTR:BL) https://postmaster.aol.com/error-codes#554rtrbl",
      replyCode: 554,
      enhancedCode: "5.7.1",
    },
  },
  {
    id: "yahoo.deferred-generic",
    provider: "yahoo",
    reason: "badreputation",
    match: { text: [/temporarily deferred|deferred - 4\.16/i] },
    sample: {
      text: "421 Message from (192.0.2.10) temporarily deferred - 4.16.50. Please refer to https://senders.yahooinc.com/error-codes",
      replyCode: 421,
    },
  },
  {
    id: "yahoo.too-many-conn",
    provider: "yahoo",
    reason: "toomanyconn",
    match: { text: [/too many (?:concurrent )?connections|max connections/i] },
    sample: {
      text: "421 4.7.0 Too many concurrent connections from 192.0.2.10 to mta6.am0.yahoodns.net",
      replyCode: 421,
      enhancedCode: "4.7.0",
    },
  },
]);

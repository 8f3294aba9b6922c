import { describe, expect, it } from "vitest";
import { diagnose } from "@/lib/bounce/diagnose";

/**
 * Provider replies as their postmaster pages print them (Gmail "SMTP errors and codes", Microsoft 365
 * "Email non-delivery reports", Yahoo "SMTP error codes"), with the verdict each must get.
 */
const CASES: {
  text: string;
  reason: string;
  family: string;
  retry?: boolean;
  senderDomain?: string | null;
  meaning?: RegExp;
  noDelisting?: boolean;
}[] = [
  {
    text: "421 4.7.0 [TSS04] Messages from 203.0.113.45 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes",
    reason: "badreputation",
    family: "reputation",
    retry: true,
  },
  {
    text: "421 4.7.0 [TSS09] All messages from 203.0.113.45 will be permanently deferred; Retrying will NOT succeed. See https://postmaster.yahooinc.com/error-codes",
    reason: "blocked",
    family: "reputation",
    retry: false,
  },
  {
    text: "553 5.7.9 Message not accepted for policy reasons. See https://postmaster.yahooinc.com/error-codes",
    reason: "policyviolation",
    family: "policy",
    meaning: /policy reasons/,
  },
  {
    text: "421-4.7.28 [203.0.113.45 15] Gmail has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited. For more information, go to https://support.google.com/mail/?p=UnsolicitedRateLimitError - gsmtp",
    reason: "blocked",
    family: "reputation",
    retry: true,
    noDelisting: true,
    meaning: /unsolicited/,
  },
  {
    text: "550-5.7.25 [203.0.113.45] The IP address sending this message does not have a PTR record setup, or the corresponding forward DNS entry does not point to the sending IP. As a policy, Gmail does not accept messages from IPs with missing PTR records. - gsmtp",
    reason: "requireptr",
    family: "authentication",
  },
  {
    text: "550-5.7.26 Unauthenticated email from example.com is not accepted due to domain's DMARC policy. Please contact the administrator of example.com domain if this was a legitimate mail. To learn about the DMARC initiative, go to https://support.google.com/mail/?p=DmarcRejection - gsmtp",
    reason: "authfailure",
    family: "authentication",
    senderDomain: "example.com",
  },
  {
    text: "550-5.7.27 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM. Authentication results: SPF domain = example.com SPF result = none - gsmtp",
    reason: "authfailure",
    family: "authentication",
    senderDomain: "example.com",
    meaning: /SPF/,
  },
  {
    text: "550-5.7.29 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM. Authentication results: DKIM = did not pass SPF [example.com] with ip: [203.0.113.45] = did not pass - gsmtp",
    reason: "authfailure",
    family: "authentication",
    senderDomain: "example.com",
    meaning: /Gmail/,
  },
  {
    text: "550-5.7.30 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM. Authentication results: DKIM domain = example.com DKIM result = fail - gsmtp",
    reason: "authfailure",
    family: "authentication",
    senderDomain: "example.com",
    meaning: /DKIM/,
  },
  {
    text: "552-5.2.2 The email account that you tried to reach is over quota. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaPerm - gsmtp",
    reason: "mailboxfull",
    family: "mailbox_state",
    retry: true,
  },
  {
    text: "550 5.7.515 Access denied, sending domain example.com doesn't meet the required authentication level. The sender's domain in the 5322.From address doesn't meet the authentication requirements defined for the sender.",
    reason: "authfailure",
    family: "authentication",
    senderDomain: "example.com",
  },
  {
    text: "550 5.7.509 Access denied, sending domain example.com does not pass DMARC verification and has a DMARC policy of reject.",
    reason: "authfailure",
    family: "authentication",
    senderDomain: "example.com",
  },
  {
    text: "550 5.7.1 Unfortunately, messages from [203.0.113.45] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3140). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors.",
    reason: "blocked",
    family: "reputation",
  },
  {
    text: "550 5.7.1 Unfortunately, messages from [203.0.113.45] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors.",
    reason: "blocked",
    family: "reputation",
  },
  {
    text: "550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP. For more information please go to http://go.microsoft.com/fwlink/?LinkId=526653",
    reason: "blocked",
    family: "reputation",
  },
  {
    text: "451 4.7.650 The mail server [203.0.113.45] has been temporarily rate limited due to IP reputation. For e-mail delivery information, see https://postmaster.live.com (S775) [Name=Protocol Filter Agent][AGT=PFA][MxId=11BB11A1B2C3D4E5] [BN1NAM02FT012.eop-nam02.prod.protection.outlook.com]",
    reason: "badreputation",
    family: "reputation",
    retry: true,
  },
  {
    text: "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient someone@contoso.com not found by SMTP address lookup",
    reason: "userunknown",
    family: "mailbox",
    meaning: /Recipient not found/,
  },
];

describe("provider wording", () => {
  it.each(CASES.map((c) => [c.text.slice(0, 40), c] as const))("%s", (_t, c) => {
    const d = diagnose(c.text);
    expect([d.reason, d.family]).toEqual([c.reason, c.family]);
    if (c.retry !== undefined) expect(d.retry).toBe(c.retry);
    if (c.senderDomain !== undefined) expect(d.senderDomain).toBe(c.senderDomain);
    if (c.meaning) expect(d.enhancedMeaning).toMatch(c.meaning);
    if (c.noDelisting) {
      expect(d.blocklist).toBeNull();
      expect(`${d.action} ${d.fix.join(" ")}`).not.toMatch(/delist/i);
    }
    // The advice agrees with the retry flag.
    if (d.retry === false) expect(d.action).not.toMatch(/^retry/i);
  });

  it("does not take a host or an IP for the sender's domain", () => {
    expect(diagnose("550 5.7.1 Connection from mx.example.net [192.0.2.1] refused").senderDomain).toBeNull();
    expect(diagnose("421 4.7.0 Messages from 192.0.2.1 temporarily deferred").senderDomain).toBeNull();
  });
});

import type { Finding } from "@/lib/checks/types";
import type { MimePart, MimeProblem } from "./parse";

/** What only the SMTP transport knows about a received message. */
export interface Envelope {
  clientIp: string;
  helo: string | null;
  mailFrom: string | null;
  rcptTo: string[];
  /** Null when the message came in without TLS. */
  tls: { version: string | null; cipher: string | null } | null;
  /** Set when the connection was described by hand (CLI --ip): whether TLS was used is not known. */
  tlsUnknown?: true;
}

export type AuthResult =
  "pass" | "fail" | "softfail" | "neutral" | "none" | "temperror" | "permerror" | "policy";

export interface DkimSignatureReport {
  domain: string;
  selector: string;
  result: AuthResult;
  /** mailauth's explanation when not "pass" ("body hash did not verify", ...). */
  comment: string | null;
  algorithm: string | null;
  keyBits: number | null;
  /** Header fields the signature covers (h=), lower-cased, in order. */
  headers: string[];
  /** l=: the body length the signature covers, or null (the whole body). */
  bodyLength: number | null;
  /** Aligned with the From: domain (RFC 7489 §3.1.1, relaxed unless adkim=s). */
  aligned: boolean;
}

export interface ProviderRule {
  provider: "gmail" | "yahoo" | "microsoft";
  /** Stable id, e.g. "gmail.authenticated". */
  rule: string;
  title: string;
  status: "pass" | "fail" | "unknown";
  /** Who it applies to: every sender, or bulk senders (5,000+ a day to that provider). */
  appliesTo: "all" | "bulk";
  /** On failure: the reply the provider gives, its reply and enhanced code. */
  replyCode?: number;
  enhancedCode?: string;
  reply?: string;
}

export interface MessageSection {
  /** "smtp": received by the inbox (the transport is known); "upload": a pasted or uploaded message. */
  source: "smtp" | "upload";
  headerOnly: boolean;
  envelope: Envelope | null;
  from: { address: string | null; domain: string | null; count: number };
  subject: string | null;
  messageId: string | null;
  date: string | null;
  size: number;
  headerSize: number;
  mime: MimePart | null;
  mimeProblems: MimeProblem[];
  textParts: number;
  htmlParts: number;
  attachments: number;
  spf: {
    result: AuthResult;
    domain: string | null;
    mailFrom: string | null;
    helo: string | null;
    ip: string | null;
    record: string | null;
    comment: string | null;
  } | null;
  dkim: DkimSignatureReport[];
  dmarc: {
    result: AuthResult;
    fromDomain: string | null;
    policy: string | null;
    record: string | null;
    spfAligned: boolean;
    dkimAligned: boolean;
    comment: string | null;
  } | null;
  arc: { result: AuthResult; instances: number; sealers: string[]; comment: string | null };
  fcrdns: { ip: string; names: string[]; confirmed: boolean | null; heloMatches: boolean | null } | null;
  unsubscribe: {
    uris: string[];
    https: boolean;
    oneClick: boolean;
    /** Both List-Unsubscribe and List-Unsubscribe-Post covered by a passing, aligned DKIM signature. */
    signed: boolean;
  };
  providers: ProviderRule[];
  /** The Authentication-Results value mailauth would add (RFC 8601), for reference. */
  authenticationResults: string | null;
  findings: Finding[];
  status: "pass" | "warn" | "fail";
}

/**
 * The JSON shapes the SPF check puts in `CheckResult.records` (types only, safe to import from components:
 * the report page draws the tree and the lookup budget from these).
 */
import type { DnsStatus, RRType } from "@/lib/dns/types";
import type { Qualifier, SpfSyntaxError } from "./parse";

/** RFC 7208 §4.6.4. */
export const LOOKUP_LIMIT = 10;
/** RFC 7208 §4.6.4: "SPF implementations SHOULD limit void lookups to two". */
export const VOID_LIMIT = 2;
/** RFC 7208 §4.6.4: an "mx" (or "ptr") term MUST NOT look up more than 10 address records. */
export const MX_NAME_LIMIT = 10;
/** RFC 7208 §3.4: keep the record small enough that the whole answer fits a 512-byte UDP response. */
export const RECORD_SIZE_ADVICE = 450;

/** A DNS-mechanism target that did not exist: NXDOMAIN or an empty answer (RFC 7208 §4.6.4). */
export interface SpfVoidLookup {
  /** The record the term is in. */
  domain: string;
  /** The term that caused the lookup, as written ("a:old.example.com"). */
  term: string;
  /** The name asked. */
  target: string;
  type: RRType;
  status: Extract<DnsStatus, "nxdomain" | "nodata">;
}

export interface SpfTermView {
  text: string;
  /** 1-based column in the record. */
  column: number;
  kind: "mechanism" | "modifier";
  /** Mechanism or modifier name, lower-case. */
  name: string;
  qualifier?: Qualifier;
  /** The domain the term looks up (include/redirect/a/mx/exists/ptr), when it has one. */
  target?: string;
  /** The target contains macros: it depends on the message and is not followed here. */
  macro?: boolean;
  /** Cost against the limit of 10 (RFC 7208 §4.6.4). */
  lookups: number;
  /** A redirect ignored because the record has an "all" (§6.1). */
  ignored?: boolean;
  valid: boolean;
  /** The lookup came back empty (counts against the void limit of 2). */
  void?: boolean;
  /** The lookup could not be answered (timeout, SERVFAIL, REFUSED). */
  dnsError?: { name: string; type: RRType; status: DnsStatus; detail?: string };
  /** a/exists: addresses found; mx: the addresses of all its hosts. */
  addresses?: string[];
  /** mx: the exchange names found. */
  mxNames?: string[];
  /** ptr, when the client's address is known: the names its PTR lookup gave (at most 10 are used). */
  ptrNames?: string[];
}

export type SpfNodeStatus =
  /** An SPF record was found and parsed. */
  | "ok"
  /** The domain has no SPF record (NXDOMAIN, no TXT, or no v=spf1 TXT). */
  | "none"
  /** The domain has several v=spf1 records (permerror, §4.5). */
  | "multiple"
  /** The TXT lookup failed (timeout, SERVFAIL, REFUSED). */
  | "error"
  /** The domain is already on the path from the root: evaluating it would loop. */
  | "loop"
  /** The target contains macros and depends on the message. */
  | "macro"
  /** Not expanded: the tree is too deep or too large to be evaluated by any receiver anyway. */
  | "truncated";

export interface SpfNode {
  domain: string;
  via: "root" | "include" | "redirect";
  /** The parent's term that led here. */
  term?: string;
  status: SpfNodeStatus;
  record: string | null;
  /** Record length in bytes. */
  bytes?: number;
  terms: SpfTermView[];
  /** This record's own DNS-mechanism count. */
  lookups: number;
  /** This record's count plus everything its includes and redirect pull in. */
  totalLookups: number;
  /** Void lookups caused by this record's own terms. */
  voids: SpfVoidLookup[];
  errors: SpfSyntaxError[];
  children: SpfNode[];
  /** The same include/redirect target appears elsewhere in the tree too. */
  duplicate?: boolean;
  /** Why the TXT lookup failed, for status "error". */
  dnsError?: { status: DnsStatus; detail?: string };
  /** All v=spf1 records found, for status "multiple". */
  records?: string[];
}

export interface SpfVerdict {
  ip: string;
  sender: string;
  helo: string;
  /** RFC 7208 §2.6 result: pass, fail, softfail, neutral, none, temperror, permerror. */
  result: string;
  /** The evaluator's explanation (Received-SPF comment). */
  explanation?: string;
  /** For a fail: the domain's own explanation (its exp= TXT, macros expanded; RFC 7208 §6.2). */
  exp?: string;
  /** The record the verdict came from. */
  record?: string;
  /** The mechanism that matched, when known. */
  mechanism?: string;
  /** The evaluator's own lookup counts. */
  lookups?: { count: number; limit: number; void: number };
}

export interface SpfRecords {
  kind: "spf";
  domain: string;
  /** The v=spf1 TXT records at the domain, as published. */
  records: string[];
  /** Leftover Sender ID (spf2.0) records at the domain. */
  legacy: string[];
  /** The include/redirect tree (null when the domain has no single SPF record to follow). */
  tree: SpfNode | null;
  totals: {
    lookups: number;
    lookupLimit: number;
    voids: number;
    voidLimit: number;
    /** Records fetched to build the tree. */
    nodes: number;
  };
  verdict?: SpfVerdict;
}

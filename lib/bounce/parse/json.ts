import type { ParsedBounce } from "@/lib/bounce/types";
import { cleanHost, domainOf, normalizeAddress, normalizeIp } from "./addr";
import { MAX_RECIPIENTS } from "./limits";
import { parseReply } from "./reply";

/**
 * ESP bounce events pasted as JSON (Amazon SES notifications, Mailgun events, SendGrid and Postmark
 * webhooks): each object naming a recipient next to a reply/reason becomes one result. Keys are matched
 * loosely (case and punctuation ignored), since every ESP spells them its own way.
 */
const MAX_JSON_CHARS = 2 * 1024 * 1024;
const MAX_NODES = 20_000;

const RCPT_KEYS = new Set(["emailaddress", "email", "recipient", "address", "rcpt", "to", "recipientemail"]);
const DIAG_KEYS = [
  "diagnosticcode",
  "smtpresponse",
  "response",
  "reason",
  "details",
  "message",
  "description",
  "error",
  "bouncereason",
];
const STATUS_KEYS = ["enhancedcode", "status", "statuscode", "bouncecode", "code", "smtpcode"];
const SENDER_KEYS = new Set(["source", "sender", "from", "mailfrom", "returnpath"]);
const IP_KEYS = new Set(["sourceip", "sendingip", "ip", "senderip", "clientip"]);
const MTA_KEYS = new Set(["mxhost", "remotemta", "remotemx", "mx"]);
const ACTION_KEYS = ["action"];
const TYPE_KEYS = ["bouncetype", "type", "severity", "event"];

type Obj = Record<string, unknown>;
const norm = (k: string) => k.toLowerCase().replace(/[^a-z0-9]/g, "");

function field(o: Obj, keys: readonly string[]): string | null {
  const entries = Object.entries(o);
  for (const k of keys) {
    for (const [key, v] of entries) {
      if (norm(key) !== k) continue;
      if (typeof v === "string" && v.trim()) return v.trim();
      if (typeof v === "number") return String(v);
    }
  }
  return null;
}

/** Try the text as JSON; null when it is not JSON or names no bounce. */
export function parseJsonInput(text: string): ParsedBounce[] | null {
  const s = text.trim();
  if (!/^[[{]/.test(s) || s.length > MAX_JSON_CHARS) return null;
  let root: unknown;
  try {
    root = JSON.parse(s);
  } catch {
    return null;
  }
  let senderDomain: string | null = null;
  let sendingIp: string | null = null;
  let remoteMta: string | null = null;
  const rcptObjs: { o: Obj; parents: Obj[] }[] = [];
  const stack: { v: unknown; parents: Obj[] }[] = [{ v: root, parents: [] }];
  let nodes = 0;
  while (stack.length && nodes++ < MAX_NODES) {
    const { v, parents } = stack.pop()!;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], parents });
      continue;
    }
    if (!v || typeof v !== "object") continue;
    const o = v as Obj;
    for (const [k, val] of Object.entries(o)) {
      const nk = norm(k);
      if (typeof val === "string") {
        if (SENDER_KEYS.has(nk) && !senderDomain) senderDomain = domainOf(normalizeAddress(val));
        if (IP_KEYS.has(nk) && !sendingIp) sendingIp = normalizeIp(val);
        if (MTA_KEYS.has(nk) && !remoteMta) remoteMta = cleanHost(val);
        if (
          RCPT_KEYS.has(nk) &&
          normalizeAddress(val) &&
          rcptObjs.length < MAX_RECIPIENTS &&
          !rcptObjs.some((r) => r.o === o)
        )
          rcptObjs.push({ o, parents });
      } else if (val && typeof val === "object") {
        stack.push({ v: val, parents: [o, ...parents].slice(0, 8) });
      }
    }
  }
  if (rcptObjs.length === 0) return null;
  const out: ParsedBounce[] = [];
  for (const { o, parents } of rcptObjs) {
    // The reply may sit in the recipient's object, in a nested "delivery-status" object, or in a parent.
    const nested = Object.values(o).filter(
      (v): v is Obj => !!v && typeof v === "object" && !Array.isArray(v),
    );
    const scopes = [o, ...nested, ...parents];
    let diag: string | null = null;
    let status: string | null = null;
    for (const sc of scopes) {
      diag ??= field(sc, DIAG_KEYS);
      status ??= field(sc, STATUS_KEYS);
    }
    const recipient = normalizeAddress(field(o, [...RCPT_KEYS]));
    if (!diag && !status) continue;
    const enhanced = status && /^[245]\.\d{1,3}\.\d{1,3}$/.test(status) ? status : null;
    const code = status && /^[2-5][0-5]\d$/.test(status) ? Number(status) : null;
    const r = parseReply(diag ?? "");
    let action: string | null = null;
    let type: string | null = null;
    for (const sc of scopes) {
      action ??= field(sc, ACTION_KEYS);
      type ??= field(sc, TYPE_KEYS);
    }
    out.push({
      replyCode: r.replyCode ?? code,
      enhancedCode:
        r.enhancedCode ?? enhanced ?? (diag ? null : status && /^[245]\.\d/.test(status) ? status : null),
      text: r.text,
      stage: r.stage,
      recipient,
      senderDomain,
      sendingIp,
      remoteMta: r.remoteMta ?? remoteMta,
      dsnAction: action?.toLowerCase() ?? null,
      hints: type ? [`esp-type: ${type.slice(0, 60)}`] : [],
    });
  }
  return out.length ? out : null;
}

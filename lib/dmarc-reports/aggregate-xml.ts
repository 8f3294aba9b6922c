import { canonicalName } from "@/lib/dns/names";
import { isIP } from "node:net";
import { SaxesParser, type SaxesTagNS } from "saxes";
import { ReportReadError } from "./errors";
import type { AggregateMeta, AggregateRecord, PublishedPolicy } from "./types";

/** RFC 9990 §A (the XML schema) puts its elements in this namespace; RFC 7489 reports use none. */
const RFC9990_NS = "urn:ietf:params:xml:ns:dmarc-2.0";
/** A text node longer than this is not a report field: refuse it rather than buffer it. */
const MAX_TEXT = 64 * 1024;

interface RecordDraft {
  sourceIp?: string;
  count?: string;
  disposition?: string;
  dkim?: string;
  spf?: string;
  reasons: string[];
  headerFrom?: string;
  envelopeFrom?: string;
  envelopeTo?: string;
  dkimResults: { domain?: string; selector?: string; result?: string }[];
  spfResults: { domain?: string; scope?: string; result?: string }[];
}

const newRecord = (): RecordDraft => ({ reasons: [], dkimResults: [], spfResults: [] });

/**
 * A push parser for one DMARC aggregate report (RFC 7489 appendix C, RFC 9990 appendix A): bytes in,
 * records out as they close, so a report of any size is read in constant memory. The header (`meta`) is
 * known once report_metadata and policy_published have been read, which the schema puts before the
 * records. Every problem throws ReportReadError naming the element and, for records, their ordinal.
 */
export class AggregateXmlReader {
  meta: AggregateMeta | null = null;
  /** Records read and not yet taken by the caller (see `take`). */
  pending: AggregateRecord[] = [];
  recordCount = 0;
  messageCount = 0;
  readonly warnings: string[] = [];

  private readonly parser = new SaxesParser({ xmlns: true });
  private readonly decoder = new TextDecoder("utf-8", { fatal: false });
  private readonly path: string[] = [];
  private text = "";
  private started = false;
  private replacedBytes = false;
  private rootSeen = false;
  private namespace: string | null = null;
  private metaFields: Record<string, string> = {};
  private policyFields: Record<string, string> = {};
  private metadataClosed = false;
  private policyClosed = false;
  private record: RecordDraft | null = null;

  constructor() {
    this.parser.on("opentag", (tag) => this.open(tag));
    this.parser.on("closetag", () => this.close());
    this.parser.on("text", (t) => this.addText(t));
    this.parser.on("cdata", (t) => this.addText(t));
    this.parser.on("error", (e) => {
      throw new ReportReadError(`invalid XML: ${e.message}`);
    });
  }

  write(chunk: Uint8Array): void {
    let s = this.decoder.decode(chunk, { stream: true });
    if (!this.started) {
      // Leading white space before the XML declaration is a fatal error in XML 1.0 §2.8, but some
      // reporters send it: drop it rather than the report.
      s = s.replace(/^\s+/, "");
      if (s.length === 0) return;
      this.started = true;
    }
    this.feed(s);
  }

  end(): void {
    const rest = this.decoder.decode();
    if (rest) this.feed(rest);
    if (!this.started) throw new ReportReadError("the file is empty");
    this.parser.close();
    if (!this.rootSeen) throw new ReportReadError("no XML element found");
    if (!this.meta) this.finishMeta(true);
    if (this.recordCount === 0) this.warnings.push("the report has no <record>: no messages were reported");
  }

  /** Hands over the records read so far. */
  take(): AggregateRecord[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }

  private feed(s: string): void {
    if (!this.replacedBytes && s.includes("\uFFFD")) {
      this.replacedBytes = true;
      this.warnings.push("bytes that are not valid UTF-8 were replaced with U+FFFD");
    }
    this.parser.write(s);
  }

  private open(tag: SaxesTagNS): void {
    const name = tag.local;
    if (this.path.length === 0) {
      if (this.rootSeen) throw new ReportReadError("more than one root element");
      this.rootSeen = true;
      if (name !== "feedback")
        throw new ReportReadError(
          `not a DMARC aggregate report: the root element is <${tag.name}>, not <feedback>`,
        );
      this.namespace = tag.uri || null;
    }
    this.path.push(name);
    this.text = "";
    const p = this.path;
    if (p.length === 2 && name === "record") {
      this.finishMeta(false);
      this.record = newRecord();
    } else if (this.record && p.length === 4 && p[2] === "auth_results") {
      if (name === "dkim") this.record.dkimResults.push({});
      else if (name === "spf") this.record.spfResults.push({});
    }
  }

  private addText(t: string): void {
    if (this.text.length + t.length > MAX_TEXT)
      throw new ReportReadError(`<${this.path.join("/")}> holds more than ${MAX_TEXT} characters`);
    this.text += t;
  }

  private close(): void {
    const p = this.path;
    const value = this.text.trim();
    this.text = "";
    const key = p.slice(1).join("/");
    const r = this.record;
    if (p[1] === "report_metadata") {
      if (p.length === 2) this.metadataClosed = true;
      else if (p.length === 3 || (p.length === 4 && p[2] === "date_range"))
        this.metaFields[p.slice(2).join("/")] = value;
    } else if (p[1] === "policy_published") {
      if (p.length === 2) this.policyClosed = true;
      else if (p.length === 3) this.policyFields[p[2]!] = value;
    } else if (r) {
      switch (key) {
        case "record":
          this.finishRecord(r);
          this.record = null;
          break;
        case "record/row/source_ip":
          r.sourceIp = value;
          break;
        case "record/row/count":
          r.count = value;
          break;
        case "record/row/policy_evaluated/disposition":
          r.disposition = value;
          break;
        case "record/row/policy_evaluated/dkim":
          r.dkim = value;
          break;
        case "record/row/policy_evaluated/spf":
          r.spf = value;
          break;
        case "record/row/policy_evaluated/reason/type":
          if (value) r.reasons.push(value);
          break;
        case "record/identifiers/header_from":
          r.headerFrom = value;
          break;
        case "record/identifiers/envelope_from":
          r.envelopeFrom = value;
          break;
        case "record/identifiers/envelope_to":
          r.envelopeTo = value;
          break;
        default:
          if (p.length === 5 && p[2] === "auth_results") {
            const list = p[3] === "dkim" ? r.dkimResults : p[3] === "spf" ? r.spfResults : null;
            const entry = list?.[list.length - 1] as Record<string, string> | undefined;
            if (entry) entry[p[4]!] = value;
          }
      }
    }
    p.pop();
  }

  private finishMeta(atEnd: boolean): void {
    if (this.meta) return;
    const m = this.metaFields;
    const missing = (what: string) => new ReportReadError(`not a usable DMARC aggregate report: ${what}`);
    if (!this.metadataClosed) throw missing("<report_metadata> is missing or comes after the records");
    if (!this.policyClosed && !atEnd)
      throw missing("<policy_published> is missing or comes after the records");
    if (!this.policyClosed) throw missing("<policy_published> is missing");
    const email = m["email"] || null;
    let orgName = m["org_name"] ?? "";
    if (!orgName) {
      // Some reporters leave org_name empty; the contact address still says who they are.
      const at = email?.lastIndexOf("@") ?? -1;
      if (email && at > 0) {
        orgName = email.slice(at + 1).toLowerCase();
        this.warnings.push(`<org_name> is empty: the reporter is named after its address (${orgName})`);
      } else throw missing("<org_name> is empty and there is no <email> to name the reporter");
    }
    const reportId = m["report_id"];
    if (!reportId) throw missing("<report_id> is missing");
    const begin = epoch(m["date_range/begin"], "date_range/begin");
    const end = epoch(m["date_range/end"], "date_range/end");
    const pol = this.policyFields;
    const domain = normDomain(pol["domain"]);
    if (!domain) throw missing("<policy_published><domain> is missing");
    const policy: PublishedPolicy = {
      domain,
      p: pol["p"] || null,
      sp: pol["sp"] || null,
      np: pol["np"] || null,
      adkim: pol["adkim"] || null,
      aspf: pol["aspf"] || null,
      pct: pol["pct"] && /^\d+$/.test(pol["pct"]) ? Number(pol["pct"]) : null,
      fo: pol["fo"] || null,
      testing: pol["testing"] || null,
    };
    this.meta = {
      kind: "aggregate",
      orgName,
      email,
      reportId,
      domain,
      begin,
      end,
      policy,
      format: this.namespace === RFC9990_NS ? "rfc9990" : "rfc7489",
    };
  }

  private finishRecord(r: RecordDraft): void {
    const n = this.recordCount + 1;
    const bad = (what: string) => new ReportReadError(`record ${n}: ${what}`);
    const ip = r.sourceIp ?? "";
    if (!isIP(ip)) throw bad(`<source_ip> "${ip}" is not an IP address`);
    if (!r.count || !/^\d+$/.test(r.count)) throw bad(`<count> "${r.count ?? ""}" is not a whole number`);
    const count = Number(r.count);
    const dkimAligned = passFail(r.dkim, "dkim", n);
    const spfAligned = passFail(r.spf, "spf", n);
    const rec: AggregateRecord = {
      sourceIp: ip,
      count,
      disposition: r.disposition || "none",
      dkimAligned,
      spfAligned,
      reasons: r.reasons,
      headerFrom: normDomain(r.headerFrom) || null,
      envelopeFrom: normDomain(r.envelopeFrom) || null,
      envelopeTo: normDomain(r.envelopeTo) || null,
      dkim: r.dkimResults
        .filter((d) => d.domain || d.result)
        .map((d) => ({
          domain: normDomain(d.domain),
          selector: d.selector || null,
          result: d.result || "none",
        })),
      spf: r.spfResults
        .filter((s) => s.domain || s.result)
        .map((s) => ({
          domain: normDomain(s.domain),
          scope: s.scope || null,
          result: s.result || "none",
        })),
    };
    this.recordCount = n;
    this.messageCount += count;
    this.pending.push(rec);
  }
}

/** RFC 7489 appendix C: DMARCResultType is the enumeration "pass" | "fail"; XML values are case-sensitive. */
function passFail(v: string | undefined, field: string, n: number): "pass" | "fail" {
  if (v === "pass" || v === "fail") return v;
  throw new ReportReadError(
    `record ${n}: <policy_evaluated><${field}> is "${v ?? ""}", but the schema allows only "pass" or "fail"`,
  );
}

function epoch(v: string | undefined, field: string): Date {
  if (!v || !/^\d{1,12}$/.test(v))
    throw new ReportReadError(
      `not a usable DMARC aggregate report: <${field}> "${v ?? ""}" is not a time in seconds`,
    );
  return new Date(Number(v) * 1000);
}

function normDomain(v: string | undefined): string {
  return canonicalName((v ?? "").trim());
}

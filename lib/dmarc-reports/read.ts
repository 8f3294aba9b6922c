import { Gunzip, Unzip, UnzipInflate, UnzipPassThrough } from "fflate";
import { simpleParser, type Attachment } from "mailparser";
import { AggregateXmlReader } from "./aggregate-xml";
import { ReportReadError } from "./errors";
import { parseTlsReport } from "./tls-json";
import type { AggregateMeta, AggregateRecord, ReadReport, RefusedInput, TlsReport } from "./types";

/** An e-mail is parsed whole (mailparser); reports travel compressed, so this is generous. */
export const MAX_EMAIL_BYTES = 64 * 1024 * 1024;
/** A TLS report is one JSON document (RFC 8460 §4.4), parsed whole; real ones are a few kilobytes. */
export const MAX_TLS_JSON_BYTES = 16 * 1024 * 1024;

/** Where read reports go (the database, or the CLI's summary). Called in order, one report at a time. */
export interface ReportSink {
  /** The header is known. Returns `duplicate: true` when this report (org + report id) is already kept. */
  begin(report: AggregateMeta | TlsReport, source: string): Promise<{ duplicate: boolean }>;
  /** Records of the current aggregate report (never called for a duplicate). */
  records(batch: AggregateRecord[]): Promise<void>;
  /** The current report was read to the end. */
  end(read: ReadReport): Promise<void>;
  /** The current report failed after `begin`: forget what was kept of it. */
  abort(): Promise<void>;
}

export interface ReadOutcome {
  read: ReadReport[];
  refused: RefusedInput[];
}

type Event =
  | { t: "begin"; report: AggregateMeta | TlsReport; source: string }
  | { t: "records"; batch: AggregateRecord[] }
  | { t: "end"; read: Omit<ReadReport, "duplicate"> }
  | { t: "fail"; source: string; reason: string; begun: boolean };

/** A document or container fed bytes synchronously; what it finds goes to the event queue. */
interface Feed {
  write(chunk: Uint8Array): void;
  end(): void;
}

/**
 * Reads every report in one input: DMARC aggregate XML (RFC 7489 appendix C, RFC 9990), SMTP TLS JSON
 * (RFC 8460), either gzip-compressed or in a zip (RFC 7489 §7.2.1.1 allows both), or the e-mail that carries
 * them. Streams: bytes are decompressed and parsed as they arrive and records are handed to the sink in
 * batches, awaiting it between chunks, so a report of any size is read in constant memory (e-mails, parsed
 * by mailparser, are the exception and are capped at MAX_EMAIL_BYTES).
 */
export async function readReports(
  input: AsyncIterable<Uint8Array> | Uint8Array,
  name: string,
  sink: ReportSink,
): Promise<ReadOutcome> {
  const outcome: ReadOutcome = { read: [], refused: [] };
  const it = (input instanceof Uint8Array ? chunksOf(input) : input)[Symbol.asyncIterator]();
  // Sniff: gather enough bytes to tell the formats apart.
  let head: Uint8Array = new Uint8Array(0);
  let done = false;
  while (head.length < 512 && !done) {
    const r = await it.next();
    if (r.done) done = true;
    else head = concat(head, r.value);
  }
  const rest: AsyncIterable<Uint8Array> = {
    async *[Symbol.asyncIterator]() {
      if (head.length) yield head;
      if (done) return;
      for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
    },
  };
  if (head.length === 0) {
    outcome.refused.push({ source: name, reason: "the file is empty" });
    return outcome;
  }
  if (looksLikeEmail(head)) {
    const raw = await collect(rest, MAX_EMAIL_BYTES);
    if (raw === null) {
      outcome.refused.push({
        source: name,
        reason: `the e-mail is larger than ${MAX_EMAIL_BYTES / 1024 / 1024} MB`,
      });
      return outcome;
    }
    await readEmail(raw, name, sink, outcome);
    return outcome;
  }
  await pump(rest, name, sink, outcome);
  return outcome;
}

/** Reads the reports attached to a DMARC or TLS report e-mail (RFC 7489 §7.2.1.1, RFC 8460 §5.3). */
async function readEmail(raw: Buffer, name: string, sink: ReportSink, outcome: ReadOutcome) {
  let mail;
  try {
    mail = await simpleParser(raw, { skipHtmlToText: true, skipTextLinks: true, skipImageLinks: true });
  } catch (e) {
    outcome.refused.push({ source: name, reason: `the e-mail cannot be parsed: ${(e as Error).message}` });
    return;
  }
  const ct = mail.headers.get("content-type") as
    { value?: string; params?: Record<string, string> } | undefined;
  const reportType = ct?.params?.["report-type"]?.toLowerCase();
  const isFailureReport =
    reportType === "feedback-report" ||
    mail.attachments.some((a) => a.contentType.toLowerCase() === "message/feedback-report");
  if (isFailureReport) {
    outcome.refused.push({
      source: name,
      reason:
        "a DMARC failure report (RFC 6591 feedback report about one message), not an aggregate or SMTP TLS report: failure reports are not stored",
    });
    return;
  }
  const before = outcome.read.length + outcome.refused.length;
  for (const a of mail.attachments) {
    const src = `${name} › ${a.filename ?? a.contentType}`;
    if (a.contentType.toLowerCase() === "message/rfc822") {
      await readEmail(a.content, src, sink, outcome);
      continue;
    }
    if (!isReportAttachment(a)) continue;
    await pump(chunksOfSync(a.content), src, sink, outcome);
  }
  if (outcome.read.length + outcome.refused.length === before) {
    // Some reporters put the XML in the body itself.
    const body = (mail.text ?? "").trim();
    if (body.startsWith("<?xml") || body.startsWith("<feedback") || body.startsWith("{")) {
      await pump(chunksOfSync(Buffer.from(body)), `${name} › body`, sink, outcome);
    }
  }
  if (outcome.read.length + outcome.refused.length === before) {
    const exim = /failed the published DMARC policy|authentication-failure report|DMARC failure/i.test(
      mail.text ?? "",
    );
    outcome.refused.push({
      source: name,
      reason: exim
        ? "a DMARC failure notice about one message, not an aggregate or SMTP TLS report: failure reports are not stored"
        : "the e-mail carries no DMARC aggregate or SMTP TLS report (no XML, JSON, gzip or zip attachment)",
    });
  }
}

function isReportAttachment(a: Attachment): boolean {
  const c = a.content;
  if (c.length === 0) return false;
  const kind = sniff(c);
  return kind !== "unknown";
}

/**
 * Feeds one input (a stream, or a buffer in chunks) through a fresh pipeline, handing what it found to the
 * sink after every chunk, so records reach the sink in batches and memory stays flat.
 */
async function pump(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  name: string,
  sink: ReportSink,
  outcome: ReadOutcome,
): Promise<void> {
  const pipe = new Pipeline(sink, outcome);
  const root = pipe.container(name);
  for await (const chunk of chunks) {
    root.write(chunk);
    await pipe.drain();
  }
  root.end();
  await pipe.drain();
}

type Sniffed = "gzip" | "zip" | "xml" | "json" | "unknown";

function sniff(b: Uint8Array): Sniffed {
  if (b[0] === 0x1f && b[1] === 0x8b) return "gzip";
  if (b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) return "zip";
  let i = 0;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) i = 3;
  while (i < b.length && (b[i] === 0x20 || b[i] === 0x09 || b[i] === 0x0a || b[i] === 0x0d)) i++;
  if (b[i] === 0x3c) return "xml";
  if (b[i] === 0x7b) return "json";
  return "unknown";
}

function looksLikeEmail(b: Uint8Array): boolean {
  if (sniff(b) !== "unknown") return false;
  const text = Buffer.from(b.subarray(0, 512)).toString("latin1");
  // RFC 5322 §2.2: a message starts with header fields, "name: value" (or an mbox "From " line).
  return /^(From [^\r\n]*\r?\n)?[!-9;-~]+:[ \t]?/.test(text);
}

class Pipeline {
  private queue: Event[] = [];
  private begun = false;
  private duplicate = false;

  constructor(
    private readonly sink: ReportSink,
    private readonly outcome: ReadOutcome,
  ) {}

  emit(e: Event): void {
    this.queue.push(e);
  }

  /** A container: sniffs its first bytes and becomes gzip, zip, XML or JSON. */
  container(name: string, depth = 0): Feed {
    let inner: Feed | null = null;
    let head: Uint8Array = new Uint8Array(0);
    let failed = false;
    const fail = (reason: string) => {
      failed = true;
      this.emit({ t: "fail", source: name, reason, begun: false });
    };
    const choose = (): Feed | null => {
      const kind = sniff(head);
      if (kind === "gzip" || kind === "zip") {
        if (depth >= 2) {
          fail("archives nested more than twice are not read");
          return null;
        }
        return kind === "gzip" ? this.gzip(name, depth) : this.zip(name, depth);
      }
      if (kind === "xml") return this.xml(name);
      if (kind === "json") return this.json(name);
      fail(
        "not a DMARC aggregate or SMTP TLS report: expected XML, JSON, gzip, zip or an e-mail carrying them",
      );
      return null;
    };
    return {
      write: (chunk) => {
        if (failed) return;
        if (!inner) {
          head = concat(head, chunk);
          if (head.length < 8) return;
          inner = choose();
          if (inner) inner.write(head);
          head = new Uint8Array(0);
          return;
        }
        inner.write(chunk);
      },
      end: () => {
        if (failed) return;
        if (!inner) {
          if (head.length === 0) return fail("the file is empty");
          inner = choose();
          if (!inner) return;
          inner.write(head);
        }
        inner.end();
      },
    };
  }

  /**
   * Runs a decompressor's steps until one throws; that one becomes a refusal ("damaged <what>: ...") and
   * the rest are skipped.
   */
  private guarded(name: string, what: string): (f: () => void) => void {
    let failed = false;
    return (f) => {
      if (failed) return;
      try {
        f();
      } catch (e) {
        failed = true;
        this.emit({
          t: "fail",
          source: name,
          reason: `damaged ${what}: ${(e as Error).message}`,
          begun: false,
        });
      }
    };
  }

  private gzip(name: string, depth: number): Feed {
    const out = this.container(name, depth + 1);
    const gz = new Gunzip((data, final) => {
      out.write(data);
      if (final) out.end();
    });
    const guard = this.guarded(name, "gzip data");
    return {
      write: (c) => guard(() => gz.push(c, false)),
      end: () => guard(() => gz.push(new Uint8Array(0), true)),
    };
  }

  private zip(name: string, depth: number): Feed {
    let files = 0;
    const unzip = new Unzip((file) => {
      if (file.name.endsWith("/")) return;
      files++;
      const out = this.container(`${name} › ${file.name}`, depth + 1);
      file.ondata = (err, data, final) => {
        if (err) throw err;
        out.write(data);
        if (final) out.end();
      };
      if (file.compression !== 0 && file.compression !== 8) {
        this.emit({
          t: "fail",
          source: `${name} › ${file.name}`,
          reason: `zip entry compressed with method ${file.compression}: only stored and deflate are read`,
          begun: false,
        });
        return;
      }
      file.start();
    });
    unzip.register(UnzipInflate);
    unzip.register(UnzipPassThrough);
    const guard = this.guarded(name, "zip archive");
    return {
      write: (c) => guard(() => unzip.push(c, false)),
      end: () =>
        guard(() => {
          unzip.push(new Uint8Array(0), true);
          if (files === 0) throw new Error("it holds no file");
        }),
    };
  }

  private xml(name: string): Feed {
    const reader = new AggregateXmlReader();
    let failed = false;
    let begun = false;
    const step = (f: () => void) => {
      if (failed) return;
      try {
        f();
        if (!begun && reader.meta) {
          begun = true;
          this.emit({ t: "begin", report: reader.meta, source: name });
        }
        // Records go to the sink after every chunk, so memory stays flat however big the report.
        if (begun && reader.pending.length > 0) {
          this.emit({ t: "records", batch: reader.take() });
        }
      } catch (e) {
        failed = true;
        const reason = e instanceof ReportReadError ? e.message : `unreadable: ${(e as Error).message}`;
        this.emit({ t: "fail", source: name, reason, begun });
      }
    };
    return {
      write: (c) => step(() => reader.write(c)),
      end: () =>
        step(() => {
          reader.end();
          const m = reader.meta!;
          if (!begun) {
            begun = true;
            this.emit({ t: "begin", report: m, source: name });
          }
          if (reader.pending.length) this.emit({ t: "records", batch: reader.take() });
          this.emit({
            t: "end",
            read: {
              kind: "aggregate",
              orgName: m.orgName,
              reportId: m.reportId,
              domain: m.domain,
              begin: m.begin.toISOString(),
              end: m.end.toISOString(),
              messageCount: reader.messageCount,
              records: reader.recordCount,
              source: name,
              warnings: reader.warnings,
            },
          });
          // Nothing more to do for this document.
          failed = true;
        }),
    };
  }

  private json(name: string): Feed {
    const parts: Uint8Array[] = [];
    let size = 0;
    let failed = false;
    return {
      write: (c) => {
        if (failed) return;
        size += c.length;
        if (size > MAX_TLS_JSON_BYTES) {
          failed = true;
          this.emit({
            t: "fail",
            source: name,
            reason: `larger than ${MAX_TLS_JSON_BYTES / 1024 / 1024} MB: not an SMTP TLS report`,
            begun: false,
          });
          return;
        }
        parts.push(c);
      },
      end: () => {
        if (failed) return;
        const warnings: string[] = [];
        let text: string;
        try {
          text = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(parts));
        } catch {
          this.emit({
            t: "fail",
            source: name,
            reason: "the JSON is not valid UTF-8 (RFC 8259 §8.1)",
            begun: false,
          });
          return;
        }
        try {
          const r = parseTlsReport(text);
          this.emit({ t: "begin", report: r, source: name });
          this.emit({
            t: "end",
            read: {
              kind: "tls",
              orgName: r.orgName,
              reportId: r.reportId,
              domain: r.policies[0]!.policyDomain,
              begin: r.begin.toISOString(),
              end: r.end.toISOString(),
              messageCount: r.policies.reduce((n, p) => n + p.successful + p.failed, 0),
              records: r.policies.reduce((n, p) => n + p.failures.length, 0),
              source: name,
              warnings,
            },
          });
        } catch (e) {
          const reason = e instanceof ReportReadError ? e.message : (e as Error).message;
          this.emit({ t: "fail", source: name, reason, begun: false });
        }
      },
    };
  }

  /** Hands what the feeds found to the sink, in order. */
  async drain(): Promise<void> {
    while (this.queue.length) {
      const e = this.queue.shift()!;
      switch (e.t) {
        case "begin": {
          const r = await this.sink.begin(e.report, e.source);
          this.begun = true;
          this.duplicate = r.duplicate;
          break;
        }
        case "records":
          if (!this.duplicate) await this.sink.records(e.batch);
          break;
        case "end": {
          const read: ReadReport = { ...e.read, duplicate: this.duplicate };
          await this.sink.end(read);
          this.outcome.read.push(read);
          this.begun = false;
          this.duplicate = false;
          break;
        }
        case "fail":
          if (e.begun || this.begun) await this.sink.abort();
          this.begun = false;
          this.duplicate = false;
          this.outcome.refused.push({ source: e.source, reason: e.reason });
          break;
      }
    }
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function* chunksOfSync(b: Uint8Array, size = 64 * 1024): Generator<Uint8Array> {
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

async function* chunksOf(b: Uint8Array): AsyncGenerator<Uint8Array> {
  yield* chunksOfSync(b);
}

async function collect(src: AsyncIterable<Uint8Array>, max: number): Promise<Buffer | null> {
  const parts: Uint8Array[] = [];
  let n = 0;
  for await (const c of src) {
    n += c.length;
    if (n > max) return null;
    parts.push(c);
  }
  return Buffer.concat(parts);
}

import "server-only";
import { Readable } from "node:stream";
import Busboy from "@fastify/busboy";
import { AppError } from "@/lib/errors";
import type { ReadOutcome } from "./read";
import { ingestReports } from "./store";
import type { ReadReport, RefusedInput } from "./types";

/** One upload (all its files together). Reports travel compressed; this is generous. */
export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;
/** Files per multipart upload. */
export const MAX_UPLOAD_FILES = 5000;

/** Raw body types a report may come as (RFC 7489 §7.2.1.1, RFC 8460 §5.3 and what reporters send). */
const RAW_TYPES =
  /^(application\/(xml|gzip|x-gzip|zip|x-zip-compressed|json|tlsrpt\+json|tlsrpt\+gzip|octet-stream)|text\/xml|text\/plain|message\/rfc822)$/i;

export interface UploadResult {
  reports: (Omit<ReadReport, "begin" | "end"> & { period: { begin: string; end: string } })[];
  refused: RefusedInput[];
}

export function toUploadResult(o: ReadOutcome): UploadResult {
  return {
    reports: o.read.map(({ begin, end, ...r }) => ({ ...r, period: { begin, end } })),
    refused: o.refused,
  };
}

/** Counts bytes as they stream through and stops past the limit (413), never buffering the upload. */
async function* capped(body: ReadableStream<Uint8Array>, max: number): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new AppError(
        "payload_too_large",
        `The upload is over ${max / 1024 / 1024} MB; send it in parts.`,
      );
    }
    yield value;
  }
}

/**
 * Reads the reports in an upload: the raw body (XML, gzip, zip, e-mail, JSON) or every file of a
 * multipart/form-data body, one after the other as they stream in (a 1,000-file upload is never held
 * whole). Keeps what it reads.
 */
export async function ingestUpload(request: Request): Promise<ReadOutcome> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_UPLOAD_BYTES)
    throw new AppError(
      "payload_too_large",
      `The upload is over ${MAX_UPLOAD_BYTES / 1024 / 1024} MB; send it in parts.`,
    );
  if (!request.body) throw new AppError("empty_input", "The upload is empty.");
  const body = capped(request.body, MAX_UPLOAD_BYTES);
  if (type === "multipart/form-data") return ingestMultipart(request.headers.get("content-type")!, body);
  if (type && !RAW_TYPES.test(type))
    throw new AppError(
      "unsupported_media_type",
      `Send a report as application/xml, application/gzip, application/zip, message/rfc822 or application/json, or files in multipart/form-data; not ${type}.`,
    );
  const name = new URL(request.url).searchParams.get("name")?.slice(0, 200) || "upload";
  return ingestReports(body, name);
}

async function ingestMultipart(contentType: string, body: AsyncIterable<Uint8Array>): Promise<ReadOutcome> {
  const outcome: ReadOutcome = { read: [], refused: [] };
  let bb;
  try {
    bb = Busboy({
      headers: { "content-type": contentType },
      limits: { files: MAX_UPLOAD_FILES, fields: 100 },
    });
  } catch (e) {
    throw new AppError("invalid_input", `The multipart body cannot be read: ${(e as Error).message}`);
  }
  let chain: Promise<void> = Promise.resolve();
  let failure: unknown = null;
  let files = 0;
  bb.on("file", (_field, stream, filename) => {
    files++;
    const name = filename || `file ${files}`;
    chain = chain.then(async () => {
      if (failure) {
        stream.resume();
        return;
      }
      try {
        const o = await ingestReports(stream, name);
        outcome.read.push(...o.read);
        outcome.refused.push(...o.refused);
      } catch (e) {
        failure = e;
      } finally {
        // Whatever was not read (a refused file) is drained so the next part can come.
        stream.resume();
      }
    });
  });
  bb.on("filesLimit", () => {
    failure ??= new AppError("payload_too_large", `At most ${MAX_UPLOAD_FILES} files per upload.`);
  });
  const finished = new Promise<void>((resolve, reject) => {
    bb.on("finish", resolve);
    bb.on("error", (e: unknown) =>
      reject(new AppError("invalid_input", `The multipart body cannot be read: ${(e as Error).message}`)),
    );
  });
  const source = Readable.from(body);
  source.on("error", (e) => bb.destroy(e));
  source.pipe(bb);
  try {
    await finished;
  } catch (e) {
    // A 413 from the byte cap surfaces through the source.
    throw e instanceof AppError ? e : new AppError("invalid_input", (e as Error).message);
  }
  await chain;
  if (failure) throw failure;
  if (files === 0) throw new AppError("empty_input", "The form holds no file.");
  return outcome;
}

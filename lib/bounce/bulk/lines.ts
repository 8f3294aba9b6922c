/**
 * Line splitting over any chunked source, with bounded memory: a line longer than `maxLineChars` is cut
 * and the rest of it skipped, so one newline-free 1 GB upload cannot fill the heap.
 */
export type BulkSource =
  AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array> | NodeJS.ReadableStream;

export const MAX_BULK_LINE_CHARS = 64 * 1024;

function isAsyncIterable(x: unknown): x is AsyncIterable<unknown> {
  return x != null && typeof (x as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function";
}

async function* chunks(source: BulkSource): AsyncGenerator<string> {
  // Invalid UTF-8 becomes U+FFFD (never an exception); stream mode keeps sequences split across chunks.
  const decoder = new TextDecoder("utf-8", { fatal: false });
  // A whole pasted text: one chunk (iterating a string would yield it character by character).
  if (typeof source === "string") {
    yield source;
    return;
  }
  const iter = (
    isAsyncIterable(source) ? source : (source as Iterable<string | Uint8Array>)
  ) as AsyncIterable<string | Uint8Array>;
  for await (const c of iter) {
    if (typeof c === "string") yield c;
    else if (c instanceof Uint8Array) yield decoder.decode(c, { stream: true });
    else if (c != null) yield String(c);
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

/**
 * Lines without their terminator (LF or CRLF), in batches: one array per input chunk. Batching keeps the
 * per-line cost to a loop step instead of an async-iterator round trip (a million lines is a million
 * promise resolutions otherwise).
 */
export async function* readLineBatches(
  source: BulkSource,
  maxLineChars = MAX_BULK_LINE_CHARS,
): AsyncGenerator<string[]> {
  let buf = "";
  let skipping = false;
  for await (const chunk of chunks(source)) {
    const out: string[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf("\n", start);
      if (nl < 0) {
        if (!skipping) {
          buf += chunk.slice(start);
          if (buf.length > maxLineChars) {
            out.push(strip(buf.slice(0, maxLineChars)));
            buf = "";
            skipping = true;
          }
        }
        break;
      }
      if (skipping) skipping = false;
      else {
        const piece = buf.length ? buf + chunk.slice(start, nl) : chunk.slice(start, nl);
        buf = "";
        out.push(strip(piece.length > maxLineChars ? piece.slice(0, maxLineChars) : piece));
      }
      start = nl + 1;
    }
    if (out.length) yield out;
  }
  if (buf && !skipping) yield [strip(buf)];
}

/** Lines one by one (convenience over readLineBatches). */
export async function* readLines(
  source: BulkSource,
  maxLineChars = MAX_BULK_LINE_CHARS,
): AsyncGenerator<string> {
  for await (const batch of readLineBatches(source, maxLineChars)) yield* batch;
}

function strip(line: string): string {
  return line.endsWith("\r") ? line.slice(0, -1) : line;
}

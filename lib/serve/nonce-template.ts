/**
 * A kept page with a fresh CSP nonce in every response, at the price of a copy (CSP3 §2.3.1: a nonce must
 * be unguessable per response, and a replayed one is known to whoever fetched the page before).
 *
 * The page Next rendered is split at each occurrence of the nonce it was rendered with. A response is the
 * pieces joined with a new nonce of the same length. The gzip variant is made once too, without knowing the
 * nonce: each piece is compressed on its own as raw DEFLATE (RFC 1951) ending in a sync flush (an empty
 * stored block, so it ends on a byte boundary), with the 32 KiB that precede it as the preset dictionary,
 * in which every nonce is replaced by NUL bytes. A page holds no NUL (checked; otherwise no gzip variant),
 * so no match can reach into a nonce, and since the nonce's length does not change, every back-reference
 * distance still points at the same bytes in the decoder's window. Per response, the nonce goes in
 * between the pieces as a stored block (§3.2.4), then a final empty block and the gzip trailer (RFC 1952
 * §2.3.1: CRC-32 and length of the whole text, the one part computed per response).
 *
 * Brotli has no preset dictionary in Node.js, so such pages are offered as gzip or identity only.
 */
import { constants, crc32, deflateRawSync } from "node:zlib";

export interface NonceTemplate {
  /** The nonce the page was rendered with (its length is every response's nonce length). */
  nonce: string;
  /** The identity bytes between the occurrences of the nonce (occurrences + 1 pieces). */
  pieces: Buffer[];
  /** Each piece as raw DEFLATE, sync-flushed, against the text before it; null when the page holds NUL. */
  deflated: Buffer[] | null;
  /** Bytes held, for the cache's bound. */
  size: number;
}

const WINDOW = 32 * 1024;
// RFC 1952 §2.3: ID1 ID2, CM=8 (deflate), no flags, no mtime, XFL=0, OS=255 (unknown).
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
// RFC 1951 §3.2.3/§3.2.6: BFINAL=1, BTYPE=01 (fixed Huffman), end-of-block code 0000000.
const FINAL_EMPTY_BLOCK = Buffer.from([0x03, 0x00]);

/** Splits a page at its nonce; null when the nonce does not occur in it (nothing to replace). */
export function makeNonceTemplate(body: Buffer, nonce: string): NonceTemplate | null {
  const needle = Buffer.from(nonce, "latin1");
  if (needle.length === 0 || needle.length > 0xffff || !/^[A-Za-z0-9+/=_-]+$/.test(nonce)) return null;
  const pieces: Buffer[] = [];
  let at = 0;
  for (let i = body.indexOf(needle); i >= 0; i = body.indexOf(needle, at)) {
    pieces.push(body.subarray(at, i));
    at = i + needle.length;
  }
  if (pieces.length === 0) return null;
  pieces.push(body.subarray(at));

  let deflated: Buffer[] | null = null;
  if (body.indexOf(0) < 0) {
    // The text as the compressor sees it: each nonce as NUL bytes, which no piece contains.
    const blanked = Buffer.concat(
      pieces.flatMap((p, i) => (i === 0 ? [p] : [Buffer.alloc(needle.length), p])),
    );
    deflated = [];
    let offset = 0;
    for (const [i, piece] of pieces.entries()) {
      if (i > 0) offset += needle.length;
      const dictionary = blanked.subarray(Math.max(0, offset - WINDOW), offset);
      deflated.push(
        deflateRawSync(piece, {
          level: 9,
          finishFlush: constants.Z_SYNC_FLUSH,
          ...(dictionary.length ? { dictionary } : {}),
        }),
      );
      offset += piece.length;
    }
  }
  const size = pieces.reduce((n, p) => n + p.length, 0) + (deflated?.reduce((n, p) => n + p.length, 0) ?? 0);
  return { nonce, pieces, deflated, size };
}

/** The page with `nonce` (same length as the template's) in every place the first render's nonce was. */
export function identityWithNonce(t: NonceTemplate, nonce: string): Buffer {
  const n = nonceBytes(t, nonce);
  return Buffer.concat(t.pieces.flatMap((p, i) => (i === 0 ? [p] : [n, p])));
}

/** The same page as a gzip member (RFC 1952), made from the pieces compressed once. */
export function gzipWithNonce(t: NonceTemplate, nonce: string): Buffer | null {
  if (!t.deflated) return null;
  const n = nonceBytes(t, nonce);
  // A stored block (RFC 1951 §3.2.4): BFINAL=0, BTYPE=00 on a byte boundary, LEN, NLEN, the bytes.
  const stored = Buffer.alloc(5 + n.length);
  stored.writeUInt16LE(n.length, 1);
  stored.writeUInt16LE(~n.length & 0xffff, 3);
  n.copy(stored, 5);
  const parts: Buffer[] = [GZIP_HEADER];
  let crc = 0;
  let length = 0;
  for (const [i, piece] of t.pieces.entries()) {
    if (i > 0) {
      parts.push(stored);
      crc = crc32(n, crc);
      length += n.length;
    }
    parts.push(t.deflated[i]!);
    crc = crc32(piece, crc);
    length += piece.length;
  }
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(length >>> 0, 4);
  parts.push(FINAL_EMPTY_BLOCK, trailer);
  return Buffer.concat(parts);
}

function nonceBytes(t: NonceTemplate, nonce: string): Buffer {
  const n = Buffer.from(nonce, "latin1");
  // Back-reference distances in the compressed pieces assume the template's nonce length.
  if (n.length !== Buffer.byteLength(t.nonce, "latin1")) {
    throw new RangeError(`nonce of ${n.length} bytes for a template made with ${t.nonce.length}`);
  }
  return n;
}

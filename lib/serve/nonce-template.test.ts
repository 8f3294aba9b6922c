import { randomBytes } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { newNonce } from "@/lib/http/security-headers";
import { gzipWithNonce, identityWithNonce, makeNonceTemplate } from "./nonce-template";

/** A page like Next's: many scripts carrying the nonce, text that repeats around them. */
function page(nonce: string, scripts: number, filler = "") {
  const parts = ['<!DOCTYPE html><html><head><meta charset="utf-8">'];
  for (let i = 0; i < scripts; i++) {
    parts.push(`<script src="/_next/static/chunks/${i}.js" nonce="${nonce}" async></script>`);
    parts.push(
      `<script nonce="${nonce}">self.__next_f.push([1,"${filler}${i}:${"row ".repeat(i % 40)}"])</script>`,
    );
  }
  parts.push("<p>finding</p>".repeat(300), "</html>");
  return parts.join("");
}

describe("a page kept with its nonce replaced per response", () => {
  it("gives identity and gzip bytes equal to a render with the new nonce", () => {
    const first = newNonce();
    const t = makeNonceTemplate(Buffer.from(page(first, 60)), first)!;
    expect(t.pieces).toHaveLength(121);
    for (let i = 0; i < 5; i++) {
      const fresh = newNonce();
      const expected = page(fresh, 60);
      expect(identityWithNonce(t, fresh).toString()).toBe(expected);
      expect(gunzipSync(gzipWithNonce(t, fresh)!).toString()).toBe(expected);
    }
  });

  it("stays right when the text around the nonce shares its characters (no match reaches into it)", () => {
    // The filler is made of the nonce's own characters, over and over: the compressor would love to
    // point back into a nonce if it could see one.
    for (let round = 0; round < 20; round++) {
      const first = newNonce();
      const filler = `${first.slice(3, 17)}${randomBytes(200).toString("base64")}${first.slice(0, 9)}`;
      const t = makeNonceTemplate(Buffer.from(page(first, 30, filler)), first)!;
      const fresh = newNonce();
      expect(gunzipSync(gzipWithNonce(t, fresh)!).toString()).toBe(page(fresh, 30, filler));
    }
  });

  it("compresses about as well as compressing the page whole", () => {
    const first = newNonce();
    const body = Buffer.from(page(first, 60));
    const t = makeNonceTemplate(body, first)!;
    const fresh = newNonce();
    const spliced = gzipWithNonce(t, fresh)!;
    const whole = gzipSync(Buffer.from(page(fresh, 60)), { level: 9 });
    // Each nonce travels as it is (a stored block: 5 bytes + the nonce, where the whole page points back
    // to the first one) and each piece is its own block (a sync flush, its own Huffman tables): a few
    // dozen bytes per script, the rest as compressed as the whole.
    expect(spliced.length).toBeLessThan(whole.length + t.pieces.length * 64);
    expect(spliced.length).toBeLessThan(body.length / 3);
  });

  it("offers no gzip for a page holding NUL bytes, and nothing for a page without the nonce", () => {
    const first = newNonce();
    const t = makeNonceTemplate(Buffer.from(`${page(first, 3)}\u0000`), first)!;
    expect(t.deflated).toBeNull();
    expect(gzipWithNonce(t, newNonce())).toBeNull();
    expect(makeNonceTemplate(Buffer.from("<p>no scripts</p>"), first)).toBeNull();
    expect(() => identityWithNonce(t, "short")).toThrow(RangeError);
  });
});

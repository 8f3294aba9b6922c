/**
 * String methods as functions of the string: `charCodeAt(text, i)` is `text.charCodeAt(i)`, for the
 * parser's loops over characters and lines.
 *
 * Why: V8 caches the lookup of `text.charCodeAt` per call site and per string representation (flat,
 * sliced, concatenated, internalized; one- or two-byte), and the parser's texts come in all of these: a
 * line from `split` is sliced, an empty or one-character line internalized, a decoded part flat and often
 * two-byte. A call site that has seen more than four representations goes megamorphic: each lookup then
 * takes a generic path and the method is no longer inlined, several times slower per character. These
 * functions are bound once, so a call site always sees the same function whatever the string, and V8
 * inlines the method behind it. (Node's own library calls string methods the same way, through what it
 * calls primordials.) Bound functions rather than `String.prototype.x.call(...)` through a module
 * constant: bundlers turn top-level constants into variables, which V8 does not treat as constant.
 */

const call = Function.prototype.call;

export const charCodeAt: (s: string, index: number) => number = call.bind(String.prototype.charCodeAt);
export const indexOf: (s: string, search: string, position?: number) => number = call.bind(
  String.prototype.indexOf,
);
export const slice: (s: string, start?: number, end?: number) => string = call.bind(String.prototype.slice);
export const includes: (s: string, search: string, position?: number) => boolean = call.bind(
  String.prototype.includes,
);
export const startsWith: (s: string, search: string, position?: number) => boolean = call.bind(
  String.prototype.startsWith,
);
export const trim: (s: string) => string = call.bind(String.prototype.trim);
export const trimStart: (s: string) => string = call.bind(String.prototype.trimStart);
export const trimEnd: (s: string) => string = call.bind(String.prototype.trimEnd);
export const toLowerCase: (s: string) => string = call.bind(String.prototype.toLowerCase);
export const split: (s: string, separator: string) => string[] = call.bind(String.prototype.split);
export const replace: (s: string, pattern: RegExp, replacement: string) => string = call.bind(
  String.prototype.replace,
);

/**
 * Whether input is binary rather than text: a NUL, or more than 5 % of characters that are control
 * characters (other than tab, line breaks, form feed and ESC) or U+FFFD, the mark of bytes that were not
 * valid UTF-8. Such input is refused with a clear error instead of being "diagnosed".
 */
export function looksBinary(text: string): boolean {
  if (text.includes("\u0000")) return true;
  const sample = text.length > 65_536 ? text.slice(0, 65_536) : text;
  if (sample.length === 0) return false;
  let odd = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 0x1b) || c === 0x7f || c === 0xfffd)
      odd++;
  }
  return odd / sample.length > 0.05;
}

/** Bounds that keep parsing linear and memory-safe whatever the input (hostile or malformed pastes included). */

/** Characters of one input that are parsed; the rest of a larger paste is ignored (best effort). */
export const MAX_PARSE_CHARS = 10 * 1024 * 1024;
/** MIME parts visited in one message; a message with thousands of parts is cut here. */
export const MAX_MIME_PARTS = 1000;
/** Nesting depth of multipart / message/rfc822 parts. */
export const MAX_MIME_DEPTH = 12;
/** Recipients reported for one bounce message. */
export const MAX_RECIPIENTS = 10_000;
/** Longest single line handed to a regular expression; longer lines are cut (no sane reply is this long). */
export const MAX_LINE_CHARS = 8192;
/** Longest `text` kept in a ParsedBounce. */
export const MAX_TEXT_CHARS = 2000;

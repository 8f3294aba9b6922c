import { trustedSequence } from "./terminal";

export type Paint = (code: string, s: string) => string;

/** SGR colours (ECMA-48 §8.3.117) as trusted placeholders: only lib/cli/terminal.ts writes real escapes. */
export function painter(color: boolean): Paint {
  return color
    ? (code, s) => `${trustedSequence(`\u001b[${code}m`)}${s}${trustedSequence("\u001b[0m")}`
    : (_code, s) => s;
}

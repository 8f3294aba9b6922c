/**
 * Literal prefilters for rule regexes: the cheap `includes` checks that must succeed before a regex can
 * match, so most rules are rejected without running a regex at all.
 *
 * For a pattern `a|b|c` at top level, each branch must contain its own literal; the prefilter is the set
 * of the longest literal run of each branch (any one present ⇒ the regex may match). A branch without a
 * literal of at least 3 characters makes the prefilter unusable (null: always run the regex).
 */

const SPECIAL = new Set(["(", ")", "[", "]", ".", "*", "+", "?", "{", "}", "|", "^", "$", "\\"]);

function splitTopLevel(src: string): string[] | null {
  const out: string[] = [];
  let depth = 0;
  let inClass = false;
  let cur = "";
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (ch === "\\") {
      cur += ch + (src[i + 1] ?? "");
      i++;
      continue;
    }
    if (inClass) {
      if (ch === "]") inClass = false;
      cur += ch;
      continue;
    }
    if (ch === "[") inClass = true;
    else if (ch === "(") depth++;
    else if (ch === ")") depth--;
    else if (ch === "|" && depth === 0) {
      out.push(cur);
      cur = "";
      continue;
    }
    cur += ch;
  }
  out.push(cur);
  return depth === 0 ? out : null;
}

/** Longest run of required literal characters outside groups and classes in one branch. */
function longestLiteral(branch: string): string {
  let best = "";
  let run = "";
  let depth = 0;
  let inClass = false;
  const flush = () => {
    if (run.length > best.length) best = run;
    run = "";
  };
  for (let i = 0; i < branch.length; i++) {
    const ch = branch[i]!;
    let lit: string | null = null;
    let width = 1;
    if (ch === "\\") {
      const nx = branch[i + 1] ?? "";
      width = 2;
      // Escaped punctuation is a literal; \s \d \w \b and friends are classes or assertions.
      if (nx && !/[a-zA-Z0-9]/.test(nx)) lit = nx;
    } else if (inClass) {
      if (ch === "]") inClass = false;
      continue;
    } else if (ch === "[") {
      inClass = true;
      flush();
      continue;
    } else if (ch === "(") {
      depth++;
      flush();
      continue;
    } else if (ch === ")") {
      depth--;
      // A quantifier after the group applies to the group, not to the next literal: nothing to undo.
      continue;
    } else if (!SPECIAL.has(ch)) {
      lit = ch;
    }
    if (depth > 0) {
      i += width - 1;
      continue;
    }
    const next = branch[i + width];
    if (lit === null) {
      flush();
      i += width - 1;
      continue;
    }
    if (next === "?" || next === "*" || next === "{") {
      // Optional or counted character: not required, and it ends the run.
      flush();
    } else if (next === "+") {
      run += lit;
      flush();
    } else {
      run += lit;
    }
    i += width - 1;
  }
  flush();
  return best;
}

/**
 * When a branch has no usable top-level literal, a required group of plain alternatives (e.g.
 * `(?:account|mailbox) disabled`) still gives a set of literals one of which must occur.
 */
function requiredGroupLiterals(branch: string): string[] | null {
  let depth = 0;
  let inClass = false;
  let start = -1;
  for (let i = 0; i < branch.length; i++) {
    const ch = branch[i]!;
    if (ch === "\\") {
      i++;
      continue;
    }
    if (inClass) {
      if (ch === "]") inClass = false;
      continue;
    }
    if (ch === "[") inClass = true;
    else if (ch === "(") {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === ")") {
      depth--;
      if (depth === 0 && start >= 0) {
        const next = branch[i + 1];
        const optional = next === "?" || next === "*" || next === "{";
        const inner = branch
          .slice(start, i + 1)
          .replace(/^\((?:\?:)?/, "")
          .slice(0, -1);
        if (!optional && !/[()[\]]/.test(inner)) {
          const alts = inner.split("|").map((a) => longestLiteral(a).toLowerCase());
          // Each alternative must itself be a plain literal for its longest run to be required.
          if (alts.every((a) => a.trim().length >= 3)) return alts;
        }
        start = -1;
      }
    }
  }
  return null;
}

/** Lower-cased literals, one of which must occur in the (lower-cased) text for `re` to match; or null. */
export function literalPrefilter(re: RegExp): string[] | null {
  const branches = splitTopLevel(re.source);
  if (!branches) return null;
  const lits: string[] = [];
  for (const b of branches) {
    const lit = longestLiteral(b).toLowerCase();
    if (lit.trim().length >= 3) {
      lits.push(lit);
      continue;
    }
    const group = requiredGroupLiterals(b);
    if (!group) return null;
    lits.push(...group);
  }
  return [...new Set(lits)];
}

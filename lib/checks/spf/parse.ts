/**
 * A pure parser for SPF records (RFC 7208). It never touches the network: it turns one TXT string into
 * terms, each with its position and its DNS-lookup cost, plus every syntax error found (not just the first),
 * each with the 1-based column and the offending token so a postmaster can find it.
 *
 * Grammar: RFC 7208 §4.6.1 (record, terms), §5 (mechanisms), §6 (modifiers), §7.1 (macro-string),
 * §4.5 (version match).
 */

export type Qualifier = "+" | "-" | "~" | "?";
export type MechanismName = "all" | "include" | "a" | "mx" | "ptr" | "ip4" | "ip6" | "exists";

const MECHANISMS: readonly MechanismName[] = ["all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists"];
/** RFC 7208 §4.6.4: the terms that cause DNS queries and count against the limit of 10. */
const LOOKUP_MECHANISMS: ReadonlySet<MechanismName> = new Set(["include", "a", "mx", "ptr", "exists"]);

export interface SpfMechanism {
  kind: "mechanism";
  /** The term as written. */
  text: string;
  /** 1-based column of the term's first character in the record. */
  column: number;
  qualifier: Qualifier;
  /** Whether the qualifier was written out (`+all`) or implied (`all`, §4.6.2 default "+"). */
  explicitQualifier: boolean;
  name: MechanismName;
  /** include/exists (required), a/mx/ptr (optional): the domain-spec as written, possibly with macros. */
  domainSpec?: string;
  /** ip4/ip6: the network address as written. */
  network?: string;
  /** a, mx, ip4: the IPv4 prefix length, when given. */
  cidr4?: number;
  /** a, mx, ip6: the IPv6 prefix length, when given. */
  cidr6?: number;
  /** DNS-mechanism cost against the limit of 10 (RFC 7208 §4.6.4): 1 for include/a/mx/ptr/exists. */
  lookups: number;
  /** False when this term has a syntax error (it is then reported in `errors`). */
  valid: boolean;
}

export interface SpfModifier {
  kind: "modifier";
  text: string;
  column: number;
  /** Lower-case modifier name: "redirect", "exp", or any unknown name (§6: unknown modifiers are ignored). */
  name: string;
  value: string;
  /**
   * 1 for a `redirect` that is followed, 0 otherwise. §6.1: a redirect in a record that has an `all`
   * mechanism anywhere is ignored, so it costs nothing.
   */
  lookups: number;
  /** §6.1: true for a redirect that is ignored because the record has an `all` mechanism. */
  ignored?: boolean;
  valid: boolean;
}

export type SpfTerm = SpfMechanism | SpfModifier;

export type SpfErrorKind =
  | "not_spf"
  | "bad_character"
  | "unknown_mechanism"
  | "bad_modifier"
  | "missing_argument"
  | "unexpected_argument"
  | "bad_domain_spec"
  | "bad_macro"
  | "bad_ip4"
  | "bad_ip6"
  | "bad_cidr"
  | "duplicate_modifier";

export interface SpfSyntaxError {
  kind: SpfErrorKind;
  /** 1-based column (character offset) in the record of the first offending character. */
  column: number;
  /** The offending term (or the character, for a bad character). */
  token: string;
  message: string;
}

export interface ParsedSpf {
  record: string;
  /** Record length in bytes (RFC 7208 §3.4 advises keeping the whole answer under 512 bytes). */
  bytes: number;
  terms: SpfTerm[];
  errors: SpfSyntaxError[];
  /** The `all` mechanism, if any (the first one: evaluation stops there, §4.6.2). */
  all?: SpfMechanism;
  /** The redirect modifier, if any. */
  redirect?: SpfModifier;
  /** The exp modifier, if any. */
  exp?: SpfModifier;
  /** Sum of the terms' lookup costs in this record alone (not counting what includes pull in). */
  lookups: number;
}

/**
 * RFC 7208 §4.5: a record is an SPF record when it begins with "v=spf1" (case-insensitively) followed by
 * a space or the end; "v=spf10" is not one.
 */
export function isSpfRecord(txt: string): boolean {
  return /^v=spf1( |$)/i.test(txt);
}

/** Sender ID (RFC 4406) records, "spf2.0/pra ...": obsolete; receivers ignore them for SPF. */
export function isLegacySpf2Record(txt: string): boolean {
  return /^spf2\.0\//i.test(txt);
}

function byteLength(s: string): number {
  return new TextEncoder().encode(s).length;
}

const MACRO_LETTERS = "slodiphcrtv";
/** §7.2 (RFC 7208 §7.3 in the final numbering): c, r and t are allowed only in explanation text. */
const EXP_ONLY_LETTERS = "crt";

export interface MacroError {
  kind: "bad_macro" | "bad_domain_spec" | "bad_character";
  /** 0-based offset in the macro-string. */
  offset: number;
  message: string;
}

export interface MacroScan {
  errors: MacroError[];
  /** True when the string contains at least one %{...} expansion (its value depends on the message). */
  hasMacros: boolean;
  /** True when the string ends with a macro-expand (a valid domain-end by itself, §7.1). */
  endsWithMacro: boolean;
}

/**
 * Validates a macro-string (RFC 7208 §7.1):
 *   macro-string = *( macro-expand / macro-literal )
 *   macro-expand = ( "%{" macro-letter transformers *delimiter "}" ) / "%%" / "%_" / "%-"
 *   macro-literal = %x21-24 / %x26-7E
 *   transformers = *DIGIT [ "r" ]      (a given DIGIT must be nonzero)
 *   delimiter    = "." / "-" / "+" / "," / "/" / "_" / "="
 */
export function scanMacroString(s: string, opts: { explanation?: boolean } = {}): MacroScan {
  const errors: MacroError[] = [];
  let hasMacros = false;
  let endsWithMacro = false;
  let i = 0;
  while (i < s.length) {
    const ch = s[i] as string;
    const code = s.charCodeAt(i);
    if (ch !== "%") {
      // In explanation text spaces are literal (§6.2 expands the TXT with spaces allowed).
      if (!((code >= 0x21 && code <= 0x7e) || (opts.explanation && code === 0x20))) {
        errors.push({
          kind: "bad_character",
          offset: i,
          message: `character ${JSON.stringify(ch)} is not allowed here`,
        });
      }
      endsWithMacro = false;
      i++;
      continue;
    }
    const next = s[i + 1];
    if (next === "%" || next === "_" || next === "-") {
      endsWithMacro = true;
      i += 2;
      continue;
    }
    if (next !== "{") {
      errors.push({
        kind: "bad_macro",
        offset: i,
        message: "a '%' must be followed by '{', '%', '_' or '-' (RFC 7208 §7.1)",
      });
      endsWithMacro = false;
      i++;
      continue;
    }
    const close = s.indexOf("}", i + 2);
    if (close < 0) {
      errors.push({ kind: "bad_macro", offset: i, message: "macro is not closed with '}'" });
      return { errors, hasMacros, endsWithMacro: false };
    }
    const body = s.slice(i + 2, close);
    const m = /^([a-z])(\d*)(r?)([.\-+,/_=]*)$/i.exec(body);
    if (!m) {
      errors.push({ kind: "bad_macro", offset: i, message: `malformed macro %{${body}}` });
    } else {
      const letter = (m[1] as string).toLowerCase();
      if (!MACRO_LETTERS.includes(letter)) {
        errors.push({ kind: "bad_macro", offset: i, message: `unknown macro letter '${m[1]}'` });
      } else if (!opts.explanation && EXP_ONLY_LETTERS.includes(letter)) {
        errors.push({
          kind: "bad_macro",
          offset: i,
          message: `macro letter '${m[1]}' is allowed only in explanation text`,
        });
      }
      if (m[2] && Number(m[2]) === 0) {
        errors.push({ kind: "bad_macro", offset: i, message: "the digit transformer must be nonzero" });
      }
      hasMacros = true;
    }
    endsWithMacro = true;
    i = close + 1;
  }
  return { errors, hasMacros, endsWithMacro };
}

const TOPLABEL = /^(?:[a-z0-9]*[a-z][a-z0-9]*|[a-z0-9]+-[a-z0-9-]*[a-z0-9])$/i;

/**
 * Validates a domain-spec (RFC 7208 §7.1): `macro-string domain-end`, where
 * domain-end = ( "." toplabel [ "." ] ) / macro-expand. Returns the offset and message of the first
 * problem, or null.
 */
export function checkDomainSpec(spec: string): MacroError | null {
  if (spec === "") return { kind: "bad_domain_spec", offset: 0, message: "empty domain-spec" };
  const scan = scanMacroString(spec);
  if (scan.errors.length > 0) return scan.errors[0] as MacroError;
  if (scan.endsWithMacro) return null;
  const body = spec.endsWith(".") ? spec.slice(0, -1) : spec;
  const dot = body.lastIndexOf(".");
  if (dot < 0) {
    return {
      kind: "bad_domain_spec",
      offset: 0,
      message: `"${spec}" is a single label: a domain-spec needs a dot before its top label`,
    };
  }
  const top = body.slice(dot + 1);
  if (!TOPLABEL.test(top)) {
    return {
      kind: "bad_domain_spec",
      offset: dot + 1,
      message: `"${top}" is not a valid top label (letters, digits and inner dashes, not all digits)`,
    };
  }
  return null;
}

const QNUM = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])";
const IP4_NETWORK = new RegExp(`^${QNUM}\\.${QNUM}\\.${QNUM}\\.${QNUM}$`);

export function isIp4Network(s: string): boolean {
  return IP4_NETWORK.test(s);
}

/** RFC 4291 §2.2 text forms, including the embedded-IPv4 tail; no zone index. */
export function isIp6Network(s: string): boolean {
  if (!/^[0-9a-f:.]+$/i.test(s)) return false;
  let head = s;
  const lastColon = s.lastIndexOf(":");
  if (lastColon < 0) return false;
  const tail = s.slice(lastColon + 1);
  if (tail.includes(".")) {
    if (!isIp4Network(tail)) return false;
    // The dotted tail stands for the last two 16-bit groups.
    head = s.slice(0, lastColon + 1) + "0:0";
  }
  const parts = head.split("::");
  if (parts.length > 2) return false;
  const hex = /^[0-9a-f]{1,4}$/i;
  const groups = (p: string) => (p === "" ? [] : p.split(":"));
  if (parts.length === 2) {
    const left = groups(parts[0] as string);
    const right = groups(parts[1] as string);
    if (![...left, ...right].every((g) => hex.test(g))) return false;
    return left.length + right.length <= 7;
  }
  const all = groups(head);
  return all.length === 8 && all.every((g) => hex.test(g));
}

/** `/` ("0" / %x31-39 0*nDIGIT): no leading zeros; value within max. */
function parseCidr(text: string, max: number): number | null {
  if (!/^(?:0|[1-9][0-9]*)$/.test(text)) return null;
  const n = Number(text);
  return n <= max ? n : null;
}

interface TermParse {
  term: SpfTerm;
  errors: SpfSyntaxError[];
}

function err(kind: SpfErrorKind, column: number, token: string, message: string): SpfSyntaxError {
  return { kind, column, token, message };
}

/**
 * Splits `rest` (what follows the mechanism name) into an optional ":domain-spec" and a dual-cidr-length.
 * The domain-spec may itself contain "/" (a macro-literal), so the cidr is the longest valid trailing match.
 */
function splitDualCidr(rest: string): { spec: string; cidr4?: string; cidr6?: string } {
  const m = /^(.*?)(?:\/([0-9]*))?(?:\/\/([0-9]*))?$/.exec(rest);
  if (!m) return { spec: rest };
  const out: { spec: string; cidr4?: string; cidr6?: string } = { spec: m[1] as string };
  if (m[2] !== undefined) out.cidr4 = m[2];
  if (m[3] !== undefined) out.cidr6 = m[3];
  return out;
}

function parseMechanism(text: string, column: number): TermParse {
  const errors: SpfSyntaxError[] = [];
  let i = 0;
  let qualifier: Qualifier = "+";
  let explicitQualifier = false;
  const q = text[0];
  if (q === "+" || q === "-" || q === "~" || q === "?") {
    qualifier = q;
    explicitQualifier = true;
    i = 1;
  }
  const nameMatch = /^[a-z0-9]*/i.exec(text.slice(i));
  const rawName = nameMatch ? nameMatch[0] : "";
  const name = rawName.toLowerCase() as MechanismName;
  const rest = text.slice(i + rawName.length);
  const restColumn = column + i + rawName.length;
  const base = { kind: "mechanism" as const, text, column, qualifier, explicitQualifier, lookups: 0 };

  if (!MECHANISMS.includes(name)) {
    errors.push(
      err(
        "unknown_mechanism",
        column,
        text,
        rawName ? `unknown mechanism "${rawName}"` : `"${text}" is neither a mechanism nor a modifier`,
      ),
    );
    return { term: { ...base, name: "all", valid: false }, errors };
  }
  const mech: SpfMechanism = { ...base, name, valid: true };
  if (LOOKUP_MECHANISMS.has(name)) mech.lookups = 1;

  const domainSpecAt = (spec: string, specColumn: number) => {
    mech.domainSpec = spec;
    const problem = checkDomainSpec(spec);
    if (problem) {
      errors.push(err(problem.kind, specColumn + problem.offset, text, problem.message));
    }
  };

  switch (name) {
    case "all":
      if (rest !== "") errors.push(err("unexpected_argument", restColumn, text, `"all" takes no argument`));
      break;
    case "include":
    case "exists":
      if (!rest.startsWith(":") || rest.length === 1) {
        errors.push(err("missing_argument", restColumn, text, `"${name}" needs ":" and a domain`));
      } else {
        domainSpecAt(rest.slice(1), restColumn + 1);
      }
      break;
    case "ptr":
      if (rest !== "") {
        if (!rest.startsWith(":") || rest.length === 1) {
          errors.push(err("bad_domain_spec", restColumn, text, `"ptr" takes only ":" and a domain`));
        } else {
          domainSpecAt(rest.slice(1), restColumn + 1);
        }
      }
      break;
    case "a":
    case "mx": {
      const { spec, cidr4, cidr6 } = splitDualCidr(rest);
      if (spec !== "") {
        if (!spec.startsWith(":") || spec.length === 1) {
          errors.push(
            err("bad_domain_spec", restColumn, text, `"${name}" takes ":" and a domain, or a prefix length`),
          );
        } else {
          domainSpecAt(spec.slice(1), restColumn + 1);
        }
      }
      const cidrColumn = restColumn + spec.length;
      if (cidr4 !== undefined) {
        const n = parseCidr(cidr4, 32);
        if (n === null)
          errors.push(err("bad_cidr", cidrColumn, text, `"/${cidr4}" is not an IPv4 prefix length 0-32`));
        else mech.cidr4 = n;
      }
      if (cidr6 !== undefined) {
        const n = parseCidr(cidr6, 128);
        const col = cidrColumn + (cidr4 !== undefined ? cidr4.length + 1 : 0);
        if (n === null)
          errors.push(err("bad_cidr", col, text, `"//${cidr6}" is not an IPv6 prefix length 0-128`));
        else mech.cidr6 = n;
      }
      break;
    }
    case "ip4":
    case "ip6": {
      if (!rest.startsWith(":") || rest.length === 1) {
        errors.push(err("missing_argument", restColumn, text, `"${name}" needs ":" and an address`));
        break;
      }
      const body = rest.slice(1);
      const slash = body.indexOf("/");
      const network = slash < 0 ? body : body.slice(0, slash);
      const cidr = slash < 0 ? undefined : body.slice(slash + 1);
      mech.network = network;
      const v4 = name === "ip4";
      if (!(v4 ? isIp4Network(network) : isIp6Network(network))) {
        errors.push(
          err(
            v4 ? "bad_ip4" : "bad_ip6",
            restColumn + 1,
            text,
            `"${network}" is not a valid ${v4 ? "IPv4" : "IPv6"} address`,
          ),
        );
      }
      if (cidr !== undefined) {
        const n = parseCidr(cidr, v4 ? 32 : 128);
        if (n === null) {
          errors.push(
            err(
              "bad_cidr",
              restColumn + 1 + network.length,
              text,
              `"/${cidr}" is not an ${v4 ? "IPv4 prefix length 0-32" : "IPv6 prefix length 0-128"}`,
            ),
          );
        } else if (v4) mech.cidr4 = n;
        else mech.cidr6 = n;
      }
      break;
    }
  }
  mech.valid = errors.length === 0;
  return { term: mech, errors };
}

function parseModifier(text: string, column: number, eq: number): TermParse {
  const errors: SpfSyntaxError[] = [];
  const rawName = text.slice(0, eq);
  const name = rawName.toLowerCase();
  const value = text.slice(eq + 1);
  const mod: SpfModifier = { kind: "modifier", text, column, name, value, lookups: 0, valid: true };
  const valueColumn = column + eq + 1;
  if (name === "redirect" || name === "exp") {
    const problem = checkDomainSpec(value);
    if (problem) {
      errors.push(err(problem.kind, valueColumn + problem.offset, text, problem.message));
    }
    if (name === "redirect") mod.lookups = 1;
  } else {
    // Unknown modifiers are ignored (§6), but their value must still be a valid macro-string (§4.6.1).
    const scan = scanMacroString(value);
    const first = scan.errors[0];
    if (first) errors.push(err(first.kind, valueColumn + first.offset, text, first.message));
  }
  mod.valid = errors.length === 0;
  return { term: mod, errors };
}

/**
 * Parses one SPF record. Never throws: problems come back in `errors` (an empty list means the record is
 * syntactically valid; a receiver returns "permerror" for any error, §4.6).
 */
export function parseSpf(record: string): ParsedSpf {
  const errors: SpfSyntaxError[] = [];
  const terms: SpfTerm[] = [];
  const parsed: ParsedSpf = { record, bytes: byteLength(record), terms, errors, lookups: 0 };

  const versionMatch = /^v=spf1/i.exec(record);
  if (!versionMatch || (record.length > 6 && record[6] !== " ")) {
    const token = record.split(" ")[0] ?? "";
    errors.push(
      err("not_spf", 1, token, `an SPF record starts with "v=spf1" followed by a space (RFC 7208 §4.5)`),
    );
    return parsed;
  }

  // §4.6.1: terms are separated by one or more SP; any other byte outside %x21-7E is an error.
  const re = /[^ ]+/g;
  re.lastIndex = 6;
  let m: RegExpExecArray | null;
  while ((m = re.exec(record))) {
    const text = m[0];
    const column = m.index + 1;
    const bad = /[^\x21-\x7e]/.exec(text);
    if (bad) {
      errors.push(
        err(
          "bad_character",
          column + bad.index,
          text,
          `character ${JSON.stringify(bad[0])} is not allowed in an SPF record (only visible ASCII and spaces)`,
        ),
      );
      continue;
    }
    // A modifier's name is ALPHA *( ALPHA / DIGIT / "-" / "_" / "." ) followed by "=" (§4.6.1); a mechanism
    // can only contain "=" after its ":" or "/", so this test tells the two apart.
    const modMatch = /^([a-z][a-z0-9\-_.]*)=/i.exec(text);
    let parsedTerm: TermParse;
    if (modMatch) {
      parsedTerm = parseModifier(text, column, (modMatch[1] as string).length);
    } else if (/^[^:/]*=/.test(text)) {
      parsedTerm = {
        term: {
          kind: "modifier",
          text,
          column,
          name: text.split("=")[0] ?? "",
          value: "",
          lookups: 0,
          valid: false,
        },
        errors: [err("bad_modifier", column, text, `"${text.split("=")[0]}" is not a valid modifier name`)],
      };
    } else {
      parsedTerm = parseMechanism(text, column);
    }
    terms.push(parsedTerm.term);
    errors.push(...parsedTerm.errors);
  }

  for (const term of terms) {
    if (term.kind === "mechanism") {
      if (term.name === "all" && term.valid && !parsed.all) parsed.all = term;
    } else if (term.name === "redirect" || term.name === "exp") {
      // §6: redirect and exp MUST NOT appear more than once each.
      if (parsed[term.name]) {
        errors.push(
          err(
            "duplicate_modifier",
            term.column,
            term.text,
            `"${term.name}" appears more than once (RFC 7208 §6)`,
          ),
        );
        term.valid = false;
        term.lookups = 0;
      } else {
        parsed[term.name] = term;
      }
    }
  }
  // §6.1: "any redirect modifier MUST be ignored if there is an all mechanism anywhere in the record".
  if (parsed.redirect && terms.some((t) => t.kind === "mechanism" && t.name === "all" && t.valid)) {
    parsed.redirect.ignored = true;
    parsed.redirect.lookups = 0;
  }
  errors.sort((a, b) => a.column - b.column);
  parsed.lookups = terms.reduce((n, t) => n + t.lookups, 0);
  return parsed;
}

/** Renders terms back into a record ("v=spf1 " + terms), for generated fixes. */
export function formatSpf(terms: readonly string[]): string {
  return ["v=spf1", ...terms].join(" ");
}

/** Whether a domain-spec contains macros (its target depends on the message, so it cannot be followed). */
export function hasMacros(spec: string): boolean {
  return scanMacroString(spec).hasMacros || /%[%_-]/.test(spec);
}

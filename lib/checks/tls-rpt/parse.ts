/**
 * TLS-RPT policy records (RFC 8460 §3). Pure and synchronous.
 */

export interface TlsRptUri {
  uri: string;
  scheme: "mailto" | "https";
}

export interface TlsRptProblem {
  reason:
    | "invalid_version"
    | "malformed_field"
    | "duplicate_rua"
    | "missing_rua"
    | "invalid_uri"
    | "unsupported_scheme";
  value?: string;
}

export interface TlsRptRecord {
  raw: string;
  rua: TlsRptUri[];
  /** Extension fields (§3: tlsrpt-extension), kept as written. */
  extensions: { name: string; value: string }[];
  problems: TlsRptProblem[];
}

/**
 * §3: records that do not begin with "v=TLSRPTv1" are discarded. The ABNF uses %s (case-sensitive);
 * the version is followed by a field delimiter.
 */
export function isTlsRptRecord(txt: string): boolean {
  return /^v=TLSRPTv1\s*(;|$)/.test(txt);
}

/** Parses one rua URI: "mailto:" with a mailbox, or an absolute "https:" URL (§3). */
export function parseTlsRptUri(text: string): TlsRptUri | TlsRptProblem {
  const uri = text.trim();
  const m = /^([a-z][a-z0-9+.-]*):(.+)$/i.exec(uri);
  if (!m || /\s/.test(uri)) return { reason: "invalid_uri", value: uri };
  const scheme = m[1]!.toLowerCase();
  if (scheme === "mailto") {
    const addr = m[2]!.split("?")[0] ?? "";
    if (!/^[^@\s]+@[a-z0-9-]+(\.[a-z0-9-]+)+\.?$/i.test(decodeSafe(addr)))
      return { reason: "invalid_uri", value: uri };
    return { uri, scheme: "mailto" };
  }
  if (scheme === "https") {
    try {
      const u = new URL(uri);
      if (!u.hostname) return { reason: "invalid_uri", value: uri };
    } catch {
      return { reason: "invalid_uri", value: uri };
    }
    return { uri, scheme: "https" };
  }
  return { reason: "unsupported_scheme", value: uri };
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function parseTlsRpt(raw: string): TlsRptRecord {
  const rec: TlsRptRecord = { raw, rua: [], extensions: [], problems: [] };
  // field-delim = *WSP ";" *WSP; a trailing delimiter is allowed.
  const fields = raw.split(";").map((s) => s.trim());
  if (fields.length > 1 && fields[fields.length - 1] === "") fields.pop();
  const [version, ...rest] = fields;
  if (version !== "v=TLSRPTv1") rec.problems.push({ reason: "invalid_version", value: version ?? "" });
  let sawRua = false;
  for (const field of rest) {
    const m = /^([A-Za-z0-9][A-Za-z0-9_.-]{0,31})=(.*)$/s.exec(field);
    if (!m) {
      rec.problems.push({ reason: "malformed_field", value: field });
      continue;
    }
    const name = m[1]!;
    const value = m[2]!;
    if (name !== "rua") {
      // tlsrpt-ext-value = 1*(%x21-3A / %x3C / %x3E-7E): no "=", ";", space or controls.
      if (!/^[\x21-\x3a\x3c\x3e-\x7e]+$/.test(value))
        rec.problems.push({ reason: "malformed_field", value: field });
      else rec.extensions.push({ name, value });
      continue;
    }
    if (sawRua) {
      rec.problems.push({ reason: "duplicate_rua", value: field });
      continue;
    }
    sawRua = true;
    for (const item of value.split(",")) {
      const parsed = parseTlsRptUri(item);
      if ("reason" in parsed) rec.problems.push(parsed);
      else rec.rua.push(parsed);
    }
  }
  // §3: rua is the one required field.
  if (!sawRua) rec.problems.push({ reason: "missing_rua" });
  return rec;
}

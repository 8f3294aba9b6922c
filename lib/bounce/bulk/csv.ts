/**
 * Streaming RFC 4180 CSV: fields separated by the delimiter, quoted with '"', '""' for a quote, and
 * quoted fields may hold line breaks (the record then spans several input lines). One record at a time,
 * with a bound on the size of a record so an unterminated quote cannot swallow the whole input.
 */
export class CsvReader {
  private fields: string[] = [];
  private field = "";
  private inQuotes = false;
  private size = 0;

  constructor(
    readonly delimiter: string,
    private readonly maxRecordChars = 256 * 1024,
  ) {}

  /** Feed one input line; returns a finished record or null when a quoted field continues. */
  push(line: string): string[] | null {
    const d = this.delimiter;
    this.size += line.length;
    if (this.inQuotes) this.field += "\n";
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (this.inQuotes) {
        if (ch === '"') {
          if (line[i + 1] === '"') {
            this.field += '"';
            i++;
          } else this.inQuotes = false;
        } else this.field += ch;
      } else if (ch === '"' && this.field === "") this.inQuotes = true;
      else if (ch === d) {
        this.fields.push(this.field);
        this.field = "";
      } else this.field += ch;
    }
    if (this.inQuotes && this.size < this.maxRecordChars) return null;
    // Too long with an open quote: close it here rather than read on without bound.
    this.inQuotes = false;
    this.fields.push(this.field);
    const rec = this.fields;
    this.fields = [];
    this.field = "";
    this.size = 0;
    return rec;
  }

  /** A record still open at end of input. */
  flush(): string[] | null {
    if (!this.inQuotes && this.fields.length === 0 && this.field === "") return null;
    this.inQuotes = false;
    this.fields.push(this.field);
    const rec = this.fields;
    this.fields = [];
    this.field = "";
    return rec;
  }
}

/** The delimiter of a header row: the most frequent of comma, semicolon, tab outside quotes. */
export function detectDelimiter(header: string): string {
  let best = ",";
  let bestN = 0;
  for (const d of [",", ";", "\t", "|"]) {
    let n = 0;
    let q = false;
    for (const ch of header) {
      if (ch === '"') q = !q;
      else if (!q && ch === d) n++;
    }
    if (n > bestN) {
      best = d;
      bestN = n;
    }
  }
  return best;
}

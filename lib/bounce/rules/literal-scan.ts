/**
 * Finds which of a set of lower-case literals occur in a text, in one pass over it. Prefilters
 * (./prefilter.ts) name literals one of which must be present for a regex to match; a table of them scans
 * the text once and every regex whose literals are all absent is skipped without being run.
 *
 * A hash of each position's first three characters says whether any literal can start there (16,384
 * slots in a 2 KB bit set: it stays in the CPU cache, so most positions cost one read); where one can,
 * the literals are followed in a trie from that position, so literals sharing a prefix ("mailbox ",
 * "mailbox full", "mailbox is") are compared once, not once each.
 */

const SLOT_BITS = 14;

/** Literals shorter than this are not indexed (the slot hash reads three characters). */
export const MIN_SCAN_LITERAL = 3;

/** The slot of the three characters at `i` (the scan computes the same key rolling along the text). */
function triSlot(s: string, i: number): number {
  const k =
    ((s.charCodeAt(i) & 0x7f) << 14) | ((s.charCodeAt(i + 1) & 0x7f) << 7) | (s.charCodeAt(i + 2) & 0x7f);
  return Math.imul(k, 0x9e3779b1) >>> (32 - SLOT_BITS);
}

/** The literals one scan found: `has[id] === 1`, and their ids, `count` of them, in `ids`. */
export class LiteralHits {
  has: Uint8Array;
  ids: Uint32Array;
  count = 0;
  constructor(size: number) {
    this.has = new Uint8Array(size);
    this.ids = new Uint32Array(size);
  }
  /** Whether any of the literals `lits` was found; null (no prefilter) counts as found. */
  any(lits: readonly number[] | null): boolean {
    if (lits === null) return true;
    const has = this.has;
    for (let k = 0; k < lits.length; k++) if (has[lits[k]!] === 1) return true;
    return false;
  }
}

/** Fields of a trie node, interleaved in one array so that a step of a walk reads one cache line. */
const CHILD = 0; // first child, or -1
const NEXT = 1; // next sibling, or -1
const CODE = 2; // the character leading to the node
const TERM = 3; // the literal id ending at the node, or -1

export class LiteralTable {
  private readonly literals: string[] = [];
  private readonly index = new Map<string, number>();
  /** Bit set: 1 where some literal's first three characters hash to the slot (2 KB, stays in cache). */
  private slots: Uint32Array | null = null;
  /** The trie of the literals, four fields per node; the root is at offset 0. */
  private nodes = new Int32Array(0);
  /** The root's children (offsets) by character code (-1: none), so a walk's first step is one read. */
  private root = new Int32Array(0);
  /** The nodes (offsets) two ASCII characters down, by (first << 7 | second): most walks start there. */
  private root2 = new Int32Array(0);

  /** The id of a literal (lower-case, at least MIN_SCAN_LITERAL characters); ids are dense from 0. */
  id(literal: string): number {
    if (this.slots) throw new Error("literal table already compiled");
    if (literal.length < MIN_SCAN_LITERAL) throw new Error(`literal too short: ${literal}`);
    let i = this.index.get(literal);
    if (i === undefined) {
      i = this.literals.length;
      this.literals.push(literal);
      this.index.set(literal, i);
    }
    return i;
  }

  /** Ids of a prefilter's literals, or null when it has none (the regex always runs). */
  ids(literals: readonly string[] | null): number[] | null {
    return literals ? literals.map((l) => this.id(l)) : null;
  }

  get size(): number {
    return this.literals.length;
  }

  /** A result buffer for scans of this table (compiles the table: no literal can be added after). */
  hits(): LiteralHits {
    this.compile();
    return new LiteralHits(this.literals.length);
  }

  private compile(): Uint32Array {
    if (this.slots) return this.slots;
    const slots = new Uint32Array((1 << SLOT_BITS) >>> 5);
    // Offsets, not node numbers, everywhere: a walk adds no multiplication.
    const nodes: number[] = [-1, -1, 0, -1];
    for (let id = 0; id < this.literals.length; id++) {
      const l = this.literals[id]!;
      const slot = triSlot(l, 0);
      slots[slot >>> 5]! |= 1 << (slot & 31);
      let node = 0;
      for (let k = 0; k < l.length; k++) {
        const c = l.charCodeAt(k);
        let x = nodes[node + CHILD]!;
        while (x !== -1 && nodes[x + CODE] !== c) x = nodes[x + NEXT]!;
        if (x === -1) {
          x = nodes.length;
          nodes.push(-1, nodes[node + CHILD]!, c, -1);
          nodes[node + CHILD] = x;
        }
        node = x;
      }
      nodes[node + TERM] = id;
    }
    this.nodes = Int32Array.from(nodes);
    this.root = new Int32Array(65536).fill(-1);
    this.root2 = new Int32Array(1 << 14).fill(-1);
    for (let x = nodes[CHILD]!; x !== -1; x = nodes[x + NEXT]!) {
      const cx = nodes[x + CODE]!;
      this.root[cx] = x;
      if (cx < 128)
        for (let y = nodes[x + CHILD]!; y !== -1; y = nodes[y + NEXT]!)
          if (nodes[y + CODE]! < 128) this.root2[(cx << 7) | nodes[y + CODE]!] = y;
    }
    this.slots = slots;
    return slots;
  }

  /** Marks in `hits` (cleared first) every literal present in `lower`, the lower-cased text. */
  scan(lower: string, hits: LiteralHits): LiteralHits {
    const slots = this.compile();
    // Fields read once into locals for the loop.
    const found = hits.has;
    const foundIds = hits.ids;
    const root = this.root;
    const root2 = this.root2;
    const nodes = this.nodes;
    let count = hits.count;
    for (let k = 0; k < count; k++) found[foundIds[k]!] = 0;
    count = 0;
    const n = lower.length;
    // The three characters' key rolls along the text: one new character read per position.
    let a = n > 0 ? lower.charCodeAt(0) & 0x7f : 0;
    let b = n > 1 ? lower.charCodeAt(1) & 0x7f : 0;
    for (let i = 0; i + 2 < n; i++) {
      const c2 = lower.charCodeAt(i + 2) & 0x7f;
      const key = (a << 14) | (b << 7) | c2;
      a = b;
      b = c2;
      const slot = Math.imul(key, 0x9e3779b1) >>> (32 - SLOT_BITS);
      if ((slots[slot >>> 5]! & (1 << (slot & 31))) === 0) continue;
      const c0 = lower.charCodeAt(i);
      const c1 = lower.charCodeAt(i + 1);
      let node: number;
      let q: number;
      // Every literal has three characters or more, so no node above the third ends one.
      if ((c0 | c1) < 128) {
        node = root2[(c0 << 7) | c1]!;
        q = i + 2;
      } else {
        node = root[c0]!;
        q = i + 1;
      }
      for (; node !== -1; q++) {
        const id = nodes[node + TERM]!;
        if (id !== -1 && found[id] === 0) {
          found[id] = 1;
          foundIds[count++] = id;
        }
        if (q >= n) break;
        const c = lower.charCodeAt(q);
        let x = nodes[node + CHILD]!;
        while (x !== -1 && nodes[x + CODE] !== c) x = nodes[x + NEXT]!;
        node = x;
      }
    }
    hits.count = count;
    return hits;
  }
}

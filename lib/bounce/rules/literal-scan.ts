/**
 * Finds which of a set of lower-case literals occur in a text, in one pass over it. Prefilters
 * (./prefilter.ts) name literals one of which must be present for a regex to match; a table of them scans
 * the text once and every regex whose literals are all absent is skipped without being run.
 *
 * A hash of each position's first three characters says whether any literal can start there (16,384
 * slots in a 2 KB bit set: it stays in the CPU cache, so most positions cost one read); where one can and
 * no three-character literal ends there, a hash of the first four characters is checked in a second bit
 * set. Only then are the literals followed in a trie from that position, so literals sharing a prefix
 * ("mailbox ", "mailbox full", "mailbox is") are compared once, not once each.
 */

import { MIN_LITERAL } from "./prefilter";

const SLOT_BITS = 14;

/** The slot of the three characters at `i` (the scan computes the same key rolling along the text). */
function triSlot(s: string, i: number): number {
  const k =
    ((s.charCodeAt(i) & 0x7f) << 14) | ((s.charCodeAt(i + 1) & 0x7f) << 7) | (s.charCodeAt(i + 2) & 0x7f);
  return Math.imul(k, 0x9e3779b1) >>> (32 - SLOT_BITS);
}

/** The slot of the four characters at `i`, a literal's first four as the scan reads them. */
function quadSlot(s: string, i: number): number {
  const k =
    ((s.charCodeAt(i) & 0x7f) << 21) |
    ((s.charCodeAt(i + 1) & 0x7f) << 14) |
    ((s.charCodeAt(i + 2) & 0x7f) << 7) |
    (s.charCodeAt(i + 3) & 0x7f);
  return Math.imul(k, 0x85ebca6b) >>> (32 - SLOT_BITS);
}

/** Word offsets of the three bit sets in `slots`. */
const WORDS = (1 << SLOT_BITS) >>> 5;
const THREE = WORDS; // the three-character literals themselves, by triSlot
const FOUR = 2 * WORDS; // the first four characters of the longer literals, by quadSlot

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

/**
 * A trie node is two words: its next sibling's offset (or -1; siblings go in character order), then its
 * character (high 16 bits), whether it has children (bit 15) and 1 + the id of the literal ending at it
 * (low 15 bits; 0: none). Nodes are laid out in depth-first order, so a node's first child is the next
 * node and a walk along one literal's tail reads consecutive memory: eight nodes per cache line, where the
 * parser between two scans has evicted most of the table.
 */
const NEXT = 0;
const INFO = 1;
const HAS_CHILD = 0x8000;
const TERM_MASK = 0x7fff;

export class LiteralTable {
  private readonly literals: string[] = [];
  private readonly index = new Map<string, number>();
  /**
   * Three bit sets of 2 KB (they stay in cache): where some literal's first three characters hash (at 0),
   * where a three-character literal does (THREE), where a longer literal's first four do (FOUR).
   */
  private slots: Uint32Array | null = null;
  /** The trie of the literals, two words per node (NEXT, INFO); the root is at offset 0. */
  private nodes = new Int32Array(0);
  /** The root's children (offsets) by character code (-1: none), for a walk starting on non-ASCII. */
  private root = new Int32Array(0);
  /**
   * The nodes three ASCII characters down, in an open-addressed hash of their key (as the scan rolls it):
   * two words per entry, the key (-1: empty) and the node's offset. Most walks start there, past the
   * widest fan-out of the trie, which a child search would read sibling by sibling.
   */
  private root3 = new Int32Array(0);
  /** log2 of root3's entry count. */
  private root3Bits = 0;

  /** The id of a literal (lower-case, at least MIN_LITERAL characters, as the prefilters make them: the slot hash reads three); ids are dense from 0. */
  id(literal: string): number {
    if (this.slots) throw new Error("literal table already compiled");
    if (literal.length < MIN_LITERAL) throw new Error(`literal too short: ${literal}`);
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

  /** A result buffer for scans of this table (compiles the table: no literal can be added after). */
  hits(): LiteralHits {
    this.compile();
    return new LiteralHits(this.literals.length);
  }

  private compile(): Uint32Array {
    if (this.slots) return this.slots;
    if (this.literals.length > TERM_MASK - 1) throw new Error("too many literals");
    const slots = new Uint32Array(3 * WORDS);
    const literals = this.literals;
    // In code-unit order (as charCodeAt reads them) the literals list the trie's nodes depth first: each
    // literal adds the nodes past its common prefix with the one before, a new node's first child is the
    // next node made, and a node made where the previous literal had one at the same depth (with the
    // same parent) is that node's next sibling. One pass, no search for a child.
    const order = literals.map((_, id) => id);
    order.sort((x, y) => (literals[x]! < literals[y]! ? -1 : 1));
    // A node per literal character at most, plus the root; typed from the start (character codes shifted
    // left by 16 leave the small-integer range of a plain array).
    let size = 1;
    for (const l of literals) size += l.length;
    const nodes = new Int32Array(2 * size);
    nodes[NEXT] = -1;
    let end = 2;
    /** The nodes (offsets) on the previous literal's path, by depth. */
    const path: number[] = [0];
    let prev = "";
    for (const id of order) {
      const l = literals[id]!;
      const slot = triSlot(l, 0);
      slots[slot >>> 5]! |= 1 << (slot & 31);
      if (l.length === 3) slots[THREE + (slot >>> 5)]! |= 1 << (slot & 31);
      else {
        const quad = quadSlot(l, 0);
        slots[FOUR + (quad >>> 5)]! |= 1 << (quad & 31);
      }
      let common = 0;
      while (common < prev.length && prev.charCodeAt(common) === l.charCodeAt(common)) common++;
      for (let depth = common + 1; depth <= l.length; depth++) {
        const x = end;
        end += 2;
        nodes[path[depth - 1]! + INFO]! |= HAS_CHILD;
        if (depth === common + 1 && prev.length >= depth) nodes[path[depth]! + NEXT] = x;
        nodes[x + NEXT] = -1;
        nodes[x + INFO] = l.charCodeAt(depth - 1) << 16;
        path[depth] = x;
      }
      nodes[path[l.length]! + INFO]! |= id + 1;
      prev = l;
    }
    this.nodes = nodes.slice(0, end);
    this.root = new Int32Array(65536).fill(-1);
    // The root's children start at the second node; a node's first child follows it.
    const third: number[] = [];
    for (let x = literals.length > 0 ? 2 : -1; x !== -1; x = nodes[x + NEXT]!) {
      const cx = nodes[x + INFO]! >>> 16;
      this.root[cx] = x;
      if (cx >= 128 || (nodes[x + INFO]! & HAS_CHILD) === 0) continue;
      for (let y = x + 2; y !== -1; y = nodes[y + NEXT]!) {
        const cy = nodes[y + INFO]! >>> 16;
        if (cy >= 128) continue;
        // Every literal has three characters or more: a node two down has children.
        for (let z = y + 2; z !== -1; z = nodes[z + NEXT]!) {
          const cz = nodes[z + INFO]! >>> 16;
          if (cz < 128) third.push((cx << 14) | (cy << 7) | cz, z);
        }
      }
    }
    // At least twice as many entries as keys: probes stay short.
    let bits = 1;
    while (1 << bits < third.length) bits++;
    const root3 = new Int32Array(2 << bits).fill(-1);
    for (let k = 0; k < third.length; k += 2) {
      let h = Math.imul(third[k]!, 0x9e3779b1) >>> (32 - bits);
      while (root3[2 * h] !== -1) h = (h + 1) & ((1 << bits) - 1);
      root3[2 * h] = third[k]!;
      root3[2 * h + 1] = third[k + 1]!;
    }
    this.root3 = root3;
    this.root3Bits = bits;
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
    const root3 = this.root3;
    const root3Shift = 32 - this.root3Bits;
    const root3Mask = (1 << this.root3Bits) - 1;
    const nodes = this.nodes;
    let count = hits.count;
    for (let k = 0; k < count; k++) found[foundIds[k]!] = 0;
    count = 0;
    const n = lower.length;
    // The three characters' key rolls along the text: one new character read per position, shifted in
    // while the oldest is masked out (one variable, not one per character: fewer instructions a position).
    let key = n > 1 ? ((lower.charCodeAt(0) & 0x7f) << 7) | (lower.charCodeAt(1) & 0x7f) : 0;
    const end = n - 2;
    for (let i = 0; i < end; i++) {
      key = ((key << 7) | (lower.charCodeAt(i + 2) & 0x7f)) & 0x1fffff;
      // One multiply serves both hashes of the key: the slot's bits and root3's (see compile).
      const mixed = Math.imul(key, 0x9e3779b1);
      const slot = mixed >>> (32 - SLOT_BITS);
      if ((slots[slot >>> 5]! & (1 << (slot & 31))) === 0) continue;
      // Most of the positions left start a literal's first three characters but not a whole three-character
      // literal: the fourth character then decides, from a second bit set, before the trie is read.
      if ((slots[THREE + (slot >>> 5)]! & (1 << (slot & 31))) === 0) {
        if (i + 3 >= n) continue;
        const quad =
          Math.imul((key << 7) | (lower.charCodeAt(i + 3) & 0x7f), 0x85ebca6b) >>> (32 - SLOT_BITS);
        if ((slots[FOUR + (quad >>> 5)]! & (1 << (quad & 31))) === 0) continue;
      }
      const c0 = lower.charCodeAt(i);
      let node: number;
      let q: number;
      // Every literal has three characters or more, so no node above the third ends one: a walk starts at
      // the third (its literal, if any, is marked first), unless one of the three is not ASCII (the key
      // masks them).
      if ((c0 | lower.charCodeAt(i + 1) | lower.charCodeAt(i + 2)) < 128) {
        let h = mixed >>> root3Shift;
        let k = root3[2 * h]!;
        while (k !== key && k !== -1) k = root3[2 * (h = (h + 1) & root3Mask)]!;
        node = k === -1 ? -1 : root3[2 * h + 1]!;
        q = i + 3;
      } else {
        node = root[c0]!;
        q = i + 1;
      }
      if (node === -1) continue;
      // The node's word is carried from the child search that found it: one read per character.
      let info = nodes[node + INFO]!;
      for (;;) {
        const id = (info & TERM_MASK) - 1;
        if (id !== -1 && found[id] === 0) {
          found[id] = 1;
          foundIds[count++] = id;
        }
        if ((info & HAS_CHILD) === 0 || q >= n) break;
        const c = lower.charCodeAt(q++);
        // The first child follows its parent; the others are reached through NEXT, in character order:
        // the search stops at the first one past c.
        let x = node + 2;
        let xi = nodes[x + INFO]!;
        while (xi >>> 16 < c && (x = nodes[x + NEXT]!) !== -1) xi = nodes[x + INFO]!;
        if (x === -1 || xi >>> 16 !== c) break;
        node = x;
        info = xi;
      }
    }
    hits.count = count;
    return hits;
  }
}

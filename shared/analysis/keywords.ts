/**
 * The keyword prefilter: every rule keyword compiled into one Aho-Corasick automaton over bytes,
 * ASCII case folded, as a dense table (state × byte → next state). One pass over a file reports
 * where each keyword ends; only then do rules run, and only on the lines that hold their keywords.
 *
 * The pass is bound by the latency of one table load per byte, so the table is kept small
 * (16-bit entries: about 0.7 MB for the built-in rules, half the size of 32-bit offsets and
 * measured almost twice as fast) and four independent cursors run over the four quarters of a
 * file (each but the first starts early by the longest keyword, so nothing straddling a border
 * is missed): the CPU overlaps the four chains of loads. Over the files of node_modules/@aws-sdk
 * (38 MB) four cursors took the warm pass from about 50 to about 42 ms against two.
 */

export interface KeywordHits {
  /** Keyword index of each hit, in file order. */
  readonly keywords: Int32Array;
  /** Byte offset just past each hit. */
  readonly ends: Int32Array;
  readonly count: number;
}

class HitBuffer {
  keywords = new Int32Array(64);
  ends = new Int32Array(64);
  count = 0;

  push(keyword: number, end: number): void {
    if (this.count === this.keywords.length) {
      const keywords = new Int32Array(this.count * 2);
      const ends = new Int32Array(this.count * 2);
      keywords.set(this.keywords);
      ends.set(this.ends);
      this.keywords = keywords;
      this.ends = ends;
    }
    this.keywords[this.count] = keyword;
    this.ends[this.count] = end;
    this.count += 1;
  }
}

interface Trie {
  /** goto[state * 128 + code]: the child for a lower-case ASCII code, 0 when absent (the root is nobody's child). */
  readonly goto: Int32Array;
  /** Each state's code (the byte that leads to it) and parent: its edge in the trie. */
  readonly codes: Int32Array;
  readonly parents: Int32Array;
  /** Keyword indexes ending at each state; completed with those of failure states. */
  readonly outputs: number[][];
  readonly count: number;
}

function buildTrie(keywords: readonly string[]): Trie {
  const size = keywords.reduce((sum, keyword) => sum + keyword.length, 1);
  const goto = new Int32Array(size * 128);
  const codes = new Int32Array(size);
  const parents = new Int32Array(size);
  const outputs: number[][] = [[]];
  let count = 1;
  keywords.forEach((keyword, index) => {
    let state = 0;
    for (let at = 0; at < keyword.length; at += 1) {
      const code = keyword.charCodeAt(at);
      const slot = state * 128 + code;
      if ((goto[slot] ?? 0) === 0) {
        goto[slot] = count;
        codes[count] = code;
        parents[count] = state;
        outputs.push([]);
        count += 1;
      }
      state = goto[slot] ?? 0;
    }
    outputs[state]?.push(index);
  });
  return { goto, codes, parents, outputs, count };
}

/**
 * The states in breadth-first order (parents before children: the trie's states are numbered
 * as created, so by keyword, not by depth) and their failure links: the longest proper suffix
 * of a state's path that is also a path. Each state's outputs are completed with its failure
 * state's. Work per trie edge, not per edge and byte.
 */
function failureLinks(trie: Trie): { order: Int32Array; fail: Int32Array } {
  const { goto, codes, parents, outputs, count } = trie;
  const order = breadthFirstOrder(parents, count);
  const fail = new Int32Array(count);
  for (let index = 1; index < count; index += 1) {
    const state = order[index] ?? 0;
    const parent = parents[state] ?? 0;
    const code = codes[state] ?? 0;
    if (parent !== 0) {
      let candidate = fail[parent] ?? 0;
      while (candidate !== 0 && (goto[candidate * 128 + code] ?? 0) === 0) candidate = fail[candidate] ?? 0;
      fail[state] = goto[candidate * 128 + code] ?? 0;
    }
    const inherited = outputs[fail[state] ?? 0] ?? [];
    if (inherited.length > 0) outputs[state] = [...(outputs[state] ?? []), ...inherited];
  }
  return { order, fail };
}

/** A stable counting sort of the states by depth: a parent is created before its children, so it comes first. */
function breadthFirstOrder(parents: Int32Array, count: number): Int32Array {
  const depth = new Int32Array(count);
  for (let state = 1; state < count; state += 1) depth[state] = (depth[parents[state] ?? 0] ?? 0) + 1;
  const starts = new Int32Array(count + 1);
  for (let state = 0; state < count; state += 1) starts[(depth[state] ?? 0) + 1] = (starts[(depth[state] ?? 0) + 1] ?? 0) + 1;
  for (let level = 1; level <= count; level += 1) starts[level] = (starts[level] ?? 0) + (starts[level - 1] ?? 0);
  const order = new Int32Array(count);
  for (let state = 0; state < count; state += 1) {
    const level = depth[state] ?? 0;
    order[starts[level] ?? 0] = state;
    starts[level] = (starts[level] ?? 0) + 1;
  }
  return order;
}

/**
 * The byte table of the renumbered DFA. In breadth-first order, a state's row is its failure
 * state's row (already complete: it is shallower) with the state's own edges written over it,
 * both cases of a letter alike; bytes no keyword holds lead to the root (0). One native copy per
 * state and a few writes: no loop over states × bytes, which ran cold and cost tens of ms.
 */
function foldedTable(trie: Trie, order: Int32Array, fail: Int32Array, renamed: Int32Array): Uint16Array {
  const { codes, parents, count } = trie;
  // Each state's children as a linked list (0 ends it: the root is nobody's child).
  const firstChild = new Int32Array(count);
  const nextSibling = new Int32Array(count);
  for (let child = count - 1; child >= 1; child -= 1) {
    const parent = parents[child] ?? 0;
    nextSibling[child] = firstChild[parent] ?? 0;
    firstChild[parent] = child;
  }
  const table = new Uint16Array(count * 256);
  for (let index = 0; index < count; index += 1) {
    const state = order[index] ?? 0;
    const row = (renamed[state] ?? 0) << 8;
    if (state !== 0) {
      const failRow = (renamed[fail[state] ?? 0] ?? 0) << 8;
      table.copyWithin(row, failRow, failRow + 256);
    }
    for (let child = firstChild[state] ?? 0; child !== 0; child = nextSibling[child] ?? 0) {
      const code = codes[child] ?? 0;
      const next = renamed[child] ?? 0;
      table[row | code] = next;
      if (code >= 0x61 && code <= 0x7a) table[row | (code - 32)] = next;
    }
  }
  return table;
}

/** Files at least this long are split between four cursors; shorter ones take one. */
const SPLIT_FROM = 1024;
const CURSORS = 4;

export class KeywordAutomaton {
  /** next[(state << 8) | byte] = next state. */
  private readonly table: Uint16Array;
  /** States at or above this one have outputs. */
  private readonly acceptFrom: number;
  /** Output keyword indexes per accepting state (index: state - first accepting state). */
  private readonly outputs: readonly (readonly number[])[];
  private readonly longest: number;
  /** The first cursor's hits, and in the end everyone's, in order: the result. */
  private readonly firstHits = new HitBuffer();
  /** The hits of cursors 1 to 3. */
  private readonly laterHits: readonly HitBuffer[] = Array.from({ length: CURSORS - 1 }, () => new HitBuffer());
  /** The hot loops' state, passed in and out (see `advanceOne`, `advanceFour`). */
  private readonly cursor = new Int32Array(2);
  private readonly cursors = new Int32Array(2 * CURSORS);

  constructor(readonly keywords: readonly string[]) {
    for (const keyword of keywords) {
      if (keyword.length === 0 || /[^\x20-\x7e]/.test(keyword) || keyword !== keyword.toLowerCase()) {
        throw new Error(`keyword must be non-empty lower-case printable ASCII: ${JSON.stringify(keyword)}`);
      }
    }
    this.longest = Math.max(1, ...keywords.map((keyword) => keyword.length));
    // Typed arrays throughout: this runs once per process, before the JIT has warmed up.
    const trie = buildTrie(keywords);
    if (trie.count > 0xffff) throw new Error(`too many keyword states for a 16-bit table: ${trie.count}`);
    const { order, fail } = failureLinks(trie);
    // Renumber so accepting states come last: the hot loop then tests one comparison.
    const renamed = new Int32Array(trie.count);
    const outputs: (readonly number[])[] = [];
    let plain = 0;
    for (let state = 0; state < trie.count; state += 1) if ((trie.outputs[state]?.length ?? 0) === 0) renamed[state] = plain++;
    for (let state = 0; state < trie.count; state += 1) {
      const found = trie.outputs[state] ?? [];
      if (found.length > 0) {
        renamed[state] = plain + outputs.length;
        outputs.push(found);
      }
    }
    this.acceptFrom = plain;
    this.outputs = outputs;
    this.table = foldedTable(trie, order, fail, renamed);
  }

  /**
   * Every keyword occurrence in `bytes`, in order of its end offset. The result is a view over
   * buffers this automaton reuses: it is valid until the next call.
   */
  scan(bytes: Uint8Array): KeywordHits {
    const result = this.firstHits;
    const others = this.laterHits;
    result.count = 0;
    if (this.keywords.length === 0 || bytes.length === 0) return result;
    const quarter = bytes.length >>> 2;
    if (bytes.length < SPLIT_FROM || quarter <= this.longest) {
      this.scanRange(bytes, 0, bytes.length, 0, result);
      return result;
    }
    for (const buffer of others) buffer.count = 0;
    this.scanQuarters(bytes, quarter);
    for (const buffer of others) for (let index = 0; index < buffer.count; index += 1) result.push(buffer.keywords[index] ?? 0, buffer.ends[index] ?? 0);
    return result;
  }

  /** One cursor from `state` over `bytes[from, to)`, hits to `hits`. */
  private scanRange(bytes: Uint8Array, from: number, to: number, state: number, hits: HitBuffer): void {
    const cursor = this.cursor;
    cursor[0] = state;
    for (let at = from; at < to; at = cursor[1] ?? to) {
      advanceOne(this.table, this.acceptFrom, bytes, at, to, cursor);
      const reached = cursor[0] ?? 0;
      if (reached >= this.acceptFrom) this.record(hits, reached, cursor[1] ?? 0);
    }
  }

  /**
   * Cursor k owns the bytes of quarter k (the last one up to the end) and starts `longest` bytes
   * before it, so a keyword crossing into its quarter is seen; a hit ending before its quarter
   * is its neighbour's. All four run in lockstep for a quarter's length, then cursors 1 to 3 go
   * on alone to the ends of their quarters.
   */
  private scanQuarters(bytes: Uint8Array, quarter: number): void {
    const cursors = this.cursors;
    const accept = this.acceptFrom;
    for (let k = 0; k < CURSORS; k += 1) {
      cursors[k] = 0;
      cursors[CURSORS + k] = k === 0 ? 0 : k * quarter - this.longest;
    }
    for (;;) {
      advanceFour(this.table, accept, bytes, quarter, cursors);
      if ((cursors[CURSORS] ?? quarter) >= quarter) break;
      for (let k = 0; k < CURSORS; k += 1) {
        const state = cursors[k] ?? 0;
        const at = cursors[CURSORS + k] ?? 0;
        if (state >= accept && at >= k * quarter) this.record(this.hitsOf(k), state, at + 1);
        cursors[CURSORS + k] = at + 1;
      }
    }
    for (let k = 1; k < CURSORS; k += 1) {
      const end = k === CURSORS - 1 ? bytes.length : (k + 1) * quarter;
      this.scanRange(bytes, cursors[CURSORS + k] ?? end, end, cursors[k] ?? 0, this.hitsOf(k));
    }
  }

  private hitsOf(cursor: number): HitBuffer {
    return (cursor === 0 ? undefined : this.laterHits[cursor - 1]) ?? this.firstHits;
  }

  private record(buffer: HitBuffer, state: number, end: number): void {
    const outputs = this.outputs[state - this.acceptFrom] ?? [];
    for (const keyword of outputs) buffer.push(keyword, end);
  }
}

/*
 * The hot loops are small free functions of typed arrays and numbers only: no object fields,
 * so the optimizing compiler has no field or map assumptions to lose (the first optimized
 * version of a method that read them was thrown away and recompiled when a hit buffer grew),
 * and little code to compile. That matters on a cold process: until the optimized code is
 * ready (tens of milliseconds on a busy machine) the loop runs in the interpreter.
 */

/**
 * One cursor: runs the automaton from state `cursor[0]` over `bytes[from, to)` and stops just
 * past the first accepting state. Leaves the state in `cursor[0]` and the offset it stopped at in
 * `cursor[1]` (`to` when it reached the end).
 */
function advanceOne(table: Uint16Array, accept: number, bytes: Uint8Array, from: number, to: number, cursor: Int32Array): void {
  let state = cursor[0] ?? 0;
  let at = from;
  while (at < to) {
    state = table[(state << 8) | (bytes[at] ?? 0)] ?? 0;
    at += 1;
    if (state >= accept) break;
  }
  cursor[0] = state;
  cursor[1] = at;
}

/**
 * Four cursors in lockstep (`cursors` = [four states, four offsets]; they move together, so one
 * index and three distances): the CPU overlaps their four chains of table loads. Stops at the
 * first offset where any state accepts (the offsets then point at the bytes that led there), or
 * when the first cursor reaches `quarter`.
 */
function advanceFour(table: Uint16Array, accept: number, bytes: Uint8Array, quarter: number, cursors: Int32Array): void {
  let a = valueAt(cursors, 0);
  let b = valueAt(cursors, 1);
  let c = valueAt(cursors, 2);
  let d = valueAt(cursors, 3);
  let i = valueAt(cursors, 4);
  const toB = valueAt(cursors, 5) - i;
  const toC = valueAt(cursors, 6) - i;
  const toD = valueAt(cursors, 7) - i;
  for (; i < quarter; i += 1) {
    a = table[(a << 8) | (bytes[i] ?? 0)] ?? 0;
    b = table[(b << 8) | (bytes[i + toB] ?? 0)] ?? 0;
    c = table[(c << 8) | (bytes[i + toC] ?? 0)] ?? 0;
    d = table[(d << 8) | (bytes[i + toD] ?? 0)] ?? 0;
    if (a >= accept || b >= accept || c >= accept || d >= accept) break;
  }
  cursors[0] = a;
  cursors[1] = b;
  cursors[2] = c;
  cursors[3] = d;
  cursors[4] = i;
  cursors[5] = i + toB;
  cursors[6] = i + toC;
  cursors[7] = i + toD;
}

function valueAt(values: Int32Array, index: number): number {
  return values[index] ?? 0;
}

/**
 * The keyword prefilter: every rule keyword compiled into one Aho-Corasick automaton over bytes,
 * ASCII case folded, as a dense table (state × byte → next state). One pass over a file reports
 * where each keyword ends; only then do rules run, and only on the lines that hold their keywords.
 *
 * The pass is bound by the latency of one table load per byte, so the table is kept small
 * (16-bit entries: about 0.7 MB for the built-in rules, half the size of 32-bit offsets and
 * measured almost twice as fast) and two independent cursors run over the two halves of the
 * file (the second starts early by the longest keyword, so nothing straddling the middle is
 * missed): the CPU overlaps the two chains.
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

export class KeywordAutomaton {
  /** next[(state << 8) | byte] = next state. */
  private readonly table: Uint16Array;
  /** States at or above this one have outputs. */
  private readonly acceptFrom: number;
  /** Output keyword indexes per accepting state (index: state - first accepting state). */
  private readonly outputs: readonly (readonly number[])[];
  private readonly longest: number;
  private readonly firstHits = new HitBuffer();
  private readonly secondHits = new HitBuffer();
  /** The hot loops' state, passed in and out (see `advanceOne`, `advanceTwo`). */
  private readonly cursor = new Int32Array(4);

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
    const first = this.firstHits;
    first.count = 0;
    if (this.keywords.length === 0 || bytes.length === 0) return first;
    if (bytes.length < 256) {
      this.scanOne(bytes, 0, 0, first);
      return first;
    }
    const second = this.secondHits;
    second.count = 0;
    const half = bytes.length >>> 1;
    // The second cursor starts early so keywords crossing the middle are seen; its hits before the middle are the first cursor's.
    this.scanTwo(bytes, half, first, second);
    // The second cursor goes on alone from where it stopped (cursor: its state, its offset).
    this.scanOne(bytes, this.cursor[3] ?? bytes.length, this.cursor[1] ?? 0, second);
    for (let index = 0; index < second.count; index += 1) first.push(second.keywords[index] ?? 0, second.ends[index] ?? 0);
    return first;
  }

  /** One cursor from `state` over `bytes[from, end)`, hits to `hits`. */
  private scanOne(bytes: Uint8Array, from: number, state: number, hits: HitBuffer): void {
    const cursor = this.cursor;
    cursor[0] = state;
    for (let at = from; at < bytes.length; at = cursor[1] ?? bytes.length) {
      advanceOne(this.table, this.acceptFrom, bytes, at, bytes.length, cursor);
      const reached = cursor[0] ?? 0;
      if (reached >= this.acceptFrom) this.record(hits, reached, cursor[1] ?? 0);
    }
  }

  /** Both cursors until the first reaches `half`; the second's state and offset are then left in `cursor[1]` and `cursor[3]`. */
  private scanTwo(bytes: Uint8Array, half: number, first: HitBuffer, second: HitBuffer): void {
    const cursor = this.cursor;
    const accept = this.acceptFrom;
    cursor.set([0, 0, 0, half - this.longest]);
    for (;;) {
      advanceTwo(this.table, accept, bytes, half, cursor);
      const i = cursor[2] ?? half;
      const j = cursor[3] ?? half;
      if (i >= half) return;
      const a = cursor[0] ?? 0;
      const b = cursor[1] ?? 0;
      if (a >= accept) this.record(first, a, i + 1);
      if (b >= accept && j >= half) this.record(second, b, j + 1);
      cursor[2] = i + 1;
      cursor[3] = j + 1;
    }
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
 * Two cursors in lockstep (`cursor` = [state a, state b, offset i, offset j]): the CPU overlaps
 * their two chains of table loads. Stops at the first offset where either state accepts (the
 * offsets then point at the bytes that led there), or when `i` reaches `half`.
 */
function advanceTwo(table: Uint16Array, accept: number, bytes: Uint8Array, half: number, cursor: Int32Array): void {
  let a = cursor[0] ?? 0;
  let b = cursor[1] ?? 0;
  let i = cursor[2] ?? 0;
  let j = cursor[3] ?? 0;
  for (; i < half; i += 1, j += 1) {
    a = table[(a << 8) | (bytes[i] ?? 0)] ?? 0;
    b = table[(b << 8) | (bytes[j] ?? 0)] ?? 0;
    if (a >= accept || b >= accept) break;
  }
  cursor[0] = a;
  cursor[1] = b;
  cursor[2] = i;
  cursor[3] = j;
}

/** Small pure helpers over strings and bytes shared by the engine and the rules. */
import { Buffer } from 'node:buffer';

// Node's Buffer#indexOf searches with memchr; Uint8Array#indexOf, which a plain view inherits,
// compares element by element and is several times slower. Buffer's methods accept any Uint8Array.
type ByteSearch = (this: Uint8Array, byte: number, from: number) => number;
// eslint-disable-next-line @typescript-eslint/unbound-method -- only ever called through .call on a Uint8Array
const { indexOf: bufferIndexOf, lastIndexOf: bufferLastIndexOf }: { indexOf: ByteSearch; lastIndexOf: ByteSearch } = Buffer.alloc(0);

/** The first offset of `byte` in `bytes` at or after `from`, or -1. */
export function indexOfByte(bytes: Uint8Array, byte: number, from = 0): number {
  return bufferIndexOf.call(bytes, byte, from);
}

/** The last offset of `byte` in `bytes` at or before `from`, or -1. */
export function lastIndexOfByte(bytes: Uint8Array, byte: number, from: number): number {
  return bufferLastIndexOf.call(bytes, byte, from);
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<number, number>();
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

const BASE64_VALUES = (() => {
  const table = new Int8Array(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ' + 'abcdefghijklmnopqrstuvwxyz' + '0123456789';
  for (let index = 0; index < alphabet.length; index += 1) table[alphabet.charCodeAt(index)] = index;
  table[0x2b] = 62; // +
  table[0x2d] = 62; // - (url-safe)
  table[0x2f] = 63; // /
  table[0x5f] = 63; // _ (url-safe)
  return table;
})();

/**
 * Decodes standard or url-safe base64 (padding optional) to a latin1 string, stopping at the
 * first character outside the alphabet. Partial trailing groups are decoded as far as they go.
 */
export function decodeBase64(value: string): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    const digit = code < 128 ? (BASE64_VALUES[code] ?? -1) : -1;
    if (digit < 0) break;
    buffer = ((buffer << 6) | digit) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((buffer >> bits) & 0xff);
    }
  }
  return out;
}

/** The byte-exact latin1 view of `bytes[start, end)`: one character per byte, so offsets are byte offsets. */
export function latin1(bytes: Uint8Array, start = 0, end = bytes.length): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
}

const UTF8 = new TextDecoder('utf-8');

/** Turns a latin1 view back into the text it encodes (UTF-8), for previews and fingerprints. */
export function utf8FromLatin1(value: string): string {
  // Pure ASCII is the common case and needs no work.
  if (!/[\x80-\xff]/.test(value)) return value;
  return UTF8.decode(Buffer.from(value, 'latin1'));
}

/** Number of UTF-8 characters (code points) in `bytes[start, end)`: every byte that is not a continuation byte. */
export function utf8Length(bytes: Uint8Array, start: number, end: number): number {
  let count = 0;
  for (let index = start; index < end; index += 1) if (((bytes[index] ?? 0) & 0xc0) !== 0x80) count += 1;
  return count;
}

/** Newline offsets of a byte array, built on first use; line numbers are 1-based. */
export class LineIndex {
  private newlines: Int32Array | undefined;

  constructor(private readonly bytes: Uint8Array) {}

  private offsets(): Int32Array {
    if (this.newlines !== undefined) return this.newlines;
    const found: number[] = [];
    let at = indexOfByte(this.bytes, 10);
    while (at >= 0) {
      found.push(at);
      at = indexOfByte(this.bytes, 10, at + 1);
    }
    this.newlines = Int32Array.from(found);
    return this.newlines;
  }

  /** 1-based line of a byte offset. */
  lineOf(offset: number): number {
    const newlines = this.offsets();
    let low = 0;
    let high = newlines.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((newlines[mid] ?? 0) < offset) low = mid + 1;
      else high = mid;
    }
    return low + 1;
  }

  /** Byte offset where a 1-based line starts. */
  startOf(line: number): number {
    if (line <= 1) return 0;
    return (this.offsets()[line - 2] ?? this.bytes.length) + 1;
  }

  /** Byte offset just past the end of a 1-based line, before its `\n` (and a preceding `\r`). */
  endOf(line: number): number {
    const end = this.offsets()[line - 1] ?? this.bytes.length;
    return end > 0 && this.bytes[end - 1] === 13 && end > this.startOf(line) ? end - 1 : end;
  }
}

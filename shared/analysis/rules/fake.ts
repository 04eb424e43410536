/**
 * Deterministic fake credentials for rule examples and tests. The repository must pass secret
 * scanners and push protection, so no credential-shaped literal is ever written in a source
 * file: examples are built here at module load from a prefix and a seeded pseudo-random body.
 */

export const DIGITS = '0123456789';
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const HEX = '0123456789abcdef';
export const HEX_UPPER = '0123456789ABCDEF';
export const ALNUM = DIGITS + UPPER + LOWER;
export const ALPHA = UPPER + LOWER;
export const LOWER_ALNUM = DIGITS + LOWER;
export const UPPER_ALNUM = DIGITS + UPPER;
export const BASE64 = ALNUM + '+/';
export const BASE64URL = ALNUM + '-_';
/** RFC 4648 base32, as in AWS key ids. */
export const BASE32 = UPPER + '234567';
/** Bech32, as in age keys. */
export const BECH32 = 'qpzry9x8gf2tvdw0' + 's3jn54khce6mua7l';

/** mulberry32: a tiny, well-distributed 32-bit generator in [0, 1); the same seed always gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `prefix` followed by `length` characters drawn from `alphabet`, reproducibly from `seed`. */
export function fakeToken(prefix: string, length: number, alphabet: string, seed: number): string {
  const next = seededRandom(seed * 7919 + length);
  let body = '';
  for (let index = 0; index < length; index += 1) body += alphabet.charAt(Math.floor(next() * alphabet.length));
  return prefix + body;
}

/** A random-looking UUID (version 4 layout). */
export function fakeUuid(seed: number): string {
  const hex = fakeToken('', 32, HEX, seed);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const STANDARD_BASE64 = UPPER + LOWER + DIGITS + '+/';
const URL_BASE64 = UPPER + LOWER + DIGITS + '-_';

/** Base64 (standard alphabet, padded) of a latin1 string, without Buffer or btoa. */
export function toBase64(text: string, alphabet = STANDARD_BASE64, pad = true): string {
  let out = '';
  for (let index = 0; index < text.length; index += 3) {
    const a = text.charCodeAt(index);
    const b = index + 1 < text.length ? text.charCodeAt(index + 1) : 0;
    const c = index + 2 < text.length ? text.charCodeAt(index + 2) : 0;
    const triple = (a << 16) | (b << 8) | c;
    out += alphabet.charAt((triple >> 18) & 63) + alphabet.charAt((triple >> 12) & 63);
    out += index + 1 < text.length ? alphabet.charAt((triple >> 6) & 63) : pad ? '=' : '';
    out += index + 2 < text.length ? alphabet.charAt(triple & 63) : pad ? '=' : '';
  }
  return out;
}

/** Base64url without padding, as in JWTs. */
export function toBase64Url(text: string): string {
  return toBase64(text, URL_BASE64, false);
}

/** A PEM block of the given label with `lines` lines of 64 random base64 characters. */
export function fakePem(label: string, lines: number, seed: number): string {
  const body = Array.from({ length: lines }, (_, line) => fakeToken('', 64, BASE64, seed + line)).join('\n');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----`;
}

/** A syntactically valid JWT with a random signature. */
export function fakeJwt(seed: number, claims: Record<string, unknown> = { sub: fakeToken('user-', 8, LOWER_ALNUM, seed), iat: 1700000000 + seed }): string {
  const header = toBase64Url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = toBase64Url(JSON.stringify(claims));
  return `${header}.${payload}.${fakeToken('', 43, BASE64URL, seed)}`;
}

/**
 * A secret rule is data: a regex with a named `secret` group, the lower-case literals that
 * must occur for it to run (one keyword pass over the bytes gates every rule), an optional
 * entropy floor and allowlists, and examples a unit test checks. `validate` is the escape
 * hatch for checks a regex cannot express (a JWT header that must decode to JSON, a
 * Kubernetes value that must sit under `data:` of a `kind: Secret`).
 */
import type { Severity } from '../../alerts/alert';
import type { FindingCategory } from '../types';

export interface RuleExamples {
  /** Each yields exactly this rule when scanned alone as a file. */
  readonly positive: readonly string[];
  /** Each yields no finding at all. */
  readonly negative: readonly string[];
}

/** What a validator sees: the candidate and its surroundings, all in the file's byte-exact (latin1) view. */
export interface MatchContext {
  readonly secret: string;
  readonly groups: Readonly<Record<string, string | undefined>>;
  /** The whole line holding the start of the secret, without its line break. */
  readonly line: string;
  /** The part of that line before the secret. */
  readonly before: string;
  /** The part of that line after the secret. */
  readonly after: string;
  /** Offset of the secret in the file. */
  readonly offset: number;
  /** The whole file (decoded on first use). */
  readonly text: () => string;
  /** The file's repository-relative path. */
  readonly path: string;
}

/** `false` rejects the candidate; a string replaces the secret used for masking and fingerprints. */
export type Validator = (context: MatchContext) => boolean | string;

export interface SecretRule {
  readonly id: string;
  /** Human name, e.g. `GitHub personal access token`. */
  readonly kind: string;
  readonly severity: Severity;
  /** Must have a named group `secret`. Flags other than `i`, `m`, `s` are ignored. */
  readonly regex: RegExp;
  /**
   * Lower-case literals; the rule runs on a file only when one occurs. With `scope: 'line'`
   * (the default) the regex runs only on lines holding a keyword, so the match must share
   * its line with one. An empty list means the rule has no literal anchor: it needs `gate`.
   */
  readonly keywords: readonly string[];
  /** `file`: the keyword may be anywhere in the file and the regex runs over the whole text (multi-line matches). */
  readonly scope?: 'line' | 'file';
  /** Byte-level test for rules without keywords: true when the file may hold a match. */
  readonly gate?: (bytes: Uint8Array) => boolean;
  /**
   * Byte-level test at a keyword hit (`start`: where the keyword begins; `path`: the file's)
   * false skips the hit for this rule without decoding its line. Must accept every hit the
   * rule could report a finding at.
   */
  readonly afterKeyword?: (bytes: Uint8Array, start: number, path: string) => boolean;
  /** Minimum Shannon entropy of the secret, in bits per character. */
  readonly entropy?: number;
  readonly allowlist?: {
    /** Tested on the secret: a match drops the candidate. */
    readonly secret?: readonly RegExp[];
    /** Tested on the whole line. */
    readonly line?: readonly RegExp[];
  };
  /** Apply the shared placeholder filters (`xxxx`, `<…>`, `${…}`, EXAMPLE, env references…). Default true. */
  readonly placeholders?: boolean;
  /** UUID-shaped secrets are dropped unless the rule expects them (npm legacy tokens, Heroku keys…). */
  readonly allowUuid?: boolean;
  readonly validate?: Validator;
  /** Default true. */
  readonly blocking?: boolean;
  /** Default `secret`. */
  readonly category?: FindingCategory;
  /**
   * Overlap resolution: when secrets of two findings overlap, only the higher priority is kept
   * (format rules 2, vendor-context rules 1, generic rules 0). Default 2.
   */
  readonly priority?: number;
  /** Only runs when `genericEntropy` is on. */
  readonly optIn?: boolean;
  readonly examples: RuleExamples;
}

/** The assignment operators of config files and most languages, between a name and its value. */
export const ASSIGN = String.raw`["'\x60]?[ \t]{0,32}(?::=|=>|\?=|\|\|=|=|:|,)[ \t]{0,4}["'\x60]?`;

/**
 * `name … = value` where the name ends at most `gap` characters after the keyword alternation
 * `names`, for vendor rules such as `datadog_api_key = <32 hex>`. Case-insensitive.
 */
export function contextRegex(names: string, value: string, gap = 30): RegExp {
  return new RegExp(String.raw`(?:${names})[\w.\-]{0,${gap}}?${ASSIGN}(?<secret>${value})(?![\w\-])`, 'i');
}

const NAME_BYTE = byteSet(/[A-Za-z0-9_.$-]/);
const USER_BYTE = byteSet(/[^\s:@/?#"'<>{}[\]\\]/);
const PASSWORD_BYTE = byteSet(/[^\s@/?#"'<>\\]/);
const OPERATOR_BYTE = byteSet(/[=:,?|>!]/);
const BLANK_BYTE = byteSet(/[ \t]/);
const QUOTE_BYTE = byteSet(/["'`]/);

/** The bytes whose latin1 character matches `pattern` (a one-character class), as a lookup table. */
export function byteSet(pattern: RegExp): Uint8Array {
  const set = new Uint8Array(256);
  for (let code = 0; code < 256; code += 1) set[code] = pattern.test(String.fromCharCode(code)) ? 1 : 0;
  return set;
}

/**
 * Where the assignment operator (`=`, `:`, `,`, `?=`, `||=`, `!=`) of a `name … = value` starts, seen
 * from a keyword at `start`: name characters, an optional closing quote, blanks, then the
 * operator. -1 when none follows.
 */
export function operatorAfter(bytes: Uint8Array, start: number): number {
  let at = start;
  const nameEnd = Math.min(bytes.length, start + 64);
  while (at < nameEnd && NAME_BYTE[bytes[at] ?? 0] === 1) at += 1;
  at += QUOTE_BYTE[bytes[at] ?? 0] ?? 0;
  at += runLength(bytes, at, BLANK_BYTE, 32);
  const operator = bytes[at];
  // `!=` and `!==` too: the password rule reports comparisons with a literal (`password !== "…"`).
  const comparison = operator === 0x21 && bytes[at + 1] === 0x3d;
  return operator === 0x3d || operator === 0x3a || operator === 0x2c || operator === 0x3f || operator === 0x7c || comparison ? at : -1;
}

/** `afterKeyword` for `name … = value` rules: an assignment operator follows the name. */
export function assignmentFollows(bytes: Uint8Array, start: number): boolean {
  return operatorAfter(bytes, start) >= 0;
}

/**
 * Where a quoted value starts after the operator at `operator`: past the operator (one to three
 * of `=`, `:`, `,`, `?`, `|`, `>`, `!`, so `=>`, `:=`, `||=`, `!==` alike) and up to four
 * blanks, as the assignment regexes allow, the offset just past an opening quote; -1 when no
 * quote opens the value there.
 */
export function quotedValueStart(bytes: Uint8Array, operator: number): number {
  let at = operator + runLength(bytes, operator, OPERATOR_BYTE, 3);
  at += runLength(bytes, at, BLANK_BYTE, 4);
  return QUOTE_BYTE[bytes[at] ?? 0] === 1 ? at + 1 : -1;
}

/**
 * `afterKeyword` for `contextRegex` rules with a long value: an assignment follows the name, and
 * its value starts with at least `min` characters of `valueChar` (a one-character class, matched
 * case-insensitively as `contextRegex` does). The operator may be one to three bytes (`=`, `:=`,
 * `||=`), so each length is tried, as the regex would; then up to four blanks and a quote.
 */
export function assignedValueFollows(valueChar: string, min: number): NonNullable<SecretRule['afterKeyword']> {
  const valueBytes = byteSet(new RegExp(valueChar, 'i'));
  return (bytes, start) => {
    const operator = operatorAfter(bytes, start);
    if (operator < 0) return false;
    for (let end = operator + 1; end <= operator + 3 && OPERATOR_BYTE[bytes[end - 1] ?? 0] === 1; end += 1) {
      let at = end + runLength(bytes, end, BLANK_BYTE, 4);
      at += QUOTE_BYTE[bytes[at] ?? 0] ?? 0;
      if (runLength(bytes, at, valueBytes, min) >= min) return true;
    }
    return false;
  };
}

/** How many bytes from `start` belong to `set` (a `byteSet`), counting at most `limit`. */
export function runLength(bytes: Uint8Array, start: number, set: Uint8Array, limit: number): number {
  const end = Math.min(bytes.length, start + limit);
  let at = start;
  while (at < end && set[bytes[at] ?? 0] === 1) at += 1;
  return at - start;
}

/** `afterKeyword` for `://user:password@`: a user part, `:`, a password part and `@`. */
export function userinfoFollows(bytes: Uint8Array, start: number): boolean {
  let at = start + 3;
  const userEnd = Math.min(bytes.length, at + 128);
  while (at < userEnd && USER_BYTE[bytes[at] ?? 0] === 1) at += 1;
  if (bytes[at] !== 0x3a) return false;
  at += 1;
  const passwordEnd = Math.min(bytes.length, at + 256);
  while (at < passwordEnd && PASSWORD_BYTE[bytes[at] ?? 0] === 1) at += 1;
  return bytes[at] === 0x40;
}

/** Left and right token boundaries: no word character (or `-`) touching the secret. */
export const LB = '(?<![A-Za-z0-9_-])';
export const RB = '(?![A-Za-z0-9_-])';

/** A token with a literal prefix, bounded on both sides: `token('ghp_[A-Za-z0-9]{36}')`. */
export function token(body: string, flags = ''): RegExp {
  return new RegExp(`${LB}(?<secret>${body})${RB}`, flags);
}

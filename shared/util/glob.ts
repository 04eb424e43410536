/**
 * Glob patterns for names and paths, compiled once to a RegExp: `*` (any run without `/`),
 * `**` (any run, `/` included), `?` (one character but `/`), `[abc]`/`[a-z]`/`[!abc]` classes,
 * `{a,b}` alternatives (nestable), `\` escapes, and a leading `!` to negate. Kept here rather
 * than a dependency: it is all routing needs, and it keeps Lambda bundles small.
 */

const REGEX_SPECIALS = /[.*+?^${}()|[\]\\/]/g;

function escapeLiteral(text: string): string {
  return text.replace(REGEX_SPECIALS, '\\$&');
}

/** Index of the `}` closing the `{` at `open`, or -1 when it is unbalanced (then `{` is literal). */
function closingBrace(pattern: string, open: number): number {
  let depth = 0;
  for (let index = open; index < pattern.length; index += 1) {
    const char = pattern[index];
    if (char === '\\') index += 1;
    else if (char === '{') depth += 1;
    else if (char === '}' && --depth === 0) return index;
  }
  return -1;
}

/** Splits `a,b,{c,d}` on its top-level commas. */
function splitAlternatives(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < body.length; index += 1) {
    const char = body[index];
    if (char === '\\') index += 1;
    else if (char === '{') depth += 1;
    else if (char === '}') depth -= 1;
    else if (char === ',' && depth === 0) {
      parts.push(body.slice(start, index));
      start = index + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}

function translate(pattern: string): string {
  let source = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern.charAt(index);
    if (char === '\\' && index + 1 < pattern.length) {
      index += 1;
      source += escapeLiteral(pattern.charAt(index));
    } else if (char === '*') {
      if (pattern[index + 1] === '*') {
        // `**/` also matches no directory at all: `src/**/x` matches `src/x`.
        const slash = pattern[index + 2] === '/';
        source += slash ? '(?:.*/)?' : '.*';
        index += slash ? 2 : 1;
      } else {
        source += '[^/]*';
      }
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '[') {
      const close = pattern.indexOf(']', index + 2);
      if (close < 0) {
        source += '\\[';
        continue;
      }
      const body = pattern.slice(index + 1, close);
      const negated = body.startsWith('!') || body.startsWith('^');
      source += `[${negated ? '^' : ''}${(negated ? body.slice(1) : body).replace(/[\\\]^]/g, '\\$&')}]`;
      index = close;
    } else if (char === '{') {
      const close = closingBrace(pattern, index);
      if (close < 0) {
        source += '\\{';
        continue;
      }
      source += `(?:${splitAlternatives(pattern.slice(index + 1, close)).map(translate).join('|')})`;
      index = close;
    } else {
      source += escapeLiteral(char);
    }
  }
  return source;
}

/** A predicate for one glob: `globMatcher('release/*')('release/1.2')` is true. */
export function globMatcher(pattern: string): (value: string) => boolean {
  const negated = pattern.startsWith('!');
  const regex = new RegExp(`^${translate(negated ? pattern.slice(1) : pattern)}$`, 'u');
  return negated ? (value) => !regex.test(value) : (value) => regex.test(value);
}

/** True when any pattern matches; with only negated patterns, when none of them excludes the value. */
export function anyGlobMatcher(patterns: readonly string[]): (value: string) => boolean {
  const positive = patterns.filter((pattern) => !pattern.startsWith('!')).map(globMatcher);
  const negative = patterns.filter((pattern) => pattern.startsWith('!')).map(globMatcher);
  return (value) => (positive.length === 0 || positive.some((matches) => matches(value))) && negative.every((keeps) => keeps(value));
}

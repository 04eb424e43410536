/**
 * Helpers for untrusted text (names, commit messages, error output). Pure string functions:
 * every renderer passes alert text through these before it reaches a medium.
 *
 * Lengths are JavaScript string lengths (UTF-16 code units). That is never less than the
 * number of code points, so a result within N code units also fits limits counted in characters.
 */

/** Visible marker appended wherever Herald shortens untrusted text. */
export const TRUNCATION_MARKER = '… [truncated]';

export const SNS_SUBJECT_MAX_CHARS = 99;
export const SUBJECT_FALLBACK = 'Herald alert';

// Control characters (Unicode Cc) except tab and newline.
const CONTROL_CHARS = /[^\P{Cc}\t\n]/gu;
// Bidi embeddings, overrides and isolates can make text display in a different order than it reads
// ("Trojan Source"); the implicit marks (LRM, RLM, ALM) can nudge neutral characters around too.
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const LINE_BREAKS = /\r\n?|[\u0085\u2028\u2029]/g;
// Any `@` before a name could be read as a mention (`@here`, `@channel`, `@jane` with link_names, or
// by Chatbot). Where Slack draws the word boundary is not documented, so e-mail addresses are
// neutralised too: they look the same, but Slack no longer turns them into mailto links.
const MENTION_AT = /@(?=[\p{L}\p{N}_])/gu;
const ZERO_WIDTH_JOINER = '\u200D';

/** UTF-8 size of `s`, the unit SNS counts its message limit in. */
export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/**
 * Text safe to put in a plain-text e-mail: CRLF and other line separators become `\n`, control
 * characters other than `\n` and `\t` and bidi controls are removed, and lone surrogates (which
 * cannot be encoded as UTF-8) become U+FFFD.
 */
export function plainText(text: string): string {
  return text
    .replace(LINE_BREAKS, '\n')
    .replace(LONE_SURROGATES, '\uFFFD')
    .replace(CONTROL_CHARS, '')
    .replace(BIDI_CONTROLS, '');
}

/** `plainText` on one line: any run of whitespace, line breaks included, becomes one space. */
export function singleLine(text: string): string {
  return plainText(text).replace(/\s+/g, ' ').trim();
}

/**
 * Cuts `text` to at most `maxChars` code units, ending with `marker` when anything was cut.
 * Never splits a surrogate pair. When `maxChars` cannot even hold the marker, the text is cut bare.
 */
export function truncate(text: string, maxChars: number, marker: string = TRUNCATION_MARKER): string {
  if (text.length <= maxChars) return text;
  if (marker.length >= maxChars) return cutAtCodePoint(text, Math.max(0, maxChars));
  return cutAtCodePoint(text, maxChars - marker.length).trimEnd() + marker;
}

function cutAtCodePoint(text: string, end: number): string {
  const lastKept = text.charCodeAt(end - 1);
  const splitsPair = end > 0 && lastKept >= 0xd800 && lastKept <= 0xdbff;
  return text.slice(0, splitsPair ? end - 1 : end);
}

/**
 * Escapes text for Slack mrkdwn (also used for Chatbot's client-markdown, which Chatbot posts
 * to Slack). `&`, `<` and `>` become entities, which alone rules out `<!channel>`, `<@U123>`,
 * `<#C123>` and `<url|label>` links, since all need a literal `<`. A zero-width joiner after every
 * `@` that precedes a name stops `@here`, `@channel`, `@everyone` and `@name` from becoming mentions.
 * Control characters are removed except newline; tabs become spaces.
 */
export function slackEscape(text: string): string {
  return plainText(text)
    .replace(/\t/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(MENTION_AT, `@${ZERO_WIDTH_JOINER}`);
}

/** `slackEscape` for the label of a `<url|label>` link, which must stay on one line. */
export function slackLinkLabel(text: string): string {
  return slackEscape(singleLine(text));
}

/**
 * Escapes `raw` with `escape` and fits the result into `maxChars`, ending with the truncation
 * marker when cut. The raw text is cut before escaping, so an entity such as `&amp;` is never split.
 */
export function fitEscaped(raw: string, maxChars: number, escape: (text: string) => string): string {
  if (raw.length <= maxChars) {
    const escaped = escape(raw);
    if (escaped.length <= maxChars) return escaped;
  }
  const marker = TRUNCATION_MARKER.length <= maxChars ? TRUNCATION_MARKER : '';
  const escapedPrefix = (kept: number): string => escape(cutAtCodePoint(raw, kept)).trimEnd() + marker;
  // Binary search for the longest raw prefix whose escaped form still fits; the empty prefix always does.
  let [fitting, tooLong] = [0, Math.min(raw.length, maxChars) + 1];
  while (tooLong - fitting > 1) {
    const middle = Math.floor((fitting + tooLong) / 2);
    if (escapedPrefix(middle).length <= maxChars) fitting = middle;
    else tooLong = middle;
  }
  return escapedPrefix(fitting);
}

/**
 * Joins `parts` with `separator`, keeping whole parts while the result stays within `maxChars`,
 * and ends with `overflowMarker` when parts had to be left out.
 */
export function joinWithinLimit(
  parts: readonly string[],
  separator: string,
  maxChars: number,
  overflowMarker: string = TRUNCATION_MARKER,
): string {
  const whole = parts.join(separator);
  if (whole.length <= maxChars) return whole;
  const kept: string[] = [];
  // Every kept part is followed by a separator, and the marker comes last.
  let length = overflowMarker.length;
  for (const part of parts) {
    const added = part.length + separator.length;
    if (length + added > maxChars) break;
    kept.push(part);
    length += added;
  }
  return truncate([...kept, overflowMarker].join(separator), maxChars, '');
}

/** Slack's limit for a button URL; longer URLs are not links Herald would build. */
export const MAX_LINK_URL_CHARS = 3000;
const MAX_LINK_LABEL_CHARS = 200;

/**
 * Whether `url` may be shown as a link: an absolute http(s) URL of printable ASCII without
 * characters that would end a Slack `<url|label>` link early or break out of it.
 */
export function isSafeLinkUrl(url: string): boolean {
  if (url.length > MAX_LINK_URL_CHARS || !/^[\x21-\x7e]+$/.test(url) || /[|<>"`\\]/.test(url)) return false;
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/** A Slack mrkdwn link `<url|label>`, or undefined when `url` is not safe to link. */
export function slackLink(url: string, label: string): string | undefined {
  if (!isSafeLinkUrl(url)) return undefined;
  const shownLabel = fitEscaped(label, MAX_LINK_LABEL_CHARS, slackLinkLabel) || fitEscaped(url, MAX_LINK_LABEL_CHARS, slackLinkLabel);
  // Slack decodes entities inside the URL part too, so a literal `&` must be sent as `&amp;`.
  return `<${url.replace(/&/g, '&amp;')}|${shownLabel}>`;
}

// Typographic characters NFKD leaves alone but that have an obvious ASCII spelling.
const ASCII_LOOKALIKES: Readonly<Record<string, string>> = {
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u201B': "'",
  '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u201F': '"',
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-',
  '\u2022': '*',
};

function toAscii(char: string): string {
  if (/\s/.test(char)) return ' ';
  const lookalike = ASCII_LOOKALIKES[char];
  if (lookalike !== undefined) return lookalike;
  // Letters and digits without an ASCII form (CJK, Cyrillic, …) keep their place as `?`;
  // combining marks (the accents NFKD split off), emoji, symbols and controls are dropped.
  return /[\p{L}\p{N}]/u.test(char) ? '?' : '';
}

/**
 * A valid SNS `Subject`: printable ASCII, no line breaks, at most 99 characters, beginning with a
 * letter, number or punctuation. Accents are stripped (`é` → `e`), other non-ASCII letters become
 * `?`, emoji are dropped, whitespace collapses, and a long subject ends with `...`. Falls back to
 * `Herald alert` when nothing printable is left.
 */
export function snsSubject(text: string): string {
  const ascii = text
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/gu, toAscii)
    .replace(/ {2,}/g, ' ')
    // SNS wants a letter, number or punctuation first: drop leading spaces and ASCII symbols.
    .replace(/^[ $+<=>^`|~]+/, '')
    .trimEnd();
  const subject =
    ascii.length <= SNS_SUBJECT_MAX_CHARS ? ascii : ascii.slice(0, SNS_SUBJECT_MAX_CHARS - 3).trimEnd() + '...';
  return subject === '' ? SUBJECT_FALLBACK : subject;
}

const SLACK_MEMBER_ID = /^[UW][A-Z0-9]{2,20}$/;

/**
 * A Slack user mention `<@U0123ABCD>` for a member id from the config, or undefined when the id is
 * not one: the only mention Herald ever writes, and never `@here`, `@channel` or `@everyone`.
 */
export function slackMention(memberId: string | undefined): string | undefined {
  return memberId !== undefined && SLACK_MEMBER_ID.test(memberId) ? `<@${memberId}>` : undefined;
}

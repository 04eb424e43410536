/**
 * Human-readable validation failures for valibot schemas, shared by the event parsers and the
 * config loader: one line per issue, `detail.phases[3].phase-type: expected string, received
 * number`. Messages name the received value's type, never the value: event payloads are
 * untrusted and may be large.
 */
import * as v from 'valibot';

/** `typeof`, with arrays and null told apart. */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/** Issue types whose `received` is a length or size (a number), never the input itself. */
const SIZE_CHECK = /(?:^|_)(?:length|size|entries)$/;

/** Wording for issues whose schema sets no message of its own (valibot's default quotes the input). */
function defaultMessage(issue: v.BaseIssue<unknown>): string {
  if (issue.kind === 'schema' && issue.input === undefined) return 'required';
  // A strict object's surplus key (usually a typo): the path already names it.
  if (issue.type === 'strict_object') return 'unknown key';
  const expected = (issue.expected ?? 'a valid value').replace(/\b(?:Object|Array)\b/g, (name) => name.toLowerCase());
  if (issue.kind === 'schema') return `expected ${expected}, received ${jsonTypeOf(issue.input)}`;
  // `min_length` expects `>=1`: `expected length >=1, received 0`.
  if (SIZE_CHECK.test(issue.type)) return `expected ${issue.type.replace(/^(?:min|max)_/, '').replace(/_/g, ' ')} ${expected}, received ${issue.received}`;
  return `failed ${issue.type.replace(/_/g, ' ')} check (expected ${expected})`;
}

const EXPLAIN_CONFIG: v.Config<v.BaseIssue<unknown>> = { message: defaultMessage };

/** `detail` + `phases`, `3`, `phase-type` → `detail.phases[3].phase-type`; `(root)` for the value itself. */
function formatPath(prefix: string, issue: v.BaseIssue<unknown>): string {
  let text = prefix;
  for (const item of issue.path ?? []) {
    const key: unknown = item.key;
    text += typeof key === 'number' ? `[${key}]` : `${text === '' ? '' : '.'}${String(key)}`;
  }
  return text === '' ? '(root)' : text;
}

/**
 * Explains why `value` failed `schema`, one line per issue, each path prefixed with `prefix`
 * (where the value sits; `''` for the top). It parses again with Herald's wording, so the
 * valid path stays a plain `safeParse` and only failures pay for the explanation.
 */
export function explainFailure(schema: v.GenericSchema, value: unknown, prefix = ''): string[] {
  const result = v.safeParse(schema, value, EXPLAIN_CONFIG);
  return (result.issues ?? []).map((issue) => `${formatPath(prefix, issue)}: ${issue.message.replace(/\s+/g, ' ').trim()}`);
}

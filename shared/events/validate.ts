/** Runs a zod schema over part of an event and turns failures into an EventValidationError. */
import type { z } from 'zod';
import { EventValidationError, oneLine, type EventIdentity } from './errors';

/**
 * Reports an absent field as `required` instead of zod's "expected string, received undefined".
 * Used only to explain a failure: passing any context to zod turns off its compiled fast path.
 */
const EXPLAIN_CONTEXT: z.core.ParseContext<z.core.$ZodIssue> = {
  error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'required' : undefined),
};

/** How many issues the message lists; the error's `issues` keeps them all. */
const ISSUES_IN_MESSAGE = 5;

/** `detail` + `['phases', 3, 'phase-type']` → `detail.phases[3].phase-type`; `(root)` for the value itself. */
function formatPath(prefix: string, path: readonly PropertyKey[]): string {
  let text = prefix;
  for (const key of path) {
    text += typeof key === 'number' ? `[${key}]` : `${text === '' ? '' : '.'}${String(key)}`;
  }
  return text === '' ? '(root)' : text;
}

/** One line per issue, e.g. `detail.pipeline: required`. */
function formatIssues(error: z.ZodError, prefix = ''): string[] {
  return error.issues.map((issue) => `${formatPath(prefix, issue.path)}: ${oneLine(issue.message)}`);
}

/** Builds the error for an event whose `issues` are known; the message names the event, not its content. */
export function invalidEvent(identity: EventIdentity, issues: readonly string[], cause?: unknown): EventValidationError {
  const what = identity.detailType === undefined ? 'event' : `"${oneLine(identity.detailType)}" event`;
  const id = identity.eventId === undefined ? '' : ` ${oneLine(identity.eventId)}`;
  const more = issues.length > ISSUES_IN_MESSAGE ? ` (+${issues.length - ISSUES_IN_MESSAGE} more)` : '';
  const message = `Invalid ${what}${id}: ${issues.slice(0, ISSUES_IN_MESSAGE).join('; ')}${more}`;
  return new EventValidationError(message, { ...identity, issues, ...(cause === undefined ? {} : { cause }) });
}

/**
 * Parses `value` (found at `prefix` in the event, `''` for the event itself) with `schema`.
 * Throws an EventValidationError naming `identity` and every failing path.
 */
export function validate<T>(schema: z.ZodType<T>, value: unknown, prefix: string, identity: EventIdentity): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const explained = schema.safeParse(value, EXPLAIN_CONTEXT);
  const error = explained.success ? result.error : explained.error;
  throw invalidEvent(identity, formatIssues(error, prefix), error);
}

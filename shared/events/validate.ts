/** Runs a zod schema over part of an event and turns failures into an EventValidationError. */
import * as z from 'zod/mini';
import { en } from 'zod/v4/locales';
import { EventValidationError, oneLine, type EventIdentity } from './errors';

/** zod's English messages, built on first use. */
let englishErrors: z.core.$ZodErrorMap | undefined;

/**
 * zod/mini registers no locale, so without one every message would be "Invalid input". Like
 * classic zod, English is only the default: a locale configured globally is left to apply.
 */
function defaultMessage(issue: z.core.$ZodRawIssue): ReturnType<z.core.$ZodErrorMap> {
  if (z.config().localeError !== undefined) return undefined;
  englishErrors ??= en().localeError;
  return englishErrors(issue);
}

/**
 * Reports an absent field as `required` instead of zod's "expected string, received undefined".
 * Used only to explain a failure: passing any context to zod turns off its compiled fast path.
 */
const EXPLAIN_CONTEXT: z.core.ParseContext<z.core.$ZodIssue> = {
  error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'required' : defaultMessage(issue)),
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
function formatIssues(error: z.core.$ZodError, prefix = ''): string[] {
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
export function validate<T>(schema: z.ZodMiniType<T>, value: unknown, prefix: string, identity: EventIdentity): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const explained = schema.safeParse(value, EXPLAIN_CONTEXT);
  const error = explained.success ? result.error : explained.error;
  throw invalidEvent(identity, formatIssues(error, prefix), error);
}

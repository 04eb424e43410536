/** Runs a zod schema over part of an event and turns failures into an EventValidationError. */
import type * as z from 'zod/mini';
import { explainFailure } from '../util/zodIssues';
import { EventValidationError, oneLine, type EventIdentity } from './errors';

/** How many issues the message lists; the error's `issues` keeps them all. */
const ISSUES_IN_MESSAGE = 5;

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
  const { issues, error } = explainFailure(schema, value, prefix);
  throw invalidEvent(identity, issues, error ?? result.error);
}

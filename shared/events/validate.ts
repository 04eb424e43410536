/** Runs a valibot schema over part of an event and turns failures into an EventValidationError. */
import * as v from 'valibot';
import { explainFailure } from '../util/schemaIssues';
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
export function validate<T>(schema: v.GenericSchema<unknown, T>, value: unknown, prefix: string, identity: EventIdentity): T {
  const result = v.safeParse(schema, value);
  if (result.success) return result.output;
  // No `cause`: valibot issues hold the input (and each path item its whole parent object), and
  // loggers serialize a cause's fields, which would put the payload in the log.
  throw invalidEvent(identity, explainFailure(schema, value, prefix));
}

/**
 * Errors thrown by the event parsers. Both carry what is known of the event's identity so a
 * handler can log it; their messages are one line and never quote a whole payload.
 */

/** What identifies a raw event in logs; any part may be unknown. */
export interface EventIdentity {
  readonly eventId?: string;
  readonly source?: string;
  readonly detailType?: string;
}

interface EventErrorDetails extends EventIdentity {
  readonly cause?: unknown;
}

/** Longest stretch of payload-derived text (a detail-type, an issue) put into a message. */
const MAX_FRAGMENT = 200;

/** Collapses whitespace (so messages stay on one log line) and caps the length. */
export function oneLine(text: string, max = MAX_FRAGMENT): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Shared base so a handler can catch "any event problem" with one `instanceof`. */
export abstract class EventError extends Error {
  readonly eventId?: string;
  readonly source?: string;
  readonly detailType?: string;

  protected constructor(message: string, details: EventErrorDetails) {
    super(oneLine(message, 1000), 'cause' in details ? { cause: details.cause } : undefined);
    // Assigned one by one: exactOptionalPropertyTypes forbids copying an absent key as `undefined`.
    if (details.eventId !== undefined) this.eventId = details.eventId;
    if (details.source !== undefined) this.source = details.source;
    if (details.detailType !== undefined) this.detailType = details.detailType;
  }
}

/** The input is not a well-formed event of a kind Herald handles (missing or mistyped fields, bad JSON). */
export class EventValidationError extends EventError {
  override readonly name = 'EventValidationError';
  /** Human-readable problems, each `path: problem`, e.g. `detail.pipeline: required`. */
  readonly issues: readonly string[];

  constructor(message: string, details: EventErrorDetails & { readonly issues: readonly string[] }) {
    super(message, details);
    this.issues = details.issues;
  }
}

/** Well-formed input of a kind Herald does not handle (an unknown detail-type, non-SNS records). */
export class UnsupportedEventError extends EventError {
  override readonly name = 'UnsupportedEventError';

  constructor(message: string, details: EventErrorDetails = {}) {
    super(message, details);
  }
}

/**
 * Describing raw Lambda input for a log line, whether or not it parses: the middy chain does it
 * for every event. Apart from the parsers (./parse.ts), so describing loads none of the
 * per-source schemas. Pure.
 */
import { isTriggerBatch, triggerIdentity } from './codecommit';
import { notificationEventId, rawIdentity } from './envelope';
import { oneLine, type EventIdentity } from './errors';
import { isRecord, setIfPresent, stringOrUndefined, type Writable } from './objects';
import { SNS_EVENT_SOURCE } from './sns';

function parseJsonOrUndefined(text: unknown): unknown {
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function identifyEvent(raw: unknown): EventIdentity {
  if (!isRecord(raw)) return {};
  if (isTriggerBatch(raw)) return triggerIdentity(raw);
  const identity = rawIdentity(raw);
  // Notification-rule events have no id: give the one a successful parse would have derived.
  if (identity.eventId === undefined && typeof raw.notificationRuleArn === 'string') {
    return { ...identity, eventId: notificationEventId(raw) };
  }
  return identity;
}

/** For an SNS batch: the identity of the first message's event, else of the SNS message itself. */
function identifySnsBatch(records: readonly unknown[]): EventIdentity {
  const first = records[0];
  const sns = isRecord(first) ? first.Sns : undefined;
  if (!isRecord(sns)) return {};
  const identity: Writable<EventIdentity> = { source: SNS_EVENT_SOURCE };
  setIfPresent(identity, 'eventId', stringOrUndefined(sns.MessageId));
  return { ...identity, ...identifyEvent(parseJsonOrUndefined(sns.Message)) };
}

const IDENTITY_FIELDS = ['eventId', 'source', 'detailType'] as const;

/**
 * What can be told about `raw` for a log line when it failed to parse: its event id (or SNS
 * message id), source and detail-type, each capped in length. Never throws.
 */
export function describeRawEvent(raw: unknown): EventIdentity {
  try {
    const records = isRecord(raw) && !isTriggerBatch(raw) ? raw.Records : undefined;
    const identity = Array.isArray(records) ? identifySnsBatch(records) : identifyEvent(raw);
    const capped: Writable<EventIdentity> = {};
    for (const field of IDENTITY_FIELDS) {
      const value = identity[field];
      if (value !== undefined) capped[field] = oneLine(value);
    }
    return capped;
  } catch {
    // Only a hostile input (a throwing getter, a proxy) gets here; describing must not fail.
    return {};
  }
}

/**
 * The two outer shapes a CodePipeline/CodeBuild event arrives in:
 * - EventBridge, as emitted: `{version, id, detail-type, source, account, time, region, resources, detail}`;
 * - notification-rule ("processed", as delivered to SNS or Chatbot): camelCase `detailType`,
 *   `notificationRuleArn` and `additionalAttributes`, but no `id` and no `version`.
 * `version` and `resources` are not used and so not declared (unknown fields are stripped).
 */
import { createHash } from 'node:crypto';
import * as v from 'valibot';
import type { Delivery, EventOrigin } from './domain';
import type { EventIdentity } from './errors';
import { jsonObject, nonEmptyString } from './fields';
import { isRecord, setIfPresent, stringOrUndefined, type Writable } from './objects';
import { validate } from './validate';

const originFields = {
  source: nonEmptyString,
  account: nonEmptyString,
  time: nonEmptyString,
  region: nonEmptyString,
};

/** Required, of any value (an absent key is reported as `required`). */
const anyValue = v.unknown();

export const eventBridgeEnvelope = jsonObject({
  id: nonEmptyString,
  'detail-type': nonEmptyString,
  ...originFields,
  detail: anyValue,
});

export const notificationEnvelope = jsonObject({
  detailType: nonEmptyString,
  notificationRuleArn: nonEmptyString,
  ...originFields,
  detail: anyValue,
  additionalAttributes: anyValue,
});

/** The validated envelope, with `detail` (and `additionalAttributes`) still to be parsed by kind. */
export interface Envelope {
  readonly origin: EventOrigin;
  readonly source: string;
  readonly detailType: string;
  readonly detail: unknown;
  /** Notification-rule deliveries only. */
  readonly additionalAttributes?: unknown;
}

/** Which shape `raw` has: EventBridge's kebab-case `detail-type` or the notification rule's `detailType`. */
function deliveryOf(raw: Record<string, unknown>): Delivery {
  return 'detail-type' in raw ? 'eventbridge' : 'notification-rule';
}

/** The identity fields that can be read from `raw` as is (no hashing), for error reports. */
export function rawIdentity(raw: Record<string, unknown>): EventIdentity {
  const identity: Writable<EventIdentity> = {};
  setIfPresent(identity, 'eventId', stringOrUndefined(raw.id));
  setIfPresent(identity, 'source', stringOrUndefined(raw.source));
  setIfPresent(identity, 'detailType', stringOrUndefined(raw['detail-type']) ?? stringOrUndefined(raw.detailType));
  return identity;
}

/**
 * `detail` fields that, with the rule, detail-type and time, tell one notification apart from
 * another: the pipeline or build, the execution, where in it, and the state reached.
 */
const IDENTIFYING_DETAIL_FIELDS = [
  'pipeline',
  'build-id',
  'execution-id',
  'stage',
  'action',
  'state',
  'build-status',
  'completed-phase',
  'completed-phase-status',
] as const;

/**
 * Notification-rule deliveries carry no event id, so one is derived from the event's identity:
 * the same notification delivered twice gets the same id (for de-duplication). Raw values are
 * hashed as sent, so a failed parse can be logged under the id a successful one would get.
 */
export function notificationEventId(raw: Record<string, unknown>): string {
  const detail = isRecord(raw.detail) ? raw.detail : {};
  const identity = [
    stringOrUndefined(raw.notificationRuleArn),
    stringOrUndefined(raw.detailType),
    stringOrUndefined(raw.time),
    ...IDENTIFYING_DETAIL_FIELDS.map((field) => stringOrUndefined(detail[field])),
  ];
  // JSON keeps the fields apart unambiguously (absent ones become null).
  const digest = createHash('sha256').update(JSON.stringify(identity)).digest('hex');
  return `nr-${digest.slice(0, 32)}`;
}

/** Validates either envelope shape; throws EventValidationError naming every bad field. */
export function parseEnvelope(raw: Record<string, unknown>): Envelope {
  const identity = rawIdentity(raw);
  if (deliveryOf(raw) === 'eventbridge') {
    const event = validate(eventBridgeEnvelope, raw, '', identity);
    return {
      origin: { eventId: event.id, delivery: 'eventbridge', time: event.time, account: event.account, region: event.region },
      source: event.source,
      detailType: event['detail-type'],
      detail: event.detail,
    };
  }
  const eventId = notificationEventId(raw);
  const event = validate(notificationEnvelope, raw, '', { ...identity, eventId });
  return {
    origin: {
      eventId,
      delivery: 'notification-rule',
      time: event.time,
      account: event.account,
      region: event.region,
    },
    source: event.source,
    detailType: event.detailType,
    detail: event.detail,
    additionalAttributes: event.additionalAttributes,
  };
}

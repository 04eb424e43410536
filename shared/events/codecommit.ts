/**
 * CodeCommit pushes, from either source:
 * - repository triggers: `{Records: [{eventSource: 'aws:codecommit', codecommit: {references:
 *   [{commit, ref, created?, deleted?}]}, …}]}`, delivered to Lambda directly or as the JSON
 *   text of an SNS message. Several references per record, new tip only;
 * - EventBridge `CodeCommit Repository State Change` with `detail.event` referenceCreated,
 *   referenceUpdated or referenceDeleted, which also carry the old tip.
 * Each moved reference becomes one `ReferenceChange`. Objects strip unknown fields.
 */
import * as v from 'valibot';
import type { ReferenceChange, ReferenceChangeType } from './domain';
import type { Envelope } from './envelope';
import { UnsupportedEventError, oneLine, type EventIdentity } from './errors';
import { jsonObject, nonEmptyString, nullishNumeric, nullishString } from './fields';
import { isRecord, setIfPresent, stringOrUndefined, type Writable } from './objects';
import { validate } from './validate';

/** `eventSource` of trigger records (and the `source` of errors about them). */
export const CODECOMMIT_TRIGGER_SOURCE = 'aws:codecommit';
/** `eventName` of what the console's "Test trigger" (and `test-repository-triggers`) sends. */
export const TRIGGER_TEST_EVENT = 'TriggerEventTest';

/** `arn:<partition>:codecommit:<region>:<account>:<repository>`. */
const REPOSITORY_ARN = /^arn:[a-z-]+:codecommit:([a-z0-9-]+):(\d{12}):([^:/]+)$/;

// ---- Triggers ----

const triggerReference = jsonObject({
  commit: nonEmptyString,
  ref: nonEmptyString,
  created: v.nullish(v.boolean()),
  deleted: v.nullish(v.boolean()),
});

const triggerRecord = jsonObject({
  eventSource: v.literal(CODECOMMIT_TRIGGER_SOURCE),
  eventId: nonEmptyString,
  eventName: nonEmptyString,
  eventTime: nonEmptyString,
  eventSourceARN: v.pipe(v.string(), v.regex(REPOSITORY_ARN, 'expected a CodeCommit repository ARN')),
  awsRegion: nullishString,
  eventPartNumber: nullishNumeric,
  eventTotalParts: nullishNumeric,
  eventTriggerName: nullishString,
  userIdentityARN: nullishString,
  /** Absent, `""` or `null` when the trigger sets none. */
  customData: nullishString,
  codecommit: jsonObject({ references: v.array(triggerReference) }),
});

export const triggerEvent = jsonObject({
  Records: v.pipe(v.array(triggerRecord), v.minLength(1)),
});

type TriggerRecord = v.InferOutput<typeof triggerRecord>;
type TriggerReference = v.InferOutput<typeof triggerReference>;

/** True for a `{Records: [...]}` batch whose first record is a CodeCommit trigger record. */
export function isTriggerBatch(raw: Record<string, unknown>): boolean {
  const records = raw.Records;
  if (!Array.isArray(records)) return false;
  const first: unknown = records[0];
  return isRecord(first) && first.eventSource === CODECOMMIT_TRIGGER_SOURCE;
}

/** What identifies a trigger batch in errors and logs: its first record's event id and name. */
export function triggerIdentity(raw: Record<string, unknown>): EventIdentity {
  const first: unknown = Array.isArray(raw.Records) ? raw.Records[0] : undefined;
  const identity: Writable<EventIdentity> = { source: CODECOMMIT_TRIGGER_SOURCE };
  if (!isRecord(first)) return identity;
  setIfPresent(identity, 'eventId', stringOrUndefined(first.eventId));
  setIfPresent(identity, 'detailType', stringOrUndefined(first.eventName));
  return identity;
}

/** Trigger times read `2019-03-12T20:58:25.400+0000`; made ISO-8601 (`…Z`) when they parse. */
function isoTime(text: string): string {
  const millis = Date.parse(text);
  return Number.isNaN(millis) ? text : new Date(millis).toISOString();
}

function referenceNames(ref: string): Pick<Writable<ReferenceChange>, 'branch' | 'tag'> {
  if (ref.startsWith('refs/heads/')) return { branch: ref.slice('refs/heads/'.length) };
  if (ref.startsWith('refs/tags/')) return { tag: ref.slice('refs/tags/'.length) };
  return {};
}

function triggerChange(reference: TriggerReference): ReferenceChangeType {
  if (reference.deleted === true) return 'deleted';
  return reference.created === true ? 'created' : 'updated';
}

function fromTriggerReference(record: TriggerRecord, reference: TriggerReference): ReferenceChange {
  // The regex above has matched: every group is there.
  const [, arnRegion = '', account = '', repository = ''] = REPOSITORY_ARN.exec(record.eventSourceARN) ?? [];
  const change: Writable<ReferenceChange> = {
    kind: 'push',
    // One record moves several references, possibly to the same commit: the id names both.
    eventId: `${record.eventId}:${reference.ref}:${reference.commit}`,
    delivery: 'trigger',
    time: isoTime(record.eventTime),
    account,
    region: record.awsRegion ?? arnRegion,
    repository,
    ref: reference.ref,
    ...referenceNames(reference.ref),
    commitId: reference.commit,
    change: triggerChange(reference),
    isTest: record.eventName === TRIGGER_TEST_EVENT,
  };
  setIfPresent(change, 'pusher', record.userIdentityARN);
  // null and "" are kept as sent: the trigger says "no custom data" either way.
  if (record.customData !== undefined) change.customData = record.customData;
  const { eventPartNumber, eventTotalParts } = record;
  if (eventPartNumber !== undefined && eventPartNumber !== null && eventTotalParts !== undefined && eventTotalParts !== null) {
    change.part = { number: eventPartNumber, total: eventTotalParts };
  }
  setIfPresent(change, 'triggerName', record.eventTriggerName);
  return change;
}

/**
 * A trigger message (`{Records: [...]}`, as delivered to Lambda or as an SNS message's JSON):
 * one ReferenceChange per reference of every record. `context` names the SNS message, if any.
 */
export function parseTriggerEvent(raw: Record<string, unknown>, context: EventIdentity = {}): ReferenceChange[] {
  const event = validate(triggerEvent, raw, '', { ...context, ...triggerIdentity(raw) });
  return event.Records.flatMap((record) => record.codecommit.references.map((reference) => fromTriggerReference(record, reference)));
}

// ---- EventBridge ----

export const REPOSITORY_STATE_CHANGE = 'CodeCommit Repository State Change';

const REFERENCE_EVENTS = {
  referenceCreated: 'created',
  referenceUpdated: 'updated',
  referenceDeleted: 'deleted',
} as const satisfies Record<string, ReferenceChangeType>;

const referenceEntries = {
  repositoryName: nonEmptyString,
  referenceType: nullishString,
  referenceName: nonEmptyString,
  referenceFullName: nullishString,
  callerUserArn: nullishString,
};

/**
 * `detail` of a reference event; created and updated ones must name the new tip. (Plain
 * `v.object`s, as `v.variant` requires: the caller has checked that `detail` is an object.)
 */
export const referenceDetail = v.variant('event', [
  v.object({ event: v.literal('referenceCreated'), ...referenceEntries, commitId: nonEmptyString, oldCommitId: nullishString }),
  // The documented sample is a merge; a plain push is expected to carry oldCommitId too (not
  // verified from a published sample), so a missing one is allowed: the planner falls back.
  v.object({ event: v.literal('referenceUpdated'), ...referenceEntries, commitId: nonEmptyString, oldCommitId: nullishString }),
  v.object({ event: v.literal('referenceDeleted'), ...referenceEntries, commitId: nullishString, oldCommitId: nullishString }),
]);

export type ReferenceDetail = v.InferOutput<typeof referenceDetail>;

/**
 * A `CodeCommit Repository State Change` event. Only reference events are pushes; the others
 * (unreferencedMergeCommitCreated, …) are UnsupportedEventError.
 */
export function parseRepositoryStateChange(envelope: Envelope): ReferenceChange {
  const identity = { eventId: envelope.origin.eventId, source: envelope.source, detailType: envelope.detailType };
  const event = isRecord(envelope.detail) ? stringOrUndefined(envelope.detail.event) : undefined;
  if (event === undefined || !Object.hasOwn(REFERENCE_EVENTS, event)) {
    const what = event === undefined ? 'without detail.event' : `"${oneLine(event)}"`;
    throw new UnsupportedEventError(`Unsupported ${REPOSITORY_STATE_CHANGE} event ${what}: only reference events are handled`, identity);
  }
  const detail = validate(referenceDetail, envelope.detail, 'detail', identity);
  const ref = detail.referenceFullName ?? `refs/${detail.referenceType === 'tag' ? 'tags' : 'heads'}/${detail.referenceName}`;
  const change: Writable<ReferenceChange> = {
    kind: 'push',
    ...envelope.origin,
    repository: detail.repositoryName,
    ref,
    ...referenceNames(ref),
    change: REFERENCE_EVENTS[detail.event],
    isTest: false,
  };
  setIfPresent(change, 'commitId', detail.commitId);
  setIfPresent(change, 'oldCommitId', detail.oldCommitId);
  setIfPresent(change, 'pusher', detail.callerUserArn);
  return change;
}

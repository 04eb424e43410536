/**
 * The Lambda event for an SNS subscription: `Records[].Sns.{MessageId, TopicArn, Subject,
 * Message, MessageAttributes, Timestamp, …}`. Lambda's envelope spells `SigningCertUrl` /
 * `UnsubscribeUrl`, unlike the HTTP delivery's `SigningCertURL`; neither is used (Lambda has
 * already authenticated the delivery), so neither is declared.
 */
import * as v from 'valibot';
import { EventValidationError, UnsupportedEventError, oneLine } from './errors';
import { jsonObject, jsonRecord, nonEmptyString, nullishString } from './fields';
import { isRecord, setIfPresent, stringOrUndefined, type Writable } from './objects';
import { validate } from './validate';

/** `EventSource` of SNS records; also the `source` given to errors about the SNS envelope itself. */
export const SNS_EVENT_SOURCE = 'aws:sns';

const snsMessage = jsonObject({
  MessageId: nonEmptyString,
  TopicArn: nonEmptyString,
  /** The published text; for Herald, an EventBridge or notification-rule event, or a CodeCommit trigger message, as JSON. */
  Message: v.string(),
  /** `null` when the publisher set none. */
  Subject: nullishString,
  Timestamp: nullishString,
  MessageAttributes: v.nullish(jsonRecord(jsonObject({ Type: v.string(), Value: v.string() }))),
});

export const snsLambdaEvent = jsonObject({
  Records: v.pipe(v.array(jsonObject({ Sns: snsMessage })), v.minLength(1)),
});

/** One SNS message as published: `message` is the raw text. */
export interface SnsMessage {
  readonly messageId: string;
  readonly topicArn: string;
  readonly subject?: string;
  readonly timestamp?: string;
  /** Message attribute values by name (Binary values stay base64 text). */
  readonly attributes: Readonly<Record<string, string>>;
  readonly message: string;
}

/** One SNS message, its `Message` parsed as JSON into `body`. */
export interface SnsNotification extends Omit<SnsMessage, 'message'> {
  readonly body: unknown;
}

/** True for the Lambda `{Records: [...]}` batch shape (SNS, but also SQS, S3, CodeCommit triggers). */
export function isRecordBatch(raw: Record<string, unknown>): boolean {
  return Array.isArray(raw.Records);
}

/** The `eventSource` of the first record that is not an SNS record, if any. */
function foreignEventSource(records: readonly unknown[]): string | undefined {
  for (const record of records) {
    if (!isRecord(record) || 'Sns' in record) continue;
    // SNS records spell `EventSource`; SQS, S3 and CodeCommit records spell `eventSource`.
    const source = stringOrUndefined(record.EventSource) ?? stringOrUndefined(record.eventSource);
    if (source !== undefined && source !== SNS_EVENT_SOURCE) return source;
  }
  return undefined;
}

function parseMessage(messageId: string, message: string, index: number): unknown {
  try {
    return JSON.parse(message);
  } catch (error: unknown) {
    // The parser's own message quotes the payload, so it stays in `cause` only.
    throw new EventValidationError(`SNS message ${oneLine(messageId)} is not valid JSON`, {
      eventId: messageId,
      source: SNS_EVENT_SOURCE,
      issues: [`Records[${index}].Sns.Message: not valid JSON`],
      cause: error,
    });
  }
}

/**
 * Validates a Lambda SNS event and returns its messages as published. Throws
 * UnsupportedEventError for a batch of another service's records, EventValidationError for
 * a malformed SNS event.
 */
export function readSnsEvent(raw: unknown): SnsMessage[] {
  const foreign = isRecord(raw) && Array.isArray(raw.Records) ? foreignEventSource(raw.Records) : undefined;
  if (foreign !== undefined) {
    throw new UnsupportedEventError(`Unsupported records from ${oneLine(foreign)}: only SNS records are handled`, {
      source: foreign,
    });
  }
  const event = validate(snsLambdaEvent, raw, '', { source: SNS_EVENT_SOURCE });
  return event.Records.map(({ Sns: sns }) => {
    const message: Writable<SnsMessage> = {
      messageId: sns.MessageId,
      topicArn: sns.TopicArn,
      attributes: Object.fromEntries(Object.entries(sns.MessageAttributes ?? {}).map(([name, { Value }]) => [name, Value])),
      message: sns.Message,
    };
    setIfPresent(message, 'subject', sns.Subject);
    setIfPresent(message, 'timestamp', sns.Timestamp);
    return message;
  });
}

/** As readSnsEvent, with each `Message` JSON-parsed (a non-JSON message names its MessageId). */
export function unwrapSnsEvent(raw: Record<string, unknown>): SnsNotification[] {
  return readSnsEvent(raw).map(({ message, ...rest }, index) => ({ ...rest, body: parseMessage(rest.messageId, message, index) }));
}

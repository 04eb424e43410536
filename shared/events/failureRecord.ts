/**
 * What a failure queue holds, and the original event inside it. Three things land in Herald's
 * failure queue (serverless.yml `FailureQueue`):
 * - a Lambda on-failure destination record, `{version, timestamp, requestContext, requestPayload,
 *   responseContext, responsePayload}`: the event is `requestPayload`, the function is named in
 *   `requestContext.functionArn`;
 * - an EventBridge target's dead letter: the event itself as the body, the target in the
 *   `TARGET_ARN` message attribute;
 * - an SNS subscription's dead letter: the SNS message envelope (`Type: Notification`,
 *   `MessageId`, `TopicArn`, `Message`, …), which names no function; it is re-delivered as the
 *   Lambda SNS event the subscription would have sent.
 * Pure: `herald redrive` (shared/app/redrive.ts) receives, invokes and deletes.
 */
import * as v from 'valibot';
import { EventValidationError } from './errors';
import { jsonObject, jsonRecord, nonEmptyString, nullishString } from './fields';
import { isRecord } from './objects';
import { validate } from './validate';

export type FailureShape = 'lambda-destination' | 'eventbridge-dlq' | 'sns-dlq';

export interface FailedEvent {
  readonly shape: FailureShape;
  /** The payload to invoke the function with: the event as the function first received it. */
  readonly event: unknown;
  /** The function that failed on it, unqualified (so the fixed code runs), when the record names one. */
  readonly functionName?: string;
}

const FAILURE_SOURCE = 'failure-queue';

const lambdaDestinationRecord = jsonObject({
  requestContext: jsonObject({ functionArn: nonEmptyString }),
  requestPayload: v.unknown(),
});

const snsEnvelope = jsonObject({
  Type: v.literal('Notification'),
  MessageId: nonEmptyString,
  TopicArn: nonEmptyString,
  Message: v.string(),
  Subject: nullishString,
  Timestamp: nullishString,
  SignatureVersion: nullishString,
  Signature: nullishString,
  SigningCertURL: nullishString,
  UnsubscribeURL: nullishString,
  MessageAttributes: v.nullish(jsonRecord(jsonObject({ Type: v.string(), Value: v.string() }))),
});

/** A function ARN with its version or alias (`:$LATEST`, `:7`) dropped: `arn:aws:lambda:r:a:function:name`. */
export function unqualifiedFunction(arn: string): string {
  const parts = arn.split(':');
  return parts.length > 7 && parts[5] === 'function' ? parts.slice(0, 7).join(':') : arn;
}

/** The Lambda SNS event a subscription delivers for this SNS message envelope (its URLs spelt the Lambda way). */
function snsLambdaEventOf(envelope: v.InferOutput<typeof snsEnvelope>, subscriptionArn: string): unknown {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: subscriptionArn,
        Sns: {
          Type: envelope.Type,
          MessageId: envelope.MessageId,
          TopicArn: envelope.TopicArn,
          Subject: envelope.Subject ?? null,
          Message: envelope.Message,
          Timestamp: envelope.Timestamp ?? null,
          SignatureVersion: envelope.SignatureVersion ?? null,
          Signature: envelope.Signature ?? null,
          SigningCertUrl: envelope.SigningCertURL ?? null,
          UnsubscribeUrl: envelope.UnsubscribeURL ?? null,
          MessageAttributes: envelope.MessageAttributes ?? {},
        },
      },
    ],
  };
}

/**
 * The original event in one failure-queue message (`body`, and its string message attributes).
 * Throws EventValidationError when the body is none of the three shapes.
 */
export function parseFailureMessage(messageId: string, body: string, attributes: Readonly<Record<string, string>>): FailedEvent {
  const identity = { eventId: messageId, source: FAILURE_SOURCE };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error: unknown) {
    throw new EventValidationError(`failure-queue message ${messageId} is not JSON`, { ...identity, issues: ['(body): not valid JSON'], cause: error });
  }
  if (!isRecord(parsed)) throw new EventValidationError(`failure-queue message ${messageId} is not a JSON object`, { ...identity, issues: ['(body): expected an object'] });
  if ('requestContext' in parsed && 'requestPayload' in parsed) {
    const record = validate(lambdaDestinationRecord, parsed, '', identity);
    return { shape: 'lambda-destination', event: record.requestPayload, functionName: unqualifiedFunction(record.requestContext.functionArn) };
  }
  if (parsed.Type === 'Notification') {
    const envelope = validate(snsEnvelope, parsed, '', identity);
    return { shape: 'sns-dlq', event: snsLambdaEventOf(envelope, `${envelope.TopicArn}:redrive`) };
  }
  if ('detail-type' in parsed || 'detailType' in parsed || attributes.RULE_ARN !== undefined) {
    const target = attributes.TARGET_ARN;
    return { shape: 'eventbridge-dlq', event: parsed, ...(target === undefined || target === '' ? {} : { functionName: unqualifiedFunction(target) }) };
  }
  throw new EventValidationError(`failure-queue message ${messageId} is neither a Lambda destination record, an EventBridge dead letter nor an SNS message`, {
    ...identity,
    issues: ['(body): expected requestContext and requestPayload, detail-type, or Type "Notification"'],
  });
}

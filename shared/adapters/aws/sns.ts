import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Deliver } from '../../app/ports';
import type { SnsPublishAction } from '../../plan/actions';

/** A publish was refused before reaching SNS: Herald would have sent something SNS rejects. */
export class InvalidPublishError extends Error {
  override readonly name = 'InvalidPublishError';
}

// SNS's documented subject rule, in the form older endpoints still enforce: printable ASCII, < 100 chars.
const VALID_SUBJECT = /^[\x21-\x7e][\x20-\x7e]{0,98}$/;

/** Publishes planned SNS actions; `topicArns` maps config topic names to ARNs. */
export function buildSnsDeliver(client: SNSClient, topicArns: ReadonlyMap<string, string>): Deliver {
  return async (action: SnsPublishAction) => {
    const topicArn = topicArns.get(action.topic);
    if (topicArn === undefined) throw new InvalidPublishError(`no ARN configured for topic "${action.topic}"`);
    if (!VALID_SUBJECT.test(action.subject)) throw new InvalidPublishError(`subject for ${action.target} is not a valid SNS subject`);
    await client.send(
      new PublishCommand({
        TopicArn: topicArn,
        Subject: action.subject,
        Message: action.message,
        MessageAttributes: Object.fromEntries(
          Object.entries(action.attributes).map(([name, value]) => [name, { DataType: 'String', StringValue: value }]),
        ),
      }),
    );
  };
}

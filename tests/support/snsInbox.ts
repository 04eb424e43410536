import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, PurgeQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';

/** One SNS topic with an SQS queue subscribed to it, on the shared fauxqs server. */
export interface TopicInbox {
  readonly topicArn: string;
  /** Every message delivered so far (receives until the queue is empty). */
  receive(): Promise<InboxMessage[]>;
  purge(): Promise<void>;
}

export interface InboxMessage {
  readonly subject: string | undefined;
  readonly message: string;
  readonly attributes: Record<string, string>;
}

export function snsEndpoint(): string {
  const endpoint = process.env.HERALD_TEST_SNS_ENDPOINT;
  if (endpoint === undefined) throw new Error('HERALD_TEST_SNS_ENDPOINT is not set: run through the integration jest project');
  return endpoint;
}

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** Creates a uniquely named topic and queue, subscribed with SNS's JSON envelope (not raw delivery). */
export async function createTopicInbox(name: string, region: string): Promise<TopicInbox> {
  const unique = `${name}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const sns = new SNSClient({ endpoint: snsEndpoint(), region, credentials });
  const sqs = new SQSClient({ endpoint: snsEndpoint(), region, credentials });
  const { TopicArn: topicArn } = await sns.send(new CreateTopicCommand({ Name: unique }));
  const { QueueUrl: queueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: unique }));
  if (topicArn === undefined || queueUrl === undefined) throw new Error('fauxqs did not create the topic or queue');
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: Attributes?.QueueArn }));
  return {
    topicArn,
    async receive() {
      const messages: InboxMessage[] = [];
      for (;;) {
        const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
        if (Messages.length === 0) return messages;
        for (const message of Messages) {
          const envelope = JSON.parse(message.Body ?? '{}');
          const attributes: Record<string, string> = {};
          for (const [attribute, value] of Object.entries<{ Value: string }>(envelope.MessageAttributes ?? {})) attributes[attribute] = value.Value;
          messages.push({ subject: envelope.Subject, message: envelope.Message, attributes });
        }
      }
    },
    async purge() {
      await sqs.send(new PurgeQueueCommand({ QueueUrl: queueUrl }));
    },
  };
}

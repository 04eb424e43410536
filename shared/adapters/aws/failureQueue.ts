import { ChangeMessageVisibilityCommand, DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { FailureQueue, QueuedMessage } from '../../app/ports';

/** Long enough for the slowest function (reconcile: 300 s) to finish before a message shows again. */
const HANDLING_SECONDS = 900;

/** The SQS failure queue at `queueUrl`. */
export function buildSqsFailureQueue(client: SQSClient, queueUrl: string): FailureQueue {
  return {
    async receive() {
      const response = await client.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: HANDLING_SECONDS, MessageAttributeNames: ['All'] }),
      );
      return (response.Messages ?? []).flatMap((message): QueuedMessage[] => {
        if (message.MessageId === undefined || message.ReceiptHandle === undefined) return [];
        const attributes: Record<string, string> = {};
        for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
          if (value.StringValue !== undefined) attributes[name] = value.StringValue;
        }
        return [{ messageId: message.MessageId, receiptHandle: message.ReceiptHandle, body: message.Body ?? '', attributes }];
      });
    },
    async remove(message) {
      await client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.receiptHandle }));
    },
    async release(message) {
      await client.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: message.receiptHandle, VisibilityTimeout: 0 }));
    },
  };
}

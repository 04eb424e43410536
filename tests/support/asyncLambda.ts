/**
 * Lambda's asynchronous invocation, simulated: an event is attempted, retried twice on error
 * (Lambda waits about 1 and 2 minutes; here `retryDelaysMs`, scaled down), and after the third
 * failure its on-failure destination receives the invocation record Lambda sends (same shape:
 * requestContext.condition `RetriesExhausted`, requestPayload, responsePayload) on an SQS queue
 * in fauxqs. Every attempt gets a context whose remaining time counts down from `timeoutMs`.
 */
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient, DeleteMessageCommand } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { lambdaContext } from './lambda';
import { snsEndpoint } from './snsInbox';

export type Handler = (event: unknown, context: Context) => Promise<unknown>;

export interface AsyncLambdaOptions {
  readonly functionName: string;
  readonly retryDelaysMs?: readonly [number, number];
  readonly timeoutMs?: number;
}

export interface AsyncOutcome {
  readonly attempts: number;
  readonly outcome: 'succeeded' | 'on-failure destination';
  readonly lastError?: string;
}

/** The record Lambda sends to an on-failure destination (the fields Herald's redrive reads). */
export interface OnFailureRecord {
  readonly version: '1.0';
  readonly timestamp: string;
  readonly requestContext: { readonly requestId: string; readonly functionArn: string; readonly condition: 'RetriesExhausted'; readonly approximateInvokeCount: number };
  readonly requestPayload: unknown;
  readonly responseContext: { readonly statusCode: 200; readonly executedVersion: '$LATEST'; readonly functionError: 'Unhandled' };
  readonly responsePayload: { readonly errorType: string; readonly errorMessage: string };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface AsyncLambda {
  invoke(event: unknown): Promise<AsyncOutcome>;
  /** Every record on the failure queue so far (received and deleted). */
  drainFailures(): Promise<OnFailureRecord[]>;
}

export async function asyncLambda(handler: Handler, options: AsyncLambdaOptions): Promise<AsyncLambda> {
  const sqs = new SQSClient({ endpoint: snsEndpoint(), region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const { QueueUrl: queueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `${options.functionName}-failures-${process.pid}-${Math.random().toString(36).slice(2, 8)}` }));
  if (queueUrl === undefined) throw new Error('fauxqs did not create the failure queue');
  const [firstDelay, secondDelay] = options.retryDelaysMs ?? [200, 400];
  const timeoutMs = options.timeoutMs ?? 30_000;
  return {
    async invoke(event) {
      let lastError: unknown;
      const delays = [0, firstDelay, secondDelay];
      for (const [index, delay] of delays.entries()) {
        await sleep(delay);
        const deadline = Date.now() + timeoutMs;
        const context: Context = { ...lambdaContext(options.functionName), getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) };
        try {
          await handler(event, context);
          return { attempts: index + 1, outcome: 'succeeded' };
        } catch (error: unknown) {
          lastError = error;
        }
      }
      const errorType = lastError instanceof Error ? lastError.name : 'Error';
      const errorMessage = lastError instanceof Error ? lastError.message : String(lastError);
      const record: OnFailureRecord = {
        version: '1.0',
        timestamp: new Date().toISOString(),
        requestContext: {
          requestId: `req-${Math.random().toString(16).slice(2)}`,
          functionArn: `arn:aws:lambda:us-east-1:123456789012:function:${options.functionName}:$LATEST`,
          condition: 'RetriesExhausted',
          approximateInvokeCount: delays.length,
        },
        requestPayload: event,
        responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
        responsePayload: { errorType, errorMessage },
      };
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(record) }));
      return { attempts: delays.length, outcome: 'on-failure destination', lastError: `${errorType}: ${errorMessage}` };
    },
    async drainFailures() {
      const records: OnFailureRecord[] = [];
      for (;;) {
        const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
        if (Messages.length === 0) return records;
        for (const message of Messages) {
          records.push(JSON.parse(message.Body ?? '{}'));
          await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
        }
      }
    },
  };
}

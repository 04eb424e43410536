/**
 * `herald redrive` end to end: a failure queue on fauxqs (SQS) holding the three shapes of
 * failed events, the real LambdaClient talking to a stand-in Invoke API that runs the real
 * pipelineAlerts handler, and its alerts arriving through fauxqs SNS→SQS.
 */
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { main } from '../../shared/cli/main';
import { startAwsJsonStub, type AwsJsonStub } from '../support/awsJsonStub';
import { fixture } from '../support/fixtures';
import { createHeraldTables } from '../support/dynamo';
import { loadHandler } from '../support/lambda';
import { startLambdaInvokeServer, type LambdaInvokeServer } from '../support/lambdaInvokeServer';
import { createTopicInbox, snsEndpoint, type TopicInbox } from '../support/snsInbox';

const REGION = 'us-east-1';
const FUNCTION = 'herald-test-pipelineAlerts';
const FUNCTION_ARN = `arn:aws:lambda:${REGION}:123456789012:function:${FUNCTION}`;

let sqs: SQSClient;
let lambda: LambdaInvokeServer;
let enrichment: AwsJsonStub;
let chat: TopicInbox;
let queueUrl: string;

/** A Lambda on-failure destination record for an event pipelineAlerts failed on. */
function destinationRecord(event: unknown) {
  return {
    version: '1.0',
    timestamp: '2026-11-27T10:00:00.000Z',
    requestContext: { requestId: 'e4b46cbf-b738-xmpl-8880-a18cdf61200e', functionArn: `${FUNCTION_ARN}:$LATEST`, condition: 'RetriesExhausted', approximateInvokeCount: 3 },
    requestPayload: event,
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    responsePayload: { errorType: 'DeliveryError', errorMessage: '1 delivery of event x failed: chat: Throttling' },
  };
}

/** What an SNS subscription's redrive policy puts in its dead-letter queue: the SNS message envelope. */
function snsDeadLetter(message: unknown) {
  return {
    Type: 'Notification',
    MessageId: '6f1c1c3e-2f4b-5d5a-9a7e-0b8c1d2e3f4a',
    TopicArn: `arn:aws:sns:${REGION}:123456789012:herald-test-notifications`,
    Message: JSON.stringify(message),
    Timestamp: '2026-11-27T10:00:00.000Z',
    SignatureVersion: '1',
    Signature: 'EXAMPLE',
    SigningCertURL: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-EXAMPLE.pem',
    UnsubscribeURL: 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=EXAMPLE',
  };
}

async function send(body: string, attributes: Record<string, string> = {}): Promise<void> {
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: body,
      MessageAttributes: Object.fromEntries(Object.entries(attributes).map(([name, value]) => [name, { DataType: 'String', StringValue: value }])),
    }),
  );
}

async function queueDepth(): Promise<number> {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
  return Number(Attributes?.ApproximateNumberOfMessages ?? 'NaN') + Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 'NaN');
}

async function visibleDepth(): Promise<number> {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
  return Number(Attributes?.ApproximateNumberOfMessages ?? 'NaN');
}

async function herald(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['redrive', '--queue', queueUrl, ...args], { out: (line) => out.push(line), err: (line) => err.push(line) });
  const reports: { messageId: string; outcome: string; shape?: string; function?: string; event?: { eventId?: string }; error?: string }[] = out.map((line) => JSON.parse(line));
  return { code, reports, err: err.join('\n') };
}

beforeAll(async () => {
  sqs = new SQSClient({ endpoint: snsEndpoint(), region: REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  chat = await createTopicInbox('redrive-chat', REGION);
  const [alerts, slack] = await Promise.all([createTopicInbox('redrive-alerts', REGION), createTopicInbox('redrive-slack', REGION)]);
  enrichment = await startAwsJsonStub();
  enrichment.on('CodePipeline_20150709.ListActionExecutions', () => ({ body: { actionExecutionDetails: [] } }));
  enrichment.on('CodePipeline_20150709.GetPipelineExecution', () => ({ body: { pipelineExecution: {} } }));
  const tables = await createHeraldTables('redrive');
  const pipelineAlerts = loadHandler('pipelineAlerts', {
    ...tables.env,
    HERALD_TOPIC_ALERTS: alerts.topicArn,
    HERALD_TOPIC_CHAT: chat.topicArn,
    HERALD_TOPIC_SLACK: slack.topicArn,
    AWS_ENDPOINT_URL_SNS: snsEndpoint(),
    AWS_ENDPOINT_URL_CODEPIPELINE: enrichment.endpoint,
    AWS_ENDPOINT_URL_CODEBUILD: enrichment.endpoint,
  });
  lambda = await startLambdaInvokeServer({ [FUNCTION]: pipelineAlerts });
  // The CLI builds its clients from the environment, as it would against AWS.
  process.env.AWS_ENDPOINT_URL_SQS = snsEndpoint();
  process.env.AWS_ENDPOINT_URL_LAMBDA = lambda.endpoint;
});

afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL_SQS;
  delete process.env.AWS_ENDPOINT_URL_LAMBDA;
  await lambda.close();
  await enrichment.close();
});

beforeEach(async () => {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `redrive-failures-${process.pid}-${Math.random().toString(36).slice(2, 8)}` }));
  queueUrl = QueueUrl ?? '';
  lambda.invocations.length = 0;
  await chat.purge();
});

describe('herald redrive', () => {
  it('re-invokes the function of each failed event and deletes only what it handled', async () => {
    const pipelineFailed = fixture('codepipeline-pipeline-execution-failed.json');
    const buildFailed = fixture('codebuild-build-state-failed.json');
    const unsupported = { ...fixture('codepipeline-pipeline-execution-failed.json'), id: 'unsupported-1', 'detail-type': 'Something Else', source: 'aws.example' };
    await send(JSON.stringify(destinationRecord(pipelineFailed)));
    await send(JSON.stringify(buildFailed), { RULE_ARN: `arn:aws:events:${REGION}:123456789012:rule/herald-test-builds`, TARGET_ARN: FUNCTION_ARN, ERROR_CODE: 'SDK_CLIENT_ERROR' });
    await send(JSON.stringify(snsDeadLetter(fixture('codepipeline-pipeline-execution-failed.codestar-notification-processed.repaired.json'))));
    await send('this is not an event');
    await send(JSON.stringify(destinationRecord(unsupported)));

    const first = await herald();

    const outcomes = (run: typeof first) => run.reports.map((report) => `${report.shape ?? '?'} ${report.event?.eventId ?? '?'}: ${report.outcome}`).sort();
    expect(first.code).toBe(1);
    expect(outcomes(first)).toEqual([
      // An unreadable message, an SNS dead letter (which names no function) and a failing invocation stay.
      '? ?: unreadable',
      `eventbridge-dlq ${String(buildFailed.id)}: redriven`,
      `lambda-destination ${String(pipelineFailed.id)}: redriven`,
      'lambda-destination unsupported-1: failed',
      expect.stringMatching(/^sns-dlq nr-\w+: no-function$/),
    ]);
    expect(first.reports.find((report) => report.outcome === 'failed')?.error).toMatch(/UnsupportedEventError/);
    expect(lambda.invocations.map((invocation) => [invocation.functionName, invocation.invocationType])).toEqual([
      [FUNCTION_ARN, 'RequestResponse'],
      [FUNCTION_ARN, 'RequestResponse'],
      [FUNCTION_ARN, 'RequestResponse'],
    ]);
    expect(lambda.invocations.map((invocation) => invocation.event)).toContainEqual(pipelineFailed);
    const alerted = await chat.receive();
    expect(alerted.map((message) => message.attributes.eventType).sort()).toEqual(['build.failed', 'pipeline.failed']);
    expect(first.err).toMatch(/2 redriven, 3 left in the queue/);
    // What was left is visible again at once, for the next run.
    expect(await visibleDepth()).toBe(3);

    const second = await herald('--function', FUNCTION);

    expect(outcomes(second)).toEqual(['? ?: unreadable', 'lambda-destination unsupported-1: failed', expect.stringMatching(/^sns-dlq nr-\w+: redriven$/)]);
    const secondRun = lambda.invocations.slice(3);
    expect(secondRun.map((invocation) => invocation.functionName)).toEqual([FUNCTION, FUNCTION]);
    const snsInvocation = secondRun.find((invocation) => JSON.stringify(invocation.event).includes('"Records"'));
    expect(snsInvocation?.event).toMatchObject({ Records: [{ EventSource: 'aws:sns', Sns: { MessageId: '6f1c1c3e-2f4b-5d5a-9a7e-0b8c1d2e3f4a' } }] });
    // The notification rule reported the execution the first run already alerted: the function
    // handles it and, idempotent on what the event is about, sends nothing twice.
    expect(await chat.receive()).toEqual([]);
    expect(second.code).toBe(1);
    expect(await queueDepth()).toBe(2);
  });

  it('--dry-run invokes and deletes nothing, and leaves every message visible', async () => {
    await send(JSON.stringify(destinationRecord(fixture('codepipeline-pipeline-execution-failed.json'))));
    await send(JSON.stringify(fixture('codebuild-build-state-failed.json')), { TARGET_ARN: FUNCTION_ARN });

    const run = await herald('--dry-run');

    expect(run.code).toBe(0);
    expect(run.reports.map((report) => [report.outcome, report.function])).toEqual([
      ['would-redrive', FUNCTION_ARN],
      ['would-redrive', FUNCTION_ARN],
    ]);
    expect(run.err).toMatch(/2 would be redriven, 0 left/);
    expect(lambda.invocations).toEqual([]);
    expect(await visibleDepth()).toBe(2);
  });

  it('exits 2 without a queue', async () => {
    const out: string[] = [];
    const err: string[] = [];

    const code = await main(['redrive'], { out: (line) => out.push(line), err: (line) => err.push(line) });

    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(/--queue is required/);
  });
});

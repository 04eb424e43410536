/**
 * End to end through the real Lambda entry: real AWS SDK clients talk to fauxqs (SNS→SQS)
 * and to a wire-level CodePipeline/CodeBuild stub, with real event payloads.
 */
import { join } from 'node:path';
import { fixture } from '../support/fixtures';
import { startAwsJsonStub, type AwsJsonStub } from '../support/awsJsonStub';
import { createHeraldTables, type HeraldTables } from '../support/dynamo';
import { lambdaContext, loadHandler } from '../support/lambda';
import { createTopicInbox, snsEndpoint, type InboxMessage, type TopicInbox } from '../support/snsInbox';

const REGION = 'us-west-2';
const COMMIT = '5b2c6ec8a2cc1f8b3b0b93c5d8b5a8d9e5f4c3b2';
const BUILD_ID = 'myBuildProject:0b6c3a86-2e7a-4bd5-9c4b-2f0d5a1e9f11';
const VALID_SUBJECT = /^[\x21-\x7e][\x20-\x7e]{0,98}$/;

let aws: AwsJsonStub;
let inboxes: Record<'alerts' | 'chat' | 'slack', TopicInbox>;
let handler: (event: unknown, context: unknown) => Promise<unknown>;

function delivered(topic: keyof typeof inboxes): Promise<InboxMessage[]> {
  return inboxes[topic].receive();
}

function failedCodeBuildAction() {
  aws.on('CodePipeline_20150709.ListActionExecutions', () => ({
    body: {
      actionExecutionDetails: [
        { stageName: 'Source', actionName: 'Source', status: 'Succeeded', input: { actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' } } },
        {
          stageName: 'Build',
          actionName: 'UnitTests',
          status: 'Failed',
          input: { actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' } },
          output: {
            executionResult: {
              externalExecutionId: BUILD_ID,
              externalExecutionSummary: 'Build terminated with state: FAILED',
              externalExecutionUrl: `https://console.aws.amazon.com/codebuild/home?region=${REGION}#/builds/${BUILD_ID}/view/new`,
              errorDetails: { code: 'JobFailed', message: 'Build terminated with state: FAILED' },
            },
          },
        },
      ],
    },
  }));
  aws.on('CodePipeline_20150709.GetPipelineExecution', () => ({
    body: {
      pipelineExecution: {
        pipelineName: 'myPipeline',
        status: 'Failed',
        artifactRevisions: [{ name: 'SourceArtifact', revisionId: COMMIT, revisionSummary: 'Fix flaky login test', revisionUrl: `https://${REGION}.console.aws.amazon.com/codecommit/home#/repository/my-repo/commit/${COMMIT}` }],
      },
    },
  }));
  aws.on('CodeBuild_20161006.BatchGetBuilds', () => ({
    body: {
      builds: [
        {
          id: BUILD_ID,
          buildStatus: 'FAILED',
          phases: [
            { phaseType: 'INSTALL', phaseStatus: 'SUCCEEDED' },
            { phaseType: 'BUILD', phaseStatus: 'FAILED', contexts: [{ statusCode: 'COMMAND_EXECUTION_ERROR', message: 'Error while executing command: npm test. Reason: exit status 1' }] },
          ],
          logs: { deepLink: `https://console.aws.amazon.com/cloudwatch/home?region=${REGION}#logEvent:group=/aws/codebuild/myBuildProject;stream=0b6c3a86` },
        },
      ],
    },
  }));
}

let tables: HeraldTables;

beforeAll(async () => {
  tables = await createHeraldTables('pipelineAlerts');
  aws = await startAwsJsonStub();
  inboxes = {
    alerts: await createTopicInbox('alerts', REGION),
    chat: await createTopicInbox('chat', REGION),
    slack: await createTopicInbox('slack', REGION),
  };
  handler = loadHandler('pipelineAlerts', {
    ...tables.env,
    HERALD_CONFIG_PATH: join(__dirname, '..', 'fixtures', 'config', 'all-targets.yml'),
    HERALD_TOPIC_ALERTS: inboxes.alerts.topicArn,
    HERALD_TOPIC_CHAT: inboxes.chat.topicArn,
    HERALD_TOPIC_SLACK: inboxes.slack.topicArn,
    AWS_REGION: REGION,
    AWS_ENDPOINT_URL_SNS: snsEndpoint(),
    AWS_ENDPOINT_URL_CODEPIPELINE: aws.endpoint,
    AWS_ENDPOINT_URL_CODEBUILD: aws.endpoint,
  });
});

afterAll(async () => {
  await aws.close();
});

beforeEach(async () => {
  await tables.clear();
  aws.calls.length = 0;
  await Promise.all(Object.values(inboxes).map((inbox) => inbox.purge()));
});

describe('pipeline failure alerts', () => {
  it('publishes exactly one SNS message for a failed execution when one target is routed', async () => {
    failedCodeBuildAction();
    const emailOnly = loadHandler('pipelineAlerts', { HERALD_CONFIG_PATH: join(__dirname, '..', 'fixtures', 'config', 'email-only.yml') });
    process.env.HERALD_CONFIG_PATH = join(__dirname, '..', 'fixtures', 'config', 'all-targets.yml');

    await emailOnly(fixture('codepipeline-pipeline-execution-failed.json'), lambdaContext());

    const [alerts, chat, slack] = await Promise.all([delivered('alerts'), delivered('chat'), delivered('slack')]);
    expect([alerts.length, chat.length, slack.length]).toEqual([1, 0, 0]);
    expect(alerts[0]?.subject).toBe('[HIGH] Pipeline myPipeline FAILED in us-west-2');
    expect(alerts[0]?.message).toMatch(/Build \/ UnitTests \(CodeBuild\)[\s\S]*Build terminated with state: FAILED[\s\S]*5b2c6ec8a2cc1f8b3b0b93c5d8b5a8d9e5f4c3b2/);
  });

  it('turns a FAILED pipeline execution into exactly one email naming pipeline, stage, action, error and commit', async () => {
    failedCodeBuildAction();

    await handler(fixture('codepipeline-pipeline-execution-failed.json'), lambdaContext());

    const emails = await delivered('alerts');
    expect(emails).toHaveLength(1);
    const [email] = emails;
    expect(email?.subject).toMatch(VALID_SUBJECT);
    expect(email?.subject).toContain('myPipeline');
    for (const expected of ['myPipeline', 'Build', 'UnitTests', 'CodeBuild', 'Build terminated with state: FAILED', 'COMMAND_EXECUTION_ERROR', 'npm test', COMMIT, 'Fix flaky login test']) {
      expect(email?.message).toContain(expected);
    }
    expect(email?.attributes).toEqual({ eventType: 'pipeline.failed', severity: 'high', pipeline: 'myPipeline', account: '123456789012' });
    expect(aws.calls.map((call) => call.target).sort()).toEqual([
      'CodeBuild_20161006.BatchGetBuilds',
      'CodePipeline_20150709.GetPipelineExecution',
      'CodePipeline_20150709.ListActionExecutions',
    ]);
    expect(aws.calls.find((call) => call.target.endsWith('ListActionExecutions'))?.input).toMatchObject({
      pipelineName: 'myPipeline',
      filter: { pipelineExecutionId: '12345678-1234-5678-abcd-12345678abcd' },
    });
  });

  it('renders the same alert for Slack and Chatbot, one thread per execution', async () => {
    failedCodeBuildAction();

    await handler(fixture('codepipeline-pipeline-execution-failed.json'), lambdaContext());

    const [slack] = await delivered('slack');
    const slackPayload = JSON.parse(slack?.message ?? '{}');
    expect(slackPayload.blocks.length).toBeGreaterThan(0);
    expect(JSON.stringify(slackPayload)).toContain('UnitTests');
    const [chat] = await delivered('chat');
    const notification = JSON.parse(chat?.message ?? '{}');
    expect(notification).toMatchObject({ version: '1.0', source: 'custom', metadata: { threadId: 'codepipeline/myPipeline/12345678-1234-5678-abcd-12345678abcd' } });
  });

  it('still alerts, with a note, when enrichment is denied', async () => {
    aws.on('CodePipeline_20150709.ListActionExecutions', () => ({ error: 'AccessDeniedException', message: 'not authorized to perform codepipeline:ListActionExecutions' }));
    aws.on('CodePipeline_20150709.GetPipelineExecution', () => ({ error: 'AccessDeniedException', message: 'not authorized' }));

    await handler(fixture('codepipeline-pipeline-execution-failed.json'), lambdaContext());

    const [email, ...others] = await delivered('alerts');
    expect(others).toHaveLength(0);
    expect(email?.message).toContain('AccessDeniedException');
    expect(email?.message).toContain('myPipeline');
  });

  it('still alerts when enrichment times out, and does not wait past its budget', async () => {
    aws.on('CodePipeline_20150709.ListActionExecutions', () => ({ body: {}, delayMs: 5000 }));
    aws.on('CodePipeline_20150709.GetPipelineExecution', () => ({ body: {}, delayMs: 5000 }));
    const started = Date.now();

    await handler(fixture('codepipeline-pipeline-execution-failed.json'), lambdaContext());

    expect(Date.now() - started).toBeLessThan(4000);
    const [email] = await delivered('alerts');
    expect(email?.message).toMatch(/unavailable/i);
  });

  it('folds stage and action failure events into the execution alert', async () => {
    await handler(fixture('codepipeline-action-execution-failed.json'), lambdaContext());
    await handler(fixture('codepipeline-stage-execution-stopped.json'), lambdaContext());

    expect(await delivered('alerts')).toHaveLength(0);
    expect(aws.calls).toHaveLength(0);
  });

  it('alerts on a failed CodeBuild build from the event alone, without calling CodeBuild', async () => {
    await handler(fixture('codebuild-build-state-failed.json'), lambdaContext());

    const [email, ...others] = await delivered('alerts');
    expect(others).toHaveLength(0);
    expect(email?.message).toContain('COMMAND_EXECUTION_ERROR');
    expect(email?.message).toContain('BUILD');
    expect(email?.attributes).toMatchObject({ eventType: 'build.failed', project: 'codebuild-project-name' });
    expect(aws.calls).toHaveLength(0);
  });

  it('handles notification-rule deliveries through SNS', async () => {
    failedCodeBuildAction();
    const processed = fixture('codepipeline-pipeline-execution-failed.codestar-notification-processed.repaired.json');
    const { snsEventWith } = await import('../support/fixtures');

    await handler(snsEventWith(processed), lambdaContext());

    const [email, ...others] = await delivered('alerts');
    expect(others).toHaveLength(0);
    expect(email?.message).toContain('UnitTests');
  });

  it('keeps hostile names out of subjects, Slack mentions and attributes', async () => {
    failedCodeBuildAction();
    const event = fixture('codepipeline-pipeline-execution-failed.json');
    event.detail.pipeline = `<!channel> @here\r\nBcc: victim@example.com <@U123> 🚀 \u0007${'x'.repeat(300)}`;

    await handler(event, lambdaContext());

    const [email] = await delivered('alerts');
    expect(email?.subject).toMatch(VALID_SUBJECT);
    expect(email?.subject).not.toContain('\n');
    const [slack] = await delivered('slack');
    expect(slack?.message).not.toMatch(/<!channel>|<@U123>|<!here>/);
    expect(email?.attributes.pipeline).not.toMatch(/[\u0000-\u001f]|[\ud800-\udfff]/);
  });

  it('rejects a CodeCommit push as unsupported, naming the function that handles pushes, and sends nothing', async () => {
    await expect(handler(fixture('eventbridge-codecommit-referenceUpdated.json'), lambdaContext())).rejects.toMatchObject({
      name: 'UnsupportedEventError',
      eventId: '01234567-EXAMPLE',
      message: expect.stringContaining('pushEvents'),
    });
    expect(aws.calls).toHaveLength(0);
    expect(await delivered('alerts')).toHaveLength(0);
  });

  it('rejects an event missing a required field with a typed error naming the event', async () => {
    const event = fixture('codepipeline-pipeline-execution-failed.json');
    delete event.detail.pipeline;

    await expect(handler(event, lambdaContext())).rejects.toMatchObject({ name: 'EventValidationError', eventId: event.id });
    expect(await delivered('alerts')).toHaveLength(0);
  });
});

/**
 * The reconciliation sweep against a wire-level CodePipeline/CodeBuild stub (real SDK clients,
 * paginated answers), and the reconcile Lambda entry end to end with fauxqs SNS→SQS.
 */
import { createHeraldTables } from '../support/dynamo';
import { buildRecentRunsLister } from '../../shared/adapters/aws/reconcile';
import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import type { ReconcileWindow } from '../../shared/events/reconciled';
import { awsClientConfig } from '../../shared/adapters/aws/clientConfig';
import { startAwsJsonStub, type AwsJsonStub } from '../support/awsJsonStub';
import { lambdaContext, loadHandler } from '../support/lambda';
import { createTopicInbox, snsEndpoint } from '../support/snsInbox';

const REGION = 'eu-west-1';
const ACCOUNT = '111122223333';
const SWEEP_AT = Date.parse('2026-11-27T10:00:00Z');
const WINDOW: ReconcileWindow = { account: ACCOUNT, region: REGION, from: new Date(SWEEP_AT - 60 * 60_000).toISOString(), to: new Date(SWEEP_AT).toISOString() };

/** Epoch seconds, as the JSON protocol carries timestamps, `minutes` before the sweep. */
const minutesBefore = (minutes: number) => (SWEEP_AT - minutes * 60_000) / 1000;

function execution(id: string, status: string, startedMinutesBefore: number, updatedMinutesBefore: number) {
  return { pipelineExecutionId: id, status, startTime: minutesBefore(startedMinutesBefore), lastUpdateTime: minutesBefore(updatedMinutesBefore) };
}

/** Build `n` of a project: every 10th failed, the rest succeeded; build n ended n minutes before the sweep. */
function build(project: string, n: number) {
  return {
    id: `${project}:${n}`,
    arn: `arn:aws:codebuild:${REGION}:${ACCOUNT}:build/${project}:${n}`,
    projectName: project,
    buildNumber: n,
    buildStatus: n % 10 === 0 ? 'FAILED' : 'SUCCEEDED',
    initiator: 'alice',
    startTime: minutesBefore(n + 5),
    endTime: minutesBefore(n),
    phases: [
      { phaseType: 'SUBMITTED', phaseStatus: 'SUCCEEDED', contexts: [] },
      { phaseType: 'BUILD', phaseStatus: n % 10 === 0 ? 'FAILED' : 'SUCCEEDED', contexts: n % 10 === 0 ? [{ statusCode: 'COMMAND_EXECUTION_ERROR', message: `build ${n}: exit status 2` }] : [{ statusCode: '', message: '' }] },
    ],
    logs: { deepLink: `https://console.aws.amazon.com/cloudwatch/home?region=${REGION}#logEvent:group=/aws/codebuild/${project}` },
  };
}

/**
 * Two pages of pipelines (one out of scope), prod-api's history over four pages (the fourth must
 * not be read), two pages of projects, and 130 builds of api-tests over two ListBuildsForProject pages.
 */
function stubAccount(aws: AwsJsonStub): void {
  aws.on('CodePipeline_20150709.ListPipelines', (input) =>
    input.nextToken === undefined
      ? { body: { pipelines: [{ name: 'prod-api' }, { name: 'sandbox-x' }], nextToken: 'pipelines-2' } }
      : { body: { pipelines: [{ name: 'prod-web' }] } },
  );
  aws.on('CodePipeline_20150709.ListPipelineExecutions', (input) => {
    if (input.pipelineName !== 'prod-api') return { body: { pipelineExecutionSummaries: [execution('web-1', 'Succeeded', 20, 10)] } };
    switch (input.nextToken) {
      case undefined:
        return { body: { pipelineExecutionSummaries: [execution('api-4', 'InProgress', 2, 1), execution('api-3', 'Failed', 30, 20)], nextToken: 'p2' } };
      case 'p2':
        // Started before the window, failed within it: still listed, and the next page is read.
        return { body: { pipelineExecutionSummaries: [execution('api-2', 'Cancelled', 90, 45)], nextToken: 'p3' } };
      case 'p3':
        return { body: { pipelineExecutionSummaries: [execution('api-1', 'Failed', 200, 190)], nextToken: 'p4' } };
      default:
        return { error: 'InvalidNextTokenException', message: 'the history before the window must not be read' };
    }
  });
  aws.on('CodeBuild_20161006.ListProjects', (input) =>
    input.nextToken === undefined ? { body: { projects: ['api-tests'], nextToken: 'projects-2' } } : { body: { projects: ['web-tests', 'deploy'] } },
  );
  aws.on('CodeBuild_20161006.ListBuildsForProject', (input) => {
    if (input.projectName !== 'api-tests') return { body: { ids: [] } };
    const numbers = input.nextToken === undefined ? Array.from({ length: 100 }, (_, i) => i + 1) : Array.from({ length: 30 }, (_, i) => i + 101);
    return { body: { ids: numbers.map((n) => `api-tests:${n}`), ...(input.nextToken === undefined ? { nextToken: 'builds-2' } : {}) } };
  });
  aws.on('CodeBuild_20161006.BatchGetBuilds', (input) => {
    const ids = Array.isArray(input.ids) ? input.ids.map(String) : [];
    if (ids.length > 100) return { error: 'InvalidInputException', message: 'at most 100 ids' };
    return { body: { builds: ids.map((id) => build('api-tests', Number(id.split(':')[1]))) } };
  });
}

describe('buildRecentRunsLister', () => {
  let aws: AwsJsonStub;
  beforeEach(async () => {
    aws = await startAwsJsonStub();
    stubAccount(aws);
  });
  afterEach(() => aws.close());

  function lister(scope = { pipelines: ['prod-*'], projects: ['*-tests'] }) {
    const clientConfig = { ...awsClientConfig({ connectTimeoutMs: 1000, requestTimeoutMs: 3000, maxAttempts: 1 }), region: REGION, endpoint: aws.endpoint };
    return buildRecentRunsLister({ codepipeline: new CodePipelineClient(clientConfig), codebuild: new CodeBuildClient(clientConfig) }, scope);
  }

  it('pages through pipelines, projects and histories, and stops at the first page that ends before the window', async () => {
    const runs = await lister()(WINDOW);

    expect(runs.pipelineExecutions.map((listing) => `${listing.pipeline}/${listing.executionId}/${listing.status}`)).toEqual([
      'prod-api/api-4/InProgress',
      'prod-api/api-3/Failed',
      'prod-api/api-2/Cancelled',
      'prod-api/api-1/Failed',
      'prod-web/web-1/Succeeded',
    ]);
    const executionCalls = aws.calls.filter((call) => call.target.endsWith('ListPipelineExecutions'));
    expect(executionCalls.map((call) => `${String(call.input.pipelineName)}:${typeof call.input.nextToken === 'string' ? call.input.nextToken : '-'}`).sort()).toEqual(['prod-api:-', 'prod-api:p2', 'prod-api:p3', 'prod-web:-']);
    // Build history: page 1 (builds 1–100) ends 105 minutes back, past the 60-minute window, so page 2 is never asked for.
    const buildCalls = aws.calls.filter((call) => call.target.endsWith('ListBuildsForProject'));
    expect(buildCalls.map((call) => String(call.input.projectName)).sort()).toEqual(['api-tests', 'web-tests']);
    expect(runs.builds).toHaveLength(100);
    expect(runs.builds[9]).toMatchObject({ arn: `arn:aws:codebuild:${REGION}:${ACCOUNT}:build/api-tests:10`, status: 'FAILED', buildNumber: 10, endTime: new Date(SWEEP_AT - 10 * 60_000).toISOString() });
    expect(runs.builds[9]?.phases).toContainEqual({ type: 'BUILD', status: 'FAILED', context: ['COMMAND_EXECUTION_ERROR: build 10: exit status 2'] });
    // CodeBuild's empty `{statusCode: "", message: ""}` context is dropped, as the event parser drops ": ".
    expect(runs.builds[0]?.phases).toContainEqual({ type: 'BUILD', status: 'SUCCEEDED', context: [] });
  });

  it('reads further pages of builds while they reach into the window, in batches of at most 100', async () => {
    const wide: ReconcileWindow = { ...WINDOW, from: new Date(SWEEP_AT - 24 * 60 * 60_000).toISOString() };

    const runs = await lister({ pipelines: ['none'], projects: ['api-tests'] })(wide);

    expect(runs.builds).toHaveLength(130);
    const batches = aws.calls.filter((call) => call.target.endsWith('BatchGetBuilds')).map((call) => (Array.isArray(call.input.ids) ? call.input.ids.length : 0));
    expect(batches).toEqual([100, 30]);
    expect(runs.pipelineExecutions).toEqual([]);
  });

  it('rejects when a listing is refused, rather than reporting nothing missed', async () => {
    aws.on('CodeBuild_20161006.ListProjects', () => ({ error: 'AccessDeniedException', message: 'not authorized to perform codebuild:ListProjects' }));

    await expect(lister()(WINDOW)).rejects.toThrow(/ListProjects/);
  });
});

describe('reconcile function', () => {
  it('turns a scheduled event into alerts for the failures of the window, through the pipelineAlerts routes', async () => {
    const aws = await startAwsJsonStub();
    stubAccount(aws);
    const inboxes = {
      alerts: await createTopicInbox('reconcile-alerts', REGION),
      chat: await createTopicInbox('reconcile-chat', REGION),
      slack: await createTopicInbox('reconcile-slack', REGION),
    };
    try {
      const tables = await createHeraldTables('reconcile');
      const handler = loadHandler('reconcile', {
        ...tables.env,
        HERALD_TOPIC_ALERTS: inboxes.alerts.topicArn,
        HERALD_TOPIC_CHAT: inboxes.chat.topicArn,
        HERALD_TOPIC_SLACK: inboxes.slack.topicArn,
        AWS_ENDPOINT_URL_SNS: snsEndpoint(),
        AWS_ENDPOINT_URL_CODEPIPELINE: aws.endpoint,
        AWS_ENDPOINT_URL_CODEBUILD: aws.endpoint,
      });
      const scheduled = { version: '0', id: 'sched-1', 'detail-type': 'Scheduled Event', source: 'aws.events', account: ACCOUNT, time: '2026-11-27T10:00:00Z', region: REGION, resources: [], detail: {} };

      const result = await handler(scheduled, lambdaContext('reconcile'));

      // herald.config.yml: failures (high) to chat and Slack, CANCELED is low; prod-* pipelines also by email.
      // In the window: api-3 FAILED, api-2 CANCELED, and builds 10…60 of api-tests FAILED.
      // Replayed oldest first through the failure state: api-2 starts the pipeline's streak, api-3
      // is more severe so it is news; build 10 starts the project's streak, 20…60 are repeats.
      expect(result).toMatchObject({ failuresFound: 8 });
      const chat = await inboxes.chat.receive();
      const email = await inboxes.alerts.receive();
      expect(chat.map((message) => message.attributes.eventType).sort()).toEqual(['build.failed', 'pipeline.failed']);
      expect(chat.find((message) => message.attributes.project === 'api-tests')?.message).toContain('exit status 2');
      expect(email.map((message) => message.attributes.eventType).sort()).toEqual(['pipeline.canceled', 'pipeline.failed']);
      expect(await inboxes.slack.receive()).toHaveLength(2);
    } finally {
      await aws.close();
    }
  });
});

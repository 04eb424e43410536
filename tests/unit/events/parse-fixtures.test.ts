import type { BuildChange, DomainEvent, PipelineExecutionChange } from '../../../shared/events/domain';
import { parseEvent } from '../../../shared/events/parse';
import { fixture, pipelineAndBuildFixtureNames, snsEventWith } from '../../support/fixtures';

const EXECUTION_ID = '12345678-1234-5678-abcd-12345678abcd';
const DERIVED_ID = /^nr-[0-9a-f]{32}$/;

function parseOne(raw: unknown): DomainEvent {
  const events = parseEvent(raw);
  expect(events).toHaveLength(1);
  const [event] = events;
  if (event === undefined) throw new Error('no event parsed');
  return event;
}

function parsePipeline(name: string): PipelineExecutionChange {
  const event = parseOne(fixture(name));
  if (event.kind !== 'pipeline') throw new Error(`${name} parsed as ${event.kind}`);
  return event;
}

function parseBuild(name: string): BuildChange {
  const event = parseOne(fixture(name));
  if (event.kind !== 'build') throw new Error(`${name} parsed as ${event.kind}`);
  return event;
}

/** Expected domain fields per fixture; absent keys must be absent from the event, not `undefined`. */
const EXPECTED: Record<string, { readonly fields: object; readonly absent?: readonly string[] }> = {
  'codepipeline-action-execution-abandoned.json': {
    fields: {
      level: 'action',
      delivery: 'eventbridge',
      eventId: '01234567-EXAMPLE',
      pipeline: 'myPipeline',
      executionId: EXECUTION_ID,
      stage: 'Deploy',
      action: 'Deploy',
      state: 'ABANDONED',
      actionType: { owner: 'AWS', provider: 'CodeDeploy', category: 'Deploy' },
      pipelineVersion: 3,
    },
    absent: ['executionResult', 'failedStage'],
  },
  'codepipeline-action-execution-failed.codestar-notification-processed.json': {
    fields: {
      level: 'action',
      delivery: 'notification-rule',
      state: 'FAILED',
      stage: 'Deploy',
      action: 'Deploy',
      executionResult: {
        summary: 'Deployment <ID> failed',
        url: 'https://console.aws.amazon.com/codedeploy/home?region=us-west-2#/deployments/<ID>',
        externalId: '<ID>',
        errorCode: 'JobFailed',
      },
      pipelineVersion: 13,
      time: '2021-06-24T00:46:16Z',
    },
  },
  'codepipeline-action-execution-failed.json': {
    fields: {
      level: 'action',
      state: 'FAILED',
      stage: 'Deploy',
      action: 'Deploy',
      executionResult: {
        summary: 'Deployment <ID> failed',
        url: 'https://us-west-2.console.aws.amazon.com/codedeploy/home?#/deployments/<ID>',
        externalId: '<ID>',
        errorCode: 'JobFailed',
      },
      pipelineVersion: 4,
    },
  },
  // Manual approvals, derived from the real action events (see tests/fixtures/aws-events/SOURCES.md).
  'codepipeline-action-execution-approval-started.derived.json': {
    fields: { level: 'action', state: 'STARTED', stage: 'Approve', action: 'ManualApproval', actionType: { owner: 'AWS', provider: 'Manual', category: 'Approval' } },
    absent: ['executionResult'],
  },
  'codepipeline-action-execution-approval-succeeded.derived.json': {
    fields: {
      level: 'action',
      state: 'SUCCEEDED',
      stage: 'Approve',
      action: 'ManualApproval',
      actionType: { owner: 'AWS', provider: 'Manual', category: 'Approval' },
      executionResult: { summary: 'Looks good, ship it' },
    },
  },
  'codepipeline-action-execution-approval-failed.derived.json': {
    fields: {
      level: 'action',
      state: 'FAILED',
      stage: 'Approve',
      action: 'ManualApproval',
      actionType: { owner: 'AWS', provider: 'Manual', category: 'Approval' },
      executionResult: { summary: 'Rejected: the migration is missing' },
    },
  },
  'codepipeline-action-execution-started.codestar-notification-processed.json': {
    // The envelope says us-west-2 while detail.region says us-east-1: the envelope wins.
    fields: { level: 'action', state: 'STARTED', stage: 'Deploy', action: 'Deploy', region: 'us-west-2', pipelineVersion: 1 },
    absent: ['executionResult', 'sourceActions'],
  },
  'codepipeline-action-execution-started.repaired.json': {
    // `type.version` is the number 1 here (a string elsewhere); there is no detail.version.
    fields: {
      level: 'action',
      state: 'STARTED',
      stage: 'Prod',
      action: 'myAction',
      actionType: { owner: 'AWS', provider: 'CodeDeploy', category: 'Deploy' },
    },
    absent: ['pipelineVersion', 'executionResult'],
  },
  'codepipeline-action-execution-succeeded.codestar-notification-processed.json': {
    // AWS's sample puts the pipeline ARN in execution-id; it is passed through as is.
    fields: {
      level: 'action',
      state: 'SUCCEEDED',
      stage: 'Source',
      executionId: 'arn:aws:codepipeline:us-west-2:123456789012:myPipeline',
      executionResult: {
        summary: 'Edited index.html',
        url: 'https://us-west-2.console.aws.amazon.com/codecommit/home#/repository/my-repo/commit/8cf40f2EXAMPLE',
        externalId: '36ab3ab7EXAMPLE',
      },
    },
  },
  'codepipeline-action-execution-succeeded.json': {
    fields: {
      level: 'action',
      state: 'SUCCEEDED',
      actionType: { owner: 'AWS', provider: 'CodeCommit', category: 'Source' },
      executionResult: {
        summary: 'Added LICENSE.txt',
        url: 'https://us-west-2.console.aws.amazon.com/codecommit/home#/repository/my-repo/commit/8cf40f2EXAMPLE',
        externalId: '8cf40fEXAMPLE',
      },
    },
  },
  'codepipeline-pipeline-execution-failed.codestar-notification-processed.repaired.json': {
    fields: {
      level: 'pipeline',
      delivery: 'notification-rule',
      state: 'FAILED',
      failedStage: 'Deploy',
      reportedFailedActions: [{ action: 'Deploy', info: 'Deployment <ID> failed' }],
      pipelineVersion: 1,
    },
    absent: ['stage', 'action', 'executionResult'],
  },
  'codepipeline-pipeline-execution-failed.json': {
    // The emitted pipeline FAILED event carries no reason at all.
    fields: { level: 'pipeline', state: 'FAILED', pipelineVersion: 4, time: '2020-01-31T18:55:43Z' },
    absent: ['stage', 'failedStage', 'reportedFailedActions', 'executionResult'],
  },
  'codepipeline-pipeline-execution-started.codestar-notification-processed.json': {
    fields: { level: 'pipeline', state: 'STARTED', region: 'us-east-1', pipelineVersion: 1 },
  },
  'codepipeline-pipeline-execution-started.json': {
    fields: { level: 'pipeline', state: 'STARTED', region: 'us-east-1', pipelineVersion: 1 },
  },
  'codepipeline-pipeline-execution-stopping.json': {
    fields: { level: 'pipeline', state: 'STOPPING', stopComments: 'Stopping the pipeline for an update', pipelineVersion: 3 },
  },
  'codepipeline-pipeline-execution-succeeded.codestar-notification-processed.json': {
    fields: { level: 'pipeline', state: 'SUCCEEDED', time: '2021-06-30T22:13:51Z', region: 'us-east-1' },
  },
  'codepipeline-pipeline-execution-succeeded.json': {
    fields: { level: 'pipeline', state: 'SUCCEEDED', pipelineVersion: 3 },
  },
  'codepipeline-stage-execution-started.codestar-notification-processed.json': {
    fields: {
      level: 'stage',
      state: 'STARTED',
      stage: 'Source',
      sourceActions: [{ name: 'Source', provider: 'CodeCommit', repository: 'my-repo', branch: 'main', commitId: '<ID>' }],
    },
    absent: ['action'],
  },
  'codepipeline-stage-execution-started.repaired.json': {
    // detail.version is the string "1" here.
    fields: { level: 'stage', state: 'STARTED', stage: 'Prod', pipelineVersion: 1 },
  },
  'codepipeline-stage-execution-stopped.json': {
    fields: { level: 'stage', state: 'STOPPED', stage: 'Deploy', pipelineVersion: 3 },
  },
  'codepipeline-stage-execution-stopping.json': {
    fields: { level: 'stage', state: 'STOPPING', stage: 'Deploy' },
  },
  'codebuild-build-phase-change.json': {
    fields: {
      kind: 'build',
      level: 'phase',
      eventId: '43ddc2bd-af76-9ca5-2dc7-b695e15adeEX',
      project: 'my-sample-project',
      buildArn: 'arn:aws:codebuild:us-west-2:123456789012:build/my-sample-project:8745a7a9-c340-456a-9166-edf953571bEX',
      state: 'SUCCEEDED',
      completedPhase: 'COMPLETED',
      phaseContext: [],
      initiator: 'MyCodeBuildDemoUser',
      sourceType: 'S3',
      sourceLocation: 'codebuild-123456789012-input-bucket/my-input-artifact.zip',
    },
    absent: ['buildNumber', 'sourceVersion'],
  },
  'codebuild-build-state-failed.json': {
    fields: {
      kind: 'build',
      level: 'build',
      state: 'FAILED',
      project: 'codebuild-project-name',
      buildNumber: 1027,
      initiator: 'GitHub-Hookshot/123456',
      sourceVersion: '123456e065cfbfd44b4a21871c83fdyagdansindr',
      sourceType: 'GITHUB',
      sourceLocation: 'https://github.com/org/project-name',
      // current-phase-context is the list-like string "[: ]": a placeholder only.
      phaseContext: [],
      account: '123456789123',
      region: 'eu-west-1',
    },
    absent: ['completedPhase'],
  },
  'codebuild-build-state-succeeded.json': {
    fields: {
      kind: 'build',
      level: 'build',
      state: 'SUCCEEDED',
      project: 'my-sample-project',
      phaseContext: [],
      logDeepLink:
        'https://console.aws.amazon.com/cloudwatch/home?region=us-west-2#logEvent:group=/aws/codebuild/my-sample-project;stream=8745a7a9-c340-456a-9166-edf953571bEX',
    },
    absent: ['buildNumber', 'completedPhase'],
  },
};

/** Paths of keys set to `undefined` anywhere in `value` (optional fields must be omitted instead). */
function undefinedKeys(value: unknown, path = ''): string[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) =>
    child === undefined ? [`${path}.${key}`] : undefinedKeys(child, `${path}.${key}`),
  );
}

describe('parseEvent on the AWS sample events', () => {
  const names = pipelineAndBuildFixtureNames();

  it('has an expectation for every CodePipeline and CodeBuild fixture', () => {
    expect(names.length).toBeGreaterThanOrEqual(20);
    expect(Object.keys(EXPECTED).sort()).toEqual(names);
  });

  it.each(names)('%s parses to the expected domain fields', (name) => {
    const expected = EXPECTED[name];
    const event = parseOne(fixture(name));
    expect(event).toMatchObject(expected?.fields ?? { missing: 'expectation' });
    for (const key of expected?.absent ?? []) expect(event).not.toHaveProperty(key);
    expect(undefinedKeys(event)).toEqual([]);
  });

  it.each(names)('%s gives the same event when delivered through SNS', (name) => {
    expect(parseEvent(snsEventWith(fixture(name)))).toEqual(parseEvent(fixture(name)));
  });

  it.each(names.filter((name) => name.startsWith('codepipeline-')))('%s carries the envelope origin', (name) => {
    const raw = fixture(name);
    const event = parsePipeline(name);
    expect(event).toMatchObject({ kind: 'pipeline', pipeline: 'myPipeline', account: raw.account, region: raw.region, time: raw.time });
    if (name.includes('codestar-notification-processed')) {
      expect(event).toMatchObject({ delivery: 'notification-rule', eventId: expect.stringMatching(DERIVED_ID) });
    } else {
      expect(event).toMatchObject({ delivery: 'eventbridge', eventId: raw.id });
    }
  });
});

describe('CodeBuild failure details', () => {
  it('finds the failure reason in the FAILED phase of a failed build', () => {
    const event = parseBuild('codebuild-build-state-failed.json');
    const failed = event.phases.filter((phase) => phase.status === 'FAILED');
    expect(failed).toEqual([
      {
        type: 'BUILD',
        status: 'FAILED',
        context: [
          'COMMAND_EXECUTION_ERROR: Error while executing command: $(npm bin)/cypress run --headless --browser chrome. Reason: exit status 10',
        ],
        durationSeconds: 506,
      },
    ]);
  });

  it('drops the ": " placeholder contexts of successful phases', () => {
    const event = parseBuild('codebuild-build-state-failed.json');
    expect(event.phases.find((phase) => phase.type === 'PROVISIONING')).toEqual({
      type: 'PROVISIONING',
      status: 'SUCCEEDED',
      context: [],
      durationSeconds: 23,
    });
  });

  it('keeps every phase in order, the final COMPLETED one having only a type', () => {
    const event = parseBuild('codebuild-build-state-succeeded.json');
    expect(event.phases.map((phase) => phase.type)).toEqual([
      'SUBMITTED',
      'PROVISIONING',
      'DOWNLOAD_SOURCE',
      'INSTALL',
      'PRE_BUILD',
      'BUILD',
      'POST_BUILD',
      'UPLOAD_ARTIFACTS',
      'FINALIZING',
      'COMPLETED',
    ]);
    expect(event.phases.at(-1)).toEqual({ type: 'COMPLETED', context: [] });
    expect(event.phases.find((phase) => phase.type === 'BUILD')?.durationSeconds).toBe(70);
  });
});

describe('notification-rule event ids', () => {
  const name = 'codepipeline-pipeline-execution-failed.codestar-notification-processed.repaired.json';

  it('derives the same id for the same notification delivered twice', () => {
    expect(parsePipeline(name).eventId).toBe(parsePipeline(name).eventId);
  });

  it('derives different ids for different states, times, stages and rules', () => {
    const base = parsePipeline(name).eventId;
    const variants = [
      { detail: { state: 'SUCCEEDED' } },
      { time: '2021-06-24T00:46:17Z' },
      { detail: { stage: 'Deploy' }, detailType: 'CodePipeline Stage Execution State Change' },
      { notificationRuleArn: 'arn:aws:codestar-notifications:us-west-2:123456789012:notificationrule/other' },
    ];
    const ids = variants.map(({ detail, ...envelope }) => {
      const raw = fixture(name);
      return parseOne({ ...raw, ...envelope, detail: { ...raw.detail, ...detail } }).eventId;
    });
    expect(new Set([base, ...ids]).size).toBe(variants.length + 1);
  });
});

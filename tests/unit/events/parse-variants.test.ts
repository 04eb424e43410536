import { decodeContextList } from '../../../shared/events/codebuild';
import type { BuildChange, PipelineExecutionChange } from '../../../shared/events/domain';
import { parseEvent } from '../../../shared/events/parse';
import { fixture, snsEventWith } from '../../support/fixtures';

function onlyPipeline(raw: unknown): PipelineExecutionChange {
  const [event, ...rest] = parseEvent(raw);
  if (event?.kind !== 'pipeline' || rest.length > 0) throw new Error('expected one pipeline event');
  return event;
}

function onlyBuild(raw: unknown): BuildChange {
  const [event, ...rest] = parseEvent(raw);
  if (event?.kind !== 'build' || rest.length > 0) throw new Error('expected one build event');
  return event;
}

describe('numeric fields written as floats or strings', () => {
  // Real events serialize these as floats. JSON.parse reads `16.0` as 16, so this checks
  // that nothing between the raw text and the domain treats the value as a string.
  const floatText = `{
    "account": "123456789012",
    "detailType": "CodePipeline Pipeline Execution State Change",
    "region": "us-west-2",
    "source": "aws.codepipeline",
    "time": "2021-06-24T00:46:16Z",
    "notificationRuleArn": "arn:aws:codestar-notifications:us-west-2:123456789012:notificationrule/a69c62c21EXAMPLE",
    "detail": {
      "pipeline": "myPipeline",
      "execution-id": "12345678-1234-5678-abcd-12345678abcd",
      "state": "FAILED",
      "version": 16.0,
      "pipeline-execution-attempt": 6.0
    },
    "additionalAttributes": { "failedActionCount": 1.0, "failedStage": "Build" }
  }`;

  it('reads `"version": 16.0` as the number 16', () => {
    expect(floatText).toContain('"version": 16.0');
    const event = onlyPipeline(JSON.parse(floatText));
    expect(event.pipelineVersion).toBe(16);
    expect(event.failedStage).toBe('Build');
  });

  it.each([
    ['"16"', 16],
    ['"16.0"', 16],
    ['" 7 "', 7],
    ['3', 3],
  ])('reads version %s as %d', (versionText, expected) => {
    const raw = JSON.parse(floatText.replace('"version": 16.0', `"version": ${versionText}`));
    expect(onlyPipeline(raw).pipelineVersion).toBe(expected);
  });

  it('reads CodeBuild durations and build numbers written as floats', () => {
    const raw = fixture('codebuild-build-state-failed.json');
    const text = JSON.stringify(raw)
      .replace('"build-number":1027', '"build-number":1027.0')
      .replace('"duration-in-seconds":506', '"duration-in-seconds":506.0');
    expect(text).toContain('1027.0');
    const event = onlyBuild(JSON.parse(text));
    expect(event.buildNumber).toBe(1027);
    expect(event.phases.find((phase) => phase.type === 'BUILD')?.durationSeconds).toBe(506);
  });
});

describe('partial and missing optional blocks', () => {
  it('accepts an action FAILED event without execution-result', () => {
    const raw = fixture('codepipeline-action-execution-failed.json');
    delete raw.detail['execution-result'];
    const event = onlyPipeline(raw);
    expect(event).toMatchObject({ level: 'action', state: 'FAILED', stage: 'Deploy', action: 'Deploy' });
    expect(event).not.toHaveProperty('executionResult');
  });

  it('keeps the parts of a partial execution-result', () => {
    const raw = fixture('codepipeline-action-execution-failed.json');
    raw.detail['execution-result'] = { 'error-code': 'JobFailed' };
    expect(onlyPipeline(raw).executionResult).toEqual({ errorCode: 'JobFailed' });
  });

  it("uses a notification rule's additionalInformation when execution-result has no summary", () => {
    const raw = fixture('codepipeline-action-execution-failed.codestar-notification-processed.json');
    delete raw.detail['execution-result'];
    expect(onlyPipeline(raw).executionResult).toEqual({ summary: 'Deployment <ID> failed' });
  });

  it('accepts null optional fields as absent', () => {
    const raw = fixture('codepipeline-action-execution-failed.json');
    raw.detail['execution-result']['error-code'] = null;
    raw.detail.type = null;
    const event = onlyPipeline(raw);
    expect(event.executionResult).not.toHaveProperty('errorCode');
    expect(event).not.toHaveProperty('actionType');
  });

  it('accepts a CodeBuild event without additional-information', () => {
    const raw = fixture('codebuild-build-state-failed.json');
    delete raw.detail['additional-information'];
    const event = onlyBuild(raw);
    expect(event).toMatchObject({ state: 'FAILED', project: 'codebuild-project-name', phases: [], phaseContext: [] });
    expect(event).not.toHaveProperty('buildNumber');
    expect(event).not.toHaveProperty('logDeepLink');
  });

  it('drops malformed notification attributes but keeps the event and the well-formed ones', () => {
    const raw = fixture('codepipeline-pipeline-execution-failed.codestar-notification-processed.repaired.json');
    raw.additionalAttributes.failedActions = 'Deploy';
    raw.additionalAttributes.sourceActions = [{ sourceActionVariables: 'main' }];
    const event = onlyPipeline(raw);
    expect(event.failedStage).toBe('Deploy');
    expect(event).not.toHaveProperty('reportedFailedActions');
    expect(event).not.toHaveProperty('sourceActions');
  });

  it('ignores additionalAttributes that are not an object', () => {
    const raw = fixture('codepipeline-pipeline-execution-failed.codestar-notification-processed.repaired.json');
    raw.additionalAttributes = 'none';
    expect(onlyPipeline(raw)).toMatchObject({ state: 'FAILED' });
  });
});

describe('tolerance of unknown fields and open states', () => {
  it('ignores unknown fields at every level', () => {
    const raw = fixture('codebuild-build-state-failed.json');
    raw['replay-name'] = 'replay-1';
    raw.detail['new-field'] = { nested: true };
    raw.detail['additional-information']['auto-retry-config'] = { 'auto-retry-limit': 2 };
    raw.detail['additional-information'].phases[6]['phase-extra'] = 1;
    const event = onlyBuild(raw);
    expect(event).toEqual(onlyBuild(fixture('codebuild-build-state-failed.json')));
    expect(JSON.stringify(event)).not.toContain('auto-retry');
  });

  it('upper-cases states, including ones Herald has never seen', () => {
    const raw = fixture('codepipeline-pipeline-execution-failed.json');
    raw.detail.state = 'superseded';
    expect(onlyPipeline(raw).state).toBe('SUPERSEDED');
    raw.detail.state = 'Some_New_State';
    expect(onlyPipeline(raw).state).toBe('SOME_NEW_STATE');
  });
});

describe('CodeBuild *-context fields', () => {
  it('decodes a list-like completed-phase-context string on a phase change', () => {
    const raw = fixture('codebuild-build-phase-change.json');
    raw.detail['completed-phase'] = 'BUILD';
    raw.detail['completed-phase-status'] = 'FAILED';
    raw.detail['completed-phase-context'] =
      '[COMMAND_EXECUTION_ERROR: Error while executing command: mvn package. Reason: exit status 1]';
    expect(onlyBuild(raw)).toMatchObject({
      level: 'phase',
      state: 'FAILED',
      completedPhase: 'BUILD',
      phaseContext: ['COMMAND_EXECUTION_ERROR: Error while executing command: mvn package. Reason: exit status 1'],
    });
  });

  it('uses current-phase-context on a build state change', () => {
    const raw = fixture('codebuild-build-state-failed.json');
    raw.detail['current-phase-context'] = '[YAML_FILE_ERROR: stat /codebuild/output/src1/buildspec.yml: no such file]';
    expect(onlyBuild(raw).phaseContext).toEqual(['YAML_FILE_ERROR: stat /codebuild/output/src1/buildspec.yml: no such file']);
  });

  it.each([
    ['[]', []],
    ['[: ]', []],
    ['', []],
    ['[COMMAND_EXECUTION_ERROR: Reason: exit status 1]', ['COMMAND_EXECUTION_ERROR: Reason: exit status 1']],
    // Commas inside a message do not split it; a following STATUS_CODE does.
    [
      '[COMMAND_EXECUTION_ERROR: npm ci, npm test failed, CLIENT_ERROR: no matching artifact paths found]',
      ['COMMAND_EXECUTION_ERROR: npm ci, npm test failed', 'CLIENT_ERROR: no matching artifact paths found'],
    ],
    ['UNBRACKETED: message', ['UNBRACKETED: message']],
  ])('decodes the string %j', (text, expected) => {
    expect(decodeContextList(text)).toEqual(expected);
  });

  it('cleans real arrays the same way', () => {
    expect(decodeContextList([': ', ' BUILD_ERROR: x ', ''])).toEqual(['BUILD_ERROR: x']);
  });
});

describe('notification-rule delivery of CodeBuild events', () => {
  it('parses the processed shape, deriving the id and ignoring additionalAttributes', () => {
    const processed = fixture('codebuild-build-state-failed.json');
    processed.detailType = processed['detail-type'];
    processed.notificationRuleArn = 'arn:aws:codestar-notifications:eu-west-1:123456789123:notificationrule/EXAMPLE';
    processed.additionalAttributes = {};
    for (const emittedOnly of ['detail-type', 'id', 'version']) delete processed[emittedOnly];
    const event = onlyBuild(processed);
    expect(event).toMatchObject({ delivery: 'notification-rule', state: 'FAILED', buildNumber: 1027 });
    expect(event.eventId).toMatch(/^nr-[0-9a-f]{32}$/);
  });
});

describe('SNS delivery', () => {
  it('gives one domain event per record, in order', () => {
    const events = parseEvent(
      snsEventWith(fixture('codepipeline-action-execution-failed.json'), fixture('codebuild-build-state-failed.json')),
    );
    expect(events.map((event) => event.kind)).toEqual(['pipeline', 'build']);
  });

  it('accepts the null Subject and empty attributes real deliveries carry', () => {
    const raw = snsEventWith(fixture('codepipeline-pipeline-execution-failed.json'));
    raw.Records[0].Sns.Subject = null;
    raw.Records[0].Sns.MessageAttributes = {};
    expect(parseEvent(raw)).toHaveLength(1);
  });
});

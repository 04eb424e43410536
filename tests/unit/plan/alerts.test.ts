import { buildAlert } from '../../../shared/plan/alerts';
import { NO_FACTS } from '../../../shared/plan/facts';
import { buildEvent, pipelineEvent } from '../../support/domain';

describe('buildAlert', () => {
  it('describes a failed pipeline from API facts: where, why, commit and console links for its own region', () => {
    const alert = buildAlert(pipelineEvent(), 'pipeline.failed', 'high', {
      failedActions: [
        {
          stage: 'Build',
          action: 'UnitTests',
          provider: 'CodeBuild',
          summary: 'Build terminated with state: FAILED',
          errorCode: 'JobFailed',
          buildFailure: { phase: 'BUILD', status: 'FAILED', context: ['COMMAND_EXECUTION_ERROR: exit status 1'], logDeepLink: 'https://console.aws.amazon.com/cloudwatch/home#logs' },
        },
      ],
      revision: { commitId: 'c'.repeat(40), message: 'Bump deps', url: 'https://example.com/commit' },
      notes: ['a note'],
    });

    expect(alert.summary).toBe('Pipeline prod-api failed at Build / UnitTests (CodeBuild).');
    expect(alert.failures).toEqual([
      {
        where: 'Build / UnitTests (CodeBuild)',
        why: 'Build terminated with state: FAILED\nBuild phase BUILD FAILED\nCOMMAND_EXECUTION_ERROR: exit status 1',
        code: 'JobFailed',
        link: { label: 'Build logs', url: 'https://console.aws.amazon.com/cloudwatch/home#logs' },
      },
    ]);
    expect(alert.commit).toEqual({ id: 'c'.repeat(40), message: 'Bump deps', link: { label: 'View commit', url: 'https://example.com/commit' } });
    expect(alert.links[0]?.url).toBe('https://eu-west-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/prod-api/executions/exec-1/timeline?region=eu-west-1');
    expect(alert.threadId).toBe('codepipeline/prod-api/exec-1');
    expect(alert.notes).toEqual(['a note']);
  });

  it('falls back to what a notification-rule event reported when the API gave nothing', () => {
    const event = pipelineEvent({
      delivery: 'notification-rule',
      failedStage: 'Deploy',
      reportedFailedActions: [{ action: 'Deploy', info: 'Deployment d-123 failed' }],
      sourceActions: [{ repository: 'api', branch: 'main', commitId: 'd'.repeat(40) }],
    });

    const alert = buildAlert(event, 'pipeline.failed', 'high', NO_FACTS);

    expect(alert.failures).toEqual([{ where: 'Deploy / Deploy', why: 'Deployment d-123 failed' }]);
    expect(alert.commit).toMatchObject({ repository: 'api', branch: 'main', link: { url: expect.stringContaining('/codecommit/repositories/api/commit/dddd') } });
  });

  it('never links to anything but http(s)', () => {
    const event = pipelineEvent({ level: 'action', stage: 'Deploy', action: 'Ship', executionResult: { summary: 'failed', url: 'javascript:alert(1)' } });

    expect(buildAlert(event, 'action.failed', 'high', NO_FACTS).failures[0]).not.toHaveProperty('link');
  });

  it('builds China and GovCloud console links on their own domains', () => {
    expect(buildAlert(pipelineEvent({ region: 'cn-north-1' }), 'pipeline.failed', 'high', NO_FACTS).links[0]?.url).toMatch(/^https:\/\/cn-north-1\.console\.amazonaws\.cn\//);
    expect(buildAlert(pipelineEvent({ region: 'us-gov-west-1' }), 'pipeline.failed', 'high', NO_FACTS).links[0]?.url).toMatch(/amazonaws-us-gov\.com/);
  });

  it('describes a failed build by its failed phase and log link', () => {
    const alert = buildAlert(buildEvent({ logDeepLink: 'https://console.aws.amazon.com/cloudwatch/home#x' }), 'build.failed', 'high', NO_FACTS);

    expect(alert.summary).toBe('CodeBuild project api-tests build 42 failed in phase BUILD.');
    expect(alert.failures[0]).toMatchObject({ where: 'Phase BUILD', why: expect.stringContaining('make test') });
    expect(alert.links.map((l) => l.label)).toEqual(['Build', 'Build logs']);
    expect(alert.threadId).toBe('codebuild/api-tests:0b6c3a86-2e7a-4bd5-9c4b-2f0d5a1e9f11');
  });

  it('links a CodeCommit-sourced build to its commit', () => {
    const alert = buildAlert(
      buildEvent({ sourceLocation: 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/api', sourceVersion: 'e'.repeat(40) }),
      'build.failed',
      'high',
      NO_FACTS,
    );

    expect(alert.commit).toMatchObject({ id: 'e'.repeat(40), repository: 'api', link: { label: 'View commit' } });
  });
});

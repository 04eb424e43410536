/**
 * Build hooks of pull requests (`pullRequests.buildHooks`) in the repository-activity use case,
 * with in-memory ports: the source commit is built on the source branch's hooks, gated hooks
 * wait for the analysis, and nothing runs unless the config asks.
 */
import type { Finding } from '../../../shared/analysis/types';
import { reactToRepositoryActivity, type RepositoryActivityDeps } from '../../../shared/app/repositoryActivity';
import type { PullRequestChange } from '../../../shared/events/domain';
import { parseEvent } from '../../../shared/events/parse';
import type { BuildHookAction } from '../../../shared/plan/actions';
import { blockingFinding, config } from '../../support/domain';
import { fixture } from '../../support/fixtures';

const FINDING = blockingFinding();

function createdPullRequest(): PullRequestChange {
  const [event] = parseEvent(fixture('eventbridge-codecommit-pullRequestCreated.json'));
  if (event?.kind !== 'pull-request') throw new Error('expected a pull-request event');
  return event;
}

function heraldConfig(buildHooks: boolean) {
  return config({
    routes: [{ name: 'all', targets: ['email'] }],
    pullRequests: { buildHooks, comments: false },
    buildHooks: {
      targets: {
        build: { type: 'codebuild', project: 'demo-ci' },
        deploy: { type: 'webhook', url: 'https://deploy.example.com/hook', secret: 'ssm:/herald/deploy' },
      },
      hooks: [
        { repository: ['MyDemoRepo'], branch: ['feature/*', 'test-branch'], targets: ['build'] },
        { repository: ['MyDemoRepo'], branch: ['feature/*', 'test-branch'], targets: ['deploy'], gate: true },
        { repository: ['MyDemoRepo'], branch: ['main'], targets: ['deploy'] },
      ],
    },
  });
}

function deps(buildHooks: boolean, findings: readonly Finding[]) {
  const triggered: BuildHookAction[] = [];
  const ports: RepositoryActivityDeps = {
    config: heraldConfig(buildHooks),
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    pullRequests: {
      resolve: () => Promise.resolve({ mergeBase: 'a'.repeat(40), sourceCommit: 'b'.repeat(40), destinationCommit: 'c'.repeat(40), status: 'OPEN', notes: [] }),
      changes: () => Promise.resolve({ description: 'memory', files: (async function* () {})(), skipped: [] }),
      comments: () => Promise.resolve([]),
    },
    analyze: () => Promise.resolve({ findings, scannedFiles: 1, scannedBytes: 10, skipped: [], suppressed: 0 }),
    deliver: () => Promise.resolve(),
    comment: () => Promise.resolve(),
    fingerprintSalt: () => Promise.resolve('salt'),
    buildHook: (action) => {
      triggered.push(action);
      return Promise.resolve();
    },
  };
  return { ports, triggered };
}

describe('build hooks of pull requests', () => {
  const event = createdPullRequest();

  it("builds the source commit with the source branch's hooks, once the analysis is clean", async () => {
    const { ports, triggered } = deps(true, []);

    const reaction = await reactToRepositoryActivity(event, ports);

    expect(event.sourceBranch).toBeDefined();
    expect(triggered.map((action) => action.type).sort()).toEqual(['codebuild.startBuild', 'webhook.post']);
    const build = triggered.find((action) => action.type === 'codebuild.startBuild');
    expect(build).toMatchObject({ projectName: 'demo-ci', sourceVersion: event.sourceCommit });
    expect(build?.type === 'codebuild.startBuild' ? build.environmentVariablesOverride : []).toContainEqual({ name: 'HERALD_BRANCH', value: event.sourceBranch, type: 'PLAINTEXT' });
    expect(reaction.actions.filter((action) => action.type === 'webhook.post' || action.type === 'codebuild.startBuild')).toHaveLength(2);
  });

  it('holds gated hooks back when the analysis finds something blocking', async () => {
    const { ports, triggered } = deps(true, [FINDING]);

    await reactToRepositoryActivity(event, ports);

    expect(triggered.map((action) => action.target)).toEqual(['build']);
  });

  it('runs no hook unless pullRequests.buildHooks is on', async () => {
    const { ports, triggered } = deps(false, []);

    await reactToRepositoryActivity(event, ports);

    expect(triggered).toEqual([]);
  });
});

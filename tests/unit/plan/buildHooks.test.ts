import { effectKey } from '../../../shared/plan/identity';
import { commitToBuildOfPush, gateBuildHooks, planBuildHooks, type CommitToBuild } from '../../../shared/plan/buildHooks';
import type { BuildHookAction } from '../../../shared/plan/actions';
import { config, pushEvent } from '../../support/domain';

const hooksConfig = (buildHooks: Record<string, unknown>) => config({ buildHooks });

const TARGETS = {
  jenkins: { type: 'webhook', url: 'https://jenkins.example.com/generic-webhook-trigger/invoke', secret: 'ssm:/herald/jenkins-token', signing: 'token-query' },
  teamcity: { type: 'webhook', url: 'https://teamcity.example.com/app/rest/buildQueue', secret: 'secretsmanager:herald/teamcity', signing: 'token-header', tokenHeader: 'Authorization', payload: { buildType: { id: 'Api_Build' }, branchName: '{{branch}}', revisions: { revision: [{ version: '{{commit}}' }] }, previous: '{{previousCommit}}' } },
  receiver: { type: 'webhook', url: 'https://hooks.example.com/herald', secret: 'env:HOOK_SECRET' },
  build: { type: 'codebuild', project: 'api-ci', environment: { STAGE: 'ci', HERALD_COMMIT: 'spoofed' }, secretEnvironment: { NPM_TOKEN: 'ssm:/ci/npm', DB: 'secretsmanager:ci/db' } },
};

function buildOf(overrides = {}, remove: Parameters<typeof pushEvent>[1] = []): CommitToBuild {
  const build = commitToBuildOfPush(pushEvent(overrides, remove));
  if (build === undefined) throw new Error('expected a commit to build');
  return build;
}

function byTarget(actions: readonly BuildHookAction[], target: string): BuildHookAction {
  const action = actions.find((candidate) => candidate.target === target);
  if (action === undefined) throw new Error(`no action for ${target}`);
  return action;
}

describe('commitToBuildOfPush', () => {
  it('builds branches created or updated to a commit; never tags, deletions, test triggers or null commits', () => {
    expect(buildOf()).toMatchObject({ repository: 'api', branch: 'main', commit: 'b'.repeat(40), previousCommit: 'a'.repeat(40) });
    expect(buildOf({ change: 'created' }, ['oldCommitId']).previousCommit).toBeUndefined();
    expect(commitToBuildOfPush(pushEvent({ ref: 'refs/tags/v1', tag: 'v1' }, ['branch']))).toBeUndefined();
    expect(commitToBuildOfPush(pushEvent({ change: 'deleted' }, ['commitId']))).toBeUndefined();
    expect(commitToBuildOfPush(pushEvent({ isTest: true }))).toBeUndefined();
    expect(commitToBuildOfPush(pushEvent({ commitId: '0'.repeat(40) }))).toBeUndefined();
    expect(buildOf({ oldCommitId: '0'.repeat(40) }).previousCommit).toBeUndefined();
  });
});

describe('planBuildHooks', () => {
  const cfg = hooksConfig({
    targets: TARGETS,
    hooks: [
      { repository: ['api', 'web-*'], branch: ['main', 'release/**'], targets: ['jenkins', 'build', 'receiver'] },
      { repository: ['api'], branch: ['main'], targets: ['teamcity', 'jenkins'], gate: true },
    ],
  });

  it('plans one action per target of every matching hook, each target once, in config order', () => {
    const actions = planBuildHooks(buildOf(), cfg);
    expect(actions.map((action) => [action.type, action.target, action.gated])).toEqual([
      ['webhook.post', 'jenkins', true],
      ['codebuild.startBuild', 'build', false],
      ['webhook.post', 'receiver', false],
      ['webhook.post', 'teamcity', true],
    ]);
    expect(planBuildHooks(buildOf({ repository: 'web-shop', branch: 'release/2.0', ref: 'refs/heads/release/2.0' }), cfg).map((a) => a.target)).toEqual(['jenkins', 'build', 'receiver']);
    expect(planBuildHooks(buildOf({ branch: 'feature/x', ref: 'refs/heads/feature/x' }), cfg)).toEqual([]);
    expect(planBuildHooks(buildOf({ repository: 'other' }), cfg)).toEqual([]);
    expect(planBuildHooks(buildOf(), config())).toEqual([]);
  });

  it('posts the documented default payload, naming the secret by reference only', () => {
    const action = byTarget(planBuildHooks(buildOf(), cfg), 'receiver');
    if (action.type !== 'webhook.post') throw new Error('webhook expected');
    expect(JSON.parse(action.body)).toEqual({
      type: 'herald.push',
      timestamp: '2026-11-27T10:00:00Z',
      data: {
        deliveryId: action.webhookId,
        repository: 'api',
        branch: 'main',
        commit: 'b'.repeat(40),
        previousCommit: 'a'.repeat(40),
        pusher: 'arn:aws:iam::111122223333:user/dev',
        time: '2026-11-27T10:00:00Z',
        account: '111122223333',
        region: 'eu-west-1',
        consoleUrl: `https://eu-west-1.console.aws.amazon.com/codesuite/codecommit/repositories/api/commit/${'b'.repeat(40)}?region=eu-west-1`,
      },
    });
    expect(action).toMatchObject({ signing: { scheme: 'standard' }, secret: 'env:HOOK_SECRET', headers: { 'content-type': 'application/json', 'webhook-id': action.webhookId } });
  });

  it('fills payload templates with data, unknown values as null, so untrusted branch names cannot break the JSON', () => {
    const branch = 'main"},"evil":{"x":"';
    const withHostileBranch = planBuildHooks(buildOf({ branch, ref: `refs/heads/${branch}` }), hooksConfig({ targets: TARGETS, hooks: [{ repository: ['api'], branch: ['**'], targets: ['teamcity'] }] }));
    const action = byTarget(withHostileBranch, 'teamcity');
    if (action.type !== 'webhook.post') throw new Error('webhook expected');
    expect(JSON.parse(action.body)).toEqual({ buildType: { id: 'Api_Build' }, branchName: branch, revisions: { revision: [{ version: 'b'.repeat(40) }] }, previous: 'a'.repeat(40) });
    const trigger = planBuildHooks(buildOf({ delivery: 'trigger' }, ['oldCommitId']), hooksConfig({ targets: TARGETS, hooks: [{ repository: ['api'], branch: ['main'], targets: ['teamcity'] }] }))[0];
    expect(trigger?.type === 'webhook.post' ? JSON.parse(trigger.body).previous : 'not a webhook').toBeNull();
  });

  it('starts CodeBuild at the pushed commit with HERALD_* variables first and secrets by name', () => {
    const action = byTarget(planBuildHooks(buildOf(), cfg), 'build');
    expect(action).toMatchObject({
      projectName: 'api-ci',
      sourceVersion: 'b'.repeat(40),
      environmentVariablesOverride: [
        { name: 'HERALD_REPOSITORY', value: 'api', type: 'PLAINTEXT' },
        { name: 'HERALD_BRANCH', value: 'main', type: 'PLAINTEXT' },
        { name: 'HERALD_COMMIT', value: 'b'.repeat(40), type: 'PLAINTEXT' },
        { name: 'HERALD_PREVIOUS_COMMIT', value: 'a'.repeat(40), type: 'PLAINTEXT' },
        { name: 'STAGE', value: 'ci', type: 'PLAINTEXT' },
        { name: 'NPM_TOKEN', value: '/ci/npm', type: 'PARAMETER_STORE' },
        { name: 'DB', value: 'ci/db', type: 'SECRETS_MANAGER' },
      ],
    });
  });

  it('keys every action on the push and target: the same for a duplicate delivery, different per target and per push', () => {
    const first = planBuildHooks(buildOf({ eventId: 'evt-1' }), cfg);
    const duplicate = planBuildHooks(buildOf({ eventId: 'evt-1-redelivered' }), cfg);
    const next = planBuildHooks(buildOf({ commitId: 'c'.repeat(40), oldCommitId: 'b'.repeat(40) }), cfg);
    const ids = (actions: readonly BuildHookAction[]) => actions.map((action) => (action.type === 'webhook.post' ? action.webhookId : action.idempotencyToken));
    expect(ids(duplicate)).toEqual(ids(first));
    expect(first.map((action) => action.dedupeKey)).toEqual(first.map((action) => effectKey(pushEvent(), `build-hook:${action.target}`)));
    expect(new Set(ids(first)).size).toBe(first.length);
    expect(ids(next).filter((id) => ids(first).includes(id))).toEqual([]);
  });
});

describe('gateBuildHooks', () => {
  const actions = planBuildHooks(
    buildOf(),
    hooksConfig({ targets: TARGETS, hooks: [{ repository: ['api'], branch: ['main'], targets: ['build'] }, { repository: ['api'], branch: ['main'], targets: ['receiver'], gate: true }] }),
  );

  it('holds gated hooks back only when the analysis found something blocking', () => {
    expect(gateBuildHooks(actions, false)).toEqual({ run: actions, held: [] });
    const gated = gateBuildHooks(actions, true);
    expect(gated.run.map((action) => action.target)).toEqual(['build']);
    expect(gated.held.map((action) => action.target)).toEqual(['receiver']);
  });
});

describe('buildHooks config', () => {
  it('rejects unknown targets, template fields, schemes and secrets by value', () => {
    expect(() => hooksConfig({ targets: TARGETS, hooks: [{ repository: ['api'], branch: ['main'], targets: ['nope'] }] })).toThrow(/unknown build hook target "nope"/);
    expect(() => hooksConfig({ targets: { t: { ...TARGETS.receiver, payload: { x: '{{secret}}' } } } })).toThrow(/unknown field\(s\) secret/);
    expect(() => hooksConfig({ targets: { t: { ...TARGETS.receiver, url: 'ftp://ci.example.com/' } } })).toThrow(/must be http\(s\)/);
    expect(() => hooksConfig({ targets: { t: { ...TARGETS.receiver, secret: 'hunter2' } } })).toThrow(/secret reference/);
    expect(() => hooksConfig({ targets: { t: { ...TARGETS.jenkins, url: `${TARGETS.jenkins.url}?token=abc` } } })).toThrow(/must not carry credentials or the token/);
    expect(() => hooksConfig({ targets: { t: { ...TARGETS.build, secretEnvironment: { X: 'env:X' } } } })).toThrow(/ssm:\/name or secretsmanager:name/);
  });
});

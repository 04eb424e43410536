/**
 * Build hooks in the push use case, with in-memory ports: hooks of pushes that are not analysed
 * run at once, gated hooks wait for the verdict and are held back (with a note in the alert)
 * when the analysis found something blocking, and a failed hook fails the event after every
 * other effect was attempted.
 */
import { analyzePush, type PushDeps } from '../../../shared/app/analyzePush';
import { DeliveryError } from '../../../shared/app/errors';
import type { Finding } from '../../../shared/analysis/types';
import type { BuildHookAction, SnsPublishAction } from '../../../shared/plan/actions';
import { blockingFinding, config, pushEvent } from '../../support/domain';

const FINDING = blockingFinding();

const CONFIG = config({
  routes: [{ name: 'all', targets: ['email'] }],
  push: { protectedBranches: ['main'] },
  buildHooks: {
    targets: {
      build: { type: 'codebuild', project: 'api-ci' },
      deploy: { type: 'webhook', url: 'https://deploy.example.com/hook', secret: 'ssm:/herald/deploy' },
    },
    hooks: [
      { repository: ['api'], branch: ['main', 'feature/*'], targets: ['build'] },
      { repository: ['api'], branch: ['main', 'feature/*'], targets: ['deploy'], gate: true },
    ],
  },
});

function deps(findings: readonly Finding[], failing: readonly string[] = []) {
  const hooks: BuildHookAction[] = [];
  const published: SnsPublishAction[] = [];
  const ports: PushDeps = {
    config: CONFIG,
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    source: {
      open: (_event, _range, _options) =>
        Promise.resolve({ range: { before: 'a'.repeat(40), after: 'b'.repeat(40), basis: 'previous tip', notes: [] }, source: { description: 'memory', files: (async function* () {})(), skipped: [] } }),
    },
    analyze: () => Promise.resolve({ findings, scannedFiles: 1, scannedBytes: 10, skipped: [], suppressed: 0 }),
    deliver: (action) => {
      published.push(action);
      return Promise.resolve();
    },
    comment: () => Promise.resolve(),
    buildHook: (action) => {
      hooks.push(action);
      return failing.includes(action.target) ? Promise.reject(new Error(`${action.target} is down`)) : Promise.resolve();
    },
    fingerprintSalt: () => Promise.resolve('salt'),
  };
  return { ports, hooks, published };
}

describe('build hooks of a push', () => {
  it('run every hook after a clean analysis', async () => {
    const { ports, hooks } = deps([]);
    const reaction = await analyzePush(pushEvent(), ports);
    expect(hooks.map((hook) => hook.target)).toEqual(['build', 'deploy']);
    expect(reaction.actions.map((action) => action.type)).toEqual(['analysis.run', 'codebuild.startBuild', 'webhook.post']);
  });

  it('hold gated hooks back when the analysis is blocking, and say so in the findings alert', async () => {
    const { ports, hooks, published } = deps([FINDING]);
    const reaction = await analyzePush(pushEvent(), ports);
    expect(hooks.map((hook) => hook.target)).toEqual(['build']);
    expect(reaction.heldBuildHooks?.map((hook) => hook.target)).toEqual(['deploy']);
    expect(published).toHaveLength(1);
    expect(published[0]?.message).toContain('Build hooks held back because of blocking findings: deploy');
  });

  it('run at once, gate or not, for a branch push analysis does not cover', async () => {
    const { ports, hooks } = deps([FINDING]);
    const reaction = await analyzePush(pushEvent({ branch: 'feature/x', ref: 'refs/heads/feature/x' }), ports);
    expect(reaction.decision.kind).toBe('ignore');
    expect(hooks.map((hook) => hook.target)).toEqual(['build', 'deploy']);
  });

  it('fail the event when a hook failed, after attempting the others', async () => {
    const { ports, hooks } = deps([], ['build']);
    await expect(analyzePush(pushEvent(), ports)).rejects.toBeInstanceOf(DeliveryError);
    expect(hooks.map((hook) => hook.target)).toEqual(['build', 'deploy']);
  });
});

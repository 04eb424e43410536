import type { HeraldConfig } from '../config/schema';
import type { ReferenceChange } from '../events/domain';
import type { BuildHookAction, CodeBuildStartBuildAction, WebhookPostAction } from '../plan/actions';
import { commitToBuildOfPush, planBuildHooks } from '../plan/buildHooks';
import { attemptAll } from './errors';
import type { Log, TriggerBuildHook } from './ports';

/** Routes each build hook action to its executor (composition roots pass lazily loaded adapters). */
export function buildHookRunner(executors: {
  readonly webhook: (action: WebhookPostAction) => Promise<void>;
  readonly codebuild: (action: CodeBuildStartBuildAction) => Promise<void>;
}): TriggerBuildHook {
  return (action) => (action.type === 'webhook.post' ? executors.webhook(action) : executors.codebuild(action));
}

export interface BuildHookDeps {
  readonly config: HeraldConfig;
  readonly buildHook: TriggerBuildHook;
  readonly log: Log;
}

/**
 * Build hooks alone, without the push analysis (`herald dev`, which has no CodeCommit to read):
 * every planned hook runs, gated ones included, since there is no verdict to wait for.
 * Throws DeliveryError when any failed, after attempting all.
 */
export async function triggerBuildHooks(event: ReferenceChange, deps: BuildHookDeps): Promise<readonly BuildHookAction[]> {
  const build = commitToBuildOfPush(event);
  const actions = build === undefined ? [] : planBuildHooks(build, deps.config);
  await attemptAll(
    event.eventId,
    actions.map((action) => ({ target: `build hook ${action.target}`, run: () => deps.buildHook(action) })),
  );
  deps.log.info('build hooks triggered', { eventId: event.eventId, repository: event.repository, ref: event.ref, targets: actions.map((action) => action.target) });
  return actions;
}

import type { HeraldConfig } from '../config/schema';
import type { ReferenceChange } from '../events/domain';
import type { BuildHookAction, CodeBuildStartBuildAction, WebhookPostAction } from '../plan/actions';
import { commitToBuildOfPush, planBuildHooks } from '../plan/buildHooks';
import { DeliveryError } from './errors';
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
  const results = await Promise.allSettled(actions.map((action) => deps.buildHook(action)));
  const failures = results.flatMap((result, index) => {
    if (result.status === 'fulfilled') return [];
    const error: unknown = result.reason;
    return [{ target: `build hook ${actions[index]?.target ?? '?'}`, error }];
  });
  if (failures.length > 0) throw new DeliveryError(event.eventId, failures);
  deps.log.info('build hooks triggered', { eventId: event.eventId, repository: event.repository, ref: event.ref, targets: actions.map((action) => action.target) });
  return actions;
}

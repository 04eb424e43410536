import type { CodeBuildStartBuildAction, WebhookPostAction } from '../plan/actions';
import type { TriggerBuildHook } from './ports';

/** Routes each build hook action to its executor (composition roots pass lazily loaded adapters). */
export function buildHookRunner(executors: {
  readonly webhook: (action: WebhookPostAction) => Promise<void>;
  readonly codebuild: (action: CodeBuildStartBuildAction) => Promise<void>;
}): TriggerBuildHook {
  return (action) => (action.type === 'webhook.post' ? executors.webhook(action) : executors.codebuild(action));
}

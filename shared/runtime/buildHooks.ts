import { buildHookRunner } from '../app/buildHooks';
import type { TriggerBuildHook } from '../app/ports';
import { lazyPort } from './lazy';

/**
 * The build hook executors of a Lambda: the webhook sender and the CodeBuild client are loaded on
 * the first hook of their kind, not at cold start. Secrets are read through `readSecret` by name.
 */
export function lazyBuildHookRunner(readSecret: (reference: string) => Promise<string>, allowHosts: readonly string[]): TriggerBuildHook {
  return buildHookRunner({
    webhook: lazyPort(async () => {
      const { buildWebhookPoster } = await import('../adapters/http/webhook');
      return buildWebhookPoster({ readSecret, allowHosts });
    }),
    codebuild: lazyPort(async () => {
      const { buildCodeBuildClient, buildCodeBuildStarter } = await import('../adapters/aws/codebuild');
      return buildCodeBuildStarter(buildCodeBuildClient());
    }),
  });
}

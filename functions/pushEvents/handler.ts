// Composition root for CodeCommit push analysis: repository triggers (direct or through SNS)
// and EventBridge reference events. Clients are built once per container; the config was
// validated when the bundle was built (esbuild/plugins.js).
import { SNSClient } from '@aws-sdk/client-sns';
import config from 'herald:config';
import { awsClientConfig } from '../../shared/adapters/aws/clientConfig';
import { buildIdempotency } from '../../shared/adapters/aws/idempotency';
import { buildSnsDeliver } from '../../shared/adapters/aws/sns';
import { buildDynamoStateStore } from '../../shared/adapters/aws/state';
import { handlePushEvent, type PushDeps } from '../../shared/app/analyzePush';
import { counted } from '../../shared/app/counted';
import type { PushSource } from '../../shared/app/ports';
import { routableAuthorTopics, routableTopics } from '../../shared/plan/routing';
import { requireEnv, topicArnsFromEnv } from '../../shared/runtime/env';
import { lazyBuildHookRunner } from '../../shared/runtime/buildHooks';
import { heraldHandler } from '../../shared/runtime/handler';
import { lazyPort, lazyValue } from '../../shared/runtime/lazy';
import { createLogger } from '../../shared/runtime/logger';
import { createMetrics } from '../../shared/runtime/metrics';

const logger = createLogger('push-events');
const metrics = createMetrics('push-events');
// The salt is a secret, referenced by name (ssm:/herald/<stage>/fingerprint-salt).
const fingerprintSaltSecret = requireEnv(process.env, 'FINGERPRINT_SALT_SECRET');
// Each publish at most once per dedupeKey (repository, ref, commits + target), whatever the path.
const idempotency = buildIdempotency({ tableName: requireEnv(process.env, 'HERALD_IDEMPOTENCY_TABLE'), keyPrefix: 'herald.effect' });

// Most reference events are ignored (test triggers, deletions, unprotected branches): the
// CodeCommit client, the analysis engine and the secret store are loaded on the first push
// that is analysed, not at every cold start.
const codecommit = lazyValue(async () => {
  const adapter = await import('../../shared/adapters/aws/codecommit');
  const client = adapter.buildCodeCommitClient();
  const { blobConcurrency } = config.push.analysis;
  const source = adapter.buildCodeCommitPushSource(client, blobConcurrency === undefined ? {} : { concurrency: blobConcurrency });
  return { source, comment: adapter.buildCodeCommitCommenter(client) };
});
const source: PushSource = { open: async (...args) => (await codecommit()).source.open(...args) };
const readSecret = lazyPort(async () => {
  const { buildAwsSecretReader } = await import('../../shared/adapters/aws/secrets');
  return buildAwsSecretReader({ ttlMs: 15 * 60 * 1000 });
});

// Build hooks: the webhook sender and the CodeBuild client load on the first hook of their kind.
const buildHook = lazyBuildHookRunner(readSecret, config.buildHooks.allowHosts);

const deps: PushDeps = {
  config,
  log: logger,
  source,
  analyze: lazyPort(async () => (await import('../../shared/analysis/sources/scan')).analyzeSource),
  comment: async (action) => (await codecommit()).comment(action),
  deliver: idempotency.onceEach(
    counted(
      buildSnsDeliver(new SNSClient(awsClientConfig()), topicArnsFromEnv(config, process.env, [...routableTopics(config, ['codecommit']), ...routableAuthorTopics(config, ['codecommit'])])),
      metrics.count,
      { done: 'AlertsSent', failed: 'AlertsFailed' },
    ),
    (action) => action.dedupeKey,
  ),
  fingerprintSalt: () => readSecret(fingerprintSaltSecret),
  // Webhooks and builds at most once per push and target too (receivers also get a stable webhook-id).
  buildHook: idempotency.onceEach(
    counted(buildHook, metrics.count, { done: (action) => (action.type === 'webhook.post' ? 'WebhooksDelivered' : 'BuildsStarted'), failed: 'BuildHooksFailed' }),
    (action) => action.dedupeKey,
  ),
  count: metrics.count,
  // The last analysed commit per branch: a repository trigger is analysed from it.
  state: buildDynamoStateStore(requireEnv(process.env, 'HERALD_STATE_TABLE')),
};

export const handler = heraldHandler(logger, (event) => handlePushEvent(event, deps), { useLambdaContext: idempotency.useLambdaContext, metrics });

// Composition root for CodeCommit pull-request, comment and reaction events (EventBridge).
// Clients are built once per container; the config was validated when the bundle was built
// (esbuild/plugins.js).
import { SNSClient } from '@aws-sdk/client-sns';
import config from 'herald:config';
import { awsClientConfig } from '../../shared/adapters/aws/clientConfig';
import { buildIdempotency } from '../../shared/adapters/aws/idempotency';
import { buildSnsDeliver } from '../../shared/adapters/aws/sns';
import type { PullRequestSource } from '../../shared/app/ports';
import { counted } from '../../shared/app/counted';
import { handleRepositoryActivityEvent, type RepositoryActivityDeps } from '../../shared/app/repositoryActivity';
import { routableTopics } from '../../shared/plan/routing';
import { requireEnv, topicArnsFromEnv } from '../../shared/runtime/env';
import { lazyBuildHookRunner } from '../../shared/runtime/buildHooks';
import { heraldHandler } from '../../shared/runtime/handler';
import { lazyPort, lazyValue } from '../../shared/runtime/lazy';
import { createLogger } from '../../shared/runtime/logger';
import { createMetrics } from '../../shared/runtime/metrics';

const logger = createLogger('repository-activity');
const metrics = createMetrics('repository-activity');
// The salt is a secret, referenced by name (ssm:/herald/<stage>/fingerprint-salt), shared with pushEvents
// so a finding has one fingerprint wherever it is reported.
const fingerprintSaltSecret = requireEnv(process.env, 'FINGERPRINT_SALT_SECRET');
// Each publish at most once per dedupeKey (comments de-duplicate on their markers and request tokens).
const idempotency = buildIdempotency({ tableName: requireEnv(process.env, 'HERALD_IDEMPOTENCY_TABLE'), keyPrefix: 'herald.effect' });

// Most events (comments, approvals, status changes) only route an alert: the CodeCommit client,
// the analysis engine and the secret store are loaded on the first pull request analysed.
const codecommit = lazyValue(async () => {
  const [base, pullRequests] = await Promise.all([import('../../shared/adapters/aws/codecommit'), import('../../shared/adapters/aws/codecommitPullRequests')]);
  const client = base.buildCodeCommitClient();
  const { blobConcurrency } = config.push.analysis;
  return {
    source: pullRequests.buildCodeCommitPullRequestSource(client, blobConcurrency === undefined ? {} : { concurrency: blobConcurrency }),
    comment: pullRequests.buildCodeCommitPullRequestCommenter(client),
  };
});
const pullRequests: PullRequestSource = {
  resolve: async (...args) => (await codecommit()).source.resolve(...args),
  changes: async (...args) => (await codecommit()).source.changes(...args),
  comments: async (...args) => (await codecommit()).source.comments(...args),
};
const readSecret = lazyPort(async () => {
  const { buildAwsSecretReader } = await import('../../shared/adapters/aws/secrets');
  return buildAwsSecretReader({ ttlMs: 15 * 60 * 1000 });
});

const deps: RepositoryActivityDeps = {
  config,
  log: logger,
  pullRequests,
  analyze: lazyPort(async () => (await import('../../shared/analysis/sources/scan')).analyzeSource),
  comment: async (action) => (await codecommit()).comment(action),
  deliver: idempotency.onceEach(
    counted(buildSnsDeliver(new SNSClient(awsClientConfig()), topicArnsFromEnv(config, process.env, routableTopics(config, ['codecommit']))), metrics.count, {
      done: 'AlertsSent',
      failed: 'AlertsFailed',
    }),
    (action) => action.dedupeKey,
  ),
  count: metrics.count,
  fingerprintSalt: () => readSecret(fingerprintSaltSecret),
  // Pull requests' source commits (pullRequests.buildHooks): at most once per event and target.
  buildHook: idempotency.onceEach(
    counted(lazyBuildHookRunner(readSecret, config.buildHooks.allowHosts), metrics.count, {
      done: (action) => (action.type === 'webhook.post' ? 'WebhooksDelivered' : 'BuildsStarted'),
      failed: 'BuildHooksFailed',
    }),
    (action) => action.dedupeKey,
  ),
  // Lambda names a function's role session after the function: Herald's own comments come back as events.
  ...(process.env.AWS_LAMBDA_FUNCTION_NAME === undefined ? {} : { selfSession: process.env.AWS_LAMBDA_FUNCTION_NAME }),
};

export const handler = heraldHandler(logger, (event) => handleRepositoryActivityEvent(event, deps), { useLambdaContext: idempotency.useLambdaContext, metrics });

// Composition root for the scheduled reconciliation sweep: lists recent pipeline executions and
// builds, and alerts on failures no event reported, through the same use case (and effect keys)
// as pipelineAlerts. Clients and config are built once per container.
import { SNSClient } from '@aws-sdk/client-sns';
import bundledConfig from 'herald:config';
import { awsClientConfig } from '../../shared/adapters/aws/clientConfig';
import { buildIdempotency } from '../../shared/adapters/aws/idempotency';
import { buildDynamoStateStore } from '../../shared/adapters/aws/state';
import { buildAwsRecentRunsLister } from '../../shared/adapters/aws/reconcile';
import { buildSnsDeliver } from '../../shared/adapters/aws/sns';
import { counted } from '../../shared/app/counted';
import { reconcileScheduled } from '../../shared/app/reconcile';
import { validateConfig } from '../../shared/config/validate';
import { routableAuthorTopics, routableTopics } from '../../shared/plan/routing';
import { requireEnv, topicArnsFromEnv } from '../../shared/runtime/env';
import { heraldHandler } from '../../shared/runtime/handler';
import { lazyPort } from '../../shared/runtime/lazy';
import { createLogger } from '../../shared/runtime/logger';
import { createMetrics } from '../../shared/runtime/metrics';

const logger = createLogger('reconcile');
const metrics = createMetrics('reconcile');
const config = validateConfig(bundledConfig, 'herald.config.yml (bundled)');
const idempotency = buildIdempotency({ tableName: requireEnv(process.env, 'HERALD_IDEMPOTENCY_TABLE'), keyPrefix: 'herald.effect' });

const deps = {
  config,
  log: logger,
  // The topics pipeline and build alerts can be routed to, as for pipelineAlerts.
  // Published at most once per dedupeKey: a failure an event already reported is not sent again.
  deliver: idempotency.onceEach(
    counted(
      buildSnsDeliver(
        new SNSClient(awsClientConfig()),
        topicArnsFromEnv(config, process.env, [...routableTopics(config, ['codepipeline', 'codebuild']), ...routableAuthorTopics(config, ['codepipeline', 'codebuild'])]),
      ),
      metrics.count,
      { done: 'AlertsSent', failed: 'AlertsFailed' },
    ),
    (action) => action.dedupeKey,
  ),
  // The same failing/passing state as pipelineAlerts: repeat failures stay suppressed.
  state: buildDynamoStateStore(requireEnv(process.env, 'HERALD_STATE_TABLE')),
  count: metrics.count,
  listRecentRuns: buildAwsRecentRunsLister(config.reconcile),
  // Only found failures need enrichment: its clients are loaded on first use.
  enrich: lazyPort(async () => {
    const { buildAwsEnricher } = await import('../../shared/adapters/aws/enrich');
    return buildAwsEnricher(config.enrichment);
  }),
};

export const handler = heraldHandler(logger, async (event) => {
  const sweep = await reconcileScheduled(event, deps);
  return { window: sweep.window, failuresFound: sweep.events.length };
}, { useLambdaContext: idempotency.useLambdaContext, metrics });

// Composition root for the scheduled reconciliation sweep: lists recent pipeline executions and
// builds, and alerts on failures no event reported, through the same use case (and effect keys)
// as pipelineAlerts. Clients are built once per container; the config was validated when the
// bundle was built (esbuild/plugins.js).
import config from 'herald:config';
import { awsClientConfig } from '../../shared/adapters/aws/clientConfig';
import { buildAwsRecentRunsLister } from '../../shared/adapters/aws/reconcile';
import { reconcileScheduled } from '../../shared/app/reconcile';
import { buildAlertReactionDeps } from '../../shared/runtime/alertReactions';
import { heraldHandler } from '../../shared/runtime/handler';
import { lazyPort } from '../../shared/runtime/lazy';
import { createLogger } from '../../shared/runtime/logger';
import { createMetrics } from '../../shared/runtime/metrics';

const logger = createLogger('reconcile');
const metrics = createMetrics('reconcile');
// The same publishes (idempotent on dedupeKey: a failure an event already reported is not sent
// again), enrichment and failing/passing state as pipelineAlerts. A sweep publishes only for a
// failure no event reported, so the SNS client loads on the first publish, not at cold start.
const alertReactions = buildAlertReactionDeps(config, logger, metrics, (topicArns) =>
  lazyPort(async () => {
    const [{ SNSClient }, { buildSnsDeliver }] = await Promise.all([import('@aws-sdk/client-sns'), import('../../shared/adapters/aws/sns')]);
    return buildSnsDeliver(new SNSClient(awsClientConfig()), topicArns);
  }),
);
const { idempotency } = alertReactions;
const deps = { ...alertReactions.deps, listRecentRuns: buildAwsRecentRunsLister(config.reconcile) };

export const handler = heraldHandler(logger, async (event) => {
  const sweep = await reconcileScheduled(event, deps);
  return { window: sweep.window, failuresFound: sweep.events.length };
}, { useLambdaContext: idempotency.useLambdaContext, metrics });

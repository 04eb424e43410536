// Composition root for the scheduled reconciliation sweep: lists recent pipeline executions and
// builds, and alerts on failures no event reported, through the same use case (and effect keys)
// as pipelineAlerts. Clients and config are built once per container.
import { SNSClient } from '@aws-sdk/client-sns';
import bundledConfig from 'herald:config';
import { awsClientConfig } from '../../shared/adapters/aws/clientConfig';
import { buildAwsRecentRunsLister } from '../../shared/adapters/aws/reconcile';
import { buildSnsDeliver } from '../../shared/adapters/aws/sns';
import { reconcileScheduled } from '../../shared/app/reconcile';
import { validateConfig } from '../../shared/config/validate';
import { routableTopics } from '../../shared/plan/routing';
import { topicArnsFromEnv } from '../../shared/runtime/env';
import { heraldHandler } from '../../shared/runtime/handler';
import { lazyPort } from '../../shared/runtime/lazy';
import { createLogger } from '../../shared/runtime/logger';

const logger = createLogger('reconcile');
const config = validateConfig(bundledConfig, 'herald.config.yml (bundled)');

const deps = {
  config,
  log: logger,
  // The topics pipeline and build alerts can be routed to, as for pipelineAlerts.
  deliver: buildSnsDeliver(new SNSClient(awsClientConfig()), topicArnsFromEnv(config, process.env, routableTopics(config, ['codepipeline', 'codebuild']))),
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
});

// Composition root for CodePipeline and CodeBuild state-change alerts (EventBridge, or
// notification rules through SNS). Clients and config are built once per container.
import { SNSClient } from '@aws-sdk/client-sns';
import bundledConfig from 'herald:config';
import { awsClientConfig } from '../../shared/adapters/aws/clientConfig';
import { buildIdempotency } from '../../shared/adapters/aws/idempotency';
import { buildSnsDeliver } from '../../shared/adapters/aws/sns';
import { buildDynamoStateStore } from '../../shared/adapters/aws/state';
import { counted } from '../../shared/app/counted';
import { handleRawEvent } from '../../shared/app/handleRawEvent';
import { validateConfig } from '../../shared/config/validate';
import { routableAuthorTopics, routableTopics } from '../../shared/plan/routing';
import { requireEnv, topicArnsFromEnv } from '../../shared/runtime/env';
import { heraldHandler } from '../../shared/runtime/handler';
import { lazyPort } from '../../shared/runtime/lazy';
import { createLogger } from '../../shared/runtime/logger';
import { createMetrics } from '../../shared/runtime/metrics';

const logger = createLogger('pipeline-alerts');
const metrics = createMetrics('pipeline-alerts');
const config = validateConfig(bundledConfig, 'herald.config.yml (bundled)');
// Each publish at most once per dedupeKey (what the alert is about + target), whatever the path.
const idempotency = buildIdempotency({ tableName: requireEnv(process.env, 'HERALD_IDEMPOTENCY_TABLE'), keyPrefix: 'herald.effect' });

const deps = {
  config,
  log: logger,
  // Only the topics pipeline and build alerts can be routed to (push findings have their own function).
  // (and the topics of routes' `notifyAuthor` targets, direct emails to commit authors).
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
  // Only pipeline failures (and builds whose event lacks the reason) need the CodePipeline and
  // CodeBuild clients: they are loaded on first use, not at every cold start.
  enrich: lazyPort(async () => {
    const { buildAwsEnricher } = await import('../../shared/adapters/aws/enrich');
    return buildAwsEnricher(config.enrichment);
  }),
  // Failing/passing per pipeline and build project: repeat failures suppressed, recovered alerts.
  state: buildDynamoStateStore(requireEnv(process.env, 'HERALD_STATE_TABLE')),
  count: metrics.count,
};

export const handler = heraldHandler(logger, (event) => handleRawEvent(event, deps), { useLambdaContext: idempotency.useLambdaContext, metrics });

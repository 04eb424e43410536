import { buildIdempotency, type Idempotency } from '../adapters/aws/idempotency';
import { buildDynamoStateStore } from '../adapters/aws/state';
import { counted } from '../app/counted';
import type { ReactDeps } from '../app/react';
import type { HeraldConfig } from '../config/schema';
import { routableAuthorTopics, routableTopics } from '../plan/routing';
import { requireEnv, topicArnsFromEnv } from './env';
import { lazyPort } from './lazy';
import type { Deliver, Log } from '../app/ports';
import type { InvocationMetrics } from './metrics';

/**
 * The SNS publisher of an entry, given the ARNs of the topics its alerts can be routed to (read
 * from the environment and checked at cold start): pipelineAlerts builds its client at cold
 * start, the reconciliation sweep on its first publish.
 */
export type SnsPublisher = (topicArns: ReadonlyMap<string, string>) => Deliver;

/**
 * The ports of the failure-alert use case (`reactToEvent`), as pipelineAlerts and the
 * reconciliation sweep both need them, so the two can never drift apart: publishes to the topics
 * pipeline and build alerts can be routed to (authors' topics included), each at most once per
 * dedupeKey and counted; enrichment clients loaded on first use; the failing/passing state.
 */
export function buildAlertReactionDeps(
  config: HeraldConfig,
  log: Log,
  metrics: InvocationMetrics,
  publisher: SnsPublisher,
  env: NodeJS.ProcessEnv = process.env,
): { readonly deps: ReactDeps; readonly idempotency: Idempotency } {
  const idempotency = buildIdempotency({ tableName: requireEnv(env, 'HERALD_IDEMPOTENCY_TABLE'), keyPrefix: 'herald.effect' });
  const topics = [...routableTopics(config, ['codepipeline', 'codebuild']), ...routableAuthorTopics(config, ['codepipeline', 'codebuild'])];
  const deps: ReactDeps = {
    config,
    log,
    deliver: idempotency.onceEach(counted(publisher(topicArnsFromEnv(config, env, topics)), metrics.count, { done: 'AlertsSent', failed: 'AlertsFailed' }), (action) => action.dedupeKey),
    // Only pipeline failures (and builds whose event lacks the reason) need the CodePipeline,
    // CodeBuild and CodeCommit clients: loaded on first use, not at every cold start.
    enrich: lazyPort(async () => {
      const { buildAwsEnricher } = await import('../adapters/aws/enrich');
      return buildAwsEnricher(config.enrichment);
    }),
    state: buildDynamoStateStore(requireEnv(env, 'HERALD_STATE_TABLE')),
    count: metrics.count,
  };
  return { deps, idempotency };
}

// Composition root for Slack delivery: SNS (Slack topic) → incoming webhook. The webhook URL
// is a secret, read at run time by name and cached; it never appears in logs or errors.
import { buildIdempotency } from '../../shared/adapters/aws/idempotency';
import { postJson } from '../../shared/adapters/http/postJson';
import { deliverToSlack, slackPostKey } from '../../shared/app/slackDelivery';
import { requireEnv } from '../../shared/runtime/env';
import { heraldHandler } from '../../shared/runtime/handler';
import { lazyPort } from '../../shared/runtime/lazy';
import { createLogger } from '../../shared/runtime/logger';

const logger = createLogger('slack-delivery');
const webhookSecret = requireEnv(process.env, 'SLACK_WEBHOOK_SECRET');
// Each SNS message posted at most once per webhook, across SNS redeliveries and Lambda retries.
const idempotency = buildIdempotency({ tableName: requireEnv(process.env, 'HERALD_IDEMPOTENCY_TABLE'), keyPrefix: 'herald.slack' });
// The secret store clients are needed once per TTL, not at every cold start.
const readSecret = lazyPort(async () => {
  const { buildAwsSecretReader } = await import('../../shared/adapters/aws/secrets');
  return buildAwsSecretReader({ ttlMs: 5 * 60 * 1000 });
});

const deps = {
  log: logger,
  webhookUrl: () => readSecret(webhookSecret),
  post: idempotency.onceEach(({ url, payload }) => postJson(url, payload, 'Slack webhook'), slackPostKey),
};

export const handler = heraldHandler(logger, (event) => deliverToSlack(event, deps), { useLambdaContext: idempotency.useLambdaContext });

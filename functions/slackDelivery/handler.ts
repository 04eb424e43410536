// Composition root for Slack delivery: SNS (Slack topic) → incoming webhook. The webhook URL
// is a secret, read at run time by name and cached; it never appears in logs or errors.
import { postJson } from '../../shared/adapters/http/postJson';
import { deliverToSlack, type SlackPayload } from '../../shared/app/slackDelivery';
import { requireEnv } from '../../shared/runtime/env';
import { heraldHandler } from '../../shared/runtime/handler';
import { lazyPort } from '../../shared/runtime/lazy';
import { createLogger } from '../../shared/runtime/logger';

const logger = createLogger('slack-delivery');
const webhookSecret = requireEnv(process.env, 'SLACK_WEBHOOK_SECRET');
// The secret store clients are needed once per TTL, not at every cold start.
const readSecret = lazyPort(async () => {
  const { buildAwsSecretReader } = await import('../../shared/adapters/aws/secrets');
  return buildAwsSecretReader({ ttlMs: 5 * 60 * 1000 });
});

const deps = {
  log: logger,
  webhookUrl: () => readSecret(webhookSecret),
  post: (url: string, payload: SlackPayload) => postJson(url, payload, 'Slack webhook'),
};

export const handler = heraldHandler(logger, (event) => deliverToSlack(event, deps));

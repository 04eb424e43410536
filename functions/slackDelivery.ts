// Composition root for Slack delivery: SNS (Slack topic) → incoming webhook. The webhook URL
// is a secret, read at run time by name and cached; it never appears in logs or errors.
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { awsClientConfig } from '../shared/adapters/aws/clientConfig';
import { buildSecretReader } from '../shared/adapters/aws/secrets';
import { postJson } from '../shared/adapters/http/postJson';
import { deliverToSlack, type SlackPayload } from '../shared/app/slackDelivery';
import { requireEnv } from '../shared/runtime/env';
import { heraldHandler } from '../shared/runtime/handler';
import { createLogger } from '../shared/runtime/logger';

const logger = createLogger('slack-delivery');
const webhookSecret = requireEnv(process.env, 'SLACK_WEBHOOK_SECRET');
const readSecret = buildSecretReader({
  ssm: new SSMClient(awsClientConfig()),
  secretsManager: new SecretsManagerClient(awsClientConfig()),
  ttlMs: 5 * 60 * 1000,
});

const deps = {
  log: logger,
  webhookUrl: () => readSecret(webhookSecret),
  post: (url: string, payload: SlackPayload) => postJson(url, payload, 'Slack webhook'),
};

export const handler = heraldHandler(logger, (event) => deliverToSlack(event, deps));

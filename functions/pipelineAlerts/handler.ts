// Composition root for CodePipeline and CodeBuild state-change alerts (EventBridge, or
// notification rules through SNS). Clients are built once per container; the config was
// validated when the bundle was built (esbuild/plugins.js).
import { SNSClient } from '@aws-sdk/client-sns';
import config from 'herald:config';
import { awsClientConfig } from '../../shared/adapters/aws/clientConfig';
import { buildSnsDeliver } from '../../shared/adapters/aws/sns';
import { handleRawEvent } from '../../shared/app/handleRawEvent';
import { buildAlertReactionDeps } from '../../shared/runtime/alertReactions';
import { heraldHandler } from '../../shared/runtime/handler';
import { createLogger } from '../../shared/runtime/logger';
import { createMetrics } from '../../shared/runtime/metrics';

const logger = createLogger('pipeline-alerts');
const metrics = createMetrics('pipeline-alerts');
// Publishes at most once per dedupeKey (what the alert is about + target), whatever the path;
// failing/passing state per pipeline and build project (repeat failures, recovered alerts).
const { deps, idempotency } = buildAlertReactionDeps(config, logger, metrics, (topicArns) => buildSnsDeliver(new SNSClient(awsClientConfig()), topicArns));

export const handler = heraldHandler(logger, (event) => handleRawEvent(event, deps), { useLambdaContext: idempotency.useLambdaContext, metrics });

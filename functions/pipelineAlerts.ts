// Composition root for CodePipeline and CodeBuild state-change alerts (EventBridge, or
// notification rules through SNS). Clients and config are built once per container.
import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { SNSClient } from '@aws-sdk/client-sns';
import { buildEnricher } from '../shared/adapters/aws/enrich';
import { awsClientConfig } from '../shared/adapters/aws/clientConfig';
import { buildSnsDeliver } from '../shared/adapters/aws/sns';
import { handleRawEvent } from '../shared/app/handleRawEvent';
import { loadConfigFile } from '../shared/config/load';
import { topicArnsFromEnv } from '../shared/runtime/env';
import { heraldHandler } from '../shared/runtime/handler';
import { createLogger } from '../shared/runtime/logger';

const logger = createLogger('pipeline-alerts');
const config = loadConfigFile(process.env.HERALD_CONFIG_PATH ?? 'herald.config.yml');
const enrichmentTimeouts = { connectTimeoutMs: 1000, requestTimeoutMs: config.enrichment.timeoutMs, maxAttempts: 2 };

const deps = {
  config,
  log: logger,
  deliver: buildSnsDeliver(new SNSClient(awsClientConfig()), topicArnsFromEnv(config, process.env)),
  enrich: buildEnricher(
    {
      codepipeline: new CodePipelineClient(awsClientConfig(enrichmentTimeouts)),
      codebuild: new CodeBuildClient(awsClientConfig(enrichmentTimeouts)),
    },
    config.enrichment,
  ),
};

export const handler = heraldHandler(logger, (event) => handleRawEvent(event, deps));

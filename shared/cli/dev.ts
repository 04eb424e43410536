import { buildOutboxDeliver } from '../adapters/local/outbox';
import { offlineEnrich } from '../adapters/local/offlineEnricher';
import type { Log } from '../app/ports';
import { buildHookRunner } from '../app/buildHooks';
import type { TriggerBuildHook } from '../app/ports';
import type { HeraldConfig } from '../config/schema';
import { routableTopics } from '../plan/routing';
import { topicArnsFromEnv } from '../runtime/env';
import { lazyPort } from '../runtime/lazy';
import { startDevServer, type DevServerDeps } from './devServer';
import type { CliIo } from './replay';

export interface DevOptions {
  readonly host: string;
  readonly port: number;
  readonly outbox: string;
}

function consoleLog(io: CliIo): Log {
  const write = (level: string) => (message: string, ...extra: Record<string, unknown>[]) =>
    io.err(`${level} ${message}${extra.length > 0 ? ` ${JSON.stringify(Object.assign({}, ...extra))}` : ''}`);
  return { info: write('info'), warn: write('warn'), error: write('error') };
}

/**
 * Build hooks in `herald dev`: webhooks are delivered for real (secrets from `env:` references,
 * and from SSM / Secrets Manager when AWS is configured); CodeBuild builds start for real when
 * AWS is configured, and are printed otherwise.
 */
async function devBuildHook(config: HeraldConfig, io: CliIo, env: NodeJS.ProcessEnv, awsConfigured: boolean): Promise<TriggerBuildHook> {
  const ttlMs = 5 * 60 * 1000;
  if (!awsConfigured) {
    return buildHookRunner({
      // Loaded on the first webhook: the secrets module brings the SDK clients along.
      webhook: lazyPort(async () => {
        const [{ buildWebhookPoster }, { buildSecretReader }] = await Promise.all([import('../adapters/http/webhook'), import('../adapters/aws/secrets')]);
        return buildWebhookPoster({ readSecret: buildSecretReader({ env, ttlMs }), allowHosts: config.buildHooks.allowHosts });
      }),
      codebuild: (action) => {
        io.out(`→ ${action.target}: would start CodeBuild ${action.projectName} at ${action.sourceVersion} (set HERALD_TOPIC_* to run against AWS)`);
        return Promise.resolve();
      },
    });
  }
  const [{ buildWebhookPoster }, { buildSecretReader }, { SSMClient }, { SecretsManagerClient }, { awsClientConfig }, codebuild] = await Promise.all([
    import('../adapters/http/webhook'),
    import('../adapters/aws/secrets'),
    import('@aws-sdk/client-ssm'),
    import('@aws-sdk/client-secrets-manager'),
    import('../adapters/aws/clientConfig'),
    import('../adapters/aws/codebuild'),
  ]);
  const readSecret = buildSecretReader({ env, ttlMs, ssm: new SSMClient(awsClientConfig()), secretsManager: new SecretsManagerClient(awsClientConfig()) });
  return buildHookRunner({
    webhook: buildWebhookPoster({ readSecret, allowHosts: config.buildHooks.allowHosts }),
    codebuild: codebuild.buildCodeBuildStarter(codebuild.buildCodeBuildClient()),
  });
}

/** Real SNS (and real enrichment) when topic ARNs are configured in the environment; the outbox otherwise. */
async function devDeps(config: HeraldConfig, outbox: string, io: CliIo, env: NodeJS.ProcessEnv): Promise<{ deps: DevServerDeps; mode: string }> {
  const log = consoleLog(io);
  const awsConfigured = Object.keys(env).some((name) => name.startsWith('HERALD_TOPIC_'));
  const buildHook = await devBuildHook(config, io, env, awsConfigured);
  if (!awsConfigured) {
    return { deps: { config, log, enrich: offlineEnrich, deliver: buildOutboxDeliver(outbox, io.out), buildHook }, mode: `outbox ${outbox}` };
  }
  // The AWS SDK loads only in this mode: the outbox mode and the other commands start without it.
  const [{ SNSClient }, { awsClientConfig }, { buildSnsDeliver }, { buildAwsEnricher }] = await Promise.all([
    import('@aws-sdk/client-sns'),
    import('../adapters/aws/clientConfig'),
    import('../adapters/aws/sns'),
    import('../adapters/aws/enrich'),
  ]);
  // herald dev publishes failure alerts only (a push triggers its build hooks, not an analysis): their topics only.
  const deliver = buildSnsDeliver(new SNSClient(awsClientConfig()), topicArnsFromEnv(config, env, routableTopics(config, ['codepipeline', 'codebuild'])));
  return { deps: { config, log, enrich: buildAwsEnricher(config.enrichment), deliver, buildHook }, mode: 'AWS SNS topics from HERALD_TOPIC_* variables' };
}

/** `herald dev`: serves until SIGINT/SIGTERM. */
export async function runDev(config: HeraldConfig, options: DevOptions, io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  const { deps, mode } = await devDeps(config, options.outbox, io, env);
  const server = await startDevServer(deps, { host: options.host, port: options.port });
  io.err(`herald dev: listening on ${server.url} (POST raw events; deliveries → ${mode})`);
  io.err(`  try: curl -s ${server.url} --data @tests/fixtures/aws-events/codepipeline-action-execution-failed.json`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return 0;
}

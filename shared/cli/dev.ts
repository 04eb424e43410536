import { buildOutboxDeliver } from '../adapters/local/outbox';
import { offlineEnrich } from '../adapters/local/offlineEnricher';
import type { Log } from '../app/ports';
import type { ReactDeps } from '../app/react';
import type { HeraldConfig } from '../config/schema';
import { routableTopics } from '../plan/routing';
import { topicArnsFromEnv } from '../runtime/env';
import { startDevServer } from './devServer';
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

/** Real SNS (and real enrichment) when topic ARNs are configured in the environment; the outbox otherwise. */
async function devDeps(config: HeraldConfig, outbox: string, io: CliIo, env: NodeJS.ProcessEnv): Promise<{ deps: ReactDeps; mode: string }> {
  const log = consoleLog(io);
  const awsConfigured = Object.keys(env).some((name) => name.startsWith('HERALD_TOPIC_'));
  if (!awsConfigured) {
    return { deps: { config, log, enrich: offlineEnrich, deliver: buildOutboxDeliver(outbox, io.out) }, mode: `outbox ${outbox}` };
  }
  // The AWS SDK loads only in this mode: the outbox mode and the other commands start without it.
  const [{ SNSClient }, { awsClientConfig }, { buildSnsDeliver }, { buildAwsEnricher }] = await Promise.all([
    import('@aws-sdk/client-sns'),
    import('../adapters/aws/clientConfig'),
    import('../adapters/aws/sns'),
    import('../adapters/aws/enrich'),
  ]);
  // herald dev serves failure alerts (push events are for replay and the pushEvents Lambda): their topics only.
  const deliver = buildSnsDeliver(new SNSClient(awsClientConfig()), topicArnsFromEnv(config, env, routableTopics(config, ['codepipeline', 'codebuild'])));
  return { deps: { config, log, enrich: buildAwsEnricher(config.enrichment), deliver }, mode: 'AWS SNS topics from HERALD_TOPIC_* variables' };
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

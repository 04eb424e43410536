import { SNSClient } from '@aws-sdk/client-sns';
import { parseArgs } from 'node:util';
import { awsClientConfig } from '../adapters/aws/clientConfig';
import { buildAwsEnricher } from '../adapters/aws/enrich';
import { buildSnsDeliver } from '../adapters/aws/sns';
import { buildOutboxDeliver } from '../adapters/local/outbox';
import { offlineEnrich } from '../adapters/local/offlineEnricher';
import type { Log } from '../app/ports';
import type { ReactDeps } from '../app/react';
import { ConfigError, loadConfigFile } from '../config/load';
import type { HeraldConfig } from '../config/schema';
import { routableTopics } from '../plan/routing';
import { EnvironmentError, topicArnsFromEnv } from '../runtime/env';
import { analyzeCommand, ANALYZE_USAGE, isParseArgsError } from './analyze';
import { startDevServer } from './devServer';
import { replay, type CliIo } from './replay';

const USAGE = `usage:
  herald dev [--port 8787] [--host 127.0.0.1] [--config herald.config.yml] [--outbox .herald/outbox.jsonl]
      Serve Herald locally: POST raw events to it; alerts go to the outbox file (and are printed),
      or to real SNS topics when HERALD_TOPIC_<NAME> environment variables hold their ARNs.
  herald replay <event.json|-> [--config herald.config.yml]
      Parse and plan one raw event offline; print each planned action as a JSON line.
${ANALYZE_USAGE}`;

const processIo: CliIo = { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`) };

function consoleLog(io: CliIo): Log {
  const write = (level: string) => (message: string, ...extra: Record<string, unknown>[]) =>
    io.err(`${level} ${message}${extra.length > 0 ? ` ${JSON.stringify(Object.assign({}, ...extra))}` : ''}`);
  return { info: write('info'), warn: write('warn'), error: write('error') };
}

/** Real SNS (and real enrichment) when topic ARNs are configured in the environment; the outbox otherwise. */
function devDeps(config: HeraldConfig, outbox: string, io: CliIo, env: NodeJS.ProcessEnv): { deps: ReactDeps; mode: string } {
  const log = consoleLog(io);
  const awsConfigured = Object.keys(env).some((name) => name.startsWith('HERALD_TOPIC_'));
  if (!awsConfigured) {
    return { deps: { config, log, enrich: offlineEnrich, deliver: buildOutboxDeliver(outbox, io.out) }, mode: `outbox ${outbox}` };
  }
  // herald dev serves failure alerts (push events are for replay and the pushEvents Lambda): their topics only.
  const deliver = buildSnsDeliver(new SNSClient(awsClientConfig()), topicArnsFromEnv(config, env, routableTopics(config, ['codepipeline', 'codebuild'])));
  const enrich = buildAwsEnricher(config.enrichment);
  return { deps: { config, log, enrich, deliver }, mode: 'AWS SNS topics from HERALD_TOPIC_* variables' };
}

export async function main(argv: readonly string[], io: CliIo = processIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, ...rest] = argv;
  // analyze has its own flags and exit codes (1 means blocking findings), so it parses for itself.
  if (command === 'analyze') {
    const ttyWrite = io === processIo && process.stderr.isTTY ? (text: string) => void process.stderr.write(text) : undefined;
    return analyzeCommand(rest, io, { env, ...(ttyWrite === undefined ? {} : { ttyWrite }) });
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        config: { type: 'string', default: 'herald.config.yml' },
        port: { type: 'string', default: '8787' },
        host: { type: 'string', default: '127.0.0.1' },
        outbox: { type: 'string', default: '.herald/outbox.jsonl' },
      },
    });
    switch (command) {
      case 'replay': {
        const [eventPath] = positionals;
        if (eventPath === undefined) throw new UsageError('replay needs an event file (or - for stdin)');
        return await replay(eventPath, loadConfigFile(values.config), io);
      }
      case 'dev': {
        const config = loadConfigFile(values.config);
        const { deps, mode } = devDeps(config, values.outbox, io, env);
        const server = await startDevServer(deps, { host: values.host, port: Number(values.port) });
        io.err(`herald dev: listening on ${server.url} (POST raw events; deliveries → ${mode})`);
        io.err(`  try: curl -s ${server.url} --data @tests/fixtures/aws-events/codepipeline-action-execution-failed.json`);
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await server.close();
        return 0;
      }
      default:
        throw new UsageError(command === undefined ? 'a command is required' : `unknown command "${command}"`);
    }
  } catch (error: unknown) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.err(`herald: ${error.message}\n${USAGE}`);
      return 2;
    }
    if (error instanceof ConfigError || error instanceof EnvironmentError) {
      io.err(`herald: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

class UsageError extends Error {
  override readonly name = 'UsageError';
}

import { parseArgs } from 'node:util';
import { ConfigError } from '../config/validate';
import { EnvironmentError } from '../runtime/env';
import type { CliIo } from './replay';
import { processIo, terminalWriter } from './io';
import { ANALYZE_USAGE, REDRIVE_USAGE, isParseArgsError } from './usage';

const USAGE = `usage:
  herald dev [--port 8787] [--host 127.0.0.1] [--config herald.config.yml] [--outbox .herald/outbox.jsonl]
      Serve Herald locally: POST raw events to it; alerts go to the outbox file (and are printed),
      or to real SNS topics when HERALD_TOPIC_<NAME> environment variables hold their ARNs.
  herald replay <event.json|-> [--config herald.config.yml]
      Parse and plan one raw event offline; print each planned action as a JSON line.
${ANALYZE_USAGE}
${REDRIVE_USAGE}`;

/** Each command's module is imported when it runs, so `analyze` starts without the AWS SDK and `dev` without the scanner. */
export async function main(argv: readonly string[], io: CliIo = processIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, ...rest] = argv;
  // analyze has its own flags and exit codes (1 means blocking findings), so it parses for itself.
  if (command === 'analyze') {
    const ttyWrite = io === processIo ? terminalWriter() : undefined;
    const { analyzeCommand } = await import('./analyze');
    return analyzeCommand(rest, io, { env, ...(ttyWrite === undefined ? {} : { ttyWrite }) });
  }
  // redrive has its own flags and exit codes (1 means messages were left in the queue).
  if (command === 'redrive') {
    const { redriveCommand } = await import('./redrive');
    return redriveCommand(rest, io);
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
        const [{ replay }, { loadConfigFile }] = await Promise.all([import('./replay'), import('../config/load')]);
        return await replay(eventPath, loadConfigFile(values.config), io);
      }
      case 'dev': {
        const [{ runDev }, { loadConfigFile }] = await Promise.all([import('./dev'), import('../config/load')]);
        const config = loadConfigFile(values.config);
        return await runDev(config, { host: values.host, port: Number(values.port), outbox: values.outbox }, io, env);
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

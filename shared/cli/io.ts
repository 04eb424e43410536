/** The CLI's process streams, shared by the dispatcher (main.ts) and the standalone analyze program. */
import { isatty } from 'node:tty';
import type { CliIo } from './replay';

export const processIo: CliIo = { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`) };

/**
 * Raw writes to stderr when it is a terminal (progress is then one line rewritten with `\r`),
 * else undefined. It asks isatty(2), not process.stderr.isTTY: a scan that prints no progress
 * never builds the stderr stream.
 */
export function terminalWriter(): ((text: string) => void) | undefined {
  return isatty(2) ? (text: string) => void process.stderr.write(text) : undefined;
}

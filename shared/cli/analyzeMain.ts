/**
 * `herald analyze` as a program of its own. `npm run build:cli` bundles this file into
 * dist/cli/analyze.cjs: one CommonJS file, started by plain `node` (no tsx, no ESM loading of the
 * dispatcher and its chunks), for CI jobs and hooks that run the scanner on every push. Same
 * arguments, output and exit codes as `herald analyze`.
 */
import { analyzeCommand } from './analyze';
import { processIo, terminalWriter } from './io';

const ttyWrite = terminalWriter();
void analyzeCommand(process.argv.slice(2), processIo, { env: process.env, ...(ttyWrite === undefined ? {} : { ttyWrite }) }).then((code) => {
  process.exitCode = code;
});

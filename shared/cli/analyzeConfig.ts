/**
 * What `herald analyze --config` needs, behind one module: loaded on demand, since the YAML
 * parser, the config schema and the push use case are most of the analyze program's code and a
 * plain scan needs none of them. `npm run build:cli` builds it into a file of its own next to
 * dist/cli/analyze.cjs.
 */
import { pushAnalysisOptions } from '../app/analysisOptions';
import type { AnalysisOptions } from '../analysis/types';
import { loadConfigFile } from '../config/load';

export { ConfigError } from '../config/load';

/** The push analysis settings (`push.analysis`) of a config file; ConfigError when it is missing or invalid. */
export function configuredAnalysisOptions(file: string, fingerprintSalt: string): AnalysisOptions {
  return pushAnalysisOptions(loadConfigFile(file), fingerprintSalt);
}

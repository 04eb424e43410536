/**
 * The analysis settings of pushes and pull requests, from the config's `push.analysis`. The
 * engine's default skip list comes from its own light module: the engine itself (rules, keyword
 * automaton, forbidden files) is loaded through the `analyze` port, on the first analysis.
 */
import { DEFAULT_SKIP_PATHS } from '../analysis/skipPaths';
import type { SourceOptions } from '../analysis/sources/source';
import type { AnalysisOptions } from '../analysis/types';
import type { HeraldConfig } from '../config/schema';

/** What the source reads: the config's limits, and its skip list or else the engine's. */
export function pushSourceOptions(config: HeraldConfig): SourceOptions {
  return { maxFileBytes: config.push.analysis.maxFileBytes, skipPaths: config.push.analysis.skipPaths ?? DEFAULT_SKIP_PATHS };
}

export function pushAnalysisOptions(config: HeraldConfig, fingerprintSalt: string): AnalysisOptions {
  return {
    ...pushSourceOptions(config),
    genericEntropy: config.push.analysis.genericEntropy,
    // Accepted findings are a local `herald analyze` matter for now; a push reports everything.
    baseline: new Set<string>(),
    fingerprintSalt,
  };
}

/**
 * Local sources for the analysis engine: a git range, a git tree, a plain directory. These are
 * adapters (they read the filesystem and run git); the engine itself stays pure.
 */
export { directoryFiles } from './directory';
export { SourceError, type SourceErrorCode } from './errors';
export { gitChanges, gitTree, probeRepository, resolveCommit, type RepositoryProbe } from './git';
export { analyzeSource, mergeSkipped, type ScanProgress } from './scan';
export type { FileSource, SourceOptions } from './source';

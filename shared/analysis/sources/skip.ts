/**
 * The skipping rules every source applies the same way, before reading a file: vendored paths
 * and size (an oversized file is never read). Submodules and symlinks are recognised by each
 * source from its own metadata; binary content is left to the engine, which checks the names
 * of binary files (keystores) before listing them as not scanned.
 */
import { pathListMatcher } from '../files';
import type { SkippedFile } from '../types';
import type { SourceOptions } from './source';

/** A character no real path holds, to ask a glob whether it matches everything under a directory. */
const PROBE = '\u0000';

export interface PathFilter {
  readonly isVendored: (path: string) => boolean;
  /**
   * True when every path under `directory` is vendored, so a walk can skip it unread. Only
   * claimed when the patterns have no `!` exceptions and match arbitrary names at two depths
   * (`node_modules/**` does; `dist/*` and `vendor/**\/*.js` do not, and are checked per file).
   */
  readonly isVendoredDirectory: (directory: string) => boolean;
}

export function pathFilter(skipPaths: readonly string[]): PathFilter {
  // The engine's matcher: the same semantics as `anyGlobMatcher`, with set and suffix tests for the common shapes.
  const isVendored = pathListMatcher(skipPaths);
  const hasExceptions = skipPaths.some((pattern) => pattern.startsWith('!'));
  return {
    isVendored,
    isVendoredDirectory: (directory) =>
      !hasExceptions && isVendored(`${directory}/${PROBE}`) && isVendored(`${directory}/${PROBE}/${PROBE}`),
  };
}

/**
 * The skip decision for a regular file known by path and size (content not read yet):
 * undefined when it should be read.
 */
export function skipBeforeReading(path: string, bytes: number, options: SourceOptions, filter: PathFilter): SkippedFile | undefined {
  if (filter.isVendored(path)) return { path, reason: 'vendored', bytes };
  if (bytes > options.maxFileBytes) return { path, reason: 'too-large', bytes };
  return undefined;
}

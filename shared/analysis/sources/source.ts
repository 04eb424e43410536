import type { CandidateFile, SkippedFile } from '../types';

export interface SourceOptions {
  /** Files larger than this are skipped `too-large` without being read. */
  readonly maxFileBytes: number;
  /** Vendored or generated paths (globs, shared/util/glob.ts syntax); `!pattern` keeps a path. */
  readonly skipPaths: readonly string[];
}

/**
 * Files for the engine from one place (a git range, a git tree, a directory). Opening a source
 * validates it and lists what it holds; contents are read one file at a time as `files` is
 * iterated, so memory stays bounded by the largest file, not the repository. A source that reads
 * synchronously (a directory) hands over a plain iterable: a promise per file costs a measurable
 * share of a small file's scan. The consumer lets the event loop turn every few milliseconds.
 *
 * A file's `content` is only valid until the next file is requested: a source may read every
 * file into one reused buffer. A consumer that keeps content past that must copy it.
 */
export interface FileSource {
  /** What was scanned, for messages: `main~3..main`, `tree HEAD`, `directory ./site`. */
  readonly description: string;
  readonly files: Iterable<CandidateFile> | AsyncIterable<CandidateFile>;
  /**
   * Files seen but not handed over (vendored, too large, symlinks, submodules, unreadable).
   * Complete once `files` has been iterated to its end. Binary files are handed over: the
   * engine reports them as not scanned after checking their names.
   */
  readonly skipped: readonly SkippedFile[];
}

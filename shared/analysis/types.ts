/**
 * The analysis engine's contract: sources (CodeCommit API, local git, a plain directory)
 * produce `CandidateFile`s; the pure engine turns them into findings. A finding never
 * carries the secret itself: only where it is, a masked preview and a salted fingerprint.
 */
import type { Severity } from '../alerts/alert';

/** A file a push or a scan touched, as bytes, with the lines the change added when known. */
export interface CandidateFile {
  /** Repository-relative path with `/` separators. */
  readonly path: string;
  readonly content: Uint8Array;
  /**
   * 1-based line numbers the change added or modified. Absent: every line is new (an added
   * file, or a whole-tree scan). Findings on other lines are not reported.
   */
  readonly addedLines?: ReadonlySet<number>;
}

/** A file the source saw but did not hand to the engine, and why. */
export interface SkippedFile {
  readonly path: string;
  readonly reason: 'binary' | 'too-large' | 'vendored' | 'submodule' | 'symlink' | 'unreadable';
  readonly bytes?: number;
}

export type FindingCategory = 'secret' | 'forbidden-file' | 'conflict-marker' | 'large-file' | 'binary-file' | 'high-entropy';

export interface Finding {
  /** Rule id, e.g. `aws-access-key-id`, `forbidden-file`. */
  readonly rule: string;
  /** What was found, e.g. `AWS access key id`. */
  readonly kind: string;
  readonly category: FindingCategory;
  readonly file: string;
  /** 1-based; 0 for file-level findings. */
  readonly line: number;
  /** 1-based; 0 for file-level findings. */
  readonly column: number;
  readonly severity: Severity;
  /** Blocking findings fail `herald analyze` (exit 1) and can gate build hooks. */
  readonly blocking: boolean;
  /** The secret masked, e.g. `AKIA************MPLE`; never the secret itself. */
  readonly preview: string;
  /** Salted hash of rule and secret: stable across lines and files, useless to an attacker without the salt. */
  readonly fingerprint: string;
  readonly message: string;
}

export interface AnalysisOptions {
  /** Files larger than this are reported as not scanned (default 1 MiB). */
  readonly maxFileBytes: number;
  /** Paths skipped as vendored or generated (globs, shared/util/glob.ts syntax). */
  readonly skipPaths: readonly string[];
  /** Fingerprints of accepted findings (the committed baseline file). */
  readonly baseline: ReadonlySet<string>;
  /** Salt for fingerprints, so they cannot be brute-forced back into short secrets. */
  readonly fingerprintSalt: string;
  /** Opt-in generic high-entropy detection; never blocking. */
  readonly genericEntropy: boolean;
}

export interface AnalysisReport {
  readonly findings: readonly Finding[];
  readonly scannedFiles: number;
  readonly scannedBytes: number;
  readonly skipped: readonly SkippedFile[];
  /** Findings suppressed by `herald:allow` comments or the baseline, counted but not listed. */
  readonly suppressed: number;
}

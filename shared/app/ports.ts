import type { FileSource, SourceOptions } from '../analysis/sources/source';
import type { AnalysisOptions, AnalysisReport } from '../analysis/types';
import type { ReferenceChange } from '../events/domain';
import type { CodeCommitCommentAction, DeliveryAction, EnrichmentAction, PushRange, StateRecord, StateWriteAction } from '../plan/actions';
import type { Facts, ResolvedRange } from '../plan/facts';

/**
 * The side effects the use cases need, as small function types. Composition roots
 * (functions/, the CLI, tests) pass adapters that fit them.
 */

/** Fetches facts for an enrichment action. Never rejects: failures come back as notes. */
export type Enrich = (action: EnrichmentAction) => Promise<Facts>;

/** Carries out one delivery. Rejects when it did not happen, so the caller can retry. */
export type Deliver = (action: DeliveryAction) => Promise<void>;

/** The subset of Powertools Logger the core uses. */
export type LogAttributes = Record<string, unknown>;
export interface Log {
  info(message: string, ...extra: LogAttributes[]): void;
  warn(message: string, ...extra: LogAttributes[]): void;
  error(message: string, ...extra: LogAttributes[]): void;
}

/** Runs the analysis engine over a source's files (shared/analysis/sources/scan.ts `analyzeSource`). */
export type AnalyzeSource = (source: FileSource, options: AnalysisOptions) => Promise<AnalysisReport>;

/** Posts one CodeCommit comment. Rejects when it did not happen, so the caller can retry. */
export type PostComment = (action: CodeCommitCommentAction) => Promise<void>;

/** The files a push changed, and the concrete commits its planned range resolved to. */
export interface PushFiles {
  readonly range: ResolvedRange;
  /** Read lazily: `source.skipped` is complete once `source.files` has been iterated. */
  readonly source: FileSource;
}

/**
 * Where pushed files come from: the CodeCommit API in Lambda, a local clone in `herald replay`.
 * Rejects when the files cannot be read (a push must never look clean because it was unread).
 */
export interface PushSource {
  open(event: ReferenceChange, range: PushRange, options: SourceOptions): Promise<PushFiles>;
}

/**
 * What Herald last saw per pipeline, build project and branch (DynamoDB in Lambda). `write`
 * stores the record only if it is newer than the stored one (by event time) and says whether it did.
 */
export interface StateStore {
  read(subject: string): Promise<StateRecord | undefined>;
  write(action: StateWriteAction): Promise<'written' | 'stale'>;
}

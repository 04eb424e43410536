import type { FileSource, SourceOptions } from '../analysis/sources/source';
import type { AnalysisOptions, AnalysisReport } from '../analysis/types';
import type { ReferenceChange } from '../events/domain';
import type { BuildListing, PipelineExecutionListing, ReconcileWindow } from '../events/reconciled';
import type {
  BuildHookAction,
  CodeCommitCommentAction,
  DeliveryAction,
  EnrichmentAction,
  PullRequestAnalysisAction,
  PullRequestCommentAction,
  PushRange,
  StateRecord,
  StateWriteAction,
} from '../plan/actions';
import type { ExistingComment, Facts, ResolvedPullRequest, ResolvedRange } from '../plan/facts';

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
 * A pull request's current commits, changes and comments: the CodeCommit API in Lambda
 * (GetPullRequest, GetDifferences, GetBlob, GetCommentsForPullRequest), a local clone in
 * `herald replay`. Rejects when something cannot be read: a pull request is never reported
 * clean because it was not read.
 */
export interface PullRequestSource {
  resolve(action: PullRequestAnalysisAction): Promise<ResolvedPullRequest>;
  /** The files changed from the merge base to the source tip (read lazily, like PushFiles). */
  changes(action: PullRequestAnalysisAction, resolved: ResolvedPullRequest, options: SourceOptions): Promise<FileSource>;
  /** Every comment on the pull request, all pages. */
  comments(action: PullRequestAnalysisAction): Promise<ExistingComment[]>;
}

/** Posts one pull-request comment (PostCommentForPullRequest). Rejects when it did not happen. */
export type PostPullRequestComment = (action: PullRequestCommentAction) => Promise<void>;

/** What the reconciliation sweep found: executions and builds of its scope that may have ended in the window. */
export interface RecentRuns {
  readonly pipelineExecutions: readonly PipelineExecutionListing[];
  readonly builds: readonly BuildListing[];
}

/** Lists recent runs (ListPipelineExecutions, ListBuildsForProject + BatchGetBuilds). Rejects when it could not look. */
export type ListRecentRuns = (window: ReconcileWindow) => Promise<RecentRuns>;

/** One message of a failure queue, with its string message attributes. */
export interface QueuedMessage {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/** A failure queue (SQS) as `herald redrive` uses it. */
export interface FailureQueue {
  /** Up to 10 messages, hidden from other readers while they are handled; [] when none is visible. */
  receive(): Promise<QueuedMessage[]>;
  /** Deletes a message: only after its event was handled. */
  remove(message: QueuedMessage): Promise<void>;
  /** Makes a message visible again at once (it stays in the queue). */
  release(message: QueuedMessage): Promise<void>;
}

/** Invokes a function synchronously with an event; rejects when the invocation or the function failed. */
export type InvokeFunction = (functionName: string, event: unknown) => Promise<void>;

/** Posts one build hook webhook or starts one CodeBuild build. Rejects when it did not happen, so the caller can retry. */
export type TriggerBuildHook = (action: BuildHookAction) => Promise<void>;

/**
 * What Herald last saw per pipeline, build project and branch (DynamoDB in Lambda). `write`
 * stores the record only if it is newer than the stored one (by event time) and says whether it did.
 */
export interface StateStore {
  read(subject: string): Promise<StateRecord | undefined>;
  write(action: StateWriteAction): Promise<'written' | 'stale'>;
}

/** Herald's operational metrics (CloudWatch EMF in Lambda, one document per invocation). */
export type MetricName = 'EventsReceived' | 'AlertsSent' | 'AlertsFailed' | 'AlertsSuppressed' | 'WebhooksDelivered' | 'BuildsStarted' | 'BuildHooksFailed' | 'Findings';

/** Adds to a count metric of the current invocation. */
export type CountMetric = (name: MetricName, value?: number) => void;

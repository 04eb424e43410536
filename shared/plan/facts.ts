/**
 * What enrichment learned about an event. Produced by the enrichment adapters, consumed by
 * the pure planners. Every field is optional: enrichment is best effort, and `notes` says
 * what could not be learned and why.
 */

export interface FailedActionFact {
  readonly stage: string;
  readonly action: string;
  readonly provider?: string;
  readonly summary?: string;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly externalUrl?: string;
  readonly externalId?: string;
  /** For CodeBuild actions: the failed build phase and its context, from BatchGetBuilds. */
  readonly buildFailure?: BuildFailureFact;
}

export interface BuildFailureFact {
  readonly phase: string;
  readonly status?: string;
  readonly context: readonly string[];
  readonly logDeepLink?: string;
}

export interface RevisionFact {
  readonly commitId: string;
  readonly message?: string;
  readonly author?: string;
  readonly repository?: string;
  readonly branch?: string;
  readonly url?: string;
  /** From CodeCommit GetCommit: the commit author's name and email as git recorded them (untrusted). */
  readonly authorEmail?: string;
}

/** A manual approval action's execution, from ListActionExecutions. */
export interface ApprovalFact {
  /** The reviewer's comment (`output.executionResult.externalExecutionSummary`). */
  readonly comment?: string;
  /** ARN of who approved or rejected (`updatedBy`). */
  readonly reviewer?: string;
  readonly status?: string;
}

export interface Facts {
  readonly failedActions?: readonly FailedActionFact[];
  readonly revision?: RevisionFact;
  readonly buildFailure?: BuildFailureFact;
  readonly approval?: ApprovalFact;
  readonly notes: readonly string[];
}

export const NO_FACTS: Facts = { notes: [] };

/** The concrete commits a push analysis covered, as the push source resolved its PushRange. */
export interface ResolvedRange {
  /** Diff base; absent when every file of `after` was analysed (a first push, a root commit). */
  readonly before?: string;
  readonly after: string;
  /** How `before` was found, for the alert: e.g. `previous tip 3e5983d`, `merge base with main (26a8f2e)`. */
  readonly basis: string;
  /** Caveats: a force push analysed from the merge base, a trigger's tip-only view, … */
  readonly notes: readonly string[];
  /** The tip commit against its first parent (a trigger, with no earlier analysis of the branch recorded): other commits of the push were not seen. */
  readonly tipOnly?: boolean;
}

/** A pull request's current commits, as GetPullRequest (or a local clone) resolved them. */
export interface ResolvedPullRequest {
  /** The merge base of source and destination: the analysis starts here. */
  readonly mergeBase: string;
  /** The source branch's tip: the analysis ends here; comments are made on it. */
  readonly sourceCommit: string;
  /** The destination branch's tip (comments' `beforeCommitId`). */
  readonly destinationCommit: string;
  /** `OPEN` or `CLOSED` now (the event may be older than the pull request's state). */
  readonly status: string;
  readonly notes: readonly string[];
}

/** A comment already on a pull request (GetCommentsForPullRequest), Herald's or anyone's. */
export interface ExistingComment {
  readonly commentId: string;
  /** Empty for deleted comments. */
  readonly content: string;
  readonly filePath?: string;
  readonly filePosition?: number;
}

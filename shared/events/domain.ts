/**
 * The domain events Herald reacts to. Every raw source (EventBridge, notification-rule
 * deliveries through SNS, CodeCommit triggers) is parsed into one of these; nothing past
 * the parsers sees an AWS payload shape.
 */

/**
 * Where an event came from, for audit and for building stable ids: an EventBridge event, a
 * Developer Tools notification rule (through SNS), or a CodeCommit repository trigger
 * (delivered to Lambda directly or through SNS), or the scheduled reconciliation sweep (a
 * failure found by listing executions and builds; shared/events/reconciled.ts).
 */
export type Delivery = 'eventbridge' | 'notification-rule' | 'trigger' | 'reconciliation';

/** Fields every domain event carries. */
export interface EventOrigin {
  /** EventBridge `id`; for notification-rule deliveries (which carry none) a stable hash of the event's identity. */
  readonly eventId: string;
  readonly delivery: Delivery;
  /** ISO-8601 time the event was emitted. */
  readonly time: string;
  readonly account: string;
  readonly region: string;
}

/** Execution-result block of a CodePipeline action event (all parts optional in real events). */
export interface ActionExecutionResult {
  readonly summary?: string;
  readonly url?: string;
  readonly externalId?: string;
  readonly errorCode?: string;
}

/** A source action as reported by notification rules' `additionalAttributes.sourceActions`. */
export interface SourceActionInfo {
  readonly name?: string;
  readonly provider?: string;
  readonly repository?: string;
  readonly branch?: string;
  readonly commitId?: string;
}

/** A failed action as reported by notification rules' `additionalAttributes.failedActions`. */
export interface ReportedFailedAction {
  readonly action: string;
  readonly info?: string;
}

/** `CodePipeline {Pipeline,Stage,Action} Execution State Change`. */
export interface PipelineExecutionChange extends EventOrigin {
  readonly kind: 'pipeline';
  readonly level: 'pipeline' | 'stage' | 'action';
  readonly pipeline: string;
  readonly executionId: string;
  /** Upper-case state as emitted (open set: FAILED, CANCELED, STOPPED, SUPERSEDED, SUCCEEDED, …). */
  readonly state: string;
  readonly stage?: string;
  readonly action?: string;
  readonly actionType?: { readonly owner?: string; readonly provider?: string; readonly category?: string };
  readonly executionResult?: ActionExecutionResult;
  readonly failedStage?: string;
  readonly reportedFailedActions?: readonly ReportedFailedAction[];
  readonly sourceActions?: readonly SourceActionInfo[];
  readonly stopComments?: string;
  readonly pipelineVersion?: number;
}

/** A phase of a CodeBuild build as carried in `additional-information.phases`. */
export interface BuildPhase {
  readonly type: string;
  readonly status?: string;
  readonly context: readonly string[];
  readonly durationSeconds?: number;
}

/** `CodeBuild Build State Change` and `CodeBuild Build Phase Change`. */
export interface BuildChange extends EventOrigin {
  readonly kind: 'build';
  readonly level: 'build' | 'phase';
  readonly project: string;
  /** Full build ARN. */
  readonly buildArn: string;
  readonly buildNumber?: number;
  /** Build status for state changes; the completed phase's status for phase changes. */
  readonly state: string;
  /** For phase changes: which phase completed. */
  readonly completedPhase?: string;
  /** Context of the completed phase (phase changes) or current phase (state changes), list-like string decoded. */
  readonly phaseContext: readonly string[];
  readonly phases: readonly BuildPhase[];
  readonly initiator?: string;
  readonly sourceVersion?: string;
  readonly sourceLocation?: string;
  readonly sourceType?: string;
  readonly logDeepLink?: string;
}

/** How a reference moved. */
export type ReferenceChangeType = 'created' | 'updated' | 'deleted';

/**
 * One reference (branch or tag) a push moved: a CodeCommit trigger reference, or an EventBridge
 * `CodeCommit Repository State Change` referenceCreated/Updated/Deleted event.
 */
export interface ReferenceChange extends EventOrigin {
  readonly kind: 'push';
  readonly repository: string;
  /** Full reference name, e.g. `refs/heads/main`. */
  readonly ref: string;
  /** For `refs/heads/*`. */
  readonly branch?: string;
  /** For `refs/tags/*`. */
  readonly tag?: string;
  /** The new tip. Absent for EventBridge deletions, which carry only the old commit. */
  readonly commitId?: string;
  /** The tip before the push: EventBridge only (triggers carry the new tip alone). */
  readonly oldCommitId?: string;
  readonly change: ReferenceChangeType;
  /** ARN of who pushed (`userIdentityARN` of triggers, `callerUserArn` of EventBridge). */
  readonly pusher?: string;
  /** A trigger's `customData`: absent when the key is, `null` when CodeCommit wrote null. */
  readonly customData?: string | null;
  /** A trigger's "Test trigger" delivery (`eventName: TriggerEventTest`): never analysed. */
  readonly isTest: boolean;
  /** A trigger message split over several invocations: which part this is. */
  readonly part?: { readonly number: number; readonly total: number };
  /** Name of the trigger that delivered it. */
  readonly triggerName?: string;
}

/** The events behind failure alerts (the pipelineAlerts function). */
export type AlertEvent = PipelineExecutionChange | BuildChange;

export type DomainEvent = AlertEvent | ReferenceChange | PullRequestChange | CommentChange;

/** What happened to a pull request, one per `detail.event` of `CodeCommit Pull Request State Change`. */
export type PullRequestAction =
  | 'created'
  | 'source-updated'
  | 'status-changed'
  | 'merge-status-updated'
  | 'approval-state-changed'
  | 'approval-rule-overridden'
  | 'approval-rule-created'
  | 'approval-rule-updated'
  | 'approval-rule-deleted';

/**
 * A `CodeCommit Pull Request State Change` event. `repositoryNames` is an array in the event
 * (the first is the pull request's repository), `isMerged` the string "True"/"False", and the
 * dates free text ("Tue Feb 9 2019 10:18:42 PDT "), kept as sent and never parsed.
 */
export interface PullRequestChange extends EventOrigin {
  readonly kind: 'pull-request';
  readonly action: PullRequestAction;
  /** `detail.event` as emitted, e.g. `pullRequestCreated`. */
  readonly event: string;
  readonly repository: string;
  readonly pullRequestId: string;
  readonly title: string;
  readonly description?: string;
  /** `Open` or `Closed`, as emitted. */
  readonly status: string;
  readonly isMerged: boolean;
  readonly sourceReference: string;
  readonly sourceBranch?: string;
  readonly sourceCommit: string;
  readonly destinationReference: string;
  readonly destinationBranch?: string;
  readonly destinationCommit: string;
  /** ARN of the pull request's author. */
  readonly author?: string;
  /** ARN of who caused this event. */
  readonly caller?: string;
  readonly revisionId?: string;
  /** `APPROVE` / `REVOKE` (approval-state-changed). */
  readonly approvalStatus?: string;
  /** `OVERRIDE` / `REVOKE` (approval-rule-overridden). */
  readonly overrideStatus?: string;
  /** The rule an approval-rule event is about. */
  readonly approvalRuleName?: string;
  readonly mergeOption?: string;
  /** Free text as emitted; shown, never parsed. */
  readonly creationDate?: string;
  readonly lastModifiedDate?: string;
}

/** A comment or a reaction to one. */
export type CommentAction = 'created' | 'updated' | 'reaction-created' | 'reaction-updated';

/**
 * `CodeCommit Comment on Pull Request`, `CodeCommit Comment on Commit` and `CodeCommit Comment
 * Reaction Change`. The events carry no comment text: who, where and which comment.
 */
export interface CommentChange extends EventOrigin {
  readonly kind: 'comment';
  readonly action: CommentAction;
  /** `detail.event` as emitted, e.g. `commentOnPullRequestCreated`, `commentReactionCreated`. */
  readonly event: string;
  /** What the comment is on; reactions do not say (`comment`). */
  readonly on: 'pull-request' | 'commit' | 'comment';
  readonly repository: string;
  readonly commentId: string;
  readonly pullRequestId?: string;
  readonly beforeCommitId?: string;
  readonly afterCommitId?: string;
  readonly inReplyTo?: string;
  readonly caller?: string;
  /** From IAM session tags, when set: untrusted free text. */
  readonly displayName?: string;
  readonly emailAddress?: string;
  /** Reactions' shortcodes, e.g. `:thumbsdown:`. */
  readonly reactions?: readonly string[];
}

/** The events of the repositoryActivity function. */
export type RepositoryActivityEvent = PullRequestChange | CommentChange;

/**
 * CodeCommit pull-request and comment events from EventBridge (awsdocs monitoring-events.md):
 * - `CodeCommit Pull Request State Change`: `repositoryNames` is an array, `isMerged` the
 *   string "True"/"False", `creationDate`/`lastModifiedDate` free text;
 * - `CodeCommit Comment on Pull Request` / `CodeCommit Comment on Commit`;
 * - `CodeCommit Comment Reaction Change` (`detail.event` commentReactionCreated/Updated).
 * Objects strip unknown fields; `notificationBody` (prose repeating the fields) is not kept.
 */
import * as v from 'valibot';
import type { CommentAction, CommentChange, PullRequestAction, PullRequestChange } from './domain';
import type { Envelope } from './envelope';
import { UnsupportedEventError, oneLine } from './errors';
import { nonEmptyString, nullishString } from './fields';
import { isRecord, setIfPresent, stringOrUndefined, type Writable } from './objects';
import { validate } from './validate';

export const PULL_REQUEST_STATE_CHANGE = 'CodeCommit Pull Request State Change';
export const COMMENT_ON_PULL_REQUEST = 'CodeCommit Comment on Pull Request';
export const COMMENT_ON_COMMIT = 'CodeCommit Comment on Commit';
export const COMMENT_REACTION_CHANGE = 'CodeCommit Comment Reaction Change';

const PULL_REQUEST_EVENTS = new Map<string, PullRequestAction>(Object.entries({
  pullRequestCreated: 'created',
  pullRequestSourceBranchUpdated: 'source-updated',
  pullRequestStatusChanged: 'status-changed',
  pullRequestMergeStatusUpdated: 'merge-status-updated',
  pullRequestApprovalStateChanged: 'approval-state-changed',
  pullRequestApprovalRuleOverridden: 'approval-rule-overridden',
  pullRequestApprovalRuleCreated: 'approval-rule-created',
  pullRequestApprovalRuleUpdated: 'approval-rule-updated',
  pullRequestApprovalRuleDeleted: 'approval-rule-deleted',
} as const satisfies Record<string, PullRequestAction>));

/** "True"/"False" as CodeCommit writes it (any case); a real boolean is accepted too. */
const mergedFlag = v.pipe(
  v.union([v.boolean(), v.pipe(v.string(), v.regex(/^(true|false)$/i, 'expected "True" or "False"'))], 'expected "True" or "False"'),
  v.transform((value: boolean | string) => (typeof value === 'boolean' ? value : value.toLowerCase() === 'true')),
);

export const pullRequestDetail = v.object({
  event: nonEmptyString,
  repositoryNames: v.pipe(v.array(nonEmptyString), v.minLength(1)),
  pullRequestId: nonEmptyString,
  // An empty title is possible in principle; the alert says "(untitled)".
  title: v.string(),
  description: nullishString,
  pullRequestStatus: nonEmptyString,
  isMerged: mergedFlag,
  sourceReference: nonEmptyString,
  sourceCommit: nonEmptyString,
  destinationReference: nonEmptyString,
  destinationCommit: nonEmptyString,
  author: nullishString,
  callerUserArn: nullishString,
  revisionId: nullishString,
  approvalStatus: nullishString,
  overrideStatus: nullishString,
  approvalRuleName: nullishString,
  mergeOption: nullishString,
  creationDate: nullishString,
  lastModifiedDate: nullishString,
});

const commentEntries = {
  event: nonEmptyString,
  repositoryName: nonEmptyString,
  commentId: nonEmptyString,
  beforeCommitId: nullishString,
  afterCommitId: nullishString,
  inReplyTo: nullishString,
  callerUserArn: nullishString,
  displayName: nullishString,
  emailAddress: nullishString,
};

export const commentOnPullRequestDetail = v.object({ ...commentEntries, pullRequestId: nonEmptyString });
export const commentOnCommitDetail = v.object(commentEntries);
export const reactionDetail = v.object({
  event: nonEmptyString,
  repositoryName: nonEmptyString,
  commentId: nonEmptyString,
  callerUserArn: nullishString,
  reactionShortcodes: v.nullish(v.array(v.string())),
});

/** The branch of `refs/heads/<branch>`; undefined for other references. */
function branchOf(reference: string): string | undefined {
  return reference.startsWith('refs/heads/') ? reference.slice('refs/heads/'.length) : undefined;
}

function identityOf(envelope: Envelope) {
  return { eventId: envelope.origin.eventId, source: envelope.source, detailType: envelope.detailType };
}

function eventName(envelope: Envelope): string | undefined {
  return isRecord(envelope.detail) ? stringOrUndefined(envelope.detail.event) : undefined;
}

function unsupported(envelope: Envelope, event: string | undefined, handled: string): UnsupportedEventError {
  const what = event === undefined ? 'without detail.event' : `"${oneLine(event)}"`;
  return new UnsupportedEventError(`Unsupported ${envelope.detailType} event ${what}: only ${handled} are handled`, identityOf(envelope));
}

/** The event's name and what it means, for the event names `actions` knows; anything else is unsupported. */
function knownEvent<TAction>(envelope: Envelope, actions: ReadonlyMap<string, TAction>, kind: string): { readonly event: string; readonly action: TAction } {
  const event = eventName(envelope);
  const action = event === undefined ? undefined : actions.get(event);
  if (event === undefined || action === undefined) throw unsupported(envelope, event, kind);
  return { event, action };
}

/** A `CodeCommit Pull Request State Change` event. */
export function parsePullRequestStateChange(envelope: Envelope): PullRequestChange {
  const { event, action } = knownEvent(envelope, PULL_REQUEST_EVENTS, 'pull request events');
  const detail = validate(pullRequestDetail, envelope.detail, 'detail', identityOf(envelope));
  const [repository = ''] = detail.repositoryNames;
  const change: Writable<PullRequestChange> = {
    kind: 'pull-request',
    ...envelope.origin,
    action,
    event,
    repository,
    pullRequestId: detail.pullRequestId,
    title: detail.title,
    status: detail.pullRequestStatus,
    isMerged: detail.isMerged,
    sourceReference: detail.sourceReference,
    sourceCommit: detail.sourceCommit,
    destinationReference: detail.destinationReference,
    destinationCommit: detail.destinationCommit,
  };
  setIfPresent(change, 'description', detail.description);
  setIfPresent(change, 'sourceBranch', branchOf(detail.sourceReference));
  setIfPresent(change, 'destinationBranch', branchOf(detail.destinationReference));
  setIfPresent(change, 'author', detail.author);
  setIfPresent(change, 'caller', detail.callerUserArn);
  setIfPresent(change, 'revisionId', detail.revisionId);
  setIfPresent(change, 'approvalStatus', detail.approvalStatus);
  setIfPresent(change, 'overrideStatus', detail.overrideStatus);
  setIfPresent(change, 'approvalRuleName', detail.approvalRuleName);
  setIfPresent(change, 'mergeOption', detail.mergeOption);
  setIfPresent(change, 'creationDate', detail.creationDate);
  setIfPresent(change, 'lastModifiedDate', detail.lastModifiedDate);
  return change;
}

type CommentDetail = v.InferOutput<typeof commentOnCommitDetail> & { readonly pullRequestId?: string };

function toCommentChange(envelope: Envelope, detail: CommentDetail, action: CommentAction, on: CommentChange['on']): CommentChange {
  const change: Writable<CommentChange> = {
    kind: 'comment',
    ...envelope.origin,
    action,
    event: detail.event,
    on,
    repository: detail.repositoryName,
    commentId: detail.commentId,
  };
  setIfPresent(change, 'pullRequestId', detail.pullRequestId);
  setIfPresent(change, 'beforeCommitId', detail.beforeCommitId);
  setIfPresent(change, 'afterCommitId', detail.afterCommitId);
  setIfPresent(change, 'inReplyTo', detail.inReplyTo);
  setIfPresent(change, 'caller', detail.callerUserArn);
  setIfPresent(change, 'displayName', detail.displayName);
  setIfPresent(change, 'emailAddress', detail.emailAddress);
  return change;
}

const PULL_REQUEST_COMMENT_EVENTS = new Map<string, CommentAction>([
  ['commentOnPullRequestCreated', 'created'],
  ['commentOnPullRequestUpdated', 'updated'],
]);
const COMMIT_COMMENT_EVENTS = new Map<string, CommentAction>([
  ['commentOnCommitCreated', 'created'],
  ['commentOnCommitUpdated', 'updated'],
]);
const REACTION_EVENTS = new Map<string, CommentAction>([
  ['commentReactionCreated', 'reaction-created'],
  ['commentReactionUpdated', 'reaction-updated'],
]);

/** `CodeCommit Comment on Pull Request`: commentOnPullRequestCreated/Updated. */
export function parseCommentOnPullRequest(envelope: Envelope): CommentChange {
  const { action } = knownEvent(envelope, PULL_REQUEST_COMMENT_EVENTS, 'comment events');
  const detail = validate(commentOnPullRequestDetail, envelope.detail, 'detail', identityOf(envelope));
  return toCommentChange(envelope, detail, action, 'pull-request');
}

/** `CodeCommit Comment on Commit`: commentOnCommitCreated/Updated. */
export function parseCommentOnCommit(envelope: Envelope): CommentChange {
  const { action } = knownEvent(envelope, COMMIT_COMMENT_EVENTS, 'comment events');
  const detail = validate(commentOnCommitDetail, envelope.detail, 'detail', identityOf(envelope));
  return toCommentChange(envelope, detail, action, 'commit');
}

/** `CodeCommit Comment Reaction Change`: commentReactionCreated/Updated (the doc's headings say reactionCreated/Updated). */
export function parseCommentReaction(envelope: Envelope): CommentChange {
  const { event, action } = knownEvent(envelope, REACTION_EVENTS, 'reaction events');
  const detail = validate(reactionDetail, envelope.detail, 'detail', identityOf(envelope));
  const change: Writable<CommentChange> = {
    kind: 'comment',
    ...envelope.origin,
    action,
    event,
    on: 'comment',
    repository: detail.repositoryName,
    commentId: detail.commentId,
  };
  setIfPresent(change, 'caller', detail.callerUserArn);
  setIfPresent(change, 'reactions', detail.reactionShortcodes);
  return change;
}

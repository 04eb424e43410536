/**
 * Entry point from raw Lambda input to domain events. Accepts an EventBridge event, a
 * notification-rule (processed) event, a CodeCommit trigger message, or an SNS Lambda event
 * whose messages are any of these.
 * Pure: schemas are built once at module load; nothing here does I/O.
 */
import * as v from 'valibot';
import { buildPhaseDetail, buildStateDetail, type BuildDetail, type BuildPhaseEntry } from './codebuild';
import { REPOSITORY_STATE_CHANGE, isTriggerBatch, parseRepositoryStateChange, parseTriggerEvent } from './codecommit';
import {
  actionExecutionDetail,
  pipelineExecutionDetail,
  pipelineNotificationAttributes,
  stageExecutionDetail,
  type ActionExecutionDetail,
  type PipelineExecutionDetail,
  type PipelineNotificationAttributes,
} from './codepipeline';
import type {
  ActionExecutionResult,
  BuildChange,
  BuildPhase,
  DomainEvent,
  PipelineExecutionChange,
  ReportedFailedAction,
  SourceActionInfo,
} from './domain';
import { parseEnvelope, rawIdentity, type Envelope } from './envelope';
import { UnsupportedEventError, oneLine, type EventIdentity } from './errors';
import { jsonTypeOf } from '../util/schemaIssues';
import { isRecord, setIfPresent, type Writable } from './objects';
import { SNS_EVENT_SOURCE, isRecordBatch, unwrapSnsEvent } from './sns';
import { invalidEvent, validate } from './validate';
import {
  COMMENT_ON_COMMIT,
  COMMENT_ON_PULL_REQUEST,
  COMMENT_REACTION_CHANGE,
  PULL_REQUEST_STATE_CHANGE,
  parseCommentOnCommit,
  parseCommentOnPullRequest,
  parseCommentReaction,
  parsePullRequestStateChange,
} from './pullRequest';

/** A handled detail-type: the source that must emit it, and how its `detail` becomes a domain event. */
interface EventKind {
  readonly source: string;
  readonly toDomain: (envelope: Envelope) => DomainEvent;
}

/** Pairs a detail schema with its mapping; the generic stays here so the table below is uniform. */
function eventKind<T>(source: string, detail: v.GenericSchema<unknown, T>, map: (detail: T, envelope: Envelope) => DomainEvent): EventKind {
  return {
    source,
    toDomain: (envelope) => {
      const identity = { eventId: envelope.origin.eventId, source: envelope.source, detailType: envelope.detailType };
      return map(validate(detail, envelope.detail, 'detail', identity), envelope);
    },
  };
}

// ---- CodePipeline ----

/** Any level's detail: stage, action and their extras are present only at the levels that have them. */
type AnyPipelineDetail = PipelineExecutionDetail &
  Partial<Pick<ActionExecutionDetail, 'stage' | 'action' | 'type' | 'execution-result'>>;

const NO_ATTRIBUTES: PipelineNotificationAttributes = {};

function toPipelineChange(
  level: PipelineExecutionChange['level'],
  detail: AnyPipelineDetail,
  envelope: Envelope,
): PipelineExecutionChange {
  const attributes =
    envelope.additionalAttributes === undefined
      ? NO_ATTRIBUTES
      : v.parse(pipelineNotificationAttributes, envelope.additionalAttributes);
  const change: Writable<PipelineExecutionChange> = {
    kind: 'pipeline',
    level,
    ...envelope.origin,
    pipeline: detail.pipeline,
    executionId: detail['execution-id'],
    state: detail.state,
  };
  setIfPresent(change, 'stage', detail.stage);
  setIfPresent(change, 'action', detail.action);
  setIfPresent(change, 'actionType', detail.type && toActionType(detail.type));
  setIfPresent(change, 'executionResult', toExecutionResult(detail['execution-result'], attributes.additionalInformation));
  setIfPresent(change, 'failedStage', attributes.failedStage);
  setIfPresent(change, 'reportedFailedActions', attributes.failedActions?.map(toReportedFailedAction));
  setIfPresent(change, 'sourceActions', attributes.sourceActions?.map(toSourceActionInfo));
  setIfPresent(change, 'stopComments', detail['stop-execution-comments']);
  setIfPresent(change, 'pipelineVersion', detail.version);
  return change;
}

function toActionType(type: NonNullable<ActionExecutionDetail['type']>): NonNullable<PipelineExecutionChange['actionType']> {
  const actionType: Writable<NonNullable<PipelineExecutionChange['actionType']>> = {};
  setIfPresent(actionType, 'owner', type.owner);
  setIfPresent(actionType, 'provider', type.provider);
  setIfPresent(actionType, 'category', type.category);
  return actionType;
}

/**
 * The action's `execution-result`; a notification rule's `additionalInformation` (the same
 * summary text) stands in for a missing summary. Undefined when nothing is known.
 */
function toExecutionResult(
  result: ActionExecutionDetail['execution-result'],
  additionalInformation: string | undefined,
): ActionExecutionResult | undefined {
  const executionResult: Writable<ActionExecutionResult> = {};
  setIfPresent(executionResult, 'summary', result?.['external-execution-summary'] ?? additionalInformation);
  setIfPresent(executionResult, 'url', result?.['external-execution-url']);
  setIfPresent(executionResult, 'externalId', result?.['external-execution-id']);
  setIfPresent(executionResult, 'errorCode', result?.['error-code']);
  return Object.keys(executionResult).length > 0 ? executionResult : undefined;
}

function toReportedFailedAction(
  failed: NonNullable<PipelineNotificationAttributes['failedActions']>[number],
): ReportedFailedAction {
  const reported: Writable<ReportedFailedAction> = { action: failed.action };
  setIfPresent(reported, 'info', failed.additionalInformation);
  return reported;
}

function toSourceActionInfo(
  source: NonNullable<PipelineNotificationAttributes['sourceActions']>[number],
): SourceActionInfo {
  const variables = source.sourceActionVariables;
  const info: Writable<SourceActionInfo> = {};
  setIfPresent(info, 'name', source.sourceActionName);
  setIfPresent(info, 'provider', source.sourceActionProvider);
  setIfPresent(info, 'repository', variables?.RepositoryName);
  setIfPresent(info, 'branch', variables?.BranchName);
  setIfPresent(info, 'commitId', variables?.CommitId);
  return info;
}

// ---- CodeBuild ----

/** What differs between a build state change and a phase change. */
interface BuildOutcome {
  readonly level: BuildChange['level'];
  readonly state: string;
  readonly completedPhase?: string;
  readonly phaseContext: readonly string[] | null | undefined;
}

function toBuildChange(detail: BuildDetail, envelope: Envelope, outcome: BuildOutcome): BuildChange {
  const info = detail['additional-information'];
  const change: Writable<BuildChange> = {
    kind: 'build',
    level: outcome.level,
    ...envelope.origin,
    project: detail['project-name'],
    buildArn: detail['build-id'],
    state: outcome.state,
    phaseContext: outcome.phaseContext ?? [],
    phases: info?.phases?.map(toBuildPhase) ?? [],
  };
  setIfPresent(change, 'completedPhase', outcome.completedPhase);
  setIfPresent(change, 'buildNumber', info?.['build-number']);
  setIfPresent(change, 'initiator', info?.initiator);
  setIfPresent(change, 'sourceVersion', info?.['source-version']);
  setIfPresent(change, 'sourceLocation', info?.source?.location);
  setIfPresent(change, 'sourceType', info?.source?.type);
  setIfPresent(change, 'logDeepLink', info?.logs?.['deep-link']);
  return change;
}

function toBuildPhase(entry: BuildPhaseEntry): BuildPhase {
  const phase: Writable<BuildPhase> = { type: entry['phase-type'], context: entry['phase-context'] ?? [] };
  setIfPresent(phase, 'status', entry['phase-status']);
  setIfPresent(phase, 'durationSeconds', entry['duration-in-seconds']);
  return phase;
}

// ---- Dispatch ----

const CODEPIPELINE = 'aws.codepipeline';
const CODEBUILD = 'aws.codebuild';
const CODECOMMIT = 'aws.codecommit';

/** Every detail-type Herald handles; anything else is an UnsupportedEventError. */
const KINDS = new Map<string, EventKind>([
  [
    'CodePipeline Pipeline Execution State Change',
    eventKind(CODEPIPELINE, pipelineExecutionDetail, (detail, envelope) => toPipelineChange('pipeline', detail, envelope)),
  ],
  [
    'CodePipeline Stage Execution State Change',
    eventKind(CODEPIPELINE, stageExecutionDetail, (detail, envelope) => toPipelineChange('stage', detail, envelope)),
  ],
  [
    'CodePipeline Action Execution State Change',
    eventKind(CODEPIPELINE, actionExecutionDetail, (detail, envelope) => toPipelineChange('action', detail, envelope)),
  ],
  [
    'CodeBuild Build State Change',
    eventKind(CODEBUILD, buildStateDetail, (detail, envelope) =>
      toBuildChange(detail, envelope, {
        level: 'build',
        state: detail['build-status'],
        phaseContext: detail['current-phase-context'],
      }),
    ),
  ],
  [
    'CodeBuild Build Phase Change',
    eventKind(CODEBUILD, buildPhaseDetail, (detail, envelope) =>
      toBuildChange(detail, envelope, {
        level: 'phase',
        state: detail['completed-phase-status'],
        completedPhase: detail['completed-phase'],
        phaseContext: detail['completed-phase-context'],
      }),
    ),
  ],
  // Reference events only: the mapper rejects the state change's other events as unsupported.
  [REPOSITORY_STATE_CHANGE, { source: CODECOMMIT, toDomain: parseRepositoryStateChange }],
  // Pull requests, comments and reactions (the repositoryActivity function).
  [PULL_REQUEST_STATE_CHANGE, { source: CODECOMMIT, toDomain: parsePullRequestStateChange }],
  [COMMENT_ON_PULL_REQUEST, { source: CODECOMMIT, toDomain: parseCommentOnPullRequest }],
  [COMMENT_ON_COMMIT, { source: CODECOMMIT, toDomain: parseCommentOnCommit }],
  [COMMENT_REACTION_CHANGE, { source: CODECOMMIT, toDomain: parseCommentReaction }],
]);

/**
 * One EventBridge or notification-rule event, or a CodeCommit trigger message (one event per
 * reference); `context` names its SNS message, if any, in errors.
 */
function parseMessage(raw: unknown, context: EventIdentity = {}): DomainEvent[] {
  if (!isRecord(raw)) throw invalidEvent(context, [`(root): expected a JSON object, received ${jsonTypeOf(raw)}`]);
  if (isTriggerBatch(raw)) return parseTriggerEvent(raw, context);
  const identity = rawIdentity(raw);
  if (identity.detailType === undefined) throw invalidEvent({ ...context, ...identity }, ['detail-type: required']);
  const kind = KINDS.get(identity.detailType);
  if (kind === undefined || kind.source !== identity.source) {
    const from = identity.source === undefined ? '' : ` from ${oneLine(identity.source)}`;
    throw new UnsupportedEventError(`Unsupported event "${oneLine(identity.detailType)}"${from}`, identity);
  }
  return [kind.toDomain(parseEnvelope(raw))];
}

/**
 * Parses raw Lambda input into domain events: one for an EventBridge or notification-rule
 * event, one per reference for a CodeCommit trigger message, and those of each message of an
 * SNS Lambda event. Throws EventValidationError for malformed input and UnsupportedEventError
 * for well-formed events Herald does not handle.
 */
export function parseEvent(raw: unknown): DomainEvent[] {
  if (isRecord(raw) && isRecordBatch(raw) && !isTriggerBatch(raw)) {
    return unwrapSnsEvent(raw).flatMap((message) =>
      parseMessage(message.body, { eventId: message.messageId, source: SNS_EVENT_SOURCE }),
    );
  }
  return parseMessage(raw);
}

export { describeRawEvent } from './describe';

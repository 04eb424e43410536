/**
 * The reconciliation sweep's listings (ListPipelineExecutions, BatchGetBuilds) as domain events:
 * the same PipelineExecutionChange / BuildChange an EventBridge event of that execution or
 * build would have parsed to, so their effect identities (shared/plan/identity.ts) are equal
 * and an alert already sent for the event is not sent again. Also the scheduled event that
 * starts a sweep. Pure: the adapter (shared/adapters/aws/reconcile.ts) turns SDK output into
 * the plain listings below.
 */
import { createHash } from 'node:crypto';
import * as v from 'valibot';
import type { BuildChange, BuildPhase, PipelineExecutionChange } from './domain';
import { jsonObject, nonEmptyString } from './fields';
import { setIfPresent, type Writable } from './objects';
import { validate } from './validate';

/** One pipeline execution as ListPipelineExecutions summarises it (times as ISO-8601). */
export interface PipelineExecutionListing {
  readonly pipeline: string;
  readonly executionId: string;
  /** As the API spells it: `Failed`, `Cancelled`, `Stopped`, `Superseded`, `Succeeded`, `InProgress`, … */
  readonly status: string;
  readonly startTime?: string;
  readonly lastUpdateTime?: string;
  readonly stopReason?: string;
}

/** One build as BatchGetBuilds describes it (times as ISO-8601; phase contexts as `CODE: message`). */
export interface BuildListing {
  readonly arn: string;
  readonly project: string;
  /** `FAILED`, `FAULT`, `TIMED_OUT`, `STOPPED`, `SUCCEEDED`, `IN_PROGRESS`. */
  readonly status: string;
  readonly startTime?: string;
  readonly endTime?: string;
  readonly buildNumber?: number;
  readonly initiator?: string;
  readonly sourceVersion?: string;
  readonly sourceLocation?: string;
  readonly sourceType?: string;
  readonly logDeepLink?: string;
  readonly phases: readonly BuildPhase[];
}

/** The span a sweep looks at: runs that ended (or were last updated) at `from` or later. */
export interface ReconcileWindow {
  readonly account: string;
  readonly region: string;
  /** ISO-8601. */
  readonly from: string;
  /** ISO-8601: the sweep's own time. */
  readonly to: string;
}

/** ListPipelineExecutions statuses in the spelling of the EventBridge `state` field. */
const PIPELINE_STATE: Readonly<Record<string, string>> = {
  Cancelled: 'CANCELED',
  Failed: 'FAILED',
  InProgress: 'STARTED',
  Stopped: 'STOPPED',
  Stopping: 'STOPPING',
  Succeeded: 'SUCCEEDED',
  Superseded: 'SUPERSEDED',
};

/** `Cancelled` → `CANCELED`, as the Pipeline Execution State Change event writes it. */
export function pipelineStateOf(status: string): string {
  return PIPELINE_STATE[status] ?? status.toUpperCase();
}

/** Whether an ISO time lies in the window; an absent or unreadable time does not. */
export function isInWindow(time: string | undefined, window: ReconcileWindow): boolean {
  if (time === undefined) return false;
  const at = Date.parse(time);
  return Number.isFinite(at) && at >= Date.parse(window.from) && at <= Date.parse(window.to);
}

function isAlertState(state: string, alertStates: readonly string[]): boolean {
  return alertStates.some((alerting) => alerting.toUpperCase() === state);
}

/** A stable id per reconciled run and state, so a repeated sweep logs the same id. */
function reconciledEventId(parts: readonly string[]): string {
  return `rc-${createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32)}`;
}

/**
 * Executions that ended in an alert state within the window, as pipeline-level events: the
 * event EventBridge emits for the execution (level `pipeline`, its id and upper-case state).
 */
export function reconciledPipelineEvents(
  listings: readonly PipelineExecutionListing[],
  window: ReconcileWindow,
  alertStates: readonly string[],
): PipelineExecutionChange[] {
  return listings.flatMap((listing) => {
    const state = pipelineStateOf(listing.status);
    if (!isAlertState(state, alertStates) || !isInWindow(listing.lastUpdateTime, window)) return [];
    const change: Writable<PipelineExecutionChange> = {
      kind: 'pipeline',
      level: 'pipeline',
      eventId: reconciledEventId(['pipeline', window.account, window.region, listing.pipeline, listing.executionId, state]),
      delivery: 'reconciliation',
      time: listing.lastUpdateTime ?? window.to,
      account: window.account,
      region: window.region,
      pipeline: listing.pipeline,
      executionId: listing.executionId,
      state,
    };
    setIfPresent(change, 'stopComments', listing.stopReason);
    return [change];
  });
}

/** `arn:aws:codebuild:eu-west-1:123456789123:build/project:uuid` → account and region. */
function arnPlace(arn: string): { readonly account?: string; readonly region?: string } {
  const [, , , region, account] = arn.split(':');
  return { ...(region === undefined || region === '' ? {} : { region }), ...(account === undefined || account === '' ? {} : { account }) };
}

/**
 * Builds that ended in an alert state within the window, as build-level events (Build State
 * Change) with BatchGetBuilds' phases. Account and region come from the build ARN, as the
 * event's would.
 */
export function reconciledBuildEvents(listings: readonly BuildListing[], window: ReconcileWindow, alertStates: readonly string[]): BuildChange[] {
  return listings.flatMap((listing) => {
    const state = listing.status.toUpperCase();
    if (!isAlertState(state, alertStates) || !isInWindow(listing.endTime, window)) return [];
    const place = arnPlace(listing.arn);
    const failedPhase = listing.phases.find((phase) => phase.status !== undefined && phase.status !== 'SUCCEEDED' && phase.context.length > 0);
    const change: Writable<BuildChange> = {
      kind: 'build',
      level: 'build',
      eventId: reconciledEventId(['build', listing.arn, state]),
      delivery: 'reconciliation',
      time: listing.endTime ?? window.to,
      account: place.account ?? window.account,
      region: place.region ?? window.region,
      project: listing.project,
      buildArn: listing.arn,
      state,
      phaseContext: failedPhase?.context ?? [],
      phases: listing.phases,
    };
    setIfPresent(change, 'buildNumber', listing.buildNumber);
    setIfPresent(change, 'initiator', listing.initiator);
    setIfPresent(change, 'sourceVersion', listing.sourceVersion);
    setIfPresent(change, 'sourceLocation', listing.sourceLocation);
    setIfPresent(change, 'sourceType', listing.sourceType);
    setIfPresent(change, 'logDeepLink', listing.logDeepLink);
    return [change];
  });
}

/** EventBridge's `Scheduled Event`, which starts a sweep: whose account and Region, and when. */
const scheduledEvent = jsonObject({
  'detail-type': v.literal('Scheduled Event'),
  source: v.literal('aws.events'),
  id: nonEmptyString,
  account: nonEmptyString,
  region: nonEmptyString,
  time: v.pipe(nonEmptyString, v.isoTimestamp()),
});

/** The window a scheduled event asks for: the `lookbackMinutes` before its time. Throws EventValidationError. */
export function parseScheduledSweep(raw: unknown, lookbackMinutes: number): ReconcileWindow {
  const event = validate(scheduledEvent, raw, '', { source: 'aws.events', detailType: 'Scheduled Event' });
  const to = new Date(Date.parse(event.time));
  return {
    account: event.account,
    region: event.region,
    from: new Date(to.getTime() - lookbackMinutes * 60_000).toISOString(),
    to: to.toISOString(),
  };
}

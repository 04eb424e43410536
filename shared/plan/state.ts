/**
 * Pure noise control from the state Herald keeps per pipeline and build project: the stored
 * record is a fact read before planning, the new one an action written after the deliveries.
 * - a failure while already failing (another execution, no success since) is suppressed
 *   (`noise.repeatFailures: suppress`), unless it is more severe than the failure that started
 *   the streak (a FAILED after a CANCELED);
 * - the first success after a failure sends `pipeline.recovered` / `build.recovered`, with the
 *   severity of the failure that started the streak, so it is routed where that failure went;
 * - an event older than the stored one never changes the state, and a failure older than a
 *   recorded success is not alerted (it has recovered since).
 * Only whole executions and builds have a state: stage, action and phase events pass through.
 */
import type { HeraldConfig, Severity } from '../config/schema';
import type { AlertEvent } from '../events/domain';
import { compact } from '../util/compact';
import type { StateRecord, StateWriteAction } from './actions';
import { isPipelineBuild, type Decision } from './decide';
import { isMoreSevere } from './severity';

export const SUCCEEDED = 'SUCCEEDED';

/** The state subject of an event, or undefined when the event does not move one. */
export function stateSubject(event: AlertEvent, config: HeraldConfig): string | undefined {
  switch (event.kind) {
    case 'pipeline':
      return event.level === 'pipeline' ? ['pipeline', event.account, event.region, event.pipeline].join('/') : undefined;
    case 'build':
      // Builds CodePipeline started are its pipeline's business when their alerts are skipped.
      if (event.level !== 'build' || (isPipelineBuild(event) && config.alerts.pipelineBuilds === 'skip')) return undefined;
      return ['build', event.account, event.region, event.project].join('/');
  }
}

function executionOf(event: AlertEvent): string {
  return event.kind === 'pipeline' ? event.executionId : event.buildArn;
}

function severityOf(state: string, config: HeraldConfig): Severity {
  return config.alerts.severity[state] ?? 'medium';
}

function isFailure(state: string, config: HeraldConfig): boolean {
  return config.alerts.states.some((alerting) => alerting.toUpperCase() === state);
}

/** True when the stored record comes from a later event than `event`. */
export function isOlderThan(event: { readonly time: string }, record: StateRecord | undefined): boolean {
  return record !== undefined && Date.parse(event.time) < Date.parse(record.eventTime);
}

export interface StatefulDecision {
  readonly decision: Decision;
  /** Absent when the state does not change (other levels and states, late events). */
  readonly write?: StateWriteAction;
  /** For a recovered alert: the failure streak it ends. */
  readonly recoveredFrom?: StateRecord;
}

/** Applies the stored state of the event's subject to the stateless decision (shared/plan/decide.ts). */
export function decideWithState(event: AlertEvent, decision: Decision, stored: StateRecord | undefined, config: HeraldConfig): StatefulDecision {
  const subject = stateSubject(event, config);
  // An event without a usable time cannot be ordered against the stored one: it stands alone.
  if (subject === undefined || Number.isNaN(Date.parse(event.time))) return { decision };
  const seen = { subject, executionId: executionOf(event), late: isOlderThan(event, stored), stored };
  if (isFailure(event.state, config)) return decideFailure(event, decision, seen, config);
  if (event.state === SUCCEEDED) return decideSuccess(event, decision, seen, config);
  return { decision };
}

interface Seen {
  readonly subject: string;
  readonly executionId: string;
  readonly late: boolean;
  readonly stored: StateRecord | undefined;
}

/** A failure more severe than the one that started the streak (FAILED after CANCELED) is news. */
function escalatesStreak(event: AlertEvent, failing: StateRecord | undefined, config: HeraldConfig): boolean {
  return failing !== undefined && isMoreSevere(severityOf(event.state, config), severityOf(failing.failedState ?? event.state, config));
}

function suppressedRepeat(failing: StateRecord): Decision {
  return {
    kind: 'ignore',
    reason: `still failing since ${failing.failingSince ?? failing.eventTime} (execution ${failing.executionId ?? '?'}): repeat failures are suppressed (noise.repeatFailures)`,
  };
}

function decideFailure(event: AlertEvent, decision: Decision, { subject, executionId, late, stored }: Seen, config: HeraldConfig): StatefulDecision {
  if (late && stored?.status === 'passing') {
    return { decision: { kind: 'ignore', reason: `failure older than the recorded success of ${stored.executionId ?? '?'} at ${stored.eventTime}: already recovered` } };
  }
  const failing = stored?.status === 'failing' ? stored : undefined;
  const escalates = escalatesStreak(event, failing, config);
  const repeat = failing !== undefined && failing.executionId !== executionId && !escalates;
  const outcome: Decision = repeat && decision.kind === 'alert' && config.noise.repeatFailures === 'suppress' ? suppressedRepeat(failing) : decision;
  if (late) return { decision: outcome };
  const record: StateRecord = compact({
    subject,
    eventTime: event.time,
    status: 'failing' as const,
    executionId,
    failedState: escalates ? event.state : (failing?.failedState ?? event.state),
    failingSince: failing?.failingSince ?? event.time,
  });
  return { decision: outcome, write: { type: 'state.write', record } };
}

/** A success records the passing state; it becomes a recovered alert after a failure, else the stateless decision stands (an opt-in success notice, or nothing). */
function decideSuccess(event: AlertEvent, decision: Decision, { subject, executionId, late, stored }: Seen, config: HeraldConfig): StatefulDecision {
  if (late) return { decision: { kind: 'ignore', reason: `success older than the recorded state (${stored?.eventTime ?? '?'}): not applied` } };
  const write: StateWriteAction = { type: 'state.write', record: { subject, eventTime: event.time, status: 'passing', executionId } };
  const failing = stored?.status === 'failing' ? stored : undefined;
  if (failing === undefined || !config.noise.recovered) return { decision, write };
  const failedState = failing.failedState ?? 'FAILED';
  return {
    decision: { kind: 'alert', eventType: `${event.kind}.recovered`, severity: severityOf(failedState, config) },
    write,
    recoveredFrom: failing,
  };
}

/** The note a recovered alert carries: how long it was failing, and since which execution. */
export function recoveredNote(from: StateRecord): string {
  const since = from.failingSince ?? from.eventTime;
  return `Recovered: failing since ${since}${from.failedState === undefined ? '' : ` (${from.failedState})`}.`;
}

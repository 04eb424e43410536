import type { HeraldConfig, Severity } from '../config/schema';
import type { AlertEvent, BuildChange, PipelineExecutionChange } from '../events/domain';
import type { EnrichmentAction } from './actions';
import { anyGlobMatcher } from '../util/glob';
import { accountAccess } from './people';
import { anyRouteTakes, routeEvent } from './routing';

/** Whether an event deserves an alert, and which enrichment to fetch first. */
export type Decision =
  | { readonly kind: 'ignore'; readonly reason: string }
  | {
      readonly kind: 'alert';
      readonly eventType: string;
      readonly severity: Severity;
      readonly enrichment?: EnrichmentAction;
      /** Caveats known before enrichment (e.g. another account without an enrichment role). */
      readonly notes?: readonly string[];
    };

/**
 * Pure: the same event and config always give the same decision. Pushes are not failure
 * alerts: shared/plan/push.ts decides about them.
 */
function decideFailure(event: AlertEvent, config: HeraldConfig): Decision {
  switch (event.kind) {
    case 'pipeline':
      return decidePipeline(event, config);
    case 'build':
      return decideBuild(event, config);
  }
}

function isAlertState(state: string, config: HeraldConfig): boolean {
  return config.alerts.states.some((alerting) => alerting.toUpperCase() === state);
}

function severityOf(state: string, config: HeraldConfig): Severity {
  return config.alerts.severity[state] ?? 'medium';
}

function eventTypeOf(level: string, state: string): string {
  return `${level}.${state.toLowerCase()}`;
}

function decidePipeline(event: PipelineExecutionChange, config: HeraldConfig): Decision {
  if (!isAlertState(event.state, config)) {
    return { kind: 'ignore', reason: `state ${event.state} is not an alert state` };
  }
  if (event.level !== 'pipeline' && config.alerts.foldIntoExecution) {
    return { kind: 'ignore', reason: `${event.level} event folded into the alert of execution ${event.executionId}` };
  }
  const enrichment: EnrichmentAction | undefined = config.enrichment.enabled
    ? { type: 'codepipeline.enrich', pipeline: event.pipeline, executionId: event.executionId, account: event.account, region: event.region }
    : undefined;
  return {
    kind: 'alert',
    eventType: eventTypeOf(event.level, event.state),
    severity: severityOf(event.state, config),
    ...(enrichment === undefined ? {} : { enrichment }),
  };
}

/** CodePipeline starts builds with initiator `codepipeline/<pipeline name>`. */
export function isPipelineBuild(event: BuildChange): boolean {
  return event.initiator?.startsWith('codepipeline/') ?? false;
}

function decideBuild(event: BuildChange, config: HeraldConfig): Decision {
  if (!isAlertState(event.state, config)) {
    return { kind: 'ignore', reason: `state ${event.state} is not an alert state` };
  }
  if (event.level === 'phase' && !config.alerts.buildPhaseEvents) {
    return { kind: 'ignore', reason: 'build phase events are off (the build state event reports the failure)' };
  }
  if (isPipelineBuild(event) && config.alerts.pipelineBuilds === 'skip') {
    return { kind: 'ignore', reason: `build started by ${event.initiator ?? 'CodePipeline'} is reported by its pipeline's alert` };
  }
  // The event usually names the failed phase and its reason; ask CodeBuild only when it does not.
  const needsEnrichment = config.enrichment.enabled && !event.phases.some((phase) => isFailedPhase(phase.status) && phase.context.length > 0);
  const enrichment: EnrichmentAction | undefined = needsEnrichment
    ? { type: 'codebuild.enrich', buildArn: event.buildArn, account: event.account, region: event.region }
    : undefined;
  return {
    kind: 'alert',
    eventType: eventTypeOf(event.level === 'phase' ? 'build-phase' : 'build', event.state),
    severity: severityOf(event.state, config),
    ...(enrichment === undefined ? {} : { enrichment }),
  };
}

const FAILED_PHASE_STATUSES = new Set(['FAILED', 'FAULT', 'TIMED_OUT', 'STOPPED', 'CLIENT_ERROR']);

export function isFailedPhase(status: string | undefined): boolean {
  return status !== undefined && FAILED_PHASE_STATUSES.has(status.toUpperCase());
}

// ---- Reaching the right people: approvals, opt-in successes, unrouted phase failures, other accounts ----

/**
 * Pure: the same event and config always give the same decision. Pushes are not failure
 * alerts: shared/plan/push.ts decides about them. Manual approvals are decided first (an approval
 * rejected is a FAILED action event, which the failure rules would fold away); success notices
 * and phase failures only where the failure rules ignore the event.
 */
export function decide(event: AlertEvent, config: HeraldConfig): Decision {
  const approval = event.kind === 'pipeline' ? decideApproval(event, config) : undefined;
  const failure = approval ?? decideFailure(event, config);
  const decision = failure.kind === 'ignore' ? (decideOptIn(event, config) ?? failure) : failure;
  return withPeopleAndAccounts(decision, event, config);
}

/** What an approval action's state means: waiting for a reviewer, approved, rejected. */
const APPROVAL_OUTCOMES: Readonly<Record<string, 'waiting' | 'approved' | 'rejected'>> = {
  STARTED: 'waiting',
  SUCCEEDED: 'approved',
  FAILED: 'rejected',
};

/** An action event of a CodePipeline manual approval (`type.category` Approval, `type.provider` Manual). */
export function isManualApproval(event: PipelineExecutionChange): boolean {
  return event.level === 'action' && event.actionType?.category === 'Approval' && event.actionType.provider === 'Manual';
}

/** The approval outcome of a manual approval event, if it is one in a state that has one. */
export function approvalOutcome(event: PipelineExecutionChange): 'waiting' | 'approved' | 'rejected' | undefined {
  return isManualApproval(event) ? APPROVAL_OUTCOMES[event.state] : undefined;
}

function decideApproval(event: PipelineExecutionChange, config: HeraldConfig): Decision | undefined {
  const outcome = approvalOutcome(event);
  if (outcome === undefined || event.stage === undefined || event.action === undefined) return undefined;
  const { pipelines, severity } = config.approvals;
  if (pipelines.length === 0 || !anyGlobMatcher(pipelines)(event.pipeline)) {
    return { kind: 'ignore', reason: `approvals of pipeline ${event.pipeline} are not reported (approvals.pipelines)` };
  }
  // Waiting: the event says all there is. Approved or rejected: ask who reviewed and what they wrote.
  const enrichment: EnrichmentAction | undefined =
    config.enrichment.enabled && outcome !== 'waiting'
      ? {
          type: 'codepipeline.enrich',
          pipeline: event.pipeline,
          executionId: event.executionId,
          account: event.account,
          region: event.region,
          approval: { stage: event.stage, action: event.action },
        }
      : undefined;
  return { kind: 'alert', eventType: `approval.${outcome}`, severity: severity[outcome], ...(enrichment === undefined ? {} : { enrichment }) };
}

const SUCCEEDED = 'SUCCEEDED';

/** Success notices for the routes that opt in, and phase failures whose build-level event no route takes. */
function decideOptIn(event: AlertEvent, config: HeraldConfig): Decision | undefined {
  if (event.kind === 'pipeline') {
    if (event.level !== 'pipeline' || event.state !== SUCCEEDED) return undefined;
    if (!anyRouteTakes(config, 'pipeline.succeeded')) return { kind: 'ignore', reason: 'no route takes success notices (routes[].successes)' };
    const enrichment: EnrichmentAction | undefined = config.enrichment.enabled
      ? { type: 'codepipeline.enrich', pipeline: event.pipeline, executionId: event.executionId, account: event.account, region: event.region }
      : undefined;
    return { kind: 'alert', eventType: 'pipeline.succeeded', severity: 'info', ...(enrichment === undefined ? {} : { enrichment }) };
  }
  if (isPipelineBuild(event) && config.alerts.pipelineBuilds === 'skip') return undefined;
  if (event.level === 'build' && event.state === SUCCEEDED) {
    if (!anyRouteTakes(config, 'build.succeeded')) return { kind: 'ignore', reason: 'no route takes success notices (routes[].successes)' };
    return { kind: 'alert', eventType: 'build.succeeded', severity: 'info' };
  }
  if (event.level === 'phase' && isFailedPhase(event.state) && !buildLevelRouted(event, config)) {
    return { kind: 'alert', eventType: eventTypeOf('build-phase', event.state), severity: severityOf(event.state, config) };
  }
  return undefined;
}

/** Whether a failure of this phase's build, reported by the build-level event, would reach any target. */
function buildLevelRouted(event: BuildChange, config: HeraldConfig): boolean {
  const state = 'FAILED';
  if (!isAlertState(state, config)) return false;
  const key = { source: 'codebuild' as const, eventType: eventTypeOf('build', state), state, severity: severityOf(state, config), account: event.account, region: event.region, project: event.project };
  return routeEvent(config, key).targets.length > 0;
}

/**
 * Enrichment of another account goes through its configured role; without one it is skipped with
 * a note. The commit author is looked up only when the config has people to map it to.
 */
function withPeopleAndAccounts(decision: Decision, event: AlertEvent, config: HeraldConfig): Decision {
  if (decision.kind !== 'alert' || decision.enrichment === undefined) return decision;
  const access = accountAccess(config, event.account);
  if (access.kind === 'none') {
    const { enrichment: _skipped, ...rest } = decision;
    return { ...rest, notes: [...(decision.notes ?? []), access.note] };
  }
  const roleArn = access.kind === 'assume' ? { roleArn: access.roleArn } : {};
  const commitAuthor = decision.enrichment.type === 'codepipeline.enrich' && config.people !== undefined ? { commitAuthor: true } : {};
  return { ...decision, enrichment: { ...decision.enrichment, ...roleArn, ...commitAuthor } };
}

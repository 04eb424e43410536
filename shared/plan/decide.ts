import type { HeraldConfig, Severity } from '../config/schema';
import type { AlertEvent, BuildChange, PipelineExecutionChange } from '../events/domain';
import type { EnrichmentAction } from './actions';

/** Whether an event deserves an alert, and which enrichment to fetch first. */
export type Decision =
  | { readonly kind: 'ignore'; readonly reason: string }
  | {
      readonly kind: 'alert';
      readonly eventType: string;
      readonly severity: Severity;
      readonly enrichment?: EnrichmentAction;
    };

/**
 * Pure: the same event and config always give the same decision. Pushes are not failure
 * alerts: shared/plan/push.ts decides about them.
 */
export function decide(event: AlertEvent, config: HeraldConfig): Decision {
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

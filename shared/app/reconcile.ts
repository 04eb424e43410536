import type { AlertEvent } from '../events/domain';
import { parseScheduledSweep, reconciledBuildEvents, reconciledPipelineEvents, type ReconcileWindow } from '../events/reconciled';
import { ReconcileError } from './errors';
import type { ListRecentRuns } from './ports';
import type { ReactDeps, Reaction } from './react';

export interface ReconcileDeps extends ReactDeps {
  readonly listRecentRuns: ListRecentRuns;
}

export interface Sweep {
  readonly window: ReconcileWindow;
  /** Failed runs found, as the domain events EventBridge would have delivered. */
  readonly events: readonly AlertEvent[];
  readonly reactions: readonly Reaction[];
}

/**
 * The failed executions and builds of a window, as domain events, each sent through the same
 * use case as an EventBridge event. Their effect keys equal the events', so once delivery is
 * idempotent an alert already sent is not sent again. Reacts to every event before throwing
 * ReconcileError for those that failed, so the sweep is retried.
 */
export async function reconcileWindow(window: ReconcileWindow, deps: ReconcileDeps): Promise<Sweep> {
  const runs = await deps.listRecentRuns(window);
  const states = deps.config.alerts.states;
  // Oldest first, as the events would have come: the failure state then suppresses repeats as it does live.
  const events: AlertEvent[] = [...reconciledPipelineEvents(runs.pipelineExecutions, window, states), ...reconciledBuildEvents(runs.builds, window, states)].sort(
    (a, b) => Date.parse(a.time) - Date.parse(b.time),
  );
  deps.log.info('reconciliation sweep', { window, executionsListed: runs.pipelineExecutions.length, buildsListed: runs.builds.length, failuresFound: events.length });
  if (events.length === 0) return { window, events, reactions: [] };
  // The alert use case (decisions, state, planners) loads with the first failure a sweep finds:
  // most sweeps find none.
  const { reactToEvent } = await import('./react');
  const reactions: Reaction[] = [];
  const failures: { eventId: string; error: unknown }[] = [];
  for (const event of events) {
    try {
      reactions.push(await reactToEvent(event, deps));
    } catch (error: unknown) {
      failures.push({ eventId: event.eventId, error });
    }
  }
  if (failures.length > 0) throw new ReconcileError(failures);
  return { window, events, reactions };
}

/** A sweep started by EventBridge's scheduled event: the `lookbackMinutes` before its time. */
export function reconcileScheduled(raw: unknown, deps: ReconcileDeps): Promise<Sweep> {
  return reconcileWindow(parseScheduledSweep(raw, deps.config.reconcile.lookbackMinutes), deps);
}

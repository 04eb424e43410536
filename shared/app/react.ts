import type { HeraldConfig } from '../config/schema';
import type { AlertEvent } from '../events/domain';
import type { Action } from '../plan/actions';
import { decide, type Decision } from '../plan/decide';
import { NO_FACTS, type Facts } from '../plan/facts';
import { decideWithState, recoveredNote, stateSubject } from '../plan/state';
import { attemptAll } from './errors';
import type { CountMetric, Deliver, Enrich, Log, StateStore } from './ports';

export interface ReactDeps {
  readonly config: HeraldConfig;
  readonly enrich: Enrich;
  readonly deliver: Deliver;
  readonly log: Log;
  /** Noise control and recovered alerts (shared/plan/state.ts); without it every event stands alone. */
  readonly state?: StateStore;
  /** Counts suppressed alerts (sent and failed ones are counted by the deliver port). */
  readonly count?: CountMetric;
}

export interface Reaction {
  readonly eventId: string;
  readonly decision: Decision;
  /** Every planned action in order: enrichment first, then deliveries. */
  readonly actions: readonly Action[];
}

/**
 * The one use case behind every entry point: decide, enrich, plan, deliver.
 * Throws DeliveryError when any delivery failed, after attempting all of them.
 */
export async function reactToEvent(event: AlertEvent, deps: ReactDeps): Promise<Reaction> {
  const stateless = decide(event, deps.config);
  // Without a state store (herald replay, herald dev) every event stands alone.
  const subject = deps.state === undefined ? undefined : stateSubject(event, deps.config);
  const stored = subject === undefined ? undefined : await deps.state?.read(subject);
  const { decision, write, recoveredFrom } = deps.state === undefined ? { decision: stateless } : decideWithState(event, stateless, stored, deps.config);
  const context = { eventId: event.eventId, kind: event.kind, level: event.level, state: event.state };
  // The state is written after the deliveries: a retry after a failed delivery still sees the old state.
  const writeState = async () => {
    if (write === undefined || deps.state === undefined) return;
    const outcome = await deps.state.write(write);
    if (outcome === 'stale') deps.log.info('state not written: a newer event was recorded', { ...context, subject: write.record.subject });
  };
  if (decision.kind === 'ignore') {
    if (stateless.kind === 'alert') deps.count?.('AlertsSuppressed');
    deps.log.info('event ignored', { ...context, reason: decision.reason });
    await writeState();
    return { eventId: event.eventId, decision, actions: write === undefined ? [] : [write] };
  }
  const enriched = decision.enrichment === undefined ? NO_FACTS : await deps.enrich(decision.enrichment);
  const notes = [...(recoveredFrom === undefined ? [] : [recoveredNote(recoveredFrom)]), ...(decision.notes ?? [])];
  const facts: Facts = notes.length === 0 ? enriched : { ...enriched, notes: [...notes, ...enriched.notes] };
  // Composing, routing and rendering the alert is planned by a module loaded on the first event
  // that alerts, not at every cold start: most events (successes, folded stage and action
  // changes, repeats) are ignored above.
  const { planAlertDeliveries } = await import('../plan/alertDeliveries');
  const { alert, deliveries } = planAlertDeliveries(event, decision.eventType, decision.severity, facts, deps.config);
  if (deliveries.length === 0) {
    deps.log.warn('alert matched no route', { ...context, eventType: alert.eventType });
  } else {
    await attemptAll(
      event.eventId,
      deliveries.map((delivery) => ({ target: delivery.target, run: () => deps.deliver(delivery) })),
    );
    deps.log.info('alert delivered', { ...context, eventType: alert.eventType, targets: deliveries.map((d) => d.target), effectKeys: deliveries.map((d) => d.dedupeKey), notes: facts.notes });
  }
  await writeState();
  return {
    eventId: event.eventId,
    decision,
    actions: [...(decision.enrichment === undefined ? [] : [decision.enrichment]), ...deliveries, ...(write === undefined ? [] : [write])],
  };
}

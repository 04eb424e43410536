import type { HeraldConfig } from '../config/schema';
import type { AlertEvent } from '../events/domain';
import type { Action, DeliveryAction } from '../plan/actions';
import { decide, type Decision } from '../plan/decide';
import { planDeliveries } from '../plan/deliveries';
import { NO_FACTS } from '../plan/facts';
import { planAlert } from '../plan/reach';
import { DeliveryError } from './errors';
import type { Deliver, Enrich, Log } from './ports';

export interface ReactDeps {
  readonly config: HeraldConfig;
  readonly enrich: Enrich;
  readonly deliver: Deliver;
  readonly log: Log;
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
  const decision = decide(event, deps.config);
  const context = { eventId: event.eventId, kind: event.kind, level: event.level, state: event.state };
  if (decision.kind === 'ignore') {
    deps.log.info('event ignored', { ...context, reason: decision.reason });
    return { eventId: event.eventId, decision, actions: [] };
  }
  const enriched = decision.enrichment === undefined ? NO_FACTS : await deps.enrich(decision.enrichment);
  const facts = decision.notes === undefined ? enriched : { ...enriched, notes: [...decision.notes, ...enriched.notes] };
  const alert = planAlert(event, decision.eventType, decision.severity, facts, deps.config);
  const deliveries = planDeliveries(event, alert, deps.config);
  if (deliveries.length === 0) {
    deps.log.warn('alert matched no route', { ...context, eventType: alert.eventType });
  } else {
    await deliverAll(event.eventId, deliveries, deps);
    deps.log.info('alert delivered', { ...context, eventType: alert.eventType, targets: deliveries.map((d) => d.target), notes: facts.notes });
  }
  return {
    eventId: event.eventId,
    decision,
    actions: [...(decision.enrichment === undefined ? [] : [decision.enrichment]), ...deliveries],
  };
}

async function deliverAll(eventId: string, deliveries: readonly DeliveryAction[], deps: ReactDeps): Promise<void> {
  const results = await Promise.allSettled(deliveries.map((delivery) => deps.deliver(delivery)));
  const failures = results.flatMap((result, index) => {
    if (result.status === 'fulfilled') return [];
    const error: unknown = result.reason;
    return [{ target: deliveries[index]?.target ?? '?', error }];
  });
  if (failures.length > 0) throw new DeliveryError(eventId, failures);
}

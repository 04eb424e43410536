import type { DeliveryAction, EnrichmentAction } from '../plan/actions';
import type { Facts } from '../plan/facts';

/**
 * The side effects the use cases need, as small function types. Composition roots
 * (functions/, the CLI, tests) pass adapters that fit them.
 */

/** Fetches facts for an enrichment action. Never rejects: failures come back as notes. */
export type Enrich = (action: EnrichmentAction) => Promise<Facts>;

/** Carries out one delivery. Rejects when it did not happen, so the caller can retry. */
export type Deliver = (action: DeliveryAction) => Promise<void>;

/** The subset of Powertools Logger the core uses. */
export type LogAttributes = Record<string, unknown>;
export interface Log {
  info(message: string, ...extra: LogAttributes[]): void;
  warn(message: string, ...extra: LogAttributes[]): void;
  error(message: string, ...extra: LogAttributes[]): void;
}

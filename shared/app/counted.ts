import type { CountMetric, MetricName } from './ports';

/**
 * An effect port that counts what it did: `done` once per effect carried out, `failed` once per
 * effect that rejected (the rejection still propagates). Composition roots put it inside the
 * idempotency wrapper, so an effect skipped as a duplicate is not counted as done again.
 */
export function counted<TAction>(
  effect: (action: TAction) => Promise<void>,
  count: CountMetric,
  names: { readonly done: MetricName | ((action: TAction) => MetricName); readonly failed: MetricName },
): (action: TAction) => Promise<void> {
  return async (action) => {
    try {
      await effect(action);
    } catch (error: unknown) {
      count(names.failed);
      throw error;
    }
    count(typeof names.done === 'function' ? names.done(action) : names.done);
  };
}

/** Some deliveries of an event failed; the event must be retried or dead-lettered. */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  constructor(
    readonly eventId: string,
    readonly failures: readonly { readonly target: string; readonly error: unknown }[],
  ) {
    super(
      `${failures.length} deliver${failures.length === 1 ? 'y' : 'ies'} of event ${eventId} failed: ` +
        failures.map(({ target, error }) => `${target}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`).join('; '),
      { cause: failures[0]?.error },
    );
  }
}

/** The reconciliation sweep could not react to some of the failures it found; the sweep is retried. */
export class ReconcileError extends Error {
  override readonly name = 'ReconcileError';
  constructor(readonly failures: readonly { readonly eventId: string; readonly error: unknown }[]) {
    super(
      `${failures.length} reconciled event${failures.length === 1 ? '' : 's'} failed: ` +
        failures.map(({ eventId, error }) => `${eventId}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`).join('; '),
      { cause: failures[0]?.error },
    );
  }
}

/** One effect to attempt, named for the error report. */
export interface EffectTask {
  readonly target: string;
  readonly run: () => Promise<unknown>;
}

/**
 * Attempts every effect, then throws one DeliveryError naming each that failed, so the event is
 * retried (the effects that succeeded are skipped then by their idempotency records and tokens).
 */
export async function attemptAll(eventId: string, tasks: readonly EffectTask[]): Promise<void> {
  const results = await Promise.allSettled(tasks.map((task) => task.run()));
  const failures = results.flatMap((result, index) => {
    if (result.status === 'fulfilled') return [];
    const error: unknown = result.reason;
    return [{ target: tasks[index]?.target ?? '?', error }];
  });
  if (failures.length > 0) throw new DeliveryError(eventId, failures);
}

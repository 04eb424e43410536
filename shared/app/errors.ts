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

/**
 * A value (a set of clients, an adapter object) built on first use and shared after; a failed
 * build is retried by the next call.
 */
export function lazyValue<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    loaded ??= load().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
    return loaded;
  };
}

/**
 * A port whose implementation is imported on first use. Lambda entries use it for adapters
 * that only some events need (enrichment clients, secret stores), so their code is not
 * initialised at every cold start.
 */
export function lazyPort<TArgs extends unknown[], TResult>(load: () => Promise<(...args: TArgs) => Promise<TResult>>): (...args: TArgs) => Promise<TResult> {
  let loaded: Promise<(...args: TArgs) => Promise<TResult>> | undefined;
  return async (...args) => {
    loaded ??= load().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
    return (await loaded)(...args);
  };
}

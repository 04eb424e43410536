/**
 * Maps `items` through `work` with at most `limit` calls in flight, yielding the results in input
 * order. A new call starts as soon as any call finishes, not only the oldest: one slow call
 * holds its own slot, not the whole pool. Results that finish ahead of an earlier one wait for
 * it: at most `window` calls (default twice `limit`) are started and not yet handed over, so
 * memory is bounded by the window, not by the number of items. A call that fails (rejects, or
 * throws before returning its promise) is re-raised in its turn; so is an error of `items`
 * itself. Once the consumer stops (it breaks out, or an error ends the loop), no call starts and
 * `items` is closed.
 */
export async function* orderedPool<T, R>(items: Iterable<T>, limit: number, work: (item: T) => Promise<R>, window = limit * 2): AsyncGenerator<R> {
  if (!Number.isInteger(limit) || !Number.isInteger(window) || limit < 1 || window < limit) {
    throw new RangeError(`orderedPool needs integers 1 <= limit <= window (limit ${limit}, window ${window})`);
  }
  const source = items[Symbol.iterator]();
  // Started and not yet handed over, in input order: the head is the next result to yield.
  const pending: Promise<R>[] = [];
  // Started and not yet settled. A call leaves it when it settles or, whichever comes first, when
  // the loop below has awaited it: the loop never depends on the order of promise callbacks.
  const running = new Set<Promise<R>>();
  let exhausted = false;
  let stopped = false;
  const finish = (task: Promise<R>) => {
    if (running.delete(task)) fill();
  };
  const fill = (): void => {
    while (!stopped && !exhausted && running.size < limit && pending.length < window) {
      let task: Promise<R>;
      try {
        const step = source.next();
        if (step.done === true) {
          exhausted = true;
          return;
        }
        task = work(step.value);
      } catch (error: unknown) {
        // `items` failed, or `work` threw instead of rejecting: the error takes this place in the order.
        exhausted = true;
        task = Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
      running.add(task);
      // Observed here, so a rejection waiting for its turn is not reported as unhandled.
      const settled = () => finish(task);
      void task.then(settled, settled);
      pending.push(task);
    }
  };
  try {
    fill();
    for (let head = pending[0]; head !== undefined; head = pending[0]) {
      let result: R;
      try {
        result = await head;
      } finally {
        running.delete(head);
      }
      // The head leaves the window only now: until it is handed over it counts against it.
      void pending.shift();
      fill();
      yield result;
    }
  } finally {
    stopped = true;
    if (!exhausted) source.return?.();
  }
}

/**
 * Every result of `orderedPool`, in input order. Rejects with the first failure in input order,
 * as soon as the calls before it have succeeded; calls already running are not waited for.
 */
export async function mapPool<T, R>(items: Iterable<T>, limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for await (const result of orderedPool(items, limit, work)) results.push(result);
  return results;
}

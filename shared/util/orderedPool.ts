/**
 * Maps `items` through `work` with at most `limit` calls in flight, yielding the results in input
 * order. A new call starts as soon as any call finishes, not only the oldest: one slow call
 * holds its own slot, not the whole pool. Results that finish ahead of an earlier one wait for
 * it, at most `window` of them (default twice `limit`), so memory stays bounded by the window,
 * not by the number of items. A rejected call is re-raised when its turn comes.
 */
export async function* orderedPool<T, R>(items: Iterable<T>, limit: number, work: (item: T) => Promise<R>, window = limit * 2): AsyncGenerator<R> {
  if (limit < 1 || window < limit) throw new RangeError(`orderedPool needs 1 <= limit <= window (limit ${limit}, window ${window})`);
  // Started and not yet yielded, in input order: the head is the next result to yield.
  const pending: Promise<R>[] = [];
  const source = items[Symbol.iterator]();
  let exhausted = false;
  let running = 0;
  const settled = () => {
    running -= 1;
    fill();
  };
  const fill = (): void => {
    while (!exhausted && running < limit && pending.length < window) {
      const step = source.next();
      if (step.done === true) {
        exhausted = true;
        return;
      }
      running += 1;
      // A call that throws before returning its promise fails in its turn, like one that rejects.
      let task: Promise<R>;
      try {
        task = work(step.value);
      } catch (error: unknown) {
        task = Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
      // Observed here, so a rejection waiting for its turn is not reported as unhandled.
      void task.then(settled, settled);
      pending.push(task);
    }
  };
  fill();
  for (let head = pending[0]; head !== undefined; head = pending[0]) {
    const result = await head;
    // The head leaves the window only now: until it is yielded it counts against it.
    void pending.shift();
    fill();
    yield result;
  }
}

/** Every result of `orderedPool`, in input order, once all calls have finished. */
export async function mapPool<T, R>(items: Iterable<T>, limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for await (const result of orderedPool(items, limit, work)) results.push(result);
  return results;
}

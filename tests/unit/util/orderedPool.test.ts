import { mapPool, orderedPool } from '../../../shared/util/orderedPool';

/** A call that finishes when the test says so. */
interface Deferred {
  readonly item: number;
  readonly resolve: (value: string) => void;
  readonly reject: (error: Error) => void;
}

function controlledWork() {
  const started: Deferred[] = [];
  let running = 0;
  let mostRunning = 0;
  const work = (item: number) =>
    new Promise<string>((resolve, reject) => {
      running += 1;
      mostRunning = Math.max(mostRunning, running);
      let settled = false;
      const done = () => {
        if (settled) return false;
        settled = true;
        running -= 1;
        return true;
      };
      started.push({ item, resolve: (value) => done() && resolve(value), reject: (error) => done() && reject(error) });
    });
  return { work, started, mostRunning: () => mostRunning };
}

/** Lets pending promise callbacks run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('orderedPool', () => {
  it('yields results in input order whatever order the calls finish in', async () => {
    const delays = [30, 5, 20, 1, 10, 0, 15];
    const results: number[] = [];
    for await (const value of orderedPool(delays, 3, (delay) => new Promise<number>((resolve) => setTimeout(() => resolve(delay), delay)))) results.push(value);
    expect(results).toEqual(delays);
  });

  it('starts a new call when any call finishes, while a slow first call holds only its own slot', async () => {
    const { work, started, mostRunning } = controlledWork();
    const pool = orderedPool([0, 1, 2, 3, 4, 5, 6, 7], 2, work, 4);
    const first = pool.next();
    await settle();
    expect(started.map((call) => call.item)).toEqual([0, 1]);
    // Item 0 is slow; 1 finishes, so 2 starts; 2 finishes, so 3 starts; the window (4) then stops it.
    started[1]?.resolve('one');
    await settle();
    started[2]?.resolve('two');
    await settle();
    expect(started.map((call) => call.item)).toEqual([0, 1, 2, 3]);
    started[3]?.resolve('three');
    await settle();
    expect(started.map((call) => call.item)).toEqual([0, 1, 2, 3]);
    started[0]?.resolve('zero');
    expect(await first).toEqual({ value: 'zero', done: false });
    const rest: string[] = [];
    for (let step = await pool.next(); step.done !== true; step = await pool.next()) {
      rest.push(step.value);
      // Finish whatever has started and not finished, in reverse order.
      for (const call of [...started].reverse()) call.resolve(`item ${call.item}`);
    }
    expect(rest).toEqual(['one', 'two', 'three', 'item 4', 'item 5', 'item 6', 'item 7']);
    expect(mostRunning()).toBe(2);
  });

  it('re-raises a failed call in its turn, after the results before it', async () => {
    const { work, started } = controlledWork();
    const results: string[] = [];
    const consume = (async () => {
      for await (const value of orderedPool([0, 1, 2], 3, work)) results.push(value);
    })();
    await settle();
    started[1]?.reject(new Error('call 1 failed'));
    started[2]?.resolve('two');
    started[0]?.resolve('zero');
    await expect(consume).rejects.toThrow('call 1 failed');
    expect(results).toEqual(['zero']);
  });

  it('accepts any iterable and reads it lazily; once the consumer stops, nothing more starts and the iterable is closed', async () => {
    let pulled = 0;
    let closed = false;
    function* numbers() {
      try {
        for (let value = 0; value < 100; value += 1) {
          pulled += 1;
          yield value;
        }
      } finally {
        closed = true;
      }
    }
    const { work, started } = controlledWork();
    const results: string[] = [];
    const consume = (async () => {
      for await (const value of orderedPool(numbers(), 2, work, 8)) {
        results.push(value);
        break;
      }
    })();
    await settle();
    expect(pulled).toBe(2);
    started[0]?.resolve('zero');
    await consume;
    expect(results).toEqual(['zero']);
    expect(closed).toBe(true);
    // Calls still running finish afterwards: their slots must not start more work.
    const startedAtStop = started.length;
    const pulledAtStop = pulled;
    for (const call of started) call.resolve(`item ${call.item}`);
    await settle();
    expect(started.length).toBe(startedAtStop);
    expect(pulled).toBe(pulledAtStop);
    expect(startedAtStop).toBeLessThanOrEqual(3);
  });

  it('raises an error of the iterable itself in its turn, with nothing unhandled', async () => {
    function* failing() {
      yield 1;
      yield 2;
      throw new Error('listing failed');
    }
    await expect(mapPool(failing(), 2, (value) => new Promise<number>((resolve) => setTimeout(() => resolve(value), 5)))).rejects.toThrow('listing failed');
  });

  it('refuses limits and windows that would start nothing or overflow', async () => {
    for (const [limit, window] of [
      [0, 2],
      [Number.NaN, 2],
      [4, 2],
      [1.5, 4],
    ] as const) {
      await expect(orderedPool([1], limit, (value) => Promise.resolve(value), window).next()).rejects.toThrow(RangeError);
    }
  });
});

describe('orderedPool with a call that throws instead of rejecting', () => {
  it('raises the error in that call\'s turn', async () => {
    const results: number[] = [];
    const work = (value: number): Promise<number> => {
      if (value === 2) throw new Error('no promise for 2');
      return Promise.resolve(value);
    };
    await expect(
      (async () => {
        for await (const value of orderedPool([1, 2, 3], 2, work)) results.push(value);
      })(),
    ).rejects.toThrow('no promise for 2');
    expect(results).toEqual([1]);
  });
});

describe('mapPool', () => {
  it('collects every result in input order, at most `limit` calls at a time', async () => {
    let running = 0;
    let mostRunning = 0;
    const results = await mapPool([5, 1, 4, 2, 3], 2, async (delay) => {
      running += 1;
      mostRunning = Math.max(mostRunning, running);
      await new Promise((resolve) => setTimeout(resolve, delay));
      running -= 1;
      return delay * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30]);
    expect(mostRunning).toBe(2);
  });
});

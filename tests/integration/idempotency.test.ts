/**
 * onceEach (shared/adapters/aws/idempotency.ts) on dynalite, through the real Powertools
 * persistence layer: per effect, not per invocation; concurrent duplicates; a dead holder's
 * IN_PROGRESS record expiring with its Lambda timeout.
 */
import { buildIdempotency, type Idempotency } from '../../shared/adapters/aws/idempotency';
import { createHeraldTables, type HeraldTables } from '../support/dynamo';
import { lambdaContext } from '../support/lambda';

let tables: HeraldTables;

beforeAll(async () => {
  tables = await createHeraldTables('idempotency');
  Object.assign(process.env, { AWS_ENDPOINT_URL_DYNAMODB: tables.env.AWS_ENDPOINT_URL_DYNAMODB });
});

beforeEach(() => tables.clear());

function idempotency(): Idempotency {
  return buildIdempotency({ tableName: tables.idempotencyTable, keyPrefix: 'herald.test' });
}

/** A Lambda context with `ms` left, counting down. */
function contextWith(ms: number) {
  const deadline = Date.now() + ms;
  return { ...lambdaContext('idempotency-test'), getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) };
}

describe('onceEach', () => {
  it('re-runs only the effects that failed when an invocation is retried', async () => {
    const once = idempotency();
    once.useLambdaContext(contextWith(30_000));
    const sent: string[] = [];
    let failEmail = true;
    const deliver = once.onceEach((target: string) => {
      if (target === 'email' && failEmail) return Promise.reject(new Error('SNS throttled'));
      sent.push(target);
      return Promise.resolve();
    }, (target) => `alert-1#${target}`);
    const invocation = () => Promise.all(['chat', 'email', 'slack'].map((target) => deliver(target)));

    await expect(invocation()).rejects.toThrow('SNS throttled');
    failEmail = false;
    await invocation();
    await invocation();

    expect(sent.sort()).toEqual(['chat', 'email', 'slack']);
  });

  it('resolves concurrent duplicates to one effect: the others fail (Lambda retries them) and their retry does nothing', async () => {
    const once = idempotency();
    once.useLambdaContext(contextWith(30_000));
    let runs = 0;
    const deliver = once.onceEach(async () => {
      runs += 1;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }, () => 'alert-2#chat');

    const results = await Promise.allSettled([deliver('a'), deliver('a'), deliver('a')]);
    expect(results.filter((result) => result.status === 'rejected').map((result) => String(result.status === 'rejected' && result.reason.name))).toEqual([
      'IdempotencyAlreadyInProgressError',
      'IdempotencyAlreadyInProgressError',
    ]);
    await deliver('a');

    expect(runs).toBe(1);
  });

  it('lets a retry take over once the IN_PROGRESS record of a holder that died expired with its Lambda timeout', async () => {
    const holder = idempotency();
    holder.useLambdaContext(contextWith(500));
    const died = holder.onceEach(() => new Promise<void>(() => undefined), () => 'alert-3#chat');
    void died('a');
    await new Promise((resolve) => setTimeout(resolve, 100));

    const retry = idempotency();
    retry.useLambdaContext(contextWith(30_000));
    let runs = 0;
    const deliver = retry.onceEach(() => {
      runs += 1;
      return Promise.resolve();
    }, () => 'alert-3#chat');
    await expect(deliver('a')).rejects.toThrow(/in progress/);
    await new Promise((resolve) => setTimeout(resolve, 600));
    await deliver('a');
    await deliver('a');

    expect(runs).toBe(1);
  });
});

/**
 * Exactly-once side effects: each effect (one SNS publish, one Slack post) is wrapped with
 * Powertools Idempotency, keyed on what it is about, with records in DynamoDB. Per effect, not
 * per invocation: a retried invocation after a partial failure re-runs only the effects that did
 * not complete. Concurrent duplicates: the first writes an IN_PROGRESS record, the others find
 * it and throw IdempotencyAlreadyInProgressError, so their invocation fails and Lambda retries it
 * later, when the record is COMPLETED and the effect is skipped. A holder that died leaves an
 * IN_PROGRESS record that expires with its Lambda timeout (the registered context's remaining
 * time), after which a retry takes over.
 *
 * Powertools and the DynamoDB client are imported on the first effect, not at cold start: most
 * events (successes, ignored states) never deliver anything.
 */
import type { Context } from 'aws-lambda';
import { lazyValue } from '../../runtime/lazy';
import { awsClientConfig } from './clientConfig';

/** Idempotency records outlive the failure queue's retention (14 days), so a redrive finds them. */
export const IDEMPOTENCY_TTL_SECONDS = 14 * 24 * 60 * 60;

export interface IdempotencyOptions {
  readonly tableName: string;
  /** Namespace of the keys, e.g. `herald.sns`: independent of the function's deployed name. */
  readonly keyPrefix: string;
  readonly expiresAfterSeconds?: number;
}

/** Wraps an effect so that each key runs it at most once (until the record expires). */
export type OnceEach = <TInput>(effect: (input: TInput) => Promise<void>, keyOf: (input: TInput) => string) => (input: TInput) => Promise<void>;

export interface Idempotency {
  readonly onceEach: OnceEach;
  /** Call at the start of every invocation: IN_PROGRESS records then expire with its timeout. */
  readonly useLambdaContext: (context: Context) => void;
}

export function buildIdempotency(options: IdempotencyOptions): Idempotency {
  let lambdaContext: Context | undefined;
  const powertools = lazyValue(async () => {
    const [{ makeIdempotent, IdempotencyConfig }, { DynamoDBPersistenceLayer }, { DynamoDBClient }] = await Promise.all([
      import('@aws-lambda-powertools/idempotency'),
      import('@aws-lambda-powertools/idempotency/dynamodb'),
      import('@aws-sdk/client-dynamodb'),
    ]);
    const config = new IdempotencyConfig({
      eventKeyJmesPath: 'key',
      throwOnNoIdempotencyKey: true,
      expiresAfterSeconds: options.expiresAfterSeconds ?? IDEMPOTENCY_TTL_SECONDS,
    });
    const persistenceStore = new DynamoDBPersistenceLayer({
      tableName: options.tableName,
      awsSdkV3Client: new DynamoDBClient(awsClientConfig()),
    });
    return { makeIdempotent, config, persistenceStore };
  });

  const onceEach: OnceEach = (effect, keyOf) => {
    type Input = Parameters<typeof effect>[0];
    // Powertools hashes `key` (eventKeyJmesPath) of the one argument; the effect gets `input`.
    const load = lazyValue(async () => {
      const { makeIdempotent, config, persistenceStore } = await powertools();
      const run = makeIdempotent(async ({ input }: { key: string; input: Input }) => effect(input), { persistenceStore, config, keyPrefix: options.keyPrefix });
      return { run, config };
    });
    return async (input) => {
      const { run, config } = await load();
      if (lambdaContext !== undefined) config.registerLambdaContext(lambdaContext);
      await run({ key: keyOf(input), input });
    };
  };

  return {
    onceEach,
    useLambdaContext: (context) => {
      lambdaContext = context;
    },
  };
}

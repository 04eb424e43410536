// Starts the local stand-ins integration tests share: fauxqs (SNS→SQS) on a free loopback port.
// ESM because fauxqs ships as ESM only; tests reach it through the endpoint in the environment.
import { createRequire } from 'node:module';
import { startFauxqs } from 'fauxqs';

export default async function globalSetup() {
  const server = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false });
  globalThis.__HERALD_FAUXQS__ = server;
  process.env.HERALD_TEST_SNS_ENDPOINT = `http://127.0.0.1:${server.port}`;

  // dynalite: a DynamoDB-compatible server (in memory) for idempotency records and state.
  // Tests create their own tables in it (tests/support/dynamo.ts, from serverless.yml).
  const dynalite = createRequire(import.meta.url)('dynalite')({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise((resolve, reject) => dynalite.listen(0, '127.0.0.1', (error) => (error ? reject(error) : resolve())));
  globalThis.__HERALD_DYNALITE__ = dynalite;
  process.env.HERALD_TEST_DYNAMODB_ENDPOINT = `http://127.0.0.1:${dynalite.address().port}`;
}

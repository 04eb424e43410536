// Starts the local stand-ins integration tests share: fauxqs (SNS→SQS) on a free loopback port.
// ESM because fauxqs ships as ESM only; tests reach it through the endpoint in the environment.
import { startFauxqs } from 'fauxqs';

export default async function globalSetup() {
  const server = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false });
  globalThis.__HERALD_FAUXQS__ = server;
  process.env.HERALD_TEST_SNS_ENDPOINT = `http://127.0.0.1:${server.port}`;
}

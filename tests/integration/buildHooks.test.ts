/**
 * Build hooks against real HTTP servers on 127.0.0.1: the README's example receiver (run as its
 * own process) verifies Herald's signature with the shared secret alone; retries after 500 and
 * 429 reuse one webhook id; a hanging receiver times out; redirects never leave the origin, and
 * names resolving inside are refused at connect time (injected DNS answers, no real DNS).
 * CodeBuild StartBuild goes through the real SDK client to the wire-level AWS JSON stub.
 */
import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { LookupAddress } from 'node:dns';
import { readFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { awsClientConfig } from '../../shared/adapters/aws/clientConfig';
import { buildCodeBuildStarter } from '../../shared/adapters/aws/codebuild';
import { buildSecretReader } from '../../shared/adapters/aws/secrets';
import { HttpDeliveryError } from '../../shared/adapters/http/postJson';
import { SsrfRefusedError, type Resolve } from '../../shared/adapters/http/ssrf';
import { buildWebhookPoster, type WebhookPosterDeps } from '../../shared/adapters/http/webhook';
import { githubSignature, standardWebhookSignature } from '../../shared/hooks/signing';
import type { CodeBuildStartBuildAction, WebhookPostAction } from '../../shared/plan/actions';
import { commitToBuildOfPush, planBuildHooks } from '../../shared/plan/buildHooks';
import { startAwsJsonStub, type AwsJsonStub } from '../support/awsJsonStub';
import { config, pushEvent } from '../support/domain';
import { fakeAwsAccessKeyId } from '../support/fakeCredentials';
import { startHttpReceiver, type HttpReceiver } from '../support/httpReceiver';

const ROOT = join(__dirname, '..', '..');
const EXAMPLE_RECEIVER = join(ROOT, 'docs', 'examples', 'verify-webhook.mjs');
/** A Standard Webhooks secret, made at run time. */
const SECRET = `whsec_${randomBytes(24).toString('base64')}`;

function hookConfig(target: Record<string, unknown>, allowHosts: readonly string[] = ['127.0.0.1']) {
  return config({
    buildHooks: {
      allowHosts,
      targets: { ci: { type: 'webhook', secret: 'env:HOOK_SECRET', allowHttp: true, ...target } },
      hooks: [{ repository: ['api'], branch: ['main'], targets: ['ci'] }],
    },
  });
}

function webhookAction(target: Record<string, unknown>, allowHosts?: readonly string[]): WebhookPostAction {
  const build = commitToBuildOfPush(pushEvent());
  if (build === undefined) throw new Error('the push names a commit to build');
  const [action] = planBuildHooks(build, hookConfig(target, allowHosts));
  if (action?.type !== 'webhook.post') throw new Error('expected a webhook.post action');
  return action;
}

function poster(overrides: Partial<WebhookPosterDeps> = {}) {
  const sleeps: number[] = [];
  const post = buildWebhookPoster({
    readSecret: buildSecretReader({ env: { HOOK_SECRET: SECRET }, ttlMs: 60_000 }),
    allowHosts: ['127.0.0.1'],
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    ...overrides,
  });
  return { post, sleeps };
}

interface ExampleReceiver {
  readonly url: string;
  readonly lines: Record<string, unknown>[];
  stop(): void;
}

/** docs/examples/verify-webhook.mjs as a user runs it: its own process, the secret in its environment. */
/** The receiver's stdout reaches us after its HTTP answer: wait (briefly) for the lines a test expects. */
async function linesWith(receiver: ExampleReceiver, key: string, count: number): Promise<Record<string, unknown>[]> {
  const deadline = Date.now() + 5000;
  while (receiver.lines.filter((line) => key in line).length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  // A little longer, so that an unexpected extra line would be seen too.
  await new Promise((resolve) => setTimeout(resolve, 100));
  return receiver.lines.filter((line) => key in line);
}

async function startExampleReceiver(secret: string): Promise<ExampleReceiver> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [EXAMPLE_RECEIVER], { env: { PATH: process.env.PATH ?? '', WEBHOOK_SECRET: secret, PORT: '0' } });
  const lines: Record<string, unknown>[] = [];
  let buffered = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const complete = buffered.split('\n');
      buffered = complete.pop() ?? '';
      for (const line of complete) {
        const parsed = JSON.parse(line);
        lines.push(parsed);
        if (typeof parsed.listening === 'number') resolve(parsed.listening);
      }
    });
    child.on('exit', (code) => reject(new Error(`example receiver exited ${String(code)}`)));
  });
  return { url: `http://127.0.0.1:${port}/herald`, lines, stop: () => child.kill('SIGTERM') };
}

test('the README quotes the example receiver this suite runs, verbatim', () => {
  expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain(`\`\`\`js\n${readFileSync(EXAMPLE_RECEIVER, 'utf8')}\`\`\``);
});

describe('webhook delivery to the example receiver', () => {
  let receiver: ExampleReceiver;
  beforeAll(async () => {
    receiver = await startExampleReceiver(SECRET);
  });
  afterAll(() => receiver.stop());

  it('is verified with the shared secret alone, and a duplicate delivery is accepted once', async () => {
    const action = webhookAction({ url: receiver.url });
    const { post } = poster();

    await post(action);
    await post(action);

    expect(await linesWith(receiver, 'accepted', 1)).toEqual([{ accepted: action.webhookId, repository: 'api', branch: 'main', commit: 'b'.repeat(40) }]);
  });

  it('is refused by the receiver when signed with another secret, and not retried', async () => {
    const action = webhookAction({ url: receiver.url, secret: 'env:OTHER' });
    const { post } = poster({ readSecret: buildSecretReader({ env: { OTHER: `whsec_${randomBytes(24).toString('base64')}` }, ttlMs: 1000 }) });

    await expect(post(action)).rejects.toMatchObject({ name: 'HttpDeliveryError', status: 401, retryable: false });
    expect(await linesWith(receiver, 'rejected', 1)).toEqual([{ rejected: action.webhookId }]);
  });
});

describe('webhook delivery', () => {
  let receiver: HttpReceiver;
  beforeEach(async () => {
    receiver = await startHttpReceiver();
  });
  afterEach(() => receiver.close());

  it('retries after 500 and 429 (honouring Retry-After), re-signing each attempt under one webhook id', async () => {
    receiver.reply({ status: 500 }, { status: 429, headers: { 'retry-after': '2' } }, { status: 204 });
    const action = webhookAction({ url: `${receiver.url}/hook` });
    let clock = Date.parse('2026-11-27T10:00:00Z');
    const { post, sleeps } = poster({ now: () => (clock += 7000) });

    await post(action);

    expect(receiver.requests).toHaveLength(3);
    expect(new Set(receiver.requests.map((request) => request.headers['webhook-id']))).toEqual(new Set([action.webhookId]));
    const timestamps = receiver.requests.map((request) => Number(request.headers['webhook-timestamp']));
    expect(new Set(timestamps).size).toBe(3);
    for (const request of receiver.requests) {
      expect(request.body).toBe(action.body);
      expect(request.headers['webhook-signature']).toBe(standardWebhookSignature(SECRET, action.webhookId, Number(request.headers['webhook-timestamp']), request.body));
    }
    // Backoff with jitter after the 500, then the 2 s the 429 asked for.
    expect(sleeps).toHaveLength(2);
    expect(sleeps[1]).toBe(2000);
  });

  it('does not retry other 4xx, and the error names the target, not the URL or the token', async () => {
    receiver.reply({ status: 404 });
    const action = webhookAction({ url: `${receiver.url}/generic-webhook-trigger/invoke`, signing: 'token-query' });

    const failure = poster().post(action);

    await expect(failure).rejects.toMatchObject({ status: 404, retryable: false });
    const error: unknown = await failure.catch((e: unknown) => e);
    expect(String(error)).toContain('webhook ci');
    expect(String(error)).not.toContain(SECRET);
    expect(String(error)).not.toContain('127.0.0.1');
    expect(receiver.requests).toHaveLength(1);
    // Jenkins Generic Webhook Trigger style: the token in the query string.
    expect(new URL(receiver.requests[0]?.path ?? '', receiver.url).searchParams.get('token')).toBe(SECRET);
  });

  it('signs GitHub-style and puts a token in a header when the target asks', async () => {
    const github = webhookAction({ url: receiver.url, signing: 'github' });
    const header = webhookAction({ url: receiver.url, signing: 'token-header', tokenHeader: 'X-Build-Token' });
    const { post } = poster();

    await post(github);
    await post(header);

    expect(receiver.requests[0]?.headers['x-hub-signature-256']).toBe(githubSignature(SECRET, github.body));
    expect(receiver.requests[1]?.headers['x-build-token']).toBe(SECRET);
    expect(receiver.requests[1]?.headers['webhook-id']).toBe(header.webhookId);
  });

  it('gives up on a hanging receiver after the total timeout of each attempt, then propagates the error', async () => {
    receiver.reply({ status: 200, hang: true });
    const action = webhookAction({ url: receiver.url, timeoutMs: 300, maxAttempts: 2 });
    const started = Date.now();

    await expect(poster().post(action)).rejects.toThrow(/webhook ci timed out after 300 ms/);

    expect(receiver.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('gives up on a TLS handshake that never completes after the connect timeout, well before the total one', async () => {
    // Accepts TCP connections and never answers the ClientHello.
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const action = webhookAction({ url: `https://127.0.0.1:${port}/hook`, connectTimeoutMs: 200, timeoutMs: 10_000, maxAttempts: 1 });
      const started = Date.now();

      await expect(poster().post(action)).rejects.toThrow(/webhook ci did not connect within 200 ms/);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it.each(['http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/hook', 'http://[fd00:ec2::254]/', 'http://localhost:1/'])(
    'refuses a redirect to %s, without following it or retrying',
    async (location) => {
      receiver.reply({ status: 302, headers: { location } });
      const action = webhookAction({ url: receiver.url });

      await expect(poster().post(action)).rejects.toBeInstanceOf(SsrfRefusedError);
      expect(receiver.requests).toHaveLength(1);
    },
  );

  it('refuses a redirect to another host even when that host is allowed', async () => {
    const other = await startHttpReceiver();
    try {
      receiver.reply({ status: 307, headers: { location: other.url.replace('127.0.0.1', 'localhost') } });
      const action = webhookAction({ url: receiver.url }, ['127.0.0.1', 'localhost']);

      await expect(poster({ allowHosts: ['127.0.0.1', 'localhost'] }).post(action)).rejects.toThrow(/redirected to another host/);
      expect(other.requests).toHaveLength(0);
    } finally {
      await other.close();
    }
  });

  it('does not follow a same-origin 302, which would turn the POST into a GET', async () => {
    receiver.reply({ status: 302, headers: { location: '/moved' } });

    await expect(poster().post(webhookAction({ url: `${receiver.url}/old` }))).rejects.toMatchObject({ status: 302, retryable: false });
    expect(receiver.requests).toHaveLength(1);
  });

  it('follows a redirect within the same origin', async () => {
    receiver.reply({ status: 308, headers: { location: '/moved' } }, { status: 200 });

    await poster().post(webhookAction({ url: `${receiver.url}/old` }));

    expect(receiver.requests.map((request) => [request.method, request.path])).toEqual([
      ['POST', '/old'],
      ['POST', '/moved'],
    ]);
  });
});

describe('webhook hosts checked at connect time', () => {
  let receiver: HttpReceiver;
  beforeAll(async () => {
    receiver = await startHttpReceiver();
  });
  afterAll(() => receiver.close());

  /** Every name resolves to the receiver's loopback address: only the allowlist lets it through. */
  const toLoopback: Resolve = () => Promise.resolve([{ address: '127.0.0.1', family: 4 } satisfies LookupAddress]);

  it('refuses a name that resolves to a private address, before sending anything', async () => {
    const port = new URL(receiver.url).port;
    const action = webhookAction({ url: `http://jenkins.example.test:${port}/hook` });

    await expect(poster({ resolve: toLoopback }).post(action)).rejects.toBeInstanceOf(SsrfRefusedError);
    expect(receiver.requests).toHaveLength(0);
  });

  it('lets an allowlisted internal name through', async () => {
    const port = new URL(receiver.url).port;
    const action = webhookAction({ url: `http://jenkins.internal:${port}/hook` }, ['jenkins.internal']);

    await poster({ resolve: toLoopback, allowHosts: ['jenkins.internal'] }).post(action);

    expect(receiver.requests.map((request) => request.path)).toEqual(['/hook']);
  });
});

describe('CodeBuild StartBuild through the SDK client', () => {
  let aws: AwsJsonStub;
  beforeAll(async () => {
    aws = await startAwsJsonStub();
  });
  afterAll(() => aws.close());

  function startBuildAction(): CodeBuildStartBuildAction {
    const build = commitToBuildOfPush(pushEvent());
    if (build === undefined) throw new Error('the push names a commit to build');
    const [action] = planBuildHooks(
      build,
      config({
        buildHooks: {
          targets: { build: { type: 'codebuild', project: 'api-ci', environment: { STAGE: 'ci' }, secretEnvironment: { NPM_TOKEN: 'ssm:/ci/npm-token' } } },
          hooks: [{ repository: ['api'], branch: ['main'], targets: ['build'] }],
        },
      }),
    );
    if (action?.type !== 'codebuild.startBuild') throw new Error('expected a codebuild.startBuild action');
    return action;
  }

  it('starts the build at the pushed commit, retrying throttling with the same idempotency token', async () => {
    let calls = 0;
    aws.on('CodeBuild_20161006.StartBuild', (input) => {
      calls += 1;
      if (calls < 3) return { error: 'ThrottlingException', message: 'Rate exceeded', status: 400 };
      return { body: { build: { id: `${String(input.projectName)}:5f3c8a1e-0000-4000-8000-000000000001`, buildStatus: 'IN_PROGRESS' } } };
    });
    const client = new CodeBuildClient({
      ...awsClientConfig(),
      endpoint: aws.endpoint,
      region: 'eu-west-1',
      credentials: { accessKeyId: fakeAwsAccessKeyId(11), secretAccessKey: randomBytes(20).toString('hex') },
    });
    const action = startBuildAction();

    await buildCodeBuildStarter(client)(action);

    const inputs = aws.calls.filter((call) => call.target === 'CodeBuild_20161006.StartBuild').map((call) => call.input);
    expect(inputs).toHaveLength(3);
    expect(new Set(inputs.map((input) => input.idempotencyToken))).toEqual(new Set([action.idempotencyToken]));
    expect(inputs[2]).toEqual({
      projectName: 'api-ci',
      sourceVersion: 'b'.repeat(40),
      idempotencyToken: action.idempotencyToken,
      environmentVariablesOverride: [
        { name: 'HERALD_REPOSITORY', value: 'api', type: 'PLAINTEXT' },
        { name: 'HERALD_BRANCH', value: 'main', type: 'PLAINTEXT' },
        { name: 'HERALD_COMMIT', value: 'b'.repeat(40), type: 'PLAINTEXT' },
        { name: 'HERALD_PREVIOUS_COMMIT', value: 'a'.repeat(40), type: 'PLAINTEXT' },
        { name: 'STAGE', value: 'ci', type: 'PLAINTEXT' },
        { name: 'NPM_TOKEN', value: '/ci/npm-token', type: 'PARAMETER_STORE' },
      ],
    });
  });

  it('propagates a refusal (no retry on a client error)', async () => {
    aws.on('CodeBuild_20161006.StartBuild', () => ({ error: 'ResourceNotFoundException', message: 'Project cannot be found: api-ci' }));
    const client = new CodeBuildClient({ ...awsClientConfig(), endpoint: aws.endpoint, region: 'eu-west-1', credentials: { accessKeyId: fakeAwsAccessKeyId(12), secretAccessKey: randomBytes(20).toString('hex') } });
    const before = aws.calls.length;

    await expect(buildCodeBuildStarter(client)(startBuildAction())).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect(aws.calls.length - before).toBe(1);
  });
});

// HttpDeliveryError is what Lambda sees after the last try: the event goes to its retry and on-failure destination.
test('a failed delivery is an HttpDeliveryError', () => {
  expect(new SsrfRefusedError('x')).toBeInstanceOf(HttpDeliveryError);
});

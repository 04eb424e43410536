/**
 * Build hooks end to end through the real pushEvents Lambda entry: the webhook secret comes from
 * SSM and StartBuild goes to CodeBuild, both through the real SDK clients to the wire-level stub;
 * the webhook goes to a real receiver on 127.0.0.1 (allowlisted); alerts go through fauxqs.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { standardWebhookSignature } from '../../shared/hooks/signing';
import { startAwsJsonStub, type AwsJsonStub } from '../support/awsJsonStub';
import { fakeAwsAccessKeyId } from '../support/fakeCredentials';
import { fixture } from '../support/fixtures';
import { tempDir } from '../support/gitRepo';
import { startHttpReceiver, type HttpReceiver } from '../support/httpReceiver';
import { createHeraldTables, type HeraldTables } from '../support/dynamo';
import { lambdaContext, loadHandler } from '../support/lambda';
import { createTopicInbox, snsEndpoint, type TopicInbox } from '../support/snsInbox';

const REGION = 'us-east-2';
const REPOSITORY = 'MyDemoRepo';
const OLD = '3e5983d0c0ffee5b4d1c1bd0a7b2f1e4c9d8a701';
const NEW = '7f0103f0c0ffee5b4d1c1bd0a7b2f1e4c9d8a702';
const CC = 'CodeCommit_20150413';
const START_BUILD = 'CodeBuild_20161006.StartBuild';
const HOOK_SECRET = `whsec_${randomBytes(24).toString('base64')}`;

let aws: AwsJsonStub;
let receiver: HttpReceiver;
let security: TopicInbox;
let work: { dir: string; cleanup: () => void };
let tables: HeraldTables;
let handler: (event: unknown, context: unknown) => Promise<unknown>;
let blob = '';

function push(branch: string) {
  const event = fixture('eventbridge-codecommit-referenceUpdated.json');
  event.region = REGION;
  event.account = '123456789012';
  event.detail = { event: 'referenceUpdated', repositoryName: REPOSITORY, referenceType: 'branch', referenceName: branch, referenceFullName: `refs/heads/${branch}`, commitId: NEW, oldCommitId: OLD };
  return event;
}

beforeAll(async () => {
  aws = await startAwsJsonStub();
  receiver = await startHttpReceiver();
  security = await createTopicInbox('security-hooks', REGION);
  work = tempDir('herald-push-hooks-');
  const config = join(work.dir, 'herald.config.yml');
  writeFileSync(
    config,
    `version: 1
targets: { security: { topic: security, format: email } }
routes: [{ name: pushes, match: { source: [codecommit] }, targets: [security] }]
push: { protectedBranches: [main] }
buildHooks:
  allowHosts: ['127.0.0.1']
  targets:
    deploy: { type: webhook, url: '${receiver.url}/herald', allowHttp: true, secret: 'ssm:/herald/test/hook-secret', maxAttempts: 2 }
    build: { type: codebuild, project: ${REPOSITORY}-ci }
  hooks:
    - { repository: [${REPOSITORY}], branch: [main, 'feature/*'], targets: [build] }
    - { repository: [${REPOSITORY}], branch: [main, 'feature/*'], targets: [deploy], gate: true }
`,
  );
  tables = await createHeraldTables('pushHooks');
  handler = loadHandler('pushEvents', {
    ...tables.env,
    HERALD_CONFIG_PATH: config,
    HERALD_TOPIC_SECURITY: security.topicArn,
    FINGERPRINT_SALT_SECRET: 'ssm:/herald/test/fingerprint-salt',
    AWS_REGION: REGION,
    AWS_ENDPOINT_URL_SNS: snsEndpoint(),
    AWS_ENDPOINT_URL_CODECOMMIT: aws.endpoint,
    AWS_ENDPOINT_URL_SSM: aws.endpoint,
    AWS_ENDPOINT_URL_CODEBUILD: aws.endpoint,
  });
});

afterAll(async () => {
  await aws.close();
  await receiver.close();
  work.cleanup();
});

beforeEach(async () => {
  await tables.clear();
  aws.calls.length = 0;
  receiver.requests.length = 0;
  receiver.reply({ status: 204 });
  aws.on('AmazonSSM.GetParameter', (input) => {
    if (input.Name === '/herald/test/fingerprint-salt') return { body: { Parameter: { Value: 'salt' } } };
    if (input.Name === '/herald/test/hook-secret') return { body: { Parameter: { Value: HOOK_SECRET } } };
    return { error: 'ParameterNotFound', message: 'no such parameter' };
  });
  aws.on(`${CC}.GetDifferences`, () => ({ body: { differences: [{ afterBlob: { blobId: 'blob-1', path: 'config/app.env', mode: '100644' }, changeType: 'A' }] } }));
  aws.on(`${CC}.GetBlob`, () => ({ body: { content: Buffer.from(blob, 'utf8').toString('base64') } }));
  aws.on(START_BUILD, (input) => ({ body: { build: { id: `${String(input.projectName)}:0f0e0d0c-0000-4000-8000-000000000001` } } }));
  await security.purge();
});

const startBuilds = () => aws.calls.filter((call) => call.target === START_BUILD).map((call) => call.input);

describe('build hooks through the pushEvents Lambda', () => {
  it('after a clean analysis: starts the build at the pushed commit and posts the signed webhook', async () => {
    blob = 'PORT=8080\n';

    await handler(push('main'), lambdaContext('push-events'));

    expect(startBuilds()).toEqual([expect.objectContaining({ projectName: `${REPOSITORY}-ci`, sourceVersion: NEW, idempotencyToken: expect.stringMatching(/^herald-[0-9a-f]{48}$/) })]);
    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    expect(request?.headers['webhook-signature']).toBe(standardWebhookSignature(HOOK_SECRET, String(request?.headers['webhook-id']), Number(request?.headers['webhook-timestamp']), request?.body ?? ''));
    expect(JSON.parse(request?.body ?? '{}').data).toMatchObject({ repository: REPOSITORY, branch: 'main', commit: NEW, previousCommit: OLD });
  });

  it('holds the gated webhook back when the push adds a secret, and says so in the security alert', async () => {
    blob = `AWS_ACCESS_KEY_ID=${fakeAwsAccessKeyId(21)}\n`;

    await handler(push('main'), lambdaContext('push-events'));

    expect(startBuilds()).toHaveLength(1);
    expect(receiver.requests).toHaveLength(0);
    const messages = await security.receive();
    expect(messages).toHaveLength(1);
    expect(messages[0]?.message).toContain('Build hooks held back because of blocking findings: deploy');
  });

  it('triggers at once, without analysis, on a branch that is not analysed; a retried event sends nothing, and reuses the ids once its records expired', async () => {
    await handler(push('feature/login'), lambdaContext('push-events'));
    await handler(push('feature/login'), lambdaContext('push-events'));

    expect(aws.calls.filter((call) => call.target.startsWith(CC))).toEqual([]);
    expect(startBuilds()).toHaveLength(1);
    expect(receiver.requests).toHaveLength(1);

    // Past the idempotency records (expired, or lost): the build system still sees the same ids.
    await tables.clear();
    await handler(push('feature/login'), lambdaContext('push-events'));
    const tokens = startBuilds().map((input) => input.idempotencyToken);
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).toBe(tokens[1]);
    const ids = receiver.requests.map((request) => request.headers['webhook-id']);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
  });

  it('fails the invocation when the receiver keeps failing, so Lambda retries and dead-letters the event', async () => {
    receiver.reply({ status: 503 });

    await expect(handler(push('feature/login'), lambdaContext('push-events'))).rejects.toThrow(/build hook deploy: HttpDeliveryError: webhook deploy answered HTTP 503/);
    expect(receiver.requests).toHaveLength(2);
    expect(startBuilds()).toHaveLength(1);
  });
});

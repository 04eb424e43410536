/**
 * End to end through the real pushEvents Lambda entry: real AWS SDK clients talk to a
 * wire-level CodeCommit (and SSM) stub and to fauxqs (SNS→SQS), with the real analysis engine.
 * Credential-shaped values are assembled at run time (tests/support/fakeCredentials.ts).
 */
import { join } from 'node:path';
import { startAwsJsonStub, type AwsJsonStub } from '../support/awsJsonStub';
import { fakeAwsAccessKeyId } from '../support/fakeCredentials';
import { fixture, snsEventWith } from '../support/fixtures';
import { createHeraldTables, type HeraldTables } from '../support/dynamo';
import { lambdaContext, loadHandler } from '../support/lambda';
import { createTopicInbox, snsEndpoint, type InboxMessage, type TopicInbox } from '../support/snsInbox';

const REGION = 'us-east-2';
const REPOSITORY = 'MyDemoRepo';
const OLD = '3e5983d0c0ffee5b4d1c1bd0a7b2f1e4c9d8a701';
const NEW = '7f0103f0c0ffee5b4d1c1bd0a7b2f1e4c9d8a702';
const BASE = '26a8f2e0c0ffee5b4d1c1bd0a7b2f1e4c9d8a703';
const SALT = 'integration-test-salt';
const CC = 'CodeCommit_20150413';

let aws: AwsJsonStub;
let security: TopicInbox;
let handler: (event: unknown, context: unknown) => Promise<unknown>;

/** Blob contents by id; `tooLarge` blobs answer FileTooLargeException. */
const blobs = new Map<string, string>();
const tooLarge = new Set<string>();

function serveBlobs(): void {
  aws.on(`${CC}.GetBlob`, (input) => {
    const id = String(input.blobId);
    if (tooLarge.has(id)) return { error: 'FileTooLargeException', message: 'The specified file exceeds the file size limit for CodeCommit.' };
    const text = blobs.get(id);
    if (text === undefined) return { error: 'BlobIdDoesNotExistException', message: `no blob ${id}` };
    return { body: { content: Buffer.from(text, 'utf8').toString('base64') } };
  });
}

const added = (path: string, blobId: string, mode = '100644') => ({ afterBlob: { blobId, path, mode }, changeType: 'A' });

/** GetDifferences in three pages, chained by NextToken. */
function serveDifferences(pages: readonly unknown[][]): void {
  aws.on(`${CC}.GetDifferences`, (input) => {
    const token = typeof input.NextToken === 'string' ? input.NextToken : 'page-0';
    const index = Number(token.replace('page-', ''));
    const differences = pages[index] ?? [];
    return { body: { differences, ...(index + 1 < pages.length ? { NextToken: `page-${index + 1}` } : {}) } };
  });
}

function calls(operation: string) {
  return aws.calls.filter((call) => call.target === `${CC}.${operation}`).map((call) => call.input);
}

function referenceUpdated(overrides: Record<string, unknown> = {}) {
  const event = fixture('eventbridge-codecommit-referenceUpdated.json');
  event.detail = {
    event: 'referenceUpdated',
    repositoryName: REPOSITORY,
    referenceType: 'branch',
    referenceName: 'main',
    referenceFullName: 'refs/heads/main',
    commitId: NEW,
    oldCommitId: OLD,
    callerUserArn: 'arn:aws:sts::123456789012:assumed-role/Dev/Jane',
    ...overrides,
  };
  return event;
}

let tables: HeraldTables;

beforeAll(async () => {
  tables = await createHeraldTables('pushEvents');
  aws = await startAwsJsonStub();
  security = await createTopicInbox('security', REGION);
  handler = loadHandler('pushEvents', {
    ...tables.env,
    HERALD_CONFIG_PATH: join(__dirname, '..', 'fixtures', 'config', 'push-security.yml'),
    HERALD_TOPIC_SECURITY: security.topicArn,
    FINGERPRINT_SALT_SECRET: 'ssm:/herald/test/fingerprint-salt',
    AWS_REGION: REGION,
    AWS_ENDPOINT_URL_SNS: snsEndpoint(),
    AWS_ENDPOINT_URL_CODECOMMIT: aws.endpoint,
    AWS_ENDPOINT_URL_SSM: aws.endpoint,
  });
});

afterAll(async () => {
  await aws.close();
});

beforeEach(async () => {
  await tables.clear();
  aws.calls.length = 0;
  blobs.clear();
  tooLarge.clear();
  serveBlobs();
  aws.on('AmazonSSM.GetParameter', (input) =>
    input.Name === '/herald/test/fingerprint-salt' ? { body: { Parameter: { Value: SALT } } } : { error: 'ParameterNotFound', message: 'no such parameter' },
  );
  aws.on(`${CC}.GetMergeOptions`, () => ({ body: { mergeOptions: ['FAST_FORWARD_MERGE'], sourceCommitId: NEW, destinationCommitId: OLD, baseCommitId: OLD } }));
  aws.on(`${CC}.PostCommentForComparedCommit`, () => ({ body: { repositoryName: REPOSITORY, afterCommitId: NEW } }));
  await security.purge();
});

describe('push analysis through the pushEvents Lambda', () => {
  it('finds a fake AWS key in a multi-page push: one masked security alert, one comment, the secret nowhere', async () => {
    const key = fakeAwsAccessKeyId(2);
    blobs.set('blob-app', 'export const port = 8080;\n');
    blobs.set('blob-env', `REGION=us-east-2\nAWS_ACCESS_KEY_ID=${key}\n`);
    blobs.set('blob-readme-old', '# Demo\n\nSetup.\n');
    blobs.set('blob-readme-new', '# Demo\n\nSetup.\n\nRun `npm start`.\n');
    blobs.set('blob-test', 'it("works", () => undefined);\n');
    tooLarge.add('blob-dump');
    serveDifferences([
      [added('src/app.ts', 'blob-app'), added('config/prod.env', 'blob-env')],
      [
        { beforeBlob: { blobId: 'blob-readme-old', path: 'README.md', mode: '100644' }, afterBlob: { blobId: 'blob-readme-new', path: 'README.md', mode: '100644' }, changeType: 'M' },
        { beforeBlob: { blobId: 'blob-gone', path: 'old.txt', mode: '100644' }, changeType: 'D' },
      ],
      [added('data/dump.sql', 'blob-dump'), added('vendor/lib', 'commit-sub', '160000'), added('test/app.test.ts', 'blob-test')],
    ]);

    await handler(referenceUpdated(), lambdaContext('push-events'));

    // Paging followed NextToken (capital N) through all three pages of the old..new diff.
    expect(calls('GetDifferences')).toEqual([
      { repositoryName: REPOSITORY, beforeCommitSpecifier: OLD, afterCommitSpecifier: NEW },
      { repositoryName: REPOSITORY, beforeCommitSpecifier: OLD, afterCommitSpecifier: NEW, NextToken: 'page-1' },
      { repositoryName: REPOSITORY, beforeCommitSpecifier: OLD, afterCommitSpecifier: NEW, NextToken: 'page-2' },
    ]);
    // Deleted files and submodules are never read; the modified file's old version is (for its added lines).
    expect(calls('GetBlob').map((input) => input.blobId).sort()).toEqual(['blob-app', 'blob-dump', 'blob-env', 'blob-readme-new', 'blob-readme-old', 'blob-test']);

    const messages: InboxMessage[] = await security.receive();
    expect(messages).toHaveLength(1);
    const [alert] = messages;
    expect(alert?.subject).toMatch(/^\[(CRITICAL|HIGH)\] 1 secret pushed to MyDemoRepo\/main in us-east-2$/);
    expect(alert?.attributes).toMatchObject({ eventType: 'push.findings', repository: REPOSITORY, branch: 'main', account: '123456789012' });
    expect(alert?.message).toContain('config/prod.env:2');
    // The masked preview: a few characters of each end, stars between.
    expect(alert?.message).toMatch(/AWS access key id \(blocking\): AK[A-Z0-9]{0,3}\*{8,}[A-Z0-9]{0,4}\n/);
    expect(alert?.message).toMatch(/Not scanned \(too large\): 1 file: data\/dump\.sql/);
    expect(alert?.message).toMatch(/Not scanned \(submodule\): 1 file: vendor\/lib/);

    const [comment, ...moreComments] = calls('PostCommentForComparedCommit');
    expect(moreComments).toEqual([]);
    expect(comment).toMatchObject({
      repositoryName: REPOSITORY,
      beforeCommitId: OLD,
      afterCommitId: NEW,
      location: { filePath: 'config/prod.env', filePosition: 2, relativeFileVersion: 'AFTER' },
      clientRequestToken: expect.stringMatching(/^herald-[0-9a-f]{48}$/),
    });

    // The secret is in no SNS message, subject or attribute, and in no request Herald made.
    expect(JSON.stringify(messages)).not.toContain(key);
    expect(JSON.stringify(aws.calls.filter((call) => call.target !== `${CC}.GetBlob`))).not.toContain(key);
  });

  it('comments with the same token when the same event is retried', async () => {
    blobs.set('blob-env', `AWS_ACCESS_KEY_ID=${fakeAwsAccessKeyId(3)}\n`);
    serveDifferences([[added('.env', 'blob-env')]]);

    await handler(referenceUpdated(), lambdaContext('push-events'));
    await handler(referenceUpdated(), lambdaContext('push-events'));

    const tokens = calls('PostCommentForComparedCommit').map((input) => input.clientRequestToken);
    // Each run comments every finding (the key, and `.env` itself), with the same tokens both times.
    expect(tokens.length).toBeGreaterThanOrEqual(2);
    expect(tokens.slice(tokens.length / 2)).toEqual(tokens.slice(0, tokens.length / 2));
    expect(new Set(tokens).size).toBe(tokens.length / 2);
  });

  it('analyses a force push from the merge base and says so', async () => {
    aws.on(`${CC}.GetMergeOptions`, () => ({ body: { mergeOptions: ['THREE_WAY_MERGE'], sourceCommitId: NEW, destinationCommitId: OLD, baseCommitId: BASE } }));
    blobs.set('blob-env', `AWS_ACCESS_KEY_ID=${fakeAwsAccessKeyId(4)}\n`);
    serveDifferences([[added('.env', 'blob-env')]]);

    await handler(referenceUpdated(), lambdaContext('push-events'));

    expect(calls('GetMergeOptions')).toEqual([{ repositoryName: REPOSITORY, sourceCommitSpecifier: NEW, destinationCommitSpecifier: OLD }]);
    expect(calls('GetDifferences')[0]).toMatchObject({ beforeCommitSpecifier: BASE, afterCommitSpecifier: NEW });
    const [alert] = await security.receive();
    expect(alert?.message).toMatch(/Force push/);
  });

  it('analyses a new branch from its merge base with the default branch', async () => {
    aws.on(`${CC}.GetRepository`, () => ({ body: { repositoryMetadata: { repositoryName: REPOSITORY, defaultBranch: 'main' } } }));
    aws.on(`${CC}.GetBranch`, () => ({ body: { branch: { branchName: 'main', commitId: OLD } } }));
    aws.on(`${CC}.GetMergeOptions`, () => ({ body: { mergeOptions: ['FAST_FORWARD_MERGE'], sourceCommitId: NEW, destinationCommitId: OLD, baseCommitId: OLD } }));
    serveDifferences([[]]);
    const event = referenceUpdated({ event: 'referenceCreated', referenceName: 'release/2', referenceFullName: 'refs/heads/release/2' });
    delete event.detail.oldCommitId;

    await handler(event, lambdaContext('push-events'));

    expect(calls('GetBranch')).toEqual([{ repositoryName: REPOSITORY, branchName: 'main' }]);
    expect(calls('GetDifferences')).toEqual([{ repositoryName: REPOSITORY, beforeCommitSpecifier: OLD, afterCommitSpecifier: NEW }]);
    expect(await security.receive()).toEqual([]);
  });

  it('analyses a trigger push (new tip only) against the first parent, delivered through SNS too', async () => {
    aws.on(`${CC}.GetCommit`, () => ({ body: { commit: { commitId: NEW, parents: [BASE] } } }));
    serveDifferences([[]]);
    const trigger = fixture('codecommit-trigger-push.json');
    trigger.Records[0].eventSourceARN = `arn:aws:codecommit:${REGION}:123456789012:${REPOSITORY}`;
    trigger.Records[0].codecommit.references = [{ commit: NEW, ref: 'refs/heads/main' }];

    await handler(snsEventWith(trigger), lambdaContext('push-events'));

    expect(calls('GetCommit')).toEqual([{ repositoryName: REPOSITORY, commitId: NEW }]);
    expect(calls('GetDifferences')).toEqual([{ repositoryName: REPOSITORY, beforeCommitSpecifier: BASE, afterCommitSpecifier: NEW }]);
  });

  it('analyses a trigger push from the last commit Herald analysed on the branch, when one is recorded', async () => {
    const NEWER = '9a9b9c9d0c0ffee5b4d1c1bd0a7b2f1e4c9d8a704';
    serveDifferences([[]]);
    // An EventBridge update analysed OLD..NEW and recorded NEW for MyDemoRepo/main.
    await handler(referenceUpdated(), lambdaContext('push-events'));
    aws.calls.length = 0;
    aws.on(`${CC}.GetMergeOptions`, () => ({ body: { mergeOptions: ['FAST_FORWARD_MERGE'], sourceCommitId: NEWER, destinationCommitId: NEW, baseCommitId: NEW } }));
    const trigger = fixture('codecommit-trigger-push.json');
    trigger.Records[0].eventSourceARN = `arn:aws:codecommit:${REGION}:123456789012:${REPOSITORY}`;
    trigger.Records[0].eventTime = '2099-01-01T00:00:00.000+0000';
    trigger.Records[0].codecommit.references = [{ commit: NEWER, ref: 'refs/heads/main' }];

    await handler(trigger, lambdaContext('push-events'));

    expect(calls('GetCommit')).toEqual([]);
    expect(calls('GetDifferences')).toEqual([{ repositoryName: REPOSITORY, beforeCommitSpecifier: NEW, afterCommitSpecifier: NEWER }]);
  });

  it('answers a TriggerEventTest without calling anything', async () => {
    await handler(fixture('codecommit-trigger-test-event-with-customData.json'), lambdaContext('push-events'));

    expect(aws.calls).toEqual([]);
    expect(await security.receive()).toEqual([]);
  });

  it('does nothing for a deleted branch', async () => {
    const event = fixture('eventbridge-codecommit-referenceDeleted.json');
    event.detail.referenceName = 'main';
    event.detail.referenceFullName = 'refs/heads/main';

    await handler(event, lambdaContext('push-events'));

    expect(aws.calls).toEqual([]);
    expect(await security.receive()).toEqual([]);
  });

  it('ignores pushes to unprotected branches without calling CodeCommit', async () => {
    await handler(referenceUpdated({ referenceName: 'feature/x', referenceFullName: 'refs/heads/feature/x' }), lambdaContext('push-events'));

    expect(aws.calls).toEqual([]);
  });

  it('fails the invocation when a blob cannot be read, rather than calling the push clean', async () => {
    serveDifferences([[added('src/a.ts', 'blob-missing')]]);

    await expect(handler(referenceUpdated(), lambdaContext('push-events'))).rejects.toMatchObject({ name: 'BlobIdDoesNotExistException' });
    expect(await security.receive()).toEqual([]);
  });

  it('rejects a pipeline event as unsupported, naming the function that handles it', async () => {
    await expect(handler(fixture('codepipeline-pipeline-execution-failed.json'), lambdaContext('push-events'))).rejects.toMatchObject({
      name: 'UnsupportedEventError',
      message: expect.stringContaining('pipelineAlerts'),
    });
    expect(aws.calls).toEqual([]);
  });
});

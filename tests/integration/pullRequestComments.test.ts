/**
 * A pull request driven end to end through the real repositoryActivity Lambda entry: a real
 * git repository is the source of truth behind a wire-level CodeCommit stub, spoken to by the
 * real SDK client and adapter; SNS is fauxqs. The pull request is created, then its source
 * branch is pushed twice: once adding a secret, once removing it. Each time the comments Herald
 * posts come from the real analysis of the repository.
 */
import { join } from 'node:path';
import { startAwsJsonStub, type AwsJsonStub } from '../support/awsJsonStub';
import { serveCodeCommitFromGit, type CodeCommitGit, type PostedComment } from '../support/codeCommitGit';
import { fakeAwsAccessKeyId } from '../support/fakeCredentials';
import { fixture } from '../support/fixtures';
import { createHeraldTables } from '../support/dynamo';
import { GitRepo } from '../support/gitRepo';
import { lambdaContext, loadHandler } from '../support/lambda';
import { createTopicInbox, snsEndpoint, type TopicInbox } from '../support/snsInbox';

const REGION = 'us-east-2';
const REPOSITORY = 'herald-demo';
const PR = '7';

let aws: AwsJsonStub;
let security: TopicInbox;
let repo: GitRepo;
let codecommit: CodeCommitGit;
let handler: (event: unknown, context: unknown) => Promise<unknown>;

function pullRequestEvent(name: 'pullRequestCreated' | 'pullRequestSourceBranchUpdated', id: string) {
  const event = fixture(`eventbridge-codecommit-${name}.json`);
  event.id = id;
  event.region = REGION;
  event.detail = {
    ...event.detail,
    repositoryNames: [REPOSITORY],
    pullRequestId: PR,
    title: 'Add the billing client',
    sourceReference: 'refs/heads/feature',
    sourceCommit: repo.git('rev-parse', 'feature'),
    destinationReference: 'refs/heads/main',
    destinationCommit: repo.git('rev-parse', 'main'),
  };
  return event;
}

function findingComments(comments: readonly PostedComment[]): PostedComment[] {
  return comments.filter((comment) => comment.location !== undefined);
}

function summaries(comments: readonly PostedComment[]): PostedComment[] {
  return comments.filter((comment) => comment.location === undefined);
}

beforeAll(async () => {
  aws = await startAwsJsonStub();
  security = await createTopicInbox('pr-security', REGION);
  repo = GitRepo.init();
  repo.commit('initial', { 'README.md': '# Demo\n', 'src/app.ts': 'export const port = 8080;\n' });
  repo.checkout('-b', 'feature');
  repo.commit('billing client', { 'src/billing.ts': 'export function bill(amount: number): number {\n  return amount;\n}\n' });
  // main moves on after the branch point: the analysis must start at the merge base.
  repo.checkout('main');
  repo.commit('docs', { 'docs/usage.md': 'Run it.\n' });
  repo.checkout('feature');
  codecommit = serveCodeCommitFromGit(aws, repo, REPOSITORY);
  codecommit.pullRequests.set(PR, { id: PR, sourceBranch: 'feature', destinationBranch: 'main', status: 'OPEN' });
  aws.on('AmazonSSM.GetParameter', () => ({ body: { Parameter: { Value: 'pull-request-test-salt' } } }));
  const tables = await createHeraldTables('repositoryActivity');
  handler = loadHandler('repositoryActivity', {
    ...tables.env,
    HERALD_CONFIG_PATH: join(__dirname, '..', 'fixtures', 'config', 'pull-requests.yml'),
    HERALD_TOPIC_SECURITY: security.topicArn,
    AWS_LAMBDA_FUNCTION_NAME: 'herald-test-repositoryActivity',
    FINGERPRINT_SALT_SECRET: 'ssm:/herald/test/fingerprint-salt',
    AWS_REGION: REGION,
    AWS_ENDPOINT_URL_SNS: snsEndpoint(),
    AWS_ENDPOINT_URL_CODECOMMIT: aws.endpoint,
    AWS_ENDPOINT_URL_SSM: aws.endpoint,
  });
});

afterAll(async () => {
  await aws.close();
  repo.cleanup();
});

describe('a pull request analysed and commented through the repositoryActivity Lambda', () => {
  const key = fakeAwsAccessKeyId(7);

  it('runs the whole story: clean on creation, the secret commented once, then marked fixed, nothing repeated', async () => {
    // 1. Created, clean: an alert, no comment (Herald has nothing to say yet).
    await handler(pullRequestEvent('pullRequestCreated', 'evt-created'), lambdaContext('repository-activity'));
    expect(codecommit.posted).toEqual([]);
    const [created, ...moreCreated] = await security.receive();
    expect(moreCreated).toEqual([]);
    expect(created?.attributes).toMatchObject({ eventType: 'pull-request.created', severity: 'info', repository: REPOSITORY, branch: 'main' });
    // The merge base, not main's tip: main's own later commit (docs/usage.md) is not the pull request's.
    const differences = aws.calls.filter((call) => call.target.endsWith('.GetDifferences'));
    expect(differences[0]?.input).toMatchObject({ beforeCommitSpecifier: repo.git('merge-base', 'main', 'feature'), afterCommitSpecifier: repo.git('rev-parse', 'feature') });

    // 2. A push adding a secret: one comment at its file and line, then a summary.
    repo.commit('configure billing', { 'src/billing.ts': `export function bill(amount: number): number {\n  return amount;\n}\nexport const accessKeyId = '${key}';\n` });
    const afterSecret = pullRequestEvent('pullRequestSourceBranchUpdated', 'evt-push-1');
    await handler(afterSecret, lambdaContext('repository-activity'));
    const secretComments = findingComments(codecommit.posted);
    expect(secretComments.map((comment) => comment.location)).toContainEqual({ filePath: 'src/billing.ts', filePosition: 4, relativeFileVersion: 'AFTER' });
    for (const comment of secretComments) {
      expect(comment).toMatchObject({ pullRequestId: PR, beforeCommitId: repo.git('rev-parse', 'main'), afterCommitId: repo.git('rev-parse', 'feature') });
    }
    expect(summaries(codecommit.posted)).toHaveLength(1);
    expect(summaries(codecommit.posted)[0]?.content).toContain(`**${secretComments.length} open finding`);
    const [pushed] = await security.receive();
    expect(pushed?.attributes).toMatchObject({ eventType: 'pull-request.source-updated', severity: 'critical' });
    expect(pushed?.message).toContain('src/billing.ts:4');

    // 3. The same event again (an EventBridge retry): Herald reads its own comments and posts nothing.
    const postedBefore = codecommit.posted.length;
    await handler(afterSecret, lambdaContext('repository-activity'));
    expect(codecommit.posted).toHaveLength(postedBefore);
    await security.receive();

    // 4. A push removing the secret: no finding comment, a new summary marking it fixed.
    repo.commit('read the key from the environment', { 'src/billing.ts': 'export function bill(amount: number): number {\n  return amount;\n}\nexport const accessKeyId = process.env.BILLING_KEY_ID;\n' });
    await handler(pullRequestEvent('pullRequestSourceBranchUpdated', 'evt-push-2'), lambdaContext('repository-activity'));
    expect(findingComments(codecommit.posted)).toEqual(secretComments);
    const [firstSummary, fixedSummary, ...moreSummaries] = summaries(codecommit.posted);
    expect(moreSummaries).toEqual([]);
    expect(fixedSummary?.content).toContain('**No open findings.**');
    expect(fixedSummary?.content).toContain('~~aws-access-key-id in `src/billing.ts` line 4~~ fixed');
    expect(fixedSummary?.afterCommitId).toBe(repo.git('rev-parse', 'feature'));
    expect(fixedSummary?.commentId).not.toBe(firstSummary?.commentId);

    // Nothing was ever said twice, and the secret itself never left the repository.
    expect(new Set(codecommit.posted.map((comment) => comment.clientRequestToken)).size).toBe(codecommit.posted.length);
    expect(JSON.stringify(codecommit.posted)).not.toContain(key);
    expect(JSON.stringify(aws.calls.filter((call) => call.target.endsWith('PostCommentForPullRequest')))).not.toContain(key);
    const [fixedAlert] = await security.receive();
    expect(fixedAlert?.attributes).toMatchObject({ eventType: 'pull-request.source-updated', severity: 'info' });
    expect(fixedAlert?.message).toContain('Fixed: aws-access-key-id at src/billing.ts:4');
    // Four Lambda runs with real git and SNS; the shared machine can be slow.
  }, 60_000);

  it('routes a comment event without reading CodeCommit', async () => {
    const before = aws.calls.length;
    await handler(fixture('eventbridge-codecommit-commentOnPullRequestCreated.json'), lambdaContext('repository-activity'));
    expect(aws.calls.slice(before).filter((call) => call.target.startsWith('CodeCommit'))).toEqual([]);
    const [comment] = await security.receive();
    expect(comment?.attributes).toMatchObject({ eventType: 'comment.created', repository: 'MyDemoRepo' });
  });

  it("does not alert on Herald's own comments (their caller is the function's role session)", async () => {
    const own = fixture('eventbridge-codecommit-commentOnPullRequestCreated.json');
    own.id = 'own-comment-1';
    own.detail = { ...own.detail, callerUserArn: 'arn:aws:sts::123456789012:assumed-role/herald-test-repository-activity/herald-test-repositoryActivity' };
    const someoneElse = { ...own, id: 'other-comment-1', detail: { ...own.detail, callerUserArn: 'arn:aws:sts::123456789012:assumed-role/developers/herald-test-repositoryActivity-not' } };

    await handler(own, lambdaContext('repository-activity'));
    await handler(someoneElse, lambdaContext('repository-activity'));

    expect((await security.receive()).map((message) => message.attributes.eventType)).toEqual(['comment.created']);
  });

  it('rejects a push handed to it, before doing anything', async () => {
    await expect(handler(fixture('eventbridge-codecommit-referenceUpdated.json'), lambdaContext('repository-activity'))).rejects.toMatchObject({ name: 'UnsupportedEventError' });
  });
});

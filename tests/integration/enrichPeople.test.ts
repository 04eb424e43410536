/**
 * Enrichment for people and other accounts, through the real SDK clients against the wire-level
 * stub: an approval's comment and reviewer (ListActionExecutions), the commit's author
 * (GetPipelineExecution → CodeCommit GetCommit), and STS AssumeRole credentials cached per role.
 */
import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { CodeCommitClient } from '@aws-sdk/client-codecommit';
import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { buildRoleCredentials } from '../../shared/adapters/aws/assumeRole';
import { buildEnricher, codeCommitRepositoryOf } from '../../shared/adapters/aws/enrich';
import type { EnrichPipelineAction } from '../../shared/plan/actions';
import { startAwsJsonStub, type AwsJsonStub } from '../support/awsJsonStub';
import { fakeAwsAccessKeyId } from '../support/fakeCredentials';

let aws: AwsJsonStub;

beforeEach(async () => {
  aws = await startAwsJsonStub();
});
afterEach(() => aws.close());

function clients() {
  const config = { endpoint: aws.endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 };
  return { codepipeline: new CodePipelineClient(config), codebuild: new CodeBuildClient(config), codecommit: new CodeCommitClient(config) };
}

const COMMIT = 'c'.repeat(40);
const action: EnrichPipelineAction = { type: 'codepipeline.enrich', pipeline: 'release-api', executionId: 'exec-1', account: '333333333333', region: 'eu-west-1' };

function stubExecution(): void {
  aws.on('CodePipeline_20150709.GetPipelineExecution', () => ({
    body: {
      pipelineExecution: {
        artifactRevisions: [{ name: 'Source', revisionId: COMMIT, revisionSummary: 'Fix the thing', revisionUrl: `https://eu-west-1.console.aws.amazon.com/codecommit/home#/repository/api/commit/${COMMIT}` }],
      },
    },
  }));
  aws.on('CodePipeline_20150709.ListActionExecutions', () => ({
    body: {
      actionExecutionDetails: [
        {
          stageName: 'Approve',
          actionName: 'ManualApproval',
          status: 'Failed',
          updatedBy: 'arn:aws:sts::333333333333:assumed-role/Releaser/jane',
          input: { actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' } },
          output: { executionResult: { externalExecutionSummary: 'Rejected: the migration is missing' } },
        },
      ],
    },
  }));
}

describe('pipeline enrichment for people', () => {
  it("reads an approval's comment and reviewer, and the commit's author from CodeCommit when asked", async () => {
    stubExecution();
    aws.on('CodeCommit_20150413.GetCommit', () => ({ body: { commit: { commitId: COMMIT, author: { name: 'Jane <!here>', email: 'jane.doe@users.example.com' } } } }));
    const enrich = buildEnricher(clients(), { timeoutMs: 2000 });

    const facts = await enrich({ ...action, commitAuthor: true, approval: { stage: 'Approve', action: 'ManualApproval' } });

    expect(facts.approval).toEqual({ comment: 'Rejected: the migration is missing', reviewer: 'arn:aws:sts::333333333333:assumed-role/Releaser/jane', status: 'Failed' });
    expect(facts.revision).toMatchObject({ commitId: COMMIT, repository: 'api', author: 'Jane <!here>', authorEmail: 'jane.doe@users.example.com' });
    expect(aws.calls.find((call) => call.target === 'CodeCommit_20150413.GetCommit')?.input).toEqual({ repositoryName: 'api', commitId: COMMIT });
    expect(facts.notes).toEqual([]);
  });

  it('does not call CodeCommit unless the config has people to map authors to', async () => {
    stubExecution();
    const facts = await buildEnricher(clients(), { timeoutMs: 2000 })(action);

    expect(aws.calls.map((call) => call.target)).not.toContain('CodeCommit_20150413.GetCommit');
    expect(facts.revision).not.toHaveProperty('authorEmail');
  });

  it('turns a refused GetCommit into a note and keeps the rest', async () => {
    stubExecution();
    aws.on('CodeCommit_20150413.GetCommit', () => ({ error: 'AccessDeniedException', message: 'not allowed' }));
    const facts = await buildEnricher(clients(), { timeoutMs: 2000 })({ ...action, commitAuthor: true });

    expect(facts.revision?.commitId).toBe(COMMIT);
    expect(facts.notes).toEqual([expect.stringMatching(/^Commit author unavailable: CodeCommit GetCommit failed \(AccessDeniedException/)]);
  });

  it('reads the repository of both CodeCommit console URL forms', () => {
    expect(codeCommitRepositoryOf(`https://eu-west-1.console.aws.amazon.com/codesuite/codecommit/repositories/my%20repo/commit/${COMMIT}?region=eu-west-1`)).toBe('my repo');
    expect(codeCommitRepositoryOf('https://github.com/o/r/commit/abc')).toBeUndefined();
  });
});

describe('another account', () => {
  const roleArn = 'arn:aws:iam::111111111111:role/HeraldRead';

  it('assumes its role once and reuses the credentials until shortly before they expire', async () => {
    const sts = mockClient(STSClient);
    let now = Date.parse('2026-11-27T10:00:00Z');
    sts.on(AssumeRoleCommand).callsFake(() => ({
      Credentials: { AccessKeyId: fakeAwsAccessKeyId(sts.calls().length), SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date(now + 60 * 60 * 1000) },
    }));
    const credentials = buildRoleCredentials(new STSClient({ region: 'eu-west-1' }), { sessionName: 'herald-enrichment', now: () => now });

    const first = await credentials(roleArn);
    now += 30 * 60 * 1000;
    const again = await credentials(roleArn);
    now += 26 * 60 * 1000; // within five minutes of expiry: renewed
    const renewed = await credentials(roleArn);

    expect(again).toBe(first);
    expect(renewed.accessKeyId).not.toBe(first.accessKeyId);
    expect(sts.commandCalls(AssumeRoleCommand).map((call) => call.args[0].input)).toEqual([
      { RoleArn: roleArn, RoleSessionName: 'herald-enrichment', DurationSeconds: 3600 },
      { RoleArn: roleArn, RoleSessionName: 'herald-enrichment', DurationSeconds: 3600 },
    ]);
    sts.restore();
  });

  it('sends the alert with one note when the role cannot be assumed, without calling the account', async () => {
    const sts = mockClient(STSClient);
    sts.on(AssumeRoleCommand).rejects(Object.assign(new Error('not authorized to perform sts:AssumeRole'), { name: 'AccessDenied' }));
    const roleCredentials = buildRoleCredentials(new STSClient({ region: 'eu-west-1' }), { sessionName: 'herald-enrichment' });
    const enrich = buildEnricher(clients(), { timeoutMs: 2000, roleCredentials });

    const facts = await enrich({ ...action, account: '111111111111', roleArn });

    expect(facts).toEqual({ notes: [`Not enriched: could not assume ${roleArn} in account 111111111111 (AccessDenied: not authorized to perform sts:AssumeRole).`] });
    expect(aws.calls).toEqual([]);
    sts.restore();
  });
});

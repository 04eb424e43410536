/**
 * Packages the stack with osls exactly as a deploy would (offline, dummy credentials), checks
 * the CloudFormation template for least privilege, failure destinations, encryption and the
 * absence of secrets, then runs the packaged zips themselves against local stand-ins.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAwsJsonStub } from '../support/awsJsonStub';
import { fakeAwsAccessKeyId } from '../support/fakeCredentials';
import { fixture, snsEventWith } from '../support/fixtures';
import { startHttpReceiver } from '../support/httpReceiver';
import { createHeraldTables } from '../support/dynamo';
import { createTopicInbox, snsEndpoint } from '../support/snsInbox';
import { unzip } from '../support/unzip';

const ROOT = join(__dirname, '..', '..');
let outDir: string;
let resources: Record<string, { Type: string; Properties?: any; Condition?: string }>;

function ofType(type: string) {
  return Object.entries(resources).filter(([, resource]) => resource.Type === type);
}

/** Every action string in a role's inline policies. */
function roleActions(roleId: string): string[] {
  const policies: any[] = resources[roleId]?.Properties?.Policies ?? [];
  return policies.flatMap((policy) => policy.PolicyDocument.Statement.flatMap((statement: any) => [statement.Action].flat()));
}

function roleStatements(roleId: string): any[] {
  const policies: any[] = resources[roleId]?.Properties?.Policies ?? [];
  return policies.flatMap((policy) => policy.PolicyDocument.Statement);
}

beforeAll(() => {
  outDir = mkdtempSync(join(tmpdir(), 'herald-package-'));
  execFileSync(join(ROOT, 'node_modules', '.bin', 'serverless'), ['package', '--package', outDir], {
    cwd: ROOT,
    env: { ...process.env, AWS_ACCESS_KEY_ID: 'offline', AWS_SECRET_ACCESS_KEY: 'offline', SLS_TELEMETRY_DISABLED: '1' },
    stdio: 'pipe',
  });
  resources = JSON.parse(readFileSync(join(outDir, 'cloudformation-template-update-stack.json'), 'utf8')).Resources;
});

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const EXPECTED_ACTIONS: Record<string, string[]> = {
  PipelineAlertsLambdaFunction: [
    'codebuild:BatchGetBuilds',
    'codepipeline:GetPipelineExecution',
    'codepipeline:ListActionExecutions',
    'dynamodb:DeleteItem',
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'kms:Decrypt',
    'kms:GenerateDataKey',
    'logs:CreateLogGroup',
    'logs:CreateLogStream',
    'logs:PutLogEvents',
    'sns:Publish',
    'sqs:SendMessage',
  ],
  SlackDeliveryLambdaFunction: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'sqs:SendMessage', 'ssm:GetParameter'],
  PushEventsLambdaFunction: [
    'codecommit:GetBlob',
    'codecommit:GetBranch',
    'codecommit:GetCommit',
    'codecommit:GetDifferences',
    'codecommit:GetMergeOptions',
    'codecommit:GetRepository',
    'codecommit:PostCommentForComparedCommit',
    'dynamodb:DeleteItem',
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'kms:Decrypt',
    'kms:GenerateDataKey',
    'logs:CreateLogGroup',
    'logs:CreateLogStream',
    'logs:PutLogEvents',
    'sns:Publish',
    'sqs:SendMessage',
    'ssm:GetParameter',
  ],
};

const FUNCTIONS = ['pipelineAlerts', 'slackDelivery', 'pushEvents'] as const;

describe('packaged CloudFormation template', () => {
  it('runs each function on Node 22 arm64 with its own role holding only the actions it uses', () => {
    const functions = ofType('AWS::Lambda::Function');
    expect(functions.map(([id]) => id).sort()).toEqual(Object.keys(EXPECTED_ACTIONS).sort());
    const roles = new Set<string>();
    for (const [id, fn] of functions) {
      expect(fn.Properties.Runtime).toMatch(/^nodejs(22|24)\.x$/);
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      const roleId: string = fn.Properties.Role['Fn::GetAtt'][0];
      roles.add(roleId);
      expect(roleId).not.toBe('IamRoleLambdaExecution');
      expect([...new Set(roleActions(roleId))].sort()).toEqual(EXPECTED_ACTIONS[id]);
      for (const statement of roleStatements(roleId)) {
        for (const action of [statement.Action].flat()) expect(action).not.toMatch(/\*/);
        for (const resource of [statement.Resource].flat()) expect(resource).not.toBe('*');
      }
    }
    expect(roles.size).toBe(functions.length);
    // The framework's shared role would be attached to nothing: it must not be created.
    expect(resources.IamRoleLambdaExecution?.Condition ?? 'absent').toMatch(/^(Never|absent)$/);
  });

  it('gives every asynchronously invoked function an SQS on-failure destination', () => {
    const invokeConfigs = ofType('AWS::Lambda::EventInvokeConfig');
    const queueArn = { 'Fn::GetAtt': ['FailureQueue', 'Arn'] };
    for (const functionId of Object.keys(EXPECTED_ACTIONS)) {
      const config = invokeConfigs.find(([, resource]) => resource.Properties.FunctionName.Ref === functionId);
      expect(config?.[1].Properties.DestinationConfig.OnFailure.Destination).toEqual(queueArn);
    }
    expect(resources.FailureQueue?.Type).toBe('AWS::SQS::Queue');
  });

  it('dead-letters what EventBridge rules and SNS subscriptions cannot deliver', () => {
    for (const [, rule] of ofType('AWS::Events::Rule')) {
      for (const target of rule.Properties.Targets) {
        expect(target.DeadLetterConfig.Arn).toEqual({ 'Fn::GetAtt': ['FailureQueue', 'Arn'] });
        expect(target.RetryPolicy.MaximumRetryAttempts).toBeGreaterThan(0);
      }
    }
    const subscriptions = ofType('AWS::SNS::Subscription');
    expect(subscriptions.length).toBeGreaterThan(0);
    for (const [, subscription] of subscriptions) {
      expect(subscription.Properties.RedrivePolicy.deadLetterTargetArn).toEqual({ 'Fn::GetAtt': ['FailureQueue', 'Arn'] });
    }
    // Queue policies on one queue replace each other: there must be exactly one.
    expect(ofType('AWS::SQS::QueuePolicy')).toHaveLength(1);
  });

  it('encrypts every SNS topic with KMS', () => {
    const topics = ofType('AWS::SNS::Topic');
    expect(topics.length).toBeGreaterThanOrEqual(4);
    for (const [, topic] of topics) expect(topic.Properties.KmsMasterKeyId).toEqual({ Ref: 'HeraldKey' });
  });

  it('keeps idempotency records in a TTL table and state in another, each role reaching exactly the tables it uses', () => {
    expect(resources.IdempotencyTable?.Properties.TimeToLiveSpecification).toEqual({ AttributeName: 'expiration', Enabled: true });
    expect(resources.StateTable?.Type).toBe('AWS::DynamoDB::Table');
    const tablesOf = (functionId: string) => {
      const roleId: string = resources[functionId]?.Properties.Role['Fn::GetAtt'][0];
      return roleStatements(roleId)
        .filter((statement) => [statement.Action].flat().some((action: string) => action.startsWith('dynamodb:')))
        .map((statement) => ({ actions: [statement.Action].flat().sort(), resources: [statement.Resource].flat() }));
    };
    const idempotency = { actions: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], resources: [{ 'Fn::GetAtt': ['IdempotencyTable', 'Arn'] }] };
    const state = { actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], resources: [{ 'Fn::GetAtt': ['StateTable', 'Arn'] }] };
    expect(tablesOf('PipelineAlertsLambdaFunction')).toEqual([idempotency, state]);
    expect(tablesOf('PushEventsLambdaFunction')).toEqual([idempotency, state]);
    expect(tablesOf('SlackDeliveryLambdaFunction')).toEqual([idempotency]);
  });

  it('routes CodeBuild state and phase changes through separate rules, and failures only', () => {
    const patterns = ofType('AWS::Events::Rule').map(([, rule]) => rule.Properties.EventPattern);
    const build = patterns.find((pattern) => pattern.source.includes('aws.codebuild'));
    expect(build['detail-type']).toEqual(['CodeBuild Build State Change']);
    expect(build.detail['build-status']).toEqual(expect.arrayContaining(['FAILED', 'FAULT', 'TIMED_OUT']));
  });

  it('routes CodeCommit reference events to pushEvents, lets repository triggers invoke it, and lets it publish to the security topic only', () => {
    const rules = ofType('AWS::Events::Rule').map(([, rule]) => rule.Properties);
    const push = rules.find((rule) => rule.EventPattern.source.includes('aws.codecommit'));
    expect(push.EventPattern).toEqual({
      source: ['aws.codecommit'],
      'detail-type': ['CodeCommit Repository State Change'],
      detail: { event: ['referenceCreated', 'referenceUpdated'] },
    });
    expect(push.Targets[0].Arn).toEqual({ 'Fn::GetAtt': ['PushEventsLambdaFunction', 'Arn'] });
    const permissions = ofType('AWS::Lambda::Permission').map(([, permission]) => permission.Properties);
    expect(permissions).toContainEqual(expect.objectContaining({ Principal: 'codecommit.amazonaws.com', FunctionName: { 'Fn::GetAtt': ['PushEventsLambdaFunction', 'Arn'] } }));
    const roleId: string = resources.PushEventsLambdaFunction?.Properties.Role['Fn::GetAtt'][0];
    const publish = roleStatements(roleId).find((statement) => [statement.Action].flat().includes('sns:Publish'));
    expect(publish.Resource).toEqual([{ Ref: 'SecurityTopic' }]);
    const env = resources.PushEventsLambdaFunction?.Properties.Environment.Variables;
    expect(env.FINGERPRINT_SALT_SECRET).toMatch(/^ssm:\/herald\/[\w-]+\/fingerprint-salt$/);
  });

  it('holds no secret value anywhere, only secret names', () => {
    const template = readFileSync(join(outDir, 'cloudformation-template-update-stack.json'), 'utf8');
    expect(template).not.toMatch(/hooks\.slack\.com|xox[abprs]-|AKIA[0-9A-Z]{16}|-----BEGIN|ghp_[A-Za-z0-9]{20}/);
    const slack = resources.SlackDeliveryLambdaFunction?.Properties.Environment.Variables;
    expect(slack.SLACK_WEBHOOK_SECRET).toMatch(/^(ssm|secretsmanager):[\w/.-]+$/);
  });
});

/** Runs a packaged handler in a fresh Node process, the way Lambda's runtime imports it, with its own DynamoDB tables. */
async function invokePackaged(zip: string, handlerFile: string, event: unknown, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const tables = await createHeraldTables(zip.replace(/\W/g, '-'));
  const dir = mkdtempSync(join(tmpdir(), 'herald-artifact-'));
  unzip(join(outDir, zip), dir);
  const script = `const { handler } = await import(${JSON.stringify(join(dir, handlerFile))});
const result = await handler(JSON.parse(process.env.EVENT), { functionName: 'artifact-test', awsRequestId: 'r1', getRemainingTimeInMillis: () => 30000 });
process.stdout.write(JSON.stringify(result ?? null));`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...tables.env, ...env, EVENT: JSON.stringify(event) },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, stdout, stderr });
    });
  });
}

describe('packaged artifacts', () => {
  it('each zip holds only its own function', () => {
    for (const own of FUNCTIONS) {
      const dir = mkdtempSync(join(tmpdir(), 'herald-zip-'));
      const files = unzip(join(outDir, `${own}.zip`), dir);
      rmSync(dir, { recursive: true, force: true });
      expect(files).toContain(`functions/${own}/handler.mjs`);
      const others = FUNCTIONS.filter((name) => name !== own);
      expect(files.filter((file) => others.some((other) => file.startsWith(`functions/${other}/`)))).toEqual([]);
    }
  });

  it('pipelineAlerts.zip turns a failed build into an SNS alert, with its bundled config and lazily loaded enrichment', async () => {
    const region = 'us-east-1';
    const inboxes = await Promise.all(['alerts', 'chat', 'slack'].map((name) => createTopicInbox(`artifact-${name}`, region)));
    const codebuild = await startAwsJsonStub();
    codebuild.on('CodeBuild_20161006.BatchGetBuilds', () => ({
      body: { builds: [{ id: 'p:1', phases: [{ phaseType: 'BUILD', phaseStatus: 'FAILED', contexts: [{ statusCode: 'COMMAND_EXECUTION_ERROR', message: 'exit status 3' }] }] }] },
    }));
    const event = fixture('codebuild-build-state-failed.json');
    // No phases in the event: the function must load its CodeBuild client chunk to ask why.
    delete event.detail['additional-information'].phases;
    try {
      const run = await invokePackaged('pipelineAlerts.zip', 'functions/pipelineAlerts/handler.mjs', event, {
        HERALD_TOPIC_ALERTS: inboxes[0]?.topicArn ?? '',
        HERALD_TOPIC_CHAT: inboxes[1]?.topicArn ?? '',
        HERALD_TOPIC_SLACK: inboxes[2]?.topicArn ?? '',
        AWS_ENDPOINT_URL_SNS: snsEndpoint(),
        AWS_ENDPOINT_URL_CODEBUILD: codebuild.endpoint,
      });

      expect(run.stderr).not.toMatch(/Error/);
      expect(run.code).toBe(0);
      expect(codebuild.calls.map((call) => call.target)).toEqual(['CodeBuild_20161006.BatchGetBuilds']);
      // herald.config.yml routes failures to chat and Slack; codebuild-project-name is not a production pipeline.
      const [chat] = await inboxes[1]?.receive() ?? [];
      expect(chat?.message).toContain('exit status 3');
      expect(chat?.attributes).toMatchObject({ eventType: 'build.failed', project: 'codebuild-project-name' });
    } finally {
      await codebuild.close();
    }
  }, 60_000);

  it('pushEvents.zip analyses a push through CodeCommit and alerts the security topic, masked', async () => {
    const region = 'us-east-1';
    const securityInbox = await createTopicInbox('artifact-security', region);
    const aws = await startAwsJsonStub();
    const key = fakeAwsAccessKeyId(5);
    const [oldTip, newTip] = ['1'.repeat(40), '2'.repeat(40)];
    aws.on('AmazonSSM.GetParameter', () => ({ body: { Parameter: { Value: 'artifact-salt' } } }));
    aws.on('CodeCommit_20150413.GetMergeOptions', () => ({ body: { mergeOptions: ['FAST_FORWARD_MERGE'], sourceCommitId: newTip, destinationCommitId: oldTip, baseCommitId: oldTip } }));
    aws.on('CodeCommit_20150413.GetDifferences', () => ({ body: { differences: [{ afterBlob: { blobId: 'b1', path: 'deploy/.env', mode: '100644' }, changeType: 'A' }] } }));
    aws.on('CodeCommit_20150413.GetBlob', () => ({ body: { content: Buffer.from(`AWS_ACCESS_KEY_ID=${key}\n`).toString('base64') } }));
    const event = fixture('eventbridge-codecommit-referenceUpdated.json');
    event.detail = { event: 'referenceUpdated', repositoryName: 'payments', referenceType: 'branch', referenceName: 'main', referenceFullName: 'refs/heads/main', commitId: newTip, oldCommitId: oldTip };
    try {
      const run = await invokePackaged('pushEvents.zip', 'functions/pushEvents/handler.mjs', event, {
        HERALD_TOPIC_SECURITY: securityInbox.topicArn,
        FINGERPRINT_SALT_SECRET: 'ssm:/herald/test/fingerprint-salt',
        AWS_ENDPOINT_URL_SNS: snsEndpoint(),
        AWS_ENDPOINT_URL_CODECOMMIT: aws.endpoint,
        AWS_ENDPOINT_URL_SSM: aws.endpoint,
      });

      expect(run.stderr).not.toMatch(/Error/);
      expect(run.code).toBe(0);
      // herald.config.yml routes codecommit findings to the security target alone.
      const messages = await securityInbox.receive();
      expect(messages).toHaveLength(1);
      expect(messages[0]?.attributes).toMatchObject({ eventType: 'push.findings', repository: 'payments', branch: 'main' });
      expect(messages[0]?.message).toContain('deploy/.env:1');
      expect(JSON.stringify(messages)).not.toContain(key);
    } finally {
      await aws.close();
    }
  }, 60_000);

  it('slackDelivery.zip reads its webhook from SSM and posts the payload', async () => {
    const slack = await startHttpReceiver();
    const ssm = await startAwsJsonStub();
    ssm.on('AmazonSSM.GetParameter', () => ({ body: { Parameter: { Value: `${slack.url}/services/T0/B0/test` } } }));
    try {
      const run = await invokePackaged('slackDelivery.zip', 'functions/slackDelivery/handler.mjs', snsEventWith({ text: 'hello', blocks: [] }), {
        SLACK_WEBHOOK_SECRET: 'ssm:/herald/test/slack-webhook',
        AWS_ENDPOINT_URL_SSM: ssm.endpoint,
      });

      expect(run.code).toBe(0);
      expect(slack.requests.map((request) => JSON.parse(request.body))).toEqual([{ text: 'hello', blocks: [] }]);
    } finally {
      await slack.close();
      await ssm.close();
    }
  }, 60_000);
});

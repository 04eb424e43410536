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
import { serveCodeCommitFromGit } from '../support/codeCommitGit';
import { fixture, snsEventWith } from '../support/fixtures';
import { GitRepo } from '../support/gitRepo';
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
    'codecommit:GetCommit',
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
    'codebuild:StartBuild',
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
    'secretsmanager:GetSecretValue',
    'sns:Publish',
    'sqs:SendMessage',
    'ssm:GetParameter',
  ],
  RepositoryActivityLambdaFunction: [
    'codebuild:StartBuild',
    'codecommit:GetBlob',
    'codecommit:GetCommentsForPullRequest',
    'codecommit:GetDifferences',
    'codecommit:GetPullRequest',
    'codecommit:PostCommentForPullRequest',
    'dynamodb:DeleteItem',
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'kms:Decrypt',
    'kms:GenerateDataKey',
    'logs:CreateLogGroup',
    'logs:CreateLogStream',
    'logs:PutLogEvents',
    'secretsmanager:GetSecretValue',
    'sns:Publish',
    'sqs:SendMessage',
    'ssm:GetParameter',
  ],
  ReconcileLambdaFunction: [
    'codebuild:BatchGetBuilds',
    'codebuild:ListBuildsForProject',
    'codebuild:ListProjects',
    'codecommit:GetCommit',
    'codepipeline:GetPipelineExecution',
    'codepipeline:ListActionExecutions',
    'codepipeline:ListPipelineExecutions',
    'codepipeline:ListPipelines',
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
};

/** Actions IAM defines no resource type for: "*" is the only resource that grants them. */
const RESOURCELESS_ACTIONS = new Set(['codepipeline:ListPipelines', 'codebuild:ListProjects']);

const FUNCTIONS = ['pipelineAlerts', 'slackDelivery', 'pushEvents', 'repositoryActivity', 'reconcile'] as const;

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
        const resourceless = [statement.Action].flat().every((action: string) => RESOURCELESS_ACTIONS.has(action));
        for (const resource of [statement.Resource].flat()) if (!resourceless) expect(resource).not.toBe('*');
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
    expect(tablesOf('RepositoryActivityLambdaFunction')).toEqual([idempotency]);
    expect(tablesOf('ReconcileLambdaFunction')).toEqual([idempotency, state]);
  });

  it('routes CodeBuild state and phase changes through separate rules, and failures only', () => {
    const patterns = ofType('AWS::Events::Rule').map(([, rule]) => rule.Properties.EventPattern);
    const build = patterns.find((pattern) => pattern?.source.includes('aws.codebuild'));
    expect(build['detail-type']).toEqual(['CodeBuild Build State Change']);
    expect(build.detail['build-status']).toEqual(expect.arrayContaining(['FAILED', 'FAULT', 'TIMED_OUT']));
  });

  it('routes CodeCommit reference events to pushEvents, lets repository triggers invoke it, and lets it publish to the security topic only', () => {
    const rules = ofType('AWS::Events::Rule').map(([, rule]) => rule.Properties);
    const push = rules.find((rule) => rule.EventPattern?.source.includes('aws.codecommit') && rule.EventPattern['detail-type'].includes('CodeCommit Repository State Change'));
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

  it('routes pull-request, comment and reaction events to repositoryActivity, which publishes to the security topic only', () => {
    const rules = ofType('AWS::Events::Rule').map(([, rule]) => rule.Properties);
    const activity = rules.find((rule) => rule.Targets[0].Arn['Fn::GetAtt']?.[0] === 'RepositoryActivityLambdaFunction');
    expect(activity.EventPattern['detail-type']).toEqual([
      'CodeCommit Pull Request State Change',
      'CodeCommit Comment on Pull Request',
      'CodeCommit Comment on Commit',
      'CodeCommit Comment Reaction Change',
    ]);
    expect(activity.EventPattern.detail.event).toEqual(expect.arrayContaining(['pullRequestCreated', 'pullRequestSourceBranchUpdated', 'commentOnPullRequestCreated', 'commentReactionCreated']));
    expect(activity.Targets[0].RetryPolicy.MaximumRetryAttempts).toBeGreaterThan(0);
    const roleId: string = resources.RepositoryActivityLambdaFunction?.Properties.Role['Fn::GetAtt'][0];
    const publish = roleStatements(roleId).find((statement) => [statement.Action].flat().includes('sns:Publish'));
    expect(publish.Resource).toEqual([{ Ref: 'SecurityTopic' }]);
    expect(resources.RepositoryActivityLambdaFunction?.Properties.Environment.Variables.FINGERPRINT_SALT_SECRET).toMatch(/^ssm:\/herald\/[\w-]+\/fingerprint-salt$/);
  });

  it('admits no other account and assumes no role when herald.config.yml names none (fanIn, enrichmentRoleArn)', () => {
    const conditions = JSON.parse(readFileSync(join(outDir, 'cloudformation-template-update-stack.json'), 'utf8')).Conditions;
    expect(resources.FanInBusPolicy?.Condition).toBe('HasFanIn');
    expect(conditions.HasFanIn).toEqual({ 'Fn::Equals': ['false', 'true'] });
    expect(resources.PipelineAlertsEnrichmentRoles?.Condition).toBe('HasEnrichmentRoles');
    expect(conditions.HasEnrichmentRoles).toEqual({ 'Fn::Equals': ['false', 'true'] });
  });

  it('holds no secret value anywhere, only secret names', () => {
    const template = readFileSync(join(outDir, 'cloudformation-template-update-stack.json'), 'utf8');
    expect(template).not.toMatch(/hooks\.slack\.com|xox[abprs]-|AKIA[0-9A-Z]{16}|-----BEGIN|ghp_[A-Za-z0-9]{20}/);
    const slack = resources.SlackDeliveryLambdaFunction?.Properties.Environment.Variables;
    expect(slack.SLACK_WEBHOOK_SECRET).toMatch(/^(ssm|secretsmanager):[\w/.-]+$/);
  });

  it('derives the build hook grants from the config: none configured, so each is a Deny on a reserved name', () => {
    const roleId: string = resources.PushEventsLambdaFunction?.Properties.Role['Fn::GetAtt'][0];
    const hookActions = ['codebuild:StartBuild', 'secretsmanager:GetSecretValue'];
    const hookStatements = roleStatements(roleId).filter((statement) => [statement.Action].flat().some((action: string) => hookActions.includes(action)));
    expect(hookStatements.map((statement) => statement.Effect)).toEqual(['Deny', 'Deny']);
    expect(JSON.stringify(hookStatements)).toContain('project/herald-no-build-hooks');
  });
});

describe('operations', () => {
  const alarms = () => ofType('AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties);
  const toOpsTopic = (alarm: any) => expect(alarm.AlarmActions).toEqual([{ Ref: 'OpsTopic' }]);

  it('alarms on the depth of every queue, to the encrypted ops topic', () => {
    const queues = ofType('AWS::SQS::Queue');
    expect(queues.length).toBeGreaterThan(0);
    expect(resources.OpsTopic?.Properties.KmsMasterKeyId).toEqual({ Ref: 'HeraldKey' });
    for (const [queueId] of queues) {
      const depth = alarms().filter(
        (alarm) => alarm.Namespace === 'AWS/SQS' && alarm.MetricName === 'ApproximateNumberOfMessagesVisible' && alarm.Dimensions[0].Value['Fn::GetAtt']?.[0] === queueId,
      );
      expect([queueId, depth.length]).toEqual([queueId, 1]);
      expect(depth[0]).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }] });
      toOpsTopic(depth[0]);
    }
  });

  it('alarms on errors, dropped async events and failed destination deliveries of every function', () => {
    const functions = ofType('AWS::Lambda::Function');
    for (const [functionId] of functions) {
      for (const metric of ['Errors', 'AsyncEventsDropped', 'DestinationDeliveryFailures']) {
        const found = alarms().filter((alarm) => alarm.Namespace === 'AWS/Lambda' && alarm.MetricName === metric && alarm.Dimensions[0].Value.Ref === functionId);
        expect([functionId, metric, found.length]).toEqual([functionId, metric, 1]);
        expect(found[0]).toMatchObject({ Statistic: 'Sum', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId } }] });
        toOpsTopic(found[0]);
      }
    }
  });

  it('lets CloudWatch use the key of the encrypted ops topic', () => {
    const statements: any[] = resources.HeraldKey?.Properties.KeyPolicy.Statement ?? [];
    expect(statements).toContainEqual(expect.objectContaining({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:GenerateDataKey', 'kms:Decrypt'] }));
  });

  it('runs the reconciliation sweep on the schedule herald.config.yml sets, retried and dead-lettered', () => {
    const schedules = ofType('AWS::Events::Rule').filter(([, rule]) => rule.Properties.ScheduleExpression !== undefined);
    expect(schedules).toHaveLength(1);
    const [, schedule] = schedules[0] ?? [];
    expect(schedule?.Properties).toMatchObject({ ScheduleExpression: 'rate(15 minutes)', State: 'ENABLED' });
    expect(schedule?.Properties.Targets[0].Arn).toEqual({ 'Fn::GetAtt': ['ReconcileLambdaFunction', 'Arn'] });
  });
});

describe('packaged template with cross-account fan-in (tests/fixtures/config/people.yml)', () => {
  let fanInDir: string;
  let template: { Resources: typeof resources; Conditions: Record<string, unknown> };

  beforeAll(() => {
    fanInDir = mkdtempSync(join(tmpdir(), 'herald-package-fan-in-'));
    execFileSync(join(ROOT, 'node_modules', '.bin', 'serverless'), ['package', '--package', fanInDir], {
      cwd: ROOT,
      env: { ...process.env, HERALD_CONFIG_PATH: join(ROOT, 'tests', 'fixtures', 'config', 'people.yml'), AWS_ACCESS_KEY_ID: 'offline', AWS_SECRET_ACCESS_KEY: 'offline', SLS_TELEMETRY_DISABLED: '1' },
      stdio: 'pipe',
    });
    template = JSON.parse(readFileSync(join(fanInDir, 'cloudformation-template-update-stack.json'), 'utf8'));
  });

  afterAll(() => rmSync(fanInDir, { recursive: true, force: true }));

  it('lets exactly the configured accounts put events on the default bus', () => {
    const policy = template.Resources.FanInBusPolicy;
    expect(template.Conditions.HasFanIn).toEqual({ 'Fn::Equals': ['true', 'true'] });
    expect(policy?.Properties.EventBusName).toBe('default');
    expect(policy?.Properties.Statement).toEqual({
      Effect: 'Allow',
      Action: 'events:PutEvents',
      Principal: { AWS: ['111111111111', '222222222222'].map((id) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:iam::${id}:root` })) },
      Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default' },
    });
  });

  it('lets pipelineAlerts assume exactly the configured enrichment roles, and nothing else gains sts:AssumeRole', () => {
    const policy = template.Resources.PipelineAlertsEnrichmentRoles;
    expect(template.Conditions.HasEnrichmentRoles).toEqual({ 'Fn::Equals': ['true', 'true'] });
    expect(policy?.Properties.Roles).toEqual([{ Ref: 'PipelineAlertsIamRoleLambdaExecution' }]);
    expect(policy?.Properties.PolicyDocument.Statement).toEqual([{ Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: ['arn:aws:iam::111111111111:role/HeraldRead'] }]);
    // The functions' own roles (their trust policies aside) grant no sts:AssumeRole.
    const roleGrants = Object.values(template.Resources)
      .filter((resource) => resource.Type === 'AWS::IAM::Role')
      .flatMap((role) => (role.Properties?.Policies ?? []).flatMap((inline: any) => inline.PolicyDocument.Statement.flatMap((statement: any) => [statement.Action].flat())));
    expect(roleGrants.length).toBeGreaterThan(0);
    expect(roleGrants).not.toContain('sts:AssumeRole');
  });

  it('routes manual approval action events (waiting, approved) to pipelineAlerts', () => {
    const patterns = Object.values(template.Resources).filter((resource) => resource.Type === 'AWS::Events::Rule').map((rule) => rule.Properties.EventPattern);
    expect(patterns).toContainEqual({
      source: ['aws.codepipeline'],
      'detail-type': ['CodePipeline Action Execution State Change'],
      detail: { type: { category: ['Approval'], provider: ['Manual'] }, state: ['STARTED', 'SUCCEEDED'] },
    });
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

  it('repositoryActivity.zip routes a pull-request comment event to the security topic without loading CodeCommit', async () => {
    const securityInbox = await createTopicInbox('artifact-activity-security', 'us-east-1');
    const run = await invokePackaged('repositoryActivity.zip', 'functions/repositoryActivity/handler.mjs', fixture('eventbridge-codecommit-commentOnPullRequestCreated.json'), {
      HERALD_TOPIC_SECURITY: securityInbox.topicArn,
      FINGERPRINT_SALT_SECRET: 'ssm:/herald/test/fingerprint-salt',
      AWS_ENDPOINT_URL_SNS: snsEndpoint(),
      // Nothing listens here: a comment event must not call CodeCommit or SSM.
      AWS_ENDPOINT_URL_CODECOMMIT: 'http://127.0.0.1:9',
      AWS_ENDPOINT_URL_SSM: 'http://127.0.0.1:9',
    });

    expect(run.stderr).not.toMatch(/Error/);
    expect(run.code).toBe(0);
    const messages = await securityInbox.receive();
    expect(messages).toHaveLength(1);
    expect(messages[0]?.attributes).toMatchObject({ eventType: 'comment.created', repository: 'MyDemoRepo' });
    expect(messages[0]?.message).toContain('Saanvi Sarkar');
  });

  it('repositoryActivity.zip analyses a created pull request through CodeCommit and comments its finding, masked', async () => {
    const securityInbox = await createTopicInbox('artifact-pr-security', 'us-east-1');
    const aws = await startAwsJsonStub();
    const repo = GitRepo.init();
    const key = fakeAwsAccessKeyId(9);
    repo.commit('start', { 'README.md': '# Payments\n' });
    repo.checkout('-b', 'feature');
    repo.commit('deploy settings', { 'deploy/settings.ts': `export const keyId = '${key}';\n` });
    const codecommit = serveCodeCommitFromGit(aws, repo, 'payments');
    codecommit.pullRequests.set('3', { id: '3', sourceBranch: 'feature', destinationBranch: 'main', status: 'OPEN' });
    aws.on('AmazonSSM.GetParameter', () => ({ body: { Parameter: { Value: 'artifact-salt' } } }));
    const event = fixture('eventbridge-codecommit-pullRequestCreated.json');
    event.region = 'us-east-1';
    event.detail = { ...event.detail, repositoryNames: ['payments'], pullRequestId: '3', sourceReference: 'refs/heads/feature', sourceCommit: repo.git('rev-parse', 'feature'), destinationCommit: repo.git('rev-parse', 'main') };
    try {
      const run = await invokePackaged('repositoryActivity.zip', 'functions/repositoryActivity/handler.mjs', event, {
        HERALD_TOPIC_SECURITY: securityInbox.topicArn,
        FINGERPRINT_SALT_SECRET: 'ssm:/herald/test/fingerprint-salt',
        AWS_ENDPOINT_URL_SNS: snsEndpoint(),
        AWS_ENDPOINT_URL_CODECOMMIT: aws.endpoint,
        AWS_ENDPOINT_URL_SSM: aws.endpoint,
      });

      expect(run.stderr).not.toMatch(/Error/);
      expect(run.code).toBe(0);
      expect(codecommit.posted.map((comment) => comment.location?.filePath)).toEqual(['deploy/settings.ts', undefined]);
      const messages = await securityInbox.receive();
      expect(messages).toHaveLength(1);
      expect(messages[0]?.attributes).toMatchObject({ eventType: 'pull-request.created', repository: 'payments', branch: 'main', severity: 'critical' });
      expect(JSON.stringify([messages, codecommit.posted])).not.toContain(key);
    } finally {
      await aws.close();
      repo.cleanup();
    }
  }, 30_000);

  it('reconcile.zip sweeps the account on a scheduled event and alerts a failed build', async () => {
    const inboxes = await Promise.all(['alerts', 'chat', 'slack'].map((name) => createTopicInbox(`artifact-reconcile-${name}`, 'eu-west-1')));
    const aws = await startAwsJsonStub();
    const ended = Date.parse('2026-11-27T09:50:00Z') / 1000;
    aws.on('CodePipeline_20150709.ListPipelines', () => ({ body: { pipelines: [] } }));
    aws.on('CodeBuild_20161006.ListProjects', () => ({ body: { projects: ['api-tests'] } }));
    aws.on('CodeBuild_20161006.ListBuildsForProject', () => ({ body: { ids: ['api-tests:1'] } }));
    aws.on('CodeBuild_20161006.BatchGetBuilds', () => ({
      body: {
        builds: [
          {
            id: 'api-tests:1',
            arn: 'arn:aws:codebuild:eu-west-1:111122223333:build/api-tests:1',
            projectName: 'api-tests',
            buildStatus: 'FAILED',
            startTime: ended - 60,
            endTime: ended,
            phases: [{ phaseType: 'BUILD', phaseStatus: 'FAILED', contexts: [{ statusCode: 'COMMAND_EXECUTION_ERROR', message: 'exit status 4' }] }],
          },
        ],
      },
    }));
    const scheduled = { version: '0', id: 's1', 'detail-type': 'Scheduled Event', source: 'aws.events', account: '111122223333', time: '2026-11-27T10:00:00Z', region: 'eu-west-1', resources: [], detail: {} };
    try {
      const run = await invokePackaged('reconcile.zip', 'functions/reconcile/handler.mjs', scheduled, {
        HERALD_TOPIC_ALERTS: inboxes[0]?.topicArn ?? '',
        HERALD_TOPIC_CHAT: inboxes[1]?.topicArn ?? '',
        HERALD_TOPIC_SLACK: inboxes[2]?.topicArn ?? '',
        AWS_REGION: 'eu-west-1',
        AWS_ENDPOINT_URL_SNS: snsEndpoint(),
        AWS_ENDPOINT_URL_CODEPIPELINE: aws.endpoint,
        AWS_ENDPOINT_URL_CODEBUILD: aws.endpoint,
      });

      expect(run.stderr).not.toMatch(/Error/);
      expect(run.code).toBe(0);
      // Log lines come first (one JSON object a line); the handler's result is written last.
      expect(JSON.parse(run.stdout.split('\n').at(-1) ?? '')).toMatchObject({ failuresFound: 1 });
      const [chat] = (await inboxes[1]?.receive()) ?? [];
      expect(chat?.message).toContain('exit status 4');
    } finally {
      await aws.close();
    }
  });

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

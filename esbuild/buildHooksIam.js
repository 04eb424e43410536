// IAM statements for pushEvents' build hooks, derived from herald.config.yml (or
// $HERALD_CONFIG_PATH, the file esbuild/plugins.js embeds) when serverless.yml is resolved:
// codebuild:StartBuild on exactly the configured projects, ssm:GetParameter and
// secretsmanager:GetSecretValue on exactly the webhook secrets the config names.
// A statement with nothing to grant denies its action on a reserved name instead (an IAM
// statement needs a resource), so the template keeps one shape whatever the config.
// Referenced as ${file(./esbuild/buildHooksIam.js):codeBuildStatement} and so on.
const { readHeraldConfig } = require('./heraldConfig');

const NONE = 'herald-no-build-hooks';

function buildHookTargets() {
  const config = readHeraldConfig() ?? {};
  const targets = config.buildHooks?.targets ?? {};
  return Object.entries(targets).map(([name, target]) => ({ name, ...target }));
}

/** arn:<partition>:<service>:<region>:<account>:<resource>, resolved by CloudFormation. */
function arn(service, resource) {
  return { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:${service}:`, { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:${resource}`]] };
}

function statement(action, resources, noneResource) {
  return resources.length > 0 ? { Effect: 'Allow', Action: [action], Resource: resources } : { Effect: 'Deny', Action: [action], Resource: [noneResource] };
}

function webhookSecrets() {
  const secrets = buildHookTargets().filter((target) => target.type === 'webhook' && typeof target.secret === 'string');
  const local = secrets.filter((target) => target.secret.startsWith('env:'));
  if (local.length > 0) {
    throw new Error(`buildHooks target(s) ${local.map((target) => target.name).join(', ')}: env: secrets are for local runs; deploy with ssm:/name or secretsmanager:name`);
  }
  return [...new Set(secrets.map((target) => target.secret))];
}

module.exports = {
  codeBuildStatement: () => {
    const projects = [...new Set(buildHookTargets().filter((target) => target.type === 'codebuild').map((target) => target.project))];
    return statement('codebuild:StartBuild', projects.map((project) => arn('codebuild', `project/${project}`)), arn('codebuild', `project/${NONE}`));
  },
  ssmStatement: () => {
    const names = webhookSecrets().filter((secret) => secret.startsWith('ssm:')).map((secret) => secret.slice('ssm:'.length));
    // Parameter names start with "/": parameter/herald/x.
    return statement('ssm:GetParameter', names.map((name) => arn('ssm', `parameter${name}`)), arn('ssm', `parameter/${NONE}`));
  },
  secretsManagerStatement: () => {
    const names = webhookSecrets().filter((secret) => secret.startsWith('secretsmanager:')).map((secret) => secret.slice('secretsmanager:'.length));
    // A secret's ARN ends in "-" and six random characters; a full ARN is used as written.
    const resources = names.map((name) => (name.startsWith('arn:') ? name : arn('secretsmanager', `secret:${name}-??????`)));
    return statement('secretsmanager:GetSecretValue', resources, arn('secretsmanager', `secret:${NONE}-??????`));
  },
};

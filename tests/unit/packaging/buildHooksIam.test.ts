/** esbuild/buildHooksIam.js: the pushEvents IAM statements serverless.yml derives from the config. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
// CommonJS, as serverless loads it.
const iam = require(join(ROOT, 'esbuild', 'buildHooksIam.js'));

const arn = (service: string, resource: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:${service}:`, { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:${resource}`]],
});

function withConfig<T>(path: string, run: () => T): T {
  const previous = process.env.HERALD_CONFIG_PATH;
  process.env.HERALD_CONFIG_PATH = path;
  try {
    return run();
  } finally {
    if (previous === undefined) delete process.env.HERALD_CONFIG_PATH;
    else process.env.HERALD_CONFIG_PATH = previous;
  }
}

describe('build hook IAM statements', () => {
  it('grant StartBuild on exactly the configured projects and read access to exactly the named secrets', () => {
    withConfig(join(ROOT, 'tests', 'fixtures', 'config', 'build-hooks.yml'), () => {
      expect(iam.codeBuildStatement()).toEqual({ Effect: 'Allow', Action: ['codebuild:StartBuild'], Resource: [arn('codebuild', 'project/MyDemoRepo-ci')] });
      expect(iam.ssmStatement()).toEqual({
        Effect: 'Allow',
        Action: ['ssm:GetParameter'],
        Resource: [arn('ssm', 'parameter/herald/test/jenkins-token'), arn('ssm', 'parameter/herald/test/receiver-secret')],
      });
      expect(iam.secretsManagerStatement()).toEqual({ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [arn('secretsmanager', 'secret:herald/test/teamcity-token-??????')] });
    });
  });

  it('deny on a reserved name when the config has no build hooks', () => {
    withConfig(join(ROOT, 'tests', 'fixtures', 'config', 'email-only.yml'), () => {
      expect(iam.codeBuildStatement()).toEqual({ Effect: 'Deny', Action: ['codebuild:StartBuild'], Resource: [arn('codebuild', 'project/herald-no-build-hooks')] });
      expect(iam.ssmStatement().Effect).toBe('Deny');
      expect(iam.secretsManagerStatement().Effect).toBe('Deny');
    });
  });

  it('refuse to package env: secrets, which only local runs can read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'herald-iam-'));
    try {
      const path = join(dir, 'herald.config.yml');
      writeFileSync(path, 'version: 1\ntargets: {}\nbuildHooks:\n  targets:\n    ci: { type: webhook, url: "https://ci.example.com/", secret: "env:CI_TOKEN" }\n');
      withConfig(path, () => expect(() => iam.ssmStatement()).toThrow(/ci: env: secrets are for local runs/));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

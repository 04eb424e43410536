/**
 * Build hooks through the herald command: `herald replay` prints the planned `webhook.post`
 * (URL, headers, body, never a secret value) and `codebuild.startBuild` actions of a push, and
 * `herald dev`, as a real process, delivers a push's webhook for real to a receiver on 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../shared/cli/main';
import { standardWebhookSignature } from '../../shared/hooks/signing';
import { FIXTURES_DIR, fixture } from '../support/fixtures';
import { tempDir } from '../support/gitRepo';
import { startHttpReceiver } from '../support/httpReceiver';

const ROOT = join(__dirname, '..', '..');
const HERALD = join(ROOT, 'bin', 'herald.js');
const CONFIG = join(FIXTURES_DIR, 'config', 'build-hooks.yml');
const OLD = '3e5983d0c0ffee5b4d1c1bd0a7b2f1e4c9d8a701';
const NEW = '7f0103f0c0ffee5b4d1c1bd0a7b2f1e4c9d8a702';

function referenceUpdated(branch: string) {
  const event = fixture('eventbridge-codecommit-referenceUpdated.json');
  event.detail = { event: 'referenceUpdated', repositoryName: 'MyDemoRepo', referenceType: 'branch', referenceName: branch, referenceFullName: `refs/heads/${branch}`, commitId: NEW, oldCommitId: OLD };
  return event;
}

async function replay(event: unknown, env: NodeJS.ProcessEnv = {}) {
  const work = tempDir('herald-replay-hooks-');
  try {
    const path = join(work.dir, 'event.json');
    writeFileSync(path, JSON.stringify(event));
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['replay', path, '--config', CONFIG], { out: (line) => out.push(line), err: (line) => err.push(line) }, env);
    return { code, out, err, actions: out.map((line) => JSON.parse(line)) };
  } finally {
    work.cleanup();
  }
}

describe('herald replay with build hooks', () => {
  it('prints the analysis, then one webhook.post per webhook target and the codebuild.startBuild', async () => {
    const { code, actions } = await replay(referenceUpdated('main'));

    expect(code).toBe(0);
    expect(actions.map((action) => [action.type, action.target ?? ''])).toEqual([
      ['analysis.run', ''],
      ['webhook.post', 'jenkins'],
      ['webhook.post', 'teamcity'],
      ['webhook.post', 'receiver'],
      ['codebuild.startBuild', 'build'],
    ]);
    const teamcity = actions.find((action) => action.target === 'teamcity');
    expect(teamcity).toMatchObject({
      url: 'https://teamcity.example.com/app/rest/buildQueue',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      signing: { scheme: 'token-header', header: 'Authorization' },
      secret: 'secretsmanager:herald/test/teamcity-token',
    });
    expect(JSON.parse(teamcity.body)).toEqual({ buildType: { id: 'Api_Build' }, branchName: 'main', revisions: { revision: [{ version: NEW, vcsBranchName: 'refs/heads/main' }] } });
    expect(actions.find((action) => action.type === 'codebuild.startBuild')).toMatchObject({ projectName: 'MyDemoRepo-ci', sourceVersion: NEW });
  });

  it('never prints a secret value, even when the environment holds one', async () => {
    const token = randomBytes(16).toString('hex');
    const { out } = await replay(referenceUpdated('main'), { HERALD_JENKINS_TOKEN: token });
    expect(out.join('\n')).not.toContain(token);
    expect(out.join('\n')).not.toMatch(/[?&]token=/);
  });

  it('prints the hooks of a branch push analysis does not cover', async () => {
    const { code, actions, err } = await replay(referenceUpdated('release/2.0'));

    expect(code).toBe(0);
    expect(actions.map((action) => action.type)).toEqual(['webhook.post', 'webhook.post', 'webhook.post', 'codebuild.startBuild']);
    expect(err.join('\n')).toMatch(/not analysed/);
  });
});

describe('herald dev with build hooks', () => {
  it('delivers a push webhook for real, signed with the secret from the environment', async () => {
    const receiver = await startHttpReceiver();
    const work = tempDir('herald-dev-hooks-');
    const secret = `whsec_${randomBytes(24).toString('base64')}`;
    const config = join(work.dir, 'herald.config.yml');
    writeFileSync(
      config,
      `version: 1
targets: { security: { topic: security, format: email } }
buildHooks:
  allowHosts: ['127.0.0.1']
  targets:
    local: { type: webhook, url: '${receiver.url}/herald', allowHttp: true, secret: 'env:HERALD_HOOK_SECRET' }
    build: { type: codebuild, project: MyDemoRepo-ci }
  hooks:
    - { repository: [MyDemoRepo], branch: [main], targets: [local, build] }
`,
    );
    const child = spawn(process.execPath, [HERALD, 'dev', '--port', '0', '--config', config, '--outbox', join(work.dir, 'outbox.jsonl')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HERALD_HOOK_SECRET: secret },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
          if (match?.[1] !== undefined) resolve(match[1]);
        });
        child.on('exit', (code) => reject(new Error(`herald dev exited ${String(code)}: ${stderr}`)));
      });

      const response = await fetch(url, { method: 'POST', body: JSON.stringify(referenceUpdated('main')) });

      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ reactions: [{ decision: { kind: 'build-hooks' }, actions: ['webhook.post', 'codebuild.startBuild'] }] });
      expect(receiver.requests).toHaveLength(1);
      const [request] = receiver.requests;
      const body = JSON.parse(request?.body ?? '{}');
      expect(body.data).toMatchObject({ repository: 'MyDemoRepo', branch: 'main', commit: NEW, previousCommit: OLD });
      expect(request?.headers['webhook-signature']).toBe(standardWebhookSignature(secret, String(request?.headers['webhook-id']), Number(request?.headers['webhook-timestamp']), request?.body ?? ''));
      expect(stdout).toContain(`would start CodeBuild MyDemoRepo-ci at ${NEW}`);
    } finally {
      child.kill('SIGTERM');
      await receiver.close();
      work.cleanup();
    }
  }, 60_000);
});

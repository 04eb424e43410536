/**
 * The herald command as a user runs it: `herald replay` over every sample event, and
 * `herald dev` (the README's run command) as a real process answering real HTTP.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../shared/cli/main';
import { FIXTURES_DIR, fixture } from '../support/fixtures';

const ROOT = join(__dirname, '..', '..');
const HERALD = join(ROOT, 'bin', 'herald.js');
const EVENTS = join(FIXTURES_DIR, 'aws-events');
const CONFIG = join(FIXTURES_DIR, 'config', 'all-targets.yml');

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (line) => out.push(line), err: (line) => err.push(line) }, {});
  return { code, out, err };
}

const alertingFixtures = new Set([
  'codepipeline-pipeline-execution-failed.json',
  'codepipeline-pipeline-execution-failed.codestar-notification-processed.repaired.json',
  'codebuild-build-state-failed.json',
  // Manual approvals waiting, approved and rejected (config `approvals`, every pipeline by default).
  'codepipeline-action-execution-approval-started.derived.json',
  'codepipeline-action-execution-approval-succeeded.derived.json',
  'codepipeline-action-execution-approval-failed.derived.json',
]);

describe('herald replay', () => {
  const samples = readdirSync(EVENTS).filter((name) => /^(codepipeline|codebuild)-.*\.json$/.test(name));

  it.each(samples)('understands %s and prints its planned actions as JSON lines', async (name) => {
    const { code, out, err } = await run('replay', join(EVENTS, name), '--config', CONFIG);

    expect(code).toBe(0);
    const actions = out.map((line) => JSON.parse(line));
    if (alertingFixtures.has(name)) {
      const publishes = actions.filter((action) => action.type === 'sns.publish');
      expect(publishes.map((action) => action.target).sort()).toEqual(['chat', 'email', 'slack']);
      for (const publish of publishes) expect(publish.subject).toMatch(/^[\x21-\x7e][\x20-\x7e]{0,98}$/);
    } else {
      expect(actions).toEqual([]);
      expect(err.join('\n')).toContain('nothing to do');
    }
  });

  it('exits 2 with a one-line reason for an event it does not understand', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'herald-replay-'));
    const bad = join(dir, 'bad.json');
    const event = fixture('codepipeline-pipeline-execution-failed.json');
    delete event.detail.pipeline;
    writeFileSync(bad, JSON.stringify(event));

    const { code, out, err } = await run('replay', bad, '--config', CONFIG);

    rmSync(dir, { recursive: true });
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/01234567-EXAMPLE.*detail\.pipeline/);
  });

  it('exits 2 for files that are not JSON, a bad config, or a bad command line', async () => {
    expect((await run('replay', join(FIXTURES_DIR, 'aws-events', 'SOURCES.md'), '--config', CONFIG)).code).toBe(2);
    expect((await run('replay', join(EVENTS, 'codebuild-build-state-failed.json'), '--config', '/nonexistent.yml')).code).toBe(2);
    expect((await run('frobnicate')).code).toBe(2);
    expect((await run('replay', join(EVENTS, 'codebuild-build-state-failed.json'), '--no-such-flag')).code).toBe(2);
    expect((await run('replay')).code).toBe(2);
  });

  it('runs through bin/herald.js as npx would', () => {
    const result = spawnSync(process.execPath, [HERALD, 'replay', join(EVENTS, 'codebuild-build-state-failed.json')], { cwd: ROOT, encoding: 'utf8' });

    expect(result.status).toBe(0);
    const [publish] = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(publish).toMatchObject({ type: 'sns.publish', attributes: { eventType: 'build.failed' } });
  });
});

describe('herald dev', () => {
  it('serves POSTed events and delivers alerts to the outbox file, printing them readably', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'herald-dev-'));
    const outbox = join(dir, 'outbox.jsonl');
    const child = spawn(process.execPath, [HERALD, 'dev', '--port', '0', '--config', CONFIG, '--outbox', outbox], { cwd: ROOT, env: { ...process.env } });
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

      const failed = await fetch(url, { method: 'POST', body: readFileSync(join(EVENTS, 'codebuild-build-state-failed.json')) });
      const rejected = await fetch(url, { method: 'POST', body: '{"detail-type":"CodeBuild Build State Change","source":"aws.codebuild","detail":{}}' });

      expect(failed.status).toBe(200);
      expect(await failed.json()).toMatchObject({ reactions: [{ decision: { kind: 'alert', eventType: 'build.failed' } }] });
      expect(rejected.status).toBe(400);
      const delivered = readFileSync(outbox, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
      expect(delivered.map((entry) => entry.target).sort()).toEqual(['chat', 'email', 'slack']);
      expect(stdout).toContain('Subject: [HIGH] Build codebuild-project-name FAILED');
      expect(stdout).toContain('COMMAND_EXECUTION_ERROR');
    } finally {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

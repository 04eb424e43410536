/**
 * `herald replay` on CodeCommit push events: the planned analysis first, then, when the config
 * maps the repository to a local clone, the analysis run on that clone (a real git repository)
 * and the publishes and comments it leads to.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../shared/cli/main';
import { fakeAwsAccessKeyId } from '../support/fakeCredentials';
import { FIXTURES_DIR, fixture } from '../support/fixtures';
import { GitRepo, tempDir } from '../support/gitRepo';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (line) => out.push(line), err: (line) => err.push(line) }, {});
  return { code, out, err };
}

const KEY = fakeAwsAccessKeyId(6);
let repo: GitRepo;
let work: { dir: string; cleanup: () => void };
let oldTip: string;
let newTip: string;

function writeConfig(name: string, push: string): string {
  const path = join(work.dir, name);
  writeFileSync(
    path,
    `version: 1
targets:
  security: { topic: security, format: email }
routes:
  - { name: pushes, match: { source: [codecommit] }, targets: [security] }
push:
${push}
`,
  );
  return path;
}

function writeEvent(name: string, event: unknown): string {
  const path = join(work.dir, name);
  writeFileSync(path, JSON.stringify(event));
  return path;
}

function referenceUpdated(from: string, to: string) {
  const event = fixture('eventbridge-codecommit-referenceUpdated.json');
  event.detail = { event: 'referenceUpdated', repositoryName: 'MyDemoRepo', referenceType: 'branch', referenceName: 'main', referenceFullName: 'refs/heads/main', commitId: to, oldCommitId: from };
  return event;
}

beforeAll(() => {
  work = tempDir('herald-replay-push-');
  repo = GitRepo.init();
  oldTip = repo.commit('start', { 'README.md': '# Demo\n' });
  newTip = repo.commit('add config', { 'config/prod.env': `REGION=us-east-2\nAWS_ACCESS_KEY_ID=${KEY}\n`, 'README.md': '# Demo\n\nMore.\n' });
});

afterAll(() => {
  repo.cleanup();
  work.cleanup();
});

describe('herald replay on push events', () => {
  it('prints analysis.run, then runs the analysis on the local clone and prints the masked alert and comment', async () => {
    const config = writeConfig('local.yml', `  commitComments: true\n  repositories:\n    MyDemoRepo: { localPath: ${JSON.stringify(repo.dir)} }`);

    const { code, out, err } = await run('replay', writeEvent('push.json', referenceUpdated(oldTip, newTip)), '--config', config);

    expect(code).toBe(0);
    const actions = out.map((line) => JSON.parse(line));
    expect(actions.map((action) => action.type)).toEqual(['analysis.run', 'sns.publish', 'codecommit.comment']);
    expect(actions[0]).toEqual({
      type: 'analysis.run',
      repository: 'MyDemoRepo',
      ref: 'refs/heads/main',
      branch: 'main',
      range: { kind: 'commits', from: oldTip, to: newTip },
      account: '123456789012',
      region: 'us-east-2',
    });
    expect(actions[1]).toMatchObject({ target: 'security', attributes: { eventType: 'push.findings', repository: 'MyDemoRepo', branch: 'main' } });
    expect(actions[1].message).toContain('config/prod.env:2');
    expect(actions[2]).toMatchObject({ beforeCommitId: oldTip, afterCommitId: newTip, location: { filePath: 'config/prod.env', filePosition: 2 } });
    expect(out.join('\n')).not.toContain(KEY);
    expect(err.join('\n')).toMatch(/1 finding/);
  });

  it('prints analysis.run only, with a note, when the repository has no local clone', async () => {
    const config = writeConfig('remote.yml', '  tags: false');

    const { code, out, err } = await run('replay', writeEvent('push.json', referenceUpdated(oldTip, newTip)), '--config', config);

    expect(code).toBe(0);
    expect(out.map((line) => JSON.parse(line).type)).toEqual(['analysis.run']);
    expect(err.join('\n')).toContain('push.repositories.MyDemoRepo.localPath');
  });

  it('says why nothing is done for a test trigger, without analysing', async () => {
    const config = writeConfig('local-test.yml', `  repositories:\n    my-repo: { localPath: ${JSON.stringify(repo.dir)} }`);

    const { code, out, err } = await run('replay', join(FIXTURES_DIR, 'aws-events', 'codecommit-trigger-test-event-with-customData.json'), '--config', config);

    expect(code).toBe(0);
    expect(out).toEqual([]);
    expect(err.join('\n')).toContain('answered TriggerEventTest without scanning');
  });

  it('exits 2 naming the commit when the clone does not hold the pushed commits', async () => {
    const config = writeConfig('stale.yml', `  repositories:\n    MyDemoRepo: { localPath: ${JSON.stringify(repo.dir)} }`);

    const { code, out, err } = await run('replay', writeEvent('stale.json', referenceUpdated(oldTip, 'f'.repeat(40))), '--config', config);

    expect(code).toBe(2);
    expect(out.map((line) => JSON.parse(line).type)).toEqual(['analysis.run']);
    expect(err.join('\n')).toContain('f'.repeat(40));
  });
});

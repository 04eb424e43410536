/**
 * `herald replay` on pull-request, comment and reaction events: every sample prints its planned
 * actions; a created pull request whose repository has a local clone is analysed on it (a real
 * git repository) and prints the comments Herald would post.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../shared/cli/main';
import { fakeAwsAccessKeyId } from '../support/fakeCredentials';
import { FIXTURES_DIR, fixture } from '../support/fixtures';
import { GitRepo, tempDir } from '../support/gitRepo';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (line) => out.push(line), err: (line) => err.push(line) }, {});
  return { code, out, err, actions: out.map((line) => JSON.parse(line)) };
}

const KEY = fakeAwsAccessKeyId(8);
const SAMPLES = readdirSync(join(FIXTURES_DIR, 'aws-events'))
  .filter((name) => /^eventbridge-codecommit-(pullRequest|comment|reaction)/.test(name))
  .sort();
let work: { dir: string; cleanup: () => void };
let repo: GitRepo;
let configPath: string;

function writeFile(name: string, content: string): string {
  const path = join(work.dir, name);
  writeFileSync(path, content);
  return path;
}

beforeAll(() => {
  work = tempDir('herald-replay-pr-');
  repo = GitRepo.init();
  repo.commit('start', { 'README.md': '# Demo\n' });
  repo.checkout('-b', 'feature');
  repo.commit('add config', { 'config/prod.env': `REGION=us-east-2\nAWS_ACCESS_KEY_ID=${KEY}\n` });
  configPath = writeFile(
    'herald.config.yml',
    `version: 1
targets:
  security: { topic: security, format: email }
  chat: { topic: chat, format: slack }
routes:
  - { name: activity, match: { source: [codecommit] }, targets: [security, chat] }
`,
  );
});

afterAll(() => {
  repo.cleanup();
  work.cleanup();
});

describe('herald replay on pull-request, comment and reaction events', () => {
  it.each(SAMPLES)('%s prints its planned actions and exits 0', async (name) => {
    const { code, actions, err } = await run('replay', join(FIXTURES_DIR, 'aws-events', name), '--config', configPath);
    expect(code).toBe(0);
    const publishes = actions.filter((action) => action.type === 'sns.publish');
    expect(publishes.map((action) => action.target)).toEqual(['security', 'chat']);
    expect(publishes[0]?.attributes.eventType).toMatch(/^(pull-request|comment|reaction)\./);
    const analyses = actions.filter((action) => action.type === 'pull-request.analyze');
    if (/pullRequest(Created|SourceBranchUpdated)/.test(name)) {
      expect(actions[0]).toMatchObject({ type: 'pull-request.analyze', repository: 'MyDemoRepo', pullRequestId: '1' });
      expect(err.join('\n')).toContain('analysis not run: set push.repositories.MyDemoRepo.localPath');
    } else {
      expect(analyses).toEqual([]);
    }
  });

  it('analyses a created pull request on the local clone and prints the comments it would post, masked', async () => {
    const event = fixture('eventbridge-codecommit-pullRequestCreated.json');
    event.detail.sourceCommit = repo.git('rev-parse', 'feature');
    event.detail.destinationCommit = repo.git('rev-parse', 'main');
    const withClone = writeFile(
      'with-clone.yml',
      `version: 1
targets:
  security: { topic: security, format: email }
routes:
  - { name: activity, match: { source: [codecommit] }, targets: [security] }
push:
  repositories:
    MyDemoRepo: { localPath: ${JSON.stringify(repo.dir)} }
`,
    );
    const { code, actions, out, err } = await run('replay', writeFile('created.json', JSON.stringify(event)), '--config', withClone);
    expect(code).toBe(0);
    expect(err.join('\n')).toMatch(/analysed pull request #1 .* 1 file\(s\) scanned/);
    expect(actions.map((action) => action.type)).toEqual(expect.arrayContaining(['pull-request.analyze', 'sns.publish', 'codecommit.pull-request-comment']));
    const comments = actions.filter((action) => action.type === 'codecommit.pull-request-comment');
    expect(comments.at(-1)).toMatchObject({ role: 'summary', afterCommitId: repo.git('rev-parse', 'feature'), beforeCommitId: repo.git('rev-parse', 'main') });
    expect(comments.filter((comment) => comment.role === 'finding').map((comment) => comment.location.filePath)).toContain('config/prod.env');
    expect(out.join('\n')).not.toContain(KEY);
  });
});

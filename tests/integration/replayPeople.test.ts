/**
 * `herald replay` shows what reaching the right people plans: an approval's alert and next step,
 * the enrichment role of another account, the note for one without a role, and account labels.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../shared/cli/main';
import { FIXTURES_DIR, fixture } from '../support/fixtures';

const CONFIG = join(FIXTURES_DIR, 'config', 'people.yml');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-replay-people-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function replay(raw: unknown) {
  const path = join(dir, `event-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(raw));
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['replay', path, '--config', CONFIG], { out: (line) => out.push(line), err: (line) => err.push(line) }, {});
  return { code, actions: out.map((line) => JSON.parse(line)), err };
}

describe('herald replay, reaching the right people', () => {
  it('prints the publishes of a waiting approval, with its next step for Chatbot', async () => {
    const { code, actions } = await replay(fixture('codepipeline-action-execution-approval-started.derived.json'));

    expect(code).toBe(0);
    expect(actions.map((action) => [action.type, action.target, action.attributes?.eventType])).toEqual([
      ['sns.publish', 'email', 'approval.waiting'],
      ['sns.publish', 'chat', 'approval.waiting'],
      ['sns.publish', 'slack', 'approval.waiting'],
    ]);
    expect(JSON.parse(actions[1].message).content.nextSteps[0]).toContain('Review the approval ManualApproval');
  });

  it("prints the enrichment of another account with the role it assumes, and the account's alias", async () => {
    const raw = fixture('codepipeline-pipeline-execution-failed.json');
    raw.account = '111111111111';
    raw.region = 'eu-west-1';
    const { actions } = await replay(raw);

    expect(actions[0]).toMatchObject({ type: 'codepipeline.enrich', account: '111111111111', region: 'eu-west-1', roleArn: 'arn:aws:iam::111111111111:role/HeraldRead', commitAuthor: true });
    const email = actions.find((action) => action.target === 'email');
    expect(email.message).toContain('Account payments-prod (111111111111) · Region eu-west-1');
  });

  it('prints the note of an account without an enrichment role, and no enrichment', async () => {
    const raw = fixture('codepipeline-pipeline-execution-failed.json');
    raw.account = '222222222222';
    raw.region = 'us-east-2';
    const { actions } = await replay(raw);

    expect(actions.map((action) => action.type)).toEqual(['sns.publish', 'sns.publish', 'sns.publish']);
    expect(actions[0].message).toContain('Not enriched: account 222222222222 is another account');
    expect(actions[0].message).toContain('https://us-east-2.console.aws.amazon.com/');
  });
});

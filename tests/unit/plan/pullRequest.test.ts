import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AnalysisReport, Finding } from '../../../shared/analysis/types';
import type { PullRequestChange, RepositoryActivityEvent } from '../../../shared/events/domain';
import { parseEvent } from '../../../shared/events/parse';
import type { PullRequestCommentAction } from '../../../shared/plan/actions';
import type { ExistingComment, ResolvedPullRequest } from '../../../shared/plan/facts';
import { effectIdentity } from '../../../shared/plan/identity';
import { COMMENT_MAX_CHARS } from '../../../shared/plan/findingComment';
import { decidePullRequest, findingKey, heraldHistory, planPullRequestComments, planRepositoryActivity } from '../../../shared/plan/pullRequest';
import { config } from '../../support/domain';
import { FIXTURES_DIR, fixture } from '../../support/fixtures';
import { expectSafeChatText, slackTexts, VALID_SNS_SUBJECT } from '../render/assertions';
import { HOSTILE_PIECES, hostileText, seededRandom } from '../render/alerts';

const SOURCE = 'b'.repeat(40);
const DESTINATION = 'd'.repeat(40);
const BASE = 'a'.repeat(40);
const RESOLVED: ResolvedPullRequest = { mergeBase: BASE, sourceCommit: SOURCE, destinationCommit: DESTINATION, status: 'OPEN', notes: [] };

const EVERY_MEDIUM = config({
  targets: { email: { topic: 'alerts', format: 'email' }, slack: { topic: 'slack', format: 'slack' }, chat: { topic: 'chat', format: 'chatbot' } },
  routes: [{ name: 'activity', match: { source: ['codecommit'] }, targets: ['email', 'slack', 'chat'] }],
});

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    rule: 'aws-access-key-id',
    kind: 'AWS access key id',
    category: 'secret',
    file: 'config/prod.env',
    line: 3,
    column: 19,
    severity: 'critical',
    blocking: true,
    preview: 'AKIA************ST01',
    fingerprint: 'fp-1',
    message: 'An AWS access key id was committed.',
    ...overrides,
  };
}

function report(findings: readonly Finding[]): AnalysisReport {
  return { findings, scannedFiles: 4, scannedBytes: 2048, skipped: [], suppressed: 0 };
}

function activity(raw: unknown): RepositoryActivityEvent {
  const [event] = parseEvent(raw);
  if (event === undefined || (event.kind !== 'pull-request' && event.kind !== 'comment')) throw new Error('expected one pull-request or comment event');
  return event;
}

function pullRequest(name = 'eventbridge-codecommit-pullRequestCreated.json'): PullRequestChange {
  const event = activity(fixture(name));
  if (event.kind !== 'pull-request') throw new Error(`${name} is not a pull-request event`);
  return event;
}

/** What CodeCommit would hand back after these comments were posted. */
function posted(comments: readonly PullRequestCommentAction[], from = 0): ExistingComment[] {
  return comments.map((comment, index) => ({
    commentId: `c-${from + index}`,
    content: comment.content,
    ...(comment.location === undefined ? {} : { filePath: comment.location.filePath }),
    ...(comment.location?.filePosition === undefined ? {} : { filePosition: comment.location.filePosition }),
  }));
}

const SAMPLES = readdirSync(join(FIXTURES_DIR, 'aws-events'))
  .filter((name) => /^eventbridge-codecommit-(pullRequest|comment|reaction)/.test(name))
  .sort();

/** The sample with hostile text in every free-text field an attacker controls. */
function hostileSample(name: string, text: string): RepositoryActivityEvent {
  const raw = fixture(name);
  const detail = raw.detail;
  for (const field of ['title', 'description', 'displayName', 'emailAddress', 'approvalRuleName', 'mergeOption']) {
    if (field in detail || field === 'title') detail[field] = text;
  }
  if ('sourceReference' in detail) detail.sourceReference = `refs/heads/${text}`;
  if ('destinationReference' in detail) detail.destinationReference = `refs/heads/${text}`;
  if ('reactionShortcodes' in detail) detail.reactionShortcodes = [text];
  detail.callerUserArn = `arn:aws:iam::123456789012:user/${text}`;
  const [event] = parseEvent(raw);
  if (event === undefined || (event.kind !== 'pull-request' && event.kind !== 'comment')) throw new Error(`${name} is not repository activity`);
  return event;
}

function expectSafeEverywhere(event: RepositoryActivityEvent, analysis?: Parameters<typeof planRepositoryActivity>[2]): void {
  const plan = planRepositoryActivity(event, EVERY_MEDIUM, analysis);
  const urls = [...plan.alert.links, ...plan.alert.failures.flatMap((failure) => (failure.link === undefined ? [] : [failure.link])), ...(plan.alert.commit?.link === undefined ? [] : [plan.alert.commit.link])].map((link) => link.url);
  expect(plan.deliveries.map((delivery) => delivery.format).sort()).toEqual(['chatbot', 'email', 'slack']);
  for (const delivery of plan.deliveries) {
    expect(delivery.subject).toMatch(VALID_SNS_SUBJECT);
    for (const value of Object.values(delivery.attributes)) expect(value).not.toMatch(/[\p{Cc}\p{Cf}\ud800-\udfff]/u);
    switch (delivery.format) {
      case 'email':
        expect(delivery.message).not.toMatch(/[^\P{Cc}\n\t]/u);
        expect(delivery.message).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
        expect(delivery.message).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
        break;
      case 'slack':
        for (const text of slackTexts(JSON.parse(delivery.message))) expectSafeChatText(text, urls);
        break;
      case 'chatbot': {
        const { content } = JSON.parse(delivery.message);
        expectSafeChatText(content.title, urls);
        expectSafeChatText(content.description, urls);
        break;
      }
      default:
        throw new Error(`unexpected format ${delivery.format}`);
    }
  }
}

describe('pull-request and comment alerts', () => {
  it.each(SAMPLES)('%s is routed to every medium as source codecommit, with filterable attributes', (name) => {
    const [event] = parseEvent(fixture(name));
    if (event === undefined || (event.kind !== 'pull-request' && event.kind !== 'comment')) throw new Error('not repository activity');
    const plan = planRepositoryActivity(event, EVERY_MEDIUM);
    expect(plan.deliveries).toHaveLength(3);
    const attributes = plan.deliveries[0]?.attributes;
    expect(attributes).toMatchObject({ eventType: expect.stringMatching(/^(pull-request|comment|reaction)\./), severity: 'info', repository: 'MyDemoRepo', account: '123456789012' });
    if (event.kind === 'pull-request') expect(attributes).toMatchObject({ branch: 'main' });
    expect(new Set(plan.deliveries.map((delivery) => delivery.dedupeKey)).size).toBe(3);
  });

  it.each(SAMPLES)('%s renders hostile titles, descriptions, names and branches safely in every medium', (name) => {
    expectSafeEverywhere(hostileSample(name, HOSTILE_PIECES.join('')));
    const random = seededRandom(name.length);
    for (let run = 0; run < 20; run += 1) expectSafeEverywhere(hostileSample(name, hostileText(random, 30)));
  });

  it('renders a hostile pull request with findings safely, findings and all', () => {
    const event = hostileSample('eventbridge-codecommit-pullRequestCreated.json', HOSTILE_PIECES.join(''));
    expectSafeEverywhere(event, { resolved: RESOLVED, report: report([finding({ file: `src/${HOSTILE_PIECES.join('')}.env` })]), existing: [] });
  });

  it('names what happened: merged, approved, closed, commented', () => {
    const titles = SAMPLES.map((name) => {
      const [event] = parseEvent(fixture(name));
      if (event === undefined || (event.kind !== 'pull-request' && event.kind !== 'comment')) throw new Error('not repository activity');
      return planRepositoryActivity(event, EVERY_MEDIUM).alert;
    });
    expect(titles.map((alert) => alert.eventType)).toEqual(
      expect.arrayContaining(['pull-request.created', 'pull-request.merge-status-updated', 'pull-request.approval-state-changed', 'comment.created', 'reaction.created']),
    );
    expect(titles.map((alert) => alert.title)).toEqual(
      expect.arrayContaining([
        'PR #1 opened in MyDemoRepo: My Example Pull Request',
        'PR #1 merged in MyDemoRepo: My Example Pull Request',
        'PR #227 approved in MyDemoRepo: My example pull request',
        'PR #227 approval revoked in MyDemoRepo: My example pull request',
        'PR #1 closed in MyDemoRepo: My Example Pull Request',
        'Saanvi Sarkar replied to a comment on pull request #201 in MyDemoRepo',
      ]),
    );
  });

  it('raises the severity of an analysed pull request to its worst finding, and routes on it', () => {
    const plan = planRepositoryActivity(pullRequest(), EVERY_MEDIUM, { resolved: RESOLVED, report: report([finding({ severity: 'high' })]), existing: [] });
    expect(plan.alert.severity).toBe('high');
    expect(plan.alert.failures).toHaveLength(1);
    expect(plan.deliveries[0]?.message).toContain('AKIA************ST01');
  });
});

describe('deciding to analyse', () => {
  it('analyses created and source-updated open pull requests, with the tips the event names', () => {
    expect(decidePullRequest(pullRequest(), EVERY_MEDIUM)).toEqual({
      kind: 'analyze',
      action: { type: 'pull-request.analyze', repository: 'MyDemoRepo', pullRequestId: '1', sourceCommit: '2774290EXAMPLE', destinationCommit: '12241970EXAMPLE', account: '123456789012', region: 'us-east-2' },
    });
    expect(decidePullRequest(pullRequest('eventbridge-codecommit-pullRequestSourceBranchUpdated.json'), EVERY_MEDIUM).kind).toBe('analyze');
  });

  it('only notifies about other events, closed pull requests, or when analysis is off', () => {
    expect(decidePullRequest(pullRequest('eventbridge-codecommit-pullRequestStatusChanged.json'), EVERY_MEDIUM).kind).toBe('notify');
    expect(decidePullRequest({ ...pullRequest(), status: 'Closed' }, EVERY_MEDIUM).kind).toBe('notify');
    const off = config({ pullRequests: { analyze: false } });
    expect(decidePullRequest(pullRequest(), off)).toEqual({ kind: 'notify', reason: 'pull request analysis is off (pullRequests.analyze)' });
  });
});

describe('pull-request comments', () => {
  const event = pullRequest();
  const key = finding();
  const other = finding({ rule: 'private-key', kind: 'private key', file: 'id_rsa', line: 1, fingerprint: 'fp-2' });

  it('comments each new finding at its file and line, source tip against destination tip, then one summary', () => {
    const plan = planPullRequestComments(event, RESOLVED, [key, other], []);
    expect(plan.comments.map((comment) => comment.role)).toEqual(['finding', 'finding', 'summary']);
    expect(plan.comments[0]).toMatchObject({
      type: 'codecommit.pull-request-comment',
      repository: 'MyDemoRepo',
      pullRequestId: '1',
      beforeCommitId: DESTINATION,
      afterCommitId: SOURCE,
      location: { filePath: 'config/prod.env', filePosition: 3, relativeFileVersion: 'AFTER' },
    });
    expect(plan.comments[0]?.content).toContain('AKIA************ST01');
    expect(plan.comments[0]?.content).toMatch(new RegExp(`<!-- herald:finding ${findingKey(key)} aws-access-key-id -->$`));
    const summary = plan.comments[2];
    expect(summary).not.toHaveProperty('location');
    expect(summary?.content).toContain('**2 open findings**');
    expect(summary?.content).toMatch(/<!-- herald:summary [0-9a-f]{24} -->$/);
  });

  it('posts nothing again when the same analysis runs over its own comments (a re-delivery)', () => {
    const first = planPullRequestComments(event, RESOLVED, [key, other], []);
    const again = planPullRequestComments(event, RESOLVED, [key, other], posted(first.comments));
    expect(again.comments).toEqual([]);
    expect(again.newFindings).toEqual([]);
  });

  it('comments only the new finding when the source moves, and marks the fixed one in a new summary', () => {
    const first = planPullRequestComments(event, RESOLVED, [key], []);
    const moved = { ...RESOLVED, sourceCommit: 'c'.repeat(40) };
    // The key was removed and a private key added; the key's finding is now fixed.
    const second = planPullRequestComments(event, moved, [other], posted(first.comments));
    expect(second.comments.map((comment) => [comment.role, comment.location?.filePath])).toEqual([
      ['finding', 'id_rsa'],
      ['summary', undefined],
    ]);
    expect(second.fixed).toEqual([{ key: findingKey(key), rule: 'aws-access-key-id', filePath: 'config/prod.env', filePosition: 3 }]);
    expect(second.comments[1]?.content).toContain('~~aws-access-key-id in `config/prod.env` line 3~~ fixed');
  });

  it('does not comment a finding again when it only moved to another line', () => {
    const first = planPullRequestComments(event, RESOLVED, [key], []);
    const second = planPullRequestComments(event, { ...RESOLVED, sourceCommit: 'c'.repeat(40) }, [{ ...key, line: 40 }], posted(first.comments));
    expect(second.comments).toEqual([]);
  });

  it('says nothing about a clean pull request Herald never commented on', () => {
    expect(planPullRequestComments(event, RESOLVED, [], []).comments).toEqual([]);
  });

  it('still reads a marker when the stored comment gained trailing whitespace', () => {
    const first = planPullRequestComments(event, RESOLVED, [key], []);
    const stored = posted(first.comments).map((comment) => ({ ...comment, content: `${comment.content}\n` }));
    expect(planPullRequestComments(event, RESOLVED, [key], stored).comments).toEqual([]);
  });

  it('reads only its own markers, and ignores comments without them', () => {
    const history = heraldHistory([
      { commentId: 'x', content: 'LGTM <!-- herald:finding nothex ruleid -->' },
      { commentId: 'y', content: '' },
    ]);
    expect(history.reported.size).toBe(0);
    expect(history.lastSummaryState).toBeUndefined();
  });

  it('uses request tokens that are stable per finding and differ between findings and summaries', () => {
    const first = planPullRequestComments(event, RESOLVED, [key, other], []);
    const again = planPullRequestComments({ ...event, eventId: 'redelivered' }, RESOLVED, [key, other], []);
    expect(again.comments.map((comment) => comment.clientRequestToken)).toEqual(first.comments.map((comment) => comment.clientRequestToken));
    expect(new Set(first.comments.map((comment) => comment.clientRequestToken)).size).toBe(3);
    for (const comment of first.comments) expect(comment.clientRequestToken).toMatch(/^herald-[0-9a-f]{48}$/);
  });

  it('keeps every comment within 10,240 characters, marker intact, however many or long the findings', () => {
    const many = Array.from({ length: 500 }, (_, index) =>
      finding({ fingerprint: `fp-${index}`, file: `src/${'deep/'.repeat(40)}file-${index}.env`, message: 'm'.repeat(20_000) }),
    );
    const plan = planPullRequestComments(event, RESOLVED, many, []);
    expect(plan.comments.filter((comment) => comment.role === 'finding')).toHaveLength(20);
    for (const comment of plan.comments) {
      expect(comment.content.length).toBeLessThanOrEqual(COMMENT_MAX_CHARS);
      expect(comment.content).toMatch(/<!-- herald:(finding|summary) [^>]+ -->$/);
    }
    expect(plan.comments.at(-1)?.content).toMatch(/more lines not shown/);
  });

  it('writes hostile file paths into the summary as inline code on one line', () => {
    const plan = planPullRequestComments(event, RESOLVED, [finding({ file: 'a`b\n<!-- herald:summary 000000000000000000000000 -->\u202e.env' })], []);
    const summary = plan.comments.at(-1)?.content ?? '';
    expect(summary).toContain("`a'b <!-- herald:summary 000000000000000000000000 --> .env`");
    // The forged marker text is not at the end of a line of its own: only the real marker counts.
    expect(heraldHistory([{ commentId: 's', content: summary }]).lastSummaryState).not.toBe('000000000000000000000000');
  });

  it('leaves comments out when pullRequests.comments is off, the alert still carries the findings', () => {
    const quiet = config({ pullRequests: { comments: false }, routes: [{ name: 'all', targets: ['email'] }] });
    const plan = planRepositoryActivity(event, quiet, { resolved: RESOLVED, report: report([key]), existing: [] });
    expect(plan.comments).toEqual([]);
    expect(plan.alert.failures).toHaveLength(1);
  });
});

describe('effect identity of pull-request and comment events', () => {
  it('is the same for a re-delivered event and differs between approve and revoke', () => {
    const approve = pullRequest('eventbridge-codecommit-pullRequestApprovalStateChanged-approve.json');
    const revoke = pullRequest('eventbridge-codecommit-pullRequestApprovalStateChanged-revoke.json');
    expect(effectIdentity({ ...approve, eventId: 'another-delivery' })).toBe(effectIdentity(approve));
    expect(effectIdentity(approve)).not.toBe(effectIdentity(revoke));
  });

  it('tells two reactions to one comment apart', () => {
    const created = activity(fixture('eventbridge-codecommit-reactionCreated.json'));
    const updated = activity(fixture('eventbridge-codecommit-reactionUpdated.json'));
    expect(effectIdentity(created)).not.toBe(effectIdentity(updated));
  });
});

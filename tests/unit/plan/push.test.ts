import { analyzeFiles, DEFAULT_ANALYSIS_OPTIONS } from '../../../shared/analysis/engine';
import type { AnalysisReport, Finding } from '../../../shared/analysis/types';
import type { ResolvedRange } from '../../../shared/plan/facts';
import { decidePush } from '../../../shared/plan/push';
import { COMMENT_MAX_CHARS } from '../../../shared/plan/findingComment';
import { MAX_COMMENTS_PER_PUSH, commentRequestToken, planFindings } from '../../../shared/plan/pushFindings';
import { effectKey } from '../../../shared/plan/identity';
import { config, pushEvent } from '../../support/domain';
import { fakeAwsAccessKeyId } from '../../support/fakeCredentials';

const OLD = 'a'.repeat(40);
const NEW = 'b'.repeat(40);

describe('decidePush', () => {
  it.each([
    ['a test trigger', pushEvent({ delivery: 'trigger', isTest: true }), 'answered TriggerEventTest without scanning'],
    ['a deleted branch', pushEvent({ change: 'deleted' }), 'was deleted'],
    ['an unprotected branch', pushEvent({ ref: 'refs/heads/feature/x', branch: 'feature/x' }), 'branch feature/x of api is not protected'],
    ['a tag while tags are off', pushEvent({ ref: 'refs/tags/v1', tag: 'v1' }, ['branch']), 'push.tags is false'],
    ['a ref that is neither', pushEvent({ ref: 'refs/notes/commits' }, ['branch']), 'neither a branch nor a tag'],
    ['an empty repository\'s test tip', pushEvent({ commitId: '0'.repeat(40) }), 'names no commit'],
  ])('ignores %s', (_name, event, reason) => {
    expect(decidePush(event, config())).toEqual({ kind: 'ignore', reason: expect.stringContaining(reason) });
  });

  it('analyses an EventBridge update from the old tip to the new', () => {
    expect(decidePush(pushEvent(), config())).toEqual({ kind: 'analyze', range: { kind: 'commits', from: OLD, to: NEW } });
  });

  it('analyses a created branch from its merge base with the default branch', () => {
    const event = pushEvent({ change: 'created', ref: 'refs/heads/release/2', branch: 'release/2' });
    const withRelease = config({ push: { protectedBranches: ['main', 'release/**'] } });
    expect(decidePush(event, withRelease)).toEqual({ kind: 'analyze', range: { kind: 'created', mergeBaseWith: 'default-branch', to: NEW } });
  });

  it('analyses a trigger update (new tip only) against the first parent', () => {
    const trigger = pushEvent({ delivery: 'trigger' }, ['oldCommitId']);
    expect(decidePush(trigger, config())).toEqual({ kind: 'analyze', range: { kind: 'first-parent', from: 'first-parent', to: NEW } });
  });

  it('treats an all-zero old commit as unknown', () => {
    expect(decidePush(pushEvent({ oldCommitId: '0'.repeat(40) }), config())).toMatchObject({ range: { kind: 'first-parent' } });
  });

  it('analyses tags when configured', () => {
    const tag = pushEvent({ ref: 'refs/tags/v1', tag: 'v1', change: 'created' }, ['branch']);
    expect(decidePush(tag, config({ push: { tags: true } }))).toMatchObject({ kind: 'analyze', range: { kind: 'created' } });
  });

  it('lets a repository replace the protected branches, and [] protect none', () => {
    const perRepository = config({ push: { repositories: { api: { protectedBranches: ['trunk'] }, docs: { protectedBranches: [] } } } });
    expect(decidePush(pushEvent(), perRepository).kind).toBe('ignore');
    expect(decidePush(pushEvent({ ref: 'refs/heads/trunk', branch: 'trunk' }), perRepository).kind).toBe('analyze');
    expect(decidePush(pushEvent({ repository: 'docs' }), perRepository).kind).toBe('ignore');
    expect(decidePush(pushEvent({ repository: 'other' }), perRepository).kind).toBe('analyze');
  });
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

function report(findings: readonly Finding[], overrides: Partial<AnalysisReport> = {}): AnalysisReport {
  return { findings, scannedFiles: 4, scannedBytes: 2048, skipped: [], suppressed: 0, ...overrides };
}

const RANGE: ResolvedRange = { before: OLD, after: NEW, basis: 'previous tip aaaaaaa', notes: [] };
const SECURITY = config({
  targets: { security: { topic: 'security', format: 'email' }, chat: { topic: 'chat', format: 'chatbot' } },
  routes: [
    { name: 'security', match: { source: ['codecommit'], eventType: ['push.*'] }, targets: ['security'], final: true },
    { name: 'everything-else', targets: ['chat'] },
  ],
});

describe('planFindings', () => {
  it('routes findings as source codecommit, eventType push.findings, with repository and branch', () => {
    const plan = planFindings(pushEvent(), report([finding(), finding({ line: 9, fingerprint: 'fp-2' }), finding({ file: 'id_rsa', line: 1, kind: 'private key', rule: 'private-key', fingerprint: 'fp-3' })]), SECURITY, RANGE);

    expect(plan.alert).toMatchObject({ eventType: 'push.findings', severity: 'critical', title: '3 secrets pushed to api/main' });
    expect(plan.deliveries).toHaveLength(1);
    expect(plan.deliveries[0]).toMatchObject({
      target: 'security',
      topic: 'security',
      dedupeKey: effectKey(pushEvent(), 'security'),
      attributes: { eventType: 'push.findings', severity: 'critical', branch: 'main', repository: 'api', account: '111122223333' },
    });
    const message = plan.deliveries[0]?.message ?? '';
    expect(message).toContain('config/prod.env:3');
    expect(message).toContain('AKIA************ST01');
    expect(message).toContain('AWS access key id');
    expect(message).toContain('FINDINGS');
    expect(message).not.toContain('WHAT FAILED');
    expect(plan.comments).toEqual([]);
  });

  it('says "findings" when not every finding is a secret, and takes the highest severity', () => {
    const plan = planFindings(pushEvent(), report([finding({ severity: 'medium' }), finding({ category: 'conflict-marker', severity: 'low', fingerprint: 'x' })]), SECURITY, RANGE);
    expect(plan.alert).toMatchObject({ title: '2 findings pushed to api/main', severity: 'medium' });
  });

  it('sends nothing for a clean push, unless cleanSummary is on', () => {
    expect(planFindings(pushEvent(), report([]), SECURITY, RANGE)).toEqual({ deliveries: [], comments: [] });
    const summary = planFindings(pushEvent(), report([]), config({ ...SECURITY_INPUT, push: { cleanSummary: true } }), RANGE);
    expect(summary.alert).toMatchObject({ eventType: 'push.clean', severity: 'info', title: 'Push to api/main is clean' });
    expect(summary.deliveries.map((delivery) => delivery.target)).toEqual(['security']);
  });

  it('reports skipped files as not scanned, and the range notes', () => {
    const skipped = [
      { path: 'dump.sql', reason: 'too-large' as const },
      { path: 'big.bin', reason: 'too-large' as const, bytes: 3 * 1024 * 1024 },
      { path: 'node_modules/x/index.js', reason: 'vendored' as const },
    ];
    const range = { ...RANGE, notes: ['Force push: analysed from the merge base.'] };
    const plan = planFindings(pushEvent(), report([finding()], { skipped }), SECURITY, range);
    expect(plan.alert?.notes).toEqual([
      'Force push: analysed from the merge base.',
      'Not scanned (too large): 2 files: dump.sql, big.bin (3.0 MB).',
      'Not scanned (vendored or generated): 1 file.',
    ]);
  });

  it('explains the tip-only view of a trigger', () => {
    const trigger = pushEvent({ delivery: 'trigger' }, ['oldCommitId']);
    const plan = planFindings(trigger, report([finding()]), SECURITY, { before: OLD, after: NEW, basis: 'first parent', notes: [], tipOnly: true });
    expect(plan.alert?.notes.join('\n')).toContain('new tip only');
    const sinceAnalysed = planFindings(trigger, report([finding()]), SECURITY, { before: OLD, after: NEW, basis: 'previous tip', notes: [] });
    expect(sinceAnalysed.alert?.notes.join('\n')).not.toContain('new tip only');
  });

  it('plans one comment per finding at its file and line when commitComments is on', () => {
    const withComments = config({ ...SECURITY_INPUT, push: { commitComments: true } });
    const plan = planFindings(pushEvent(), report([finding(), finding({ file: 'keys/', line: 0, category: 'forbidden-file', fingerprint: 'f' })]), withComments, RANGE);

    expect(plan.comments).toHaveLength(2);
    expect(plan.comments[0]).toEqual({
      type: 'codecommit.comment',
      repository: 'api',
      beforeCommitId: OLD,
      afterCommitId: NEW,
      location: { filePath: 'config/prod.env', filePosition: 3, relativeFileVersion: 'AFTER' },
      content: expect.stringContaining('AKIA************ST01'),
      clientRequestToken: expect.stringMatching(/^herald-[0-9a-f]{48}$/),
    });
    expect(plan.comments[1]?.location).toEqual({ filePath: 'keys/', relativeFileVersion: 'AFTER' });
    expect(plan.comments[0]?.clientRequestToken).not.toBe(plan.comments[1]?.clientRequestToken);
  });

  it('bounds comments in number and length, and omits the before commit of a whole-tree analysis', () => {
    const withComments = config({ ...SECURITY_INPUT, push: { commitComments: true } });
    const many = Array.from({ length: MAX_COMMENTS_PER_PUSH + 5 }, (_, index) => finding({ line: index + 1, fingerprint: `fp-${index}`, message: 'x'.repeat(20_000) }));
    const plan = planFindings(pushEvent(), report(many), withComments, { after: NEW, basis: 'root commit', notes: [] });
    expect(plan.comments).toHaveLength(MAX_COMMENTS_PER_PUSH);
    for (const comment of plan.comments) {
      expect(comment.content.length).toBeLessThanOrEqual(COMMENT_MAX_CHARS);
      expect(comment).not.toHaveProperty('beforeCommitId');
    }
  });

  it('derives the same comment token for the same event and finding, and another for another event', () => {
    expect(commentRequestToken(pushEvent(), finding())).toBe(commentRequestToken(pushEvent(), finding()));
    expect(commentRequestToken(pushEvent({ eventId: 'evt-2' }), finding())).not.toBe(commentRequestToken(pushEvent(), finding()));
  });
});

const SECURITY_INPUT = {
  targets: { security: { topic: 'security', format: 'email' } },
  routes: [{ name: 'security', match: { source: ['codecommit'] }, targets: ['security'] }],
};

describe('planFindings with the real engine', () => {
  // The engine's own output feeds the plan: whatever it found, the plan carries no secret.
  it('never puts the secret in a publish, a subject, an attribute or a comment', () => {
    const key = fakeAwsAccessKeyId(1);
    const content = new TextEncoder().encode(`# deploy settings\nAWS_ACCESS_KEY_ID=${key}\n`);
    const analysed: AnalysisReport = analyzeFiles([{ path: 'deploy/settings.env', content }], { ...DEFAULT_ANALYSIS_OPTIONS, fingerprintSalt: 'unit', baseline: new Set() });
    expect(analysed.findings.length).toBeGreaterThan(0);

    const withComments = config({ ...SECURITY_INPUT, targets: { ...SECURITY_INPUT.targets, chat: { topic: 'chat', format: 'chatbot' }, slack: { topic: 'slack', format: 'slack' } }, routes: [{ name: 'all', targets: ['security', 'chat', 'slack'] }], push: { commitComments: true } });
    const plan = planFindings(pushEvent(), analysed, withComments, RANGE);

    expect(plan.deliveries).toHaveLength(3);
    expect(plan.comments.length).toBeGreaterThan(0);
    const everything = JSON.stringify(plan);
    expect(everything).not.toContain(key);
    expect(everything).toContain('deploy/settings.env:2');
  });
});

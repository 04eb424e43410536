import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CommentChange, DomainEvent, PullRequestChange } from '../../../shared/events/domain';
import { EventValidationError, UnsupportedEventError } from '../../../shared/events/errors';
import { parseEvent } from '../../../shared/events/parse';
import { FIXTURES_DIR, fixture, snsEventWith } from '../../support/fixtures';

function parseOne(raw: unknown): DomainEvent {
  const events = parseEvent(raw);
  expect(events).toHaveLength(1);
  const [event] = events;
  if (event === undefined) throw new Error('no event parsed');
  return event;
}

function thrownBy<T extends Error>(type: new (...args: never[]) => T, run: () => unknown): T {
  try {
    run();
  } catch (error: unknown) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected ${type.name}`);
}

const PR_227: Partial<PullRequestChange> = {
  kind: 'pull-request',
  delivery: 'eventbridge',
  account: '123456789012',
  region: 'us-east-2',
  repository: 'MyDemoRepo',
  pullRequestId: '227',
  title: 'My example pull request',
  status: 'Open',
  isMerged: false,
  sourceReference: 'refs/heads/test-branch',
  sourceBranch: 'test-branch',
  sourceCommit: '29964a17EXAMPLE',
  destinationReference: 'refs/heads/main',
  destinationBranch: 'main',
  destinationCommit: '194fdf00EXAMPLE',
  creationDate: 'Wed Nov 06 19:10:58 UTC 2019',
};

/** Expected fields of every pull-request, comment and reaction sample. */
const EXPECTED: Record<string, Partial<PullRequestChange> | Partial<CommentChange>> = {
  'eventbridge-codecommit-pullRequestCreated.json': {
    kind: 'pull-request',
    action: 'created',
    event: 'pullRequestCreated',
    eventId: '98377d67-EXAMPLE',
    time: '2019-02-09T07:15:16Z',
    repository: 'MyDemoRepo',
    pullRequestId: '1',
    title: 'My Example Pull Request',
    description: 'An example description.',
    status: 'Open',
    isMerged: false,
    sourceBranch: 'test-branch',
    sourceCommit: '2774290EXAMPLE',
    destinationBranch: 'main',
    destinationCommit: '12241970EXAMPLE',
    author: 'arn:aws:sts::123456789012:assumed-role/Admin/Mary_Major',
    caller: 'arn:aws:sts::123456789012:assumed-role/Admin/Mary_Major',
    revisionId: 'bdc0cb9bEXAMPLE',
    // Free text, trailing space and all: kept as sent, never parsed.
    creationDate: 'Tue Feb 9 2019 10:18:42 PDT ',
  },
  'eventbridge-codecommit-pullRequestSourceBranchUpdated.json': {
    action: 'source-updated',
    pullRequestId: '1',
    sourceCommit: '64875001EXAMPLE',
    destinationCommit: '7644990EXAMPLE',
    revisionId: 'bdc0cb9b4EXAMPLE',
  },
  'eventbridge-codecommit-pullRequestStatusChanged.json': { action: 'status-changed', status: 'Closed', isMerged: false, sourceCommit: '4409936EXAMPLE', creationDate: 'Tue Jun 18 10:34:20 PDT 2019' },
  'eventbridge-codecommit-pullRequestMergeStatusUpdated.json': { action: 'merge-status-updated', status: 'Closed', isMerged: true, mergeOption: 'FAST_FORWARD_MERGE' },
  'eventbridge-codecommit-pullRequestApprovalStateChanged-approve.json': { ...PR_227, action: 'approval-state-changed', approvalStatus: 'APPROVE', author: 'arn:aws:iam::123456789012:user/Li_Juan', caller: 'arn:aws:iam::123456789012:user/Mary_Major' },
  'eventbridge-codecommit-pullRequestApprovalStateChanged-revoke.json': { ...PR_227, action: 'approval-state-changed', approvalStatus: 'REVOKE' },
  'eventbridge-codecommit-pullRequestApprovalRuleOverridden-override.json': { ...PR_227, action: 'approval-rule-overridden', overrideStatus: 'OVERRIDE' },
  'eventbridge-codecommit-pullRequestApprovalRuleOverridden-revoke.json': { ...PR_227, action: 'approval-rule-overridden', overrideStatus: 'REVOKE' },
  'eventbridge-codecommit-pullRequestApprovalRuleCreated.json': { ...PR_227, action: 'approval-rule-created', approvalRuleName: '1-approver-needed' },
  'eventbridge-codecommit-pullRequestApprovalRuleUpdated.json': { ...PR_227, action: 'approval-rule-updated', approvalRuleName: '1-approver-needed' },
  'eventbridge-codecommit-pullRequestApprovalRuleDeleted.json': { ...PR_227, action: 'approval-rule-deleted', approvalRuleName: '1-approver-needed' },
  'eventbridge-codecommit-commentOnPullRequestCreated.json': {
    kind: 'comment',
    action: 'created',
    on: 'pull-request',
    event: 'commentOnPullRequestCreated',
    repository: 'MyDemoRepo',
    commentId: '463bEXAMPLE...',
    pullRequestId: '201',
    beforeCommitId: '3c5dEXAMPLE',
    afterCommitId: 'f4d5EXAMPLE',
    inReplyTo: '695bEXAMPLE...',
    caller: 'arn:aws:sts::123456789012:federated-user/Saanvi_Sarkar',
    displayName: 'Saanvi Sarkar',
    emailAddress: 'saanvi_sarkar@example.com',
  },
  'eventbridge-codecommit-commentOnPullRequestUpdated.json': { kind: 'comment', action: 'updated', on: 'pull-request', commentId: '40cb52f0-EXAMPLE', pullRequestId: '1', inReplyTo: '1285e713-EXAMPLE' },
  'eventbridge-codecommit-commentOnCommitCreated.json': { kind: 'comment', action: 'created', on: 'commit', commentId: '463bEXAMPLE...', afterCommitId: 'f4d5EXAMPLE', displayName: 'Mary Major' },
  'eventbridge-codecommit-commentOnCommitUpdated.json': { kind: 'comment', action: 'updated', on: 'commit', commentId: 'a7e5471e-EXAMPLE', beforeCommitId: '03314446', afterCommitId: '53812581' },
  'eventbridge-codecommit-reactionCreated.json': {
    kind: 'comment',
    action: 'reaction-created',
    on: 'comment',
    event: 'commentReactionCreated',
    eventId: '59fcccd8-217a-32ce-2b05-561ed68a1c42',
    commentId: '28930161-EXAMPLE',
    reactions: [':thumbsdown:'],
    caller: 'arn:aws:iam::123456789012:user/Mary_Major',
  },
  'eventbridge-codecommit-reactionUpdated.json': { kind: 'comment', action: 'reaction-updated', commentId: '28930161-EXAMPLE', reactions: [':smile:'] },
};

const SAMPLES = readdirSync(join(FIXTURES_DIR, 'aws-events'))
  .filter((name) => /^eventbridge-codecommit-(pullRequest|comment|reaction)/.test(name))
  .sort();

describe('pull-request, comment and reaction samples', () => {
  it('covers every such sample in the fixtures', () => {
    expect(SAMPLES.length).toBe(17);
    expect(Object.keys(EXPECTED).sort()).toEqual(SAMPLES);
  });

  it.each(SAMPLES)('%s parses to its domain event', (name) => {
    const event = parseOne(fixture(name));
    expect(event).toMatchObject(EXPECTED[name] ?? {});
    // Optional fields are absent, never `undefined` (exactOptionalPropertyTypes).
    expect(Object.values(event)).not.toContain(undefined);
  });

  it.each(SAMPLES)('%s parses the same inside an SNS message', (name) => {
    expect(parseOne(snsEventWith(fixture(name)))).toEqual(parseOne(fixture(name)));
  });
});

describe('pull-request event shapes', () => {
  it('takes the first of repositoryNames', () => {
    const raw = fixture('eventbridge-codecommit-pullRequestCreated.json');
    raw.detail.repositoryNames = ['first', 'second'];
    expect(parseOne(raw)).toMatchObject({ repository: 'first' });
  });

  it('reads isMerged as "True"/"False" in any case, or a boolean', () => {
    const raw = fixture('eventbridge-codecommit-pullRequestMergeStatusUpdated.json');
    for (const [value, merged] of [['TRUE', true], ['false', false], [true, true]] as const) {
      raw.detail.isMerged = value;
      expect(parseOne(raw)).toMatchObject({ isMerged: merged });
    }
    raw.detail.isMerged = 'yes';
    expect(thrownBy(EventValidationError, () => parseEvent(raw)).issues).toEqual([expect.stringContaining('detail.isMerged')]);
  });

  it('rejects a repositoryName string where the array belongs, naming the field', () => {
    const raw = fixture('eventbridge-codecommit-pullRequestCreated.json');
    raw.detail.repositoryNames = 'MyDemoRepo';
    expect(thrownBy(EventValidationError, () => parseEvent(raw)).issues).toEqual([expect.stringContaining('detail.repositoryNames')]);
  });

  it('keeps a destination that is not a branch as its reference only', () => {
    const raw = fixture('eventbridge-codecommit-pullRequestCreated.json');
    raw.detail.destinationReference = 'refs/tags/v1';
    const event = parseOne(raw);
    expect(event).toMatchObject({ destinationReference: 'refs/tags/v1' });
    expect(event).not.toHaveProperty('destinationBranch');
  });

  it('rejects an unknown pull-request event by name', () => {
    const raw = fixture('eventbridge-codecommit-pullRequestCreated.json');
    raw.detail.event = 'pullRequestSomethingNew';
    expect(thrownBy(UnsupportedEventError, () => parseEvent(raw)).message).toContain('"pullRequestSomethingNew"');
  });

  it('requires the pull request id of a comment on a pull request', () => {
    const raw = fixture('eventbridge-codecommit-commentOnPullRequestCreated.json');
    delete raw.detail.pullRequestId;
    expect(thrownBy(EventValidationError, () => parseEvent(raw)).issues).toEqual(['detail.pullRequestId: required']);
  });

  it('rejects a reaction event under its documented heading name (the real event is commentReactionCreated)', () => {
    const raw = fixture('eventbridge-codecommit-reactionCreated.json');
    raw.detail.event = 'reactionCreated';
    thrownBy(UnsupportedEventError, () => parseEvent(raw));
  });
});

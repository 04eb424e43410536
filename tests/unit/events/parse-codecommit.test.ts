import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DomainEvent, ReferenceChange } from '../../../shared/events/domain';
import { EventValidationError, UnsupportedEventError } from '../../../shared/events/errors';
import { describeRawEvent, parseEvent } from '../../../shared/events/parse';
import { FIXTURES_DIR, fixture, snsEventWith } from '../../support/fixtures';

function pushes(raw: unknown): ReferenceChange[] {
  return parseEvent(raw).map((event: DomainEvent) => {
    if (event.kind !== 'push') throw new Error(`parsed as ${event.kind}`);
    return event;
  });
}

function thrownBy<E extends Error>(type: abstract new (...args: never[]) => E, action: () => unknown): E {
  try {
    action();
  } catch (error: unknown) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected ${type.name}, but nothing was thrown`);
}

/** Paths of keys set to `undefined` anywhere in `value` (optional fields must be omitted instead). */
function undefinedKeys(value: unknown, path = ''): string[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => (child === undefined ? [`${path}.${key}`] : undefinedKeys(child, `${path}.${key}`)));
}

/** Expected events per fixture (every field, so nothing is silently added or dropped). */
const EXPECTED: Record<string, readonly ReferenceChange[]> = {
  'codecommit-trigger-push.json': [
    {
      kind: 'push',
      eventId: '31ade2c7-f889-47c5-a937-1cf99e2790e9:refs/heads/master:5e493c6f3067653f3d04eca608b4901eb227078',
      delivery: 'trigger',
      time: '2019-03-12T20:58:25.400Z',
      account: '123456789012',
      region: 'us-east-2',
      repository: 'lambda-pipeline-repo',
      ref: 'refs/heads/master',
      branch: 'master',
      commitId: '5e493c6f3067653f3d04eca608b4901eb227078',
      change: 'updated',
      isTest: false,
      pusher: 'arn:aws:iam::123456789012:user/intern',
      part: { number: 1, total: 1 },
      triggerName: 'index.handler',
    },
  ],
  'codecommit-trigger-test-event-with-customData.json': [
    {
      kind: 'push',
      eventId: '5a824061-17ca-46a9-bbf9-114edeadbeef:refs/heads/master:5c4ef1049f1d27deadbeeff313e0730018be182b',
      delivery: 'trigger',
      time: '2016-01-01T23:59:59.000Z',
      account: '123456789012',
      region: 'ca-central-1',
      repository: 'my-repo',
      ref: 'refs/heads/master',
      branch: 'master',
      commitId: '5c4ef1049f1d27deadbeeff313e0730018be182b',
      change: 'updated',
      isTest: true,
      pusher: 'arn:aws:iam::123456789012:root',
      customData: 'this is custom data',
      part: { number: 1, total: 1 },
      triggerName: 'my-trigger',
    },
  ],
  'sns-codecommit-trigger-message.aws-doc.repaired.json': [
    {
      kind: 'push',
      eventId: '11111-EXAMPLE-ID:refs/heads/NewBranch:317f8570EXAMPLE',
      delivery: 'trigger',
      time: '2016-02-09T00:08:11.743Z',
      account: '111122223333',
      region: 'us-east-2',
      repository: 'MyDemoRepo',
      ref: 'refs/heads/NewBranch',
      branch: 'NewBranch',
      commitId: '317f8570EXAMPLE',
      change: 'created',
      isTest: false,
      pusher: 'arn:aws:iam::111122223333:user/JaneDoe-CodeCommit',
      customData: 'Project ID 12345',
      part: { number: 1, total: 1 },
      triggerName: 'MyFirstTrigger',
    },
    {
      kind: 'push',
      eventId: '11111-EXAMPLE-ID:refs/heads/preprod:4c925148EXAMPLE',
      delivery: 'trigger',
      time: '2016-02-09T00:08:11.743Z',
      account: '111122223333',
      region: 'us-east-2',
      repository: 'MyDemoRepo',
      ref: 'refs/heads/preprod',
      branch: 'preprod',
      commitId: '4c925148EXAMPLE',
      change: 'updated',
      isTest: false,
      pusher: 'arn:aws:iam::111122223333:user/JaneDoe-CodeCommit',
      customData: 'Project ID 12345',
      part: { number: 1, total: 1 },
      triggerName: 'MyFirstTrigger',
    },
  ],
  'eventbridge-codecommit-referenceCreated.json': [
    {
      kind: 'push',
      eventId: '01234567-EXAMPLE',
      delivery: 'eventbridge',
      time: '2019-06-12T10:23:43Z',
      account: '123456789012',
      region: 'us-east-2',
      repository: 'MyDemoRepo',
      ref: 'refs/heads/myBranch',
      branch: 'myBranch',
      commitId: '3e5983DESTINATION',
      change: 'created',
      isTest: false,
    },
  ],
  'eventbridge-codecommit-referenceUpdated.json': [
    {
      kind: 'push',
      eventId: '01234567-EXAMPLE',
      delivery: 'eventbridge',
      time: '2019-06-12T10:23:43Z',
      account: '123456789012',
      region: 'us-east-2',
      repository: 'MyDemoRepo',
      ref: 'refs/heads/myBranch',
      branch: 'myBranch',
      commitId: '7f0103fMERGE',
      oldCommitId: '3e5983DESTINATION',
      change: 'updated',
      isTest: false,
    },
  ],
  'eventbridge-codecommit-referenceDeleted.json': [
    {
      kind: 'push',
      eventId: '01234567-EXAMPLE',
      delivery: 'eventbridge',
      time: '2019-06-12T10:23:43Z',
      account: '123456789012',
      region: 'us-east-2',
      repository: 'MyDemoRepo',
      ref: 'refs/heads/myBranch',
      branch: 'myBranch',
      oldCommitId: '26a8f2EXAMPLE',
      change: 'deleted',
      isTest: false,
    },
  ],
};

describe('parseEvent on the CodeCommit push samples', () => {
  const names = readdirSync(join(FIXTURES_DIR, 'aws-events'))
    .filter((name) => /^(codecommit-trigger-.*|eventbridge-codecommit-reference.*|sns-codecommit-trigger-message.*)\.json$/.test(name))
    .sort();

  it('has an expectation for every trigger and reference fixture', () => {
    expect(names).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(names)('%s parses to the expected references', (name) => {
    const events = pushes(fixture(name));
    expect(events).toEqual(EXPECTED[name]);
    expect(undefinedKeys(events)).toEqual([]);
  });

  it.each(names)('%s gives the same events when delivered through SNS', (name) => {
    // A trigger targeting an SNS topic publishes the `{Records: [...]}` message as its text.
    expect(parseEvent(snsEventWith(fixture(name)))).toEqual(parseEvent(fixture(name)));
  });

  it('gives a trigger and its SNS delivery the same ids, and every reference its own', () => {
    const direct = pushes(fixture('sns-codecommit-trigger-message.aws-doc.repaired.json'));
    const viaSns = pushes(snsEventWith(fixture('sns-codecommit-trigger-message.aws-doc.repaired.json')));
    expect(viaSns.map((event) => event.eventId)).toEqual(direct.map((event) => event.eventId));
    expect(new Set(direct.map((event) => event.eventId)).size).toBe(2);
  });

  it('parses several SNS messages and records in order', () => {
    const events = pushes(snsEventWith(fixture('codecommit-trigger-push.json'), fixture('eventbridge-codecommit-referenceUpdated.json')));
    expect(events.map((event) => [event.delivery, event.repository])).toEqual([
      ['trigger', 'lambda-pipeline-repo'],
      ['eventbridge', 'MyDemoRepo'],
    ]);
  });
});

describe('trigger variants', () => {
  it('keeps a null customData as null and an empty one as ""', () => {
    const withNull = fixture('codecommit-trigger-push.json');
    withNull.Records[0].customData = null;
    expect(pushes(withNull)[0]).toHaveProperty('customData', null);
    const empty = fixture('codecommit-trigger-push.json');
    empty.Records[0].customData = '';
    expect(pushes(empty)[0]).toHaveProperty('customData', '');
    expect(pushes(fixture('codecommit-trigger-push.json'))[0]).not.toHaveProperty('customData');
  });

  it('reads deletions, tags and the part of a split push', () => {
    const raw = fixture('codecommit-trigger-push.json');
    raw.Records[0].eventPartNumber = 2;
    raw.Records[0].eventTotalParts = 3;
    raw.Records[0].codecommit.references = [
      { commit: 'a'.repeat(40), ref: 'refs/heads/old', deleted: true },
      { commit: 'b'.repeat(40), ref: 'refs/tags/v1.2.0', created: true },
      { commit: 'c'.repeat(40), ref: 'refs/notes/commits' },
    ];
    const [deleted, tag, other] = pushes(raw);
    expect(deleted).toMatchObject({ change: 'deleted', branch: 'old', part: { number: 2, total: 3 } });
    expect(tag).toMatchObject({ change: 'created', tag: 'v1.2.0' });
    expect(tag).not.toHaveProperty('branch');
    expect(other).not.toHaveProperty('branch');
    expect(other).not.toHaveProperty('tag');
  });

  it('gives an empty references list no events', () => {
    const raw = fixture('codecommit-trigger-push.json');
    raw.Records[0].codecommit.references = [];
    expect(parseEvent(raw)).toEqual([]);
  });

  it('names the record and every bad field of a malformed trigger', () => {
    const raw = fixture('codecommit-trigger-push.json');
    delete raw.Records[0].codecommit.references[0].commit;
    raw.Records[0].eventSourceARN = 'arn:aws:s3:::bucket';
    const error = thrownBy(EventValidationError, () => parseEvent(raw));
    expect(error).toMatchObject({ eventId: '31ade2c7-f889-47c5-a937-1cf99e2790e9', source: 'aws:codecommit', detailType: 'ReferenceChanges' });
    expect(error.issues).toEqual(expect.arrayContaining([expect.stringContaining('Records[0].codecommit.references[0].commit'), expect.stringContaining('Records[0].eventSourceARN')]));
  });

  it('describes a trigger batch for logs', () => {
    expect(describeRawEvent(fixture('codecommit-trigger-push.json'))).toEqual({
      eventId: '31ade2c7-f889-47c5-a937-1cf99e2790e9',
      source: 'aws:codecommit',
      detailType: 'ReferenceChanges',
    });
  });
});

describe('EventBridge CodeCommit events that are not pushes', () => {
  // Pull-request, comment and reaction events are parsed (tests/unit/events/parse-pullRequest.test.ts).
  const others = readdirSync(join(FIXTURES_DIR, 'aws-events'))
    .filter(
      (name) =>
        name.startsWith('eventbridge-codecommit-') &&
        name.endsWith('.json') &&
        !/^eventbridge-codecommit-(reference|pullRequest|comment|reaction)/.test(name),
    )
    .sort();

  it.each(others)('%s is an UnsupportedEventError naming the event', (name) => {
    const raw = fixture(name);
    const error = thrownBy(UnsupportedEventError, () => parseEvent(raw));
    expect(error).toMatchObject({ eventId: raw.id, source: 'aws.codecommit', detailType: raw['detail-type'] });
  });

  it('says which repository state change it does not handle', () => {
    const error = thrownBy(UnsupportedEventError, () => parseEvent(fixture('eventbridge-codecommit-unreferencedMergeCommitCreated.json')));
    expect(error.message).toContain('"unreferencedMergeCommitCreated"');
  });

  it('requires the new tip of a created or updated reference', () => {
    const raw = fixture('eventbridge-codecommit-referenceUpdated.json');
    delete raw.detail.commitId;
    expect(thrownBy(EventValidationError, () => parseEvent(raw)).issues).toEqual(['detail.commitId: required']);
  });

  it('derives the full reference name of a tag when the event lacks it', () => {
    const raw = fixture('eventbridge-codecommit-referenceCreated.json');
    delete raw.detail.referenceFullName;
    raw.detail.referenceType = 'tag';
    raw.detail.referenceName = 'v2';
    raw.detail.callerUserArn = 'arn:aws:sts::123456789012:assumed-role/Admin/Mary_Major';
    expect(pushes(raw)[0]).toMatchObject({ ref: 'refs/tags/v2', tag: 'v2', pusher: 'arn:aws:sts::123456789012:assumed-role/Admin/Mary_Major' });
  });
});

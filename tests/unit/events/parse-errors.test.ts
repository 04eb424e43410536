import { EventValidationError, UnsupportedEventError } from '../../../shared/events/errors';
import { describeRawEvent, parseEvent } from '../../../shared/events/parse';
import { unwrapSnsEvent } from '../../../shared/events/sns';
import { fixture, snsEventWith } from '../../support/fixtures';

const SNS_MESSAGE_ID = '95df01b4-ee98-5cb9-9903-4c221d41eb5e';

/** Runs `action`, expecting it to throw an instance of `type`, and returns the error. */
function thrownBy<E extends Error>(type: abstract new (...args: never[]) => E, action: () => unknown): E {
  try {
    action();
  } catch (error: unknown) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected ${type.name}, but nothing was thrown`);
}

function expectOneLine(error: Error): void {
  expect(error.message).not.toMatch(/[\r\n]/);
  expect(error.message.length).toBeLessThan(600);
}

describe('EventValidationError for malformed events', () => {
  it('names the event id and the missing detail.pipeline', () => {
    const raw = fixture('codepipeline-action-execution-failed.json');
    delete raw.detail.pipeline;
    const error = thrownBy(EventValidationError, () => parseEvent(raw));
    expect(error).toMatchObject({
      name: 'EventValidationError',
      eventId: '01234567-EXAMPLE',
      source: 'aws.codepipeline',
      detailType: 'CodePipeline Action Execution State Change',
      issues: ['detail.pipeline: required'],
    });
    expect(error.message).toContain('01234567-EXAMPLE');
    expect(error.message).toContain('detail.pipeline: required');
    expect(error).toBeInstanceOf(Error);
    expectOneLine(error);
  });

  it('gives a notification-rule event its derived id in the error', () => {
    const raw = fixture('codepipeline-pipeline-execution-failed.codestar-notification-processed.repaired.json');
    delete raw.detail.pipeline;
    const error = thrownBy(EventValidationError, () => parseEvent(raw));
    expect(error.eventId).toMatch(/^nr-[0-9a-f]{32}$/);
    expect(error.issues).toEqual(['detail.pipeline: required']);
  });

  it('lists every bad field, with array indices in the path', () => {
    const raw = fixture('codebuild-build-state-failed.json');
    delete raw.detail['build-id'];
    raw.detail['build-status'] = 42;
    raw.detail['additional-information'].phases[6]['phase-type'] = '';
    const error = thrownBy(EventValidationError, () => parseEvent(raw));
    expect(error.issues).toHaveLength(3);
    expect(error.issues).toEqual(
      expect.arrayContaining([
        'detail.build-id: required',
        expect.stringMatching(/^detail\.build-status: .*expected string/),
        expect.stringMatching(/^detail\.additional-information\.phases\[6\]\.phase-type: /),
      ]),
    );
  });

  it('rejects a version that is not a number', () => {
    const raw = fixture('codepipeline-pipeline-execution-failed.json');
    raw.detail.version = 'v4';
    const error = thrownBy(EventValidationError, () => parseEvent(raw));
    expect(error.issues).toEqual(['detail.version: expected a number or numeric string']);
  });

  it('reports a missing detail and missing envelope fields', () => {
    const raw = fixture('codepipeline-pipeline-execution-failed.json');
    delete raw.detail;
    expect(thrownBy(EventValidationError, () => parseEvent(raw)).issues).toEqual(['detail: required']);
    const noId = fixture('codepipeline-pipeline-execution-failed.json');
    delete noId.id;
    delete noId.time;
    expect(thrownBy(EventValidationError, () => parseEvent(noId)).issues).toEqual(['id: required', 'time: required']);
  });

  it('requires a stage on stage events and an action on action events', () => {
    const stage = fixture('codepipeline-stage-execution-stopped.json');
    delete stage.detail.stage;
    expect(thrownBy(EventValidationError, () => parseEvent(stage)).issues).toEqual(['detail.stage: required']);
    const action = fixture('codepipeline-action-execution-failed.json');
    delete action.detail.action;
    expect(thrownBy(EventValidationError, () => parseEvent(action)).issues).toEqual(['detail.action: required']);
  });

  it('caps the message at a few issues and never quotes the payload', () => {
    const raw = fixture('codebuild-build-state-failed.json');
    raw.detail['additional-information'].phases = raw.detail['additional-information'].phases.map(() => ({}));
    const error = thrownBy(EventValidationError, () => parseEvent(raw));
    expect(error.issues).toHaveLength(11);
    expect(error.message).toContain('(+6 more)');
    expect(error.message).not.toContain('GitHub-Hookshot');
    expectOneLine(error);
  });

  it.each([
    [null, 'null'],
    ['{"detail-type": "x"}', 'string'],
    [42, 'number'],
    [[fixture('codepipeline-pipeline-execution-failed.json')], 'array'],
  ])('rejects non-object input %#', (raw, received) => {
    const error = thrownBy(EventValidationError, () => parseEvent(raw));
    expect(error.issues).toEqual([`(root): expected a JSON object, received ${received}`]);
  });

  it('rejects an object with no detail-type (a Chatbot custom notification)', () => {
    const error = thrownBy(EventValidationError, () => parseEvent(fixture('chatbot-custom-notification.minimal.json')));
    expect(error).toMatchObject({ source: 'custom', issues: ['detail-type: required'] });
  });
});

describe('UnsupportedEventError for events Herald does not handle', () => {
  // Approval rule templates are account-level (not about a pull request): not routed.
  it.each([
    'eventbridge-codecommit-approvalRuleTemplateAssociatedWithRepository.json',
    'eventbridge-codecommit-approvalRuleTemplateBatchDisassociatedFromRepositories.json',
    'eventbridge-codecommit-approvalRuleTemplateCreated.json',
    'eventbridge-codecommit-approvalRuleTemplateDisassociatedWithRepository.json',
  ])('rejects the approval rule template sample %s as unsupported, naming it', (name) => {
    const error = thrownBy(UnsupportedEventError, () => parseEvent(fixture(name)));
    expect(error).toMatchObject({ source: 'aws.codecommit', detailType: 'CodeCommit Approval Rule Template Change' });
  });

  it('rejects an unknown detail-type with the event identity', () => {
    const error = thrownBy(UnsupportedEventError, () =>
      parseEvent(fixture('eventbridge-codecommit-approvalRuleTemplateCreated.json')),
    );
    expect(error).toMatchObject({
      name: 'UnsupportedEventError',
      eventId: 'f7702227-EXAMPLE',
      source: 'aws.codecommit',
      detailType: 'CodeCommit Approval Rule Template Change',
    });
    expect(error.message).toBe('Unsupported event "CodeCommit Approval Rule Template Change" from aws.codecommit');
  });

  it('rejects a handled detail-type from another source', () => {
    const raw = fixture('codebuild-build-state-failed.json');
    raw.source = 'my.app';
    expect(thrownBy(UnsupportedEventError, () => parseEvent(raw)).source).toBe('my.app');
  });

  it('rejects a detail-type named like an Object.prototype member', () => {
    const raw = fixture('codebuild-build-state-failed.json');
    raw['detail-type'] = 'constructor';
    thrownBy(UnsupportedEventError, () => parseEvent(raw));
  });

  it('rejects a batch of another service\'s records (S3)', () => {
    const raw = { Records: [{ eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', s3: {} }] };
    expect(thrownBy(UnsupportedEventError, () => parseEvent(raw)).source).toBe('aws:s3');
  });

  it('rejects an unknown event inside an SNS message', () => {
    const raw = snsEventWith(fixture('eventbridge-codecommit-approvalRuleTemplateCreated.json'));
    expect(thrownBy(UnsupportedEventError, () => parseEvent(raw)).detailType).toBe('CodeCommit Approval Rule Template Change');
  });
});

describe('SNS envelope errors', () => {
  it('names the SNS MessageId when the Message is not JSON', () => {
    // The aws-lambda-go sample's Message is the plain text "Hello from SNS!".
    const error = thrownBy(EventValidationError, () => parseEvent(fixture('sns-lambda-event-envelope.aws-lambda-go.json')));
    expect(error).toMatchObject({
      eventId: SNS_MESSAGE_ID,
      source: 'aws:sns',
      issues: ['Records[0].Sns.Message: not valid JSON'],
    });
    expect(error.message).toBe(`SNS message ${SNS_MESSAGE_ID} is not valid JSON`);
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it('names the SNS message whose JSON is not an object', () => {
    const raw = snsEventWith(42);
    const error = thrownBy(EventValidationError, () => parseEvent(raw));
    expect(error.eventId).toBe(raw.Records[0].Sns.MessageId);
    expect(error.issues).toEqual(['(root): expected a JSON object, received number']);
  });

  it('reports a record without a Message', () => {
    const raw = snsEventWith({});
    delete raw.Records[0].Sns.Message;
    expect(thrownBy(EventValidationError, () => parseEvent(raw)).issues).toEqual(['Records[0].Sns.Message: required']);
  });

  it('rejects an empty batch', () => {
    expect(thrownBy(EventValidationError, () => parseEvent({ Records: [] })).issues).toHaveLength(1);
  });
});

describe('unwrapSnsEvent', () => {
  it('returns each message with its SNS metadata and parsed body', () => {
    const body = fixture('codepipeline-pipeline-execution-failed.json');
    expect(unwrapSnsEvent(snsEventWith(body))).toEqual([
      {
        messageId: `${SNS_MESSAGE_ID}-0`,
        topicArn: 'arn:aws:sns:EXAMPLE',
        subject: 'TestInvoke',
        timestamp: '2015-06-03T17:43:27.123Z',
        attributes: { Test: 'TestString', TestBinary: 'TestBinary' },
        body,
      },
    ]);
  });
});

describe('describeRawEvent', () => {
  it('reads the identity of an EventBridge event', () => {
    expect(describeRawEvent(fixture('codebuild-build-state-failed.json'))).toEqual({
      eventId: 'abcdefgrt-2384-7605-5520-1530a88cf416',
      source: 'aws.codebuild',
      detailType: 'CodeBuild Build State Change',
    });
  });

  it('gives a notification-rule event the id a successful parse derives', () => {
    const raw = fixture('codepipeline-stage-execution-started.codestar-notification-processed.json');
    const [event] = parseEvent(raw);
    expect(describeRawEvent(raw)).toEqual({
      eventId: event?.eventId,
      source: 'aws.codepipeline',
      detailType: 'CodePipeline Stage Execution State Change',
    });
  });

  it('looks inside an SNS message, falling back to its MessageId', () => {
    expect(describeRawEvent(snsEventWith(fixture('codepipeline-pipeline-execution-failed.json')))).toEqual({
      eventId: '01234567-EXAMPLE',
      source: 'aws.codepipeline',
      detailType: 'CodePipeline Pipeline Execution State Change',
    });
    expect(describeRawEvent(fixture('sns-lambda-event-envelope.aws-lambda-go.json'))).toEqual({
      eventId: SNS_MESSAGE_ID,
      source: 'aws:sns',
    });
  });

  it('never throws and caps long values', () => {
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error('boom');
        },
      },
    );
    expect(describeRawEvent(hostile)).toEqual({});
    expect(describeRawEvent(null)).toEqual({});
    expect(describeRawEvent('text')).toEqual({});
    expect(describeRawEvent({ Records: 'x' })).toEqual({});
    const long = describeRawEvent({ 'detail-type': 'x'.repeat(10_000) });
    expect(long.detailType?.length).toBeLessThanOrEqual(200);
  });
});

describe('error classes', () => {
  it('forward cause and omit unknown identity fields', () => {
    const cause = new Error('root cause');
    const validation = new EventValidationError('bad\nevent', { issues: ['x: required'], cause });
    expect(validation).toMatchObject({ name: 'EventValidationError', message: 'bad event', cause, issues: ['x: required'] });
    expect(validation.eventId).toBeUndefined();
    const unsupported = new UnsupportedEventError('nope', { source: 's', cause });
    expect(unsupported).toMatchObject({ name: 'UnsupportedEventError', source: 's', cause });
    expect('cause' in new UnsupportedEventError('no cause')).toBe(false);
  });
});

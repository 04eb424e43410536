import { parseFailureMessage, unqualifiedFunction } from '../../../shared/events/failureRecord';
import { parseEvent } from '../../../shared/events/parse';
import { fixture } from '../../support/fixtures';

const FUNCTION = 'arn:aws:lambda:eu-west-1:111122223333:function:herald-prod-pipelineAlerts';

describe('parseFailureMessage', () => {
  it('takes the event and the unqualified function from a Lambda destination record', () => {
    const event = fixture('codepipeline-pipeline-execution-failed.json');
    const record = { version: '1.0', requestContext: { functionArn: `${FUNCTION}:$LATEST`, condition: 'RetriesExhausted' }, requestPayload: event, responseContext: { statusCode: 200 }, responsePayload: null };

    expect(parseFailureMessage('m1', JSON.stringify(record), {})).toEqual({ shape: 'lambda-destination', event, functionName: FUNCTION });
  });

  it('takes an EventBridge dead letter as is, its function from TARGET_ARN', () => {
    const event = fixture('codebuild-build-state-failed.json');

    expect(parseFailureMessage('m2', JSON.stringify(event), { TARGET_ARN: FUNCTION, ERROR_CODE: 'SDK_CLIENT_ERROR' })).toEqual({ shape: 'eventbridge-dlq', event, functionName: FUNCTION });
    expect(parseFailureMessage('m2', JSON.stringify(event), {})).toEqual({ shape: 'eventbridge-dlq', event });
  });

  it('rebuilds an SNS dead letter as the Lambda SNS event the subscription would have delivered', () => {
    const message = fixture('codepipeline-pipeline-execution-failed.codestar-notification-processed.repaired.json');
    const envelope = { Type: 'Notification', MessageId: 'mid-1', TopicArn: 'arn:aws:sns:eu-west-1:111122223333:herald-prod-notifications', Message: JSON.stringify(message), SigningCertURL: 'https://example.com/c.pem' };

    const failed = parseFailureMessage('m3', JSON.stringify(envelope), {});

    expect(failed.shape).toBe('sns-dlq');
    expect(failed.functionName).toBeUndefined();
    // The rebuilt event is what the functions parse, and it holds the original notification.
    expect(parseEvent(failed.event)).toEqual(parseEvent(message));
  });

  it('rejects anything else with a typed error', () => {
    for (const body of ['not json', '[]', '{"hello":"world"}', '{"requestContext":{},"requestPayload":{}}', '{"Type":"Notification"}']) {
      expect(() => parseFailureMessage('m4', body, {})).toThrow(expect.objectContaining({ name: 'EventValidationError', eventId: 'm4' }));
    }
  });
});

describe('unqualifiedFunction', () => {
  it('drops a version or alias, and leaves names alone', () => {
    expect(unqualifiedFunction(`${FUNCTION}:7`)).toBe(FUNCTION);
    expect(unqualifiedFunction(FUNCTION)).toBe(FUNCTION);
    expect(unqualifiedFunction('herald-prod-pipelineAlerts')).toBe('herald-prod-pipelineAlerts');
  });
});

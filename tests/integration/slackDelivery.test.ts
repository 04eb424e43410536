/**
 * The Slack delivery Lambda end to end: an SNS event in, a POST to a real HTTP server out,
 * with the webhook URL read from SSM (a wire-level stub spoken to by the real SDK client).
 */
import { renderMessage } from '../../shared/render';
import type { Alert } from '../../shared/alerts/alert';
import { snsEventWith } from '../support/fixtures';
import { startAwsJsonStub, type AwsJsonStub } from '../support/awsJsonStub';
import { startHttpReceiver, type HttpReceiver } from '../support/httpReceiver';
import { createHeraldTables, type HeraldTables } from '../support/dynamo';
import { lambdaContext, loadHandler } from '../support/lambda';

const PARAMETER = '/herald/test/slack-webhook';
const WEBHOOK_PATH = '/services/T0000/B0000/not-a-real-webhook';

let ssm: AwsJsonStub;
let slack: HttpReceiver;
let handler: (event: unknown, context: unknown) => Promise<unknown>;

const alert: Alert = {
  eventType: 'pipeline.failed',
  severity: 'high',
  title: 'Pipeline release FAILED',
  summary: 'Pipeline release failed at Build / UnitTests.',
  account: '123456789012',
  region: 'eu-west-1',
  time: '2026-11-27T10:00:00Z',
  threadId: 'codepipeline/release/1',
  facts: [{ label: 'Pipeline', value: 'release <!channel>' }],
  failures: [{ where: 'Build / UnitTests', why: 'exit status 1' }],
  links: [],
  notes: [],
};

let tables: HeraldTables;

beforeAll(async () => {
  tables = await createHeraldTables('slackDelivery');
  ssm = await startAwsJsonStub();
  slack = await startHttpReceiver();
  ssm.on('AmazonSSM.GetParameter', (input) => ({
    body: { Parameter: { Name: input.Name, Type: 'SecureString', Value: `${slack.url}${WEBHOOK_PATH}`, Version: 1 } },
  }));
  handler = loadHandler('slackDelivery', {
    ...tables.env,
    SLACK_WEBHOOK_SECRET: `ssm:${PARAMETER}`,
    AWS_REGION: 'eu-west-1',
    AWS_ENDPOINT_URL_SSM: ssm.endpoint,
  });
});

afterAll(async () => {
  await slack.close();
  await ssm.close();
});

beforeEach(async () => {
  await tables.clear();
  slack.requests.length = 0;
  slack.reply({ status: 200, body: 'ok' });
});

/** The Slack topic's delivery of the rendered alert; `messageId` names the SNS message. */
const slackEvent = (messageId?: string) => {
  const event = snsEventWith(JSON.parse(renderMessage(alert, 'slack').message));
  if (messageId !== undefined) event.Records[0].Sns.MessageId = messageId;
  return event;
};

describe('Slack delivery', () => {
  it('posts an SNS message once however often it is delivered, concurrently or again later', async () => {
    await Promise.allSettled([handler(slackEvent('duplicate'), lambdaContext()), handler(slackEvent('duplicate'), lambdaContext())]);
    await handler(slackEvent('duplicate'), lambdaContext());

    expect(slack.requests).toHaveLength(1);
  });

  it('posts again after a failed post: a failure leaves no record behind', async () => {
    slack.reply({ status: 500, body: 'no' });
    await expect(handler(slackEvent('retried'), lambdaContext())).rejects.toThrow();
    const failedAttempts = slack.requests.length;
    slack.reply({ status: 200, body: 'ok' });
    await handler(slackEvent('retried'), lambdaContext());
    await handler(slackEvent('retried'), lambdaContext());

    expect(slack.requests).toHaveLength(failedAttempts + 1);
  });

  it('posts the rendered payload to the webhook read from SSM, and reads SSM once per TTL', async () => {
    await handler(slackEvent('message-1'), lambdaContext());
    await handler(slackEvent('message-2'), lambdaContext());

    expect(slack.requests).toHaveLength(2);
    const [first] = slack.requests;
    expect(first?.path).toBe(WEBHOOK_PATH);
    expect(first?.headers['content-type']).toContain('application/json');
    const posted = JSON.parse(first?.body ?? '{}');
    expect(posted.blocks.length).toBeGreaterThan(0);
    expect(first?.body).not.toContain('<!channel>');
    expect(ssm.calls.filter((call) => call.target === 'AmazonSSM.GetParameter')).toEqual([
      { target: 'AmazonSSM.GetParameter', input: { Name: PARAMETER, WithDecryption: true } },
    ]);
  });

  it('retries a 500 and a 429 and ends with one accepted post', async () => {
    slack.reply({ status: 500 }, { status: 429, headers: { 'retry-after': '0' } }, { status: 200, body: 'ok' });

    await handler(slackEvent(), lambdaContext());

    expect(slack.requests).toHaveLength(3);
  });

  it('does not retry a 4xx, and the error does not reveal the webhook URL', async () => {
    slack.reply({ status: 404, body: 'no_service' });

    const failure = handler(slackEvent(), lambdaContext());

    await expect(failure).rejects.toMatchObject({ name: 'HttpDeliveryError', status: 404 });
    await failure.catch((error: Error) => {
      expect(error.message).not.toContain(WEBHOOK_PATH);
      expect(error.message).not.toContain(slack.url);
    });
    expect(slack.requests).toHaveLength(1);
  });

  it('escapes a plain-text message instead of letting it mention anyone', async () => {
    const event = snsEventWith('placeholder');
    event.Records[0].Sns.Message = '<!channel> deploy broke';

    await handler(event, lambdaContext());

    const posted = JSON.parse(slack.requests[0]?.body ?? '{}');
    expect(posted.text).toBe('&lt;!channel&gt; deploy broke');
  });
});

/**
 * Noise control and recovered alerts through the real pipelineAlerts entry: state in dynalite
 * (tables from serverless.yml), alerts through fauxqs, enrichment off (email-only routing).
 */
import { join } from 'node:path';
import { fixture } from '../support/fixtures';
import { createHeraldTables, type HeraldTables } from '../support/dynamo';
import { lambdaContext, loadHandler } from '../support/lambda';
import { createTopicInbox, snsEndpoint, type TopicInbox } from '../support/snsInbox';

const REGION = 'us-west-2';
let tables: HeraldTables;
let alerts: TopicInbox;
let handler: (event: unknown, context: unknown) => Promise<unknown>;

/** A pipeline-level event of myPipeline: `execution` reached `state` at `time`. */
function pipelineEvent(execution: string, state: string, time: string) {
  const event = fixture('codepipeline-pipeline-execution-failed.json');
  event.id = `event-${execution}-${state}`;
  event.time = time;
  event.detail = { ...event.detail, 'execution-id': execution, state };
  return event;
}

beforeAll(async () => {
  tables = await createHeraldTables('noise');
  alerts = await createTopicInbox('noise-alerts', REGION);
  handler = loadHandler('pipelineAlerts', {
    ...tables.env,
    HERALD_CONFIG_PATH: join(__dirname, '..', 'fixtures', 'config', 'noise.yml'),
    HERALD_METRICS: 'on',
    HERALD_TOPIC_ALERTS: alerts.topicArn,
    AWS_REGION: REGION,
    AWS_ENDPOINT_URL_SNS: snsEndpoint(),
  });
});

beforeEach(async () => {
  await tables.clear();
  await alerts.purge();
});

const subjects = async () => (await alerts.receive()).map((message) => message.attributes.eventType);

/** The EMF documents (CloudWatch metrics) the handler wrote to stdout while `run` ran. */
async function emfDocumentsOf(run: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const written: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  try {
    await run();
  } finally {
    spy.mockRestore();
  }
  return written.flatMap((text) => text.split('\n')).filter((line) => line.includes('"_aws"')).map((line) => JSON.parse(line));
}

describe('state per pipeline', () => {
  it('writes one EMF document per invocation: alerts sent, then suppressed, in the Herald namespace', async () => {
    const [sent] = await emfDocumentsOf(() => handler(pipelineEvent('exec-1', 'FAILED', '2026-11-27T10:00:00Z'), lambdaContext()));
    const [suppressed] = await emfDocumentsOf(() => handler(pipelineEvent('exec-2', 'FAILED', '2026-11-27T10:10:00Z'), lambdaContext()));
    // The same failure again: the idempotency record answers, nothing is sent or counted.
    const repeated = await emfDocumentsOf(() => handler(pipelineEvent('exec-1', 'FAILED', '2026-11-27T10:00:00Z'), lambdaContext()));

    expect(sent).toMatchObject({ _aws: { CloudWatchMetrics: [{ Namespace: 'Herald' }] }, service: 'herald-pipeline-alerts', EventsReceived: 1, AlertsSent: 1 });
    expect(sent).not.toHaveProperty('AlertsSuppressed');
    expect(suppressed).toMatchObject({ AlertsSuppressed: 1 });
    expect(suppressed).not.toHaveProperty('AlertsSent');
    expect(repeated).toEqual([expect.objectContaining({ EventsReceived: 1 })]);
    expect(repeated.some((document) => 'AlertsSent' in document)).toBe(false);
    expect(await subjects()).toEqual(['pipeline.failed']);
  });


  it('alerts on the first failure, suppresses the next ones, and sends one recovered alert on the first success', async () => {
    await handler(pipelineEvent('exec-1', 'FAILED', '2026-11-27T10:00:00Z'), lambdaContext());
    await handler(pipelineEvent('exec-2', 'FAILED', '2026-11-27T10:10:00Z'), lambdaContext());
    await handler(pipelineEvent('exec-3', 'SUCCEEDED', '2026-11-27T10:20:00Z'), lambdaContext());
    await handler(pipelineEvent('exec-4', 'SUCCEEDED', '2026-11-27T10:30:00Z'), lambdaContext());

    const messages = await alerts.receive();
    expect(messages.map((message) => message.attributes.eventType)).toEqual(['pipeline.failed', 'pipeline.recovered']);
    expect(messages[1]?.message).toContain('Recovered: failing since 2026-11-27T10:00:00Z (FAILED)');
  });

  it('never lets a late event from an older execution flip the state', async () => {
    await handler(pipelineEvent('exec-1', 'FAILED', '2026-11-27T10:00:00Z'), lambdaContext());
    // exec-0 succeeded before exec-1 failed; its event arrives late.
    await handler(pipelineEvent('exec-0', 'SUCCEEDED', '2026-11-27T09:50:00Z'), lambdaContext());
    await handler(pipelineEvent('exec-2', 'FAILED', '2026-11-27T10:10:00Z'), lambdaContext());
    await handler(pipelineEvent('exec-3', 'SUCCEEDED', '2026-11-27T10:20:00Z'), lambdaContext());
    // exec-2's failure redelivered after exec-3's success: the success stays recorded.
    await handler(pipelineEvent('exec-2', 'FAILED', '2026-11-27T10:10:00Z'), lambdaContext());
    await handler(pipelineEvent('exec-5', 'FAILED', '2026-11-27T10:40:00Z'), lambdaContext());

    expect(await subjects()).toEqual(['pipeline.failed', 'pipeline.recovered', 'pipeline.failed']);
  });

  it('settles concurrent events of one pipeline on the newest, whatever order they complete in', async () => {
    await handler(pipelineEvent('exec-1', 'FAILED', '2026-11-27T10:00:00Z'), lambdaContext());
    await Promise.all([
      handler(pipelineEvent('exec-2', 'SUCCEEDED', '2026-11-27T10:10:00Z'), lambdaContext()),
      handler(pipelineEvent('exec-3', 'FAILED', '2026-11-27T10:20:00Z'), lambdaContext()),
    ]);
    await alerts.purge();
    // exec-3's failure is the newest: exec-4's success is a recovery.
    await handler(pipelineEvent('exec-4', 'SUCCEEDED', '2026-11-27T10:30:00Z'), lambdaContext());

    expect(await subjects()).toEqual(['pipeline.recovered']);
  });
});

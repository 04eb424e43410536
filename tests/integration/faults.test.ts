/**
 * The fault suite: Herald's real Lambda entries under Lambda's asynchronous semantics (two
 * retries, then the on-failure destination: an SQS queue in fauxqs), with duplicates,
 * concurrent duplicates and faults injected at the HTTP level by a proxy in front of fauxqs
 * (SNS), dynalite (DynamoDB) and the Slack webhook receiver. Effects are counted where they
 * land (SNS messages through fauxqs/SQS, POSTs at the receiver). Every event must end delivered
 * exactly once or on the failure queue: 0 lost, 0 doubled. Figures go to docs/reliability.md.
 *
 * A side effect enters the suite as one `SideEffect` entry: how to load its function, how to
 * make event number i, and how to count its effects per event number.
 */
import { join } from 'node:path';
import { startAwsJsonStub, type AwsJsonStub } from '../support/awsJsonStub';
import { asyncLambda, type AsyncLambda, type Handler } from '../support/asyncLambda';
import { createHeraldTables, dynamoEndpoint } from '../support/dynamo';
import { seededRandom, startFaultProxy, type Fault, type FaultProxy, type ProxiedRequest } from '../support/faultProxy';
import { fixture, snsEventWith } from '../support/fixtures';
import { startHttpReceiver, type HttpReceiver } from '../support/httpReceiver';
import { loadHandler } from '../support/lambda';
import { writeReliabilityFigures, type Figures } from '../support/reliabilityReport';
import { createTopicInbox, snsEndpoint, type TopicInbox } from '../support/snsInbox';

const SEED = 20261127;
const REGION = 'us-east-1';

interface SideEffect {
  readonly name: string;
  /** Loads the function's handler with its environment (tables, endpoints through `proxies`). */
  load(proxies: Endpoints): Promise<Handler>;
  /** Event number `i`, as its source delivers it. */
  event(i: number): unknown;
  /** Effects landed so far, counted per event number. */
  effects(): Promise<Map<number, number>>;
  /** The event number an on-failure record is about. */
  eventNumberOf(payload: unknown): number;
}

interface Endpoints {
  readonly sns: string;
  readonly dynamodb: string;
  readonly webhook: string;
}

let alerts: TopicInbox;
let enrichment: AwsJsonStub;
let slack: HttpReceiver;
let ssm: AwsJsonStub;
const figures: Figures[] = [];

// ---- Side effects under test ----

const pipelineAlert: SideEffect = {
  name: 'pipelineAlerts: failure alert → SNS',
  async load(endpoints) {
    const tables = await createHeraldTables('faults-alerts', endpoints.dynamodb);
    return loadHandler('pipelineAlerts', {
      ...tables.env,
      HERALD_CONFIG_PATH: join(__dirname, '..', 'fixtures', 'config', 'faults.yml'),
      HERALD_TOPIC_ALERTS: alerts.topicArn,
      AWS_REGION: REGION,
      AWS_ENDPOINT_URL_SNS: endpoints.sns,
      AWS_ENDPOINT_URL_CODEPIPELINE: enrichment.endpoint,
    });
  },
  event(i) {
    const event = fixture('codepipeline-pipeline-execution-failed.json');
    event.id = `evt-${i}`;
    event.region = REGION;
    event.detail = { ...event.detail, pipeline: `p-${i}`, 'execution-id': `exec-${i}` };
    return event;
  },
  async effects() {
    const counts = new Map<number, number>();
    // fauxqs fans SNS out to SQS asynchronously: read until the queue stays empty for a while.
    for (let quiet = 0; quiet < 3; ) {
      const messages = await alerts.receive();
      quiet = messages.length === 0 ? quiet + 1 : 0;
      for (const message of messages) {
        const i = Number(message.attributes.pipeline?.replace(/^p-/, ''));
        counts.set(i, (counts.get(i) ?? 0) + 1);
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    return counts;
  },
  eventNumberOf(payload) {
    return Number(String(JSON.parse(JSON.stringify(payload)).detail.pipeline).replace(/^p-/, ''));
  },
};

const slackPost: SideEffect = {
  name: 'slackDelivery: SNS message → Slack webhook',
  async load(endpoints) {
    const tables = await createHeraldTables('faults-slack', endpoints.dynamodb);
    ssm.on('AmazonSSM.GetParameter', () => ({ body: { Parameter: { Value: `${endpoints.webhook}/services/T0/B0/faults` } } }));
    return loadHandler('slackDelivery', { ...tables.env, SLACK_WEBHOOK_SECRET: 'ssm:/herald/test/slack-webhook', AWS_REGION: REGION, AWS_ENDPOINT_URL_SSM: ssm.endpoint });
  },
  event(i) {
    const event = snsEventWith({ text: `message ${i}` });
    event.Records[0].Sns.MessageId = `message-${i}`;
    return event;
  },
  effects() {
    const counts = new Map<number, number>();
    for (const request of slack.requests.splice(0)) {
      const i = Number(String(JSON.parse(request.body).text).replace(/^message /, ''));
      counts.set(i, (counts.get(i) ?? 0) + 1);
    }
    return Promise.resolve(counts);
  },
  eventNumberOf(payload) {
    return Number(String(JSON.parse(JSON.stringify(payload)).Records[0].Sns.MessageId).replace(/^message-/, ''));
  },
};

// ---- Runs and tallies ----

/** Deliveries of event i: `copies` at once, then `later` more one after another. */
interface Delivery {
  readonly i: number;
  readonly concurrent: number;
  readonly later: number;
}

async function deliver(lambda: AsyncLambda, effect: SideEffect, schedule: readonly Delivery[], parallelism = 16) {
  let next = 0;
  let deliveries = 0;
  const worker = async () => {
    for (;;) {
      const item = schedule[next];
      next += 1;
      if (item === undefined) return;
      const event = effect.event(item.i);
      await Promise.all(Array.from({ length: item.concurrent }, () => lambda.invoke(event)));
      for (let copy = 0; copy < item.later; copy += 1) await lambda.invoke(event);
      deliveries += item.concurrent + item.later;
    }
  };
  await Promise.all(Array.from({ length: parallelism }, worker));
  return deliveries;
}

async function tally(name: string, lambda: AsyncLambda, effect: SideEffect, schedule: readonly Delivery[], deliveries: number, faults: string): Promise<Figures> {
  const effects = await effect.effects();
  const records = await lambda.drainFailures();
  const failed = new Set(records.map((record) => effect.eventNumberOf(record.requestPayload)));
  const reasons = new Map<string, number>();
  for (const record of records) {
    // `DeliveryError (email: IdempotencyAlreadyInProgressError)`: the error and the first failed target's error name.
    const cause = /failed: (\w+): (\w+)/.exec(record.responsePayload.errorMessage);
    const reason = `${record.responsePayload.errorType}${cause === null ? '' : ` (${cause[1] ?? ''}: ${cause[2] ?? ''})`}`;
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  const events = schedule.map((item) => item.i);
  const count = (i: number) => effects.get(i) ?? 0;
  return {
    name,
    faults,
    events: events.length,
    deliveries,
    deliveredOnce: events.filter((i) => count(i) === 1).length,
    onFailureQueue: events.filter((i) => failed.has(i)).length,
    deliveredAndOnFailureQueue: events.filter((i) => count(i) === 1 && failed.has(i)).length,
    lost: events.filter((i) => count(i) === 0 && !failed.has(i)).length,
    doubled: events.filter((i) => count(i) > 1).length,
    failureReasons: [...reasons].map(([reason, n]) => `${reason} ×${n}`).join(', '),
  };
}

// ---- Fault plans ----

const xml = (code: string, message: string) =>
  `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fault</RequestId></ErrorResponse>`;

/** SNS Publish: throttling, 500s, a few requests never answered; by the seeded random source. */
function snsFaults(random: () => number): (request: ProxiedRequest) => Fault | undefined {
  return (request) => {
    if (!request.body.includes('Action=Publish')) return undefined;
    const roll = random();
    if (roll < 0.1) return { kind: 'status', status: 400, body: xml('Throttling', 'Rate exceeded'), contentType: 'text/xml' };
    if (roll < 0.15) return { kind: 'status', status: 500, body: xml('InternalError', 'internal'), contentType: 'text/xml' };
    if (roll < 0.153) return { kind: 'no-answer' };
    return undefined;
  };
}

/** DynamoDB: 500s and 503s, resets; and whole outages (every request refused) driven by the test. */
function dynamoFaults(random: () => number): (request: ProxiedRequest) => Fault | undefined {
  return () => {
    const roll = random();
    if (roll < 0.05) return { kind: 'status', status: 500, body: JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'internal' }), contentType: 'application/x-amz-json-1.0' };
    if (roll < 0.08) return { kind: 'status', status: 503, body: JSON.stringify({ __type: 'com.amazon.coral.availability#ServiceUnavailableException', message: 'unavailable' }), contentType: 'application/x-amz-json-1.0' };
    if (roll < 0.1) return { kind: 'reset' };
    return undefined;
  };
}

/** The Slack webhook: 5xx, resets, a few requests never answered. */
function webhookFaults(random: () => number): (request: ProxiedRequest) => Fault | undefined {
  return () => {
    const roll = random();
    if (roll < 0.12) return { kind: 'status', status: 503, body: 'service unavailable', contentType: 'text/plain' };
    if (roll < 0.16) return { kind: 'reset' };
    if (roll < 0.162) return { kind: 'no-answer' };
    return undefined;
  };
}

const describeCounts = (proxy: FaultProxy) =>
  [...proxy.counts].filter(([label]) => label !== 'forwarded').map(([label, count]) => `${label} ×${count}`).join(', ');

// ---- The suite ----

beforeAll(async () => {
  alerts = await createTopicInbox('faults-alerts', REGION);
  enrichment = await startAwsJsonStub();
  // Enrichment is refused (AccessDenied) for every pipeline: alerts still go out, with a note.
  for (const target of ['CodePipeline_20150709.ListActionExecutions', 'CodePipeline_20150709.GetPipelineExecution']) {
    enrichment.on(target, () => ({ error: 'AccessDeniedException', message: 'User is not authorized to perform this operation', status: 400 }));
  }
  slack = await startHttpReceiver();
  ssm = await startAwsJsonStub();
});

afterAll(async () => {
  await Promise.all([enrichment.close(), slack.close(), ssm.close()]);
  if (figures.length > 0) writeReliabilityFigures(figures, { seed: SEED });
});

describe('exactly once: 1,000 deliveries with duplicates and concurrent duplicates', () => {
  it('publishes exactly one alert per event', async () => {
    const handler = await pipelineAlert.load({ sns: snsEndpoint(), dynamodb: dynamoEndpoint(), webhook: '' });
    // Lambda retries 1 and 2 minutes later, long after a concurrent holder finished: the retry
    // delays here stay well above an invocation's duration on a loaded machine.
    const lambda = await asyncLambda(handler, { functionName: 'pipeline-alerts', retryDelaysMs: [1500, 3000] });
    // 400 events, 1,000 deliveries: once; twice in a row; 3 at once; 2 at once then 2 more.
    const schedule: Delivery[] = Array.from({ length: 400 }, (_, i) => [
      { i, concurrent: 1, later: 0 },
      { i, concurrent: 1, later: 1 },
      { i, concurrent: 3, later: 0 },
      { i, concurrent: 2, later: 2 },
    ][i % 4] ?? { i, concurrent: 1, later: 0 });

    const deliveries = await deliver(lambda, pipelineAlert, schedule, 16);
    const result = await tally(pipelineAlert.name, lambda, pipelineAlert, schedule, deliveries, 'none (duplicates only)');
    figures.push(result);

    expect(deliveries).toBe(1000);
    expect(result).toMatchObject({ deliveredOnce: 400, lost: 0, doubled: 0, onFailureQueue: 0 });
  }, 300_000);
});

describe('faults at the HTTP level under Lambda async retries', () => {
  let snsProxy: FaultProxy;
  let dynamoProxy: FaultProxy;
  let webhookProxy: FaultProxy;

  beforeAll(async () => {
    snsProxy = await startFaultProxy(snsEndpoint());
    dynamoProxy = await startFaultProxy(dynamoEndpoint());
    webhookProxy = await startFaultProxy(slack.url);
  });

  afterAll(async () => {
    await Promise.all([snsProxy.close(), dynamoProxy.close(), webhookProxy.close()]);
  });

  it('SNS throttling, 5xx and timeouts, DynamoDB errors and an outage, enrichment AccessDenied: every alert delivered once or on the failure queue', async () => {
    const endpoints = { sns: snsProxy.url, dynamodb: dynamoProxy.url, webhook: '' };
    const handler = await pipelineAlert.load(endpoints);
    const lambda = await asyncLambda(handler, { functionName: 'pipeline-alerts', retryDelaysMs: [100, 200] });
    const random = seededRandom(SEED);
    snsProxy.setPlan(snsFaults(random));
    dynamoProxy.setPlan(dynamoFaults(random));
    const schedule: Delivery[] = Array.from({ length: 300 }, (_, i) => ({ i: 1000 + i, concurrent: i % 10 === 0 ? 2 : 1, later: i % 7 === 0 ? 1 : 0 }));

    const first = deliver(lambda, pipelineAlert, schedule.slice(0, 150), 8);
    // DynamoDB unavailable (connections refused) for a stretch while the first half runs.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await dynamoProxy.refuse(true);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await dynamoProxy.refuse(false);
    const deliveries = (await first) + (await deliver(lambda, pipelineAlert, schedule.slice(150), 8));
    snsProxy.setPlan(() => undefined);
    dynamoProxy.setPlan(() => undefined);
    const faults = `SNS: ${describeCounts(snsProxy)}; DynamoDB: ${describeCounts(dynamoProxy)}; enrichment: AccessDenied on every call`;
    const result = await tally(pipelineAlert.name, lambda, pipelineAlert, schedule, deliveries, faults);
    figures.push(result);

    expect(result.lost).toBe(0);
    expect(result.doubled).toBe(0);
    expect(result.deliveredOnce + result.onFailureQueue - result.deliveredAndOnFailureQueue).toBe(result.events);
    expect(snsProxy.counts.get('status 400')).toBeGreaterThan(0);
  }, 300_000);

  it('Slack webhook 5xx, resets, timeouts and refused connections, DynamoDB errors: every message posted once or on the failure queue', async () => {
    dynamoProxy.counts.clear();
    const handler = await slackPost.load({ sns: '', dynamodb: dynamoProxy.url, webhook: webhookProxy.url });
    const lambda = await asyncLambda(handler, { functionName: 'slack-delivery', retryDelaysMs: [100, 200] });
    const random = seededRandom(SEED + 1);
    webhookProxy.setPlan(webhookFaults(random));
    dynamoProxy.setPlan(dynamoFaults(random));
    const schedule: Delivery[] = Array.from({ length: 200 }, (_, i) => ({ i, concurrent: i % 10 === 0 ? 2 : 1, later: i % 9 === 0 ? 1 : 0 }));

    const first = deliver(lambda, slackPost, schedule.slice(0, 100), 8);
    // The webhook refuses connections for a stretch.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await webhookProxy.refuse(true);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await webhookProxy.refuse(false);
    const deliveries = (await first) + (await deliver(lambda, slackPost, schedule.slice(100), 8));
    webhookProxy.setPlan(() => undefined);
    dynamoProxy.setPlan(() => undefined);
    const faults = `webhook: ${describeCounts(webhookProxy)}; DynamoDB: ${describeCounts(dynamoProxy)}`;
    const result = await tally(slackPost.name, lambda, slackPost, schedule, deliveries, faults);
    figures.push(result);

    expect(result.lost).toBe(0);
    expect(result.doubled).toBe(0);
    expect(result.deliveredOnce + result.onFailureQueue - result.deliveredAndOnFailureQueue).toBe(result.events);
    expect(webhookProxy.counts.get('status 503')).toBeGreaterThan(0);
  }, 300_000);
});

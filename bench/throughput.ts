/**
 * Throughput benchmark: parse + decide + build alert + route + render on one JS thread,
 * over the CodePipeline and CodeBuild fixtures in tests/fixtures/aws-events.
 *
 * Uses the project's own pure code (parseEvent, decide, buildAlert, planDeliveries) with
 * herald.config.yml and NO_FACTS: enrichment is I/O and is left out, as is SNS publishing.
 * Two workloads, cycled for a fixed duration after a warm-up:
 * - `published`: every codepipeline-*.json and codebuild-*.json fixture as published (mostly
 *   successes and in-progress states, which Herald ignores);
 * - `failing`: the fixtures already in an alert state as published, plus FAILED versions of the
 *   pipeline-execution and build-state fixtures, so most events render alerts.
 * Per-stage costs are timed separately on pre-computed inputs.
 *
 * Target: ≥ 5,000 events/s on each workload. Exits 0 whether or not it is met.
 *
 *   npm run bench:throughput          BENCH_SECONDS=3 (default), BENCH_WARMUP_SECONDS=1 (default)
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Alert } from '../shared/alerts/alert';
import type { HeraldConfig } from '../shared/config/schema';
import { loadConfigFile } from '../shared/config/load';
import { alertEventsOf } from '../shared/app/handleRawEvent';
import type { AlertEvent } from '../shared/events/domain';
import { parseEvent } from '../shared/events/parse';
import { buildAlert } from '../shared/plan/alerts';
import { decide } from '../shared/plan/decide';
import { planDeliveries } from '../shared/plan/deliveries';
import { NO_FACTS } from '../shared/plan/facts';
import { ROOT, describeMachine, envNumber, formatInt, machineLines, markdownTable, median, writeSection } from './report';

const TARGET_EVENTS_PER_SECOND = 5_000;
const SECONDS = envNumber('BENCH_SECONDS', 3, { min: 0.1 });
const WARMUP_SECONDS = envNumber('BENCH_WARMUP_SECONDS', 1, { min: 0 });
/** Each stage is timed for a third of the end-to-end duration. */
const STAGE_SECONDS = Math.max(0.1, SECONDS / 3);
/** Time slices per run; figures use the median slice. */
const SLICES = 10;
const STAGE_SLICES = 5;

const FIXTURES_DIR = path.join(ROOT, 'tests', 'fixtures', 'aws-events');
const CONFIG_FILE = path.join(ROOT, 'herald.config.yml');

/** Where each handled detail-type keeps its state. */
const STATE_FIELDS = new Map<string, string>([
  ['CodePipeline Pipeline Execution State Change', 'state'],
  ['CodePipeline Stage Execution State Change', 'state'],
  ['CodePipeline Action Execution State Change', 'state'],
  ['CodeBuild Build State Change', 'build-status'],
  ['CodeBuild Build Phase Change', 'completed-phase-status'],
]);
/**
 * Levels that get a FAILED copy in the failing workload: the ones that alert under the
 * shipped config (stage and action events fold into the execution's alert, phase events are off).
 */
const REWRITTEN_TO_FAILED = new Set(['CodePipeline Pipeline Execution State Change', 'CodeBuild Build State Change']);

interface Sample {
  readonly label: string;
  readonly raw: unknown;
}

interface Workload {
  readonly name: 'published' | 'failing';
  readonly description: string;
  readonly samples: readonly Sample[];
}

// ---- Workloads ----

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function loadFixtures(): Sample[] {
  return readdirSync(FIXTURES_DIR)
    .filter((file) => /^(codepipeline|codebuild)-.*\.json$/.test(file))
    .sort()
    .map((file) => {
      const raw: unknown = JSON.parse(readFileSync(path.join(FIXTURES_DIR, file), 'utf8'));
      return { label: file, raw };
    });
}

function detailTypeOf(raw: unknown): string | undefined {
  if (!isRecord(raw)) return undefined;
  const detailType = raw['detail-type'] ?? raw.detailType;
  return typeof detailType === 'string' ? detailType : undefined;
}

function stateOf(raw: unknown): string | undefined {
  const field = STATE_FIELDS.get(detailTypeOf(raw) ?? '');
  const detail = isRecord(raw) ? raw.detail : undefined;
  const state = field !== undefined && isRecord(detail) ? detail[field] : undefined;
  return typeof state === 'string' ? state : undefined;
}

/** A deep copy of `raw` whose state is FAILED (and whose event id, if any, is distinct). */
function failedCopy(raw: unknown): unknown {
  const copy: unknown = structuredClone(raw);
  const field = STATE_FIELDS.get(detailTypeOf(copy) ?? '');
  const detail = isRecord(copy) ? copy.detail : undefined;
  if (!isRecord(copy) || !isRecord(detail) || field === undefined) return undefined;
  detail[field] = 'FAILED';
  if (typeof copy.id === 'string') copy.id = `${copy.id}-failed`;
  return copy;
}

function buildWorkloads(fixtures: readonly Sample[], config: HeraldConfig): Workload[] {
  const alertStates = new Set(config.alerts.states.map((state) => state.toUpperCase()));
  const failing: Sample[] = [];
  for (const fixture of fixtures) {
    const state = stateOf(fixture.raw);
    if (state !== undefined && alertStates.has(state.toUpperCase())) {
      failing.push(fixture);
    } else if (REWRITTEN_TO_FAILED.has(detailTypeOf(fixture.raw) ?? '')) {
      failing.push({ label: `${fixture.label} (${state ?? '?'} → FAILED)`, raw: failedCopy(fixture.raw) });
    }
  }
  return [
    { name: 'published', description: 'every codepipeline-*/codebuild-* fixture as published', samples: fixtures },
    {
      name: 'failing',
      description:
        'fixtures already in an alert state as published, plus FAILED copies of the pipeline-execution and build-state fixtures',
      samples: failing,
    },
  ];
}

// ---- The work being measured ----

interface Prepared {
  readonly workload: Workload;
  readonly raws: readonly unknown[];
  readonly events: readonly AlertEvent[];
  readonly alerts: readonly { readonly event: AlertEvent; readonly alert: Alert }[];
  readonly renders: number;
  readonly renderBytes: number;
  readonly outcomes: readonly { readonly label: string; readonly outcome: string }[];
  readonly formats: ReadonlyMap<string, { count: number; bytes: number }>;
  readonly excluded: readonly { readonly label: string; readonly error: string }[];
}

/** Everything the pipeline does for one raw event, summed into a number so nothing is optimized away. */
function processRaw(raw: unknown, config: HeraldConfig): number {
  let sink = 0;
  for (const event of alertEventsOf(parseEvent(raw))) {
    const decision = decide(event, config);
    if (decision.kind === 'ignore') {
      sink += 1;
      continue;
    }
    const alert = buildAlert(event, decision.eventType, decision.severity, NO_FACTS);
    for (const delivery of planDeliveries(event, alert, config)) sink += delivery.message.length;
  }
  return sink;
}

interface Tally {
  readonly events: AlertEvent[];
  readonly alerts: { event: AlertEvent; alert: Alert }[];
  readonly outcomes: { label: string; outcome: string }[];
  readonly formats: Map<string, { count: number; bytes: number }>;
  renders: number;
  renderBytes: number;
}

/** Decides, builds and plans `event` once, untimed, and records what it became. */
function recordEvent(label: string, event: AlertEvent, config: HeraldConfig, tally: Tally): void {
  tally.events.push(event);
  const decision = decide(event, config);
  if (decision.kind === 'ignore') {
    tally.outcomes.push({ label, outcome: `ignored: ${decision.reason}` });
    return;
  }
  const alert = buildAlert(event, decision.eventType, decision.severity, NO_FACTS);
  tally.alerts.push({ event, alert });
  const deliveries = planDeliveries(event, alert, config);
  for (const delivery of deliveries) {
    const bytes = Buffer.byteLength(delivery.message);
    const entry = tally.formats.get(delivery.format) ?? { count: 0, bytes: 0 };
    tally.formats.set(delivery.format, { count: entry.count + 1, bytes: entry.bytes + bytes });
    tally.renders += 1;
    tally.renderBytes += bytes;
  }
  const targets = deliveries.map((delivery) => `${delivery.target} (${delivery.format})`).join(', ');
  tally.outcomes.push({ label, outcome: `${decision.eventType} → ${targets === '' ? 'no route' : targets}` });
}

/** One untimed pass: keeps the samples that parse, and records what each one becomes. */
function prepare(workload: Workload, config: HeraldConfig): Prepared {
  const raws: unknown[] = [];
  const excluded: { label: string; error: string }[] = [];
  const tally: Tally = { events: [], alerts: [], outcomes: [], formats: new Map(), renders: 0, renderBytes: 0 };
  for (const sample of workload.samples) {
    let parsed: AlertEvent[];
    try {
      parsed = alertEventsOf(parseEvent(sample.raw));
    } catch (error: unknown) {
      excluded.push({ label: sample.label, error: error instanceof Error ? error.message : String(error) });
      continue;
    }
    raws.push(sample.raw);
    for (const event of parsed) recordEvent(sample.label, event, config, tally);
  }
  return { workload, raws, excluded, ...tally };
}

// ---- Timing ----

interface Timed {
  readonly passes: number;
  readonly seconds: number;
  readonly sink: number;
  /** µs per pass in each time slice: the median slice resists bursts of load from other processes. */
  readonly sliceUsPerPass: readonly number[];
}

const NOT_RUN: Timed = { passes: 0, seconds: 0, sink: 0, sliceUsPerPass: [] };

/** Repeats `pass` until `seconds` have elapsed (checking the clock once per pass). */
function runSlice(seconds: number, pass: () => number): { passes: number; seconds: number; sink: number } {
  const budget = BigInt(Math.round(seconds * 1e9));
  const start = process.hrtime.bigint();
  let passes = 0;
  let sink = 0;
  let elapsed = 0n;
  do {
    sink += pass();
    passes += 1;
    elapsed = process.hrtime.bigint() - start;
  } while (elapsed < budget);
  return { passes, seconds: Number(elapsed) / 1e9, sink };
}

/** Runs `pass` for `seconds` in `slices` equal time slices. */
function runFor(seconds: number, pass: () => number, slices: number): Timed {
  const sliceUsPerPass: number[] = [];
  let passes = 0;
  let total = 0;
  let sink = 0;
  for (let index = 0; index < slices; index++) {
    const slice = runSlice(seconds / slices, pass);
    passes += slice.passes;
    total += slice.seconds;
    sink += slice.sink;
    sliceUsPerPass.push((slice.seconds * 1e6) / slice.passes);
  }
  return { passes, seconds: total, sink, sliceUsPerPass };
}

interface Result {
  readonly prepared: Prepared;
  readonly endToEnd: Timed;
  readonly parse: Timed;
  readonly decideAlert: Timed;
  readonly plan: Timed;
}

const endToEndPass = (prepared: Prepared, config: HeraldConfig) => (): number =>
  prepared.raws.reduce<number>((sink, raw) => sink + processRaw(raw, config), 0);

const parsePass = (prepared: Prepared) => (): number =>
  prepared.raws.reduce<number>((sink, raw) => sink + parseEvent(raw).length, 0);

const decideAlertPass = (prepared: Prepared, config: HeraldConfig) => (): number =>
  prepared.events.reduce<number>((sink, event) => {
    const decision = decide(event, config);
    return decision.kind === 'ignore' ? sink + 1 : sink + buildAlert(event, decision.eventType, decision.severity, NO_FACTS).facts.length;
  }, 0);

const planPass = (prepared: Prepared, config: HeraldConfig) => (): number =>
  prepared.alerts.reduce<number>(
    (sink, { event, alert }) => planDeliveries(event, alert, config).reduce((total, delivery) => total + delivery.message.length, sink),
    0,
  );

function warmUp(prepared: readonly Prepared[], config: HeraldConfig): void {
  if (WARMUP_SECONDS === 0) return;
  const share = WARMUP_SECONDS / prepared.length;
  for (const item of prepared) runFor(share, endToEndPass(item, config), 1);
}

function measure(prepared: Prepared, config: HeraldConfig): Result {
  return {
    prepared,
    endToEnd: runFor(SECONDS, endToEndPass(prepared, config), SLICES),
    parse: runFor(STAGE_SECONDS, parsePass(prepared), STAGE_SLICES),
    decideAlert: runFor(STAGE_SECONDS, decideAlertPass(prepared, config), STAGE_SLICES),
    plan: prepared.alerts.length === 0 ? NOT_RUN : runFor(STAGE_SECONDS, planPass(prepared, config), STAGE_SLICES),
  };
}

// ---- Figures ----

interface Figures {
  readonly eventsPerSecond: number;
  /** Slowest and fastest slice. */
  readonly eventsPerSecondRange: readonly [number, number];
  readonly alertsPerSecond: number;
  readonly rendersPerSecond: number;
  readonly usPerEvent: number;
  readonly parseUs: number;
  readonly decideAlertUs: number;
  /** planDeliveries cost spread over every event of the workload, and per alert. */
  readonly planUsPerEvent: number;
  readonly planUsPerAlert: number;
  readonly met: boolean;
}

function figures(result: Result): Figures {
  const { prepared } = result;
  const events = prepared.events.length;
  const usPer = (timed: Timed, count: number): number => (count === 0 || timed.passes === 0 ? 0 : median(timed.sliceUsPerPass) / count);
  const usPerEvent = usPer(result.endToEnd, events);
  const perSecond = (count: number): number => (usPerEvent === 0 ? 0 : (1e6 * count) / (usPerEvent * events));
  const sliceRates = result.endToEnd.sliceUsPerPass.map((usPerPass) => (1e6 * events) / usPerPass);
  const eventsPerSecond = perSecond(events);
  const planUsPerAlert = usPer(result.plan, prepared.alerts.length);
  return {
    eventsPerSecond,
    eventsPerSecondRange: [Math.min(...sliceRates), Math.max(...sliceRates)],
    alertsPerSecond: perSecond(prepared.alerts.length),
    rendersPerSecond: perSecond(prepared.renders),
    usPerEvent,
    parseUs: usPer(result.parse, events),
    decideAlertUs: usPer(result.decideAlert, events),
    planUsPerEvent: events === 0 ? 0 : (planUsPerAlert * prepared.alerts.length) / events,
    planUsPerAlert,
    met: eventsPerSecond >= TARGET_EVENTS_PER_SECOND,
  };
}

const us = (value: number): string => value.toFixed(1);
const verdict = (met: boolean): string => (met ? 'met' : 'NOT met');

function markdownReport(results: readonly Result[], config: HeraldConfig): string {
  const machine = describeMachine();
  const rows = results.map((result) => ({ result, figures: figures(result) }));
  const allMet = rows.every((row) => row.figures.met);
  return [
    '## Throughput: parse + plan + render',
    '',
    ...machineLines(machine),
    `- Duration: ${SECONDS} s per workload end to end, ${us(STAGE_SECONDS)} s per stage, after ${WARMUP_SECONDS} s of warm-up (BENCH_SECONDS, BENCH_WARMUP_SECONDS)`,
    '',
    '**Method.** `bench/throughput.ts` runs, in one process on one JS thread, what the pipeline-alerts',
    'function does per event minus I/O: `parseEvent` → `decide` → `buildAlert` (with `NO_FACTS`:',
    'enrichment is I/O and excluded) → `planDeliveries` (route + render per target) with the config',
    "from `herald.config.yml`. Raw events are pre-loaded objects, as Lambda hands them over, cycled for a",
    `fixed duration split into ${SLICES} time slices; rates are from the median slice (the machine is shared,`,
    'so a slice can be slowed by other processes: the slowest–fastest column shows how much). Stage',
    'costs are timed separately on pre-computed inputs: parse on the raw events, decide+buildAlert on',
    'parsed events, planDeliveries on the built alerts (shown per event of the workload, and per alert).',
    'A render is one message planned for one SNS target. GC runs inside the timings.',
    '',
    `**Target:** ≥ ${formatInt(TARGET_EVENTS_PER_SECOND)} events/s on each workload: **${allMet ? 'met' : 'NOT met'}**.`,
    '',
    markdownTable(
      ['workload', 'events', 'alerts', 'renders', 'events/s', 'events/s, slowest–fastest slice', 'alerts/s', 'renders/s', 'µs/event', 'target'],
      rows.map(({ result, figures: fig }) => [
        `\`${result.prepared.workload.name}\``,
        String(result.prepared.events.length),
        String(result.prepared.alerts.length),
        String(result.prepared.renders),
        formatInt(fig.eventsPerSecond),
        `${formatInt(fig.eventsPerSecondRange[0])}–${formatInt(fig.eventsPerSecondRange[1])}`,
        formatInt(fig.alertsPerSecond),
        formatInt(fig.rendersPerSecond),
        us(fig.usPerEvent),
        verdict(fig.met),
      ]),
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
    ),
    '',
    'Per-stage cost (µs):',
    '',
    markdownTable(
      ['workload', 'parse /event', 'decide+buildAlert /event', 'planDeliveries /event', 'planDeliveries /alert', 'sum of stages /event', 'end to end /event'],
      rows.map(({ result, figures: fig }) => [
        `\`${result.prepared.workload.name}\``,
        us(fig.parseUs),
        us(fig.decideAlertUs),
        us(fig.planUsPerEvent),
        us(fig.planUsPerAlert),
        us(fig.parseUs + fig.decideAlertUs + fig.planUsPerEvent),
        us(fig.usPerEvent),
      ]),
      ['l', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
    '',
    ...results.flatMap((result) => workloadDetails(result, config)),
  ].join('\n');
}

function workloadDetails(result: Result, config: HeraldConfig): string[] {
  const { prepared } = result;
  const formats = [...prepared.formats]
    .map(([format, { count, bytes }]) => `${format} ${formatInt(bytes / count)} B avg (${count})`)
    .join(', ');
  return [
    `<details><summary>Workload <code>${prepared.workload.name}</code>: ${prepared.workload.description}; ` +
      `${prepared.alerts.length} of ${prepared.events.length} events alert under herald.config.yml ` +
      `(alerts.foldIntoExecution: ${String(config.alerts.foldIntoExecution)}, pipelineBuilds: ${config.alerts.pipelineBuilds}).</summary>`,
    '',
    `Rendered message sizes: ${formats === '' ? 'none' : formats}.`,
    '',
    markdownTable(
      ['fixture', 'outcome'],
      prepared.outcomes.map((item) => [`\`${item.label}\``, item.outcome]),
    ),
    ...(prepared.excluded.length === 0
      ? []
      : ['', 'Excluded (did not parse):', ...prepared.excluded.map((item) => `- \`${item.label}\`: ${item.error}`)]),
    '',
    '</details>',
    '',
  ];
}

function printSummary(results: readonly Result[]): void {
  console.log('');
  console.table(
    Object.fromEntries(
      results.map((result) => {
        const fig = figures(result);
        return [
          result.prepared.workload.name,
          {
            events: result.prepared.events.length,
            alerts: result.prepared.alerts.length,
            renders: result.prepared.renders,
            'events/s': Math.round(fig.eventsPerSecond),
            'slowest slice': Math.round(fig.eventsPerSecondRange[0]),
            'renders/s': Math.round(fig.rendersPerSecond),
            'µs/event': Number(us(fig.usPerEvent)),
            'parse µs': Number(us(fig.parseUs)),
            'decide+alert µs': Number(us(fig.decideAlertUs)),
            'plan µs/event': Number(us(fig.planUsPerEvent)),
            'plan µs/alert': Number(us(fig.planUsPerAlert)),
          },
        ];
      }),
    ),
  );
  for (const result of results) {
    for (const item of result.prepared.excluded) console.log(`WARNING: ${result.prepared.workload.name}: excluded ${item.label}: ${item.error}`);
  }
  const missed = results.filter((result) => !figures(result).met);
  console.log(
    `Target ≥ ${formatInt(TARGET_EVENTS_PER_SECOND)} events/s: ` +
      (missed.length === 0 ? 'met on every workload' : `NOT met on ${missed.map((result) => result.prepared.workload.name).join(', ')}`),
  );
}

function main(): void {
  const config = loadConfigFile(CONFIG_FILE);
  const workloads = buildWorkloads(loadFixtures(), config);
  const prepared = workloads.map((workload) => prepare(workload, config));
  for (const item of prepared) {
    console.log(`${item.workload.name}: ${item.events.length} events, ${item.alerts.length} alerts, ${item.renders} renders per pass`);
  }
  console.log(`Warm-up ${WARMUP_SECONDS} s, then ${SECONDS} s end to end and ${us(STAGE_SECONDS)} s per stage, per workload…`);
  warmUp(prepared, config);
  const results = prepared.map((item) => measure(item, config));
  printSummary(results);
  writeSection('throughput', markdownReport(results, config));
  console.log(`Wrote the throughput section of ${path.relative(ROOT, path.join(ROOT, 'docs', 'benchmarks.md'))}`);
}

main();

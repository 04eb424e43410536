/**
 * Cold-start benchmark: module-load time of each Lambda bundle against a baseline bundle
 * that only builds an SNS client.
 *
 * Every `functions/*.ts` entry (and bench/baseline/snsClientOnly.ts) is bundled with the
 * options of serverless.yml's `custom.esbuild` into bench/.work/<name>/index.js, next to a
 * copy of herald.config.yml. Each measurement is a fresh `node` process that times
 * `require(bundle)` with process.hrtime: the module-load (init) part of a cold start, not
 * Node's own boot nor Lambda's. Bundles are interleaved round-robin so drift in machine load
 * hits all of them alike. Each bundle is measured twice per round: as the brief's plain
 * `node`, and with `--enable-source-maps`, which serverless.yml sets for every function
 * (NODE_OPTIONS) and which makes Node read the bundle's source map at load.
 *
 * Target: every function's median ≤ 1.2 × the baseline's median. Exits 0 whether or not the
 * target is met (benchmarks are not tests); exits 1 only when a bundle fails to build or load.
 *
 *   npm run bench:cold-start          BENCH_ROUNDS=30 (default), BENCH_WARMUP=3 (default)
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { build, version as esbuildVersion, type BuildOptions, type Metafile } from 'esbuild';
import { isMap, parseDocument, type Document } from 'yaml';
import {
  ROOT,
  describeMachine,
  envNumber,
  formatBytes,
  formatInt,
  machineLines,
  markdownTable,
  median,
  percentile,
  writeSection,
} from './report';

const TARGET_RATIO = 1.2;
const ROUNDS = envNumber('BENCH_ROUNDS', 30, { integer: true, min: 1 });
const WARMUP_ROUNDS = envNumber('BENCH_WARMUP', 3, { integer: true, min: 0 });
const TOP_CONTRIBUTORS = 10;

const FUNCTIONS_DIR = path.join(ROOT, 'functions');
const BASELINE_ENTRY = path.join(ROOT, 'bench', 'baseline', 'snsClientOnly.ts');
const WORK_DIR = path.join(ROOT, 'bench', '.work');
const CONFIG_FILE = path.join(ROOT, 'herald.config.yml');
const FAKE_TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:x';

/** serverless.yml `custom.esbuild`, as esbuild options (serverless-esbuild leaves `format` to esbuild: cjs for node). */
const ESBUILD_OPTIONS: BuildOptions = {
  bundle: true,
  minify: true,
  sourcemap: true,
  keepNames: true,
  mainFields: ['module', 'main'],
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  external: [], // `exclude: []`: the AWS SDK v3 is bundled
};

/** The settings above as they are spelled in serverless.yml, to warn when the two drift apart. */
const EXPECTED_SERVERLESS_ESBUILD: Record<string, unknown> = {
  bundle: true,
  minify: true,
  sourcemap: true,
  keepNames: true,
  mainFields: ['module', 'main'],
  target: 'node22',
  platform: 'node',
  exclude: [],
};

type Mode = 'plain' | 'sourceMaps';
const MODES: readonly Mode[] = ['plain', 'sourceMaps'];
const MODE_FLAGS: Record<Mode, readonly string[]> = { plain: [], sourceMaps: ['--enable-source-maps'] };

interface Bundle {
  readonly name: string;
  readonly entry: string;
  readonly isBaseline: boolean;
  readonly dir: string;
  readonly jsPath: string;
  readonly configPath: string;
  readonly jsBytes: number;
  readonly mapBytes: number;
  readonly metafile: Metafile;
  readonly samples: Record<Mode, number[]>;
}

// ---- Build ----

function discoverEntries(): { name: string; entry: string; isBaseline: boolean }[] {
  const functions = readdirSync(FUNCTIONS_DIR)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && !/\.(test|spec)\.ts$/.test(file))
    .sort()
    .map((file) => ({ name: path.basename(file, '.ts'), entry: path.join(FUNCTIONS_DIR, file), isBaseline: false }));
  return [...functions, { name: 'baseline-snsClientOnly', entry: BASELINE_ENTRY, isBaseline: true }];
}

async function bundle(name: string, entry: string, isBaseline: boolean): Promise<Bundle> {
  const dir = path.join(WORK_DIR, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const jsPath = path.join(dir, 'index.js');
  const result = await build({
    ...ESBUILD_OPTIONS,
    absWorkingDir: ROOT,
    entryPoints: [entry],
    outfile: jsPath,
    metafile: true,
    logLevel: 'error',
  });
  const configPath = path.join(dir, 'herald.config.yml');
  copyFileSync(CONFIG_FILE, configPath);
  return {
    name,
    entry: path.relative(ROOT, entry),
    isBaseline,
    dir,
    jsPath,
    configPath,
    jsBytes: statSync(jsPath).size,
    mapBytes: statSync(`${jsPath}.map`).size,
    metafile: result.metafile,
    samples: { plain: [], sourceMaps: [] },
  };
}

/**
 * Differences between serverless.yml's custom.esbuild and the options used here. Reads the
 * document leniently: a YAML error elsewhere in the file is reported, not fatal.
 */
function serverlessDrift(): string[] {
  let document: Document.Parsed;
  try {
    document = parseDocument(readFileSync(path.join(ROOT, 'serverless.yml'), 'utf8'), { logLevel: 'silent' });
  } catch (error: unknown) {
    return [`cannot read serverless.yml: ${error instanceof Error ? error.message : String(error)}`];
  }
  const notes: string[] = [];
  const firstError = document.errors[0];
  if (firstError !== undefined) {
    const at = firstError.linePos?.[0];
    const where = at === undefined ? '' : ` at line ${at.line}, column ${at.col}`;
    notes.push(`serverless.yml is not valid YAML (${document.errors.length} errors, first${where}: ${firstError.message.split('\n', 1)[0] ?? ''}); custom.esbuild was read from the partial parse`);
  }
  const node: unknown = document.getIn(['custom', 'esbuild'], true);
  const custom: unknown = isMap(node) ? node.toJSON() : undefined;
  if (!isRecord(custom)) return [...notes, 'serverless.yml has no custom.esbuild'];
  const drift = Object.entries(EXPECTED_SERVERLESS_ESBUILD)
    .filter(([key, expected]) => JSON.stringify(custom[key]) !== JSON.stringify(expected))
    .map(([key, expected]) => `custom.esbuild.${key} is ${JSON.stringify(custom[key])}, the bench uses ${JSON.stringify(expected)}`);
  return [...notes, ...drift];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---- Measure ----

/** Runs in the child: times require() of the bundle, checks it exports a handler, prints one line. */
function childScript(jsPath: string): string {
  return [
    `const start = process.hrtime.bigint();`,
    `const mod = require(${JSON.stringify(jsPath)});`,
    `const end = process.hrtime.bigint();`,
    `if (typeof mod.handler !== 'function') { console.error('no handler export'); process.exit(3); }`,
    `process.stdout.write('BENCH_LOAD_NS=' + String(end - start) + '\\n');`,
  ].join('\n');
}

/** A Lambda-like environment: only what the functions read, nothing inherited (no NODE_OPTIONS, no AWS profile). */
function childEnv(bundleInfo: Bundle): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HERALD_CONFIG_PATH: bundleInfo.configPath,
    HERALD_TOPIC_ALERTS: FAKE_TOPIC_ARN,
    HERALD_TOPIC_CHAT: FAKE_TOPIC_ARN,
    HERALD_TOPIC_SLACK: FAKE_TOPIC_ARN,
    SLACK_WEBHOOK_SECRET: 'ssm:/x',
    POWERTOOLS_LOG_LEVEL: 'INFO',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'offline',
    AWS_SECRET_ACCESS_KEY: 'offline',
  };
}

/** Module-load time of one fresh process, in ms. Throws with the child's stderr when it fails. */
function measureOnce(bundleInfo: Bundle, mode: Mode): number {
  const child = spawnSync(process.execPath, [...MODE_FLAGS[mode], '-e', childScript(bundleInfo.jsPath)], {
    cwd: bundleInfo.dir,
    env: childEnv(bundleInfo),
    encoding: 'utf8',
    timeout: 60_000,
  });
  const match = /BENCH_LOAD_NS=(\d+)/.exec(child.stdout);
  if (child.status !== 0 || match?.[1] === undefined) {
    const reason = child.error?.message ?? `exit ${String(child.status ?? child.signal)}`;
    throw new Error(`${bundleInfo.name} (${mode}) failed to load: ${reason}\n${child.stderr.trim()}`);
  }
  return Number(match[1]) / 1e6;
}

/** Round-robin over bundles and modes; the starting bundle rotates every round so none always goes first. */
function measure(bundles: readonly Bundle[]): void {
  const total = WARMUP_ROUNDS + ROUNDS;
  for (let round = 0; round < total; round++) {
    const warmup = round < WARMUP_ROUNDS;
    for (let offset = 0; offset < bundles.length; offset++) {
      const bundleInfo = bundles[(round + offset) % bundles.length];
      if (bundleInfo === undefined) continue;
      const modes = round % 2 === 0 ? MODES : [...MODES].reverse();
      for (const mode of modes) {
        const ms = measureOnce(bundleInfo, mode);
        if (!warmup) bundleInfo.samples[mode].push(ms);
      }
    }
    process.stdout.write(`\r  ${warmup ? 'warm-up' : 'round'} ${warmup ? round + 1 : round + 1 - WARMUP_ROUNDS}/${warmup ? WARMUP_ROUNDS : ROUNDS}   `);
  }
  process.stdout.write('\n');
}

// ---- Size breakdown ----

interface Contributor {
  readonly name: string;
  readonly bytes: number;
}

/** `node_modules/@scope/pkg/x.js` → `@scope/pkg`; project files → `(herald) shared/events`. */
function packageOf(inputPath: string): string {
  const marker = 'node_modules/';
  const at = inputPath.lastIndexOf(marker);
  if (at < 0) {
    const parts = inputPath.split('/');
    return `(herald) ${parts.slice(0, parts.length > 2 ? 2 : 1).join('/')}`;
  }
  const parts = inputPath.slice(at + marker.length).split('/');
  const [first = '?', second = '?'] = parts;
  return first.startsWith('@') ? `${first}/${second}` : first;
}

/** The directory of a file inside its package: `node_modules/zod/v4/locales/he.js` → `zod/v4/locales`. */
function directoryInPackage(inputPath: string): string {
  const marker = 'node_modules/';
  const at = inputPath.lastIndexOf(marker);
  return path.posix.dirname(at < 0 ? inputPath : inputPath.slice(at + marker.length));
}

function outputInputs(bundleInfo: Bundle): [string, number][] {
  const output = Object.values(bundleInfo.metafile.outputs).find((candidate) => candidate.entryPoint !== undefined);
  if (output === undefined) return [];
  return Object.entries(output.inputs).map(([input, info]) => [input, info.bytesInOutput]);
}

function groupBytes(inputs: readonly [string, number][], keyOf: (input: string) => string): Contributor[] {
  const totals = new Map<string, number>();
  for (const [input, bytes] of inputs) {
    const key = keyOf(input);
    totals.set(key, (totals.get(key) ?? 0) + bytes);
  }
  return [...totals]
    .filter(([, bytes]) => bytes > 0)
    .map(([name, bytes]) => ({ name, bytes }))
    .sort((a, b) => b.bytes - a.bytes);
}

interface Breakdown {
  readonly packages: Contributor[];
  readonly packageCount: number;
  readonly moduleCount: number;
  /** Where the largest package's bytes come from, by directory. */
  readonly topPackageDirs: Contributor[];
}

function breakdown(bundleInfo: Bundle): Breakdown {
  const inputs = outputInputs(bundleInfo);
  const packages = groupBytes(inputs, packageOf);
  const topName = packages[0]?.name;
  const topInputs = inputs.filter(([input]) => packageOf(input) === topName);
  return {
    packages: packages.slice(0, TOP_CONTRIBUTORS),
    packageCount: packages.length,
    moduleCount: inputs.length,
    topPackageDirs: groupBytes(topInputs, directoryInPackage).slice(0, 5),
  };
}

// ---- Report ----

interface Row {
  readonly bundle: Bundle;
  readonly stats: Record<Mode, { median: number; p90: number; min: number; ratio: number }>;
}

function summarize(bundles: readonly Bundle[], baseline: Bundle): Row[] {
  const baseMedian = (mode: Mode): number => median(baseline.samples[mode]);
  return bundles.map((bundleInfo) => {
    const statsOf = (mode: Mode): Row['stats'][Mode] => {
      const samples = bundleInfo.samples[mode];
      const mid = median(samples);
      return { median: mid, p90: percentile(samples, 90), min: Math.min(...samples), ratio: mid / baseMedian(mode) };
    };
    return { bundle: bundleInfo, stats: { plain: statsOf('plain'), sourceMaps: statsOf('sourceMaps') } };
  });
}

const ms = (value: number): string => value.toFixed(1);
const ratio = (value: number): string => `${value.toFixed(2)}×`;

function verdict(row: Row, mode: Mode): string {
  if (row.bundle.isBaseline) return 'baseline';
  return row.stats[mode].ratio <= TARGET_RATIO ? 'met' : 'NOT met';
}

function resultsTable(rows: readonly Row[]): string {
  return markdownTable(
    ['bundle', 'index.js', 'index.js.map', 'median ms', 'p90 ms', '× baseline', 'target', 'median ms (source maps)', 'p90 ms (source maps)', '× baseline (source maps)', 'target (source maps)'],
    rows.map((row) => [
      `\`${row.bundle.name}\``,
      `${formatInt(row.bundle.jsBytes)} B (${formatBytes(row.bundle.jsBytes)})`,
      `${formatInt(row.bundle.mapBytes)} B (${formatBytes(row.bundle.mapBytes)})`,
      ms(row.stats.plain.median),
      ms(row.stats.plain.p90),
      ratio(row.stats.plain.ratio),
      verdict(row, 'plain'),
      ms(row.stats.sourceMaps.median),
      ms(row.stats.sourceMaps.p90),
      ratio(row.stats.sourceMaps.ratio),
      verdict(row, 'sourceMaps'),
    ]),
    ['l', 'r', 'r', 'r', 'r', 'r', 'l', 'r', 'r', 'r', 'l'],
  );
}

function contributorsTable(bundleInfo: Bundle, info: Breakdown): string {
  const share = (bytes: number): string => `${((100 * bytes) / bundleInfo.jsBytes).toFixed(1)}%`;
  const top = info.packages[0];
  return [
    `#### \`${bundleInfo.name}\` (${formatBytes(bundleInfo.jsBytes)}, ${info.moduleCount} modules from ${info.packageCount} packages)`,
    '',
    markdownTable(
      ['#', 'package', 'bytes in output', 'share'],
      info.packages.map((contributor, index) => [String(index + 1), contributor.name, formatInt(contributor.bytes), share(contributor.bytes)]),
      ['r', 'l', 'r', 'r'],
    ),
    '',
    top === undefined
      ? ''
      : `Largest package \`${top.name}\` by directory: ` +
        info.topPackageDirs.map((dir) => `\`${dir.name}\` ${formatBytes(dir.bytes)}`).join(', ') +
        '.',
  ].join('\n');
}

function targetLine(rows: readonly Row[], mode: Mode): string {
  const functions = rows.filter((row) => !row.bundle.isBaseline);
  const missed = functions.filter((row) => row.stats[mode].ratio > TARGET_RATIO);
  return missed.length === 0
    ? `met (every function ≤ ${TARGET_RATIO}× baseline)`
    : `NOT met: ${missed.map((row) => `${row.bundle.name} ${ratio(row.stats[mode].ratio)}`).join(', ')} (target ≤ ${TARGET_RATIO}×)`;
}

function markdownReport(rows: readonly Row[], breakdowns: ReadonlyMap<Bundle, Breakdown>, drift: readonly string[]): string {
  const machine = describeMachine();
  return [
    '## Cold start: module load',
    '',
    ...machineLines(machine),
    `- esbuild ${esbuildVersion}; rounds: ${ROUNDS} measured after ${WARMUP_ROUNDS} warm-up rounds (BENCH_ROUNDS, BENCH_WARMUP)`,
    '',
    '**Method.** `bench/coldStart.ts` bundles every `functions/*.ts` and the baseline',
    '`bench/baseline/snsClientOnly.ts` (one `SNSClient` at module scope, trivial handler) with',
    "serverless.yml's `custom.esbuild` options (bundle, minify, sourcemap, keepNames, mainFields",
    '`module,main`, platform node, target node22, format cjs, nothing external: the AWS SDK v3 is',
    'bundled) into `bench/.work/<name>/index.js`, next to a copy of `herald.config.yml`. Each sample',
    'is a fresh `node -e` process, run from the bundle directory with a minimal Lambda-like',
    'environment (config path, fake topic ARNs, `SLACK_WEBHOOK_SECRET=ssm:/x`, `AWS_REGION`,',
    'offline credentials), that takes `process.hrtime` before and after `require(bundle)`: the',
    "module-load (init) part of a cold start, without Node's boot or Lambda's own init. Bundles",
    'are interleaved round-robin, each twice per round: plain `node`, and `node',
    '--enable-source-maps`, which serverless.yml sets for every function through NODE_OPTIONS.',
    '',
    `**Target:** every function's median ≤ ${TARGET_RATIO}× the baseline's median.`,
    `- plain node: ${targetLine(rows, 'plain')}`,
    `- with --enable-source-maps (as deployed): ${targetLine(rows, 'sourceMaps')}`,
    ...(drift.length === 0 ? [] : ['', '**Warnings (serverless.yml against the options used here):**', ...drift.map((warning) => `- ${warning}`)]),
    '',
    resultsTable(rows),
    '',
    `### Top ${TOP_CONTRIBUTORS} contributors to each bundle (esbuild metafile, bytes in the minified output)`,
    '',
    ...rows.flatMap((row) => {
      const info = breakdowns.get(row.bundle);
      return info === undefined ? [] : [contributorsTable(row.bundle, info), ''];
    }),
  ].join('\n');
}

function printSummary(rows: readonly Row[], breakdowns: ReadonlyMap<Bundle, Breakdown>, drift: readonly string[]): void {
  console.log('\nModule load (ms), fresh node process per sample:');
  console.table(
    Object.fromEntries(
      rows.map((row) => [
        row.bundle.name,
        {
          'js bytes': row.bundle.jsBytes,
          'map bytes': row.bundle.mapBytes,
          median: Number(ms(row.stats.plain.median)),
          p90: Number(ms(row.stats.plain.p90)),
          '× base': ratio(row.stats.plain.ratio),
          'median (srcmaps)': Number(ms(row.stats.sourceMaps.median)),
          'p90 (srcmaps)': Number(ms(row.stats.sourceMaps.p90)),
          '× base (srcmaps)': ratio(row.stats.sourceMaps.ratio),
        },
      ]),
    ),
  );
  for (const row of rows) {
    const info = breakdowns.get(row.bundle);
    if (info === undefined) continue;
    console.log(`\nTop ${TOP_CONTRIBUTORS} packages in ${row.bundle.name} (${formatBytes(row.bundle.jsBytes)}):`);
    for (const contributor of info.packages) {
      const share = ((100 * contributor.bytes) / row.bundle.jsBytes).toFixed(1).padStart(5);
      console.log(`  ${share}%  ${formatBytes(contributor.bytes).padStart(10)}  ${contributor.name}`);
    }
    console.log(`  largest package by directory: ${info.topPackageDirs.map((dir) => `${dir.name} ${formatBytes(dir.bytes)}`).join(', ')}`);
  }
  for (const warning of drift) console.log(`\nWARNING: ${warning}`);
  console.log(`\nTarget (every function ≤ ${TARGET_RATIO}× baseline median):`);
  console.log(`  plain node:             ${targetLine(rows, 'plain')}`);
  console.log(`  --enable-source-maps:   ${targetLine(rows, 'sourceMaps')}`);
}

async function main(): Promise<void> {
  const entries = discoverEntries();
  console.log(`Bundling ${entries.map((entry) => entry.name).join(', ')} (esbuild ${esbuildVersion}) into ${path.relative(ROOT, WORK_DIR)}/`);
  const bundles: Bundle[] = [];
  for (const entry of entries) bundles.push(await bundle(entry.name, entry.entry, entry.isBaseline));
  const baseline = bundles.find((candidate) => candidate.isBaseline);
  if (baseline === undefined) throw new Error('no baseline bundle');
  const drift = serverlessDrift();

  console.log(`Measuring ${bundles.length} bundles × ${MODES.length} modes: ${WARMUP_ROUNDS} warm-up + ${ROUNDS} rounds`);
  measure(bundles);

  const rows = summarize(bundles, baseline);
  const breakdowns = new Map(bundles.map((bundleInfo) => [bundleInfo, breakdown(bundleInfo)]));
  printSummary(rows, breakdowns, drift);
  writeSection('cold-start', markdownReport(rows, breakdowns, drift));
  console.log(`\nWrote the cold-start section of ${path.relative(ROOT, path.join(ROOT, 'docs', 'benchmarks.md'))}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});

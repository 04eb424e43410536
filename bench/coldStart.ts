/**
 * Cold-start benchmark: module-load time of each Lambda bundle against a baseline bundle
 * that only builds an SNS client.
 *
 * Every `functions/<name>/handler.ts` entry (and bench/baseline/snsClientOnly.ts) is built with
 * the esbuild options of serverless.yml's `custom.esbuild`, translated as serverless-esbuild
 * does (ESM, code splitting, `.mjs`, the createRequire banner, esbuild/plugins.js, nothing
 * external), into bench/.work/<name>/: the entry file and its chunks side by side, as in the
 * deployed zip. Each measurement is a fresh `node --input-type=module` process that times
 * `await import(entry)` with process.hrtime: the entry, the chunks it imports statically and
 * their top-level code, i.e. the module-load (init) part of a cold start, not Node's own boot
 * nor Lambda's. Chunks reached only through `import()` are loaded on first use, not here.
 * Bundles are interleaved round-robin so drift in machine load hits all of them alike.
 *
 * Target: every function's median ≤ 1.2 × the baseline's median. Exits 0 whether or not the
 * target is met (benchmarks are not tests); exits 1 only when a bundle fails to build or load.
 *
 *   npm run bench:cold-start          BENCH_ROUNDS=30 (default), BENCH_WARMUP=3 (default)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, version as esbuildVersion, type BuildOptions, type Metafile, type Plugin } from 'esbuild';
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
const FUNCTION_ENTRY = 'handler.ts';
const BASELINE_ENTRY = path.join(ROOT, 'bench', 'baseline', 'snsClientOnly.ts');
const WORK_DIR = path.join(ROOT, 'bench', '.work');
const SERVERLESS_YML = path.join(ROOT, 'serverless.yml');
const FAKE_TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:x';

// ---- Build options: serverless.yml's custom.esbuild, as serverless-esbuild hands it to esbuild ----

const BANNER_JS =
  "import { createRequire as __heraldCreateRequire } from 'node:module'; const require = __heraldCreateRequire(import.meta.url);";

/**
 * serverless.yml's custom.esbuild as this bench (its child script, its method text) expects it.
 * The bench builds with what serverless.yml says and warns about every difference from this;
 * it builds with these when serverless.yml has no custom.esbuild.
 */
const EXPECTED_SERVERLESS_ESBUILD: Readonly<Record<string, unknown>> = {
  bundle: true,
  minify: true,
  sourcemap: true,
  keepNames: true,
  mainFields: ['module', 'main'],
  target: 'node22',
  platform: 'node',
  format: 'esm',
  splitting: true,
  outputFileExtension: '.mjs',
  banner: { js: BANNER_JS },
  exclude: [],
  plugins: 'esbuild/plugins.js',
};

/** serverless-esbuild's own settings (packaging, watch mode, caching), which it strips before calling esbuild. */
const PACKAGING_KEYS: ReadonlySet<string> = new Set([
  'concurrency',
  'zipConcurrency',
  'nativeZip',
  'packager',
  'packagePath',
  'watch',
  'keepOutputDirectory',
  'packagerOptions',
  'installExtraArgs',
  'outputBuildFolder',
  'outputWorkFolder',
  'nodeExternals',
  'skipBuild',
  'skipRebuild',
  'skipBuildExcludeFns',
  'stripEntryResolveExtensions',
  'disposeContext',
]);

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');
const isStringRecord = (value: unknown): value is Record<string, string> =>
  isRecord(value) && Object.values(value).every((item) => typeof item === 'string');
function isOneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return allowed.some((candidate) => candidate === value);
}
const SOURCEMAP_MODES = ['linked', 'inline', 'external', 'both'] as const;

/** custom.esbuild keys → esbuild options; `undefined` when the value has a type the bench does not understand. */
const TRANSLATIONS: Readonly<Record<string, (value: unknown) => BuildOptions | undefined>> = {
  bundle: (value) => (typeof value === 'boolean' ? { bundle: value } : undefined),
  minify: (value) => (typeof value === 'boolean' ? { minify: value } : undefined),
  keepNames: (value) => (typeof value === 'boolean' ? { keepNames: value } : undefined),
  splitting: (value) => (typeof value === 'boolean' ? { splitting: value } : undefined),
  sourcemap: (value) => (typeof value === 'boolean' || isOneOf(value, SOURCEMAP_MODES) ? { sourcemap: value } : undefined),
  mainFields: (value) => (isStringArray(value) ? { mainFields: value } : undefined),
  target: (value) => (typeof value === 'string' || isStringArray(value) ? { target: value } : undefined),
  platform: (value) => (isOneOf(value, ['node', 'browser', 'neutral'] as const) ? { platform: value } : undefined),
  format: (value) => (isOneOf(value, ['esm', 'cjs', 'iife'] as const) ? { format: value } : undefined),
  // serverless-esbuild: `outputFileExtension: .mjs` → `outExtension: { '.js': '.mjs' }`.
  outputFileExtension: (value) =>
    typeof value === 'string' && value.startsWith('.') ? (value === '.js' ? {} : { outExtension: { '.js': value } }) : undefined,
  banner: (value) => (isStringRecord(value) ? { banner: value } : undefined),
  footer: (value) => (isStringRecord(value) ? { footer: value } : undefined),
  plugins: (value) => (typeof value === 'string' ? { plugins: loadPlugins(value) } : undefined),
  // serverless-esbuild: `external` plus `exclude` (default ['aws-sdk'], '*' meaning none) → esbuild's `external`.
  external: (value) => (isStringArray(value) ? {} : undefined),
  exclude: (value) => (isStringArray(value) ? {} : undefined),
  // The bench always asks for the metafile (sizes, contributors); it changes no output.
  metafile: (value) => (typeof value === 'boolean' ? {} : undefined),
};

/** serverless-esbuild's `plugins: <file>`: a module exporting an array of esbuild plugins. */
function loadPlugins(file: string): Plugin[] {
  const required: unknown = require(path.join(ROOT, file));
  const loaded: unknown = isRecord(required) && 'default' in required ? required.default : required;
  if (typeof loaded === 'function') throw new Error(`${file} exports a function of the serverless instance; the bench can only use an array of plugins`);
  if (!Array.isArray(loaded)) throw new Error(`${file} must export an array of esbuild plugins`);
  return loaded.map((plugin: unknown, index) => {
    if (!isPlugin(plugin)) throw new Error(`${file}: item ${index} is not an esbuild plugin ({ name, setup })`);
    return plugin;
  });
}

function isPlugin(value: unknown): value is Plugin {
  return isRecord(value) && typeof value.name === 'string' && typeof value.setup === 'function';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface ServerlessEsbuild {
  /** custom.esbuild, or undefined when serverless.yml is missing, unreadable or has none. */
  readonly custom: Record<string, unknown> | undefined;
  readonly runtime: unknown;
  readonly notes: string[];
}

/** Reads the document leniently: a YAML error elsewhere in the file is reported, not fatal. */
function readServerlessEsbuild(): ServerlessEsbuild {
  let document: Document.Parsed;
  try {
    document = parseDocument(readFileSync(SERVERLESS_YML, 'utf8'), { logLevel: 'silent' });
  } catch (error: unknown) {
    return { custom: undefined, runtime: undefined, notes: [`cannot read serverless.yml: ${error instanceof Error ? error.message : String(error)}`] };
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
  const runtime: unknown = document.getIn(['provider', 'runtime']);
  if (!isRecord(custom)) return { custom: undefined, runtime, notes: [...notes, 'serverless.yml has no custom.esbuild'] };
  return { custom, runtime, notes };
}

interface BenchBuildOptions {
  /** Shared by every bundle, the baseline included; entry, outdir and metafile are added per build. */
  readonly options: BuildOptions;
  /** Warnings: serverless.yml against what the bench expects, and settings it cannot reproduce. */
  readonly notes: string[];
}

/** serverless-esbuild's defaults: bundle, platform node, target from provider.runtime, exclude ['aws-sdk']. */
function serverlessEsbuildDefaults(runtime: unknown): BuildOptions {
  const match = typeof runtime === 'string' ? /^nodejs(\d+)\.x$/.exec(runtime) : null;
  return { bundle: true, platform: 'node', ...(match?.[1] === undefined ? {} : { target: `node${match[1]}` }) };
}

function benchBuildOptions(): BenchBuildOptions {
  const read = readServerlessEsbuild();
  const notes = [...read.notes];
  const custom = read.custom ?? EXPECTED_SERVERLESS_ESBUILD;
  if (read.custom === undefined) notes.push("the bench built with the options its method text describes, not serverless.yml's");
  let options = serverlessEsbuildDefaults(read.runtime);
  for (const [key, value] of Object.entries(custom)) {
    if (PACKAGING_KEYS.has(key)) continue;
    const translate = TRANSLATIONS[key];
    if (key === 'config') notes.push('custom.esbuild.config is set: serverless-esbuild builds with that file, which the bench does not read');
    else if (translate === undefined) notes.push(`custom.esbuild.${key} is passed to esbuild by serverless-esbuild but not reproduced by the bench`);
    else {
      const translated = translate(value);
      if (translated === undefined) notes.push(`custom.esbuild.${key} is ${JSON.stringify(value)}, which the bench does not understand; ignored`);
      else options = { ...options, ...translated };
    }
  }
  const exclude = isStringArray(custom.exclude) ? custom.exclude : ['aws-sdk'];
  const external = isStringArray(custom.external) ? custom.external : [];
  options = { ...options, external: [...external, ...(exclude.includes('*') ? [] : exclude)] };
  const drift = Object.entries(EXPECTED_SERVERLESS_ESBUILD)
    .filter(([key, expected]) => JSON.stringify(custom[key]) !== JSON.stringify(expected))
    .map(([key, expected]) => `custom.esbuild.${key} is ${key in custom ? JSON.stringify(custom[key]) : 'not set'}, the bench (and its method text) expect ${JSON.stringify(expected)}; built with serverless.yml's value`);
  return { options, notes: [...notes, ...drift] };
}

// ---- Build ----

interface Sizes {
  /** The entry file. */
  readonly entryBytes: number;
  /** Metafile output paths read at cold start: the entry and the chunks it imports statically, transitively. */
  readonly loadedOutputs: readonly string[];
  readonly loadedBytes: number;
  /** Every JavaScript output, the chunks only reached through import() included (source maps excluded). */
  readonly totalOutputs: number;
  readonly totalBytes: number;
}

interface Bundle {
  readonly name: string;
  readonly entry: string;
  readonly isBaseline: boolean;
  readonly dir: string;
  /** The built entry file (`handler.mjs`), which the child process imports. */
  readonly entryFile: string;
  readonly metafile: Metafile;
  readonly sizes: Sizes;
  readonly samples: number[];
}

/** `functions/<name>/handler.ts`, one folder per function (as serverless.yml's handlers), then the baseline. */
function discoverEntries(): { name: string; entry: string; isBaseline: boolean }[] {
  const functions = readdirSync(FUNCTIONS_DIR, { withFileTypes: true })
    .filter((dirent) => dirent.isDirectory() && existsSync(path.join(FUNCTIONS_DIR, dirent.name, FUNCTION_ENTRY)))
    .map((dirent) => dirent.name)
    .sort()
    .map((name) => ({ name, entry: path.join(FUNCTIONS_DIR, name, FUNCTION_ENTRY), isBaseline: false }));
  if (functions.length === 0) throw new Error(`no functions/*/${FUNCTION_ENTRY} entry found`);
  return [...functions, { name: 'baseline-snsClientOnly', entry: BASELINE_ENTRY, isBaseline: true }];
}

async function bundle(name: string, entry: string, isBaseline: boolean, options: BuildOptions): Promise<Bundle> {
  const dir = path.join(WORK_DIR, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const result = await build({
    ...options,
    absWorkingDir: ROOT,
    entryPoints: [entry],
    outdir: dir,
    metafile: true,
    write: true,
    logLevel: 'error',
  });
  const source = toMetafilePath(path.relative(ROOT, entry));
  const entryOutput = Object.entries(result.metafile.outputs).find(([, output]) => output.entryPoint === source)?.[0];
  if (entryOutput === undefined) throw new Error(`${name}: the metafile has no output for ${source}`);
  return {
    name,
    entry: source,
    isBaseline,
    dir,
    entryFile: path.resolve(ROOT, entryOutput),
    metafile: result.metafile,
    sizes: sizesOf(result.metafile, entryOutput),
    samples: [],
  };
}

const toMetafilePath = (relative: string): string => relative.split(path.sep).join('/');

/** The entry output and every output it imports with a static `import` statement, transitively. */
function staticallyLoaded(metafile: Metafile, entryOutput: string): string[] {
  const loaded = [entryOutput];
  // `for…of` also visits the items pushed while it runs: a breadth-first walk.
  for (const output of loaded) {
    for (const imported of metafile.outputs[output]?.imports ?? []) {
      if (imported.kind === 'import-statement' && imported.external !== true && !loaded.includes(imported.path)) loaded.push(imported.path);
    }
  }
  return loaded;
}

function sizesOf(metafile: Metafile, entryOutput: string): Sizes {
  const bytesOf = (output: string): number => metafile.outputs[output]?.bytes ?? 0;
  const code = Object.keys(metafile.outputs).filter((output) => !output.endsWith('.map'));
  const loadedOutputs = staticallyLoaded(metafile, entryOutput);
  return {
    entryBytes: bytesOf(entryOutput),
    loadedOutputs,
    loadedBytes: loadedOutputs.reduce((sum, output) => sum + bytesOf(output), 0),
    totalOutputs: code.length,
    totalBytes: code.reduce((sum, output) => sum + bytesOf(output), 0),
  };
}

// ---- Measure ----

/** Runs in the child (ESM): times import() of the entry, checks it exports a handler, prints one line. */
function childScript(entryFile: string): string {
  return [
    `const url = ${JSON.stringify(pathToFileURL(entryFile).href)};`,
    `const start = process.hrtime.bigint();`,
    `const mod = await import(url);`,
    `const end = process.hrtime.bigint();`,
    `if (typeof mod.handler !== 'function') { console.error('no handler export'); process.exit(3); }`,
    `process.stdout.write('BENCH_LOAD_NS=' + String(end - start) + '\\n');`,
  ].join('\n');
}

/** A Lambda-like environment: only what the functions read, nothing inherited (no NODE_OPTIONS, no AWS profile). */
function childEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HERALD_TOPIC_ALERTS: FAKE_TOPIC_ARN,
    HERALD_TOPIC_CHAT: FAKE_TOPIC_ARN,
    HERALD_TOPIC_SLACK: FAKE_TOPIC_ARN,
    HERALD_TOPIC_SECURITY: FAKE_TOPIC_ARN,
    SLACK_WEBHOOK_SECRET: 'ssm:/x',
    FINGERPRINT_SALT_SECRET: 'ssm:/x',
    HERALD_IDEMPOTENCY_TABLE: 'herald-bench-idempotency',
    HERALD_STATE_TABLE: 'herald-bench-state',
    POWERTOOLS_LOG_LEVEL: 'INFO',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'offline',
    AWS_SECRET_ACCESS_KEY: 'offline',
  };
}

/** Module-load time of one fresh process, in ms. Throws with the child's stderr when it fails. */
function measureOnce(bundleInfo: Bundle): number {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', childScript(bundleInfo.entryFile)], {
    cwd: bundleInfo.dir,
    env: childEnv(),
    encoding: 'utf8',
    timeout: 60_000,
  });
  const match = /BENCH_LOAD_NS=(\d+)/.exec(child.stdout);
  if (child.status !== 0 || match?.[1] === undefined) {
    const reason = child.error?.message ?? `exit ${String(child.status ?? child.signal)}`;
    throw new Error(`${bundleInfo.name} failed to load: ${reason}\n${child.stderr.trim()}`);
  }
  return Number(match[1]) / 1e6;
}

/** Round-robin over bundles; the starting bundle rotates every round so none always goes first. */
function measure(bundles: readonly Bundle[]): void {
  const total = WARMUP_ROUNDS + ROUNDS;
  for (let round = 0; round < total; round++) {
    const warmup = round < WARMUP_ROUNDS;
    for (let offset = 0; offset < bundles.length; offset++) {
      const bundleInfo = bundles[(round + offset) % bundles.length];
      if (bundleInfo === undefined) continue;
      const loadMs = measureOnce(bundleInfo);
      if (!warmup) bundleInfo.samples.push(loadMs);
    }
    process.stdout.write(`\r  ${warmup ? 'warm-up' : 'round'} ${warmup ? round + 1 : round + 1 - WARMUP_ROUNDS}/${warmup ? WARMUP_ROUNDS : ROUNDS}   `);
  }
  process.stdout.write('\n');
}

// ---- Size breakdown (cold-start-loaded outputs only) ----

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

/** [input, bytes in output] over the outputs read at cold start. */
function loadedInputs(bundleInfo: Bundle): [string, number][] {
  return bundleInfo.sizes.loadedOutputs.flatMap((output) =>
    Object.entries(bundleInfo.metafile.outputs[output]?.inputs ?? {}).map(([input, info]): [string, number] => [input, info.bytesInOutput]),
  );
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
  const inputs = loadedInputs(bundleInfo).filter(([, bytes]) => bytes > 0);
  const packages = groupBytes(inputs, packageOf);
  const topName = packages[0]?.name;
  const topInputs = inputs.filter(([input]) => packageOf(input) === topName);
  return {
    packages: packages.slice(0, TOP_CONTRIBUTORS),
    packageCount: packages.length,
    moduleCount: new Set(inputs.map(([input]) => input)).size,
    topPackageDirs: groupBytes(topInputs, directoryInPackage).slice(0, 5),
  };
}

// ---- Report ----

interface Row {
  readonly bundle: Bundle;
  readonly median: number;
  readonly p90: number;
  readonly ratio: number;
}

function summarize(bundles: readonly Bundle[], baseline: Bundle): Row[] {
  const baseMedian = median(baseline.samples);
  return bundles.map((bundleInfo) => {
    const mid = median(bundleInfo.samples);
    return { bundle: bundleInfo, median: mid, p90: percentile(bundleInfo.samples, 90), ratio: mid / baseMedian };
  });
}

const ms = (value: number): string => value.toFixed(1);
const ratio = (value: number): string => `${value.toFixed(2)}×`;
const bytesCell = (bytes: number): string => `${formatInt(bytes)} B (${formatBytes(bytes)})`;
const files = (count: number): string => `${count} ${count === 1 ? 'file' : 'files'}`;

function verdict(row: Row): string {
  if (row.bundle.isBaseline) return 'baseline';
  return row.ratio <= TARGET_RATIO ? 'met' : 'NOT met';
}

function resultsTable(rows: readonly Row[]): string {
  return markdownTable(
    ['bundle', 'entry file', 'loaded at cold start', 'all chunks (lazy included)', 'median ms', 'p90 ms', '× baseline', 'target'],
    rows.map((row) => {
      const { sizes } = row.bundle;
      return [
        `\`${row.bundle.name}\``,
        `\`${path.basename(row.bundle.entryFile)}\` ${bytesCell(sizes.entryBytes)}`,
        `${bytesCell(sizes.loadedBytes)}, ${files(sizes.loadedOutputs.length)}`,
        `${bytesCell(sizes.totalBytes)}, ${files(sizes.totalOutputs)}`,
        ms(row.median),
        ms(row.p90),
        ratio(row.ratio),
        verdict(row),
      ];
    }),
    ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
  );
}

function contributorsTable(bundleInfo: Bundle, info: Breakdown): string {
  const loaded = bundleInfo.sizes.loadedBytes;
  const share = (bytes: number): string => `${((100 * bytes) / loaded).toFixed(1)}%`;
  const top = info.packages[0];
  return [
    `#### \`${bundleInfo.name}\` (${formatBytes(loaded)} in ${files(bundleInfo.sizes.loadedOutputs.length)}, ${info.moduleCount} modules from ${info.packageCount} packages)`,
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

function targetLine(rows: readonly Row[]): string {
  const missed = rows.filter((row) => !row.bundle.isBaseline && row.ratio > TARGET_RATIO);
  return missed.length === 0
    ? `met (every function ≤ ${TARGET_RATIO}× baseline)`
    : `NOT met: ${missed.map((row) => `${row.bundle.name} ${ratio(row.ratio)}`).join(', ')} (target ≤ ${TARGET_RATIO}×)`;
}

const METHOD = [
  '**Method.** `bench/coldStart.ts` builds every `functions/<name>/handler.ts` and the baseline',
  '`bench/baseline/snsClientOnly.ts` (one `SNSClient` at module scope, trivial handler) with the',
  "same esbuild options, read from serverless.yml's `custom.esbuild` and translated as",
  'serverless-esbuild does: bundle, minify, sourcemap, keepNames, mainFields `module,main`,',
  'platform node, target node22, format esm with `splitting`, `outExtension` `.js` → `.mjs`, the',
  '`createRequire` banner, the plugins of `esbuild/plugins.js` (herald.config.yml validated and embedded at build',
  'time), nothing external (the AWS SDK v3 is bundled). Each bundle goes to `bench/.work/<name>/`:',
  'the entry `.mjs` and its chunks side by side, as in the deployed zip. Each sample is a fresh',
  '`node --input-type=module -e` process, run from the bundle directory with a minimal Lambda-like',
  'environment (fake topic ARNs, `SLACK_WEBHOOK_SECRET=ssm:/x`, table names, `AWS_REGION`, offline credentials,',
  'no NODE_OPTIONS), that takes `process.hrtime` before and after `await import()` of the entry',
  "file's URL and checks that it exports `handler`: the module-load (init) part of a cold start",
  '(the entry, the chunks it imports statically, their top-level code), without Node\'s boot or',
  "Lambda's own init. Chunks reached only through `import()` are read on first use, not here.",
  'Bundles are interleaved round-robin, the first one rotating every round; median and p90 are',
  'over the measured rounds. `--enable-source-maps` is off (serverless.yml no longer sets it in',
  'NODE_OPTIONS) and not measured: with it, Node parses the source map of every file it loads,',
  'which adds to every cold start.',
  '',
  '**Sizes** (esbuild metafile, source maps not counted): *entry file* is the entry `.mjs`;',
  '*loaded at cold start* is the entry plus every chunk it imports statically, transitively',
  '(output `imports` of kind `import-statement`); *all chunks* adds the chunks loaded only by',
  '`import()` on first use (enrichment and secret-store clients, the SDK\'s credential providers).',
];

function markdownReport(rows: readonly Row[], breakdowns: ReadonlyMap<Bundle, Breakdown>, notes: readonly string[]): string {
  const machine = describeMachine();
  return [
    '## Cold start: module load',
    '',
    ...machineLines(machine),
    `- esbuild ${esbuildVersion}; rounds: ${ROUNDS} measured after ${WARMUP_ROUNDS} warm-up rounds (BENCH_ROUNDS, BENCH_WARMUP)`,
    '',
    ...METHOD,
    '',
    `**Target:** every function's median ≤ ${TARGET_RATIO}× the baseline's median: ${targetLine(rows)}.`,
    ...(notes.length === 0 ? [] : ['', '**Warnings (serverless.yml against the options used here):**', ...notes.map((warning) => `- ${warning}`)]),
    '',
    resultsTable(rows),
    '',
    `### Top ${TOP_CONTRIBUTORS} contributors to what each bundle loads at cold start (metafile \`inputs\` of the statically loaded outputs, bytes in the minified output)`,
    '',
    ...rows.flatMap((row) => {
      const info = breakdowns.get(row.bundle);
      return info === undefined ? [] : [contributorsTable(row.bundle, info), ''];
    }),
  ].join('\n');
}

function printSummary(rows: readonly Row[], breakdowns: ReadonlyMap<Bundle, Breakdown>, notes: readonly string[]): void {
  console.log('\nModule load (ms), fresh node process per sample:');
  console.table(
    Object.fromEntries(
      rows.map((row) => [
        row.bundle.name,
        {
          'entry bytes': row.bundle.sizes.entryBytes,
          'cold-start bytes': row.bundle.sizes.loadedBytes,
          'cold-start files': row.bundle.sizes.loadedOutputs.length,
          'all chunks bytes': row.bundle.sizes.totalBytes,
          'all files': row.bundle.sizes.totalOutputs,
          median: Number(ms(row.median)),
          p90: Number(ms(row.p90)),
          '× base': ratio(row.ratio),
        },
      ]),
    ),
  );
  for (const row of rows) {
    const info = breakdowns.get(row.bundle);
    if (info === undefined) continue;
    const loaded = row.bundle.sizes.loadedBytes;
    console.log(`\nTop ${TOP_CONTRIBUTORS} packages loaded at cold start by ${row.bundle.name} (${formatBytes(loaded)}):`);
    for (const contributor of info.packages) {
      const share = ((100 * contributor.bytes) / loaded).toFixed(1).padStart(5);
      console.log(`  ${share}%  ${formatBytes(contributor.bytes).padStart(10)}  ${contributor.name}`);
    }
    console.log(`  largest package by directory: ${info.topPackageDirs.map((dir) => `${dir.name} ${formatBytes(dir.bytes)}`).join(', ')}`);
  }
  for (const warning of notes) console.log(`\nWARNING: ${warning}`);
  console.log(`\nTarget (every function ≤ ${TARGET_RATIO}× baseline median): ${targetLine(rows)}`);
}

async function main(): Promise<void> {
  const entries = discoverEntries();
  const { options, notes } = benchBuildOptions();
  console.log(`Bundling ${entries.map((entry) => entry.name).join(', ')} (esbuild ${esbuildVersion}) into ${path.relative(ROOT, WORK_DIR)}/`);
  rmSync(WORK_DIR, { recursive: true, force: true });
  const bundles: Bundle[] = [];
  for (const entry of entries) bundles.push(await bundle(entry.name, entry.entry, entry.isBaseline, options));
  const baseline = bundles.find((candidate) => candidate.isBaseline);
  if (baseline === undefined) throw new Error('no baseline bundle');

  console.log(`Measuring ${bundles.length} bundles: ${WARMUP_ROUNDS} warm-up + ${ROUNDS} rounds`);
  measure(bundles);

  const rows = summarize(bundles, baseline);
  const breakdowns = new Map(bundles.map((bundleInfo) => [bundleInfo, breakdown(bundleInfo)]));
  printSummary(rows, breakdowns, notes);
  writeSection('cold-start', markdownReport(rows, breakdowns, notes));
  console.log(`\nWrote the cold-start section of ${path.relative(ROOT, path.join(ROOT, 'docs', 'benchmarks.md'))}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});

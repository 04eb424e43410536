/**
 * Times Herald's full secret rule set over one real source tree in the same run as
 * secretlint 13.0.6 (recommended preset), git-secrets (--register-aws) and ripgrep -j1 with
 * three patterns (AWS key id, private key header, GitHub token). Every tool runs as a fresh
 * process over the same files, BENCH_RUNS rounds (default 7); within a round the tools run one
 * after another, and the first tool of a round rotates, so a burst of load from other processes
 * on the machine falls on all of them alike. Reported per tool: the median wall time, its
 * min-max spread, and the median CPU time (user + system, the child's and its own children's,
 * from /proc/self/stat on Linux): on a shared machine, CPU time is the steadier figure.
 *
 * The tools run in this process's environment minus NODE_EXTRA_CA_CERTS: with it set, Node 20
 * parses the whole CA bundle as it starts (about 45 ms per process on this machine), though no tool
 * here opens a connection. Sandboxes and corporate proxies set it; the report gives Node's start
 * time with and without it.
 *
 * Usage: npm run bench:secret-scan [-- <dir>]   (default: node_modules/@aws-sdk, a real tree of ~8,500 files)
 * BENCH_HERALD_BASELINE=<git revision> also times the CLI as built from that revision (same
 * build, same rounds): a before/after comparison under the same machine load.
 * Needs ripgrep and git-secrets (Debian: apt-get install ripgrep git-secrets); secretlint is
 * installed on first run into bench/.work/secretlint (npm, pinned: on Node 20 an unpinned
 * install resolves 12.0.0, which is about 80x slower).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { buildAnalyzeCli } from '../scripts/buildCli';
import { describeMachine, envNumber, formatBytes, formatInt, machineLines, markdownTable, median, ROOT, writeSection } from './report';

const SECRETLINT_VERSION = '13.0.6';
const WORK = path.join(ROOT, 'bench', '.work');
const RUNS = envNumber('BENCH_RUNS', 7, { integer: true, min: 1 });
const target = path.resolve(process.argv[2] ?? path.join(ROOT, 'node_modules', '@aws-sdk'));

interface Tool {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd?: string;
  /** Exit codes that mean "ran fine" (findings make most scanners exit non-zero). */
  readonly okCodes: readonly number[];
}

/** Set by sandboxes and proxies; makes every Node process parse the CA bundle at start (Node 20 loads it eagerly). */
const STARTUP_VARIABLE = 'NODE_EXTRA_CA_CERTS';
const TOOL_ENV: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== STARTUP_VARIABLE));

/** Median wall ms of `node -e 0` in `env`, over `runs` starts. */
function nodeStartMs(env: NodeJS.ProcessEnv, runs: number): number {
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const start = process.hrtime.bigint();
    spawnSync(process.execPath, ['-e', '0'], { env, stdio: 'ignore' });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}

function treeSize(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const sub = treeSize(full);
      files += sub.files;
      bytes += sub.bytes;
    } else if (entry.isFile()) {
      files += 1;
      bytes += statSync(full).size;
    }
  }
  return { files, bytes };
}

/** The analyze program as `npm run build:cli` ships it (scripts/buildCli.ts): one CommonJS file, started by plain node. */
async function heraldCli(sourceRoot = ROOT, outfile = path.join(WORK, 'herald-cli', 'analyze.cjs')): Promise<string> {
  return buildAnalyzeCli({ root: sourceRoot, outfile });
}

/**
 * The analyze program as of `revision`: its `shared/` and package.json extracted under bench/.work
 * (packages still resolve from this checkout's node_modules) and built like the current one. A
 * revision older than the standalone program gets today's two small entry files (analyzeMain.ts,
 * io.ts), which only call its analyzeCommand.
 */
async function heraldCliAt(revision: string): Promise<string> {
  const name = `herald-${revision.replace(/[^\w.-]/g, '_')}`;
  const sourceRoot = path.join(WORK, `${name}-src`);
  rmSync(sourceRoot, { recursive: true, force: true });
  mkdirSync(sourceRoot, { recursive: true });
  const archive = execFileSync('git', ['archive', revision, 'shared', 'package.json'], { cwd: ROOT, maxBuffer: 256 * 1024 * 1024 });
  execFileSync('tar', ['-x', '-C', sourceRoot], { input: archive });
  for (const file of ['analyzeMain.ts', 'io.ts']) {
    const target = path.join(sourceRoot, 'shared', 'cli', file);
    if (!existsSync(target)) copyFileSync(path.join(ROOT, 'shared', 'cli', file), target);
  }
  return heraldCli(sourceRoot, path.join(WORK, `${name}-cli`, 'analyze.cjs'));
}

function secretlint(): Tool {
  const dir = path.join(WORK, 'secretlint');
  const bin = path.join(dir, 'node_modules', '.bin', 'secretlint');
  if (!existsSync(bin)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), '{"private":true}\n');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', `secretlint@${SECRETLINT_VERSION}`, `@secretlint/secretlint-rule-preset-recommend@${SECRETLINT_VERSION}`], { cwd: dir, stdio: 'inherit' });
  }
  writeFileSync(path.join(dir, '.secretlintrc.json'), '{"rules":[{"id":"@secretlint/secretlint-rule-preset-recommend"}]}\n');
  return { name: `secretlint ${SECRETLINT_VERSION}`, command: bin, args: ['--format', 'json', '--secretlintrc', path.join(dir, '.secretlintrc.json'), `${target}/**/*`], cwd: dir, okCodes: [0, 1] };
}

function gitSecrets(): Tool {
  // git-secrets reads its patterns from git config: a scratch repository holds them.
  const repo = mkdtempSync(path.join(tmpdir(), 'herald-git-secrets-'));
  execFileSync('git', ['init', '-q'], { cwd: repo });
  execFileSync('git', ['secrets', '--register-aws'], { cwd: repo });
  return { name: 'git-secrets --register-aws', command: 'git', args: ['secrets', '--scan', '-r', target], cwd: repo, okCodes: [0, 1] };
}

function ripgrep(): Tool {
  const patterns = ['(A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}', '-----BEGIN [A-Z ]*PRIVATE KEY-----', 'gh[pousr]_[A-Za-z0-9]{36}'];
  return { name: 'ripgrep -j1 (3 patterns)', command: 'rg', args: ['-j1', '--no-ignore', '--hidden', '-c', ...patterns.flatMap((p) => ['-e', p]), target], okCodes: [0, 1] };
}

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ: 100 on every Linux architecture Node runs on). */
const USER_HZ = 100;

/**
 * CPU time (ms, user + system) of this process's waited-for children so far: fields cutime and
 * cstime of /proc/self/stat. Undefined off Linux. A tool's own children (git-secrets runs git,
 * bash and grep) count once they have been waited for, which they are before the tool exits.
 */
function childrenCpuMs(): number | undefined {
  let stat: string;
  try {
    stat = readFileSync('/proc/self/stat', 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cutime = Number(fields[13]);
  const cstime = Number(fields[14]);
  return Number.isFinite(cutime) && Number.isFinite(cstime) ? ((cutime + cstime) * 1000) / USER_HZ : undefined;
}

interface Sample {
  readonly wallMs: number;
  readonly cpuMs: number | undefined;
}

function timeRun(tool: Tool): Sample {
  const cpuBefore = childrenCpuMs();
  const start = process.hrtime.bigint();
  const result = spawnSync(tool.command, [...tool.args], { cwd: tool.cwd ?? ROOT, env: TOOL_ENV, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const cpuAfter = childrenCpuMs();
  if (result.error !== undefined || !tool.okCodes.includes(result.status ?? -1)) {
    throw new Error(`${tool.name} failed (${result.error?.message ?? `exit ${String(result.status)}`}): ${result.stderr.slice(0, 500)}`);
  }
  return { wallMs, cpuMs: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore };
}

/**
 * The Herald/secretlint wall-time ratio of each round (the two ran seconds apart, so a
 * slow spell of the machine falls on both): how the verdict above would vary from run to run.
 */
function roundByRound(herald: readonly Sample[], other: readonly Sample[], limit: number): string {
  const ratios = herald.flatMap((sample, round) => {
    const against = other[round];
    return against === undefined ? [] : [sample.wallMs / against.wallMs];
  });
  if (ratios.length === 0) return 'Round by round: no rounds';
  const over = ratios.filter((ratio) => ratio > limit).length;
  return `Round by round (Herald ÷ secretlint of the same round): median ${median(ratios).toFixed(3)}×, ${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)}×; ${over} of ${ratios.length} rounds over ${limit}×`;
}

function loadAverage(): string {
  return os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(' / ');
}

async function main(): Promise<void> {
  for (const command of ['rg', 'git-secrets']) {
    if (spawnSync('which', [command]).status !== 0) throw new Error(`${command} is not installed (Debian: apt-get install ripgrep git-secrets)`);
  }
  const size = treeSize(target);
  const baseline = process.env['BENCH_HERALD_BASELINE'];
  const baselineTools: Tool[] =
    baseline === undefined || baseline === ''
      ? []
      : [{ name: `Herald as of ${baseline}`, command: process.execPath, args: [await heraldCliAt(baseline), target, '--format', 'json'], okCodes: [0, 1] }];
  const tools: Tool[] = [
    { name: 'Herald (all rules)', command: process.execPath, args: [await heraldCli(), target, '--format', 'json'], okCodes: [0, 1] },
    ...baselineTools,
    secretlint(),
    gitSecrets(),
    ripgrep(),
  ];
  const samples = new Map<string, Sample[]>(tools.map((tool) => [tool.name, []]));
  const loadBefore = loadAverage();
  // One-minute load before the rounds: above a quarter of the cores, something else was running.
  const busyBefore = (os.loadavg()[0] ?? 0) > os.cpus().length / 4;
  for (let run = 0; run < RUNS; run += 1) {
    for (let index = 0; index < tools.length; index += 1) {
      const tool = tools[(run + index) % tools.length];
      if (tool !== undefined) samples.get(tool.name)?.push(timeRun(tool));
    }
  }
  const loadAfter = loadAverage();
  const startupNote =
    process.env[STARTUP_VARIABLE] === undefined
      ? `- Environment: the machine's own (${STARTUP_VARIABLE} is not set)`
      : `- Environment: the machine's, minus ${STARTUP_VARIABLE}, which this machine sets: with it, \`node -e 0\` takes ${nodeStartMs(process.env, 15).toFixed(0)} ms (median of 15), without it ${nodeStartMs(TOOL_ENV, 15).toFixed(0)} ms; the difference falls on every Node process (Herald, secretlint)`;
  const stats = new Map(
    [...samples].map(([name, runs]) => {
      const walls = runs.map((run) => run.wallMs);
      const cpus = runs.flatMap((run) => (run.cpuMs === undefined ? [] : [run.cpuMs]));
      return [name, { wall: median(walls), min: Math.min(...walls), max: Math.max(...walls), cpu: cpus.length === runs.length ? median(cpus) : Number.NaN }];
    }),
  );
  const figure = (name: string) => stats.get(name) ?? { wall: Number.NaN, min: Number.NaN, max: Number.NaN, cpu: Number.NaN };
  const herald = figure('Herald (all rules)');
  const secretlintFigures = figure(`secretlint ${SECRETLINT_VERSION}`);
  const ripgrepFigures = figure('ripgrep -j1 (3 patterns)');
  const rows = [...stats].map(([name, { wall, min, max, cpu }]) => [
    name,
    wall.toFixed(0),
    `${min.toFixed(0)}–${max.toFixed(0)}`,
    (wall / herald.wall).toFixed(2),
    Number.isNaN(cpu) ? 'n/a' : cpu.toFixed(0),
    Number.isNaN(cpu) ? 'n/a' : (cpu / herald.cpu).toFixed(2),
  ]);
  const verdict = (label: string, ratio: number, limit: number, cpuRatio: number) =>
    `${label}: ${ratio <= limit ? 'met' : 'NOT met'} (${ratio.toFixed(3)}× wall; ${Number.isNaN(cpuRatio) ? 'CPU n/a' : `${cpuRatio.toFixed(3)}× CPU time`})`;
  const verdicts = [
    verdict('Herald ≤ 0.1× secretlint', herald.wall / secretlintFigures.wall, 0.1, herald.cpu / secretlintFigures.cpu),
    verdict('Herald ≤ 5× ripgrep -j1', herald.wall / ripgrepFigures.wall, 5, herald.cpu / ripgrepFigures.cpu),
    roundByRound(samples.get('Herald (all rules)') ?? [], samples.get(`secretlint ${SECRETLINT_VERSION}`) ?? [], 0.1),
  ];
  console.table(Object.fromEntries(rows.map(([name, wall, spread, ratio, cpu, cpuRatio]) => [name, { 'median ms': wall, 'min–max': spread, '× Herald': ratio, 'CPU ms': cpu, 'CPU × Herald': cpuRatio }])));
  verdicts.forEach((line) => console.log(line));
  console.log(`load average (1/5/15 min): ${loadBefore} before, ${loadAfter} after`);
  console.log(startupNote.slice(2));
  writeSection(
    'secret-scan',
    [
      '## Secret scanning: Herald vs secretlint, git-secrets and ripgrep',
      '',
      ...machineLines(describeMachine()),
      `- Tree: \`${path.relative(ROOT, target) || target}\`: ${formatInt(size.files)} files, ${formatBytes(size.bytes)}; ${RUNS} rounds, each tool once per round as a fresh process`,
      `- Load average (1/5/15 min) of the machine: ${loadBefore} before the rounds, ${loadAfter} after${busyBefore ? ' (other work was running: wall times are inflated and spread, CPU times less so)' : ' (the rounds themselves keep about one core busy)'}`,
      startupNote,
      '',
      '**Method.** `bench/secretScan.ts` runs each tool as its own process over the same tree: Herald as `npm run build:cli` ships its scanner (`node dist/cli/analyze.cjs <dir> --format json`: the analyze command as one CommonJS file; every rule, single-threaded), secretlint with its recommended preset, git-secrets with the AWS patterns, ripgrep single-threaded with three patterns (AWS key id, private-key header, GitHub token). The tools are interleaved: one run of each per round, the first tool rotating from round to round. Wall time is the median over the rounds, with its min–max spread; CPU time is the median of the process\'s user + system time (its own children included, from `/proc/self/stat`). Findings are not compared here; `docs/secret-scanner.md` scores detection.' +
        (baselineTools.length > 0 ? ` \`Herald as of ${baseline ?? ''}\` is the CLI built the same way from that git revision (\`BENCH_HERALD_BASELINE\`): the before/after under the same load.` : ''),
      '',
      markdownTable(['tool', 'median wall ms', 'wall min–max', '× Herald (wall)', 'median CPU ms', '× Herald (CPU)'], rows, ['l', 'r', 'r', 'r', 'r', 'r']),
      '',
      ...verdicts.map((line) => `- ${line}`),
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});

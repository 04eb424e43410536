/**
 * Times Herald's full secret rule set over one real source tree in the same run as
 * secretlint 13.0.6 (recommended preset), git-secrets (--register-aws) and ripgrep -j1 with
 * three patterns (AWS key id, private key header, GitHub token). Every tool runs as a fresh
 * process over the same files; each is timed BENCH_RUNS times (median reported).
 *
 * Usage: npm run bench:secret-scan [-- <dir>]   (default: node_modules/@aws-sdk, a real tree of ~8,500 files)
 * Needs ripgrep and git-secrets (Debian: apt-get install ripgrep git-secrets); secretlint is
 * installed on first run into bench/.work/secretlint (npm, pinned: on Node 20 an unpinned
 * install resolves 12.0.0, which is about 80x slower).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { describeMachine, envNumber, formatBytes, formatInt, machineLines, markdownTable, median, ROOT, writeSection } from './report';

const SECRETLINT_VERSION = '13.0.6';
const WORK = path.join(ROOT, 'bench', '.work');
const RUNS = envNumber('BENCH_RUNS', 3, { integer: true, min: 1 });
const target = path.resolve(process.argv[2] ?? path.join(ROOT, 'node_modules', '@aws-sdk'));

interface Tool {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd?: string;
  /** Exit codes that mean "ran fine" (findings make most scanners exit non-zero). */
  readonly okCodes: readonly number[];
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

/**
 * The CLI as a production build would ship it: esbuild, ESM with code splitting like the
 * Lambdas, so each command loads only its own modules; no TypeScript loader at start-up.
 */
async function heraldCli(): Promise<string> {
  const outdir = path.join(WORK, 'herald-cli');
  await build({
    entryPoints: [path.join(ROOT, 'shared', 'cli', 'entry.ts')],
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    splitting: true,
    outdir,
    outExtension: { '.js': '.mjs' },
    mainFields: ['module', 'main'],
    banner: { js: "import { createRequire as __heraldCreateRequire } from 'node:module'; const require = __heraldCreateRequire(import.meta.url);" },
    logLevel: 'error',
  });
  return path.join(outdir, 'entry.mjs');
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

function timeRun(tool: Tool): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(tool.command, [...tool.args], { cwd: tool.cwd ?? ROOT, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.error !== undefined || !tool.okCodes.includes(result.status ?? -1)) {
    throw new Error(`${tool.name} failed (${result.error?.message ?? `exit ${String(result.status)}`}): ${result.stderr.slice(0, 500)}`);
  }
  return ms;
}

async function main(): Promise<void> {
  for (const command of ['rg', 'git-secrets']) {
    if (spawnSync('which', [command]).status !== 0) throw new Error(`${command} is not installed (Debian: apt-get install ripgrep git-secrets)`);
  }
  const size = treeSize(target);
  const tools: Tool[] = [
    { name: 'Herald (all rules)', command: process.execPath, args: [await heraldCli(), 'analyze', target, '--format', 'json'], okCodes: [0, 1] },
    secretlint(),
    gitSecrets(),
    ripgrep(),
  ];
  const samples = new Map<string, number[]>(tools.map((tool) => [tool.name, []]));
  for (let run = 0; run < RUNS; run += 1) {
    for (const tool of tools) samples.get(tool.name)?.push(timeRun(tool));
  }
  const medians = new Map([...samples].map(([name, values]) => [name, median(values)]));
  const herald = medians.get('Herald (all rules)') ?? Number.NaN;
  const secretlintMs = medians.get(`secretlint ${SECRETLINT_VERSION}`) ?? Number.NaN;
  const ripgrepMs = medians.get('ripgrep -j1 (3 patterns)') ?? Number.NaN;
  const rows = [...medians].map(([name, ms]) => [name, ms.toFixed(0), (ms / herald).toFixed(2)]);
  const verdicts = [
    `Herald ≤ 0.1× secretlint: ${herald <= 0.1 * secretlintMs ? 'met' : 'NOT met'} (${(herald / secretlintMs).toFixed(3)}×)`,
    `Herald ≤ 5× ripgrep -j1: ${herald <= 5 * ripgrepMs ? 'met' : 'NOT met'} (${(herald / ripgrepMs).toFixed(2)}×)`,
  ];
  console.table(Object.fromEntries(rows.map(([name, ms, ratio]) => [name, { 'median ms': ms, '× Herald': ratio }])));
  verdicts.forEach((line) => console.log(line));
  writeSection(
    'secret-scan',
    [
      '## Secret scanning: Herald vs secretlint, git-secrets and ripgrep',
      '',
      ...machineLines(describeMachine()),
      `- Tree: \`${path.relative(ROOT, target) || target}\`: ${formatInt(size.files)} files, ${formatBytes(size.bytes)}; ${RUNS} runs per tool, median wall time of a fresh process`,
      '',
      '**Method.** `bench/secretScan.ts` runs each tool as its own process over the same tree: Herald as an esbuild bundle of its CLI (`herald analyze <dir> --format json`, every rule), secretlint with its recommended preset, git-secrets with the AWS patterns, ripgrep single-threaded with three patterns (AWS key id, private-key header, GitHub token). Findings are not compared here; `docs/secret-scanner.md` scores detection.',
      '',
      markdownTable(['tool', 'median ms', '× Herald'], rows, ['l', 'r', 'r']),
      '',
      ...verdicts.map((line) => `- ${line}`),
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});

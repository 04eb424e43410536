/**
 * `herald analyze` against real git repositories and directories in temp dirs: push ranges
 * (several commits, a new branch, a force push, a deletion), what is not scanned and why, the
 * output formats, exit codes, and that no output ever holds a secret. Credential-shaped strings
 * are generated at run time; none is written in this file.
 */
import '@microsoft/jest-sarif';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AddedLinesParser } from '../../shared/analysis/sources/hunks';
import { analyzeCommand } from '../../shared/cli/analyze';
import { main } from '../../shared/cli/main';
import { buildAnalyzeCli } from '../../scripts/buildCli';
import { fakeAwsAccessKeyId } from '../support/fakeCredentials';
import { GitRepo, tempDir } from '../support/gitRepo';

const ROOT = join(__dirname, '..', '..');
const HERALD = join(ROOT, 'bin', 'herald.js');

let seed = 4_100;

/** A fresh AWS access key id shape on every call. */
function fakeAwsKeyId(): string {
  seed += 1;
  return fakeAwsAccessKeyId(seed);
}

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  rule: string;
  kind: string;
  severity: string;
  blocking: boolean;
  preview: string;
  fingerprint: string;
  message: string;
}

interface JsonReport {
  findings: JsonFinding[];
  skipped: { path: string; reason: string; bytes?: number }[];
  scannedFiles: number;
  scannedBytes: number;
  suppressed: number;
}

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (line) => out.push(line), err: (line) => err.push(line) }, {});
  return { code, out, err, stdout: out.join('\n'), stderr: err.join('\n') };
}

async function analyzeJson(...argv: string[]): Promise<{ code: number; report: JsonReport; stderr: string }> {
  const result = await run('analyze', ...argv, '--format', 'json');
  if (result.out.length !== 1) throw new Error(`expected one JSON line, got ${result.out.length}: ${result.stderr}`);
  return { code: result.code, report: JSON.parse(result.out[0] ?? ''), stderr: result.stderr };
}

const secretLines = (report: JsonReport) => report.findings.filter((finding) => finding.blocking).map((finding) => `${finding.file}:${finding.line}`);

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const cleanup of cleanups) cleanup();
});

function newRepo(): GitRepo {
  const repo = GitRepo.init();
  cleanups.push(() => repo.cleanup());
  return repo;
}

function newDir(): string {
  const { dir, cleanup } = tempDir('herald-dir-');
  cleanups.push(cleanup);
  return dir;
}

describe('herald analyze: git ranges', () => {
  it('scans every commit of a multi-commit push, but only the lines the push added', async () => {
    const repo = newRepo();
    const oldKey = fakeAwsKeyId();
    const newKey = fakeAwsKeyId();
    const before = repo.commit('base', {
      'src/config.ts': `export const region = 'eu-west-1';\nexport const legacyKey = '${oldKey}';\n`,
      'README.md': '# app\n',
    });
    // The first of three commits adds the key; the later two touch other files.
    repo.commit('add deploy settings', {
      'src/config.ts': `export const region = 'eu-west-1';\nexport const legacyKey = '${oldKey}';\nexport const timeout = 3;\n`,
      'deploy/settings.env': `REGION=eu-west-1\nDEPLOY_KEY_ID=${newKey}\n`,
    });
    repo.commit('docs', { 'README.md': '# app\n\nDeploys itself.\n' });
    const after = repo.commit('tidy', { 'src/util.ts': 'export const id = (x: number) => x;\n' });

    const { code, report } = await analyzeJson(repo.dir, '--base', before, '--head', after);

    expect(code).toBe(1);
    expect(secretLines(report)).toEqual(['deploy/settings.env:2']);
    // src/config.ts was modified and scanned, but the old key's line was not added by the push.
    expect(report.scannedFiles).toBe(4);
    expect(JSON.stringify(report)).not.toContain(oldKey);
    expect(JSON.stringify(report)).not.toContain(newKey);
  });

  it('finds a key on a modified line, at the right line, even after added lines that look like patch headers', async () => {
    const repo = newRepo();
    const key = fakeAwsKeyId();
    const before = repo.commit('base', { 'notes/my notes é.txt': 'first\nsecond\nthird\n' });
    const after = repo.commit('edit', {
      // `++ b/x` and `@ -1 +1 @` lines become `+++ b/x` and `+@ -1 +1 @` in the patch.
      'notes/my notes é.txt': `first\n++ b/decoy\n@@ -1 +1 @@\nsecond\nkey: ${key}\nthird\n`,
    });

    const { code, report } = await analyzeJson(repo.dir, '--base', before, '--head', after);

    expect(code).toBe(1);
    expect(secretLines(report)).toEqual(['notes/my notes é.txt:5']);
  });

  it('does not report a key a renamed file already held', async () => {
    const repo = newRepo();
    const key = fakeAwsKeyId();
    const body = Array.from({ length: 20 }, (_, index) => `setting${index} = ${index}`).join('\n');
    const before = repo.commit('base', { 'old/settings.ini': `${body}\nkey = ${key}\n` });
    const after = repo.commit('move', { 'old/settings.ini': null, 'new/settings.ini': `${body}\nkey = ${key}\nextra = 1\n` });

    const { code, report } = await analyzeJson(repo.dir, '--base', before, '--head', after);

    expect(code).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.scannedFiles).toBe(1);
  });

  it('scans only a new branch’s own changes when based on main (the merge base)', async () => {
    const repo = newRepo();
    const onMainLater = fakeAwsKeyId();
    const onBranch = fakeAwsKeyId();
    repo.commit('base', { 'app.txt': 'v1\n' });
    repo.checkout('-b', 'feature');
    repo.commit('feature work', { 'feature/creds.txt': `id=${onBranch}\n` });
    repo.checkout('main');
    repo.commit('main moves on', { 'main-only/creds.txt': `id=${onMainLater}\n` });

    const { code, report } = await analyzeJson(repo.dir, '--base', 'main', '--head', 'feature');

    expect(code).toBe(1);
    expect(secretLines(report)).toEqual(['feature/creds.txt:1']);
  });

  it('diffs a force push from the merge base of the old and new tips', async () => {
    const repo = newRepo();
    const inBase = fakeAwsKeyId();
    const inOldTip = fakeAwsKeyId();
    const inNewTip = fakeAwsKeyId();
    const base = repo.commit('base', { 'base.txt': `id=${inBase}\n` });
    repo.checkout('-b', 'topic');
    const oldTip = repo.commit('old attempt', { 'attempt.txt': `id=${inOldTip}\n` });
    repo.git('reset', '-q', '--hard', base);
    const newTip = repo.commit('new attempt', { 'attempt.txt': `first line\nid=${inNewTip}\n` });
    expect(repo.git('merge-base', oldTip, newTip)).toBe(base);

    const { code, report } = await analyzeJson(repo.dir, '--base', oldTip, '--head', newTip);

    expect(code).toBe(1);
    expect(secretLines(report)).toEqual(['attempt.txt:2']);
  });

  it('has nothing to scan in a push that only deletes', async () => {
    const repo = newRepo();
    const before = repo.commit('base', { 'leak.txt': `id=${fakeAwsKeyId()}\n`, 'keep.txt': 'ok\n' });
    const after = repo.commit('remove the leak', { 'leak.txt': null });

    const { code, report } = await analyzeJson(repo.dir, '--base', before, '--head', after);

    expect(code).toBe(0);
    expect(report).toMatchObject({ findings: [], skipped: [], scannedFiles: 0 });
  });

  it('reports binary and oversized files as not scanned, without reading them as text', async () => {
    const repo = newRepo();
    const inBinary = fakeAwsKeyId();
    const inHuge = fakeAwsKeyId();
    const huge = `${'x'.repeat(1100 * 1024)}\nid=${inHuge}\n`;
    repo.commit('assets', {
      'assets/logo.png': Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00]), Buffer.from(`id=${inBinary}\n`)]),
      'data/dump.sql': huge,
      'ok.txt': 'fine\n',
    });

    const { code, report } = await analyzeJson(repo.dir);
    const text = await run('analyze', repo.dir);

    expect(code).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.scannedFiles).toBe(1);
    expect(report.skipped).toEqual([
      { path: 'assets/logo.png', reason: 'binary', bytes: 6 + inBinary.length + 4 },
      { path: 'data/dump.sql', reason: 'too-large', bytes: Buffer.byteLength(huge) },
    ]);
    expect(text.out).toContain('not scanned:');
    expect(text.out).toContain(`  assets/logo.png  binary  ${6 + inBinary.length + 4} B`);
    expect(text.out).toContain('  data/dump.sql  too-large  1.1 MB');
  });

  it('streams many files and large blobs through one cat-file, finding a key at the end of a 900 KB file', async () => {
    const repo = newRepo();
    const key = fakeAwsKeyId();
    const files: Record<string, string> = {};
    for (let index = 0; index < 600; index += 1) files[`many/file-${String(index).padStart(3, '0')}.txt`] = `value ${index}\n`.repeat(20);
    const filler = 'abcdefghij'.repeat(7).concat('\n').repeat(900 * 1024 / 71);
    files['big/generated.txt'] = `${filler}id=${key}\n`;
    repo.commit('lots', files);

    const { code, report } = await analyzeJson(repo.dir);

    expect(code).toBe(1);
    expect(report.scannedFiles).toBe(601);
    expect(secretLines(report)).toEqual([`big/generated.txt:${filler.split('\n').length}`]);
  });

  it('skips submodules, symlinks and vendored paths with their reason', async () => {
    const repo = newRepo();
    const child = newRepo();
    child.commit('child', { 'x.txt': 'x\n' });
    repo.commit('base', { 'a.txt': 'a\n' });
    repo.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', child.dir, 'libs/child');
    symlinkSync('a.txt', join(repo.dir, 'link.txt'));
    repo.commit('more', { 'node_modules/pkg/index.js': `module.exports = '${fakeAwsKeyId()}';\n` });

    const { code, report } = await analyzeJson(repo.dir);

    expect(code).toBe(0);
    expect(report.skipped).toEqual(
      expect.arrayContaining([
        { path: 'libs/child', reason: 'submodule' },
        { path: 'link.txt', reason: 'symlink' },
        expect.objectContaining({ path: 'node_modules/pkg/index.js', reason: 'vendored' }),
      ]),
    );
  });

  it('reads a bare repository (a server-side hook’s view)', async () => {
    const repo = newRepo();
    const before = repo.commit('base', { 'a.txt': 'a\n' });
    const after = repo.commit('leak', { 'b.txt': `id=${fakeAwsKeyId()}\n` });
    const bare = join(newDir(), 'origin.git');
    repo.git('clone', '-q', '--bare', repo.dir, bare);

    const { code, report } = await analyzeJson(bare, '--base', before, '--head', after);

    expect(code).toBe(1);
    expect(secretLines(report)).toEqual(['b.txt:1']);
  });

  it('reads the repository at <path> even when GIT_DIR points elsewhere (as inside a git hook)', async () => {
    const repo = newRepo();
    const other = newRepo();
    other.commit('other', { 'other.txt': `id=${fakeAwsKeyId()}\n` });
    repo.commit('mine', { 'mine.txt': `id=${fakeAwsKeyId()}\n` });
    const saved = process.env.GIT_DIR;
    process.env.GIT_DIR = join(other.dir, '.git');
    try {
      const { report } = await analyzeJson(repo.dir);
      expect(secretLines(report)).toEqual(['mine.txt:1']);
    } finally {
      if (saved === undefined) delete process.env.GIT_DIR;
      else process.env.GIT_DIR = saved;
    }
  });

  it('scans HEAD’s tree (or --head’s) when no base is given, not the working tree', async () => {
    const repo = newRepo();
    const committed = fakeAwsKeyId();
    const first = repo.commit('one', { 'a.txt': 'nothing\n' });
    repo.commit('two', { 'b.txt': `id=${committed}\n` });
    repo.write({ 'uncommitted.txt': `id=${fakeAwsKeyId()}\n` });

    const head = await analyzeJson(repo.dir);
    const older = await analyzeJson(repo.dir, '--head', first);

    expect(secretLines(head.report)).toEqual(['b.txt:1']);
    expect(head.code).toBe(1);
    expect(older.report.findings).toEqual([]);
    expect(older.code).toBe(0);
  });
});

describe('patch parsing', () => {
  it('finds the same added lines in a real `git diff -U0` whether it arrives whole or byte by byte', () => {
    const repo = newRepo();
    const lines = (count: number, label: string) => Array.from({ length: count }, (_, index) => `${label} ${index}`);
    const before = repo.commit('base', { 'a.txt': lines(30, 'a').join('\n'), 'b c/é.txt': lines(5, 'b').join('\n') + '\n' });
    const edited = lines(30, 'a');
    edited.splice(3, 2, '+++ b/not-a-header', '@@ -1 +1 @@', 'changed');
    edited.push('tail without newline');
    const after = repo.commit('edit', { 'a.txt': edited.join('\n'), 'b c/é.txt': ['b 0', 'new', ...lines(5, 'b').slice(1)].join('\n') + '\n' });
    // Default quoting (octal escapes), stricter than the source's core.quotePath=false.
    const patch = Buffer.from(repo.git('diff', '-U0', '--text', '--src-prefix=a/', '--dst-prefix=b/', before, after) + '\n');

    const whole = new AddedLinesParser();
    whole.push(patch);
    whole.end();
    const bytewise = new AddedLinesParser();
    for (let index = 0; index < patch.length; index += 1) bytewise.push(patch.subarray(index, index + 1));
    bytewise.end();

    const expected = new Map([
      // Lines 4-6 replace two; the old last line gains a newline, so it counts as added with the tail.
      ['a.txt', [{ start: 4, count: 3 }, { start: 31, count: 2 }]],
      ['b c/é.txt', [{ start: 2, count: 1 }]],
    ]);
    expect(whole.ranges).toEqual(expected);
    expect(bytewise.ranges).toEqual(expected);
  });
});

describe('herald analyze: plain directories', () => {
  it('walks a directory recursively with paths relative to it, skipping .git and not following symlinks', async () => {
    const dir = newDir();
    const key = fakeAwsKeyId();
    mkdirSync(join(dir, 'nested', 'deeper'), { recursive: true });
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, 'nested', 'deeper', 'app.env'), `A=1\nKEY=${key}\n`);
    writeFileSync(join(dir, '.git', 'config.txt'), `KEY=${fakeAwsKeyId()}\n`);
    writeFileSync(join(dir, 'plain.txt'), 'hello\n');
    symlinkSync(join(dir, 'nested'), join(dir, 'loop'));

    const { code, report } = await analyzeJson(dir);

    expect(code).toBe(1);
    expect(secretLines(report)).toEqual(['nested/deeper/app.env:2']);
    expect(report.scannedFiles).toBe(2);
    expect(report.skipped).toEqual([{ path: 'loop', reason: 'symlink' }]);
  });

  it('applies --config push.analysis settings (maxFileBytes, skipPaths)', async () => {
    const dir = newDir();
    const config = join(newDir(), 'herald.config.yml');
    writeFileSync(config, ['version: 1', 'targets: { email: { topic: alerts } }', 'push:', '  analysis:', '    maxFileBytes: 64', "    skipPaths: ['generated/**']", ''].join('\n'));
    mkdirSync(join(dir, 'generated'));
    writeFileSync(join(dir, 'generated', 'keys.txt'), `id=${fakeAwsKeyId()}\n`);
    writeFileSync(join(dir, 'long.txt'), `${'x'.repeat(100)}\nid=${fakeAwsKeyId()}\n`);
    writeFileSync(join(dir, 'short.txt'), 'fine\n');

    const { code, report } = await analyzeJson(dir, '--config', config);

    expect(code).toBe(0);
    expect(report.skipped).toEqual([
      { path: 'generated/', reason: 'vendored' },
      { path: 'long.txt', reason: 'too-large', bytes: 100 + 1 + 24 },
    ]);
    expect(report.scannedFiles).toBe(1);
  });
});

describe('herald analyze: output', () => {
  let dir: string;
  let key: string;
  beforeAll(() => {
    dir = newDir();
    key = fakeAwsKeyId();
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'settings.py'), `DEBUG = False\nAWS_KEY_ID = "${key}"\n`);
    writeFileSync(join(dir, 'picture.bin'), Buffer.from([0, 1, 2, 3]));
  });

  it('prints --format json with the documented fields and paths relative to <path>', async () => {
    const { code, report } = await analyzeJson(dir);

    expect(code).toBe(1);
    expect(Object.keys(report).sort()).toEqual(['findings', 'scannedBytes', 'scannedFiles', 'skipped', 'suppressed']);
    const [finding] = report.findings;
    expect(Object.keys(finding ?? {}).sort()).toEqual(['blocking', 'column', 'file', 'fingerprint', 'kind', 'line', 'message', 'preview', 'rule', 'severity'].sort());
    expect(finding).toMatchObject({ file: 'src/settings.py', line: 2, column: 15, blocking: true });
    expect(report.skipped).toEqual([{ path: 'picture.bin', reason: 'binary', bytes: 4 }]);
    expect(report.scannedFiles).toBe(1);
  });

  it('prints text: one line per finding, a summary, and what was not scanned', async () => {
    const { code, out } = await run('analyze', dir);

    expect(code).toBe(1);
    expect(out[0]).toMatch(/^src\/settings\.py:2:15 {2}\w+ {2}.+ {2}\S+$/);
    expect(out[1]).toMatch(/^herald analyze: 1 finding \(1 blocking\), 1 file scanned \(\d+ B\) in directory .+, 1 not scanned$/);
    expect(out.slice(2)).toEqual(['not scanned:', '  picture.bin  binary  4 B']);
  });

  it('prints a SARIF 2.1.0 log with rules, results, fingerprints and relative locations', async () => {
    const { code, stdout } = await run('analyze', dir, '--format', 'sarif');
    const log = JSON.parse(stdout);

    expect(code).toBe(1);
    expectSarifShape(log);
    const [run0] = log.runs;
    expect(run0.tool.driver.name).toBe('Herald');
    expect(run0.tool.driver.informationUri).toBeUndefined();
    const [result] = run0.results;
    expect(result).toMatchObject({
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'src/settings.py', uriBaseId: '%SRCROOT%' }, region: { startLine: 2, startColumn: 15 } } }],
    });
    expect(run0.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
    expect(result.partialFingerprints['heraldFingerprint/v1']).toMatch(/\S{8,}/);
    expect(run0.originalUriBaseIds['%SRCROOT%'].uri).toMatch(/^file:\/\/\/.*\/$/);
    expect(run0.invocations[0].toolExecutionNotifications).toEqual([
      expect.objectContaining({ level: 'note', message: { text: 'Not scanned (binary): picture.bin' } }),
    ]);
  });

  it('still checks the names of binary files: a committed keystore is a file-level finding, without a SARIF region', async () => {
    const repo = newRepo();
    const before = repo.commit('base', { 'README.md': 'hi\n' });
    const after = repo.commit('oops', { 'certs/release.jks': Buffer.from([0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2, 0, 0]) });

    const { code, report } = await analyzeJson(repo.dir, '--base', before, '--head', after);
    const sarif = JSON.parse((await run('analyze', repo.dir, '--base', before, '--head', after, '--format', 'sarif')).stdout);

    expect(code).toBe(1);
    expect(report.findings).toEqual([expect.objectContaining({ file: 'certs/release.jks', line: 0, column: 0, rule: 'keystore-file', blocking: true })]);
    expect(report.skipped).toEqual([{ path: 'certs/release.jks', reason: 'binary', bytes: 10 }]);
    expectSarifShape(sarif);
    expect(sarif.runs[0].results[0].locations).toEqual([{ physicalLocation: { artifactLocation: { uri: 'certs/release.jks', uriBaseId: '%SRCROOT%' } } }]);
  });

  it('never prints the secret itself, in any format', async () => {
    for (const format of ['text', 'json', 'sarif']) {
      const { stdout, stderr } = await run('analyze', dir, '--format', format);
      expect(stdout).not.toContain(key);
      expect(stderr).not.toContain(key);
      // Not even most of it: a preview masks the middle.
      expect(stdout).not.toContain(key.slice(2, 14));
    }
  });
});

describe('herald analyze: baseline', () => {
  it('suppresses findings whose fingerprints the baseline holds, and --update-baseline writes them', async () => {
    const dir = newDir();
    writeFileSync(join(dir, 'creds.txt'), `id=${fakeAwsKeyId()}\n`);

    const first = await analyzeJson(dir);
    const updated = await run('analyze', dir, '--update-baseline');
    const baseline = JSON.parse(readFileSync(join(dir, '.herald-baseline.json'), 'utf8'));
    const second = await analyzeJson(dir);

    expect(first.code).toBe(1);
    expect(updated.code).toBe(0);
    expect(updated.stderr).toContain('.herald-baseline.json');
    expect(baseline).toEqual({ fingerprints: first.report.findings.map((finding) => finding.fingerprint) });
    expect(second.code).toBe(0);
    expect(second.report.findings.filter((finding) => finding.blocking)).toEqual([]);
    expect(second.report.suppressed).toBeGreaterThanOrEqual(1);
    // A new key is still reported.
    writeFileSync(join(dir, 'more.txt'), `id=${fakeAwsKeyId()}\n`);
    expect(secretLines((await analyzeJson(dir)).report)).toEqual(['more.txt:1']);
  });

  it('exits 2 on a baseline that is not one', async () => {
    const dir = newDir();
    writeFileSync(join(dir, '.herald-baseline.json'), '{"fingerprints": "all"}');

    const { code, err } = await run('analyze', dir);

    expect(code).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^herald analyze: .*\.herald-baseline\.json is not a baseline: fingerprints: expected array/);
  });
});

describe('herald analyze: exit codes and bad input', () => {
  it('exits 0 on a clean scan', async () => {
    const dir = newDir();
    writeFileSync(join(dir, 'ok.txt'), 'nothing to see\n');
    expect((await run('analyze', dir)).code).toBe(0);
  });

  it.each([
    ['no path', []],
    ['two paths', ['.', '..']],
    ['a missing path', ['/nonexistent/herald-analyze']],
    ['a file, not a directory', [join(ROOT, 'package.json')]],
    ['an unknown flag', ['.', '--frobnicate']],
    ['an unknown format', ['.', '--format', 'xml']],
    ['a missing config file', ['.', '--config', '/nonexistent.yml']],
  ])('exits 2 with a one-line reason for %s', async (_name, argv) => {
    const { code, out, err } = await run('analyze', ...argv);
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^herald analyze: \S/);
  });

  it('exits 2 for a bad revision, a revision that reads as an option, and --base outside a repository', async () => {
    const repo = newRepo();
    repo.commit('one', { 'a.txt': 'a\n' });
    const plain = newDir();
    mkdirSync(join(repo.dir, 'sub'));

    const unknown = await run('analyze', repo.dir, '--base', 'no-such-branch');
    const option = await run('analyze', repo.dir, '--base=--output=/tmp/x');
    const nullBase = await run('analyze', repo.dir, '--base', '0'.repeat(40));
    const notRepo = await run('analyze', plain, '--base', 'main');
    const inside = await run('analyze', join(repo.dir, 'sub'), '--head', 'main');

    expect([unknown.code, option.code, nullBase.code, notRepo.code, inside.code]).toEqual([2, 2, 2, 2, 2]);
    expect(unknown.err).toEqual([expect.stringMatching(/^herald analyze: base "no-such-branch" is not a commit in /)]);
    expect(option.err).toEqual([expect.stringMatching(/^herald analyze: base "--output=\/tmp\/x" is not a valid revision$/)]);
    expect(existsSync('/tmp/x')).toBe(false);
    expect(nullBase.err[0]).toContain('null commit');
    expect(notRepo.err[0]).toContain('need a git repository');
    expect(inside.err[0]).toContain(`inside the repository at ${repo.dir}`);
  });

  it('exits 2 on an empty repository (HEAD names no commit)', async () => {
    const repo = newRepo();
    const { code, err } = await run('analyze', repo.dir);
    expect(code).toBe(2);
    expect(err).toEqual([expect.stringMatching(/^herald analyze: revision "HEAD" is not a commit/)]);
  });
});

describe('herald analyze: progress', () => {
  it('reports progress on stderr from a timer once a scan runs long, as lines, or rewritten in place on a TTY', async () => {
    const dir = newDir();
    // Enough to outlast one 20 ms slice of the directory walk, when the event loop turns and timers run.
    for (let index = 0; index < 1500; index += 1) writeFileSync(join(dir, `file-${index}.txt`), `line ${index}\n`.repeat(400));
    const lines: string[] = [];
    const tty: string[] = [];
    const io = { out: () => undefined, err: (line: string) => lines.push(line) };

    await analyzeCommand([dir], io, { env: {}, progressTiming: { delayMs: 0, intervalMs: 1 } });
    await analyzeCommand([dir], io, { env: {}, ttyWrite: (text) => tty.push(text), progressTiming: { delayMs: 0, intervalMs: 1 } });

    expect(lines.length).toBeGreaterThanOrEqual(1);
    for (const line of lines) expect(line).toMatch(/^herald analyze: scanned \d+ files \(\d+\.\d MB\)…$/);
    expect(tty.at(0)).toMatch(/^\rherald analyze: scanned \d+ files/);
    expect(tty.at(-1)).toBe('\r\x1b[K');
  });

  it('prints no progress for a quick scan', async () => {
    const dir = newDir();
    writeFileSync(join(dir, 'a.txt'), 'a\n');
    const { err } = await run('analyze', dir);
    expect(err).toEqual([]);
  });
});

describe('herald analyze as a process', () => {
  it('runs through bin/herald.js and exits 1 on a blocking finding', () => {
    const repo = newRepo();
    const key = fakeAwsKeyId();
    const before = repo.commit('base', { 'a.txt': 'a\n' });
    const after = repo.commit('leak', { 'b.txt': `id=${key}\n` });

    const result = spawnSync(process.execPath, [HERALD, 'analyze', repo.dir, '--base', before, '--head', after, '--format', 'json'], { cwd: ROOT, encoding: 'utf8' });

    expect(result.status).toBe(1);
    expect(result.stdout).not.toContain(key);
    const report: JsonReport = JSON.parse(result.stdout);
    expect(secretLines(report)).toEqual(['b.txt:1']);
  });

  it('runs as the standalone bundle `npm run build:cli` writes, with the same output and exit codes', async () => {
    const repo = newRepo();
    // A fixed seed: the sequence's keys depend on which tests ran before, and a few shapes fall to false-positive controls.
    const key = fakeAwsAccessKeyId(77);
    const before = repo.commit('base', { 'a.txt': 'a\n' });
    const after = repo.commit('leak', { 'b.txt': `id=${key}\n` });
    const out = tempDir('herald-cli-');
    cleanups.push(out.cleanup);
    const bundle = await buildAnalyzeCli({ outfile: join(out.dir, 'analyze.cjs') });
    const args = [repo.dir, '--base', before, '--head', after, '--format', 'sarif'];

    const standalone = spawnSync(process.execPath, [bundle, ...args], { cwd: ROOT, encoding: 'utf8' });
    const dispatched = spawnSync(process.execPath, [HERALD, 'analyze', ...args], { cwd: ROOT, encoding: 'utf8' });
    // --config is served by a second file of the build (the YAML parser and config schema): it must be found and work.
    const clean = spawnSync(process.execPath, [bundle, repo.dir, '--head', before, '--config', join(ROOT, 'herald.config.yml')], { cwd: ROOT, encoding: 'utf8' });
    const badConfig = spawnSync(process.execPath, [bundle, repo.dir, '--config', join(repo.dir, 'missing.yml')], { cwd: ROOT, encoding: 'utf8' });
    const badPath = spawnSync(process.execPath, [bundle, join(repo.dir, 'missing')], { cwd: ROOT, encoding: 'utf8' });

    expect([standalone.status, clean.status, badConfig.status, badPath.status]).toEqual([1, 0, 2, 2]);
    expect(standalone.stdout).toBe(dispatched.stdout);
    expect(standalone.stdout).not.toContain(key);
    expect(badConfig.stderr).toContain('missing.yml');
    expect(badPath.stderr).toContain('missing');
  });
});

/**
 * The SARIF 2.1.0 schema's requirements for the objects Herald writes (sarif-schema-2.1.0.json:
 * required properties, enums, minimums), checked structurally until a schema validator is a
 * dependency of the repository.
 */
function expectSarifShape(log: any): void {
  // The official SARIF 2.1.0 JSON Schema (shipped by @microsoft/jest-sarif), then Herald's own promises.
  expect(log).toBeValidSarifLog();
  expect(Object.keys(log).sort()).toEqual(['$schema', 'runs', 'version']);
  expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
  expect(log.version).toBe('2.1.0');
  expect(log.runs).toHaveLength(1);
  const [theRun] = log.runs;
  const runKeys = ['tool', 'invocations', 'originalUriBaseIds', 'columnKind', 'results', 'properties'];
  for (const key of Object.keys(theRun)) expect(runKeys).toContain(key);
  expect(['utf16CodeUnits', 'unicodeCodePoints']).toContain(theRun.columnKind);
  const driver = theRun.tool.driver;
  expect(typeof driver.name).toBe('string');
  expect(typeof driver.version).toBe('string');
  const ruleIds = driver.rules.map((rule: any) => rule.id);
  expect(new Set(ruleIds).size).toBe(ruleIds.length);
  for (const rule of driver.rules) {
    expect(typeof rule.id).toBe('string');
    expect(typeof rule.name).toBe('string');
    expect(typeof rule.shortDescription.text).toBe('string');
    expect(['none', 'note', 'warning', 'error']).toContain(rule.defaultConfiguration.level);
  }
  for (const result of theRun.results) {
    expect(typeof result.message.text).toBe('string');
    expect(ruleIds).toContain(result.ruleId);
    expect(Number.isInteger(result.ruleIndex) && result.ruleIndex >= 0).toBe(true);
    expect(['none', 'note', 'warning', 'error']).toContain(result.level);
    for (const value of Object.values(result.partialFingerprints)) expect(typeof value).toBe('string');
    for (const location of result.locations) {
      const { artifactLocation, region } = location.physicalLocation;
      expect(artifactLocation.uri).not.toMatch(/^\/|^[a-z]+:/i);
      expect(() => new URL(artifactLocation.uri, 'file:///root/')).not.toThrow();
      if (region !== undefined) {
        expect(Number.isInteger(region.startLine) && region.startLine >= 1).toBe(true);
        if (region.startColumn !== undefined) expect(Number.isInteger(region.startColumn) && region.startColumn >= 1).toBe(true);
      }
    }
  }
  const [invocation] = theRun.invocations;
  expect(typeof invocation.executionSuccessful).toBe('boolean');
  for (const notification of invocation.toolExecutionNotifications) {
    expect(typeof notification.message.text).toBe('string');
    expect(['none', 'note', 'warning', 'error']).toContain(notification.level);
  }
}

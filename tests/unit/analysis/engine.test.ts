import { addedLineNumbers, ALL_RULES, analyzeFiles, DEFAULT_SKIP_PATHS, fingerprint, maskSecret } from '../../../shared/analysis/engine';
import { ALNUM, BASE32, BASE64, fakePem, fakeToken } from '../../../shared/analysis/rules/fake';
import { bytes, file, OPTIONS, rulesOf, scan } from './support';

const githubToken = (seed: number) => fakeToken('ghp_', 36, ALNUM, seed);
const awsKeyId = (seed: number) => fakeToken('AKIA', 16, BASE32, seed);

describe('analyzeFiles', () => {
  it('reports where a secret is, masked, with a salted fingerprint and no secret anywhere', () => {
    const secret = githubToken(1);
    const report = scan(`const a = 1;\n  token: "${secret}"\n`);
    expect(report.findings).toEqual([
      {
        rule: 'github-pat',
        kind: 'GitHub personal access token',
        category: 'secret',
        file: 'src/config.ts',
        line: 2,
        column: 11,
        severity: 'critical',
        blocking: true,
        preview: `${secret.slice(0, 4)}${'*'.repeat(16)}${secret.slice(-4)}`,
        fingerprint: fingerprint('github-pat', secret, OPTIONS.fingerprintSalt),
        message: expect.stringContaining('GitHub personal access token'),
      },
    ]);
    expect(JSON.stringify(report)).not.toContain(secret);
    expect(report).toMatchObject({ scannedFiles: 1, scannedBytes: bytes(`const a = 1;\n  token: "${secret}"\n`).length, skipped: [], suppressed: 0 });
  });

  it('never puts a secret into the report, for every positive example of every rule', () => {
    for (const rule of ALL_RULES) {
      for (const example of rule.examples.positive) {
        // The rule id (`aws-bedrock-api-key`) may legitimately share text with an example; nothing else may.
        const json = JSON.stringify(scan(example, { genericEntropy: true }, 'example.txt')).split(rule.id).join('');
        // Any run of 12 token characters from the example would be a leak (previews show at most 8).
        for (const run of example.match(/[A-Za-z0-9+/=_-]{12,}/g) ?? []) {
          for (let at = 0; at + 12 <= run.length; at += 1) expect([rule.id, json.includes(run.slice(at, at + 12))]).toEqual([rule.id, false]);
        }
      }
    }
  });

  it('counts columns in characters, not bytes or UTF-16 units', () => {
    const secret = awsKeyId(2);
    const [finding] = scan(`// é 🚀 ${secret}`).findings;
    expect(finding).toMatchObject({ line: 1, column: 8 });
  });

  it('numbers lines across CRLF line endings', () => {
    const report = scan(`a\r\nb\r\nkey = ${awsKeyId(3)}\r\n`);
    expect(report.findings.map((finding) => [finding.line, finding.column])).toEqual([[3, 7]]);
  });

  it('sorts findings by file, line and column, and collapses duplicates of a rule, line and secret', () => {
    const first = awsKeyId(4);
    const second = awsKeyId(5);
    const report = analyzeFiles([file('b.txt', `${second}\n${first} ${first}`), file('a.txt', `x ${first}\n${second}`)], OPTIONS);
    expect(report.findings.map((finding) => `${finding.file}:${finding.line}:${finding.column}`)).toEqual(['a.txt:1:3', 'a.txt:2:1', 'b.txt:1:1', 'b.txt:2:1']);
  });

  it('lets a specific rule win over a generic one on the same secret', () => {
    expect(rulesOf(`api_token = "${githubToken(6)}"`)).toEqual(['github-pat']);
  });

  it('finds secrets in long files on both sides of the middle and across it', () => {
    const filler = 'x = 1;\n'.repeat(2000);
    const text = `${awsKeyId(7)}\n${filler}${awsKeyId(8)}\n${filler}${awsKeyId(9)}`;
    const middle = bytes(text).length / 2;
    expect(scan(text).findings.map((finding) => finding.line)).toEqual([1, 2002, 4003]);
    // A token straddling the exact middle of the file.
    const straddle = `${'y'.repeat(5000)}\n${'z'.repeat(4990)} ${awsKeyId(10)} ${'z'.repeat(5000)}`;
    expect(scan(straddle).findings).toHaveLength(1);
    expect(middle).toBeGreaterThan(4096);
  });
});

describe('pathological input', () => {
  // Catastrophic backtracking would take minutes here: the test's timeout catches a hang (no
  // timing assertion; the speed itself is measured by bench/secretScan.ts).
  it('finishes on private-key headers without an end, and on one long minified line full of keywords', () => {
    const headers = '-----BEGIN PRIVATE KEY-----\nabc\n'.repeat(5000);
    const minified = Array.from({ length: 10000 }, (_, index) => `a.token=b${index};c.secret:d;e="https://x.y/${index}";f.password=g,`).join('');
    expect(scan(headers).findings).toEqual([]);
    expect(scan(minified, { maxFileBytes: 10 * 1024 * 1024 }, 'bundle.js').findings).toEqual([]);
  }, 30_000);
});

describe('suppression', () => {
  it.each([
    ['a # comment on the line', (secret: string) => `key = ${secret} # herald:allow`],
    ['a // comment on the line', (secret: string) => `const key = "${secret}"; // herald:allow test fixture`],
    ['a /* */ comment on the line before', (secret: string) => `/* herald:allow */\nconst key = "${secret}";`],
    ['an HTML comment on the line before', (secret: string) => `<!-- herald:allow -->\n<p>${secret}</p>`],
  ])('accepts a finding with herald:allow in %s', (_name, build) => {
    const report = scan(build(awsKeyId(11)));
    expect(report.findings).toEqual([]);
    expect(report.suppressed).toBe(1);
  });

  it('does not reach two lines down', () => {
    expect(scan(`# herald:allow\n\nkey = ${awsKeyId(12)}`).findings).toHaveLength(1);
  });

  it('accepts baselined fingerprints and counts them', () => {
    const accepted = awsKeyId(13);
    const other = awsKeyId(14);
    const baseline = new Set([fingerprint('aws-access-key-id', accepted, OPTIONS.fingerprintSalt)]);
    const report = scan(`a = ${accepted}\nb = ${other}\nc = ${accepted}`, { baseline });
    expect(report.findings.map((finding) => finding.line)).toEqual([2]);
    expect(report.suppressed).toBe(2);
  });
});

describe('fingerprints', () => {
  it('are stable across lines and files, and differ by salt and rule', () => {
    const secret = awsKeyId(15);
    const report = analyzeFiles([file('a.txt', secret), file('b/c.txt', `\n\n  ${secret}`)], OPTIONS);
    const prints = report.findings.map((finding) => finding.fingerprint);
    expect(prints).toHaveLength(2);
    expect(prints[0]).toBe(prints[1]);
    expect(prints[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprint('aws-access-key-id', secret, 'other-salt')).not.toBe(prints[0]);
    expect(fingerprint('github-pat', secret, OPTIONS.fingerprintSalt)).not.toBe(prints[0]);
    expect(scan(secret, { fingerprintSalt: 'other-salt' }).findings[0]?.fingerprint).toBe(fingerprint('aws-access-key-id', secret, 'other-salt'));
  });
});

describe('maskSecret', () => {
  it('never shows more than a third of a secret, at most four characters at each end', () => {
    for (let length = 1; length <= 120; length += 1) {
      const secret = fakeToken('', length, ALNUM, length);
      const preview = maskSecret(secret);
      const lead = preview.match(/^[^*]*/)?.[0] ?? '';
      const trail = preview.match(/[^*]*$/)?.[0] ?? '';
      expect([length, lead.length + trail.length <= Math.floor(length / 3), lead.length <= 4, trail.length <= 4]).toEqual([length, true, true, true]);
      expect(secret.startsWith(lead) && secret.endsWith(trail)).toBe(true);
      if (length >= 24) expect([lead.length, trail.length]).toEqual([4, 4]);
      if (length < 8) expect(lead + trail).toBe('');
    }
  });

  it('drops the line breaks of multi-line secrets', () => {
    expect(maskSecret('abcdefgh\nijklmnop\nqrstuvwx\n')).toBe(`abcd${'*'.repeat(16)}uvwx`);
  });
});

describe('file checks', () => {
  const forbidden = (path: string, text = 'A=1\n') => analyzeFiles([file(path, text)], OPTIONS).findings.filter((finding) => finding.category === 'forbidden-file');

  it.each([
    ['.env', 'dotenv-file', 'high'],
    ['deploy/.env.production', 'dotenv-file', 'high'],
    ['home/.ssh/id_rsa', 'ssh-private-key-file', 'critical'],
    ['keys/id_ed25519', 'ssh-private-key-file', 'critical'],
    ['certs/KEYSTORE.JKS', 'keystore-file', 'high'],
    ['infra/terraform.tfstate', 'terraform-state', 'high'],
    ['infra/terraform.tfstate.backup', 'terraform-state', 'high'],
    ['ci/.aws/credentials', 'aws-credentials-file', 'critical'],
    ['.git-credentials', 'git-credentials-file', 'critical'],
    ['cert.pem', 'pem-file', 'low'],
  ])('forbids %s', (path, rule, severity) => {
    expect(forbidden(path).map((finding) => [finding.rule, finding.severity, finding.line, finding.column])).toEqual([[rule, severity, 0, 0]]);
  });

  it.each(['.env.example', 'config/.env.sample', '.env.template', 'id_rsa.pub', 'docs/type.P126.html', 'scripts/syntest.p1200.sh', 'credentials', '.npmrc'])('allows %s', (path) => {
    expect(forbidden(path)).toEqual([]);
  });

  it('grades a .pem file by its content', () => {
    const key = fakePem('RSA PRIVATE KEY', 8, 20);
    const findings = analyzeFiles([file('tls/server.pem', key)], OPTIONS).findings;
    expect(findings.map((finding) => [finding.rule, finding.severity, finding.blocking])).toEqual([
      ['pem-file', 'critical', true],
      ['private-key', 'critical', true],
    ]);
    expect(forbidden('tls/ca.pem', fakePem('CERTIFICATE', 8, 21)).map((finding) => [finding.severity, finding.blocking])).toEqual([['low', false]]);
  });

  it('forbids credential files only when they hold a credential', () => {
    expect(forbidden('.npmrc', '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n')).toEqual([]);
    expect(forbidden('.npmrc', `//registry.npmjs.org/:_authToken=${fakeToken('npm_', 36, ALNUM, 22)}\n`).map((finding) => finding.rule)).toEqual(['npmrc-with-token']);
    expect(forbidden('.docker/config.json', '{"credsStore": "desktop"}')).toEqual([]);
    expect(forbidden('home/.docker/config.json', `{"auths": {"r.example": {"auth": "${fakeToken('', 24, BASE64, 23)}"}}}`).map((finding) => finding.rule)).toEqual(['docker-config-with-auth']);
  });

  it('forbids keystores by name even though their content is binary, and says it did not scan them', () => {
    const report = analyzeFiles([{ path: 'signing/release.P12', content: new Uint8Array([0x30, 0x82, 0x00, 0x01, 0x02]) }], OPTIONS);
    expect(report.findings.map((finding) => finding.rule)).toEqual(['keystore-file']);
    expect(report.skipped).toEqual([{ path: 'signing/release.P12', reason: 'binary', bytes: 5 }]);
    expect(report.scannedFiles).toBe(0);
  });

  it('reports merge-conflict blocks only when all three markers are present at line starts', () => {
    const conflict = 'a\n<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> feature\nb\n';
    expect(scan(conflict).findings.map((finding) => [finding.rule, finding.category, finding.line, finding.blocking])).toEqual([['merge-conflict-marker', 'conflict-marker', 2, true]]);
    expect(scan('<<<<<<< HEAD\nmine\n>>>>>>> feature\n').findings).toEqual([]);
    expect(scan('  <<<<<<< HEAD\n=======\n>>>>>>> feature\n').findings).toEqual([]);
    expect(scan('# Title\n=======\n').findings).toEqual([]);
    expect(analyzeFiles([file('x.md', conflict, [7])], OPTIONS).findings).toEqual([]);
  });

  it('skips binary content (a NUL in the first 8 KiB) and oversized files, optionally as info findings', () => {
    const key = awsKeyId(24);
    const binary = new Uint8Array([...bytes('PNG'), 0, ...bytes(key)]);
    const late = new Uint8Array([...bytes('a'.repeat(9000)), 0, ...bytes(`\n${key}`)]);
    const big = bytes(`${key}\n${'b'.repeat(2000)}`);
    const options = { ...OPTIONS, maxFileBytes: 1024 };
    const report = analyzeFiles([{ path: 'img.png', content: binary }, { path: 'late.bin', content: late }, { path: 'big.txt', content: big }], options);
    expect(report.skipped).toEqual([
      { path: 'img.png', reason: 'binary', bytes: binary.length },
      { path: 'late.bin', reason: 'too-large', bytes: late.length },
      { path: 'big.txt', reason: 'too-large', bytes: big.length },
    ]);
    // Under the default limit, late.bin is text (its NUL is past 8 KiB) and its secret is found.
    expect(analyzeFiles([{ path: 'late.bin', content: late }], OPTIONS).findings.map((finding) => finding.rule)).toEqual(['aws-access-key-id']);
    const withInfo = analyzeFiles([{ path: 'img.png', content: binary }, { path: 'big.txt', content: big }], { ...options, skippedFileFindings: true });
    expect(withInfo.findings.map((finding) => [finding.rule, finding.severity, finding.blocking])).toEqual([
      ['large-file', 'info', false],
      ['binary-file', 'info', false],
    ]);
  });

  it('skips vendored and generated paths by default; a skipPaths list replaces the defaults', () => {
    const key = awsKeyId(25);
    const files = [file('node_modules/pkg/index.js', key), file('web/dist/app.js', key), file('package-lock.json', key), file('src/app.min.js', key), file('src/app.js', key)];
    const report = analyzeFiles(files, OPTIONS);
    expect(report.findings.map((finding) => finding.file)).toEqual(['src/app.js']);
    expect(report.skipped.map((entry) => [entry.path, entry.reason])).toEqual([
      ['node_modules/pkg/index.js', 'vendored'],
      ['web/dist/app.js', 'vendored'],
      ['package-lock.json', 'vendored'],
      ['src/app.min.js', 'vendored'],
    ]);
    expect(DEFAULT_SKIP_PATHS).toContain('**/node_modules/**');
    const custom = analyzeFiles(files, { ...OPTIONS, skipPaths: ['web/**', '!web/keep/**'] });
    expect(custom.findings.map((finding) => finding.file)).toEqual(['node_modules/pkg/index.js', 'package-lock.json', 'src/app.js', 'src/app.min.js']);
    expect(analyzeFiles(files, { ...OPTIONS, skipPaths: [] }).findings).toHaveLength(files.length);
  });
});

describe('added lines', () => {
  const key = awsKeyId(26);
  const text = `one\ntwo\nkey = ${key}\nfour\n`;

  it('reports only findings on added lines', () => {
    expect(analyzeFiles([file('a.txt', text, [3])], OPTIONS).findings.map((finding) => finding.line)).toEqual([3]);
    expect(analyzeFiles([file('a.txt', text, [1, 2, 4])], OPTIONS).findings).toEqual([]);
    expect(analyzeFiles([file('a.txt', text, [])], OPTIONS).findings).toEqual([]);
  });

  it('reports a multi-line secret when any of its lines was added', () => {
    const pem = `config:\n${fakePem('PRIVATE KEY', 6, 27)}\n`;
    const findings = analyzeFiles([file('key.txt', pem, [5])], OPTIONS).findings;
    expect(findings.map((finding) => [finding.rule, finding.line])).toEqual([['private-key', 2]]);
  });

  it('still reports forbidden files, whose finding is about the file', () => {
    expect(analyzeFiles([file('.env', 'A=1\nB=2\n', [2])], OPTIONS).findings.map((finding) => finding.rule)).toEqual(['dotenv-file']);
  });
});

describe('addedLineNumbers', () => {
  it.each([
    ['an added file', '', 'a\nb\n', [1, 2]],
    ['an unchanged file', 'a\nb\n', 'a\nb\n', []],
    ['an inserted line', 'a\nc\n', 'a\nb\nc\n', [2]],
    ['a modified line', 'a\nb\nc', 'a\nB\nc', [2]],
    ['a deleted line', 'a\nb\nc\n', 'a\nc\n', []],
    ['a duplicated line (multiset)', 'x\ny\n', 'x\ny\nx\n', [3]],
    ['a line repeated more often', 'k\n', 'k\nk\nk\n', [2, 3]],
    ['moved lines', 'a\nb\nc\n', 'c\na\nb\n', []],
    ['CRLF against LF', 'a\nb\n', 'a\r\nb\r\nz\r\n', [3]],
    ['a missing final newline', 'a\nb', 'a\nb\nc', [3]],
  ])('handles %s', (_name, before, after, expected) => {
    expect([...addedLineNumbers(before, after)].sort((a, b) => a - b)).toEqual(expected);
  });

  // A quadratic diff would take minutes on this input: the test's timeout catches it.
  it('finishes on a hundred thousand lines', () => {
    const before = Array.from({ length: 100_000 }, (_, index) => `line ${index}`).join('\n');
    const after = `${before}\nnew line`;
    expect([...addedLineNumbers(before, after)]).toEqual([100_001]);
  }, 30_000);
});

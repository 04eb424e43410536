/**
 * Scores Herald's secret scanner, and secretlint 13.0.6 (recommended preset) for comparison, on
 * the peer corpus (../shared/corpus/secrets: labelled fixtures of secretlint, gitleaks and
 * detect-secrets), and writes the figures into docs/secret-scanner.md.
 *
 * Usage: npx tsx scripts/evalCorpus.ts [corpusDir] [--refresh-secretlint] [--no-secretlint]
 *
 * Herald scans each file whole (no added-line restriction) with the default options but
 * generic entropy off; file-level findings (forbidden files) are reported on line 0, which
 * score.py counts for whole-file labels only. secretlint is installed once into a temporary
 * directory outside the repository and its findings are cached there.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ALL_RULES, analyzeFiles, DEFAULT_ANALYSIS_OPTIONS } from '../shared/analysis/engine';
import type { CandidateFile } from '../shared/analysis/types';

const ROOT = path.join(__dirname, '..');
const SECRETLINT_VERSION = '13.0.6';
const DOC = path.join(ROOT, 'docs', 'secret-scanner.md');
const START = '<!-- corpus:start (scripts/evalCorpus.ts writes this section) -->';
const END = '<!-- corpus:end -->';
const RULES_START = '<!-- rules:start (scripts/evalCorpus.ts writes this section) -->';
const RULES_END = '<!-- rules:end -->';

interface Label {
  readonly id: string;
  readonly file: string;
  readonly line: number | null;
  readonly lineEnd: number | null;
  readonly kind: string;
  readonly tier: string;
}

interface Location {
  readonly file: string;
  readonly line: number;
}

interface Score {
  readonly recall: number;
  readonly recallCore: number;
  readonly found: number;
  readonly positives: number;
  readonly negativesFlagged: number;
  readonly negatives: number;
  readonly negativesFlaggedIds: readonly string[];
  readonly disputedFlagged: string;
  readonly strayFindings: number;
  readonly findings: number;
  readonly misses: ReadonlyMap<string, { readonly total: number; readonly ids: readonly string[] }>;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value)) : {};
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' ? value : null;
}

function readLabels(corpus: string, name: string): Label[] {
  return readFileSync(path.join(corpus, name), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const raw = record(JSON.parse(line));
      const start = numberOrNull(raw['line']);
      return { id: String(raw['id']), file: String(raw['file']), line: start, lineEnd: numberOrNull(raw['line_end']) ?? start, kind: String(raw['kind']), tier: String(raw['tier']) };
    });
}

function walk(dir: string, base: string, out: string[]): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, base, out);
    else if (entry.isFile()) out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out;
}

function heraldFindings(corpus: string): { locations: Location[]; skipped: string[]; ms: number } {
  const filesDir = path.join(corpus, 'files');
  const paths = walk(filesDir, filesDir, []).sort();
  const candidates: CandidateFile[] = paths.map((relative) => ({ path: relative, content: readFileSync(path.join(filesDir, relative)) }));
  const started = process.hrtime.bigint();
  const report = analyzeFiles(candidates, { ...DEFAULT_ANALYSIS_OPTIONS, genericEntropy: false });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return {
    locations: report.findings.map((finding) => ({ file: `files/${finding.file}`, line: finding.line })),
    skipped: report.skipped.filter((entry) => entry.reason === 'vendored').map((entry) => entry.path),
    ms,
  };
}

function secretlintFindings(corpus: string, work: string, refresh: boolean): Location[] {
  const cache = path.join(work, 'findings.json');
  if (!refresh && existsSync(cache)) return parseLocations(readFileSync(cache, 'utf8'));
  const bin = path.join(work, 'node_modules', '.bin', 'secretlint');
  if (!existsSync(bin)) {
    mkdirSync(work, { recursive: true });
    execFileSync('npm', ['init', '-y'], { cwd: work, stdio: 'ignore' });
    execFileSync('npm', ['install', '--no-audit', '--no-fund', `secretlint@${SECRETLINT_VERSION}`, `@secretlint/secretlint-rule-preset-recommend@${SECRETLINT_VERSION}`], { cwd: work, stdio: 'inherit' });
  }
  writeFileSync(path.join(work, '.secretlintrc.json'), '{"rules":[{"id":"@secretlint/secretlint-rule-preset-recommend"}]}\n');
  let output: string;
  try {
    output = execFileSync(bin, ['--format', 'json', `${path.join(corpus, 'files')}/**/*`], { cwd: work, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  } catch (error: unknown) {
    // secretlint exits 1 when it finds something; its report is still on stdout.
    const stdout = record(error)['stdout'];
    output = typeof stdout === 'string' ? stdout : '';
  }
  const locations: Location[] = [];
  const results: unknown = JSON.parse(output);
  for (const result of Array.isArray(results) ? results : []) {
    const file = String(record(result)['filePath']);
    const messages: unknown = record(result)['messages'];
    for (const message of Array.isArray(messages) ? messages : []) {
      const line = numberOrNull(record(record(record(message)['loc'])['start'])['line']) ?? 0;
      locations.push({ file: file.slice(file.indexOf('files/')), line });
    }
  }
  writeFileSync(cache, JSON.stringify({ findings: locations }));
  return locations;
}

function parseLocations(json: string): Location[] {
  const findings: unknown = record(JSON.parse(json))['findings'];
  return (Array.isArray(findings) ? findings : []).map((item) => ({ file: String(record(item)['file']), line: numberOrNull(record(item)['line']) ?? 0 }));
}

/** score.py's figures (the reference), plus the missed labels per kind, matched the same way. */
function score(corpus: string, name: string, locations: readonly Location[], positives: readonly Label[]): Score {
  const work = mkdtempSync(path.join(tmpdir(), 'herald-eval-'));
  const file = path.join(work, `${name}.json`);
  writeFileSync(file, JSON.stringify({ findings: locations }));
  const raw = record(JSON.parse(execFileSync('python3', [path.join(corpus, 'eval', 'score.py'), corpus, file, '--name', name, '--json'], { encoding: 'utf8' })));
  const byFile = new Map<string, number[]>();
  for (const location of locations) byFile.set(location.file, [...(byFile.get(location.file) ?? []), location.line]);
  const hit = (label: Label) => {
    const lines = byFile.get(label.file) ?? [];
    if (label.line === null) return lines.length > 0;
    const start = label.line;
    const end = label.lineEnd ?? start;
    return lines.some((line) => line >= start && line <= end);
  };
  const misses = new Map<string, { total: number; ids: string[] }>();
  for (const label of positives) {
    const entry = misses.get(label.kind) ?? { total: 0, ids: [] };
    entry.total += 1;
    if (!hit(label)) entry.ids.push(label.id);
    misses.set(label.kind, entry);
  }
  for (const [kind, entry] of misses) if (entry.ids.length === 0) misses.delete(kind);
  const flagged: unknown = raw['negatives_flagged_ids'];
  return {
    recall: Number(raw['recall']),
    recallCore: Number(raw['recall_core']),
    found: Number(raw['found']),
    positives: Number(raw['positives']),
    negativesFlagged: Number(raw['negatives_flagged']),
    negatives: Number(raw['negatives']),
    negativesFlaggedIds: Array.isArray(flagged) ? flagged.map(String) : [],
    disputedFlagged: String(raw['disputed_flagged']),
    strayFindings: Number(raw['findings_on_unlabelled_lines']),
    findings: locations.length,
    misses,
  };
}

function missTable(result: Score): string[] {
  const rows = [...result.misses].sort(([a, x], [b, y]) => y.ids.length - x.ids.length || (a < b ? -1 : 1));
  if (rows.length === 0) return ['No positive missed.'];
  return ['| kind | missed | of | labels |', '|---|--:|--:|---|', ...rows.map(([kind, entry]) => `| ${kind} | ${entry.ids.length} | ${entry.total} | ${entry.ids.join(', ')} |`)];
}

function section(herald: Score, secretlint: Score | undefined, heraldMs: number, skipped: readonly string[], corpus: string): string {
  const row = (name: string, result: Score) =>
    `| ${name} | ${result.recall.toFixed(3)} (${result.found}/${result.positives}) | ${result.recallCore.toFixed(3)} | ${result.negativesFlagged} / ${result.negatives} | ${result.disputedFlagged} | ${result.findings} | ${result.strayFindings} |`;
  return [
    START,
    '## Measured on the peer corpus',
    '',
    `Corpus: \`${path.relative(ROOT, corpus)}\` (fixtures of secretlint, gitleaks and detect-secrets, labelled line by line; see its README). Herald scans every file whole with the default options and generic entropy off (${heraldMs.toFixed(0)} ms for the ${ALL_RULES.length} rules in-process); secretlint ${SECRETLINT_VERSION} runs its recommended preset over \`files/**/*\`. Scored by the corpus's \`eval/score.py\`: a label counts as found when a finding lies in its file within its lines (whole-file labels: anywhere in the file); kinds are not compared. Regenerate with \`npx tsx scripts/evalCorpus.ts\`.`,
    '',
    '| tool | recall | recall (core) | negatives flagged | disputed flagged | findings | on unlabelled lines |',
    '|---|---|---|---|---|--:|--:|',
    row('Herald', herald),
    secretlint === undefined ? '| secretlint | not run | | | | | |' : row(`secretlint ${SECRETLINT_VERSION} (recommended)`, secretlint),
    '',
    `Negatives Herald flags: ${herald.negativesFlaggedIds.length === 0 ? 'none' : herald.negativesFlaggedIds.join(', ')}.`,
    ...(skipped.length === 0 ? [] : ['', `Skipped by the default vendored/generated path list: ${skipped.map((file) => `\`${file}\``).join(', ')}.`]),
    '',
    '### Herald: positives missed, per kind',
    '',
    ...missTable(herald),
    ...(secretlint === undefined ? [] : ['', `### secretlint ${SECRETLINT_VERSION}: positives missed, per kind`, '', ...missTable(secretlint)]),
    END,
  ].join('\n');
}

/** The rule catalogue, from the rules themselves. */
function rulesSection(): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  const rows = ALL_RULES.map((rule) => {
    const scope = rule.keywords.length === 0 ? 'byte gate' : rule.scope === 'file' ? 'file' : 'line';
    const notes = [rule.optIn === true ? 'opt-in' : '', rule.priority === 0 ? 'generic' : rule.priority === 1 ? 'vendor context' : ''].filter((note) => note !== '').join(', ');
    return `| \`${rule.id}\` | ${escape(rule.kind)} | ${rule.severity} | ${rule.blocking === false ? 'no' : 'yes'} | ${scope} | ${notes} |`;
  });
  return [
    RULES_START,
    `${ALL_RULES.length} rules (${new Set(ALL_RULES.map((rule) => rule.kind)).size} kinds). Scope: \`line\`, the regex runs only on lines holding one of the rule's keywords; \`file\`, a keyword anywhere in the file runs it over the whole text; \`byte gate\`, no literal anchor, a byte-level test decides.`,
    '',
    '| rule | kind | severity | blocking | scope | notes |',
    '|---|---|---|---|---|---|',
    ...rows,
    RULES_END,
  ].join('\n');
}

function replaceSection(current: string, start: string, end: string, generated: string): string {
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  return from >= 0 && to > from ? current.slice(0, from) + generated + current.slice(to + end.length) : `${current.trimEnd()}\n\n${generated}\n`;
}

function writeDoc(generated: string): void {
  const current = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '# Secret scanner\n';
  writeFileSync(DOC, replaceSection(replaceSection(current, START, END, generated), RULES_START, RULES_END, rulesSection()));
}

function main(): void {
  const args = process.argv.slice(2);
  const corpus = path.resolve(ROOT, args.find((arg) => !arg.startsWith('--')) ?? '../shared/corpus/secrets');
  const positives = readLabels(corpus, 'labels.jsonl');
  const herald = heraldFindings(corpus);
  const heraldScore = score(corpus, 'herald', herald.locations, positives);
  const secretlintScore = args.includes('--no-secretlint')
    ? undefined
    : score(corpus, 'secretlint', secretlintFindings(corpus, path.join(tmpdir(), `herald-secretlint-${SECRETLINT_VERSION}`), args.includes('--refresh-secretlint')), positives);
  writeDoc(section(heraldScore, secretlintScore, herald.ms, herald.skipped, corpus));
  const summary = (name: string, result: Score) =>
    `${name}: recall ${result.recall.toFixed(3)} (core ${result.recallCore.toFixed(3)}), negatives flagged ${result.negativesFlagged}/${result.negatives} ${JSON.stringify(result.negativesFlaggedIds)}, disputed ${result.disputedFlagged}`;
  console.log(summary('herald', heraldScore));
  for (const [kind, entry] of heraldScore.misses) console.log(`  missed ${kind}: ${entry.ids.join(' ')}`);
  if (secretlintScore !== undefined) console.log(summary('secretlint', secretlintScore));
}

main();

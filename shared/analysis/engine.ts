/**
 * The secret-scanning engine: pure and synchronous. Per file it checks the path (skipped,
 * forbidden), skips binary and oversized content, runs one keyword pass over the bytes and only
 * then runs the rules those keywords gate, on the lines that hold them. Regexes run on the
 * byte-exact latin1 view of the content, so offsets are byte offsets and no UTF-8 decoding
 * happens unless a finding is reported; line numbers are computed from offsets on demand.
 */
import type { Severity } from '../alerts/alert';
import { conflictBlocks, DEFAULT_SKIP_PATHS, forbiddenByName, forbiddenSeverity, isBinary, pathListMatcher } from './files';
import { KeywordAutomaton, type KeywordHits } from './keywords';
import { fingerprint, maskSecret } from './mask';
import { isHashInContext, isIntegrity, isPlaceholder, isUuid } from './placeholders';
import { ALL_RULES } from './rules';
import type { MatchContext, SecretRule } from './rules/rule';
import { indexOfByte, lastIndexOfByte, latin1, LineIndex, shannonEntropy, utf8FromLatin1, utf8Length } from './text';
import type { AnalysisOptions, AnalysisReport, CandidateFile, Finding, FindingCategory, SkippedFile } from './types';

export { addedLineNumbers } from './diff';
export { DEFAULT_SKIP_PATHS, FORBIDDEN_FILES } from './files';
export { fingerprint, maskSecret } from './mask';
export { ALL_RULES } from './rules';

export interface AnalyzeOptions extends AnalysisOptions {
  /** Also report binary and oversized files (always listed as skipped) as non-blocking info findings. */
  readonly skippedFileFindings?: boolean;
}

export const DEFAULT_ANALYSIS_OPTIONS: AnalysisOptions = {
  maxFileBytes: 1024 * 1024,
  skipPaths: DEFAULT_SKIP_PATHS,
  baseline: new Set<string>(),
  fingerprintSalt: 'herald',
  genericEntropy: false,
};

/** Comments that accept a finding on their line or the next one. */
const ALLOW_MARKER = 'herald:allow';
const CONFLICT_KEYWORD = '<<<<<<< ';

/**
 * A rule as the engine runs it. What the keyword pass consults per hit is copied out of the rule:
 * rules are object literals of many shapes, so reading `rule.afterKeyword` at one site would be
 * a megamorphic lookup per hit, where every CompiledRule has the same shape.
 */
interface CompiledRule {
  readonly rule: SecretRule;
  readonly index: number;
  readonly regex: RegExp;
  readonly fileScope: boolean;
  readonly priority: number;
  readonly optIn: boolean;
  readonly afterKeyword: SecretRule['afterKeyword'];
  readonly gate: SecretRule['gate'];
}

interface RuleSet {
  readonly rules: readonly CompiledRule[];
  readonly automaton: KeywordAutomaton;
  /** Rule indexes gated by each keyword. */
  readonly byKeyword: readonly (readonly number[])[];
  readonly keywordLengths: Int32Array;
  readonly conflictKeyword: number;
  readonly gated: readonly CompiledRule[];
}

function compile(rules: readonly SecretRule[]): RuleSet {
  const keywordIndex = new Map<string, number>([[CONFLICT_KEYWORD, 0]]);
  const byKeyword: number[][] = [[]];
  const compiled = rules.map((rule, index): CompiledRule => {
    for (const keyword of rule.keywords) {
      let at = keywordIndex.get(keyword);
      if (at === undefined) {
        at = byKeyword.length;
        keywordIndex.set(keyword, at);
        byKeyword.push([]);
      }
      byKeyword[at]?.push(index);
    }
    const flags = `gd${[...rule.regex.flags].filter((flag) => 'ims'.includes(flag)).join('')}`;
    return {
      rule,
      index,
      regex: new RegExp(rule.regex.source, flags),
      fileScope: rule.scope === 'file',
      priority: rule.priority ?? 2,
      optIn: rule.optIn === true,
      afterKeyword: rule.afterKeyword,
      gate: rule.gate,
    };
  });
  const keywords = [...keywordIndex.keys()];
  return {
    rules: compiled,
    automaton: new KeywordAutomaton(keywords),
    byKeyword,
    keywordLengths: Int32Array.from(keywords, (keyword) => keyword.length),
    conflictKeyword: 0,
    gated: compiled.filter((entry) => entry.rule.keywords.length === 0 && entry.gate !== undefined),
  };
}

let defaultRuleSet: RuleSet | undefined;

function ruleSet(): RuleSet {
  defaultRuleSet ??= compile(ALL_RULES);
  return defaultRuleSet;
}

/** A finding before suppression: where the secret is, in bytes. */
interface Candidate {
  readonly compiled: CompiledRule;
  readonly start: number;
  readonly end: number;
  readonly secret: string;
}

/** Per-file state: the bytes and the views built from them on demand. */
class FileScan {
  readonly lines: LineIndex;
  private fullText: string | undefined;
  private view: Buffer | undefined;

  constructor(
    readonly path: string,
    readonly bytes: Uint8Array,
  ) {
    this.lines = new LineIndex(bytes);
  }

  text(): string {
    this.fullText ??= this.slice(0, this.bytes.length);
    return this.fullText;
  }

  /** The latin1 view of a byte range: one character per byte. */
  private slice(start: number, end: number): string {
    this.view ??= Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.length);
    return this.view.toString('latin1', start, end);
  }

  lineBounds(offset: number): [number, number] {
    const start = offset > 0 ? lastIndexOfByte(this.bytes, 10, offset - 1) + 1 : 0;
    let end = indexOfByte(this.bytes, 10, offset);
    if (end < 0) end = this.bytes.length;
    if (end > start && this.bytes[end - 1] === 13) end -= 1;
    return [start, end];
  }

  lineText(start: number, end: number): string {
    return this.fullText !== undefined ? this.fullText.slice(start, end) : this.slice(start, end);
  }
}

/** The rule's own checks (cheap, and most selective for context rules) first, then the shared false-positive controls. */
function passesFilters(compiled: CompiledRule, context: MatchContext): string | undefined {
  const rule = compiled.rule;
  const secret = context.secret;
  if (rule.allowlist?.secret?.some((pattern) => pattern.test(secret)) === true) return undefined;
  if (rule.allowlist?.line?.some((pattern) => pattern.test(context.line)) === true) return undefined;
  if (rule.allowUuid !== true && isUuid(secret)) return undefined;
  const verdict = rule.validate === undefined ? true : rule.validate(context);
  if (verdict === false) return undefined;
  if (rule.entropy !== undefined && shannonEntropy(secret) < rule.entropy) return undefined;
  if (rule.placeholders !== false) {
    if (isPlaceholder(secret)) return undefined;
    if (isHashInContext(secret, context.before) || isIntegrity(context.before, secret)) return undefined;
  }
  return typeof verdict === 'string' ? verdict : secret;
}

/** Runs one rule over `text`: one line starting at byte `base`, or (`whole`) the entire file. */
function collect(scan: FileScan, compiled: CompiledRule, text: string, base: number, whole: boolean, candidates: Candidate[]): void {
  const regex = compiled.regex;
  regex.lastIndex = 0;
  for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
    if (match[0].length === 0) regex.lastIndex += 1;
    const span = match.indices?.groups?.['secret'];
    const secret = match.groups?.['secret'];
    if (span === undefined || secret === undefined || secret.length === 0) continue;
    const start = base + span[0];
    const [lineStart, lineEnd] = whole ? scan.lineBounds(start) : [base, base + text.length];
    const line = whole ? text.slice(lineStart, lineEnd) : text;
    const context: MatchContext = {
      secret,
      groups: match.groups ?? {},
      line,
      before: line.slice(0, start - lineStart),
      after: line.slice(start - lineStart + secret.length),
      offset: start,
      text: () => scan.text(),
      path: scan.path,
    };
    const accepted = passesFilters(compiled, context);
    if (accepted !== undefined) candidates.push({ compiled, start, end: base + span[1], secret: accepted });
  }
}

interface ScheduledLine {
  readonly start: number;
  readonly end: number;
  readonly rules: CompiledRule[];
}

/**
 * The work the keyword pass selected in one file: the rules to run per hit line (byte range), the
 * rules to run over the whole text, and whether a conflict marker was seen. One schedule serves
 * every file (`reset` per file): most files schedule little or nothing, and a few allocations per
 * file are a measurable share of a small file's scan.
 */
class Schedule {
  readonly lines: ScheduledLine[] = [];
  readonly fileRules: CompiledRule[] = [];
  conflict = false;
  /** Per rule: the start of the line it was last scheduled on, and the file it last ran over whole (`serial`). */
  private lineStamps = new Int32Array(0);
  private fileStamps = new Int32Array(0);
  private serial = 0;

  reset(ruleCount: number): void {
    this.lines.length = 0;
    this.fileRules.length = 0;
    this.conflict = false;
    if (this.lineStamps.length < ruleCount) {
      this.lineStamps = new Int32Array(ruleCount);
      this.fileStamps = new Int32Array(ruleCount);
    }
    this.lineStamps.fill(-1);
    this.serial += 1;
  }

  /** Schedules `entry` on `line` once. */
  onLine(line: ScheduledLine, entry: CompiledRule): void {
    if (this.lineStamps[entry.index] === line.start) return;
    this.lineStamps[entry.index] = line.start;
    line.rules.push(entry);
  }

  /** Schedules `entry` over the whole text once. */
  overFile(entry: CompiledRule): void {
    if (this.fileStamps[entry.index] === this.serial) return;
    this.fileStamps[entry.index] = this.serial;
    this.fileRules.push(entry);
  }
}

const schedule = new Schedule();

function ruleEnabled(entry: CompiledRule, genericEntropy: boolean): boolean {
  return genericEntropy || !entry.optIn;
}

/** Turns keyword hits into work: which rules run on which lines, and which over the whole file. */
function scheduleRules(scan: FileScan, set: RuleSet, hits: KeywordHits, genericEntropy: boolean): Schedule {
  schedule.reset(set.rules.length);
  let current: ScheduledLine | undefined;
  for (let hit = 0; hit < hits.count; hit += 1) {
    const keyword = hits.keywords[hit] ?? 0;
    const end = hits.ends[hit] ?? 0;
    if (keyword === set.conflictKeyword) schedule.conflict = true;
    const keywordStart = end - (set.keywordLengths[keyword] ?? 0);
    const ruleIndexes = set.byKeyword[keyword] ?? [];
    for (let at = 0; at < ruleIndexes.length; at += 1) {
      const entry = set.rules[ruleIndexes[at] ?? -1];
      if (entry === undefined || !ruleEnabled(entry, genericEntropy)) continue;
      if (entry.fileScope) {
        schedule.overFile(entry);
        continue;
      }
      // The byte test first: most hits of common keywords (`token`, `://`) stop here, before any line is located.
      if (entry.afterKeyword?.(scan.bytes, keywordStart, scan.path) === false) continue;
      if (current === undefined || end - 1 >= current.end || end - 1 < current.start) {
        const [start, lineEnd] = scan.lineBounds(end - 1);
        current = { start, end: lineEnd, rules: [] };
        schedule.lines.push(current);
      }
      schedule.onLine(current, entry);
    }
  }
  return schedule;
}

/** Runs the rules the keyword pass (and the gates) selected, on their lines or over the whole text. */
function candidatesOf(scan: FileScan, set: RuleSet, genericEntropy: boolean, conflicts: number[]): Candidate[] {
  const bytes = scan.bytes;
  const work = scheduleRules(scan, set, set.automaton.scan(bytes), genericEntropy);
  const candidates: Candidate[] = [];
  const busyLines = work.lines;
  // Many hit lines in a small file: one view of the whole file is cheaper than one per line.
  if (busyLines.length >= 16 && busyLines.length * 512 >= bytes.length) scan.text();
  for (const line of busyLines) {
    const text = scan.lineText(line.start, line.end);
    for (const entry of line.rules) collect(scan, entry, text, line.start, false, candidates);
  }
  for (const entry of set.gated) if (ruleEnabled(entry, genericEntropy) && entry.gate?.(bytes) === true) work.overFile(entry);
  for (const entry of work.fileRules) collect(scan, entry, scan.text(), 0, true, candidates);
  if (work.conflict) conflicts.push(...conflictBlocks(scan.text()));
  return candidates;
}

/** Where secrets of different rules overlap, keeps the most specific (highest priority); identical spans keep the first rule. */
function resolveOverlaps(candidates: Candidate[]): Candidate[] {
  if (candidates.length < 2) return candidates;
  const sorted = [...candidates].sort((a, b) => b.compiled.priority - a.compiled.priority || a.compiled.index - b.compiled.index);
  const kept: Candidate[] = [];
  for (const candidate of sorted) {
    const shadowed = kept.some(
      (other) =>
        other.start < candidate.end &&
        candidate.start < other.end &&
        (other.compiled.priority > candidate.compiled.priority || (other.start === candidate.start && other.end === candidate.end && other.compiled !== candidate.compiled)),
    );
    if (!shadowed) kept.push(candidate);
  }
  return kept;
}

interface Emit {
  readonly findings: Finding[];
  suppressed: number;
}

function finding(
  path: string,
  rule: string,
  kind: string,
  category: FindingCategory,
  severity: Severity,
  blocking: boolean,
  where: { line: number; column: number },
  preview: string,
  print: string,
  message: string,
): Finding {
  return { rule, kind, category, file: path, line: where.line, column: where.column, severity, blocking, preview, fingerprint: print, message };
}

function isAllowed(scan: FileScan, line: number): boolean {
  const ownStart = scan.lines.startOf(line);
  const ownEnd = scan.lines.endOf(line);
  if (scan.lineText(ownStart, ownEnd).includes(ALLOW_MARKER)) return true;
  if (line <= 1) return false;
  return scan.lineText(scan.lines.startOf(line - 1), scan.lines.endOf(line - 1)).includes(ALLOW_MARKER);
}

function emitSecrets(scan: FileScan, file: CandidateFile, candidates: readonly Candidate[], options: AnalysisOptions, out: Emit): void {
  const seen = new Set<string>();
  for (const candidate of candidates) {
    const rule = candidate.compiled.rule;
    const line = scan.lines.lineOf(candidate.start);
    const lastLine = scan.lines.lineOf(Math.max(candidate.start, candidate.end - 1));
    if (file.addedLines !== undefined) {
      let touched = false;
      for (let at = line; at <= lastLine && !touched; at += 1) touched = file.addedLines.has(at);
      if (!touched) continue;
    }
    const secret = utf8FromLatin1(candidate.secret);
    const key = `${rule.id}\0${line}\0${secret}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const print = fingerprint(rule.id, secret, options.fingerprintSalt);
    if (options.baseline.has(print) || isAllowed(scan, line)) {
      out.suppressed += 1;
      continue;
    }
    const column = utf8Length(scan.bytes, scan.lines.startOf(line), candidate.start) + 1;
    const blocking = rule.blocking ?? true;
    const message = `${rule.kind}${blocking ? '' : ' (non-blocking)'}: if it is real, revoke it and remove it from the history; \`herald:allow\` or the baseline accepts it.`;
    out.findings.push(finding(file.path, rule.id, rule.kind, rule.category ?? 'secret', rule.severity, blocking, { line, column }, maskSecret(secret), print, message));
  }
}

function emitConflicts(scan: FileScan, file: CandidateFile, starts: readonly number[], options: AnalysisOptions, out: Emit): void {
  for (const start of starts) {
    const line = scan.lines.lineOf(start);
    if (file.addedLines !== undefined && !file.addedLines.has(line)) continue;
    const print = fingerprint('merge-conflict-marker', `${file.path}:${line}`, options.fingerprintSalt);
    if (options.baseline.has(print) || isAllowed(scan, line)) {
      out.suppressed += 1;
      continue;
    }
    out.findings.push(
      finding(file.path, 'merge-conflict-marker', 'merge conflict markers', 'conflict-marker', 'high', true, { line, column: 1 }, '<<<<<<<', print, 'Unresolved merge conflict: `<<<<<<<`, `=======` and `>>>>>>>` markers were committed.'),
    );
  }
}

function emitForbidden(file: CandidateFile, binary: boolean, options: AnalysisOptions, out: Emit): void {
  const rules = forbiddenByName(file.path);
  if (rules.length === 0) return;
  const text = binary || rules.every((rule) => rule.content === undefined && rule.privateKeySeverity === undefined) ? '' : latin1(file.content);
  for (const rule of rules) {
    if (rule.content !== undefined && (binary || !rule.content.test(text))) continue;
    const severity = forbiddenSeverity(rule, text);
    const blocking = severity !== 'low' && severity !== 'info';
    const print = fingerprint(rule.id, file.path, options.fingerprintSalt);
    if (options.baseline.has(print)) {
      out.suppressed += 1;
      continue;
    }
    const name = file.path.slice(file.path.lastIndexOf('/') + 1);
    out.findings.push(finding(file.path, rule.id, rule.kind, 'forbidden-file', severity, blocking, { line: 0, column: 0 }, name, print, `${rule.kind} committed: ${rule.advice}.`));
  }
}

function emitSkipped(file: CandidateFile, reason: 'binary' | 'too-large', options: AnalysisOptions, out: Emit): void {
  const category: FindingCategory = reason === 'binary' ? 'binary-file' : 'large-file';
  const message = reason === 'binary' ? 'Binary file: not scanned for secrets.' : `File of ${file.content.length} bytes is over the ${options.maxFileBytes}-byte limit: not scanned for secrets.`;
  const print = fingerprint(category, file.path, options.fingerprintSalt);
  if (options.baseline.has(print)) {
    out.suppressed += 1;
    return;
  }
  out.findings.push(finding(file.path, category, reason === 'binary' ? 'binary file' : 'large file', category, 'info', false, { line: 0, column: 0 }, '', print, message));
}

function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}

/**
 * The engine fed one file at a time: `add` scans a file and keeps nothing of its content (a
 * source may reuse the buffer for the next file), `report` returns what was found so far.
 */
export class FileAnalyzer {
  private readonly set = ruleSet();
  private readonly skipMatcher: (path: string) => boolean;
  private readonly out: Emit = { findings: [], suppressed: 0 };
  private readonly skipped: SkippedFile[] = [];
  private scannedFiles = 0;
  private scannedBytes = 0;

  constructor(private readonly options: AnalyzeOptions) {
    this.skipMatcher = pathListMatcher(options.skipPaths);
  }

  add(file: CandidateFile): void {
    const { options, out } = this;
    const bytes = file.content.length;
    if (this.skipMatcher(file.path)) {
      this.skipped.push({ path: file.path, reason: 'vendored', bytes });
      return;
    }
    const tooLarge = bytes > options.maxFileBytes;
    const binary = !tooLarge && isBinary(file.content);
    emitForbidden(file, binary || tooLarge, options, out);
    if (tooLarge || binary) {
      const reason = tooLarge ? 'too-large' : 'binary';
      this.skipped.push({ path: file.path, reason, bytes });
      if (options.skippedFileFindings === true) emitSkipped(file, reason, options, out);
      return;
    }
    this.scannedFiles += 1;
    this.scannedBytes += bytes;
    const scan = new FileScan(file.path, file.content);
    const conflicts: number[] = [];
    const candidates = resolveOverlaps(candidatesOf(scan, this.set, options.genericEntropy, conflicts));
    // Most files have neither: the checks spare them the emitters' allocations.
    if (candidates.length > 0) emitSecrets(scan, file, candidates, options, out);
    if (conflicts.length > 0) emitConflicts(scan, file, conflicts, options, out);
  }

  report(): AnalysisReport {
    const { out } = this;
    return { findings: [...out.findings].sort(compareFindings), scannedFiles: this.scannedFiles, scannedBytes: this.scannedBytes, skipped: [...this.skipped], suppressed: out.suppressed };
  }
}

/** Scans the files and reports what it found. Pure: the same input gives the same report. */
export function analyzeFiles(files: Iterable<CandidateFile>, options: AnalyzeOptions): AnalysisReport {
  const analyzer = new FileAnalyzer(options);
  for (const file of files) analyzer.add(file);
  return analyzer.report();
}

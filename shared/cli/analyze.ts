/**
 * `herald analyze <path>`: scan a git repository (a commit's tree, or the changes of a range) or
 * a plain directory with the analysis engine, print the findings as text, JSON or SARIF, and
 * exit 1 when one of them is blocking. Nothing printed ever holds a secret: findings carry a
 * masked preview and a salted fingerprint only.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as v from 'valibot';
import packageJson from '../../package.json';
import { DEFAULT_ANALYSIS_OPTIONS } from '../analysis/engine';
import { toSarif } from '../analysis/sarif';
import { directoryFiles } from '../analysis/sources/directory';
import { SourceError } from '../analysis/sources/errors';
import { analyzeSource, type ScanProgress } from '../analysis/sources/scan';
import type { FileSource, SourceOptions } from '../analysis/sources/source';
import type { AnalysisOptions, AnalysisReport, Finding, SkippedFile } from '../analysis/types';
import { explainFailure } from '../util/schemaIssues';
import type { CliIo } from './replay';
import { isParseArgsError } from './usage';


/** Baseline file at the scanned root: `{"fingerprints": ["…"]}`; its findings are suppressed. */
export const BASELINE_FILE = '.herald-baseline.json';

/**
 * The CLI's fingerprint salt. Fixed rather than derived from the repository, so a baseline
 * holds across a clone, a plain copy of the files and a CI checkout; set
 * HERALD_FINGERPRINT_SALT to use a private one (every scan sharing a baseline must use the same).
 */
export const LOCAL_FINGERPRINT_SALT = 'herald-local';

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

export interface AnalyzeContext {
  readonly env: NodeJS.ProcessEnv;
  /** Writes raw text to a terminal's stderr: progress is then one line rewritten with `\r`. Absent: plain lines to `io.err`. */
  readonly ttyWrite?: (text: string) => void;
  /** When the first progress line appears (a scan slower than this) and how often it is refreshed. */
  readonly progressTiming?: { readonly delayMs: number; readonly intervalMs: number };
}

/** Bad flags, a bad baseline file, a baseline that cannot be written: exit 2 with the message. */
class AnalyzeInputError extends Error {
  override readonly name = 'AnalyzeInputError';
}

export async function analyzeCommand(argv: readonly string[], io: CliIo, context: AnalyzeContext): Promise<number> {
  try {
    const request = parseRequest(argv);
    const options = await analysisOptions(request, context.env);
    const source = await openSource(request, options, context.env);
    const progress: ScanProgress = { files: 0, bytes: 0 };
    const stopProgress = startProgress(progress, io, context);
    let report: AnalysisReport;
    try {
      report = await analyzeSource(source, options, progress);
    } finally {
      stopProgress();
    }
    if (request.updateBaseline) writeBaseline(request, report);
    printReport(report, source, request, io);
    return !request.updateBaseline && report.findings.some((finding) => finding.blocking) ? 1 : 0;
  } catch (error: unknown) {
    if (error instanceof AnalyzeInputError || error instanceof SourceError || isParseArgsError(error)) {
      io.err(`herald analyze: ${oneLine(error.message)}`);
      return 2;
    }
    // Exit 1 means "blocking findings" to a CI gate: a scan that could not run must not look like one.
    io.err(`herald analyze: the scan failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 2;
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, '; ');
}

interface AnalyzeRequest {
  readonly path: string;
  readonly base?: string;
  readonly head?: string;
  readonly format: Format;
  readonly config?: string;
  readonly updateBaseline: boolean;
}

function isFormat(value: string): value is Format {
  return FORMATS.some((format) => format === value);
}

function parseRequest(argv: readonly string[]): AnalyzeRequest {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      base: { type: 'string' },
      head: { type: 'string' },
      format: { type: 'string', default: 'text' },
      config: { type: 'string' },
      'update-baseline': { type: 'boolean', default: false },
    },
  });
  const [path, ...extra] = positionals;
  if (path === undefined) throw new AnalyzeInputError('a path to scan is required (a git repository or a directory)');
  if (extra.length > 0) throw new AnalyzeInputError(`one path at a time (also got ${extra.join(' ')})`);
  if (!isFormat(values.format)) throw new AnalyzeInputError(`--format must be one of ${FORMATS.join(', ')} (got ${JSON.stringify(values.format)})`);
  return {
    path,
    format: values.format,
    updateBaseline: values['update-baseline'],
    ...(values.base === undefined ? {} : { base: values.base }),
    ...(values.head === undefined ? {} : { head: values.head }),
    ...(values.config === undefined ? {} : { config: values.config }),
  };
}

const baselineSchema = v.object({ fingerprints: v.array(v.string()) });

function baselinePath(request: AnalyzeRequest): string {
  return join(request.path, BASELINE_FILE);
}

function readBaseline(request: AnalyzeRequest): Set<string> {
  const file = baselinePath(request);
  if (!existsSync(file)) return new Set();
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error: unknown) {
    throw new AnalyzeInputError(`cannot read ${file} as JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const result = v.safeParse(baselineSchema, document);
  if (!result.success) throw new AnalyzeInputError(`${file} is not a baseline: ${explainFailure(baselineSchema, document).join('; ')}`);
  return new Set(result.output.fingerprints);
}

async function analysisOptions(request: AnalyzeRequest, env: NodeJS.ProcessEnv): Promise<AnalysisOptions> {
  const salt = env.HERALD_FINGERPRINT_SALT ?? LOCAL_FINGERPRINT_SALT;
  // With --config, the same limits and skip list as push analysis (`push.analysis`).
  const configured = request.config === undefined ? { ...DEFAULT_ANALYSIS_OPTIONS, fingerprintSalt: salt } : await configuredOptions(request.config, salt);
  // Updating the baseline rewrites it from what the scan finds, so the old one must not hide anything.
  return { ...configured, baseline: request.updateBaseline ? new Set<string>() : readBaseline(request) };
}

/**
 * `push.analysis` of a config file. Loaded on demand: the YAML parser, the config schema and the
 * push use case are a large share of the CLI's start-up, and a plain scan needs none of them.
 */
async function configuredOptions(file: string, salt: string): Promise<AnalysisOptions> {
  const [{ ConfigError, loadConfigFile }, { pushAnalysisOptions }] = await Promise.all([import('../config/load'), import('../app/analysisOptions')]);
  try {
    return pushAnalysisOptions(loadConfigFile(file), salt);
  } catch (error: unknown) {
    if (error instanceof ConfigError) throw new AnalyzeInputError(error.message, { cause: error });
    throw error;
  }
}

/**
 * A git repository (its top level, or a bare repository) is read from its objects: `--base` scans
 * the range's changes, otherwise one commit's whole tree. Any other directory is walked as files.
 */
async function openSource(request: AnalyzeRequest, options: SourceOptions, env: NodeJS.ProcessEnv): Promise<FileSource> {
  let isDirectory = false;
  try {
    isDirectory = statSync(request.path).isDirectory();
  } catch {
    throw new SourceError('not-found', `${request.path}: no such directory`);
  }
  if (!isDirectory) throw new SourceError('not-a-directory', `${request.path} is not a directory`);
  const wantsGit = request.base !== undefined || request.head !== undefined;
  // Neither a work tree's top level (`.git`) nor a bare repository (`HEAD`): a plain directory,
  // known without spawning git (a directory inside a work tree is scanned as files too).
  if (!wantsGit && env.GIT_DIR === undefined && !existsSync(join(request.path, '.git')) && !existsSync(join(request.path, 'HEAD'))) {
    return directoryFiles(request.path, options);
  }
  // The git sources (and child_process) are loaded only for a repository: a plain directory starts without them.
  const { gitChanges, gitTree, probeRepository } = await import('../analysis/sources/git');
  const probe = await probeRepository(request.path).catch((error: unknown) => {
    // Without git, a plain directory can still be scanned.
    if (!wantsGit && error instanceof SourceError && error.code === 'git-unavailable') return { kind: 'not-a-repository' } as const;
    throw error;
  });
  if (probe.kind === 'repository') {
    const head = request.head ?? 'HEAD';
    return request.base === undefined ? gitTree(request.path, head, options) : gitChanges(request.path, request.base, head, options);
  }
  if (wantsGit) {
    const where = probe.kind === 'inside-repository' ? ` (it is inside the repository at ${probe.topLevel}: pass that)` : '';
    throw new SourceError('not-a-repository', `--base and --head need a git repository, and ${request.path} is not one${where}`);
  }
  return directoryFiles(request.path, options);
}

/** Progress on stderr once a scan outlasts `delayMs`: a timer reads the counters, files never print. */
function startProgress(progress: ScanProgress, io: CliIo, context: AnalyzeContext): () => void {
  const tty = context.ttyWrite;
  const { delayMs, intervalMs } = context.progressTiming ?? { delayMs: 3000, intervalMs: tty === undefined ? 10_000 : 500 };
  let shown = false;
  const report = () => {
    const line = `herald analyze: scanned ${progress.files} files (${(progress.bytes / (1024 * 1024)).toFixed(1)} MB)…`;
    if (tty === undefined) io.err(line);
    else tty(`\r${line}\x1b[K`);
    shown = true;
  };
  let interval: NodeJS.Timeout | undefined;
  const timer = setTimeout(() => {
    report();
    interval = setInterval(report, intervalMs);
  }, delayMs);
  return () => {
    clearTimeout(timer);
    clearInterval(interval);
    // The summary follows on stdout: leave the terminal line empty for it.
    if (shown && tty !== undefined) tty('\r\x1b[K');
  };
}

/** Fingerprints of the blocking findings; a range scan adds to the baseline, a full scan replaces it. */
function writeBaseline(request: AnalyzeRequest, report: AnalysisReport): void {
  const current = report.findings.filter((finding) => finding.blocking).map((finding) => finding.fingerprint);
  const kept = request.base === undefined ? [] : [...readBaseline(request)];
  const fingerprints = [...new Set([...kept, ...current])].sort();
  try {
    writeFileSync(baselinePath(request), `${JSON.stringify({ fingerprints }, null, 2)}\n`);
  } catch (error: unknown) {
    throw new AnalyzeInputError(`cannot write ${baselinePath(request)}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function printReport(report: AnalysisReport, source: FileSource, request: AnalyzeRequest, io: CliIo): void {
  switch (request.format) {
    case 'json':
      io.out(JSON.stringify(jsonReport(report)));
      break;
    case 'sarif':
      io.out(JSON.stringify(toSarif(report, { toolVersion: packageJson.version, rootUri: `${pathToFileURL(resolve(request.path)).href}/` }), null, 2));
      break;
    case 'text':
      for (const line of textReport(report, source)) io.out(line);
      break;
  }
  if (request.updateBaseline) {
    const count = new Set(report.findings.filter((finding) => finding.blocking).map((finding) => finding.fingerprint)).size;
    io.err(`herald analyze: wrote ${baselinePath(request)} (${count} blocking finding(s) from this scan accepted)`);
  }
}

/** The `--format json` document: findings with the fields a consumer needs, paths relative to `<path>`. */
export function jsonReport(report: AnalysisReport) {
  return {
    findings: report.findings.map(({ file, line, column, rule, kind, severity, blocking, preview, fingerprint, message }) => ({
      file,
      line,
      column,
      rule,
      kind,
      severity,
      blocking,
      preview,
      fingerprint,
      message,
    })),
    skipped: report.skipped,
    scannedFiles: report.scannedFiles,
    scannedBytes: report.scannedBytes,
    suppressed: report.suppressed,
  };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function findingLine(finding: Finding): string {
  const where = finding.line > 0 ? `${finding.file}:${finding.line}:${finding.column}` : finding.file;
  return [where, finding.severity, finding.kind, finding.preview].filter((part) => part !== '').join('  ');
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** One line per finding, a summary, then what was not scanned (vendored paths summed up). */
export function textReport(report: AnalysisReport, source: Pick<FileSource, 'description'>): string[] {
  const blocking = report.findings.filter((finding) => finding.blocking).length;
  const vendored = report.skipped.filter((file) => file.reason === 'vendored');
  const others = report.skipped.filter((file) => file.reason !== 'vendored');
  const lines = report.findings.map(findingLine);
  const parts = [
    `${plural(report.findings.length, 'finding')} (${blocking} blocking)`,
    `${plural(report.scannedFiles, 'file')} scanned (${formatBytes(report.scannedBytes)}) in ${source.description}`,
    ...(report.suppressed > 0 ? [`${report.suppressed} suppressed`] : []),
    ...(report.skipped.length > 0 ? [`${report.skipped.length} not scanned`] : []),
  ];
  lines.push(`herald analyze: ${parts.join(', ')}`);
  if (report.skipped.length > 0) {
    lines.push('not scanned:');
    for (const file of others) lines.push(`  ${skippedLine(file)}`);
    if (vendored.length > 0) {
      const examples = vendored.slice(0, 3).map((file) => file.path);
      lines.push(`  ${plural(vendored.length, 'vendored path')} (${examples.join(', ')}${vendored.length > examples.length ? ', …' : ''})`);
    }
  }
  return lines;
}

function skippedLine(file: SkippedFile): string {
  return [file.path, file.reason, ...(file.bytes === undefined ? [] : [formatBytes(file.bytes)])].join('  ');
}

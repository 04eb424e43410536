/**
 * An analysis report as a SARIF 2.1.0 log (one run), for GitHub code scanning, IDE viewers and
 * other SARIF consumers. Pure. Like the report, the log never holds a secret: messages carry the
 * finding's message and masked preview, and results are matched across runs by the salted
 * fingerprint (`partialFingerprints`).
 */
import type { Severity } from '../alerts/alert';
import type { AnalysisReport, Finding, FindingCategory, SkippedFile } from './types';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const FINGERPRINT_KEY = 'heraldFingerprint/v1';
/** Where result paths are relative to; defined in `originalUriBaseIds` when a root URI is known. */
export const SOURCE_ROOT = '%SRCROOT%';

export type SarifLevel = 'error' | 'warning' | 'note';

export interface SarifOptions {
  readonly toolVersion: string;
  /** Absolute URI of the scanned root (e.g. `file:///work/repo/`); result paths are relative to it. */
  readonly rootUri?: string;
}

export interface SarifMessage {
  readonly text: string;
}

export interface SarifArtifactLocation {
  readonly uri: string;
  readonly uriBaseId: string;
}

export interface SarifLocation {
  readonly physicalLocation: {
    readonly artifactLocation: SarifArtifactLocation;
    readonly region?: { readonly startLine: number; readonly startColumn?: number };
  };
}

export interface SarifRule {
  readonly id: string;
  readonly name: string;
  readonly shortDescription: SarifMessage;
  readonly defaultConfiguration: { readonly level: SarifLevel };
  readonly properties: { readonly tags: readonly string[]; readonly 'security-severity'?: string };
}

export interface SarifResult {
  readonly ruleId: string;
  readonly ruleIndex: number;
  readonly level: SarifLevel;
  readonly message: SarifMessage;
  readonly locations: readonly SarifLocation[];
  readonly partialFingerprints: Readonly<Record<string, string>>;
  readonly properties: { readonly severity: Severity; readonly blocking: boolean; readonly category: string };
}

export interface SarifNotification {
  readonly level: 'note';
  readonly message: SarifMessage;
  readonly descriptor: { readonly id: string };
  readonly locations?: readonly SarifLocation[];
}

export interface SarifRun {
  readonly tool: { readonly driver: { readonly name: string; readonly version: string; readonly semanticVersion?: string; readonly rules: readonly SarifRule[] } };
  readonly originalUriBaseIds?: Readonly<Record<string, { readonly uri: string }>>;
  readonly invocations: readonly [{ readonly executionSuccessful: true; readonly toolExecutionNotifications: readonly SarifNotification[] }];
  readonly columnKind: 'unicodeCodePoints';
  readonly results: readonly SarifResult[];
  readonly properties: { readonly scannedFiles: number; readonly scannedBytes: number; readonly suppressed: number };
}

export interface SarifLog {
  readonly $schema: string;
  readonly version: '2.1.0';
  readonly runs: readonly [SarifRun];
}

/** Blocking findings are errors (they fail the scan); the rest are warnings or notes by severity. */
export function sarifLevel(finding: Pick<Finding, 'blocking' | 'severity'>): SarifLevel {
  if (finding.blocking) return 'error';
  return finding.severity === 'critical' || finding.severity === 'high' || finding.severity === 'medium' ? 'warning' : 'note';
}

/** Categories GitHub code scanning should treat as security alerts; conflict markers are plain errors. */
const SECURITY_CATEGORIES: ReadonlySet<FindingCategory> = new Set(['secret', 'forbidden-file', 'high-entropy']);

/** GitHub code scanning reads `security-severity` (0–10) to rank security alerts. */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' };

/** `aws-access-key-id` → `AwsAccessKeyId`: SARIF wants a rule name that reads as an identifier. */
function ruleName(ruleId: string): string {
  return ruleId
    .split(/[^A-Za-z0-9]+/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

/** A repository-relative path as a URI reference: each segment percent-encoded, `/` kept. */
export function relativeUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function artifact(path: string): SarifArtifactLocation {
  return { uri: relativeUri(path), uriBaseId: SOURCE_ROOT };
}

function location(finding: Finding): SarifLocation {
  // File-level findings (line 0: a forbidden file, a large file) point at the file alone.
  if (finding.line <= 0) return { physicalLocation: { artifactLocation: artifact(finding.file) } };
  const region = finding.column > 0 ? { startLine: finding.line, startColumn: finding.column } : { startLine: finding.line };
  return { physicalLocation: { artifactLocation: artifact(finding.file), region } };
}

function messageText(finding: Finding): string {
  return finding.preview === '' || finding.message.includes(finding.preview) ? finding.message : `${finding.message} (${finding.preview})`;
}

function rulesOf(findings: readonly Finding[]): SarifRule[] {
  const rules = new Map<string, SarifRule>();
  for (const finding of findings) {
    if (rules.has(finding.rule)) continue;
    rules.set(finding.rule, {
      id: finding.rule,
      name: ruleName(finding.rule),
      shortDescription: { text: finding.kind },
      defaultConfiguration: { level: sarifLevel(finding) },
      properties: SECURITY_CATEGORIES.has(finding.category)
        ? { tags: ['security', finding.category], 'security-severity': SECURITY_SEVERITY[finding.severity] }
        : { tags: [finding.category] },
    });
  }
  return [...rules.values()];
}

/**
 * Files not scanned become tool notifications (they are not results: nothing was found). Vendored
 * files are summed up in one, as a repository can hold thousands.
 */
function notifications(skipped: readonly SkippedFile[]): SarifNotification[] {
  const vendored = skipped.filter((file) => file.reason === 'vendored').length;
  const listed = skipped
    .filter((file) => file.reason !== 'vendored')
    .map((file): SarifNotification => ({
      level: 'note',
      message: { text: `Not scanned (${file.reason}): ${file.path}` },
      descriptor: { id: `not-scanned/${file.reason}` },
      locations: [{ physicalLocation: { artifactLocation: artifact(file.path) } }],
    }));
  if (vendored > 0) {
    listed.push({ level: 'note', message: { text: `Not scanned: ${vendored} vendored or generated path(s)` }, descriptor: { id: 'not-scanned/vendored' } });
  }
  return listed;
}

export function toSarif(report: AnalysisReport, options: SarifOptions): SarifLog {
  const rules = rulesOf(report.findings);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const results = report.findings.map(
    (finding): SarifResult => ({
      ruleId: finding.rule,
      ruleIndex: ruleIndex.get(finding.rule) ?? -1,
      level: sarifLevel(finding),
      message: { text: messageText(finding) },
      locations: [location(finding)],
      partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
      properties: { severity: finding.severity, blocking: finding.blocking, category: finding.category },
    }),
  );
  const semver = /^\d+\.\d+\.\d+(?:[-+].*)?$/.test(options.toolVersion);
  const run: SarifRun = {
    tool: { driver: { name: 'Herald', version: options.toolVersion, ...(semver ? { semanticVersion: options.toolVersion } : {}), rules } },
    ...(options.rootUri === undefined ? {} : { originalUriBaseIds: { [SOURCE_ROOT]: { uri: options.rootUri.endsWith('/') ? options.rootUri : `${options.rootUri}/` } } }),
    invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications(report.skipped) }],
    // The engine counts columns in characters (code points) of the UTF-8 text.
    columnKind: 'unicodeCodePoints',
    results,
    properties: { scannedFiles: report.scannedFiles, scannedBytes: report.scannedBytes, suppressed: report.suppressed },
  };
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
}

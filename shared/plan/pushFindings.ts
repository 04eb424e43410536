/**
 * Pure planning of what to say about an analysed push (`planFindings`): the alert, routed and
 * rendered, and the commit comments. Findings are described by place, kind and masked preview
 * only: nothing here ever sees a secret, and nothing here may add one.
 */
import { createHash } from 'node:crypto';
import type { Alert, AlertFailure, AlertLink } from '../alerts/alert';
import type { Finding, AnalysisReport, SkippedFile } from '../analysis/types';
import type { HeraldConfig, Severity } from '../config/schema';
import type { ReferenceChange } from '../events/domain';
import { compact } from '../util/compact';
import type { CodeCommitCommentAction, SnsPublishAction } from './actions';
import { planDeliveries } from './deliveries';
import { reachPeople } from './reach';
import { NO_FACTS, type ResolvedRange } from './facts';
import { commentContent } from './findingComment';
import { codeCommitCommitUrl, codeCommitFileUrl, safeUrl } from './links';
import { mostSevere } from './severity';

export const PUSH_FINDINGS = 'push.findings';
export const PUSH_CLEAN = 'push.clean';

/** At most this many findings are commented per push; the alert lists them all. */
export const MAX_COMMENTS_PER_PUSH = 20;
/** Skipped paths named per reason in the alert; the rest are counted. */
const SKIPPED_PATHS_SHOWN = 10;

function highestSeverity(findings: readonly Finding[]): Severity {
  return mostSevere(findings.map((finding) => finding.severity));
}

function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

function shortId(commitId: string): string {
  return /^[0-9a-f]{40}$/i.test(commitId) ? commitId.slice(0, 7) : commitId;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** `repo/main`, `repo@v1.2` for a tag. */
function refLabel(event: ReferenceChange): string {
  if (event.branch !== undefined) return `${event.repository}/${event.branch}`;
  if (event.tag !== undefined) return `${event.repository}@${event.tag}`;
  return `${event.repository} ${event.ref}`;
}

const SKIP_REASONS: Readonly<Record<SkippedFile['reason'], string>> = {
  'too-large': 'too large',
  binary: 'binary',
  vendored: 'vendored or generated',
  submodule: 'submodule',
  symlink: 'symbolic link',
  unreadable: 'unreadable',
};

/** One note per skip reason: the paths (some) and how many. Vendored paths are only counted. */
function skippedNotes(skipped: readonly SkippedFile[]): string[] {
  const byReason = new Map<SkippedFile['reason'], SkippedFile[]>();
  for (const file of skipped) byReason.set(file.reason, [...(byReason.get(file.reason) ?? []), file]);
  return [...byReason].map(([reason, files]) => {
    const what = `Not scanned (${SKIP_REASONS[reason]}): ${plural(files.length, 'file')}`;
    if (reason === 'vendored') return `${what}.`;
    const shown = files.slice(0, SKIPPED_PATHS_SHOWN).map((file) => (file.bytes === undefined ? file.path : `${file.path} (${formatBytes(file.bytes)})`));
    const more = files.length > shown.length ? `, and ${files.length - shown.length} more` : '';
    return `${what}: ${shown.join(', ')}${more}.`;
  });
}

function place(finding: Finding): string {
  return finding.line > 0 ? `${finding.file}:${finding.line}` : finding.file;
}

function link(label: string, url: string): AlertLink | undefined {
  const safe = safeUrl(url);
  return safe === undefined ? undefined : { label, url: safe };
}

function findingFailure(event: ReferenceChange, finding: Finding, commitId: string): AlertFailure {
  const blocking = finding.blocking ? ' (blocking)' : '';
  return compact({
    where: place(finding),
    why: `${finding.kind}${blocking}: ${finding.preview}\n${finding.message}`,
    code: finding.rule,
    link: link('View file', codeCommitFileUrl(event.region, event.repository, commitId, finding.file)),
  });
}

function rangeLabel(range: ResolvedRange): string {
  return range.before === undefined ? `every file of ${shortId(range.after)}` : `${shortId(range.before)}..${shortId(range.after)} (${range.basis})`;
}

const TIP_ONLY_NOTE =
  'CodeCommit triggers name the new tip only, so this analysed the tip commit against its first parent: other commits of the same push were not. The EventBridge rule (referenceUpdated) covers whole pushes.';

function title(findings: readonly Finding[], event: ReferenceChange): string {
  const secretsOnly = findings.every((finding) => finding.category === 'secret');
  return `${secretsOnly ? plural(findings.length, 'secret') : plural(findings.length, 'finding')} pushed to ${refLabel(event)}`;
}

/** `2 AWS access key ids, 1 private key`-style tally of what was found. */
function tally(findings: readonly Finding[]): string {
  const counts = new Map<string, number>();
  for (const finding of findings) counts.set(finding.kind, (counts.get(finding.kind) ?? 0) + 1);
  return [...counts].map(([kind, count]) => `${count} × ${kind}`).join(', ');
}

/** The alert for an analysed push: its findings, or the clean summary when there are none. */
export function buildPushAlert(event: ReferenceChange, report: AnalysisReport, range: ResolvedRange, extraNotes: readonly string[] = []): Alert {
  const findings = report.findings;
  const clean = findings.length === 0;
  const who = event.pusher ?? 'someone';
  const commitLink = link('View commit', codeCommitCommitUrl(event.region, event.repository, range.after));
  return compact({
    eventType: clean ? PUSH_CLEAN : PUSH_FINDINGS,
    severity: clean ? 'info' : highestSeverity(findings),
    title: clean ? `Push to ${refLabel(event)} is clean` : title(findings, event),
    summary: clean
      ? `A push by ${who} to ${refLabel(event)} was analysed: ${plural(report.scannedFiles, 'file')} scanned, nothing found.`
      : `A push by ${who} to ${refLabel(event)} added ${tally(findings)}. Treat every secret as leaked: rotate it, then remove it.`,
    account: event.account,
    region: event.region,
    time: event.time,
    threadId: `codecommit/${event.repository}/${event.ref}`,
    facts: [
      { label: 'Repository', value: event.repository },
      event.tag === undefined ? { label: 'Branch', value: event.branch ?? event.ref } : { label: 'Tag', value: event.tag },
      { label: 'Analysed', value: rangeLabel(range) },
      ...(event.pusher === undefined ? [] : [{ label: 'Pushed by', value: event.pusher }]),
      { label: 'Files scanned', value: `${report.scannedFiles} (${formatBytes(report.scannedBytes)})` },
      ...(report.skipped.length === 0 ? [] : [{ label: 'Not scanned', value: String(report.skipped.length) }]),
    ],
    failures: findings.map((finding) => findingFailure(event, finding, range.after)),
    failuresTitle: 'Findings',
    commit: compact({ id: range.after, repository: event.repository, branch: event.branch, author: event.pusher, link: commitLink }),
    links: commitLink === undefined ? [] : [commitLink],
    notes: [
      ...range.notes,
      ...(event.delivery === 'trigger' && range.before !== undefined && event.change === 'updated' && range.tipOnly === true ? [TIP_ONLY_NOTE] : []),
      ...skippedNotes(report.skipped),
      ...(report.suppressed === 0 ? [] : [`${plural(report.suppressed, 'finding')} suppressed by herald:allow comments or the baseline.`]),
      ...extraNotes,
    ],
  });
}

/** Stable per event and finding (fingerprint and place): a retried invocation reuses it. */
export function commentRequestToken(event: ReferenceChange, finding: Finding): string {
  const identity = JSON.stringify([event.eventId, finding.rule, finding.fingerprint, finding.file, finding.line, finding.column]);
  return `herald-${createHash('sha256').update(identity).digest('hex').slice(0, 48)}`;
}

function commentAction(event: ReferenceChange, finding: Finding, range: ResolvedRange): CodeCommitCommentAction {
  return compact({
    type: 'codecommit.comment' as const,
    repository: event.repository,
    beforeCommitId: range.before,
    afterCommitId: range.after,
    location: compact({ filePath: finding.file, filePosition: finding.line > 0 ? finding.line : undefined, relativeFileVersion: 'AFTER' as const }),
    content: commentContent(finding),
    clientRequestToken: commentRequestToken(event, finding),
  });
}

export interface PushPlan {
  /** Undefined for a clean push without `cleanSummary`: nothing is said. */
  readonly alert?: Alert;
  readonly deliveries: readonly SnsPublishAction[];
  readonly comments: readonly CodeCommitCommentAction[];
}

/**
 * What to say about an analysed push: an alert routed like any other (source codecommit,
 * eventType push.findings or push.clean, repository and branch set) and, with
 * `push.commitComments`, one CodeCommit comment per finding (the first MAX_COMMENTS_PER_PUSH).
 */
export function planFindings(event: ReferenceChange, report: AnalysisReport, config: HeraldConfig, range: ResolvedRange, extraNotes: readonly string[] = []): PushPlan {
  if (report.findings.length === 0 && !config.push.cleanSummary) return { deliveries: [], comments: [] };
  const alert = reachPeople(buildPushAlert(event, report, range, extraNotes), event, NO_FACTS, config);
  const comments = config.push.commitComments
    ? report.findings.filter((finding) => finding.file !== '').slice(0, MAX_COMMENTS_PER_PUSH).map((finding) => commentAction(event, finding, range))
    : [];
  return { alert, deliveries: planDeliveries(event, alert, config), comments };
}

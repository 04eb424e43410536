/**
 * The alerts for pull-request and comment events: medium-neutral, routed like any other alert
 * (source codecommit, eventType `pull-request.<action>` / `comment.<action>`). Titles,
 * descriptions, display names and branch names are untrusted: they go into the alert as
 * text, and each renderer escapes them for its medium.
 */
import type { Alert, AlertFailure, AlertLink } from '../alerts/alert';
import type { AnalysisReport, Finding } from '../analysis/types';
import type { Severity } from '../config/schema';
import type { CommentChange, PullRequestChange } from '../events/domain';
import { compact } from '../util/compact';
import type { ResolvedPullRequest } from './facts';
import { codeCommitCommitUrl, codeCommitFileUrl, codeCommitPullRequestUrl, safeUrl } from './links';
import { moreSevere } from './severity';

/** A finding Herald commented earlier that the pull request no longer has. */
export interface FixedFinding {
  readonly key: string;
  readonly rule: string;
  readonly filePath?: string;
  readonly filePosition?: number;
}

/** What the analysis of a pull request found, against what Herald had already said. */
export interface PullRequestAnalysisOutcome {
  readonly resolved: ResolvedPullRequest;
  readonly report: AnalysisReport;
  /** Findings not commented before (a subset of `report.findings`). */
  readonly newFindings: readonly Finding[];
  readonly fixed: readonly FixedFinding[];
}

/** Longest description shown in an alert; the pull request page has the rest. */
const DESCRIPTION_MAX_CHARS = 1000;


function link(label: string, url: string): AlertLink | undefined {
  const safe = safeUrl(url);
  return safe === undefined ? undefined : { label, url: safe };
}

export function shortCommit(commitId: string): string {
  return /^[0-9a-f]{40}$/i.test(commitId) ? commitId.slice(0, 7) : commitId;
}

/** The routing `state` of a pull-request event: what it changed to. */
export function pullRequestState(event: PullRequestChange): string {
  switch (event.action) {
    case 'merge-status-updated':
      return event.isMerged ? 'MERGED' : event.status.toUpperCase();
    case 'approval-state-changed':
      return (event.approvalStatus ?? event.status).toUpperCase();
    case 'approval-rule-overridden':
      return (event.overrideStatus ?? event.status).toUpperCase();
    default:
      return event.status.toUpperCase();
  }
}

/** What happened, as a verb phrase: `opened`, `merged`, `approved`, … */
function pullRequestVerb(event: PullRequestChange): string {
  switch (event.action) {
    case 'created':
      return 'opened';
    case 'source-updated':
      return 'updated with new commits';
    case 'status-changed':
      return event.status.toLowerCase() === 'closed' ? 'closed' : 'reopened';
    case 'merge-status-updated':
      return event.isMerged ? 'merged' : 'merge status updated';
    case 'approval-state-changed':
      return event.approvalStatus?.toUpperCase() === 'REVOKE' ? 'approval revoked' : 'approved';
    case 'approval-rule-overridden':
      return event.overrideStatus?.toUpperCase() === 'REVOKE' ? 'approval rule override revoked' : 'approval rules overridden';
    case 'approval-rule-created':
      return 'approval rule created';
    case 'approval-rule-updated':
      return 'approval rule updated';
    case 'approval-rule-deleted':
      return 'approval rule deleted';
  }
}

function branchLabel(reference: string, branch: string | undefined): string {
  return branch ?? reference;
}

function place(finding: Finding): string {
  return finding.line > 0 ? `${finding.file}:${finding.line}` : finding.file;
}

function findingFailure(event: PullRequestChange, finding: Finding, commitId: string, isNew: boolean): AlertFailure {
  const blocking = finding.blocking ? ' (blocking)' : '';
  return compact({
    where: place(finding),
    why: `${finding.kind}${blocking}${isNew ? ', new' : ''}: ${finding.preview}\n${finding.message}`,
    code: finding.rule,
    link: link('View file', codeCommitFileUrl(event.region, event.repository, commitId, finding.file)),
  });
}

function plural(count: number, singular: string): string {
  return `${count} ${count === 1 ? singular : `${singular}s`}`;
}

function analysisFacts(outcome: PullRequestAnalysisOutcome): { label: string; value: string }[] {
  const { resolved, report } = outcome;
  return [
    { label: 'Analysed', value: `${shortCommit(resolved.mergeBase)}..${shortCommit(resolved.sourceCommit)} (merge base to source tip)` },
    { label: 'Files scanned', value: String(report.scannedFiles) },
    { label: 'Findings', value: `${report.findings.length} open, ${outcome.newFindings.length} new, ${outcome.fixed.length} fixed` },
  ];
}

function analysisNotes(outcome: PullRequestAnalysisOutcome): string[] {
  const { report } = outcome;
  return [
    ...outcome.resolved.notes,
    ...(report.skipped.length === 0 ? [] : [`${plural(report.skipped.length, 'file')} not scanned (binary, too large, vendored, submodule or link).`]),
    ...(report.suppressed === 0 ? [] : [`${plural(report.suppressed, 'finding')} suppressed by herald:allow comments.`]),
    ...outcome.fixed.map((fixed) => `Fixed: ${fixed.rule}${fixed.filePath === undefined ? '' : ` at ${fixed.filePath}${fixed.filePosition === undefined ? '' : `:${fixed.filePosition}`}`}.`),
  ];
}

function describedFacts(event: PullRequestChange): { label: string; value: string }[] {
  const optional: [string, string | undefined][] = [
    ['Author', event.author],
    ['By', event.caller === event.author ? undefined : event.caller],
    ['Approval', event.approvalStatus],
    ['Override', event.overrideStatus],
    ['Approval rule', event.approvalRuleName],
    ['Merge option', event.mergeOption],
  ];
  return optional.flatMap(([label, value]) => (value === undefined ? [] : [{ label, value }]));
}

function pullRequestFacts(event: PullRequestChange, title: string, from: string, into: string): { label: string; value: string }[] {
  const description = event.description?.trim() ?? '';
  return [
    { label: 'Repository', value: event.repository },
    { label: 'Pull request', value: `#${event.pullRequestId}` },
    { label: 'Title', value: title },
    { label: 'Source', value: `${from} (${shortCommit(event.sourceCommit)})` },
    { label: 'Destination', value: `${into} (${shortCommit(event.destinationCommit)})` },
    { label: 'Status', value: `${event.status}${event.isMerged ? ', merged' : ''}` },
    ...describedFacts(event),
    ...(description === '' ? [] : [{ label: 'Description', value: description.length > DESCRIPTION_MAX_CHARS ? `${description.slice(0, DESCRIPTION_MAX_CHARS - 1)}…` : description }]),
  ];
}

/** The alert for a pull-request event; with the analysis when the event was analysed. */
export function buildPullRequestAlert(event: PullRequestChange, baseSeverity: Severity, outcome?: PullRequestAnalysisOutcome): Alert {
  const verb = pullRequestVerb(event);
  const title = event.title.trim() === '' ? '(untitled)' : event.title;
  const who = event.caller ?? event.author ?? 'someone';
  const from = branchLabel(event.sourceReference, event.sourceBranch);
  const into = branchLabel(event.destinationReference, event.destinationBranch);
  const findings = outcome?.report.findings ?? [];
  const newKeys = new Set(outcome?.newFindings ?? []);
  const severity = findings.reduce<Severity>((highest, finding) => moreSevere(highest, finding.severity), baseSeverity);
  const prLink = link('Pull request', codeCommitPullRequestUrl(event.region, event.repository, event.pullRequestId));
  const sourceCommit = outcome?.resolved.sourceCommit ?? event.sourceCommit;
  const commitLink = link('Source commit', codeCommitCommitUrl(event.region, event.repository, sourceCommit));
  const ruleName = event.approvalRuleName === undefined ? '' : ` (${event.approvalRuleName})`;
  const found = findings.length === 0 ? '' : ` The analysis found ${plural(findings.length, 'finding')} (${outcome?.newFindings.length ?? 0} new).`;
  return compact({
    eventType: `pull-request.${event.action}`,
    severity,
    title: `PR #${event.pullRequestId} ${verb} in ${event.repository}: ${title}`,
    summary: `${who}: pull request #${event.pullRequestId} "${title}" (${from} into ${into}) in ${event.repository}: ${verb}${ruleName}.${found}`,
    account: event.account,
    region: event.region,
    time: event.time,
    threadId: `codecommit/${event.repository}/pull-requests/${event.pullRequestId}`,
    facts: [
      ...pullRequestFacts(event, title, from, into),
      ...(outcome === undefined ? [] : analysisFacts(outcome)),
    ],
    failures: findings.map((finding) => findingFailure(event, finding, sourceCommit, newKeys.has(finding))),
    failuresTitle: 'Findings',
    commit: compact({ id: sourceCommit, repository: event.repository, link: commitLink }),
    links: [prLink, commitLink].filter((entry): entry is AlertLink => entry !== undefined),
    notes: outcome === undefined ? [] : analysisNotes(outcome),
  });
}

function commentVerb(event: CommentChange): string {
  switch (event.action) {
    case 'created':
      return event.inReplyTo === undefined ? 'commented' : 'replied to a comment';
    case 'updated':
      return 'updated a comment';
    case 'reaction-created':
      return 'reacted to a comment';
    case 'reaction-updated':
      return 'changed a reaction to a comment';
  }
}

function commentWhere(event: CommentChange): string {
  if (event.pullRequestId !== undefined) return `pull request #${event.pullRequestId} in ${event.repository}`;
  if (event.afterCommitId !== undefined) return `commit ${shortCommit(event.afterCommitId)} in ${event.repository}`;
  return event.repository;
}

/** `comment.created`, `comment.updated`, `reaction.created`, `reaction.updated`. */
export function commentEventType(event: CommentChange): string {
  switch (event.action) {
    case 'created':
    case 'updated':
      return `comment.${event.action}`;
    case 'reaction-created':
      return 'reaction.created';
    case 'reaction-updated':
      return 'reaction.updated';
  }
}

/** The alert for a comment or reaction event. */
export function buildCommentAlert(event: CommentChange, severity: Severity): Alert {
  const who = event.displayName ?? event.caller ?? 'someone';
  const verb = commentVerb(event);
  const where = commentWhere(event);
  const prLink = event.pullRequestId === undefined ? undefined : link('Pull request', codeCommitPullRequestUrl(event.region, event.repository, event.pullRequestId));
  const commitLink = event.afterCommitId === undefined ? undefined : link('Commit', codeCommitCommitUrl(event.region, event.repository, event.afterCommitId));
  const reactions = event.reactions === undefined || event.reactions.length === 0 ? '' : ` ${event.reactions.join(' ')}`;
  return compact({
    eventType: commentEventType(event),
    severity,
    title: `${who} ${verb} on ${where}`,
    summary: `${who} ${verb}${reactions} on ${where}.`,
    account: event.account,
    region: event.region,
    time: event.time,
    threadId:
      event.pullRequestId === undefined
        ? `codecommit/${event.repository}/comments/${event.afterCommitId ?? event.commentId}`
        : `codecommit/${event.repository}/pull-requests/${event.pullRequestId}`,
    facts: [
      { label: 'Repository', value: event.repository },
      ...(event.pullRequestId === undefined ? [] : [{ label: 'Pull request', value: `#${event.pullRequestId}` }]),
      ...(event.afterCommitId === undefined ? [] : [{ label: 'Commit', value: event.afterCommitId }]),
      { label: 'Comment', value: event.commentId },
      ...(event.inReplyTo === undefined ? [] : [{ label: 'In reply to', value: event.inReplyTo }]),
      ...(event.reactions === undefined ? [] : [{ label: 'Reaction', value: event.reactions.join(' ') }]),
      ...(event.displayName === undefined ? [] : [{ label: 'Name', value: event.displayName }]),
      ...(event.caller === undefined ? [] : [{ label: 'By', value: event.caller }]),
    ],
    failures: [],
    commit: event.afterCommitId === undefined ? undefined : compact({ id: event.afterCommitId, repository: event.repository, link: commitLink }),
    links: [prLink, commitLink].filter((entry): entry is AlertLink => entry !== undefined),
    notes: [],
  });
}

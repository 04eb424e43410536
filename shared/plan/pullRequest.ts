/**
 * Pure planning for pull-request and comment events: whether to analyse a pull request, which
 * comments to post from its findings and the comments already on it, and the routed alert.
 *
 * Herald keeps no state of its own: each of its comments ends with a hidden marker (an HTML
 * comment, which CodeCommit's Markdown does not show) naming what it reports. A finding's key
 * is a hash of its salted fingerprint and file, so it names the finding without revealing it
 * and cannot be forged for a secret without the salt. Each run reads the pull request's
 * comments, comments only findings whose key is not there yet, and posts a new summary when
 * the set of open and fixed findings changed. A re-delivered event therefore finds its own
 * comments and posts nothing twice; client request tokens cover a retry racing itself.
 */
import { createHash } from 'node:crypto';
import type { Finding } from '../analysis/types';
import type { HeraldConfig } from '../config/schema';
import type { CommentChange, PullRequestChange, RepositoryActivityEvent } from '../events/domain';
import type { PullRequestAnalysisAction, PullRequestCommentAction, SnsPublishAction } from './actions';
import { planDeliveries } from './deliveries';
import type { ExistingComment, ResolvedPullRequest } from './facts';
import { commentContent, COMMENT_MAX_CHARS } from './findingComment';
import {
  buildCommentAlert,
  buildPullRequestAlert,
  shortCommit,
  type FixedFinding,
  type PullRequestAnalysisOutcome,
} from './pullRequestAlerts';
import type { Alert } from '../alerts/alert';

/** At most this many finding comments per run; the summary lists every finding, and the next run comments the rest. */
export const MAX_FINDING_COMMENTS_PER_RUN = 20;

/**
 * Whether an event's caller (an ARN) is the session `sessionName`: a Lambda function's role
 * session is named after the function, so Herald recognises the comments it posted itself.
 */
export function isCallerSession(caller: string | undefined, sessionName: string | undefined): boolean {
  if (caller === undefined || sessionName === undefined || sessionName === '') return false;
  return /^arn:aws[a-z-]*:sts::\d{12}:assumed-role\/[^/]+\/[^/]+$/.test(caller) && caller.slice(caller.lastIndexOf('/') + 1) === sessionName;
}

export type PullRequestDecision = { readonly kind: 'notify'; readonly reason: string } | { readonly kind: 'analyze'; readonly action: PullRequestAnalysisAction };

/** Analyse when an open pull request is created or its source branch moves, unless `pullRequests.analyze` is off. */
export function decidePullRequest(event: PullRequestChange, config: HeraldConfig): PullRequestDecision {
  if (event.action !== 'created' && event.action !== 'source-updated') return { kind: 'notify', reason: `${event.event} changes no code` };
  if (!config.pullRequests.analyze) return { kind: 'notify', reason: 'pull request analysis is off (pullRequests.analyze)' };
  if (event.status.toLowerCase() !== 'open' || event.isMerged) return { kind: 'notify', reason: `pull request #${event.pullRequestId} is not open` };
  return {
    kind: 'analyze',
    action: {
      type: 'pull-request.analyze',
      repository: event.repository,
      pullRequestId: event.pullRequestId,
      sourceCommit: event.sourceCommit,
      destinationCommit: event.destinationCommit,
      account: event.account,
      region: event.region,
    },
  };
}

// ---- Markers ----

// Herald writes its marker last; only a marker ending the comment counts, so marker-like text
// quoted inside one (a hostile file path in a summary) names nothing.
const FINDING_MARKER = /<!-- herald:finding ([0-9a-f]{24}) ([A-Za-z0-9._-]{1,64}) -->\s*$/;
const SUMMARY_MARKER = /<!-- herald:summary ([0-9a-f]{24}) -->\s*$/;

function sha256(parts: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** Names one finding across runs: its salted fingerprint and its file (the same secret in another file is another finding). */
export function findingKey(finding: Finding): string {
  return sha256(['finding', finding.fingerprint, finding.file]).slice(0, 24);
}

function safeRule(rule: string): string {
  const cleaned = rule.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 64);
  return cleaned === '' ? 'rule' : cleaned;
}

function findingMarker(finding: Finding): string {
  return `<!-- herald:finding ${findingKey(finding)} ${safeRule(finding.rule)} -->`;
}

/** What Herald already said on a pull request, read back from its markers. */
export interface HeraldHistory {
  /** Finding key → the comment that reported it. */
  readonly reported: ReadonlyMap<string, FixedFinding>;
  /** State hash of Herald's latest summary, if it posted one. */
  readonly lastSummaryState?: string;
}

/** Reads Herald's markers out of a pull request's comments (in the order GetCommentsForPullRequest gives them). */
export function heraldHistory(comments: readonly ExistingComment[]): HeraldHistory {
  const reported = new Map<string, FixedFinding>();
  let lastSummaryState: string | undefined;
  for (const comment of comments) {
    const finding = FINDING_MARKER.exec(comment.content);
    if (finding !== null) {
      const [, key = '', rule = ''] = finding;
      if (!reported.has(key)) {
        const entry: { key: string; rule: string; filePath?: string; filePosition?: number } = { key, rule };
        if (comment.filePath !== undefined) entry.filePath = comment.filePath;
        if (comment.filePosition !== undefined) entry.filePosition = comment.filePosition;
        reported.set(key, entry);
      }
      continue;
    }
    const summary = SUMMARY_MARKER.exec(comment.content);
    if (summary !== null) lastSummaryState = summary[1];
  }
  return lastSummaryState === undefined ? { reported } : { reported, lastSummaryState };
}

// ---- Comments ----

/** Stable per pull request and purpose: a retried post with the same token is a no-op. */
function requestToken(parts: readonly unknown[]): string {
  return `herald-${sha256(parts).slice(0, 48)}`;
}

/** Untrusted text (a file path) inside Markdown inline code, on one line. */
function inlineCode(text: string): string {
  return `\`${text.replace(/[\p{Cc}\p{Cf}]/gu, ' ').replace(/`/g, "'")}\``;
}

/** Content that fits CodeCommit's limit with the marker intact at its end. */
function withMarker(body: string, marker: string): string {
  const room = COMMENT_MAX_CHARS - marker.length - 2;
  const fitted = body.length > room ? `${body.slice(0, room - 1)}…` : body;
  return `${fitted}\n\n${marker}`;
}

function findingPlace(filePath: string | undefined, line: number | undefined): string {
  if (filePath === undefined) return 'a file';
  return line === undefined || line <= 0 ? inlineCode(filePath) : `${inlineCode(filePath)} line ${line}`;
}

function summaryContent(resolved: ResolvedPullRequest, findings: readonly Finding[], newKeys: ReadonlySet<string>, fixed: readonly FixedFinding[], marker: string): string {
  const header = [
    `**Herald analysed this pull request** at ${inlineCode(shortCommit(resolved.sourceCommit))} (its changes since the merge base ${inlineCode(shortCommit(resolved.mergeBase))}).`,
    '',
    findings.length === 0 ? '**No open findings.**' : `**${findings.length} open finding${findings.length === 1 ? '' : 's'}** (each is commented at its line):`,
  ];
  const open = findings.map(
    (finding) =>
      `- ${finding.severity}: ${finding.kind} (\`${safeRule(finding.rule)}\`) in ${findingPlace(finding.file, finding.line)}, masked ${inlineCode(finding.preview)}${newKeys.has(findingKey(finding)) ? ' (new)' : ''}`,
  );
  const fixedLines = fixed.map((entry) => `- ~~${entry.rule} in ${findingPlace(entry.filePath, entry.filePosition)}~~ fixed`);
  const footer = ['', 'A secret removed by a later commit stays in the history: rotate every real credential, fixed or not.'];
  const lines = [...header, ...open, ...(fixed.length === 0 ? [] : ['', `**${fixed.length} fixed** since Herald reported ${fixed.length === 1 ? 'it' : 'them'}:`, ...fixedLines]), ...footer];
  // Keep whole lines within the limit; say how many were left out.
  const budget = COMMENT_MAX_CHARS - marker.length - 200;
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    if (used + line.length + 1 > budget) {
      kept.push(`… and ${lines.length - kept.length} more lines not shown.`);
      break;
    }
    kept.push(line);
    used += line.length + 1;
  }
  return withMarker(kept.join('\n'), marker);
}

export interface PullRequestCommentPlan {
  readonly comments: readonly PullRequestCommentAction[];
  readonly newFindings: readonly Finding[];
  readonly fixed: readonly FixedFinding[];
}

/**
 * The comments to post for an analysed pull request, given the comments already on it: one per
 * finding not reported before (at its file and line, on the source tip against the destination
 * tip), then a summary when the open or fixed findings changed since Herald's last summary.
 */
export function planPullRequestComments(
  event: PullRequestChange,
  resolved: ResolvedPullRequest,
  findings: readonly Finding[],
  existing: readonly ExistingComment[],
): PullRequestCommentPlan {
  const history = heraldHistory(existing);
  const located = findings.filter((finding) => finding.file !== '');
  const currentKeys = new Set(located.map(findingKey));
  const newFindings: Finding[] = [];
  const seen = new Set<string>();
  for (const finding of located) {
    const key = findingKey(finding);
    if (history.reported.has(key) || seen.has(key)) continue;
    seen.add(key);
    newFindings.push(finding);
  }
  const fixed = [...history.reported.values()].filter((entry) => !currentKeys.has(entry.key));
  const common = { repository: event.repository, pullRequestId: event.pullRequestId, beforeCommitId: resolved.destinationCommit, afterCommitId: resolved.sourceCommit };
  const findingComments = newFindings.slice(0, MAX_FINDING_COMMENTS_PER_RUN).map((finding): PullRequestCommentAction => ({
    type: 'codecommit.pull-request-comment',
    role: 'finding',
    ...common,
    location: { filePath: finding.file, ...(finding.line > 0 ? { filePosition: finding.line } : {}), relativeFileVersion: 'AFTER' },
    content: withMarker(commentContent(finding), findingMarker(finding)),
    clientRequestToken: requestToken(['pr-finding', event.account, event.region, event.repository, event.pullRequestId, findingKey(finding)]),
  }));
  // The state a summary describes: which findings are open and which fixed.
  const state = sha256(['summary', [...currentKeys].sort(), fixed.map((entry) => entry.key).sort()]).slice(0, 24);
  const nothingToSay = currentKeys.size === 0 && fixed.length === 0 && history.lastSummaryState === undefined;
  const summaryChanged = !nothingToSay && state !== history.lastSummaryState;
  const summary: PullRequestCommentAction[] = summaryChanged
    ? [
        {
          type: 'codecommit.pull-request-comment',
          role: 'summary',
          ...common,
          content: summaryContent(resolved, located, new Set(newFindings.map(findingKey)), fixed, `<!-- herald:summary ${state} -->`),
          clientRequestToken: requestToken(['pr-summary', event.account, event.region, event.repository, event.pullRequestId, resolved.sourceCommit, state]),
        },
      ]
    : [];
  return { comments: [...findingComments, ...summary], newFindings, fixed };
}

// ---- The whole reaction ----

export interface RepositoryActivityPlan {
  readonly alert: Alert;
  readonly deliveries: readonly SnsPublishAction[];
  readonly comments: readonly PullRequestCommentAction[];
}

/**
 * What to say about a pull-request or comment event: its alert, routed through the config, and
 * for an analysed pull request the comments (`comments` empty when `pullRequests.comments` is off).
 */
export function planRepositoryActivity(
  event: RepositoryActivityEvent,
  config: HeraldConfig,
  analysis?: { readonly resolved: ResolvedPullRequest; readonly report: PullRequestAnalysisOutcome['report']; readonly existing: readonly ExistingComment[] },
): RepositoryActivityPlan {
  const severity = config.pullRequests.severity;
  if (event.kind === 'comment') return planComment(event, config);
  if (analysis === undefined) {
    const alert = buildPullRequestAlert(event, severity);
    return { alert, deliveries: planDeliveries(event, alert, config), comments: [] };
  }
  const commentPlan = planPullRequestComments(event, analysis.resolved, analysis.report.findings, analysis.existing);
  const alert = buildPullRequestAlert(event, severity, { resolved: analysis.resolved, report: analysis.report, newFindings: commentPlan.newFindings, fixed: commentPlan.fixed });
  return { alert, deliveries: planDeliveries(event, alert, config), comments: config.pullRequests.comments ? commentPlan.comments : [] };
}

function planComment(event: CommentChange, config: HeraldConfig): RepositoryActivityPlan {
  const alert = buildCommentAlert(event, config.pullRequests.severity);
  return { alert, deliveries: planDeliveries(event, alert, config), comments: [] };
}

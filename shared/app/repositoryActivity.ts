import type { AnalysisReport } from '../analysis/types';
import type { DomainEvent, PullRequestChange, RepositoryActivityEvent } from '../events/domain';
import { UnsupportedEventError } from '../events/errors';
import { parseEvent } from '../events/parse';
import type { Action, PullRequestAnalysisAction } from '../plan/actions';
import type { ExistingComment, ResolvedPullRequest } from '../plan/facts';
import { planPullRequestBuildHooks } from '../plan/buildHooks';
import { decidePullRequest, isCallerSession, planRepositoryActivity, type PullRequestDecision } from '../plan/pullRequest';
import { pushAnalysisOptions, pushSourceOptions } from './analysisOptions';
import type { PushDeps } from './analyzePush';
import { attemptAll } from './errors';
import type { PostPullRequestComment, PullRequestSource, TriggerBuildHook } from './ports';

export interface RepositoryActivityDeps extends Pick<PushDeps, 'config' | 'analyze' | 'deliver' | 'fingerprintSalt' | 'log' | 'count'> {
  readonly pullRequests: PullRequestSource;
  readonly comment: PostPullRequestComment;
  /** Build hooks of pull requests' source commits (`pullRequests.buildHooks`). */
  readonly buildHook?: TriggerBuildHook;
  /** The role session Herald's own comments are posted as (the function's name in Lambda): their events are not alerted. */
  readonly selfSession?: string;
}

export interface ActivityReaction {
  readonly eventId: string;
  /** For pull-request events: analysed, or only notified (and why). */
  readonly decision?: PullRequestDecision;
  /** In order: the analysis, then SNS publishes, then pull-request comments (findings, then the summary). */
  readonly actions: readonly Action[];
  readonly resolved?: ResolvedPullRequest;
  readonly report?: AnalysisReport;
}

export interface PullRequestAnalysis {
  readonly resolved: ResolvedPullRequest;
  readonly report: AnalysisReport;
  readonly existing: readonly ExistingComment[];
}

/**
 * Reads and analyses a pull request as it is now: its current tips and merge base, the changes
 * between them, and the comments already on it. Undefined when it is no longer open.
 */
export async function runPullRequestAnalysis(
  action: PullRequestAnalysisAction,
  deps: Pick<RepositoryActivityDeps, 'config' | 'pullRequests' | 'analyze' | 'fingerprintSalt'>,
): Promise<PullRequestAnalysis | undefined> {
  const resolved = await deps.pullRequests.resolve(action);
  if (resolved.status.toUpperCase() !== 'OPEN') return undefined;
  const [salt, source, existing] = await Promise.all([
    deps.fingerprintSalt(),
    deps.pullRequests.changes(action, resolved, pushSourceOptions(deps.config)),
    deps.pullRequests.comments(action),
  ]);
  const report = await deps.analyze(source, pushAnalysisOptions(deps.config, salt));
  return { resolved, report, existing };
}

async function analysisOf(event: PullRequestChange, decision: PullRequestDecision, deps: RepositoryActivityDeps): Promise<PullRequestAnalysis | undefined> {
  if (decision.kind !== 'analyze') return undefined;
  const analysis = await runPullRequestAnalysis(decision.action, deps);
  if (analysis !== undefined) deps.count?.('Findings', analysis.report.findings.length);
  if (analysis === undefined) deps.log.info('pull request no longer open: not analysed', { eventId: event.eventId, pullRequestId: event.pullRequestId });
  return analysis;
}

/**
 * The pull-request and comment use case: for a created or updated pull request, analyse it and
 * comment new findings; then route the event's alert. Finding comments and publishes are all
 * attempted, the summary is posted only after every finding comment was (so a summary never
 * claims a comment that is missing); any failure is a DeliveryError, so the event is retried.
 */
export async function reactToRepositoryActivity(event: RepositoryActivityEvent, deps: RepositoryActivityDeps): Promise<ActivityReaction> {
  const context = { eventId: event.eventId, kind: event.kind, repository: event.repository, event: event.event };
  if (event.kind === 'comment' && isCallerSession(event.caller, deps.selfSession)) {
    deps.log.info('own comment: not alerted', context);
    return { eventId: event.eventId, actions: [] };
  }
  const decision = event.kind === 'pull-request' ? decidePullRequest(event, deps.config) : undefined;
  const analysis = event.kind === 'pull-request' && decision !== undefined ? await analysisOf(event, decision, deps) : undefined;
  const plan = planRepositoryActivity(event, deps.config, analysis);
  if (plan.deliveries.length === 0) deps.log.warn('alert matched no route', { ...context, eventType: plan.alert.eventType });
  const findingComments = plan.comments.filter((comment) => comment.role === 'finding');
  const summaries = plan.comments.filter((comment) => comment.role === 'summary');
  const hooks = planPullRequestBuildHooks(event, deps.config, analysis?.report.findings.some((finding) => finding.blocking) ?? false);
  if (hooks.held.length > 0) deps.log.warn('build hooks held back by blocking findings', { ...context, held: hooks.held.map((hook) => hook.target) });
  await attemptAll(event.eventId, [
    ...plan.deliveries.map((action) => ({ target: action.target, run: () => deps.deliver(action) })),
    ...findingComments.map((action) => ({ target: `comment ${action.location?.filePath ?? ''}`, run: () => deps.comment(action) })),
    ...hooks.run.map((action) => ({ target: `build hook ${action.target}`, run: () => deps.buildHook?.(action) ?? Promise.resolve() })),
  ]);
  await attemptAll(event.eventId, summaries.map((action) => ({ target: 'summary comment', run: () => deps.comment(action) })));
  deps.log.info('repository activity handled', {
    ...context,
    eventType: plan.alert.eventType,
    targets: plan.deliveries.map((delivery) => delivery.target),
    findings: analysis?.report.findings.length,
    comments: plan.comments.length,
    buildHooks: hooks.run.map((hook) => hook.target),
  });
  const analyze = decision?.kind === 'analyze' ? [decision.action] : [];
  return {
    eventId: event.eventId,
    ...(decision === undefined ? {} : { decision }),
    actions: [...analyze, ...plan.deliveries, ...plan.comments, ...hooks.run],
    ...(analysis === undefined ? {} : { resolved: analysis.resolved, report: analysis.report }),
  };
}

/**
 * The pull-request and comment events of a parsed payload; anything else belongs to another
 * function, and the payload is rejected whole before anything is done.
 */
export function repositoryActivityEventsOf(events: readonly DomainEvent[]): RepositoryActivityEvent[] {
  return events.map((event) => {
    if (event.kind === 'pull-request' || event.kind === 'comment') return event;
    const owner = event.kind === 'push' ? 'pushEvents' : 'pipelineAlerts';
    throw new UnsupportedEventError(`${event.kind} event ${event.eventId} is handled by the ${owner} function, not by repositoryActivity`, { eventId: event.eventId });
  });
}

/** Parses a raw payload (EventBridge, or SNS-wrapped) and reacts to each pull-request or comment event in it, in order. */
export async function handleRepositoryActivityEvent(raw: unknown, deps: RepositoryActivityDeps): Promise<ActivityReaction[]> {
  const reactions: ActivityReaction[] = [];
  for (const event of repositoryActivityEventsOf(parseEvent(raw))) reactions.push(await reactToRepositoryActivity(event, deps));
  return reactions;
}

import type { AnalysisReport } from '../analysis/types';
import type { HeraldConfig } from '../config/schema';
import type { DomainEvent, ReferenceChange } from '../events/domain';
import { UnsupportedEventError } from '../events/errors';
import { parseEvent } from '../events/parse';
import type { Action, AnalysisRunAction, BuildHookAction } from '../plan/actions';
import { commitToBuildOfPush, gateBuildHooks, heldHooksNote, planBuildHooks } from '../plan/buildHooks';
import type { ResolvedRange } from '../plan/facts';
import { analysedWrite, branchSubject, sinceLastAnalysed, sinceLastAnalysedNote } from '../plan/branchState';
import { analysisRunAction, decidePush, type PushDecision } from '../plan/push';
import { pushAnalysisOptions, pushSourceOptions } from './analysisOptions';
import { attemptAll, type EffectTask } from './errors';
import type { AnalyzeSource, CountMetric, Deliver, Log, PostComment, PushSource, StateStore, TriggerBuildHook } from './ports';

export interface PushDeps {
  readonly config: HeraldConfig;
  readonly source: PushSource;
  readonly analyze: AnalyzeSource;
  readonly deliver: Deliver;
  readonly comment: PostComment;
  /** Posts build hook webhooks and starts CodeBuild builds (buildHooks config). */
  readonly buildHook: TriggerBuildHook;
  /** The fingerprint salt, a secret read at run time. */
  readonly fingerprintSalt: () => Promise<string>;
  readonly log: Log;
  /** The last analysed commit per branch (shared/plan/branchState.ts); without it a trigger covers its tip only. */
  readonly state?: StateStore;
  /** Counts findings (publishes and build hooks are counted by their ports). */
  readonly count?: CountMetric;
}

export interface PushReaction {
  readonly eventId: string;
  readonly decision: PushDecision;
  /** In order: the analysis run, then SNS publishes, then CodeCommit comments, then build hooks run. */
  readonly actions: readonly Action[];
  readonly range?: ResolvedRange;
  readonly report?: AnalysisReport;
  /** Build hooks held back by the gate (blocking findings). */
  readonly heldBuildHooks?: readonly BuildHookAction[];
}

/**
 * Runs the planned analysis of one push: resolve the range and read the changed files through
 * the source, analyse them with the pure engine. Rejects when the files cannot be read.
 */
export async function runPushAnalysis(
  event: ReferenceChange,
  run: AnalysisRunAction,
  deps: Pick<PushDeps, 'config' | 'source' | 'analyze' | 'fingerprintSalt'>,
): Promise<{ range: ResolvedRange; report: AnalysisReport }> {
  const [salt, opened] = await Promise.all([deps.fingerprintSalt(), deps.source.open(event, run.range, pushSourceOptions(deps.config))]);
  const report = await deps.analyze(opened.source, pushAnalysisOptions(deps.config, salt));
  return { range: opened.range, report };
}

const hookTasks = (actions: readonly BuildHookAction[], deps: PushDeps): EffectTask[] =>
  actions.map((action) => ({ target: `build hook ${action.target}`, run: () => deps.buildHook(action) }));

/**
 * The push use case: decide, analyse, plan, deliver, trigger build hooks. Every delivery,
 * comment and build hook is attempted; then DeliveryError if any failed, so the event is
 * retried (comments, webhooks and builds carry stable ids and tokens). Build hooks of a push
 * that is not analysed run at once; gated hooks of an analysed push wait for its verdict.
 */
export async function analyzePush(event: ReferenceChange, deps: PushDeps): Promise<PushReaction> {
  const stateless = decidePush(event, deps.config);
  const context = { eventId: event.eventId, repository: event.repository, ref: event.ref, delivery: event.delivery };
  const build = commitToBuildOfPush(event);
  const hooks = build === undefined ? [] : planBuildHooks(build, deps.config);
  if (stateless.kind === 'ignore') {
    await attemptAll(event.eventId, hookTasks(hooks, deps));
    deps.log.info('push ignored', { ...context, reason: stateless.reason, ...(hooks.length > 0 ? { buildHooks: hooks.map((hook) => hook.target) } : {}) });
    return { eventId: event.eventId, decision: stateless, actions: hooks };
  }
  // Only a trigger's tip-only range needs the branch's last analysed commit.
  const subject = stateless.range.kind === 'first-parent' ? branchSubject(event) : undefined;
  const stored = subject === undefined ? undefined : await deps.state?.read(subject);
  const { decision, from } = sinceLastAnalysed(stateless, stored);
  const run = analysisRunAction(event, decision.range);
  const analysed = await runPushAnalysis(event, run, deps);
  const { report } = analysed;
  deps.count?.('Findings', report.findings.length);
  const range = from === undefined ? analysed.range : { ...analysed.range, notes: [sinceLastAnalysedNote(from), ...analysed.range.notes] };
  const gated = gateBuildHooks(hooks, report.findings.some((finding) => finding.blocking));
  // What to say (alert, routing, rendering, comments) is planned by a module loaded with the
  // analysis, on the first analysed push: most reference events are ignored above.
  const { planFindings } = await import('../plan/pushFindings');
  const plan = planFindings(event, report, deps.config, range, gated.held.length > 0 ? [heldHooksNote(gated.held)] : []);
  if (plan.alert !== undefined && plan.deliveries.length === 0) {
    deps.log.warn('push alert matched no route', { ...context, eventType: plan.alert.eventType });
  }
  await attemptAll(event.eventId, [
    ...plan.deliveries.map((action) => ({ target: action.target, run: () => deps.deliver(action) })),
    ...plan.comments.map((action) => ({ target: `comment ${action.location.filePath}`, run: () => deps.comment(action) })),
    ...hookTasks(gated.run, deps),
  ]);
  if (gated.held.length > 0) deps.log.warn('build hooks held back by blocking findings', { ...context, held: gated.held.map((hook) => hook.target) });
  // Recorded once everything was said: a retry after a failed delivery analyses the same range.
  const write = deps.state === undefined ? undefined : analysedWrite(event, range);
  if (write !== undefined) await deps.state?.write(write);
  deps.log.info('push analysed', {
    ...context,
    range: { before: range.before, after: range.after, basis: range.basis },
    scannedFiles: report.scannedFiles,
    skipped: report.skipped.length,
    findings: report.findings.length,
    suppressed: report.suppressed,
    targets: plan.deliveries.map((delivery) => delivery.target),
    effectKeys: plan.deliveries.map((delivery) => delivery.dedupeKey),
    comments: plan.comments.length,
    buildHooks: gated.run.map((hook) => hook.target),
  });
  return {
    eventId: event.eventId,
    decision,
    actions: [run, ...plan.deliveries, ...plan.comments, ...gated.run, ...(write === undefined ? [] : [write])],
    range,
    report,
    ...(gated.held.length > 0 ? { heldBuildHooks: gated.held } : {}),
  };
}

/**
 * The push events of a parsed payload. Failure-alert events belong to the pipelineAlerts
 * function: a payload holding any is rejected whole, before anything is analysed.
 */
export function pushEventsOf(events: readonly DomainEvent[]): ReferenceChange[] {
  return events.map((event) => {
    if (event.kind === 'push') return event;
    const owner = event.kind === 'pull-request' || event.kind === 'comment' ? 'repositoryActivity' : 'pipelineAlerts';
    throw new UnsupportedEventError(`${event.kind} event ${event.eventId} is handled by the ${owner} function, not by push analysis`, {
      eventId: event.eventId,
    });
  });
}

/** Parses a raw payload (EventBridge, trigger, SNS-wrapped trigger) and analyses each push in it, in order. */
export async function handlePushEvent(raw: unknown, deps: PushDeps): Promise<PushReaction[]> {
  const reactions: PushReaction[] = [];
  for (const event of pushEventsOf(parseEvent(raw))) reactions.push(await analyzePush(event, deps));
  return reactions;
}

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { buildLocalGitPushSource } from '../adapters/local/gitPushSource';
import { offlineEnrich } from '../adapters/local/offlineEnricher';
import { SourceError } from '../analysis/sources/errors';
import { analyzeSource } from '../analysis/sources/scan';
import { runPushAnalysis } from '../app/analyzePush';
import type { Log } from '../app/ports';
import { reactToEvent } from '../app/react';
import type { HeraldConfig } from '../config/schema';
import type { AlertEvent, ReferenceChange } from '../events/domain';
import { EventError } from '../events/errors';
import { parseEvent } from '../events/parse';
import { analysisRunAction, decidePush } from '../plan/push';
import { planFindings } from '../plan/pushFindings';
import { buildLocalGitPullRequestSource } from '../adapters/local/gitPullRequestSource';
import { runPullRequestAnalysis } from '../app/repositoryActivity';
import type { RepositoryActivityEvent } from '../events/domain';
import { decidePullRequest, planRepositoryActivity } from '../plan/pullRequest';
import type { BuildHookAction } from '../plan/actions';
import { commitToBuildOfPush, gateBuildHooks, heldHooksNote, planBuildHooks, planPullRequestBuildHooks } from '../plan/buildHooks';

export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/**
 * The fingerprint salt of local runs, as `herald analyze` uses it (shared/cli/analyze.ts, which
 * imports this module, hence not imported from there); HERALD_FINGERPRINT_SALT overrides it.
 */
const LOCAL_FINGERPRINT_SALT = 'herald-local';

const quietLog: Log = { info: () => undefined, warn: () => undefined, error: () => undefined };

async function replayAlert(event: AlertEvent, config: HeraldConfig, io: CliIo): Promise<void> {
  // Deliveries are planned, not sent: the deliver port only records them.
  const reaction = await reactToEvent(event, { config, enrich: offlineEnrich, deliver: () => Promise.resolve(), log: quietLog });
  if (reaction.decision.kind === 'ignore') io.err(`herald replay: ${reaction.eventId}: nothing to do (${reaction.decision.reason})`);
  for (const action of reaction.actions) io.out(JSON.stringify(action));
}

/**
 * A push: the planned `analysis.run`, then, when the config maps the repository to a local
 * clone, the analysis itself (through git) and the publishes and comments it would lead to.
 */
async function replayPush(event: ReferenceChange, config: HeraldConfig, io: CliIo, env: NodeJS.ProcessEnv): Promise<void> {
  const build = commitToBuildOfPush(event);
  const hooks = build === undefined ? [] : planBuildHooks(build, config);
  // Build hooks (webhook.post with headers and body but no secret value, codebuild.startBuild) come last.
  const printHooks = (actions: readonly BuildHookAction[]) => actions.forEach((action) => io.out(JSON.stringify(action)));
  const decision = decidePush(event, config);
  if (decision.kind === 'ignore') {
    io.err(`herald replay: ${event.eventId}: ${hooks.length > 0 ? 'not analysed' : 'nothing to do'} (${decision.reason})`);
    printHooks(hooks);
    return;
  }
  const run = analysisRunAction(event, decision.range);
  io.out(JSON.stringify(run));
  const repositories = config.push.repositories ?? {};
  const localPath = Object.hasOwn(repositories, event.repository) ? repositories[event.repository]?.localPath : undefined;
  if (localPath === undefined) {
    io.err(
      `herald replay: ${event.eventId}: analysis not run: set push.repositories.${event.repository}.localPath to a local clone to run it here (the Lambda reads CodeCommit)`,
    );
    if (hooks.some((hook) => hook.gated)) io.err(`herald replay: ${event.eventId}: gated build hooks run only if the analysis finds nothing blocking`);
    printHooks(hooks);
    return;
  }
  const source = buildLocalGitPushSource(resolve(localPath));
  const salt = env.HERALD_FINGERPRINT_SALT ?? LOCAL_FINGERPRINT_SALT;
  const { range, report } = await runPushAnalysis(event, run, { config, source, analyze: analyzeSource, fingerprintSalt: () => Promise.resolve(salt) });
  const gated = gateBuildHooks(hooks, report.findings.some((finding) => finding.blocking));
  const plan = planFindings(event, report, config, range, gated.held.length > 0 ? [heldHooksNote(gated.held)] : []);
  io.err(
    `herald replay: ${event.eventId}: analysed ${range.basis} in ${localPath}: ${report.scannedFiles} file(s) scanned, ${report.findings.length} finding(s), ${report.skipped.length} not scanned`,
  );
  for (const action of [...plan.deliveries, ...plan.comments]) io.out(JSON.stringify(action));
  printHooks(gated.run);
}

/**
 * A pull-request or comment event: the planned `pull-request.analyze` (created and updated pull
 * requests), then, when the repository has a local clone, the analysis on it; then the routed
 * publishes and the comments Herald would post (a clone has no comments yet, so every finding
 * is new). Without a clone the publishes are planned without the analysis, and stderr says so.
 */
async function replayRepositoryActivity(event: RepositoryActivityEvent, config: HeraldConfig, io: CliIo, env: NodeJS.ProcessEnv): Promise<void> {
  const decision = event.kind === 'pull-request' ? decidePullRequest(event, config) : undefined;
  if (decision?.kind === 'notify') io.err(`herald replay: ${event.eventId}: not analysed (${decision.reason})`);
  if (event.kind === 'comment' || decision?.kind !== 'analyze') {
    const plan = planRepositoryActivity(event, config);
    for (const action of [...plan.deliveries, ...planPullRequestBuildHooks(event, config, false).run]) io.out(JSON.stringify(action));
    return;
  }
  io.out(JSON.stringify(decision.action));
  const repositories = config.push.repositories ?? {};
  const localPath = Object.hasOwn(repositories, event.repository) ? repositories[event.repository]?.localPath : undefined;
  if (localPath === undefined) {
    io.err(
      `herald replay: ${event.eventId}: analysis not run: set push.repositories.${event.repository}.localPath to a local clone to run it here (the Lambda reads CodeCommit); the alert below is planned without it`,
    );
    for (const action of [...planRepositoryActivity(event, config).deliveries, ...planPullRequestBuildHooks(event, config, false).run]) io.out(JSON.stringify(action));
    return;
  }
  const salt = env.HERALD_FINGERPRINT_SALT ?? LOCAL_FINGERPRINT_SALT;
  const analysis = await runPullRequestAnalysis(decision.action, {
    config,
    pullRequests: buildLocalGitPullRequestSource(resolve(localPath)),
    analyze: analyzeSource,
    fingerprintSalt: () => Promise.resolve(salt),
  });
  const plan = planRepositoryActivity(event, config, analysis);
  if (analysis !== undefined) {
    io.err(
      `herald replay: ${event.eventId}: analysed pull request #${event.pullRequestId} (${analysis.resolved.mergeBase.slice(0, 7)}..${analysis.resolved.sourceCommit.slice(0, 7)}) in ${localPath}: ${analysis.report.scannedFiles} file(s) scanned, ${analysis.report.findings.length} finding(s)`,
    );
  }
  const hooks = planPullRequestBuildHooks(event, config, analysis?.report.findings.some((finding) => finding.blocking) ?? false);
  if (hooks.held.length > 0) io.err(`herald replay: ${event.eventId}: ${heldHooksNote(hooks.held)}`);
  for (const action of [...plan.deliveries, ...plan.comments, ...hooks.run]) io.out(JSON.stringify(action));
}

/**
 * `herald replay <event.json>`: parse and plan offline, print each planned action as one
 * JSON line. Exit 0 when the event was understood (even if nothing is to be done), 2 when not
 * (or when a push's local clone cannot be read).
 */
export async function replay(eventPath: string, config: HeraldConfig, io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(eventPath === '-' ? '/dev/stdin' : eventPath, 'utf8'));
  } catch (error: unknown) {
    io.err(`herald replay: cannot read ${eventPath} as JSON: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  try {
    for (const event of parseEvent(raw)) {
      if (event.kind === 'push') await replayPush(event, config, io, env);
      else if (event.kind === 'pull-request' || event.kind === 'comment') await replayRepositoryActivity(event, config, io, env);
      else await replayAlert(event, config, io);
    }
    return 0;
  } catch (error: unknown) {
    if (error instanceof EventError || error instanceof SourceError) {
      io.err(`herald replay: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

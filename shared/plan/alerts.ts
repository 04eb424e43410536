import type { Alert, AlertCommit, AlertFailure, AlertLink } from '../alerts/alert';
import type { Severity } from '../config/schema';
import type { AlertEvent, BuildChange, PipelineExecutionChange } from '../events/domain';
import { isFailedPhase } from './decide';
import type { BuildFailureFact, Facts, FailedActionFact, RevisionFact } from './facts';
import { compact } from '../util/compact';
import { buildUrl, codeCommitCommitUrl, pipelineExecutionUrl, pipelineUrl, safeUrl } from './links';

/** Builds the medium-neutral alert for an event the planner decided to report. */
export function buildAlert(event: AlertEvent, eventType: string, severity: Severity, facts: Facts): Alert {
  switch (event.kind) {
    case 'pipeline':
      return pipelineAlert(event, eventType, severity, facts);
    case 'build':
      return buildChangeAlert(event, eventType, severity, facts);
  }
}

const COMMIT_ID = /^[0-9a-f]{40}$/i;

function link(label: string, url: string | undefined): AlertLink | undefined {
  const safe = safeUrl(url);
  return safe === undefined ? undefined : { label, url: safe };
}

function defined<T>(value: T | undefined): value is T {
  return value !== undefined;
}

function pipelineAlert(event: PipelineExecutionChange, eventType: string, severity: Severity, facts: Facts): Alert {
  const where = [event.stage, event.action].filter(defined).join(' / ');
  const failures = pipelineFailures(event, facts);
  const firstFailure = failures[0];
  const summary =
    `Pipeline ${event.pipeline} ${event.state.toLowerCase()}` +
    (firstFailure === undefined ? '' : ` at ${firstFailure.where}`) +
    (where === '' ? '' : ` (event from ${event.level} ${where})`) +
    '.';
  return compact({
    eventType,
    severity,
    title: `Pipeline ${event.pipeline} ${event.state}`,
    summary,
    account: event.account,
    region: event.region,
    time: event.time,
    threadId: `codepipeline/${event.pipeline}/${event.executionId}`,
    facts: [
      { label: 'Pipeline', value: event.pipeline },
      { label: 'Execution', value: event.executionId },
      { label: 'State', value: event.state },
      ...(event.stage === undefined ? [] : [{ label: 'Stage', value: event.stage }]),
      ...(event.action === undefined ? [] : [{ label: 'Action', value: event.action }]),
      ...(event.stopComments === undefined ? [] : [{ label: 'Stop comment', value: event.stopComments }]),
    ],
    failures,
    commit: pipelineCommit(event, facts.revision),
    links: [
      link('Execution', pipelineExecutionUrl(event.region, event.pipeline, event.executionId)),
      link('Pipeline', pipelineUrl(event.region, event.pipeline)),
    ].filter(defined),
    notes: facts.notes,
  });
}

function pipelineFailures(event: PipelineExecutionChange, facts: Facts): AlertFailure[] {
  if (facts.failedActions !== undefined && facts.failedActions.length > 0) {
    return facts.failedActions.map(failureFromFact);
  }
  // Without API facts, fall back to what the event itself carried.
  if (event.reportedFailedActions !== undefined && event.reportedFailedActions.length > 0) {
    return event.reportedFailedActions.map((reported) =>
      compact({ where: [event.failedStage, reported.action].filter(defined).join(' / '), why: reported.info }),
    );
  }
  if (event.level === 'action' && event.action !== undefined) {
    const result = event.executionResult;
    const provider = event.actionType?.provider;
    return [
      compact({
        where: [event.stage, event.action].filter(defined).join(' / ') + (provider === undefined ? '' : ` (${provider})`),
        why: result?.summary,
        code: result?.errorCode,
        link: link('Details', result?.url),
      }),
    ];
  }
  if (event.level === 'stage' && event.stage !== undefined) return [{ where: event.stage }];
  return [];
}

function failureFromFact(fact: FailedActionFact): AlertFailure {
  const reasons = [fact.errorMessage ?? fact.summary, ...buildFailureLines(fact.buildFailure)].filter(defined);
  const logDeepLink = fact.buildFailure?.logDeepLink;
  return compact({
    where: `${fact.stage} / ${fact.action}` + (fact.provider === undefined ? '' : ` (${fact.provider})`),
    why: reasons.length === 0 ? undefined : reasons.join('\n'),
    code: fact.errorCode,
    link: logDeepLink === undefined ? link('Details', fact.externalUrl) : link('Build logs', logDeepLink),
  });
}

function buildFailureLines(failure: BuildFailureFact | undefined): string[] {
  if (failure === undefined) return [];
  return [`Build phase ${failure.phase} ${failure.status ?? 'failed'}`, ...failure.context];
}

function pipelineCommit(event: PipelineExecutionChange, revision: RevisionFact | undefined): AlertCommit | undefined {
  const source = event.sourceActions?.find((action) => action.commitId !== undefined);
  const commitId = revision?.commitId ?? source?.commitId;
  if (commitId === undefined) return undefined;
  const repository = revision?.repository ?? source?.repository;
  const branch = revision?.branch ?? source?.branch;
  return compact({
    id: commitId,
    message: revision?.message,
    author: revision?.author,
    repository,
    branch,
    link: link('View commit', revision?.url) ?? codeCommitLink(event.region, repository, commitId),
  });
}

function codeCommitLink(region: string, repository: string | undefined, commitId: string | undefined): AlertLink | undefined {
  if (repository === undefined || commitId === undefined || !COMMIT_ID.test(commitId)) return undefined;
  return link('View commit', codeCommitCommitUrl(region, repository, commitId));
}

/** CodeCommit clone URLs end in `/v1/repos/<name>`. */
function codeCommitRepository(location: string | undefined): string | undefined {
  const match = location === undefined ? null : /\/v1\/repos\/([^/?#]+)/.exec(location);
  return match?.[1] === undefined ? undefined : decodeURIComponent(match[1]);
}

function buildFailureOf(event: BuildChange, facts: Facts): BuildFailureFact | undefined {
  if (facts.buildFailure !== undefined) return facts.buildFailure;
  const failedPhase = event.phases.find((phase) => isFailedPhase(phase.status));
  return failedPhase === undefined ? undefined : compact({ phase: failedPhase.type, status: failedPhase.status, context: failedPhase.context });
}

function buildChangeAlert(event: BuildChange, eventType: string, severity: Severity, facts: Facts): Alert {
  const failure = buildFailureOf(event, facts);
  const logLink = link('Build logs', failure?.logDeepLink ?? event.logDeepLink);
  const phaseName = failure?.phase ?? event.completedPhase;
  const why = (failure?.context ?? event.phaseContext).join('\n');
  const repository = codeCommitRepository(event.sourceLocation);
  const buildId = event.buildArn.slice(event.buildArn.indexOf('/') + 1);
  return compact({
    eventType,
    severity,
    title: `Build ${event.project} ${event.state}`,
    summary: `CodeBuild project ${event.project} build ${event.buildNumber ?? buildId} ${event.state.toLowerCase()}${phaseName === undefined ? '' : ` in phase ${phaseName}`}.`,
    account: event.account,
    region: event.region,
    time: event.time,
    threadId: `codebuild/${buildId}`,
    facts: [
      { label: 'Project', value: event.project },
      { label: 'Build', value: event.buildNumber === undefined ? buildId : `#${event.buildNumber} (${buildId})` },
      { label: 'Status', value: event.state },
      ...(event.initiator === undefined ? [] : [{ label: 'Initiator', value: event.initiator }]),
    ],
    failures: phaseName === undefined ? [] : [compact({ where: `Phase ${phaseName}`, why: why === '' ? undefined : why, link: logLink })],
    commit:
      event.sourceVersion === undefined
        ? undefined
        : compact({ id: event.sourceVersion, repository, link: codeCommitLink(event.region, repository, event.sourceVersion) }),
    links: [link('Build', buildUrl(event.region, event.account, event.project, event.buildArn)), logLink].filter(defined),
    notes: facts.notes,
  });
}

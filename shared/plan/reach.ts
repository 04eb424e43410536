/**
 * Reaching the right people: the alert for a manual approval, and what every alert gains from
 * the config's `people` and `accounts` (the account's alias, the person a commit or push names,
 * next steps). Pure.
 */
import type { Alert, AlertLink, AlertNextStep, AlertPerson } from '../alerts/alert';
import type { HeraldConfig, Severity } from '../config/schema';
import type { AlertEvent, DomainEvent, PipelineExecutionChange } from '../events/domain';
import { compact } from '../util/compact';
import { buildAlert } from './alerts';
import { approvalOutcome } from './decide';
import type { Facts } from './facts';
import { approvalUrl, pipelineExecutionUrl, safeUrl } from './links';
import { accountAlias, iamNameOf, personByCommitEmail, personByIamArn, personByIamName } from './people';

function link(label: string, url: string | undefined): AlertLink | undefined {
  const safe = safeUrl(url);
  return safe === undefined ? undefined : { label, url: safe };
}

function defined<T>(value: T | undefined): value is T {
  return value !== undefined;
}

const OUTCOME_WORDS = { waiting: 'waiting', approved: 'approved', rejected: 'rejected' } as const;

/** The alert for an approval action waiting, approved or rejected. */
export function approvalAlert(event: PipelineExecutionChange, outcome: 'waiting' | 'approved' | 'rejected', eventType: string, severity: Severity, facts: Facts, config: HeraldConfig): Alert {
  const stage = event.stage ?? '?';
  const action = event.action ?? '?';
  const where = `${event.pipeline} / ${stage} / ${action}`;
  // The reviewer's comment: ListActionExecutions' externalExecutionSummary, else the event's execution-result summary.
  const comment = outcome === 'waiting' ? undefined : (facts.approval?.comment ?? event.executionResult?.summary);
  const reviewerArn = facts.approval?.reviewer;
  const reviewer = personByIamArn(config, reviewerArn)?.name ?? iamNameOf(reviewerArn) ?? reviewerArn;
  const review = link('Review approval', approvalUrl(event.region, event.pipeline));
  const summary =
    outcome === 'waiting'
      ? `Pipeline ${event.pipeline} is waiting for a manual approval at stage ${stage}, action ${action}.`
      : `The manual approval at ${where} was ${OUTCOME_WORDS[outcome]}${reviewer === undefined ? '' : ` by ${reviewer}`}.`;
  return compact({
    eventType,
    severity,
    title: `Approval ${OUTCOME_WORDS[outcome]}: ${where}`,
    summary,
    account: event.account,
    region: event.region,
    time: event.time,
    threadId: `codepipeline/${event.pipeline}/${event.executionId}`,
    facts: [
      { label: 'Pipeline', value: event.pipeline },
      { label: 'Stage', value: stage },
      { label: 'Action', value: action },
      { label: 'Execution', value: event.executionId },
      ...(reviewer === undefined ? [] : [{ label: outcome === 'approved' ? 'Approved by' : 'Rejected by', value: reviewer }]),
      ...(comment === undefined || comment.trim() === '' ? [] : [{ label: 'Comment', value: comment }]),
    ],
    failures: [],
    commit: revisionCommit(facts),
    links: [review, link('Execution', pipelineExecutionUrl(event.region, event.pipeline, event.executionId)), link('Approval details', event.executionResult?.url)].filter(defined),
    notes: facts.notes,
    nextSteps: approvalNextSteps(event, outcome, review),
  });
}

function approvalNextSteps(event: PipelineExecutionChange, outcome: 'waiting' | 'approved' | 'rejected', review: AlertLink | undefined): AlertNextStep[] {
  const stage = event.stage ?? '?';
  switch (outcome) {
    case 'waiting':
      return [compact({ text: `Review the approval ${event.action ?? '?'} of ${event.pipeline} (stage ${stage})`, link: review })];
    case 'rejected':
      return [compact({ text: `The execution stopped at ${stage}: start a new run once the change is fixed`, link: link('Execution', pipelineExecutionUrl(event.region, event.pipeline, event.executionId)) })];
    case 'approved':
      return [];
  }
}

function revisionCommit(facts: Facts): Alert['commit'] {
  const revision = facts.revision;
  if (revision === undefined) return undefined;
  return compact({ id: revision.commitId, message: revision.message, author: revision.author, repository: revision.repository, branch: revision.branch, link: link('View commit', revision.url) });
}

/** The person a failure or finding is about: the commit's author, else the IAM identity that pushed or started it. */
export function responsiblePerson(event: DomainEvent, facts: Facts, config: HeraldConfig): AlertPerson | undefined {
  if (config.people === undefined) return undefined;
  switch (event.kind) {
    case 'pipeline':
      return personByCommitEmail(config, facts.revision?.authorEmail);
    case 'build':
      // A build started by a person names them as its initiator (`user` or `Role/session`).
      return event.initiator === undefined || event.initiator.startsWith('codepipeline/')
        ? undefined
        : personByIamName(config, event.initiator.slice(event.initiator.lastIndexOf('/') + 1));
    case 'push':
      return personByIamArn(config, event.pusher);
    case 'pull-request':
      // The pull request's author owns what its analysis finds.
      return personByIamArn(config, event.author);
    case 'comment':
      return undefined;
  }
}

/** Whether an alert of this type should mention its author: failures, findings and rejections, never successes or plain approvals. */
function mentionsAuthor(eventType: string): boolean {
  return !eventType.endsWith('.succeeded') && eventType !== 'approval.waiting' && eventType !== 'approval.approved' && eventType !== 'push.clean';
}

/** The account's alias, the responsible person and the decision's notes, added to any alert. */
export function reachPeople(alert: Alert, event: DomainEvent, facts: Facts, config: HeraldConfig): Alert {
  const alias = accountAlias(config, event.account);
  const person = mentionsAuthor(alert.eventType) ? responsiblePerson(event, facts, config) : undefined;
  return {
    ...alert,
    ...(alias === undefined ? {} : { accountLabel: alias }),
    ...(person === undefined ? {} : { mentions: [person] }),
  };
}

/** The alert for an event the planner decided to report, approvals included, with people and accounts. */
export function planAlert(event: AlertEvent, eventType: string, severity: Severity, facts: Facts, config: HeraldConfig): Alert {
  const outcome = event.kind === 'pipeline' ? approvalOutcome(event) : undefined;
  const alert =
    event.kind === 'pipeline' && outcome !== undefined && eventType.startsWith('approval.')
      ? approvalAlert(event, outcome, eventType, severity, facts, config)
      : buildAlert(event, eventType, severity, facts);
  return reachPeople(alert, event, facts, config);
}

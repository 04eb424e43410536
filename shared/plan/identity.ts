import type { DomainEvent } from '../events/domain';

/**
 * What an event is about, independent of how it was delivered: the same pipeline execution
 * reaching Herald through EventBridge, a notification rule, a retry or the reconciliation sweep
 * has one identity. Side effects are de-duplicated on it (with the target), so none of those
 * paths can alert twice.
 */
export function effectIdentity(event: DomainEvent): string {
  switch (event.kind) {
    case 'pipeline':
      return ['pipeline', event.account, event.region, event.pipeline, event.executionId, event.level, event.stage ?? '', event.action ?? '', event.state].join('/');
    case 'build':
      // The ARN carries account, region, project and build id.
      return ['build', event.buildArn, event.level, event.completedPhase ?? '', event.state].join('/');
    case 'push':
      return ['push', event.account, event.region, event.repository, event.ref, event.oldCommitId ?? '', event.commitId ?? ''].join('/');
    case 'pull-request':
      // Which change of which pull request, at which commits and revision, by whom (two people
      // approving the same revision are two events); the free-text date tells repeats apart.
      return [
        'pull-request',
        event.account,
        event.region,
        event.repository,
        event.pullRequestId,
        event.action,
        event.sourceCommit,
        event.destinationCommit,
        event.revisionId ?? '',
        event.status,
        String(event.isMerged),
        event.approvalStatus ?? event.overrideStatus ?? '',
        event.approvalRuleName ?? '',
        event.caller ?? '',
        event.lastModifiedDate ?? '',
      ].join('/');
    case 'comment':
      // A comment is created once; updates and reactions can repeat, so their time is part of them.
      return [
        'comment',
        event.account,
        event.region,
        event.repository,
        event.commentId,
        event.action,
        event.caller ?? '',
        (event.reactions ?? []).join(','),
        event.action === 'created' ? '' : event.time,
      ].join('/');
  }
}

/** The de-duplication key of one effect: the event's identity and the target it goes to. */
export function effectKey(event: DomainEvent, target: string): string {
  return `${effectIdentity(event)}#${target}`;
}

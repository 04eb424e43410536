/**
 * Pure planning for CodeCommit pushes: whether to analyse a moved reference and over which
 * commits (`decidePush`). What to say about the analysis is planned in ./pushFindings.ts, which
 * the push use case loads only once a push is analysed.
 */
import type { HeraldConfig } from '../config/schema';
import type { ReferenceChange } from '../events/domain';
import { compact } from '../util/compact';
import { anyGlobMatcher } from '../util/glob';
import type { AnalysisRunAction, PushRange } from './actions';

export type PushDecision = { readonly kind: 'ignore'; readonly reason: string } | { readonly kind: 'analyze'; readonly range: PushRange };

/** CodeCommit's all-zero commit id: what a test trigger on an empty repository names. */
const NULL_COMMIT = /^0+$/;

/** The protected-branch globs for a repository: its own list when it has one, else the global one. */
export function protectedBranchesOf(repository: string, config: HeraldConfig): readonly string[] {
  const repositories = config.push.repositories ?? {};
  const own = Object.hasOwn(repositories, repository) ? repositories[repository]?.protectedBranches : undefined;
  return own ?? config.push.protectedBranches;
}

/** True when `branch` matches a protected-branch glob; an empty list protects nothing. */
export function isProtectedBranch(repository: string, branch: string, config: HeraldConfig): boolean {
  const patterns = protectedBranchesOf(repository, config);
  return patterns.length > 0 && anyGlobMatcher(patterns)(branch);
}

/** Whether to analyse a moved reference, and which commits. Pure: same event and config, same decision. */
export function decidePush(event: ReferenceChange, config: HeraldConfig): PushDecision {
  if (event.isTest) return { kind: 'ignore', reason: 'answered TriggerEventTest without scanning' };
  if (event.change === 'deleted') return { kind: 'ignore', reason: `${event.ref} was deleted: nothing to analyse` };
  if (event.tag !== undefined) {
    if (!config.push.tags) return { kind: 'ignore', reason: `tag ${event.tag}: tag pushes are not analysed (push.tags is false)` };
  } else if (event.branch !== undefined) {
    if (!isProtectedBranch(event.repository, event.branch, config)) {
      return { kind: 'ignore', reason: `branch ${event.branch} of ${event.repository} is not protected (push.protectedBranches)` };
    }
  } else {
    return { kind: 'ignore', reason: `${event.ref} is neither a branch nor a tag` };
  }
  const to = event.commitId;
  if (to === undefined || NULL_COMMIT.test(to)) return { kind: 'ignore', reason: `${event.ref} names no commit to analyse` };
  if (event.change === 'created') return { kind: 'analyze', range: { kind: 'created', mergeBaseWith: 'default-branch', to } };
  if (event.oldCommitId !== undefined && !NULL_COMMIT.test(event.oldCommitId)) {
    return { kind: 'analyze', range: { kind: 'commits', from: event.oldCommitId, to } };
  }
  // A trigger names the new tip alone (and an EventBridge update without oldCommitId, should one occur).
  return { kind: 'analyze', range: { kind: 'first-parent', from: 'first-parent', to } };
}

/** The planned analysis as an action (what `herald replay` prints first). */
export function analysisRunAction(event: ReferenceChange, range: PushRange): AnalysisRunAction {
  return compact({
    type: 'analysis.run' as const,
    repository: event.repository,
    ref: event.ref,
    branch: event.branch,
    tag: event.tag,
    range,
    account: event.account,
    region: event.region,
  });
}

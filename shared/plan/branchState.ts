/**
 * Pure: the last commit Herald analysed per repository and branch. A repository trigger names
 * the new tip alone; when the branch's last analysed commit is recorded, the push is analysed
 * from it (like an EventBridge update from its old tip, force pushes from the merge base), so
 * every commit since is covered, not only the tip.
 */
import type { ReferenceChange } from '../events/domain';
import type { StateRecord, StateWriteAction } from './actions';
import type { ResolvedRange } from './facts';
import type { PushDecision } from './push';

export function branchSubject(event: ReferenceChange): string | undefined {
  return event.branch === undefined ? undefined : ['branch', event.account, event.region, event.repository, event.branch].join('/');
}

type Analyze = Extract<PushDecision, { kind: 'analyze' }>;

/** A trigger's tip-only range becomes the range since the last analysed commit (`from`), when one is recorded. */
export function sinceLastAnalysed(decision: Analyze, stored: StateRecord | undefined): { readonly decision: Analyze; readonly from?: string } {
  const from = stored?.commitId;
  if (decision.range.kind !== 'first-parent' || from === undefined || from === decision.range.to) return { decision };
  return { decision: { kind: 'analyze', range: { kind: 'commits', from, to: decision.range.to } }, from };
}

/** The note of a range planned from the recorded analysis. */
export function sinceLastAnalysedNote(from: string): string {
  return `Repository trigger: analysed every commit since ${from.slice(0, 7)}, the last commit Herald analysed on this branch.`;
}

/** Records the analysed tip, unless an event newer than this one was recorded meanwhile. */
export function analysedWrite(event: ReferenceChange, range: ResolvedRange): StateWriteAction | undefined {
  const subject = branchSubject(event);
  if (subject === undefined || Number.isNaN(Date.parse(event.time))) return undefined;
  return { type: 'state.write', record: { subject, eventTime: event.time, commitId: range.after } };
}

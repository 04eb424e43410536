import { EventError, type EventIdentity } from '../events/errors';
import { parseFailureMessage, type FailureShape } from '../events/failureRecord';
import { describeRawEvent } from '../events/describe';
import type { FailureQueue, InvokeFunction, QueuedMessage } from './ports';

export interface RedriveOptions {
  /** Invoke this function for every message (otherwise the one the message names). */
  readonly functionName?: string;
  /** Report what would be done; invoke and delete nothing. */
  readonly dryRun: boolean;
  /** Stop after this many messages. */
  readonly max: number;
}

export type RedriveOutcome =
  /** Invoked without error, then deleted from the queue. */
  | 'redriven'
  | 'would-redrive'
  /** The invocation failed: left in the queue. */
  | 'failed'
  /** Neither the message nor --function names a function: left in the queue. */
  | 'no-function'
  /** Not a failure record Herald knows: left in the queue. */
  | 'unreadable';

export interface RedriveReport {
  readonly messageId: string;
  readonly outcome: RedriveOutcome;
  readonly shape?: FailureShape;
  readonly function?: string;
  /** What the event is (id, source, detail-type), never its payload. */
  readonly event?: EventIdentity;
  readonly error?: string;
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

async function redriveOne(message: QueuedMessage, invoke: InvokeFunction, options: RedriveOptions, queue: FailureQueue): Promise<RedriveReport> {
  let failed;
  try {
    failed = parseFailureMessage(message.messageId, message.body, message.attributes);
  } catch (error: unknown) {
    if (error instanceof EventError) return { messageId: message.messageId, outcome: 'unreadable', error: errorText(error) };
    throw error;
  }
  const report = { messageId: message.messageId, shape: failed.shape, event: describeRawEvent(failed.event) };
  const functionName = options.functionName ?? failed.functionName;
  if (functionName === undefined) return { ...report, outcome: 'no-function', error: `a ${failed.shape} message names no function: pass --function` };
  if (options.dryRun) return { ...report, function: functionName, outcome: 'would-redrive' };
  try {
    await invoke(functionName, failed.event);
  } catch (error: unknown) {
    return { ...report, function: functionName, outcome: 'failed', error: errorText(error) };
  }
  // Deleted only once the function has handled the event; a crash before this line leaves it queued.
  await queue.remove(message);
  return { ...report, function: functionName, outcome: 'redriven' };
}

/**
 * Re-invokes the function of each failed event in a failure queue, one at a time, and deletes a
 * message only after its invocation succeeded. Safe to repeat: the functions are idempotent
 * on what an event is about. Messages left in the queue are made visible again at the end.
 */
export async function redrive(queue: FailureQueue, invoke: InvokeFunction, options: RedriveOptions, onReport: (report: RedriveReport) => void): Promise<RedriveReport[]> {
  const reports: RedriveReport[] = [];
  const held: QueuedMessage[] = [];
  const seen = new Set<string>();
  try {
    while (reports.length < options.max) {
      const batch = (await queue.receive()).filter((message) => !seen.has(message.messageId));
      // Empty, or only messages already handled in this run (their visibility ran out): done.
      if (batch.length === 0) break;
      for (const message of batch) {
        seen.add(message.messageId);
        if (reports.length >= options.max) {
          held.push(message);
          continue;
        }
        const report = await redriveOne(message, invoke, options, queue);
        if (report.outcome !== 'redriven') held.push(message);
        reports.push(report);
        onReport(report);
      }
    }
  } finally {
    await Promise.all(held.map((message) => queue.release(message)));
  }
  return reports;
}

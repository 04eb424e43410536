import type { DeliveryAction } from '../../../shared/plan/actions';
import type { AlertEvent } from '../../../shared/events/domain';
import { parseEvent } from '../../../shared/events/parse';
import { parseScheduledSweep, pipelineStateOf, reconciledBuildEvents, reconciledPipelineEvents, type ReconcileWindow } from '../../../shared/events/reconciled';
import { ReconcileError } from '../../../shared/app/errors';
import type { RecentRuns } from '../../../shared/app/ports';
import { reconcileWindow, type ReconcileDeps } from '../../../shared/app/reconcile';
import { reactToEvent } from '../../../shared/app/react';
import { NO_FACTS } from '../../../shared/plan/facts';
import { config } from '../../support/domain';
import { fixture } from '../../support/fixtures';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const everyFailure = config({
  targets: { email: { topic: 'alerts', format: 'email' }, chat: { topic: 'chat', format: 'chatbot' }, slack: { topic: 'slack', format: 'slack' } },
  routes: [{ name: 'all', targets: ['email', 'chat', 'slack'] }],
});

/** Deps whose deliver port records what it was asked to send. */
function recordingDeps(runs: RecentRuns = { pipelineExecutions: [], builds: [] }, failOn?: (action: DeliveryAction) => boolean) {
  const delivered: DeliveryAction[] = [];
  const deps: ReconcileDeps = {
    config: everyFailure,
    log: silent,
    enrich: () => Promise.resolve(NO_FACTS),
    deliver: (action) => {
      if (failOn?.(action) === true) return Promise.reject(new Error('SNS throttled'));
      delivered.push(action);
      return Promise.resolve();
    },
    listRecentRuns: () => Promise.resolve(runs),
  };
  return { deps, delivered };
}

async function dedupeKeysOf(event: AlertEvent): Promise<string[]> {
  const { deps, delivered } = recordingDeps();
  await reactToEvent(event, deps);
  return delivered.map((action) => action.dedupeKey).sort();
}

function onlyAlertEvent(raw: unknown): AlertEvent {
  const [event, ...rest] = parseEvent(raw);
  if (event === undefined || (event.kind !== 'pipeline' && event.kind !== 'build') || rest.length > 0) throw new Error('fixture is not one alert event');
  return event;
}

/** A window around the fixtures' times, in their account and Region. */
function windowAround(time: string, account: string, region: string): ReconcileWindow {
  const at = Date.parse(time);
  return { account, region, from: new Date(at - 30 * 60_000).toISOString(), to: new Date(at + 30 * 60_000).toISOString() };
}

describe('a reconciled failure', () => {
  it('has the effect keys of the EventBridge and notification-rule events of the same pipeline execution', async () => {
    const fromEventBridge = onlyAlertEvent(fixture('codepipeline-pipeline-execution-failed.json'));
    const fromNotificationRule = onlyAlertEvent(fixture('codepipeline-pipeline-execution-failed.codestar-notification-processed.repaired.json'));
    const window = windowAround(fromEventBridge.time, fromEventBridge.account, fromEventBridge.region);
    const [reconciled, ...others] = reconciledPipelineEvents(
      [{ pipeline: 'myPipeline', executionId: '12345678-1234-5678-abcd-12345678abcd', status: 'Failed', startTime: window.from, lastUpdateTime: fromEventBridge.time }],
      window,
      everyFailure.alerts.states,
    );
    if (reconciled === undefined) throw new Error('the failed execution was not reconciled');

    const keys = await dedupeKeysOf(reconciled);

    expect(others).toEqual([]);
    expect(reconciled).toMatchObject({ delivery: 'reconciliation', level: 'pipeline', state: 'FAILED' });
    expect(reconciled.eventId).not.toBe(fromEventBridge.eventId);
    expect(keys).toHaveLength(3);
    expect(keys).toEqual(await dedupeKeysOf(fromEventBridge));
    expect(keys).toEqual(await dedupeKeysOf(fromNotificationRule));
  });

  it('has the effect keys of the EventBridge event of the same failed build, with its phases from BatchGetBuilds', async () => {
    const fromEventBridge = onlyAlertEvent(fixture('codebuild-build-state-failed.json'));
    if (fromEventBridge.kind !== 'build') throw new Error('not a build event');
    const window = windowAround(fromEventBridge.time, '999999999999', 'us-east-1');
    const [reconciled] = reconciledBuildEvents(
      [
        {
          arn: fromEventBridge.buildArn,
          project: 'codebuild-project-name',
          status: 'FAILED',
          endTime: fromEventBridge.time,
          initiator: 'GitHub-Hookshot/123456',
          phases: [
            { type: 'SUBMITTED', status: 'SUCCEEDED', context: [] },
            { type: 'BUILD', status: 'FAILED', context: ['COMMAND_EXECUTION_ERROR: Error while executing command: make. Reason: exit status 2'] },
          ],
        },
      ],
      window,
      everyFailure.alerts.states,
    );
    if (reconciled === undefined) throw new Error('the failed build was not reconciled');

    // Account and Region come from the build ARN, not from where the sweep ran.
    expect(reconciled).toMatchObject({ account: fromEventBridge.account, region: fromEventBridge.region, phaseContext: [expect.stringContaining('exit status 2')] });
    expect(await dedupeKeysOf(reconciled)).toEqual(await dedupeKeysOf(fromEventBridge));
  });
});

describe('reconciledPipelineEvents and reconciledBuildEvents', () => {
  const window: ReconcileWindow = { account: '111122223333', region: 'eu-west-1', from: '2026-11-27T09:00:00.000Z', to: '2026-11-27T10:00:00.000Z' };
  const states = everyFailure.alerts.states;

  it('keep alert states that ended within the window, in the event spelling', () => {
    const events = reconciledPipelineEvents(
      [
        { pipeline: 'p', executionId: 'in-window', status: 'Cancelled', lastUpdateTime: '2026-11-27T09:30:00.000Z' },
        { pipeline: 'p', executionId: 'succeeded', status: 'Succeeded', lastUpdateTime: '2026-11-27T09:30:00.000Z' },
        { pipeline: 'p', executionId: 'running', status: 'InProgress', lastUpdateTime: '2026-11-27T09:30:00.000Z' },
        { pipeline: 'p', executionId: 'too-old', status: 'Failed', lastUpdateTime: '2026-11-27T08:59:59.000Z' },
        { pipeline: 'p', executionId: 'after-sweep', status: 'Failed', lastUpdateTime: '2026-11-27T10:00:01.000Z' },
        { pipeline: 'p', executionId: 'no-time', status: 'Failed' },
      ],
      window,
      states,
    );

    expect(events.map((event) => [event.executionId, event.state])).toEqual([['in-window', 'CANCELED']]);
    expect(pipelineStateOf('Superseded')).toBe('SUPERSEDED');
  });

  it('keep builds that ended in an alert state within the window', () => {
    const build = { project: 'api', phases: [], endTime: '2026-11-27T09:10:00.000Z' };
    const events = reconciledBuildEvents(
      [
        { ...build, arn: 'arn:aws:codebuild:eu-west-1:111122223333:build/api:1', status: 'TIMED_OUT' },
        { ...build, arn: 'arn:aws:codebuild:eu-west-1:111122223333:build/api:2', status: 'SUCCEEDED' },
        { ...build, arn: 'arn:aws:codebuild:eu-west-1:111122223333:build/api:3', status: 'IN_PROGRESS', endTime: '' },
      ],
      window,
      states,
    );

    expect(events.map((event) => [event.buildArn.slice(-1), event.state])).toEqual([['1', 'TIMED_OUT']]);
  });

  it('give the same event id to the same run on every sweep', () => {
    const listing = { pipeline: 'p', executionId: 'e', status: 'Failed', lastUpdateTime: '2026-11-27T09:30:00.000Z' };
    const later = { ...window, to: '2026-11-27T10:15:00.000Z' };

    expect(reconciledPipelineEvents([listing], later, states)[0]?.eventId).toBe(reconciledPipelineEvents([listing], window, states)[0]?.eventId);
  });
});

describe('parseScheduledSweep', () => {
  const scheduled = {
    version: '0',
    id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '123456789012',
    time: '2015-10-08T16:53:06Z',
    region: 'us-east-1',
    resources: ['arn:aws:events:us-east-1:123456789012:rule/my-scheduled-rule'],
    detail: {},
  };

  it('reads the window from a scheduled event', () => {
    expect(parseScheduledSweep(scheduled, 60)).toEqual({ account: '123456789012', region: 'us-east-1', from: '2015-10-08T15:53:06.000Z', to: '2015-10-08T16:53:06.000Z' });
  });

  it('rejects anything else with a typed error', () => {
    expect(() => parseScheduledSweep(fixture('codepipeline-pipeline-execution-failed.json'), 60)).toThrow(expect.objectContaining({ name: 'EventValidationError' }));
    expect(() => parseScheduledSweep({ ...scheduled, time: 'yesterday' }, 60)).toThrow(expect.objectContaining({ name: 'EventValidationError' }));
  });
});

describe('reconcileWindow', () => {
  const window: ReconcileWindow = { account: '111122223333', region: 'eu-west-1', from: '2026-11-27T09:00:00.000Z', to: '2026-11-27T10:00:00.000Z' };
  const runs: RecentRuns = {
    pipelineExecutions: [
      { pipeline: 'prod-api', executionId: 'e1', status: 'Failed', lastUpdateTime: '2026-11-27T09:30:00.000Z' },
      { pipeline: 'prod-web', executionId: 'e2', status: 'Failed', lastUpdateTime: '2026-11-27T09:40:00.000Z' },
    ],
    builds: [],
  };

  it('alerts every failure found, and fails the sweep after trying all when some could not be delivered', async () => {
    const { deps, delivered } = recordingDeps(runs, (action) => action.attributes.pipeline === 'prod-api' && action.target === 'chat');

    const sweep = reconcileWindow(window, deps);

    await expect(sweep).rejects.toBeInstanceOf(ReconcileError);
    await expect(sweep).rejects.toThrow(/1 reconciled event failed/);
    expect(delivered.map((action) => `${action.attributes.pipeline ?? ''}/${action.target}`).sort()).toEqual(['prod-api/email', 'prod-api/slack', 'prod-web/chat', 'prod-web/email', 'prod-web/slack']);
  });
});

import { decide } from '../../../shared/plan/decide';
import type { StateRecord } from '../../../shared/plan/actions';
import { decideWithState, stateSubject } from '../../../shared/plan/state';
import { buildEvent, config, pipelineEvent } from '../../support/domain';

const failing = (overrides: Partial<StateRecord> = {}): StateRecord => ({
  subject: 'pipeline/111122223333/eu-west-1/prod-api',
  eventTime: '2026-11-27T09:00:00Z',
  status: 'failing',
  executionId: 'exec-0',
  failedState: 'TIMED_OUT',
  failingSince: '2026-11-27T08:00:00Z',
  ...overrides,
});

function withState(event: ReturnType<typeof pipelineEvent> | ReturnType<typeof buildEvent>, stored: StateRecord | undefined, cfg = config()) {
  return decideWithState(event, decide(event, cfg), stored, cfg);
}

describe('decideWithState', () => {
  it('alerts on a first failure and records the streak', () => {
    const outcome = withState(pipelineEvent(), undefined);
    expect(outcome.decision.kind).toBe('alert');
    expect(outcome.write?.record).toEqual({
      subject: 'pipeline/111122223333/eu-west-1/prod-api',
      eventTime: '2026-11-27T10:00:00Z',
      status: 'failing',
      executionId: 'exec-1',
      failedState: 'FAILED',
      failingSince: '2026-11-27T10:00:00Z',
    });
  });

  it('suppresses a failure of another execution while failing, keeps the streak start, and alerts with repeatFailures: alert', () => {
    const suppressed = withState(pipelineEvent(), failing());
    expect(suppressed.decision).toMatchObject({ kind: 'ignore', reason: expect.stringContaining('still failing since 2026-11-27T08:00:00Z') });
    expect(suppressed.write?.record).toMatchObject({ executionId: 'exec-1', failingSince: '2026-11-27T08:00:00Z', failedState: 'TIMED_OUT' });
    expect(withState(pipelineEvent(), failing(), config({ noise: { repeatFailures: 'alert' } })).decision.kind).toBe('alert');
  });

  it('alerts on a failure more severe than the one that started the streak, which then carries its state', () => {
    // Default severities: CANCELED low, FAILED high.
    const escalated = withState(pipelineEvent({ state: 'FAILED' }), failing({ failedState: 'CANCELED' }));
    expect(escalated.decision).toMatchObject({ kind: 'alert', eventType: 'pipeline.failed' });
    expect(escalated.write?.record).toMatchObject({ failedState: 'FAILED', failingSince: '2026-11-27T08:00:00Z' });
    expect(withState(pipelineEvent({ state: 'CANCELED' }), failing({ failedState: 'FAILED' })).decision.kind).toBe('ignore');
  });

  it('keeps an opt-in success notice when nothing was failing', () => {
    const successes = config({ routes: [{ name: 'releases', match: { pipeline: ['prod-*'] }, targets: ['email'], successes: true }] });
    const notice = withState(pipelineEvent({ state: 'SUCCEEDED' }), undefined, successes);
    expect(notice.decision).toMatchObject({ kind: 'alert', eventType: 'pipeline.succeeded' });
    expect(notice.write?.record).toMatchObject({ status: 'passing' });
  });

  it('re-plans the alert of the execution that started the streak (a retry: the idempotency key dedupes it)', () => {
    expect(withState(pipelineEvent(), failing({ executionId: 'exec-1' })).decision.kind).toBe('alert');
  });

  it('sends recovered on the first success after a failure, with the severity of that failure, and nothing on later ones', () => {
    const recovered = withState(pipelineEvent({ state: 'SUCCEEDED' }), failing());
    expect(recovered.decision).toEqual({ kind: 'alert', eventType: 'pipeline.recovered', severity: 'high' });
    expect(recovered.write?.record).toMatchObject({ status: 'passing', executionId: 'exec-1' });
    const passing = failing({ status: 'passing' });
    expect(withState(pipelineEvent({ state: 'SUCCEEDED' }), passing).decision.kind).toBe('ignore');
    expect(withState(pipelineEvent({ state: 'SUCCEEDED' }), failing(), config({ noise: { recovered: false } })).decision.kind).toBe('ignore');
  });

  it('never writes a late event, and does not alert a failure older than a recorded success', () => {
    const newer = { eventTime: '2026-11-27T11:00:00Z' };
    for (const outcome of [withState(pipelineEvent({ state: 'SUCCEEDED' }), failing(newer)), withState(pipelineEvent(), failing({ ...newer, status: 'passing' }))]) {
      expect(outcome.decision.kind).toBe('ignore');
      expect(outcome.write).toBeUndefined();
    }
  });

  it('tracks whole executions and builds only, and leaves builds of skipped pipelines alone', () => {
    expect(stateSubject(pipelineEvent({ level: 'stage', stage: 'Build' }), config())).toBeUndefined();
    expect(stateSubject(buildEvent(), config())).toBe('build/111122223333/eu-west-1/api-tests');
    expect(stateSubject(buildEvent({ level: 'phase' }), config())).toBeUndefined();
    expect(stateSubject(buildEvent({ initiator: 'codepipeline/prod-api' }), config())).toBeUndefined();
    const recovered = withState(buildEvent({ state: 'SUCCEEDED' }), failing({ subject: 'build/111122223333/eu-west-1/api-tests' }));
    expect(recovered.decision).toMatchObject({ kind: 'alert', eventType: 'build.recovered' });
  });
});

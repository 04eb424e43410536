import { effectIdentity, effectKey } from '../../../shared/plan/identity';
import { buildEvent, pipelineEvent, pushEvent } from '../../support/domain';

describe('effectIdentity', () => {
  it('is the same for one pipeline execution state whichever way it was delivered', () => {
    const fromEventBridge = pipelineEvent({ eventId: 'eb-1', delivery: 'eventbridge' });
    const fromNotificationRule = pipelineEvent({ eventId: 'rule-hash', delivery: 'notification-rule', time: '2026-01-01T00:00:09Z' });

    expect(effectIdentity(fromNotificationRule)).toBe(effectIdentity(fromEventBridge));
  });

  it('tells apart executions, states, levels, accounts and regions', () => {
    const base = pipelineEvent();
    const variants = [
      pipelineEvent({ executionId: 'other' }),
      pipelineEvent({ state: 'SUCCEEDED' }),
      pipelineEvent({ level: 'stage', stage: 'Build' }),
      pipelineEvent({ account: '999988887777' }),
      pipelineEvent({ region: 'us-east-1' }),
    ];

    const identities = new Set([base, ...variants].map(effectIdentity));

    expect(identities.size).toBe(variants.length + 1);
  });

  it('keys builds on the build ARN and state, pushes on the moved reference and commits', () => {
    expect(effectIdentity(buildEvent())).not.toBe(effectIdentity(buildEvent({ state: 'SUCCEEDED' })));
    expect(effectIdentity(pushEvent())).not.toBe(effectIdentity(pushEvent({ commitId: 'c'.repeat(40) })));
    expect(effectIdentity(pushEvent({ eventId: 'x' }))).toBe(effectIdentity(pushEvent({ eventId: 'y' })));
  });

  it('adds the target to make an effect key', () => {
    const event = pipelineEvent();

    expect(effectKey(event, 'email')).not.toBe(effectKey(event, 'chat'));
    expect(effectKey(event, 'email').startsWith(effectIdentity(event))).toBe(true);
  });
});

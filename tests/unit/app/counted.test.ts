import { counted } from '../../../shared/app/counted';
import type { MetricName } from '../../../shared/app/ports';

function recorder() {
  const counts: [MetricName, number][] = [];
  return { counts, count: (name: MetricName, value = 1) => void counts.push([name, value]) };
}

describe('counted', () => {
  it('counts each effect carried out under its name, chosen per action when asked', async () => {
    const { counts, count } = recorder();
    const hook = counted((_action: { type: string }) => Promise.resolve(), count, { done: (action) => (action.type === 'webhook.post' ? 'WebhooksDelivered' : 'BuildsStarted'), failed: 'BuildHooksFailed' });

    await hook({ type: 'webhook.post' });
    await hook({ type: 'codebuild.startBuild' });

    expect(counts).toEqual([
      ['WebhooksDelivered', 1],
      ['BuildsStarted', 1],
    ]);
  });

  it('counts a failure and lets the rejection through', async () => {
    const { counts, count } = recorder();
    const deliver = counted(() => Promise.reject(new Error('throttled')), count, { done: 'AlertsSent', failed: 'AlertsFailed' });

    await expect(deliver({})).rejects.toThrow('throttled');
    expect(counts).toEqual([['AlertsFailed', 1]]);
  });
});

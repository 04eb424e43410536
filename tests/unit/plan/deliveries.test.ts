import { buildAlert } from '../../../shared/plan/alerts';
import { planDeliveries } from '../../../shared/plan/deliveries';
import { effectKey } from '../../../shared/plan/identity';
import { NO_FACTS, type Facts } from '../../../shared/plan/facts';
import { SNS_MAX_MESSAGE_BYTES } from '../../../shared/render';
import { buildEvent, config, pipelineEvent } from '../../support/domain';

const twoTargets = config({ routes: [{ name: 'all', targets: ['email', 'chat'] }] });
const facts: Facts = {
  failedActions: [{ stage: 'Build', action: 'UnitTests', provider: 'CodeBuild', summary: 'Build terminated with state: FAILED', errorCode: 'JobFailed' }],
  revision: { commitId: 'a'.repeat(40), message: 'Add retries' },
  notes: [],
};

describe('planDeliveries', () => {
  it('plans one publish per routed target, rendered for its medium, with filterable attributes', () => {
    const event = pipelineEvent();
    const alert = buildAlert(event, 'pipeline.failed', 'high', facts);

    const [email, chat, ...rest] = planDeliveries(event, alert, twoTargets);

    expect(rest).toEqual([]);
    expect(email).toMatchObject({ type: 'sns.publish', target: 'email', topic: 'alerts', format: 'email', dedupeKey: effectKey(event, 'email') });
    expect(email?.message).toContain('Build / UnitTests (CodeBuild)');
    expect(JSON.parse(chat?.message ?? '')).toMatchObject({ version: '1.0', source: 'custom' });
    expect(email?.attributes).toEqual({ eventType: 'pipeline.failed', severity: 'high', pipeline: 'prod-api', account: '111122223333' });
  });

  it('names builds by project in attributes and routes them by source', () => {
    const event = buildEvent();
    const alert = buildAlert(event, 'build.failed', 'high', NO_FACTS);
    const buildsOnly = config({ routes: [{ name: 'builds', match: { source: ['codebuild'], project: ['api-*'] }, targets: ['chat'] }] });

    const deliveries = planDeliveries(event, alert, buildsOnly);

    expect(deliveries.map((d) => d.target)).toEqual(['chat']);
    expect(deliveries[0]?.attributes).toMatchObject({ eventType: 'build.failed', project: 'api-tests' });
  });

  it('keeps at most five attribute names, without control characters or emoji', () => {
    const event = pipelineEvent({ pipeline: 'deploy 🚀\u0000\n<prod>' });
    const alert = buildAlert(event, 'pipeline.failed', 'high', { ...facts, revision: { commitId: 'b'.repeat(40), repository: 'repo🔥' } });

    const [email] = planDeliveries(event, alert, twoTargets);

    expect(Object.keys(email?.attributes ?? {}).length).toBeLessThanOrEqual(5);
    for (const value of Object.values(email?.attributes ?? {})) {
      expect(value).not.toMatch(/[\u0000-\u001f\ud800-\udfff]/);
      expect(value.length).toBeGreaterThan(0);
    }
    expect(email?.attributes.pipeline).toBe('deploy <prod>');
  });

  it('stays under the SNS size limit with a visible marker when the error output is huge', () => {
    const event = pipelineEvent();
    const hugeFacts: Facts = { ...facts, failedActions: [{ stage: 'Build', action: 'Test', errorMessage: 'x'.repeat(2_000_000) }] };
    const alert = buildAlert(event, 'pipeline.failed', 'high', hugeFacts);

    for (const delivery of planDeliveries(event, alert, twoTargets)) {
      const total = Buffer.byteLength(delivery.message) + Buffer.byteLength(delivery.subject) + JSON.stringify(delivery.attributes).length;
      expect(total).toBeLessThan(SNS_MAX_MESSAGE_BYTES);
      expect(delivery.message).toContain('truncated');
    }
  });

  it('plans nothing when no route matches', () => {
    const event = pipelineEvent();
    const none = config({ routes: [{ name: 'other', match: { pipeline: ['staging-*'] }, targets: ['email'] }] });

    expect(planDeliveries(event, buildAlert(event, 'pipeline.failed', 'high', NO_FACTS), none)).toEqual([]);
  });
});

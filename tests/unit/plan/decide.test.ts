import { decide } from '../../../shared/plan/decide';
import { buildEvent, config, pipelineEvent } from '../../support/domain';

describe('decide', () => {
  it.each(['FAILED', 'CANCELED', 'STOPPED', 'TIMED_OUT', 'FAULT'])('alerts on a pipeline %s and asks for enrichment', (state) => {
    const decision = decide(pipelineEvent({ state }), config());

    expect(decision).toEqual({
      kind: 'alert',
      eventType: `pipeline.${state.toLowerCase()}`,
      severity: expect.any(String),
      enrichment: { type: 'codepipeline.enrich', pipeline: 'prod-api', executionId: 'exec-1', account: '111122223333', region: 'eu-west-1' },
    });
  });

  it('ignores SUPERSEDED unless configured', () => {
    expect(decide(pipelineEvent({ state: 'SUPERSEDED' }), config()).kind).toBe('ignore');
    const withSuperseded = config({ alerts: { states: ['FAILED', 'SUPERSEDED'] } });
    expect(decide(pipelineEvent({ state: 'SUPERSEDED' }), withSuperseded)).toMatchObject({ kind: 'alert', severity: 'info' });
  });

  it('folds stage and action failures into the execution alert by default, and not when configured', () => {
    const action = pipelineEvent({ level: 'action', stage: 'Build', action: 'Test' });

    expect(decide(action, config())).toMatchObject({ kind: 'ignore', reason: expect.stringContaining('folded') });
    expect(decide(action, config({ alerts: { foldIntoExecution: false } }))).toMatchObject({ kind: 'alert', eventType: 'action.failed' });
  });

  it('takes the failure reason of a build from its event, calling CodeBuild only when the event lacks it', () => {
    expect(decide(buildEvent(), config())).toEqual({ kind: 'alert', eventType: 'build.failed', severity: 'high' });
    expect(decide(buildEvent({ phases: [] }), config())).toMatchObject({ enrichment: { type: 'codebuild.enrich' } });
  });

  it('leaves builds started by a pipeline to the pipeline alert by default', () => {
    const pipelineBuild = buildEvent({ initiator: 'codepipeline/prod-api' });

    expect(decide(pipelineBuild, config()).kind).toBe('ignore');
    expect(decide(pipelineBuild, config({ alerts: { pipelineBuilds: 'alert' } })).kind).toBe('alert');
  });

  it('ignores build phase events unless configured', () => {
    const phase = buildEvent({ level: 'phase', completedPhase: 'BUILD' });

    expect(decide(phase, config()).kind).toBe('ignore');
    expect(decide(phase, config({ alerts: { buildPhaseEvents: true } }))).toMatchObject({ kind: 'alert', eventType: 'build-phase.failed' });
  });

  it('skips enrichment when it is disabled', () => {
    expect(decide(pipelineEvent(), config({ enrichment: { enabled: false } }))).not.toHaveProperty('enrichment');
  });

  it('ignores successes and starts', () => {
    expect(decide(pipelineEvent({ state: 'SUCCEEDED' }), config()).kind).toBe('ignore');
    expect(decide(buildEvent({ state: 'IN_PROGRESS' }), config()).kind).toBe('ignore');
  });
});

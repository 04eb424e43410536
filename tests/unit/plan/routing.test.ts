import { routableTopics, routeEvent, type RoutingKey } from '../../../shared/plan/routing';
import { config } from '../../support/domain';

const key: RoutingKey = {
  source: 'codepipeline',
  eventType: 'pipeline.failed',
  state: 'FAILED',
  severity: 'high',
  account: '111122223333',
  region: 'eu-west-1',
  pipeline: 'prod-api',
  repository: 'api',
  branch: 'release/2026.11',
};

const routed = (routes: unknown[], overrides: Partial<RoutingKey> = {}, base: RoutingKey = key) =>
  routeEvent(config({ targets: { a: { topic: 'a' }, b: { topic: 'b' }, c: { topic: 'c' } }, routes }), { ...base, ...overrides });

describe('routing', () => {
  it('sends an event to every matching route, each target once, in config order', () => {
    const result = routed([
      { name: 'prod', match: { pipeline: ['prod-*'] }, targets: ['a', 'b'] },
      { name: 'all', targets: ['b', 'c'] },
      { name: 'builds', match: { source: ['codebuild'] }, targets: ['a'] },
    ]);

    expect(result).toEqual({ routes: ['prod', 'all'], targets: ['a', 'b', 'c'] });
  });

  it('stops at a final route', () => {
    expect(routed([{ name: 'first', targets: ['a'], final: true }, { name: 'second', targets: ['b'] }]).targets).toEqual(['a']);
  });

  it('ANDs the fields of a match and ORs the values of a field', () => {
    const routes = [{ name: 'r', match: { severity: ['critical', 'high'], branch: ['main', 'release/*'], account: ['111122223333'] }, targets: ['a'] }];

    expect(routed(routes).targets).toEqual(['a']);
    expect(routed(routes, { severity: 'low' }).targets).toEqual([]);
    expect(routed(routes, { branch: 'feature/x' }).targets).toEqual([]);
    const { branch: _branch, ...withoutBranch } = key;
    expect(routed(routes, {}, withoutBranch).targets).toEqual([]);
  });

  it('matches event types and regions by glob and states case-insensitively', () => {
    const routes = [{ name: 'r', match: { eventType: ['pipeline.*'], region: ['eu-*'], state: ['failed'] }, targets: ['a'] }];

    expect(routed(routes).targets).toEqual(['a']);
    expect(routed(routes, { eventType: 'build.failed' }).targets).toEqual([]);
  });

  it('supports negated globs', () => {
    const routes = [{ name: 'not-sandbox', match: { pipeline: ['!sandbox-*'] }, targets: ['a'] }];

    expect(routed(routes).targets).toEqual(['a']);
    expect(routed(routes, { pipeline: 'sandbox-1' }).targets).toEqual([]);
  });
});

describe('routableTopics', () => {
  const targets = { a: { topic: 'ta' }, b: { topic: 'tb' }, c: { topic: 'tc' } };

  it('collects the topics of every route the sources could match', () => {
    const routes = [
      { name: 'pipelines', match: { source: ['codepipeline'] }, targets: ['a'] },
      { name: 'any', match: { severity: ['high'] }, targets: ['b'] },
      { name: 'pushes', match: { source: ['codecommit'] }, targets: ['c'] },
    ];
    expect(routableTopics(config({ targets, routes }), ['codecommit'])).toEqual(['tb', 'tc']);
    expect(routableTopics(config({ targets, routes }), ['codepipeline', 'codebuild'])).toEqual(['ta', 'tb']);
  });

  it('stops after a final route that always matches the sources, not after one that may not', () => {
    const routes = [
      { name: 'maybe', match: { source: ['codecommit'], branch: ['main'] }, targets: ['a'], final: true },
      { name: 'always', match: { source: ['codecommit'] }, targets: ['b'], final: true },
      { name: 'never-reached', targets: ['c'] },
    ];
    expect(routableTopics(config({ targets, routes }), ['codecommit'])).toEqual(['ta', 'tb']);
    expect(routableTopics(config({ targets, routes }), ['codebuild'])).toEqual(['tc']);
  });
});

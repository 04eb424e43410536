import { anyGlobMatcher, globMatcher } from '../../../shared/util/glob';

const cases: [pattern: string, matching: string[], notMatching: string[]][] = [
  ['main', ['main'], ['main2', 'xmain', 'Main']],
  ['prod-*', ['prod-api', 'prod-', 'prod-a.b'], ['prod', 'staging-prod-api', 'prod-api/x']],
  ['release/*', ['release/1.2', 'release/x'], ['release/1/2', 'release', 'releases/1']],
  ['release/**', ['release/1', 'release/1/2/3'], ['release', 'other/release/1']],
  ['**/node_modules/**', ['node_modules/a', 'a/b/node_modules/c/d'], ['a/node_modulesx/b']],
  ['src/**/*.ts', ['src/a.ts', 'src/x/y/a.ts'], ['src/a.js', 'lib/src/a.ts']],
  ['v?.?', ['v1.2'], ['v1.22', 'v/.2']],
  ['{api,web}-*', ['api-tests', 'web-e2e'], ['cli-tests', '{api,web}-x']],
  ['a{b,c{d,e}}f', ['abf', 'acdf', 'acef'], ['acf', 'af']],
  ['build-[0-9]', ['build-7'], ['build-x', 'build-10']],
  ['build-[!0-9]', ['build-x'], ['build-7']],
  ['file.(1)+', ['file.(1)+'], ['file.1', 'fileX(1)+']],
  ['\\*literal', ['*literal'], ['xliteral']],
  ['{unbalanced', ['{unbalanced'], ['unbalanced']],
  ['feature/🚀-*', ['feature/🚀-launch'], ['feature/x-launch']],
];

describe('globMatcher', () => {
  it.each(cases)('%s', (pattern, matching, notMatching) => {
    const matches = globMatcher(pattern);
    for (const value of matching) expect([value, matches(value)]).toEqual([value, true]);
    for (const value of notMatching) expect([value, matches(value)]).toEqual([value, false]);
  });

  it('negates a pattern with a leading !', () => {
    const notSandbox = globMatcher('!sandbox-*');
    expect(notSandbox('prod-1')).toBe(true);
    expect(notSandbox('sandbox-1')).toBe(false);
  });
});

describe('anyGlobMatcher', () => {
  it('matches any positive pattern and lets negated ones exclude', () => {
    const matches = anyGlobMatcher(['prod-*', 'release-*', '!*-canary']);
    expect(['prod-api', 'release-web', 'staging', 'prod-canary'].map(matches)).toEqual([true, true, false, false]);
  });

  it('with only negated patterns, matches everything they do not exclude', () => {
    const matches = anyGlobMatcher(['!sandbox-*', '!tmp-*']);
    expect(['prod', 'sandbox-1', 'tmp-2'].map(matches)).toEqual([true, false, false]);
  });
});

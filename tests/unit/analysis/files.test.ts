import { DEFAULT_SKIP_PATHS, forbiddenByName, isBinary, pathListMatcher } from '../../../shared/analysis/files';
import { anyGlobMatcher } from '../../../shared/util/glob';

const paths = [
  'node_modules/a/index.js',
  'packages/x/node_modules/b/c.js',
  'src/node_modules.ts',
  'vendor/lib.go',
  'app/vendor.ts',
  'web/dist/app.js',
  'dist',
  'src/app.min.js',
  'src/app.js',
  'a/b/package-lock.json',
  'package-lock.json.bak',
  'styles/site.min.css',
  'maps/app.js.map',
  'third_party/x/y.c',
  'go.sum',
  'sub/go.sum',
  'Cargo.lock',
  'cargo.lock',
];

describe('pathListMatcher', () => {
  it.each([
    ['the default skip list', DEFAULT_SKIP_PATHS],
    ['globs of every shape', ['**/vendor/**', 'src/*.js', '**/*.min.js', '{web,app}/**', 'Cargo.lock', '!web/dist/keep.js']],
    ['only exclusions', ['!src/**']],
  ])('agrees with anyGlobMatcher on %s', (_name, patterns) => {
    const fast = pathListMatcher(patterns);
    const reference = anyGlobMatcher(patterns);
    for (const path of paths) expect([path, fast(path)]).toEqual([path, reference(path)]);
  });

  it('matches nothing for an empty list', () => {
    expect(paths.filter(pathListMatcher([]))).toEqual([]);
  });
});

describe('forbiddenByName', () => {
  it('matches names case-insensitively and by path ending', () => {
    expect(forbiddenByName('Secrets/PROD.PFX').map((rule) => rule.id)).toEqual(['keystore-file']);
    expect(forbiddenByName('home/.aws/credentials').map((rule) => rule.id)).toEqual(['aws-credentials-file']);
    expect(forbiddenByName('aws/credentials')).toEqual([]);
    expect(forbiddenByName('.env.local.example')).toEqual([]);
    expect(forbiddenByName('p12')).toEqual([]);
  });
});

describe('isBinary', () => {
  it('looks for a NUL byte in the first 8 KiB only', () => {
    expect(isBinary(new Uint8Array([1, 2, 0, 3]))).toBe(true);
    expect(isBinary(new Uint8Array(8192).fill(65))).toBe(false);
    const late = new Uint8Array(9000).fill(65);
    late[8500] = 0;
    expect(isBinary(late)).toBe(false);
    const edge = new Uint8Array(9000).fill(65);
    edge[8191] = 0;
    expect(isBinary(edge)).toBe(true);
    expect(isBinary(edge.subarray(1))).toBe(true);
    expect(isBinary(edge.subarray(0, 8191))).toBe(false);
  });
});

/** esbuild/plugins.js: bundled middy does not load Node's web streams at cold start, and still runs handlers. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';

const ROOT = join(__dirname, '..', '..', '..');
// CommonJS, as serverless-esbuild loads it.
const plugins: Plugin[] = require(join(ROOT, 'esbuild', 'plugins.js'));

describe('middy-without-web-streams (esbuild plugin)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'herald-middy-plugin-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('bundles a middy handler that loads without node:stream/web and still answers', async () => {
    const outfile = join(dir, 'handler.mjs');
    await build({
      stdin: { contents: "import middy from '@middy/core'; export const handler = middy().handler(async (event) => ({ echoed: event.value }));", resolveDir: ROOT },
      bundle: true,
      outfile,
      format: 'esm',
      platform: 'node',
      plugins,
      logLevel: 'silent',
    });
    expect(readFileSync(outfile, 'utf8')).not.toContain('node:stream/web');
    const probe = join(dir, 'probe.mjs');
    writeFileSync(
      probe,
      [
        "const { handler } = await import('./handler.mjs');",
        "const loaded = process.moduleLoadList.includes('NativeModule stream/web');",
        'const answer = await handler({ value: 42 }, {});',
        'console.log(JSON.stringify({ loaded, answer }));',
      ].join('\n'),
    );
    const child = spawnSync(process.execPath, [probe], { cwd: dir, encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual({ loaded: false, answer: { echoed: 42 } });
  });

  it('fails the build when middy no longer has the import it removes', async () => {
    const fakeMiddy = join(dir, 'node_modules', '@middy', 'core');
    mkdirSync(fakeMiddy, { recursive: true });
    writeFileSync(join(fakeMiddy, 'package.json'), JSON.stringify({ name: '@middy/core', type: 'module', main: 'index.js' }));
    writeFileSync(join(fakeMiddy, 'index.js'), 'export default () => ({ handler: (f) => f });');
    await expect(
      build({ stdin: { contents: "import middy from '@middy/core'; export default middy;", resolveDir: dir }, bundle: true, write: false, format: 'esm', platform: 'node', plugins, logLevel: 'silent' }),
    ).rejects.toThrow(/middy-without-web-streams/);
  });
});

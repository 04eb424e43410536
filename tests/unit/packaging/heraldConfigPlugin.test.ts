/** esbuild/plugins.js: a bundle's `herald:config` is the config validated at build time; an invalid config fails the build. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { loadConfigFile } from '../../../shared/config/load';

const ROOT = join(__dirname, '..', '..', '..');
// CommonJS, as serverless-esbuild loads it.
const plugins: Plugin[] = require(join(ROOT, 'esbuild', 'plugins.js'));

/** Bundles a module re-exporting `herald:config` for the config at `path` into `dir`, and loads it. */
async function bundledConfig(path: string, dir: string): Promise<unknown> {
  const previous = process.env.HERALD_CONFIG_PATH;
  process.env.HERALD_CONFIG_PATH = path;
  try {
    const outfile = join(dir, 'bundle.js');
    await build({
      stdin: { contents: "export { default } from 'herald:config';", resolveDir: ROOT },
      bundle: true,
      outfile,
      format: 'cjs',
      platform: 'node',
      plugins,
      logLevel: 'silent',
    });
    return require(outfile).default;
  } finally {
    if (previous === undefined) delete process.env.HERALD_CONFIG_PATH;
    else process.env.HERALD_CONFIG_PATH = previous;
  }
}

describe('herald:config (esbuild plugin)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'herald-config-plugin-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it.each(['herald.config.yml', 'tests/fixtures/config/build-hooks.yml', 'tests/fixtures/config/people.yml'])('embeds %s as the loader validates it, defaults filled in', async (file) => {
    const path = join(ROOT, file);
    const embedded = await bundledConfig(path, dir);
    expect(embedded).toEqual(loadConfigFile(path));
    expect(embedded).toMatchObject({ alerts: { foldIntoExecution: true }, noise: { repeatFailures: expect.any(String) } });
  });

  it('fails the build with every problem named when the config is invalid', async () => {
    const path = join(dir, 'herald.config.yml');
    writeFileSync(path, 'version: 1\ntargets:\n  email: { topic: alerts, formt: email }\nroutes:\n  - { name: all, targets: [email] }\n');
    await expect(bundledConfig(path, dir)).rejects.toThrow(/is not a valid Herald config: targets\.email\.formt: unknown key/);
  });
});

/**
 * `npm run build:cli`: the analyze command as one CommonJS file, dist/cli/analyze.cjs, for CI jobs
 * and hooks (`node dist/cli/analyze.cjs <path> [--format json|sarif]`): it starts without tsx and
 * without ESM loading. bench/secretScan.ts times this same build.
 */
import path from 'node:path';
import { build, type BuildOptions, type Plugin } from 'esbuild';

const ROOT = path.join(__dirname, '..');

/** The program's `--config` support (./analyzeConfig: YAML parser, config schema), a file of its own: a plain scan never reads it. */
const CONFIG_MODULE = 'analyze-config.cjs';

/**
 * Builds shared/cli/analyzeMain.ts of `root` (default: this checkout) into `outfile`, and
 * ./analyzeConfig next to it; returns the program's path. `import()` becomes `require`, so nothing
 * goes through the ESM loader.
 */
export async function buildAnalyzeCli({ root = ROOT, outfile = path.join(ROOT, 'dist', 'cli', 'analyze.cjs') } = {}): Promise<string> {
  const common: BuildOptions = { bundle: true, minify: true, platform: 'node', target: 'node20', format: 'cjs', mainFields: ['module', 'main'], logLevel: 'error', supported: { 'dynamic-import': false } };
  const configModule: Plugin = {
    name: 'analyze-config',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^\.\/analyzeConfig$/ }, () => ({ path: `./${CONFIG_MODULE}`, external: true }));
    },
  };
  await Promise.all([
    build({ ...common, entryPoints: [path.join(root, 'shared', 'cli', 'analyzeMain.ts')], outfile, plugins: [configModule] }),
    build({ ...common, entryPoints: [path.join(root, 'shared', 'cli', 'analyzeConfig.ts')], outfile: path.join(path.dirname(outfile), CONFIG_MODULE) }),
  ]);
  return outfile;
}

if (require.main === module) {
  buildAnalyzeCli().then(
    (outfile) => console.log(`wrote ${path.relative(process.cwd(), outfile)}`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}

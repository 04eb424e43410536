/**
 * `npm run build:cli`: the analyze command as one CommonJS file, dist/cli/analyze.cjs, for CI jobs
 * and hooks (`node dist/cli/analyze.cjs <path> [--format json|sarif]`): it starts without tsx and
 * without ESM loading. bench/secretScan.ts times this same build.
 */
import path from 'node:path';
import { build } from 'esbuild';

const ROOT = path.join(__dirname, '..');

/** Builds shared/cli/analyzeMain.ts of `root` (default: this checkout) into `outfile`; returns its path. */
export async function buildAnalyzeCli({ root = ROOT, outfile = path.join(ROOT, 'dist', 'cli', 'analyze.cjs') } = {}): Promise<string> {
  await build({
    entryPoints: [path.join(root, 'shared', 'cli', 'analyzeMain.ts')],
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    mainFields: ['module', 'main'],
    outfile,
    logLevel: 'error',
  });
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

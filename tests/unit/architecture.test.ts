/**
 * The directions that keep the house simple (DESIGN.md): pure layers import no SDK, HTTP or
 * environment; adapters and planners stay apart; entries stay independent; no import cycles.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const files = [...sourceFiles(join(ROOT, 'shared')), ...sourceFiles(join(ROOT, 'functions'))];
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g;

/** Every module a file imports: repo-relative paths for local ones, package names otherwise. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((match) => {
    const specifier = match[1] ?? match[2] ?? '';
    if (!specifier.startsWith('.')) return specifier;
    return relative(ROOT, resolve(dirname(file), specifier)) + '.ts';
  });
}

const graph = new Map(files.map((file) => [relative(ROOT, file), importsOf(file)]));
const under = (prefix: string) => [...graph.keys()].filter((file) => file.startsWith(prefix));

describe('architecture', () => {
  const analysisEngine = ['engine', 'keywords', 'files', 'skipPaths', 'placeholders', 'text', 'mask', 'diff', 'types'].map((name) => `shared/analysis/${name}.ts`);
  it.each(['shared/events/', 'shared/plan/', 'shared/render/', 'shared/alerts/', 'shared/util/', 'shared/hooks/', 'shared/config/schema.ts', ...analysisEngine, 'shared/analysis/rules/'])(
    '%s imports no AWS SDK, no HTTP client and reads no environment',
    (prefix) => {
      for (const file of under(prefix)) {
        const forbidden = (graph.get(file) ?? []).filter((target) => /^@aws-sdk\/|^node:(http|https|net)$|adapters\//.test(target));
        expect([file, forbidden]).toEqual([file, []]);
        expect([file, readFileSync(join(ROOT, file), 'utf8').includes('process.env')]).toEqual([file, false]);
      }
    },
  );

  it('planners never import adapters, and adapters import only the action and fact types of the plan layer', () => {
    for (const file of under('shared/plan/')) {
      expect([file, (graph.get(file) ?? []).filter((target) => target.includes('adapters/') || target.includes('shared/app/'))]).toEqual([file, []]);
    }
    for (const file of under('shared/adapters/')) {
      const planImports = (graph.get(file) ?? []).filter((target) => target.startsWith('shared/plan/'));
      expect([file, planImports.filter((target) => !/shared\/plan\/(actions|facts)\.ts$/.test(target))]).toEqual([file, []]);
    }
  });

  it('Lambda entries never import each other, and the CLI never imports them', () => {
    for (const file of [...under('functions/'), ...under('shared/')]) {
      const entries = (graph.get(file) ?? []).filter((target) => target.startsWith('functions/'));
      expect([file, entries]).toEqual([file, []]);
    }
  });

  it('has no import cycles', () => {
    const state = new Map<string, 'visiting' | 'done'>();
    const cycles: string[][] = [];
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        cycles.push([...trail.slice(trail.indexOf(file)), file]);
        return;
      }
      state.set(file, 'visiting');
      for (const target of graph.get(file) ?? []) if (graph.has(target)) visit(target, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });
});

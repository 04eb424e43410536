import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ALL_RULES, analyzeFiles } from '../../../shared/analysis/engine';
import { OPTIONS, rulesOf } from './support';

const ROOT = join(__dirname, '..', '..', '..');

describe('the rule set', () => {
  it('has unique ids and at least 60 credential kinds', () => {
    const ids = ALL_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ALL_RULES.filter((rule) => rule.category === undefined || rule.category === 'secret').map((rule) => rule.kind)).size).toBeGreaterThanOrEqual(60);
  });

  it.each(ALL_RULES.map((rule) => [rule.id, rule] as const))('%s is well-formed data', (_id, rule) => {
    expect(rule.regex.source).toContain('(?<secret>');
    expect(rule.regex.flags).not.toMatch(/[guy]/);
    for (const keyword of rule.keywords) expect(keyword).toBe(keyword.toLowerCase());
    // A rule without a literal anchor needs a byte gate, or it would never run.
    expect(rule.keywords.length > 0 || rule.gate !== undefined).toBe(true);
    expect(rule.examples.positive.length).toBeGreaterThan(0);
    expect(rule.examples.negative.length).toBeGreaterThan(0);
  });

  it('keeps rules without keywords rare (each one costs a byte pass over every file)', () => {
    expect(ALL_RULES.filter((rule) => rule.keywords.length === 0 && rule.optIn !== true).map((rule) => rule.id)).toEqual(['discord-bot-token']);
  });

  it('makes generic entropy detection opt-in and never blocking', () => {
    for (const rule of ALL_RULES.filter((entry) => entry.category === 'high-entropy')) {
      expect([rule.id, rule.optIn, rule.blocking]).toEqual([rule.id, true, false]);
    }
  });
});

describe.each(ALL_RULES.map((rule) => [rule.id, rule] as const))('rule %s', (id, rule) => {
  const options = { genericEntropy: rule.optIn === true };

  it.each(rule.examples.positive.map((example, index) => [index, example] as const))('positive example %i yields exactly this rule', (_index, example) => {
    expect(rulesOf(example, options, 'example.txt')).toEqual([id]);
  });

  it.each(rule.examples.negative.map((example, index) => [index, example] as const))('negative example %i yields nothing', (_index, example) => {
    expect(rulesOf(example, options, 'example.txt')).toEqual([]);
  });
});

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : [path];
  });
}

describe('this repository', () => {
  it('holds no credential-shaped literal in the engine, its tests, the evaluation script or the scanner docs', () => {
    const paths = [
      ...sources(join(ROOT, 'shared', 'analysis')).filter((path) => !path.includes(`${join('analysis', 'sources')}`) && !path.endsWith('sarif.ts')),
      ...sources(join(ROOT, 'tests', 'unit', 'analysis')),
      join(ROOT, 'scripts', 'evalCorpus.ts'),
      join(ROOT, 'docs', 'secret-scanner.md'),
    ];
    const report = analyzeFiles(
      paths.map((path) => ({ path: relative(ROOT, path), content: readFileSync(path) })),
      { ...OPTIONS, genericEntropy: true },
    );
    expect(report.findings.map((finding) => `${finding.file}:${finding.line} ${finding.rule}`)).toEqual([]);
    expect(report.scannedFiles).toBe(paths.length);
  });
});

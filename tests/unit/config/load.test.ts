import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfigFile, parseConfig } from '../../../shared/config/load';
import { configJsonSchema } from '../../../shared/config/jsonSchema';

const ROOT = join(__dirname, '..', '..', '..');

describe('config loading', () => {
  it('loads the repository config with defaults filled in', () => {
    const config = loadConfigFile(join(ROOT, 'herald.config.yml'));

    expect(Object.keys(config.targets).sort()).toEqual(['chat', 'email', 'security', 'slack']);
    expect(config.alerts.states).toEqual(['FAILED', 'CANCELED', 'STOPPED', 'TIMED_OUT', 'FAULT']);
    expect(config.enrichment).toEqual({ enabled: true, timeoutMs: 3000 });
    expect(config.push).toMatchObject({ tags: false, commitComments: false, cleanSummary: false, analysis: { maxFileBytes: 1048576, genericEntropy: false } });
  });

  it('fills in push defaults: main and master protected, tags off, the engine\'s skip list', () => {
    const config = parseConfig('version: 1\ntargets: {}\n', 'test.yml');

    expect(config.push).toEqual({
      protectedBranches: ['main', 'master'],
      tags: false,
      analysis: { maxFileBytes: 1048576, genericEntropy: false },
      commitComments: false,
      cleanSummary: false,
    });
  });

  it('names the path of a misspelt push key', () => {
    const yaml = 'version: 1\ntargets: {}\npush:\n  repositories:\n    api: { protectedBranch: [main] }\n';

    expect(() => parseConfig(yaml, 'test.yml')).toThrow(/push\.repositories\.api\.protectedBranch: unknown key/);
  });

  it('names the path of a misspelt key', () => {
    const yaml = 'version: 1\ntargets: { a: { topic: alerts } }\nroutes:\n  - name: r\n    targets: [a]\n    match: { pipline: [x] }\n';

    expect(() => parseConfig(yaml, 'test.yml')).toThrow(/routes\[0\]\.match\.pipline: unknown key/);
  });

  it('rejects a route to an undeclared target', () => {
    const yaml = 'version: 1\ntargets: { a: { topic: alerts } }\nroutes:\n  - { name: r, targets: [b] }\n';

    expect(() => parseConfig(yaml, 'test.yml')).toThrow('routes[0].targets: unknown target "b"');
  });

  it('reports YAML syntax errors and missing files as ConfigError', () => {
    expect(() => parseConfig('version: [1', 'bad.yml')).toThrow(ConfigError);
    expect(() => loadConfigFile('/nonexistent/herald.config.yml')).toThrow(/cannot read config file/);
  });

  it('publishes a JSON Schema that matches the config schema (run `npm run schema` after changing it)', () => {
    const published = JSON.parse(readFileSync(join(ROOT, 'herald.config.schema.json'), 'utf8'));

    expect(published).toEqual(configJsonSchema());
  });
});

import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { HeraldConfig } from './schema';
import { ConfigError, validateConfig } from './validate';

export { ConfigError } from './validate';

/** Validates YAML text as a Herald config; `origin` names the file in error messages. */
export function parseConfig(yamlText: string, origin: string): HeraldConfig {
  let document: unknown;
  try {
    document = parseYaml(yamlText);
  } catch (error: unknown) {
    throw new ConfigError(`${origin} is not valid YAML`, [error instanceof Error ? error.message : String(error)], { cause: error });
  }
  return validateConfig(document, origin);
}

/** Reads and validates the config file at `path` (the CLI's way in; Lambdas embed the file). */
export function loadConfigFile(path: string): HeraldConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error: unknown) {
    throw new ConfigError(`cannot read config file ${path}`, [], { cause: error });
  }
  return parseConfig(text, path);
}

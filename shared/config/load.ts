import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { configSchema, type HeraldConfig } from './schema';

/** The config file is missing, is not YAML, or does not fit the schema. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    message: string,
    readonly issues: readonly string[] = [],
    options?: ErrorOptions,
  ) {
    super(issues.length > 0 ? `${message}: ${issues.join('; ')}` : message, options);
  }
}

/** Validates YAML text as a Herald config; `origin` names the file in error messages. */
export function parseConfig(yamlText: string, origin: string): HeraldConfig {
  let document: unknown;
  try {
    document = parseYaml(yamlText);
  } catch (error: unknown) {
    throw new ConfigError(`${origin} is not valid YAML`, [error instanceof Error ? error.message : String(error)], { cause: error });
  }
  const result = configSchema.safeParse(document);
  if (!result.success) {
    throw new ConfigError(`${origin} is not a valid Herald config`, formatIssues(result.error));
  }
  return result.data;
}

/** Reads and validates the config file at `path` (fails fast: call it at cold start). */
export function loadConfigFile(path: string): HeraldConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error: unknown) {
    throw new ConfigError(`cannot read config file ${path}`, [], { cause: error });
  }
  return parseConfig(text, path);
}

function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`);
}

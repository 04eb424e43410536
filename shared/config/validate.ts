import * as v from 'valibot';
import { explainFailure } from '../util/schemaIssues';
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

/** Validates parsed config data; `origin` names where it came from in error messages. */
export function validateConfig(document: unknown, origin: string): HeraldConfig {
  const result = v.safeParse(configSchema, document);
  if (!result.success) {
    throw new ConfigError(`${origin} is not a valid Herald config`, explainFailure(configSchema, document));
  }
  return result.output;
}

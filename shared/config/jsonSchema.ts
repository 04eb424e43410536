import * as z from 'zod/mini';
import { configSchema } from './schema';

/** The config schema as JSON Schema (the input side: defaults make keys optional). */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'Herald configuration',
  };
}

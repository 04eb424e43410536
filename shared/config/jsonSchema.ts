import { toJsonSchema } from '@valibot/to-json-schema';
import { configSchema } from './schema';

/** The config schema as JSON Schema for editors (defaults make keys optional; the route/target cross-check is not expressible). */
export function configJsonSchema(): Record<string, unknown> {
  return { ...toJsonSchema(configSchema, { errorMode: 'ignore' }), title: 'Herald configuration' };
}

// Publishes the config schema as JSON Schema for editor completion (`npm run schema`).
import { writeFileSync } from 'node:fs';
import { configJsonSchema } from '../shared/config/jsonSchema';

writeFileSync('herald.config.schema.json', `${JSON.stringify(configJsonSchema(), null, 2)}\n`);

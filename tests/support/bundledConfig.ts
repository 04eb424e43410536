// Jest's stand-in for the `herald:config` module that esbuild/plugins.js embeds in Lambda
// bundles: the same file ($HERALD_CONFIG_PATH or herald.config.yml), read when first imported.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const bundledConfig: unknown = parse(readFileSync(process.env.HERALD_CONFIG_PATH ?? 'herald.config.yml', 'utf8'));
export default bundledConfig;

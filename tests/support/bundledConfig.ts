// Jest's stand-in for the `herald:config` module that esbuild/plugins.js embeds in Lambda
// bundles: the same file ($HERALD_CONFIG_PATH or herald.config.yml), validated by the same
// loader when first imported.
import type { HeraldConfig } from '../../shared/config/schema';
import { loadConfigFile } from '../../shared/config/load';

const bundledConfig: HeraldConfig = loadConfigFile(process.env.HERALD_CONFIG_PATH ?? 'herald.config.yml');
export default bundledConfig;

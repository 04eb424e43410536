/**
 * herald.config.yml as esbuild/plugins.js embeds it in the Lambda bundles: validated with the
 * config schema at build time (defaults filled in), so the functions use it as it is.
 */
declare module 'herald:config' {
  const config: import('../shared/config/schema').HeraldConfig;
  export default config;
}

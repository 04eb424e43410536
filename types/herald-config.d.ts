/** herald.config.yml as plain data, embedded by esbuild/plugins.js; validate before use. */
declare module 'herald:config' {
  const config: unknown;
  export default config;
}

// esbuild plugins for the Lambda bundles (serverless-esbuild `plugins`, and bench/coldStart.ts).
// `import config from 'herald:config'` embeds herald.config.yml (or $HERALD_CONFIG_PATH) as JSON,
// validated at build time with the config schema (defaults filled in): no function carries a
// YAML parser or the config schema, reads a file or validates the config at cold start. An
// invalid config fails the build, naming every problem, so it is never deployed.
const { heraldConfigPath, validatedHeraldConfig } = require('./heraldConfig');

const heraldConfig = {
  name: 'herald-config',
  setup(build) {
    build.onResolve({ filter: /^herald:config$/ }, () => ({
      path: heraldConfigPath(),
      namespace: 'herald-config',
    }));
    build.onLoad({ filter: /.*/, namespace: 'herald-config' }, async (args) => {
      let config;
      try {
        config = await validatedHeraldConfig(build.esbuild, args.path);
      } catch (error) {
        return { errors: [{ text: error instanceof Error ? error.message : String(error) }], watchFiles: [args.path] };
      }
      return { contents: JSON.stringify(config), loader: 'json', watchFiles: [args.path] };
    });
  },
};

module.exports = [heraldConfig];

// esbuild plugins for the Lambda bundles (serverless-esbuild `plugins`, and bench/coldStart.ts).
// `import bundledConfig from 'herald:config'` embeds herald.config.yml (or $HERALD_CONFIG_PATH)
// as JSON at build time, so no function carries a YAML parser or reads a file at cold start.
// The function still validates it with the config schema when it loads.
const { heraldConfigPath, readHeraldConfig } = require('./heraldConfig');

const heraldConfig = {
  name: 'herald-config',
  setup(build) {
    build.onResolve({ filter: /^herald:config$/ }, () => ({
      path: heraldConfigPath(),
      namespace: 'herald-config',
    }));
    build.onLoad({ filter: /.*/, namespace: 'herald-config' }, (args) => ({
      contents: JSON.stringify(readHeraldConfig(args.path)),
      loader: 'json',
      watchFiles: [args.path],
    }));
  },
};

module.exports = [heraldConfig];

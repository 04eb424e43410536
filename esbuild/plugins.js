// esbuild plugins for the Lambda bundles (serverless-esbuild `plugins`, and bench/coldStart.ts).
// `import bundledConfig from 'herald:config'` embeds herald.config.yml (or $HERALD_CONFIG_PATH)
// as JSON at build time, so no function carries a YAML parser or reads a file at cold start.
// The function still validates it with the config schema when it loads.
const { readFileSync } = require('node:fs');
const { resolve } = require('node:path');
const { parse } = require('yaml');

const heraldConfig = {
  name: 'herald-config',
  setup(build) {
    build.onResolve({ filter: /^herald:config$/ }, () => ({
      path: resolve(process.env.HERALD_CONFIG_PATH ?? 'herald.config.yml'),
      namespace: 'herald-config',
    }));
    build.onLoad({ filter: /.*/, namespace: 'herald-config' }, (args) => ({
      contents: JSON.stringify(parse(readFileSync(args.path, 'utf8'))),
      loader: 'json',
      watchFiles: [args.path],
    }));
  },
};

module.exports = [heraldConfig];

// esbuild plugins for the Lambda bundles (serverless-esbuild `plugins`, and bench/coldStart.ts).
// `import config from 'herald:config'` embeds herald.config.yml (or $HERALD_CONFIG_PATH) as JSON,
// validated at build time with the config schema (defaults filled in): no function carries a
// YAML parser or the config schema, reads a file or validates the config at cold start. An
// invalid config fails the build, naming every problem, so it is never deployed.
const { readFile } = require('node:fs/promises');
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

// @middy/core imports node:stream/web at its top for response streaming (`streamifyResponse`),
// which no Herald handler uses: loading web streams cost every cold start about 6 ms (84.5 against
// 78.8 ms for pipelineAlerts). This drops the import and lets the streaming branch use the global
// ReadableStream (the same class, loaded on first access). The build fails if middy's source no
// longer holds what is replaced, so an upgrade cannot skip it silently.
const WEB_STREAMS_IMPORT = 'import { ReadableStream } from "node:stream/web";';
const READABLE_STREAM_CHECK = 'instanceof ReadableStream';

const middyWithoutWebStreams = {
  name: 'middy-without-web-streams',
  setup(build) {
    build.onLoad({ filter: /[\\/]@middy[\\/]core[\\/]index\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes(WEB_STREAMS_IMPORT) || !source.includes(READABLE_STREAM_CHECK)) {
        return { errors: [{ text: `esbuild/plugins.js: ${args.path} no longer imports ReadableStream as expected; update the middy-without-web-streams plugin` }] };
      }
      const contents = source.replace(WEB_STREAMS_IMPORT, '').replaceAll(READABLE_STREAM_CHECK, 'instanceof globalThis.ReadableStream');
      return { contents, loader: 'js' };
    });
  },
};

module.exports = [heraldConfig, middyWithoutWebStreams];

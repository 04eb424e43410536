#!/usr/bin/env node
// Runs the TypeScript CLI from source, so `npx herald` always matches the checkout.
require('tsx/cjs/api').register();
require('../shared/cli/main.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });

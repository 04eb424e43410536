#!/usr/bin/env node
// Runs the TypeScript CLI from source (so `npx herald` always matches the checkout) in a Node
// process with tsx's loader: commands are imported lazily, and import() of TypeScript needs
// the loader registered with --import. Signals are passed on, so `herald dev` stops cleanly.
const { spawn } = require('node:child_process');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

const loader = pathToFileURL(require.resolve('tsx')).href;
const child = spawn(process.execPath, ['--import', loader, join(__dirname, '..', 'shared', 'cli', 'entry.ts'), ...process.argv.slice(2)], {
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1);
});

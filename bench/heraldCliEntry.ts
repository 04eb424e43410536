// Entry for the bundled CLI the secret-scan benchmark runs (no TypeScript loader at start-up).
import { main } from '../shared/cli/main';

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

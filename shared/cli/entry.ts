// The herald command's entry: bin/herald.js runs it from source, bench/secretScan.ts bundles it.
import { main } from './main';

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

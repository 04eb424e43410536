/** Writes the fault suite's figures to docs/reliability.md (the generated section between markers). */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Figures {
  readonly name: string;
  readonly faults: string;
  readonly events: number;
  readonly deliveries: number;
  readonly deliveredOnce: number;
  readonly onFailureQueue: number;
  /** Delivered, and also on the failure queue (a later step of the invocation failed): not doubled, and a redrive finds the effect's record. */
  readonly deliveredAndOnFailureQueue: number;
  readonly lost: number;
  readonly doubled: number;
  /** Error types of the on-failure records. */
  readonly failureReasons: string;
}

const REPORT = join(__dirname, '..', '..', 'docs', 'reliability.md');
const START = '<!-- fault-suite:start (written by tests/integration/faults.test.ts) -->';
const END = '<!-- fault-suite:end -->';

export function reliabilityTable(figures: readonly Figures[], { seed }: { seed: number }): string {
  const rows = figures.map(
    (f) => `| ${f.name} | ${f.events} | ${f.deliveries} | ${f.deliveredOnce} | ${f.onFailureQueue} | ${f.deliveredAndOnFailureQueue} | **${f.lost}** | **${f.doubled}** |`,
  );
  const faults = figures.map((f) => `- ${f.name}: ${f.faults}${f.failureReasons === '' ? '' : `. On the failure queue: ${f.failureReasons}`}`);
  return [
    `Last run: ${new Date().toISOString()}, Node ${process.version}, fault seed ${seed}.`,
    '',
    '| Scenario | Events | Deliveries | Delivered once | On failure queue | Delivered and on failure queue | Lost | Doubled |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    'Faults injected (the proxy\'s counts; each request faulted before reaching the service):',
    '',
    ...faults,
  ].join('\n');
}

/** Only `npm run reliability` rewrites the doc: `npm test` checks the figures without dirtying the tree. */
export function writeReliabilityFigures(figures: readonly Figures[], options: { seed: number }): void {
  if (process.env.HERALD_WRITE_RELIABILITY !== '1') return;
  const current = existsSync(REPORT) ? readFileSync(REPORT, 'utf8') : `# Reliability\n\n${START}\n${END}\n`;
  const from = current.indexOf(START);
  const to = current.indexOf(END);
  const section = `${START}\n${reliabilityTable(figures, options)}\n${END}`;
  const next = from >= 0 && to > from ? current.slice(0, from) + section + current.slice(to + END.length) : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(REPORT, next);
}

/**
 * Runs the (synchronous, pure) engine over a source's files, one file at a time, and merges
 * the source's skips with the engine's.
 */
import { FileAnalyzer } from '../engine';
import type { AnalysisOptions, AnalysisReport, CandidateFile, SkippedFile } from '../types';
import type { FileSource } from './source';

/** How far a scan has got; updated as files are read, so a timer can report progress. */
export interface ScanProgress {
  files: number;
  bytes: number;
}

/** How long the (synchronous) engine may run before timers (progress reports) get a turn. */
const SLICE_MS = 20;
const CLOCK_EVERY = 32;

/**
 * Files go to the engine one at a time as the source yields them, so memory is bounded by one
 * file and a source may reuse one buffer for every file (the engine keeps nothing of a file's
 * content once it has scanned it).
 */
export async function analyzeSource(source: FileSource, options: AnalysisOptions, progress: ScanProgress = { files: 0, bytes: 0 }): Promise<AnalysisReport> {
  const analyzer = new FileAnalyzer(options);
  const add = (file: CandidateFile) => {
    progress.files += 1;
    progress.bytes += file.content.length;
    analyzer.add(file);
  };
  let sliceStart = performance.now();
  // The clock is read every few files only: per file it is a measurable share of a small file's cost.
  const sliceOver = () => progress.files % CLOCK_EVERY === 0 && performance.now() - sliceStart > SLICE_MS;
  const nextTurn = async () => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    sliceStart = performance.now();
  };
  if (Symbol.asyncIterator in source.files) {
    for await (const file of source.files) {
      add(file);
      if (sliceOver()) await nextTurn();
    }
  } else {
    // A synchronous source costs no promise per file.
    for (const file of source.files) {
      add(file);
      if (sliceOver()) await nextTurn();
    }
  }
  const report = analyzer.report();
  return { ...report, skipped: mergeSkipped(source.skipped, report.skipped) };
}

/** The source's and the engine's skips, one entry per path (the source's reason wins), by path. */
export function mergeSkipped(...lists: (readonly SkippedFile[])[]): SkippedFile[] {
  const byPath = new Map<string, SkippedFile>();
  for (const list of lists) for (const skipped of list) if (!byPath.has(skipped.path)) byPath.set(skipped.path, skipped);
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

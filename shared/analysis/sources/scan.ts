/**
 * Runs the (synchronous, pure) engine over a source's files in batches, so a large repository
 * is analysed with memory bounded by one batch, and merges the batch reports into one.
 */
import { analyzeFiles } from '../engine';
import type { AnalysisOptions, AnalysisReport, CandidateFile, Finding, SkippedFile } from '../types';
import type { FileSource } from './source';

/** How far a scan has got; updated as files are read, so a timer can report progress. */
export interface ScanProgress {
  files: number;
  bytes: number;
}

/** A batch is handed to the engine once it holds this many bytes or files. */
const BATCH_BYTES = 8 * 1024 * 1024;
const BATCH_FILES = 256;

export async function analyzeSource(source: FileSource, options: AnalysisOptions, progress: ScanProgress = { files: 0, bytes: 0 }): Promise<AnalysisReport> {
  const findings: Finding[] = [];
  const engineSkipped: SkippedFile[] = [];
  let scannedFiles = 0;
  let scannedBytes = 0;
  let suppressed = 0;
  const analyse = (batch: readonly CandidateFile[]) => {
    if (batch.length === 0) return;
    const report = analyzeFiles(batch, options);
    findings.push(...report.findings);
    engineSkipped.push(...report.skipped);
    scannedFiles += report.scannedFiles;
    scannedBytes += report.scannedBytes;
    suppressed += report.suppressed;
  };

  let batch: CandidateFile[] = [];
  let batchBytes = 0;
  for await (const file of source.files) {
    batch.push(file);
    batchBytes += file.content.length;
    progress.files += 1;
    progress.bytes += file.content.length;
    if (batchBytes >= BATCH_BYTES || batch.length >= BATCH_FILES) {
      analyse(batch);
      batch = [];
      batchBytes = 0;
      // The engine is synchronous: let timers (progress reports) run between batches.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  analyse(batch);
  return { findings, scannedFiles, scannedBytes, skipped: mergeSkipped(source.skipped, engineSkipped), suppressed };
}

/** The source's and the engine's skips, one entry per path (the source's reason wins), by path. */
export function mergeSkipped(...lists: (readonly SkippedFile[])[]): SkippedFile[] {
  const byPath = new Map<string, SkippedFile>();
  for (const list of lists) for (const skipped of list) if (!byPath.has(skipped.path)) byPath.set(skipped.path, skipped);
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

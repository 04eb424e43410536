/** Helpers for the analysis tests: every credential-shaped value is generated at run time. */
import { analyzeFiles, DEFAULT_ANALYSIS_OPTIONS, type AnalyzeOptions } from '../../../shared/analysis/engine';
import type { AnalysisReport, CandidateFile } from '../../../shared/analysis/types';

export const OPTIONS: AnalyzeOptions = { ...DEFAULT_ANALYSIS_OPTIONS, fingerprintSalt: 'unit-test-salt' };

export function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function file(path: string, text: string, addedLines?: readonly number[]): CandidateFile {
  return addedLines === undefined ? { path, content: bytes(text) } : { path, content: bytes(text), addedLines: new Set(addedLines) };
}

/** Scans one file. */
export function scan(text: string, options: Partial<AnalyzeOptions> = {}, path = 'src/config.ts'): AnalysisReport {
  return analyzeFiles([file(path, text)], { ...OPTIONS, ...options });
}

/** The rule ids a text yields, sorted and unique. */
export function rulesOf(text: string, options: Partial<AnalyzeOptions> = {}, path = 'src/config.ts'): string[] {
  return [...new Set(scan(text, options, path).findings.map((finding) => finding.rule))].sort();
}

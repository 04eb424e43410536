/**
 * Git sources: the files a range of commits changed (`gitChanges`) or every file of one
 * commit's tree (`gitTree`), read from the object database rather than the working tree, so
 * what is scanned is exactly what was (or would be) pushed.
 */
import { realpath } from 'node:fs/promises';
import type { CandidateFile, SkippedFile } from '../types';
import { objectContents, objectSizes } from './catFile';
import { SourceError } from './errors';
import { parseLsTree, parseRawDiff, type GitEntry } from './gitListings';
import { completion, gitFailure, gitOutput, runGit, spawnGit } from './gitProcess';
import { AddedLinesParser, lineSet, type LineRange } from './hunks';
import { pathFilter, skipBeforeReading } from './skip';
import type { FileSource, SourceOptions } from './source';

export type RepositoryProbe =
  | { readonly kind: 'repository'; readonly bare: boolean }
  | { readonly kind: 'inside-repository'; readonly topLevel: string }
  | { readonly kind: 'not-a-repository' };

/**
 * Whether `dir` is a git repository: the top level of a work tree or a bare repository. A
 * directory inside a work tree is not one (it is scanned as a plain directory); the probe
 * names the top level so a caller can say where to point instead.
 */
export async function probeRepository(dir: string): Promise<RepositoryProbe> {
  const result = await runGit(dir, ['rev-parse', '--is-bare-repository', '--is-inside-work-tree']);
  if (result.code !== 0) {
    if (/not a git repository/i.test(result.stderr)) return { kind: 'not-a-repository' };
    throw gitFailure(['rev-parse'], result.code, result.stderr);
  }
  const [bare, insideWorkTree] = result.stdout.toString('utf8').split('\n');
  if (bare === 'true') return { kind: 'repository', bare: true };
  if (insideWorkTree !== 'true') return { kind: 'not-a-repository' };
  const topLevel = (await gitOutput(dir, ['rev-parse', '--show-toplevel'])).toString('utf8').trim();
  const [here, top] = await Promise.all([realpath(dir), realpath(topLevel)]);
  return here === top ? { kind: 'repository', bare: false } : { kind: 'inside-repository', topLevel };
}

const NULL_COMMIT = /^0+$/;

/**
 * The full commit id `rev` names, or a `bad-revision` SourceError. `rev` is passed to git as
 * one argument, never through a shell, and may not start with `-` (it would read as an option).
 */
export async function resolveCommit(repoDir: string, rev: string, label = 'revision'): Promise<string> {
  if (rev === '' || rev.startsWith('-') || /[\0-\x1f\x7f]/.test(rev)) {
    throw new SourceError('bad-revision', `${label} ${JSON.stringify(rev)} is not a valid revision`);
  }
  if (NULL_COMMIT.test(rev) && rev.length >= 40) {
    throw new SourceError('bad-revision', `${label} ${rev} is the null commit (a new branch): pass the branch it starts from, e.g. main`);
  }
  const result = await runGit(repoDir, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
  const id = result.stdout.toString('utf8').trim();
  if (result.code !== 0 || id === '') throw new SourceError('bad-revision', `${label} ${JSON.stringify(rev)} is not a commit in ${repoDir}`);
  return id;
}

interface ReadableEntry {
  readonly path: string;
  readonly objectId: string;
  readonly bytes: number;
  /** Absent: every line is new. Turned into a line set only when the file is handed over. */
  readonly addedRanges?: readonly LineRange[];
}

/** Sorts entries into files to read and files skipped for their kind, path or size. */
function triage<Entry extends GitEntry>(entries: readonly Entry[], sizeOf: (entry: Entry) => number | undefined, options: SourceOptions) {
  const filter = pathFilter(options.skipPaths);
  const toRead: (Entry & { readonly bytes: number })[] = [];
  const skipped: SkippedFile[] = [];
  for (const entry of entries) {
    if (entry.kind !== 'file') {
      skipped.push({ path: entry.path, reason: entry.kind });
      continue;
    }
    const bytes = sizeOf(entry);
    if (bytes === undefined) {
      skipped.push({ path: entry.path, reason: 'unreadable' });
      continue;
    }
    const skip = skipBeforeReading(entry.path, bytes, options, filter);
    if (skip === undefined) toRead.push({ ...entry, bytes });
    else skipped.push(skip);
  }
  return { toRead, skipped };
}

/**
 * Streams the entries' blobs as candidate files (objects git lacks go to `skipped`). Binary files
 * are handed over too: the engine lists them as not scanned, and still checks their names
 * (a committed keystore is a forbidden file whatever its bytes).
 */
async function* readBlobs(repoDir: string, entries: readonly ReadableEntry[], skipped: SkippedFile[]): AsyncGenerator<CandidateFile> {
  let index = 0;
  for await (const content of objectContents(repoDir, entries.map((entry) => entry.objectId))) {
    const entry = entries[index];
    index += 1;
    if (entry === undefined) break;
    if (content === undefined) skipped.push({ path: entry.path, reason: 'unreadable', bytes: entry.bytes });
    else yield entry.addedRanges === undefined ? { path: entry.path, content } : { path: entry.path, content, addedLines: lineSet(entry.addedRanges) };
  }
}

/** Every file of `rev`'s tree (`git ls-tree -r`), with no `addedLines`: every line counts. */
export async function gitTree(repoDir: string, rev: string, options: SourceOptions): Promise<FileSource> {
  const commit = await resolveCommit(repoDir, rev);
  return treeSource(repoDir, commit, `tree ${rev}`, options);
}

async function treeSource(repoDir: string, commit: string, description: string, options: SourceOptions): Promise<FileSource> {
  const entries = parseLsTree(await gitOutput(repoDir, ['ls-tree', '-r', '-z', '--long', '--full-tree', commit]));
  const { toRead, skipped } = triage(entries, (entry) => entry.bytes, options);
  return { description, files: readBlobs(repoDir, toRead, skipped), skipped };
}

/** Diff options both listings share, so they agree on renames; no user diff drivers or colours. */
const DIFF_OPTIONS = ['--find-renames', '--no-ext-diff', '--no-textconv', '--no-color'];

/**
 * The files `head` changed since it left `base`: the diff from their merge base (so a force push
 * or a new branch compared to `main` covers exactly the new commits' changes) to `head`. Added
 * and modified files are read at `head`; `addedLines` holds the lines the range added, so
 * findings on older lines of a modified file are not reported. Without a merge base (unrelated
 * histories) every file of `head` is new.
 */
export async function gitChanges(repoDir: string, base: string, head: string, options: SourceOptions): Promise<FileSource> {
  const [baseCommit, headCommit] = await Promise.all([resolveCommit(repoDir, base, 'base'), resolveCommit(repoDir, head, 'head')]);
  const mergeBase = await runGit(repoDir, ['merge-base', baseCommit, headCommit]);
  const from = mergeBase.stdout.toString('utf8').trim();
  // Exit 1 with no output: the histories share no commit.
  if (mergeBase.code === 1 && from === '') return treeSource(repoDir, headCommit, `tree ${head} (no common history with ${base})`, options);
  if (mergeBase.code !== 0) throw gitFailure(['merge-base'], mergeBase.code, mergeBase.stderr);
  const changes = parseRawDiff(await gitOutput(repoDir, ['diff', '--raw', '-z', '--no-abbrev', ...DIFF_OPTIONS, from, headCommit]));
  const files = changes.filter((entry) => entry.kind === 'file');
  const [sizes, addedRanges] = await Promise.all([
    objectSizes(repoDir, files.map((entry) => entry.objectId)),
    // Only modified files need their hunks; an added file is new throughout.
    files.some((entry) => entry.status !== 'A' && entry.status !== 'T') ? addedLineRanges(repoDir, from, headCommit) : new Map<string, LineRange[]>(),
  ]);
  const { toRead, skipped } = triage(changes, (entry) => sizes.get(entry.objectId), options);
  const readable = toRead.map((entry): ReadableEntry => {
    // A type change (symlink to file) is new content throughout, like an added file.
    if (entry.status === 'A' || entry.status === 'T') return entry;
    return { ...entry, addedRanges: addedRanges.get(entry.path) ?? [] };
  });
  const range = from === baseCommit ? `${base}..${head}` : `${base}...${head} (from merge base ${from.slice(0, 12)})`;
  return { description: range, files: readBlobs(repoDir, readable, skipped), skipped };
}

/** The added line ranges per path of `git diff -U0 from to`, parsed as the patch streams. */
async function addedLineRanges(repoDir: string, from: string, to: string): Promise<Map<string, LineRange[]>> {
  // --text: a `.gitattributes` marking files `-diff` or `binary` must not hide their added lines.
  // --diff-filter (applied after rename detection, so pairs match the raw listing): only modified,
  // renamed and copied files; added files are new throughout and their content need not stream by.
  const args = ['diff', '-U0', '--text', '--diff-filter=MRC', '--src-prefix=a/', '--dst-prefix=b/', ...DIFF_OPTIONS, from, to];
  const child = spawnGit(repoDir, args);
  const exited = completion(child);
  exited.catch(() => undefined);
  child.stdin.end();
  const parser = new AddedLinesParser();
  for await (const chunk of child.stdout) if (Buffer.isBuffer(chunk)) parser.push(chunk);
  parser.end();
  const { code, stderr } = await exited;
  if (code !== 0) throw gitFailure(args, code, stderr);
  return parser.ranges;
}

/**
 * A plain directory, walked recursively in name order. `.git` (a repository's own data, or a
 * submodule's pointer file) is never entered; symlinks are reported, not followed; vendored
 * directories are skipped whole when the patterns cover everything under them.
 *
 * The filesystem is read synchronously: for tens of thousands of small files that is several
 * times faster than the promise API's thread-pool round trips (measured: 1.1 s against 9 s for
 * this repository's node_modules). The files are a plain (synchronous) iterable; the consumer
 * hands control back to the event loop every few milliseconds, so timers (progress reports)
 * still run.
 */
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import type { CandidateFile, SkippedFile } from '../types';
import { SourceError } from './errors';
import { pathFilter, type PathFilter } from './skip';
import type { FileSource, SourceOptions } from './source';

/** Validates `dir` now (SourceError when it is missing or not a directory); files are read as iterated. */
export function directoryFiles(dir: string, options: SourceOptions): FileSource {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch (error: unknown) {
    throw new SourceError('not-found', `${dir}: no such directory`, { cause: error });
  }
  if (!isDirectory) throw new SourceError('not-a-directory', `${dir} is not a directory`);
  const skipped: SkippedFile[] = [];
  return { description: `directory ${dir}`, files: readFiles(dir, { options, filter: pathFilter(options.skipPaths), skipped }), skipped };
}

interface WalkContext {
  readonly options: SourceOptions;
  readonly filter: PathFilter;
  readonly skipped: SkippedFile[];
}

const byName = (a: Dirent, b: Dirent) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function sortedEntries(absolute: string): Dirent[] {
  const entries = readdirSync(absolute, { withFileTypes: true });
  // libuv lists a directory already sorted on most systems: a plain check is far cheaper than a sort's comparator calls.
  let previous = '';
  for (const { name } of entries) {
    if (name < previous) return entries.sort(byName);
    previous = name;
  }
  return entries;
}

/** A directory being walked: its sorted entries and the next one to visit. */
interface Level {
  readonly relative: string;
  readonly entries: readonly Dirent[];
  next: number;
}

/** A directory's entries, or undefined (listed as unreadable) when a subdirectory cannot be read. */
function listing(root: string, relativeDir: string, context: WalkContext): Dirent[] | undefined {
  try {
    return sortedEntries(relativeDir === '' ? root : join(root, relativeDir));
  } catch (error: unknown) {
    if (relativeDir === '') throw new SourceError('not-found', `${root}: cannot read directory`, { cause: error });
    context.skipped.push({ path: `${relativeDir}/`, reason: 'unreadable' });
    return undefined;
  }
}

/**
 * The regular files under `root`, read, depth first in name order; everything else goes to
 * `skipped`. One generator over an explicit stack of directories that reads each file where it
 * finds it: nested generators (`yield*` per level, or a walk feeding a reader) resume more than
 * one generator per file.
 */
function* readFiles(root: string, context: WalkContext): Generator<CandidateFile> {
  // Paths are joined by hand: `path.join` normalises every one, and the walk's paths need none.
  const prefix = root.endsWith('/') ? root : `${root}/`;
  const stack: Level[] = [{ relative: '', entries: listing(root, '', context) ?? [], next: 0 }];
  for (let level = stack.at(-1); level !== undefined; level = stack.at(-1)) {
    const entry = level.entries[level.next];
    if (entry === undefined) {
      stack.pop();
      continue;
    }
    level.next += 1;
    if (entry.name === '.git') continue;
    const path = level.relative === '' ? entry.name : `${level.relative}/${entry.name}`;
    if (entry.isDirectory()) {
      // Listed once, with a trailing `/`, rather than file by file.
      if (context.filter.isVendoredDirectory(path)) {
        context.skipped.push({ path: `${path}/`, reason: 'vendored' });
        continue;
      }
      const entries = listing(root, path, context);
      if (entries !== undefined) stack.push({ relative: path, entries, next: 0 });
    } else if (entry.isSymbolicLink()) {
      context.skipped.push({ path, reason: 'symlink' });
    } else if (entry.isFile()) {
      const file = readRegularFile(prefix, path, context);
      if (file !== undefined) yield file;
    } else {
      // FIFOs, sockets, devices: reading them could block or never end.
      context.skipped.push({ path, reason: 'unreadable' });
    }
  }
}

/**
 * Opened without following symlinks and without blocking (a path swapped for a link or a FIFO
 * since the listing is not read through). Read into one reused buffer up to one byte past the
 * size limit, so a file costs open, read and close: no stat calls, and an oversized file is
 * recognised without reading it all. (This loop is most of a directory scan's time.)
 */
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

let readBuffer = Buffer.allocUnsafe(0);

/** Reads at most `limit` bytes of `descriptor` into the shared buffer; returns how many. */
function readUpTo(descriptor: number, limit: number): number {
  if (readBuffer.length < limit) readBuffer = Buffer.allocUnsafe(limit);
  let total = 0;
  while (total < limit) {
    const wanted = limit - total;
    const count = readSync(descriptor, readBuffer, total, wanted, null);
    total += count;
    // A short read of a regular file is its end: no second call to be told so.
    if (count < wanted) break;
  }
  return total;
}

/** `prefix` is the root with a trailing `/`. */
function readRegularFile(prefix: string, path: string, { options, filter, skipped }: WalkContext): CandidateFile | undefined {
  if (filter.isVendored(path)) {
    skipped.push({ path, reason: 'vendored' });
    return undefined;
  }
  let descriptor: number | undefined;
  try {
    descriptor = openSync(prefix + path, OPEN_FLAGS);
    const length = readUpTo(descriptor, options.maxFileBytes + 1);
    if (length > options.maxFileBytes) {
      // Only oversized files pay for a stat, to report their real size.
      skipped.push({ path, reason: 'too-large', bytes: fstatSync(descriptor).size });
      return undefined;
    }
    // A view of the shared buffer, not a copy: valid until the next file is read (the FileSource
    // contract), and the engine keeps nothing of it. Binary files go to the engine too, which
    // lists them as not scanned but still checks their names (keystores).
    // A plain Uint8Array view: Buffer#subarray takes about twice as long (13 against 7 ms for 9,000 files, cold).
    return { path, content: new Uint8Array(readBuffer.buffer, readBuffer.byteOffset, length) };
  } catch {
    // Not a regular readable file after all (a FIFO answers EAGAIN, a directory EISDIR).
    skipped.push({ path, reason: 'unreadable' });
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
  return undefined;
}

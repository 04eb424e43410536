/**
 * Parsers for git's NUL-separated listings (`diff --raw -z`, `ls-tree -z --long`). Pure: bytes in,
 * entries out. Paths are repository-relative, `/`-separated, decoded as UTF-8.
 */
import { SourceError } from './errors';

export type GitEntryKind = 'file' | 'symlink' | 'submodule';

export interface GitEntry {
  readonly path: string;
  readonly kind: GitEntryKind;
  /** The blob (or, for a submodule, commit) id at the scanned revision. */
  readonly objectId: string;
  /** Known from `ls-tree --long`; a diff does not carry sizes. */
  readonly bytes?: number;
}

export interface ChangedEntry extends GitEntry {
  /** `A`dded (every line new), `M`odified, `R`enamed, `C`opied, `T`ype changed. */
  readonly status: 'A' | 'M' | 'R' | 'C' | 'T';
}

export function entryKind(mode: string): GitEntryKind | undefined {
  if (mode === '160000') return 'submodule';
  if (mode === '120000') return 'symlink';
  if (mode === '100644' || mode === '100755' || mode === '100664') return 'file';
  return undefined;
}

const SCANNED_STATUSES: ReadonlySet<string> = new Set(['A', 'M', 'R', 'C', 'T']);

function isScannedStatus(status: string): status is ChangedEntry['status'] {
  return SCANNED_STATUSES.has(status);
}

function unexpected(command: string, record: string | undefined): SourceError {
  return new SourceError('git-failed', `unexpected git ${command} output: ${JSON.stringify(record?.slice(0, 200))}`);
}

/** Splits `a\0b\0` into ['a', 'b'] without a trailing empty field. */
function nulFields(output: Buffer): string[] {
  const fields = output.toString('utf8').split('\0');
  if (fields.at(-1) === '') fields.pop();
  return fields;
}

const RAW_HEADER = /^:(\d{6}) (\d{6}) ([0-9a-f]+) ([0-9a-f]+) ([ACDMRTUX])\d*$/;

/**
 * `git diff --raw -z --no-abbrev` records: `:srcmode dstmode srcid dstid STATUS\0path\0`, with a
 * second path for renames and copies. Deletions are dropped: there is nothing left to scan.
 */
export function parseRawDiff(output: Buffer): ChangedEntry[] {
  const fields = nulFields(output);
  const entries: ChangedEntry[] = [];
  for (let index = 0; index < fields.length; ) {
    const match = RAW_HEADER.exec(fields[index] ?? '');
    if (match === null) throw unexpected('diff --raw', fields[index]);
    const [, , dstMode = '', , dstId = '', status = ''] = match;
    const twoPaths = status === 'R' || status === 'C';
    const path = fields[index + (twoPaths ? 2 : 1)] ?? '';
    index += twoPaths ? 3 : 2;
    const kind = entryKind(dstMode);
    // D (deleted) leaves nothing to scan; U and X do not occur between two commits.
    if (kind === undefined || !isScannedStatus(status)) continue;
    entries.push({ path, kind, objectId: dstId, status });
  }
  return entries;
}

const TREE_HEADER = /^(\d{6}) (\w+) ([0-9a-f]+) +(-|\d+)\t/;

/** `git ls-tree -r -z --long` records: `mode type id size\tpath\0` (size `-` for submodules). */
export function parseLsTree(output: Buffer): GitEntry[] {
  const entries: GitEntry[] = [];
  for (const record of nulFields(output)) {
    const match = TREE_HEADER.exec(record);
    if (match === null) throw unexpected('ls-tree', record);
    const [header, mode = '', , objectId = '', size = '-'] = match;
    const kind = entryKind(mode);
    if (kind === undefined) continue;
    const path = record.slice(header.length);
    entries.push(size === '-' ? { path, kind, objectId } : { path, kind, objectId, bytes: Number(size) });
  }
  return entries;
}

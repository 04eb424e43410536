/**
 * The added line numbers of every file in a `git diff -U0` patch, parsed as it streams: only
 * file headers and `@@ -a,b +c,d @@` hunk headers are kept; the content lines (which may be
 * huge) are counted off by the hunk header's lengths and skipped without buffering, so a
 * content line that happens to look like a header (`+++ b/x`, `@@`) is never mistaken for one.
 */

/** A run of added lines: `start` and `count` from a hunk's `+c,d`. */
export interface LineRange {
  readonly start: number;
  readonly count: number;
}

const LF = 0x0a;
const HUNK_HEADER = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;
/** Header lines are paths and hunk headers; anything longer is cut (only its start matters). */
const MAX_HEADER_LINE = 64 * 1024;

export class AddedLinesParser {
  /** Added ranges by path (at the new side of the diff). */
  readonly ranges = new Map<string, LineRange[]>();
  private currentPath: string | undefined;
  private oldLeft = 0;
  private newLeft = 0;
  /** Inside a content line: skip to its end. */
  private skippingLine = false;
  private header: Buffer[] = [];
  private headerBytes = 0;

  push(chunk: Buffer): void {
    let position = 0;
    while (position < chunk.length) {
      if (this.skippingLine) {
        const end = chunk.indexOf(LF, position);
        if (end < 0) return;
        this.skippingLine = false;
        position = end + 1;
        continue;
      }
      if ((this.oldLeft > 0 || this.newLeft > 0) && this.countContentLine(chunk[position])) {
        this.skippingLine = true;
        continue;
      }
      const end = chunk.indexOf(LF, position);
      this.appendHeader(chunk.subarray(position, end < 0 ? chunk.length : end));
      if (end < 0) return;
      this.headerLine(Buffer.concat(this.header).toString('utf8'));
      this.header = [];
      this.headerBytes = 0;
      position = end + 1;
    }
  }

  /** Call when the stream ends: a last header line without a newline still counts. */
  end(): void {
    if (this.header.length > 0) this.headerLine(Buffer.concat(this.header).toString('utf8'));
    this.header = [];
  }

  /** Counts one content line by its first byte; false (and the hunk is over) when it is not one. */
  private countContentLine(firstByte: number | undefined): boolean {
    if (firstByte === 0x2b /* + */) this.newLeft -= 1;
    else if (firstByte === 0x2d /* - */) this.oldLeft -= 1;
    else if (firstByte !== 0x5c /* \ */) {
      // Not `+`, `-` or `\ No newline at end of file`: a malformed hunk; read on as headers.
      this.oldLeft = 0;
      this.newLeft = 0;
      return false;
    }
    return true;
  }

  private appendHeader(bytes: Buffer): void {
    if (this.headerBytes >= MAX_HEADER_LINE) return;
    const kept = bytes.subarray(0, MAX_HEADER_LINE - this.headerBytes);
    this.header.push(Buffer.from(kept));
    this.headerBytes += kept.length;
  }

  private headerLine(line: string): void {
    if (line.startsWith('diff --git ')) {
      this.currentPath = undefined;
    } else if (line.startsWith('+++ ')) {
      this.currentPath = newSidePath(line.slice(4));
    } else if (line.startsWith('@@ ')) {
      const match = HUNK_HEADER.exec(line);
      if (match === null) return;
      const [, oldCount = '1', start = '0', newCount = '1'] = match;
      this.oldLeft = Number(oldCount);
      this.newLeft = Number(newCount);
      if (this.currentPath !== undefined && this.newLeft > 0) {
        const ranges = this.ranges.get(this.currentPath) ?? [];
        ranges.push({ start: Number(start), count: this.newLeft });
        this.ranges.set(this.currentPath, ranges);
      }
    }
  }
}

/**
 * The path of a `+++ ` line, written with `--dst-prefix=b/`: `b/path`, `/dev/null` for a deleted
 * file, a C-quoted `"b/…"` for unusual names, and a trailing tab that git adds when the name holds
 * a space (after the closing quote of a quoted one). A tab in a name is always quoted, so one
 * trailing tab is never part of the name.
 */
export function newSidePath(text: string): string | undefined {
  const field = text.endsWith('\t') ? text.slice(0, -1) : text;
  if (field === '/dev/null') return undefined;
  const name = field.startsWith('"') ? unquoteC(field) : field;
  return name.startsWith('b/') ? name.slice(2) : undefined;
}

const C_ESCAPES: Readonly<Record<string, number>> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/** Git's C-style quoting (`"b/caf\303\251\tx"`): escapes and octal bytes, decoded as UTF-8. */
export function unquoteC(quoted: string): string {
  const body = quoted.slice(1, quoted.endsWith('"') ? -1 : undefined);
  const bytes: number[] = [];
  for (let index = 0; index < body.length; index += 1) {
    const char = body.charAt(index);
    if (char !== '\\') {
      bytes.push(...Buffer.from(char, 'utf8'));
      continue;
    }
    const next = body.charAt(index + 1);
    const octal = /^[0-7]{3}/.exec(body.slice(index + 1, index + 4));
    if (octal !== null) {
      bytes.push(parseInt(octal[0], 8));
      index += 3;
    } else {
      bytes.push(C_ESCAPES[next] ?? next.charCodeAt(0));
      index += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The 1-based line numbers a file's ranges cover. */
export function lineSet(ranges: readonly LineRange[]): Set<number> {
  const lines = new Set<number>();
  for (const { start, count } of ranges) for (let line = start; line < start + count; line += 1) lines.add(line);
  return lines;
}

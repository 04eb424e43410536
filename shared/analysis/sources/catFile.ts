/**
 * Object contents through `git cat-file`: one process for all sizes (`--batch-check`) and one
 * for all contents (`--batch`), read as a stream so that only the blob being handed out is in
 * memory.
 */
import { completion, gitFailure, gitOutput, spawnGit } from './gitProcess';
import { SourceError } from './errors';

/** Sizes of the given objects, by id (`git cat-file --batch-check`); missing objects are absent. */
export async function objectSizes(cwd: string, objectIds: readonly string[]): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  if (objectIds.length === 0) return sizes;
  const unique = [...new Set(objectIds)];
  const output = await gitOutput(cwd, ['cat-file', '--batch-check'], `${unique.join('\n')}\n`);
  for (const line of output.toString('utf8').split('\n')) {
    // `<id> <type> <size>`, or `<id> missing`.
    const [id, type, size] = line.split(' ');
    if (id !== undefined && type !== undefined && type !== 'missing' && size !== undefined) sizes.set(id, Number(size));
  }
  return sizes;
}

const LF = 0x0a;

/** Incremental parser of `--batch` output: `<id> <type> <size>\n<bytes>\n` or `<id> missing\n`. */
class BatchReader {
  private header: Buffer[] = [];
  private body: Buffer | undefined;
  private filled = 0;
  /** The LF after a body still to be consumed. */
  private trailer = false;

  /** Feeds a chunk; returns the objects it completed, in order (undefined for a missing object). */
  push(chunk: Buffer): (Buffer | undefined)[] {
    const done: (Buffer | undefined)[] = [];
    let position = 0;
    while (position < chunk.length) {
      if (this.trailer) {
        this.trailer = false;
        position += 1;
      } else if (this.body !== undefined) {
        const taken = Math.min(this.body.length - this.filled, chunk.length - position);
        chunk.copy(this.body, this.filled, position, position + taken);
        this.filled += taken;
        position += taken;
        if (this.filled === this.body.length) {
          done.push(this.body);
          this.body = undefined;
          this.trailer = true;
        }
      } else {
        const end = chunk.indexOf(LF, position);
        this.header.push(chunk.subarray(position, end < 0 ? chunk.length : end));
        if (end < 0) break;
        position = end + 1;
        const header = Buffer.concat(this.header).toString('utf8');
        this.header = [];
        const [, type, size] = header.split(' ');
        if (type === 'missing' || size === undefined) {
          done.push(undefined);
        } else {
          this.body = Buffer.allocUnsafe(Number(size));
          this.filled = 0;
          if (this.body.length === 0) {
            done.push(this.body);
            this.body = undefined;
            this.trailer = true;
          }
        }
      }
    }
    return done;
  }
}

/**
 * The contents of `objectIds`, in order (undefined for an object git does not have), from one
 * `git cat-file --batch`. Stopping the iteration early stops git.
 */
export async function* objectContents(cwd: string, objectIds: readonly string[]): AsyncGenerator<Buffer | undefined> {
  if (objectIds.length === 0) return;
  const args = ['cat-file', '--batch'];
  const child = spawnGit(cwd, args);
  const exited = completion(child);
  // Observed now so an early failure is never an unhandled rejection; awaited below.
  exited.catch(() => undefined);
  // Surface a failure to start (no git) through `exited`, not as an unhandled stdin error.
  child.stdin.on('error', () => undefined);
  child.stdin.end(`${objectIds.join('\n')}\n`);
  const reader = new BatchReader();
  let delivered = 0;
  try {
    for await (const chunk of child.stdout) {
      if (!Buffer.isBuffer(chunk)) continue;
      for (const content of reader.push(chunk)) {
        delivered += 1;
        yield content;
      }
    }
    const { code, stderr } = await exited;
    if (code !== 0) throw gitFailure(args, code, stderr);
    if (delivered < objectIds.length) throw new SourceError('git-failed', `git cat-file ended after ${delivered} of ${objectIds.length} objects`);
  } finally {
    if (child.exitCode === null) child.kill();
  }
}

/**
 * Running git: always through spawn with an argument array (never a shell), with the
 * repository chosen by `cwd` alone, and with options that keep output parseable whatever the
 * user's git config says.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { SourceError } from './errors';

/** Config overrides for every call: stable paths in patches, no pagers or colour. */
const GIT_CONFIG = ['-c', 'core.quotePath=false', '-c', 'color.ui=never', '-c', 'core.pager=cat'];

/** Variables that would point git at another repository than `cwd` (e.g. when run inside a git hook). */
const REPOSITORY_OVERRIDES = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_COMMON_DIR', 'GIT_INDEX_FILE'];

function gitEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' };
  for (const name of REPOSITORY_OVERRIDES) delete env[name];
  return env;
}

export function spawnGit(cwd: string, args: readonly string[]): ChildProcessWithoutNullStreams {
  return spawn('git', [...GIT_CONFIG, ...args], { cwd, env: gitEnvironment(), stdio: ['pipe', 'pipe', 'pipe'] });
}

export interface GitResult {
  readonly code: number;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/** Stderr kept for error messages; git's is short, but never let it grow without bound. */
const MAX_STDERR = 16 * 1024;

/** Collects a child's stderr (bounded) and resolves with its exit code; rejects when git cannot start. */
export function completion(child: ChildProcessWithoutNullStreams): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    if (stderr.length < MAX_STDERR) stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new SourceError('git-unavailable', 'git is not installed or not on PATH', { cause: error })
          : new SourceError('git-failed', `cannot run git: ${error.message}`, { cause: error }),
      );
    });
    child.once('close', (code, signal) => resolve({ code: code ?? (signal === null ? 1 : 128), stderr }));
  });
}

/** Runs git to completion with optional stdin, collecting stdout (metadata only: listings, sizes). */
export async function runGit(cwd: string, args: readonly string[], input?: string): Promise<GitResult> {
  const child = spawnGit(cwd, args);
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  // A git that exits before reading all of stdin raises EPIPE here; its exit code tells the story.
  child.stdin.on('error', () => undefined);
  child.stdin.end(input);
  const { code, stderr } = await completion(child);
  return { code, stdout: Buffer.concat(chunks), stderr };
}

/** `runGit` that turns a non-zero exit into a `git-failed` SourceError naming the command. */
export async function gitOutput(cwd: string, args: readonly string[], input?: string): Promise<Buffer> {
  const result = await runGit(cwd, args, input);
  if (result.code !== 0) throw gitFailure(args, result.code, result.stderr);
  return result.stdout;
}

export function gitFailure(args: readonly string[], code: number, stderr: string): SourceError {
  const reason = stderr.trim().split('\n').at(-1) ?? '';
  return new SourceError('git-failed', `git ${args[0] ?? ''} failed (exit ${code})${reason === '' ? '' : `: ${reason}`}`);
}

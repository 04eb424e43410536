/**
 * Real git repositories in temp directories for tests: files written, commits made and branches
 * moved with the git CLI, with identity, default branch and signing pinned so the user's git
 * config cannot change the outcome.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const PINNED_CONFIG = [
  '-c', 'user.name=Herald Test',
  '-c', 'user.email=herald-test@example.invalid',
  '-c', 'init.defaultBranch=main',
  '-c', 'commit.gpgsign=false',
  '-c', 'tag.gpgsign=false',
  '-c', 'core.autocrlf=false',
];

/** A temp directory; `cleanup()` removes it. */
export function tempDir(prefix = 'herald-test-'): { readonly dir: string; readonly cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export class GitRepo {
  private constructor(readonly dir: string) {}

  /** `git init` in a new temp directory (branch `main`). */
  static init(prefix = 'herald-repo-'): GitRepo {
    const repo = new GitRepo(tempDir(prefix).dir);
    repo.git('init', '-q');
    return repo;
  }

  /** Runs git in the repository and returns its trimmed stdout. */
  git(...args: string[]): string {
    const env = { ...process.env };
    // Tests may run inside a git hook; these would point git at another repository.
    delete env.GIT_DIR;
    delete env.GIT_WORK_TREE;
    delete env.GIT_INDEX_FILE;
    return execFileSync('git', [...PINNED_CONFIG, ...args], { cwd: this.dir, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).trim();
  }

  /** Writes files (creating directories); `null` deletes one. */
  write(files: Readonly<Record<string, string | Uint8Array | null>>): this {
    for (const [path, content] of Object.entries(files)) {
      const absolute = join(this.dir, path);
      if (content === null) {
        unlinkSync(absolute);
        continue;
      }
      mkdirSync(dirname(absolute), { recursive: true });
      writeFileSync(absolute, content);
    }
    return this;
  }

  /** Writes `files`, stages everything and commits; returns the new commit id. */
  commit(message: string, files: Readonly<Record<string, string | Uint8Array | null>> = {}): string {
    this.write(files);
    this.git('add', '--all');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.head();
  }

  head(): string {
    return this.git('rev-parse', 'HEAD');
  }

  checkout(...args: string[]): this {
    this.git('checkout', '-q', ...args);
    return this;
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

import { gitChanges, gitTree, resolveCommit } from '../../analysis/sources/git';
import { runGit } from '../../analysis/sources/gitProcess';
import type { FileSource, SourceOptions } from '../../analysis/sources/source';
import type { PushFiles, PushSource } from '../../app/ports';
import type { ReferenceChange } from '../../events/domain';
import type { PushRange } from '../../plan/actions';

/**
 * A push read from a local clone instead of CodeCommit (`herald replay` with a repository's
 * `localPath`): the same ranges, resolved with git. The clone must hold the pushed commits.
 */
export function buildLocalGitPushSource(repoDir: string): PushSource {
  /** `origin/HEAD` when the clone knows it, else a local main or master. */
  async function defaultBranch(): Promise<string | undefined> {
    const originHead = await runGit(repoDir, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']);
    const remote = originHead.stdout.toString('utf8').trim();
    if (originHead.code === 0 && remote !== '') return remote;
    for (const candidate of ['main', 'master']) {
      const probe = await runGit(repoDir, ['rev-parse', '--verify', '--quiet', `refs/heads/${candidate}`]);
      if (probe.code === 0) return candidate;
    }
    return undefined;
  }

  async function opened(before: string | undefined, after: string, source: FileSource, notes: readonly string[] = []): Promise<PushFiles> {
    const afterId = await resolveCommit(repoDir, after, 'pushed commit');
    const beforeId = before === undefined ? undefined : await resolveCommit(repoDir, before, 'base');
    return { range: { ...(beforeId === undefined ? {} : { before: beforeId }), after: afterId, basis: source.description, notes }, source };
  }

  async function created(event: ReferenceChange, to: string, options: SourceOptions): Promise<PushFiles> {
    const branch = await defaultBranch();
    const defaultName = branch?.replace(/^origin\//, '');
    if (branch === undefined || defaultName === event.branch) return opened(undefined, to, await gitTree(repoDir, to, options));
    return opened(branch, to, await gitChanges(repoDir, branch, to, options), [`Compared with ${branch} of the local clone.`]);
  }

  async function firstParent(to: string, options: SourceOptions): Promise<PushFiles> {
    const parent = await runGit(repoDir, ['rev-parse', '--verify', '--quiet', `${await resolveCommit(repoDir, to, 'pushed commit')}^1`]);
    const parentId = parent.stdout.toString('utf8').trim();
    if (parent.code !== 0 || parentId === '') return opened(undefined, to, await gitTree(repoDir, to, options));
    const files = await opened(parentId, to, await gitChanges(repoDir, parentId, to, options));
    return { ...files, range: { ...files.range, tipOnly: true } };
  }

  return {
    open(event: ReferenceChange, range: PushRange, options: SourceOptions): Promise<PushFiles> {
      switch (range.kind) {
        case 'commits':
          // gitChanges diffs from the merge base, so a force push covers the new commits only.
          return gitChanges(repoDir, range.from, range.to, options).then((source) => opened(range.from, range.to, source));
        case 'created':
          return created(event, range.to, options);
        case 'first-parent':
          return firstParent(range.to, options);
      }
    },
  };
}

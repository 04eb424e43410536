import { gitChanges, resolveCommit } from '../../analysis/sources/git';
import { runGit } from '../../analysis/sources/gitProcess';
import { SourceError } from '../../analysis/sources/errors';
import type { PullRequestSource } from '../../app/ports';
import type { ExistingComment } from '../../plan/facts';

/**
 * A pull request read from a local clone (`herald replay` with the repository's `localPath`):
 * the tips the event names, their merge base from git, the changes between them. A clone has
 * no pull-request comments: `comments` gives what the caller passes (none by default).
 */
export function buildLocalGitPullRequestSource(repoDir: string, existing: () => readonly ExistingComment[] = () => []): PullRequestSource {
  return {
    async resolve(action) {
      const sourceCommit = await resolveCommit(repoDir, action.sourceCommit, 'source commit');
      const destinationCommit = await resolveCommit(repoDir, action.destinationCommit, 'destination commit');
      const base = await runGit(repoDir, ['merge-base', destinationCommit, sourceCommit]);
      const mergeBase = base.stdout.toString('utf8').trim();
      if (base.code !== 0 || mergeBase === '') {
        throw new SourceError('bad-revision', `no merge base between ${destinationCommit} and ${sourceCommit} in ${repoDir}`);
      }
      return { mergeBase, sourceCommit, destinationCommit, status: 'OPEN', notes: [] };
    },
    changes: (_action, resolved, options) => gitChanges(repoDir, resolved.mergeBase, resolved.sourceCommit, options),
    comments: () => Promise.resolve([...existing()]),
  };
}

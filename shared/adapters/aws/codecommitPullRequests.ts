/**
 * CodeCommit pull requests as an analysis source and a comment sink: GetPullRequest names the
 * current tips and merge base, the push reader (GetDifferences + GetBlob) reads the changes,
 * GetCommentsForPullRequest (every page) lists what is already said, PostCommentForPullRequest
 * posts, with a client request token so a retried post is a no-op.
 */
import {
  CodeCommitClient,
  GetCommentsForPullRequestCommand,
  GetPullRequestCommand,
  PostCommentForPullRequestCommand,
} from '@aws-sdk/client-codecommit';
import type { PostPullRequestComment, PullRequestSource } from '../../app/ports';
import type { ExistingComment, ResolvedPullRequest } from '../../plan/facts';
import { buildCodeCommitChangeReader, type CodeCommitSourceOptions } from './codecommit';

/** Safety stop for GetCommentsForPullRequest paging (100 comments a page). */
const MAX_COMMENT_PAGES = 200;

export function buildCodeCommitPullRequestSource(client: CodeCommitClient, options: CodeCommitSourceOptions = {}): PullRequestSource {
  const changedFiles = buildCodeCommitChangeReader(client, options);
  return {
    async resolve(action): Promise<ResolvedPullRequest> {
      const { pullRequest } = await client.send(new GetPullRequestCommand({ pullRequestId: action.pullRequestId }));
      const targets = pullRequest?.pullRequestTargets ?? [];
      const target = targets.find((candidate) => candidate.repositoryName === action.repository) ?? targets[0];
      const sourceCommit = target?.sourceCommit;
      const destinationCommit = target?.destinationCommit;
      if (sourceCommit === undefined || destinationCommit === undefined) {
        throw new Error(`GetPullRequest ${action.pullRequestId} in ${action.repository} names no source or destination commit`);
      }
      const status = pullRequest?.pullRequestStatus ?? 'OPEN';
      if (target?.mergeBase === undefined) {
        return {
          mergeBase: destinationCommit,
          sourceCommit,
          destinationCommit,
          status,
          notes: ['GetPullRequest named no merge base: analysed the changes from the destination tip to the source tip.'],
        };
      }
      return { mergeBase: target.mergeBase, sourceCommit, destinationCommit, status, notes: [] };
    },

    changes: (action, resolved, sourceOptions) =>
      changedFiles(action.repository, { before: resolved.mergeBase, after: resolved.sourceCommit }, sourceOptions),

    async comments(action): Promise<ExistingComment[]> {
      const all: ExistingComment[] = [];
      let token: string | undefined;
      for (let page = 0; page < MAX_COMMENT_PAGES; page += 1) {
        const response = await client.send(
          new GetCommentsForPullRequestCommand({
            pullRequestId: action.pullRequestId,
            repositoryName: action.repository,
            maxResults: 100,
            ...(token === undefined ? {} : { nextToken: token }),
          }),
        );
        for (const thread of response.commentsForPullRequestData ?? []) {
          const filePath = thread.location?.filePath;
          const filePosition = thread.location?.filePosition;
          for (const comment of thread.comments ?? []) {
            if (comment.commentId === undefined) continue;
            all.push({
              commentId: comment.commentId,
              content: comment.deleted === true ? '' : (comment.content ?? ''),
              ...(filePath === undefined ? {} : { filePath }),
              ...(filePosition === undefined ? {} : { filePosition }),
            });
          }
        }
        if (response.nextToken === undefined || response.nextToken === '') return all;
        if (response.nextToken === token) throw new Error(`GetCommentsForPullRequest returned the same nextToken twice for pull request ${action.pullRequestId}`);
        token = response.nextToken;
      }
      throw new Error(`GetCommentsForPullRequest for pull request ${action.pullRequestId} exceeded ${MAX_COMMENT_PAGES} pages`);
    },
  };
}

/** PostCommentForPullRequest for planned comments. */
export function buildCodeCommitPullRequestCommenter(client: CodeCommitClient): PostPullRequestComment {
  return async (action) => {
    await client.send(
      new PostCommentForPullRequestCommand({
        pullRequestId: action.pullRequestId,
        repositoryName: action.repository,
        beforeCommitId: action.beforeCommitId,
        afterCommitId: action.afterCommitId,
        ...(action.location === undefined ? {} : { location: action.location }),
        content: action.content,
        clientRequestToken: action.clientRequestToken,
      }),
    );
  };
}

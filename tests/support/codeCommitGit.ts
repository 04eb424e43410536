/**
 * A CodeCommit repository behind the wire-level AWS JSON stub, backed by a real git repository:
 * GetPullRequest, GetDifferences, GetBlob and GetCommentsForPullRequest answer from git and from
 * the comments posted so far; PostCommentForPullRequest records (and, like CodeCommit, answers a
 * repeated client request token with the comment it already made). Pages are small on purpose,
 * so the adapter's paging is exercised.
 */
import { execFileSync } from 'node:child_process';
import type { AwsJsonStub, StubReply } from './awsJsonStub';
import type { GitRepo } from './gitRepo';

const CC = 'CodeCommit_20150413';

export interface StubPullRequest {
  readonly id: string;
  readonly sourceBranch: string;
  readonly destinationBranch: string;
  status: 'OPEN' | 'CLOSED';
}

export interface PostedComment {
  readonly commentId: string;
  readonly pullRequestId: string;
  readonly beforeCommitId: string;
  readonly afterCommitId: string;
  readonly location?: { readonly filePath: string; readonly filePosition?: number; readonly relativeFileVersion?: string };
  readonly content: string;
  readonly clientRequestToken: string;
}

export interface CodeCommitGit {
  readonly posted: PostedComment[];
  readonly pullRequests: Map<string, StubPullRequest>;
}

function gitBuffer(repo: GitRepo, args: string[]): Buffer {
  return execFileSync('git', args, { cwd: repo.dir, maxBuffer: 64 * 1024 * 1024 });
}

const CHANGE_TYPES: Readonly<Record<string, string>> = { A: 'A', M: 'M', D: 'D', T: 'M' };

/** `git diff --raw` between two commits as CodeCommit `Difference`s. */
function differences(repo: GitRepo, before: string, after: string): unknown[] {
  const raw = gitBuffer(repo, ['diff', '--raw', '-z', '--no-renames', '--no-abbrev', before, after]).toString('utf8');
  const parts = raw.split('\0').filter((part) => part !== '');
  const result: unknown[] = [];
  for (let index = 0; index + 1 < parts.length; index += 2) {
    const [oldMode = '', newMode = '', oldBlob = '', newBlob = '', status = ''] = (parts[index] ?? '').replace(/^:/, '').split(' ');
    const path = parts[index + 1] ?? '';
    const changeType = CHANGE_TYPES[status.charAt(0)] ?? 'M';
    result.push({
      changeType,
      ...(changeType === 'A' ? {} : { beforeBlob: { blobId: oldBlob, path, mode: oldMode } }),
      ...(changeType === 'D' ? {} : { afterBlob: { blobId: newBlob, path, mode: newMode } }),
    });
  }
  return result;
}

export function serveCodeCommitFromGit(aws: AwsJsonStub, repo: GitRepo, repositoryName: string): CodeCommitGit {
  const posted: PostedComment[] = [];
  const pullRequests = new Map<string, StubPullRequest>();

  aws.on(`${CC}.GetPullRequest`, (input): StubReply => {
    const pr = pullRequests.get(String(input.pullRequestId));
    if (pr === undefined) return { error: 'PullRequestDoesNotExistException', message: 'no such pull request' };
    const sourceCommit = repo.git('rev-parse', pr.sourceBranch);
    const destinationCommit = repo.git('rev-parse', pr.destinationBranch);
    const mergeBase = repo.git('merge-base', destinationCommit, sourceCommit);
    return {
      body: {
        pullRequest: {
          pullRequestId: pr.id,
          pullRequestStatus: pr.status,
          pullRequestTargets: [
            { repositoryName, sourceReference: `refs/heads/${pr.sourceBranch}`, destinationReference: `refs/heads/${pr.destinationBranch}`, sourceCommit, destinationCommit, mergeBase },
          ],
        },
      },
    };
  });

  const PAGE = 2;
  aws.on(`${CC}.GetDifferences`, (input): StubReply => {
    const all = differences(repo, String(input.beforeCommitSpecifier), String(input.afterCommitSpecifier));
    const start = typeof input.NextToken === 'string' ? Number(input.NextToken) : 0;
    const next = start + PAGE;
    return { body: { differences: all.slice(start, next), ...(next < all.length ? { NextToken: String(next) } : {}) } };
  });

  aws.on(`${CC}.GetBlob`, (input): StubReply => {
    try {
      return { body: { content: gitBuffer(repo, ['cat-file', 'blob', String(input.blobId)]).toString('base64') } };
    } catch {
      return { error: 'BlobIdDoesNotExistException', message: `no blob ${String(input.blobId)}` };
    }
  });

  // One comment per page, threads as CodeCommit groups them (one per location).
  aws.on(`${CC}.GetCommentsForPullRequest`, (input): StubReply => {
    const own = posted.filter((comment) => comment.pullRequestId === String(input.pullRequestId));
    const start = typeof input.nextToken === 'string' ? Number(input.nextToken) : 0;
    const page = own.slice(start, start + 1).map((comment) => ({
      pullRequestId: comment.pullRequestId,
      repositoryName,
      beforeCommitId: comment.beforeCommitId,
      afterCommitId: comment.afterCommitId,
      ...(comment.location === undefined ? {} : { location: comment.location }),
      comments: [{ commentId: comment.commentId, content: comment.content, authorArn: 'arn:aws:sts::123456789012:assumed-role/herald/activity', deleted: false }],
    }));
    return { body: { commentsForPullRequestData: page, ...(start + 1 < own.length ? { nextToken: String(start + 1) } : {}) } };
  });

  aws.on(`${CC}.PostCommentForPullRequest`, (input): StubReply => {
    const token = String(input.clientRequestToken);
    const existing = posted.find((comment) => comment.clientRequestToken === token);
    if (existing !== undefined) {
      if (existing.content !== input.content) return { error: 'IdempotencyParameterMismatchException', message: 'token reused with other parameters' };
      return { body: { comment: { commentId: existing.commentId, content: existing.content } } };
    }
    const location = input.location;
    const comment: PostedComment = {
      commentId: `comment-${posted.length + 1}`,
      pullRequestId: String(input.pullRequestId),
      beforeCommitId: String(input.beforeCommitId),
      afterCommitId: String(input.afterCommitId),
      ...(typeof location === 'object' && location !== null ? { location: JSON.parse(JSON.stringify(location)) } : {}),
      content: String(input.content),
      clientRequestToken: token,
    };
    posted.push(comment);
    return { body: { comment: { commentId: comment.commentId, content: comment.content } } };
  });

  return { posted, pullRequests };
}

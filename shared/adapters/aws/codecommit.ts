/**
 * CodeCommit as a push source and a comment sink. The planned PushRange becomes concrete
 * commits (GetMergeOptions for merge bases, GetRepository + GetBranch for the default branch,
 * GetCommit for a first parent); GetDifferences lists the changes, following `NextToken`
 * (capital N, unlike CodeCommit's other list APIs) to the end; GetBlob reads added and modified
 * files, a few at a time, in diff order.
 */
import {
  CodeCommitClient,
  CodeCommitServiceException,
  GetBlobCommand,
  GetBranchCommand,
  GetCommitCommand,
  GetDifferencesCommand,
  GetMergeOptionsCommand,
  GetRepositoryCommand,
  PostCommentForComparedCommitCommand,
  type Difference,
} from '@aws-sdk/client-codecommit';
import { addedLineNumbers } from '../../analysis/engine';
import { isBinary } from '../../analysis/files';
import { pathFilter } from '../../analysis/sources/skip';
import type { FileSource, SourceOptions } from '../../analysis/sources/source';
import type { CandidateFile, SkippedFile } from '../../analysis/types';
import type { PostComment, PushFiles, PushSource } from '../../app/ports';
import type { ReferenceChange } from '../../events/domain';
import type { PushRange } from '../../plan/actions';
import type { ResolvedRange } from '../../plan/facts';
import { awsClientConfig, describeAwsError } from './clientConfig';
import { orderedPool } from '../../util/orderedPool';

export interface CodeCommitSourceOptions {
  /** GetBlob calls in flight at once (default 32; config `push.analysis.blobConcurrency`). */
  readonly concurrency?: number;
  /** Safety stop for GetDifferences paging (default 2,000 pages). */
  readonly maxPages?: number;
}

export const DEFAULT_BLOB_CONCURRENCY = 32;
const DEFAULT_MAX_PAGES = 2000;
const SUBMODULE_MODE = '160000';
const SYMLINK_MODE = '120000';

function short(commitId: string): string {
  return /^[0-9a-f]{40}$/i.test(commitId) ? commitId.slice(0, 7) : commitId;
}

/**
 * A request CodeCommit refused for this input (a 4xx other than throttling): a merge base it
 * will not compute, a missing permission. Worth a fallback and a note; anything else (throttling
 * after the SDK's retries, 5xx, timeouts) fails the invocation so it is retried.
 */
function isRefusal(error: unknown): error is CodeCommitServiceException {
  return error instanceof CodeCommitServiceException && error.$fault === 'client' && !/throttl/i.test(error.name);
}

function isFileTooLarge(error: unknown): boolean {
  return error instanceof Error && error.name === 'FileTooLargeException';
}

const decoder = new TextDecoder('utf-8');

type FileOutcome = { readonly file: CandidateFile } | { readonly skipped: SkippedFile } | undefined;

/**
 * Reads the files changed between two commits: GetDifferences (every page), then GetBlob for
 * added and modified files, a few at a time, in diff order. Shared by pushes and pull requests.
 */
export function buildCodeCommitChangeReader(
  client: CodeCommitClient,
  options: CodeCommitSourceOptions = {},
): (repositoryName: string, range: Pick<ResolvedRange, 'before' | 'after'>, sourceOptions: SourceOptions) => Promise<FileSource> {
  const concurrency = options.concurrency ?? DEFAULT_BLOB_CONCURRENCY;
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;

  /** Every difference between the commits, page by page until there is no `NextToken`. */
  async function differences(repositoryName: string, range: Pick<ResolvedRange, 'before' | 'after'>): Promise<Difference[]> {
    if (range.before === range.after) return [];
    const all: Difference[] = [];
    let token: string | undefined;
    for (let page = 0; page < maxPages; page += 1) {
      const response = await client.send(
        new GetDifferencesCommand({
          repositoryName,
          afterCommitSpecifier: range.after,
          ...(range.before === undefined ? {} : { beforeCommitSpecifier: range.before }),
          ...(token === undefined ? {} : { NextToken: token }),
        }),
      );
      all.push(...(response.differences ?? []));
      if (response.NextToken === undefined || response.NextToken === '') return all;
      if (response.NextToken === token) throw new Error(`GetDifferences returned the same NextToken twice for ${repositoryName}`);
      token = response.NextToken;
    }
    throw new Error(`GetDifferences for ${repositoryName} ${range.before ?? ''}..${range.after} exceeded ${maxPages} pages`);
  }

  /** A blob's bytes, or undefined when CodeCommit will not serve it (FileTooLargeException). */
  async function blob(repositoryName: string, blobId: string): Promise<Uint8Array | undefined> {
    try {
      const { content } = await client.send(new GetBlobCommand({ repositoryName, blobId }));
      return content ?? new Uint8Array();
    } catch (error: unknown) {
      if (isFileTooLarge(error)) return undefined;
      throw error;
    }
  }

  /** The lines a modification added; undefined (every line counts) when the old version is unreadable or binary. */
  async function addedLines(repositoryName: string, difference: Difference, after: Uint8Array): Promise<ReadonlySet<number> | undefined> {
    const before = difference.beforeBlob;
    if (difference.changeType !== 'M' || before?.blobId === undefined || before.mode === SYMLINK_MODE || before.mode === SUBMODULE_MODE) return undefined;
    const content = await blob(repositoryName, before.blobId);
    if (content === undefined || isBinary(content)) return undefined;
    return addedLineNumbers(decoder.decode(content), decoder.decode(after));
  }

  async function readFile(repositoryName: string, difference: Difference, maxFileBytes: number): Promise<FileOutcome> {
    const after = difference.afterBlob;
    const path = after?.path;
    if (after?.blobId === undefined || path === undefined) return undefined;
    const content = await blob(repositoryName, after.blobId);
    if (content === undefined) return { skipped: { path, reason: 'too-large' } };
    if (content.length > maxFileBytes) return { skipped: { path, reason: 'too-large', bytes: content.length } };
    if (isBinary(content)) return { skipped: { path, reason: 'binary', bytes: content.length } };
    const lines = await addedLines(repositoryName, difference, content);
    return { file: lines === undefined ? { path, content } : { path, content, addedLines: lines } };
  }

  async function* readFiles(repositoryName: string, toRead: readonly Difference[], maxFileBytes: number, skipped: SkippedFile[]): AsyncGenerator<CandidateFile> {
    for await (const outcome of orderedPool(toRead, concurrency, (difference) => readFile(repositoryName, difference, maxFileBytes))) {
      if (outcome === undefined) continue;
      if ('file' in outcome) yield outcome.file;
      else skipped.push(outcome.skipped);
    }
  }

  async function changedFiles(repositoryName: string, range: Pick<ResolvedRange, 'before' | 'after'>, options: SourceOptions): Promise<FileSource> {
    const filter = pathFilter(options.skipPaths);
    const skipped: SkippedFile[] = [];
    const toRead: Difference[] = [];
    for (const difference of await differences(repositoryName, range)) {
      const after = difference.afterBlob;
      // Deletions leave nothing to scan.
      if (difference.changeType === 'D' || after?.path === undefined) continue;
      if (after.mode === SUBMODULE_MODE) skipped.push({ path: after.path, reason: 'submodule' });
      else if (after.mode === SYMLINK_MODE) skipped.push({ path: after.path, reason: 'symlink' });
      else if (filter.isVendored(after.path)) skipped.push({ path: after.path, reason: 'vendored' });
      else toRead.push(difference);
    }
    const description = range.before === undefined ? `${repositoryName} tree ${short(range.after)}` : `${repositoryName} ${short(range.before)}..${short(range.after)}`;
    return { description, files: readFiles(repositoryName, toRead, options.maxFileBytes, skipped), skipped };
  }

  return changedFiles;
}

export function buildCodeCommitPushSource(client: CodeCommitClient, options: CodeCommitSourceOptions = {}): PushSource {

  /** The merge base of two commits, or a refusal note. GetMergeOptions names it `baseCommitId`. */
  async function mergeBase(repositoryName: string, source: string, destination: string): Promise<{ base?: string; note?: string }> {
    try {
      const response = await client.send(
        new GetMergeOptionsCommand({ repositoryName, sourceCommitSpecifier: source, destinationCommitSpecifier: destination }),
      );
      return response.baseCommitId === undefined ? { note: 'GetMergeOptions returned no merge base' } : { base: response.baseCommitId };
    } catch (error: unknown) {
      if (!isRefusal(error)) throw error;
      return { note: `GetMergeOptions failed (${describeAwsError(error)})` };
    }
  }

  async function firstParent(repositoryName: string, to: string, notes: readonly string[]): Promise<ResolvedRange> {
    const { commit } = await client.send(new GetCommitCommand({ repositoryName, commitId: to }));
    const parent = commit?.parents?.[0];
    if (parent === undefined) return { after: to, basis: 'root commit: every file', notes };
    return { before: parent, after: to, basis: `first parent ${short(parent)}`, notes, tipOnly: true };
  }

  async function created(event: ReferenceChange, to: string): Promise<ResolvedRange> {
    const repositoryName = event.repository;
    const { repositoryMetadata } = await client.send(new GetRepositoryCommand({ repositoryName }));
    const defaultBranch = repositoryMetadata?.defaultBranch;
    if (defaultBranch === undefined || defaultBranch === event.branch) {
      // The repository's first branch: there is nothing to compare with.
      return { after: to, basis: 'new default branch: every file', notes: [] };
    }
    const { branch } = await client.send(new GetBranchCommand({ repositoryName, branchName: defaultBranch }));
    const tip = branch?.commitId;
    if (tip === undefined) return firstParent(repositoryName, to, [`Default branch ${defaultBranch} has no tip: analysed the new tip commit only.`]);
    const { base, note } = await mergeBase(repositoryName, to, tip);
    if (base === undefined) {
      return firstParent(repositoryName, to, [`No merge base with ${defaultBranch} (${note ?? 'unknown'}): analysed the new tip commit only.`]);
    }
    return { before: base, after: to, basis: `merge base with ${defaultBranch}`, notes: [] };
  }

  async function updated(repositoryName: string, from: string, to: string): Promise<ResolvedRange> {
    const { base, note } = await mergeBase(repositoryName, to, from);
    if (base === undefined) {
      return { before: from, after: to, basis: `previous tip ${short(from)}`, notes: [`Could not check for a force push (${note ?? 'unknown'}): analysed the diff from the previous tip.`] };
    }
    if (base === from) return { before: from, after: to, basis: `previous tip ${short(from)}`, notes: [] };
    return {
      before: base,
      after: to,
      basis: `merge base with previous tip ${short(from)}`,
      notes: [`Force push: the previous tip ${short(from)} is not an ancestor of ${short(to)}, so the push was analysed from their merge base ${short(base)}.`],
    };
  }

  function resolve(event: ReferenceChange, range: PushRange): Promise<ResolvedRange> {
    switch (range.kind) {
      case 'commits':
        return updated(event.repository, range.from, range.to);
      case 'created':
        return created(event, range.to);
      case 'first-parent':
        return firstParent(event.repository, range.to, []);
    }
  }

  const changedFiles = buildCodeCommitChangeReader(client, options);

  return {
    async open(event: ReferenceChange, range: PushRange, options: SourceOptions): Promise<PushFiles> {
      const resolved = await resolve(event, range);
      return { range: resolved, source: await changedFiles(event.repository, resolved, options) };
    },
  };
}

/** PostCommentForComparedCommit for planned comments; the token makes a retried post a no-op. */
export function buildCodeCommitCommenter(client: CodeCommitClient): PostComment {
  return async (action) => {
    await client.send(
      new PostCommentForComparedCommitCommand({
        repositoryName: action.repository,
        afterCommitId: action.afterCommitId,
        ...(action.beforeCommitId === undefined ? {} : { beforeCommitId: action.beforeCommitId }),
        location: action.location,
        content: action.content,
        clientRequestToken: action.clientRequestToken,
      }),
    );
  };
}

/** A CodeCommit client whose timeouts allow for GetBlob's up to 6 MB answers. */
export function buildCodeCommitClient(): CodeCommitClient {
  return new CodeCommitClient(awsClientConfig({ connectTimeoutMs: 1000, requestTimeoutMs: 10_000, maxAttempts: 3 }));
}

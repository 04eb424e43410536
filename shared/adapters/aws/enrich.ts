import { BatchGetBuildsCommand, CodeBuildClient, type Build } from '@aws-sdk/client-codebuild';
import { CodeCommitClient, GetCommitCommand } from '@aws-sdk/client-codecommit';
import { CodePipelineClient, GetPipelineExecutionCommand, ListActionExecutionsCommand, type ActionExecutionDetail } from '@aws-sdk/client-codepipeline';
import { STSClient } from '@aws-sdk/client-sts';
import type { Enrich } from '../../app/ports';
import type { EnrichBuildAction, EnrichPipelineAction, EnrichmentAction } from '../../plan/actions';
import type { ApprovalFact, BuildFailureFact, Facts, FailedActionFact, RevisionFact } from '../../plan/facts';
import { buildRoleCredentials, type RoleCredentials } from './assumeRole';
import { awsClientConfig, describeAwsError, type ClientTimeouts } from './clientConfig';

export interface EnricherClients {
  readonly codepipeline: CodePipelineClient;
  readonly codebuild: CodeBuildClient;
  /** For commit authors (GetCommit); absent: authors are not looked up. */
  readonly codecommit?: CodeCommitClient;
}

/** The clients for an action's own region, signed with its account's role when it names one. */
export type ClientsFor = (action: EnrichmentAction) => EnricherClients;

const FAILED_PHASE = new Set(['FAILED', 'FAULT', 'TIMED_OUT', 'STOPPED', 'CLIENT_ERROR']);
/** ListActionExecutions pages are at most 100; a failed execution needs only a few pages. */
const MAX_ACTION_PAGES = 10;

/**
 * Best-effort enrichment: every call is bounded by `timeoutMs`, and any failure
 * (AccessDenied, throttling, timeout) becomes a note on the alert instead of an error.
 */
export function buildEnricher(clientsOrResolver: EnricherClients | ClientsFor, options: { readonly timeoutMs: number; readonly roleCredentials?: RoleCredentials }): Enrich {
  const signal = () => ({ abortSignal: AbortSignal.timeout(options.timeoutMs) });
  const clientsFor: ClientsFor = typeof clientsOrResolver === 'function' ? clientsOrResolver : () => clientsOrResolver;

  async function actionExecutions(clients: EnricherClients, action: EnrichPipelineAction): Promise<ActionExecutionDetail[]> {
    const details: ActionExecutionDetail[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_ACTION_PAGES; page += 1) {
      const response = await clients.codepipeline.send(
        new ListActionExecutionsCommand({
          pipelineName: action.pipeline,
          filter: { pipelineExecutionId: action.executionId },
          maxResults: 100,
          ...(nextToken === undefined ? {} : { nextToken }),
        }),
        signal(),
      );
      details.push(...(response.actionExecutionDetails ?? []));
      nextToken = response.nextToken;
      if (nextToken === undefined) break;
    }
    return details;
  }

  async function withBuildFailures(clients: EnricherClients, facts: FailedActionFact[]): Promise<FailedActionFact[]> {
    // CodeBuild actions name their build as `<project>:<uuid>`; its phases say why it failed.
    const buildIds = facts.filter((fact) => fact.provider === 'CodeBuild' && fact.externalId !== undefined).map((fact) => fact.externalId ?? '');
    if (buildIds.length === 0) return facts;
    const builds = await batchGetBuilds(clients, buildIds);
    return facts.map((fact) => {
      const build = builds.find((candidate) => candidate.id === fact.externalId);
      const buildFailure = build === undefined ? undefined : failedPhaseOf(build);
      return buildFailure === undefined ? fact : { ...fact, buildFailure };
    });
  }

  async function batchGetBuilds(clients: EnricherClients, ids: string[]): Promise<Build[]> {
    const response = await clients.codebuild.send(new BatchGetBuildsCommand({ ids: ids.slice(0, 100) }), signal());
    return response.builds ?? [];
  }

  async function revision(clients: EnricherClients, action: EnrichPipelineAction): Promise<RevisionFact | undefined> {
    const response = await clients.codepipeline.send(
      new GetPipelineExecutionCommand({ pipelineName: action.pipeline, pipelineExecutionId: action.executionId }),
      signal(),
    );
    const artifact = response.pipelineExecution?.artifactRevisions?.find((candidate) => candidate.revisionId !== undefined);
    if (artifact?.revisionId === undefined) return undefined;
    const message = commitMessage(artifact.revisionSummary);
    return {
      commitId: artifact.revisionId,
      ...(message === undefined ? {} : { message }),
      ...(artifact.revisionUrl === undefined ? {} : { url: artifact.revisionUrl }),
    };
  }

  async function enrichPipeline(action: EnrichPipelineAction): Promise<Facts> {
    const notes: string[] = [];
    const clients = clientsFor(action);
    const [executionsResult, revisionResult] = await Promise.allSettled([actionExecutions(clients, action), revision(clients, action)]);
    const actionsResult = executionsResult.status === 'fulfilled' ? { status: 'fulfilled' as const, value: executionsResult.value.filter((detail) => detail.status === 'Failed').map(toFailedActionFact) } : executionsResult;
    let actions: FailedActionFact[] | undefined;
    if (actionsResult.status === 'fulfilled') {
      try {
        actions = await withBuildFailures(clients, actionsResult.value);
      } catch (error: unknown) {
        actions = actionsResult.value;
        notes.push(`Build details unavailable (${describeAwsError(error)}).`);
      }
    } else {
      notes.push(`Failed actions unavailable: CodePipeline ListActionExecutions failed (${describeAwsError(actionsResult.reason)}).`);
    }
    if (revisionResult.status === 'rejected') {
      notes.push(`Source revision unavailable: CodePipeline GetPipelineExecution failed (${describeAwsError(revisionResult.reason)}).`);
    }
    const found = revisionResult.status === 'fulfilled' ? revisionResult.value : undefined;
    const revisionFact = found !== undefined && action.commitAuthor === true ? await withCommitAuthor(clients, found, notes) : found;
    const approval = action.approval === undefined || executionsResult.status === 'rejected' ? undefined : approvalFact(executionsResult.value, action.approval);
    return {
      ...(actions === undefined ? {} : { failedActions: actions }),
      ...(revisionFact === undefined ? {} : { revision: revisionFact }),
      ...(approval === undefined ? {} : { approval }),
      notes,
    };
  }

  /** The commit's author from CodeCommit (GetCommit), when the revision is a CodeCommit commit. */
  async function withCommitAuthor(clients: EnricherClients, fact: RevisionFact, notes: string[]): Promise<RevisionFact> {
    const repository = fact.repository ?? codeCommitRepositoryOf(fact.url);
    if (repository === undefined || clients.codecommit === undefined) return fact;
    try {
      const response = await clients.codecommit.send(new GetCommitCommand({ repositoryName: repository, commitId: fact.commitId }), signal());
      const author = response.commit?.author;
      return {
        ...fact,
        repository,
        ...(author?.name === undefined ? {} : { author: author.name }),
        ...(author?.email === undefined ? {} : { authorEmail: author.email }),
      };
    } catch (error: unknown) {
      notes.push(`Commit author unavailable: CodeCommit GetCommit failed (${describeAwsError(error)}).`);
      return { ...fact, repository };
    }
  }

  async function enrichBuild(action: EnrichBuildAction): Promise<Facts> {
    try {
      const [build] = await batchGetBuilds(clientsFor(action), [action.buildArn]);
      const buildFailure = build === undefined ? undefined : failedPhaseOf(build);
      if (buildFailure === undefined) return { notes: ['CodeBuild reported no failed phase for this build.'] };
      return { buildFailure, notes: [] };
    } catch (error: unknown) {
      return { notes: [`Build details unavailable: CodeBuild BatchGetBuilds failed (${describeAwsError(error)}).`] };
    }
  }

  return async (action) => {
    // Another account: assume its role once up front, so a refusal is one clear note, not one per call.
    if (action.roleArn !== undefined && options.roleCredentials !== undefined) {
      try {
        await options.roleCredentials(action.roleArn);
      } catch (error: unknown) {
        return { notes: [`Not enriched: could not assume ${action.roleArn} in account ${action.account} (${describeAwsError(error)}).`] };
      }
    }
    switch (action.type) {
      case 'codepipeline.enrich':
        return enrichPipeline(action);
      case 'codebuild.enrich':
        return enrichBuild(action);
    }
  };
}

/**
 * The enricher with its own SDK clients, whose request timeout is the enrichment budget: one set
 * per region and role, built on first use (an event from another region is read in that region,
 * one from another account through its role).
 */
export function buildAwsEnricher(options: { readonly timeoutMs: number }): Enrich {
  const timeouts: ClientTimeouts = { connectTimeoutMs: 1000, requestTimeoutMs: options.timeoutMs, maxAttempts: 2 };
  const roleCredentials = buildRoleCredentials(new STSClient(awsClientConfig(timeouts)), { sessionName: 'herald-enrichment', timeoutMs: options.timeoutMs });
  const cache = new Map<string, EnricherClients>();
  const home = process.env.AWS_REGION;
  const clientsFor: ClientsFor = (action) => {
    const key = `${action.region}|${action.roleArn ?? ''}`;
    let clients = cache.get(key);
    if (clients === undefined) {
      const roleArn = action.roleArn;
      const config = {
        ...awsClientConfig(timeouts),
        // The home region keeps the default resolution (and any endpoint override); others are named.
        ...(action.region === home ? {} : { region: action.region }),
        ...(roleArn === undefined ? {} : { credentials: () => roleCredentials(roleArn) }),
      };
      clients = { codepipeline: new CodePipelineClient(config), codebuild: new CodeBuildClient(config), codecommit: new CodeCommitClient(config) };
      cache.set(key, clients);
    }
    return clients;
  };
  return buildEnricher(clientsFor, { ...options, roleCredentials });
}

/** What a manual approval's execution says: the reviewer's comment, who reviewed it and the outcome. */
function approvalFact(details: readonly ActionExecutionDetail[], approval: { readonly stage: string; readonly action: string }): ApprovalFact | undefined {
  const detail = details.find((candidate) => candidate.stageName === approval.stage && candidate.actionName === approval.action);
  if (detail === undefined) return undefined;
  const comment = detail.output?.executionResult?.externalExecutionSummary;
  return {
    ...(comment === undefined ? {} : { comment }),
    ...(detail.updatedBy === undefined ? {} : { reviewer: detail.updatedBy }),
    ...(detail.status === undefined ? {} : { status: detail.status }),
  };
}

/** CodeCommit revision URLs name the repository: `…#/repository/<name>/commit/…` or `…/repositories/<name>/commit/…`. */
export function codeCommitRepositoryOf(url: string | undefined): string | undefined {
  const match = url === undefined ? null : /\/repositor(?:y|ies)\/([^/?#]+)\/commit\//.exec(url);
  return match?.[1] === undefined ? undefined : decodeURIComponent(match[1]);
}

function toFailedActionFact(detail: ActionExecutionDetail): FailedActionFact {
  const result = detail.output?.executionResult;
  const provider = detail.input?.actionTypeId?.provider;
  return {
    stage: detail.stageName ?? '?',
    action: detail.actionName ?? '?',
    ...(provider === undefined ? {} : { provider }),
    ...(result?.externalExecutionSummary === undefined ? {} : { summary: result.externalExecutionSummary }),
    ...(result?.errorDetails?.code === undefined ? {} : { errorCode: result.errorDetails.code }),
    ...(result?.errorDetails?.message === undefined ? {} : { errorMessage: result.errorDetails.message }),
    ...(result?.externalExecutionUrl === undefined ? {} : { externalUrl: result.externalExecutionUrl }),
    ...(result?.externalExecutionId === undefined ? {} : { externalId: result.externalExecutionId }),
  };
}

function failedPhaseOf(build: Build): BuildFailureFact | undefined {
  const phase = build.phases?.find((candidate) => candidate.phaseStatus !== undefined && FAILED_PHASE.has(candidate.phaseStatus));
  if (phase?.phaseType === undefined) return undefined;
  const context = (phase.contexts ?? [])
    .map((item) => [item.statusCode, item.message].filter((part) => part !== undefined && part !== '').join(': '))
    .filter((line) => line !== '');
  return {
    phase: phase.phaseType,
    ...(phase.phaseStatus === undefined ? {} : { status: phase.phaseStatus }),
    context,
    ...(build.logs?.deepLink === undefined ? {} : { logDeepLink: build.logs.deepLink }),
  };
}

/** CodeCommit gives the commit message as the summary; connection sources give JSON with `CommitMessage`. */
function commitMessage(summary: string | undefined): string | undefined {
  if (summary === undefined || !summary.trimStart().startsWith('{')) return summary;
  try {
    const parsed: unknown = JSON.parse(summary);
    if (typeof parsed === 'object' && parsed !== null && 'CommitMessage' in parsed && typeof parsed.CommitMessage === 'string') {
      return parsed.CommitMessage;
    }
  } catch {
    // Not JSON after all: use it as written.
  }
  return summary;
}

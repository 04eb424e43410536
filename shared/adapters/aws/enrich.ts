import { BatchGetBuildsCommand, CodeBuildClient, type Build } from '@aws-sdk/client-codebuild';
import { CodePipelineClient, GetPipelineExecutionCommand, ListActionExecutionsCommand, type ActionExecutionDetail } from '@aws-sdk/client-codepipeline';
import type { Enrich } from '../../app/ports';
import type { EnrichBuildAction, EnrichPipelineAction } from '../../plan/actions';
import type { BuildFailureFact, Facts, FailedActionFact, RevisionFact } from '../../plan/facts';
import { awsClientConfig, describeAwsError } from './clientConfig';

export interface EnricherClients {
  readonly codepipeline: CodePipelineClient;
  readonly codebuild: CodeBuildClient;
}

const FAILED_PHASE = new Set(['FAILED', 'FAULT', 'TIMED_OUT', 'STOPPED', 'CLIENT_ERROR']);
/** ListActionExecutions pages are at most 100; a failed execution needs only a few pages. */
const MAX_ACTION_PAGES = 10;

/**
 * Best-effort enrichment: every call is bounded by `timeoutMs`, and any failure
 * (AccessDenied, throttling, timeout) becomes a note on the alert instead of an error.
 */
export function buildEnricher(clients: EnricherClients, options: { readonly timeoutMs: number }): Enrich {
  const signal = () => ({ abortSignal: AbortSignal.timeout(options.timeoutMs) });

  async function failedActions(action: EnrichPipelineAction): Promise<FailedActionFact[]> {
    const failed: ActionExecutionDetail[] = [];
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
      failed.push(...(response.actionExecutionDetails ?? []).filter((detail) => detail.status === 'Failed'));
      nextToken = response.nextToken;
      if (nextToken === undefined) break;
    }
    return failed.map(toFailedActionFact);
  }

  async function withBuildFailures(facts: FailedActionFact[]): Promise<FailedActionFact[]> {
    // CodeBuild actions name their build as `<project>:<uuid>`; its phases say why it failed.
    const buildIds = facts.filter((fact) => fact.provider === 'CodeBuild' && fact.externalId !== undefined).map((fact) => fact.externalId ?? '');
    if (buildIds.length === 0) return facts;
    const builds = await batchGetBuilds(buildIds);
    return facts.map((fact) => {
      const build = builds.find((candidate) => candidate.id === fact.externalId);
      const buildFailure = build === undefined ? undefined : failedPhaseOf(build);
      return buildFailure === undefined ? fact : { ...fact, buildFailure };
    });
  }

  async function batchGetBuilds(ids: string[]): Promise<Build[]> {
    const response = await clients.codebuild.send(new BatchGetBuildsCommand({ ids: ids.slice(0, 100) }), signal());
    return response.builds ?? [];
  }

  async function revision(action: EnrichPipelineAction): Promise<RevisionFact | undefined> {
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
    const [actionsResult, revisionResult] = await Promise.allSettled([failedActions(action), revision(action)]);
    let actions: FailedActionFact[] | undefined;
    if (actionsResult.status === 'fulfilled') {
      try {
        actions = await withBuildFailures(actionsResult.value);
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
    const revisionFact = revisionResult.status === 'fulfilled' ? revisionResult.value : undefined;
    return {
      ...(actions === undefined ? {} : { failedActions: actions }),
      ...(revisionFact === undefined ? {} : { revision: revisionFact }),
      notes,
    };
  }

  async function enrichBuild(action: EnrichBuildAction): Promise<Facts> {
    try {
      const [build] = await batchGetBuilds([action.buildArn]);
      const buildFailure = build === undefined ? undefined : failedPhaseOf(build);
      if (buildFailure === undefined) return { notes: ['CodeBuild reported no failed phase for this build.'] };
      return { buildFailure, notes: [] };
    } catch (error: unknown) {
      return { notes: [`Build details unavailable: CodeBuild BatchGetBuilds failed (${describeAwsError(error)}).`] };
    }
  }

  return async (action) => {
    switch (action.type) {
      case 'codepipeline.enrich':
        return enrichPipeline(action);
      case 'codebuild.enrich':
        return enrichBuild(action);
    }
  };
}

/** The enricher with its own SDK clients, whose request timeout is the enrichment budget. */
export function buildAwsEnricher(options: { readonly timeoutMs: number }): Enrich {
  const timeouts = { connectTimeoutMs: 1000, requestTimeoutMs: options.timeoutMs, maxAttempts: 2 };
  return buildEnricher({ codepipeline: new CodePipelineClient(awsClientConfig(timeouts)), codebuild: new CodeBuildClient(awsClientConfig(timeouts)) }, options);
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

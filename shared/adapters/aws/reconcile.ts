import { BatchGetBuildsCommand, CodeBuildClient, ListBuildsForProjectCommand, ListProjectsCommand, type Build } from '@aws-sdk/client-codebuild';
import { CodePipelineClient, ListPipelineExecutionsCommand, ListPipelinesCommand, type PipelineExecutionSummary } from '@aws-sdk/client-codepipeline';
import type { ListRecentRuns, RecentRuns } from '../../app/ports';
import type { BuildPhase } from '../../events/domain';
import type { BuildListing, PipelineExecutionListing, ReconcileWindow } from '../../events/reconciled';
import { compact } from '../../util/compact';
import { anyGlobMatcher } from '../../util/glob';
import { mapPool } from '../../util/orderedPool';
import { awsClientConfig } from './clientConfig';

export interface ReconcileClients {
  readonly codepipeline: CodePipelineClient;
  readonly codebuild: CodeBuildClient;
}

export interface ReconcileScope {
  /** Globs over pipeline names (ListPipelines). */
  readonly pipelines: readonly string[];
  /** Globs over project names (ListProjects). */
  readonly projects: readonly string[];
}

/** Pages of history read per pipeline or project at most (100 executions or builds a page). */
const MAX_HISTORY_PAGES = 10;
/** Pipelines or projects listed at once: enough to finish well within the timeout, few enough not to be throttled. */
const CONCURRENCY = 4;
/** BatchGetBuilds takes at most 100 ids. */
const BATCH_GET_BUILDS_MAX = 100;

function iso(date: Date | undefined): string | undefined {
  return date === undefined ? undefined : date.toISOString();
}

function before(time: Date | undefined, window: ReconcileWindow): boolean {
  return time !== undefined && time.getTime() < Date.parse(window.from);
}

/**
 * Histories are listed newest first; a page whose oldest entry both started and last changed
 * before the window ends the listing. (A run started long before the window and still running
 * past older finished ones is the one case this misses; the next period's events cover it.)
 */
function endsBeforeWindow(start: Date | undefined, end: Date | undefined, window: ReconcileWindow): boolean {
  return before(start, window) && (end === undefined || before(end, window));
}

/**
 * Lists the pipeline executions and builds of the scope that may have ended in the window.
 * Any API failure rejects (AccessDenied, throttling after the SDK's retries): a sweep that
 * could not look must fail visibly, not report "nothing missed".
 */
export function buildRecentRunsLister(clients: ReconcileClients, scope: ReconcileScope): ListRecentRuns {
  const pipelineInScope = anyGlobMatcher(scope.pipelines);
  const projectInScope = anyGlobMatcher(scope.projects);

  async function pipelineNames(): Promise<string[]> {
    const names: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await clients.codepipeline.send(new ListPipelinesCommand({ maxResults: 1000, ...(nextToken === undefined ? {} : { nextToken }) }));
      for (const pipeline of page.pipelines ?? []) if (pipeline.name !== undefined && pipelineInScope(pipeline.name)) names.push(pipeline.name);
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    return names;
  }

  async function executionsOf(pipeline: string, window: ReconcileWindow): Promise<PipelineExecutionListing[]> {
    const listings: PipelineExecutionListing[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_HISTORY_PAGES; page += 1) {
      const response = await clients.codepipeline.send(
        new ListPipelineExecutionsCommand({ pipelineName: pipeline, maxResults: 100, ...(nextToken === undefined ? {} : { nextToken }) }),
      );
      const summaries = response.pipelineExecutionSummaries ?? [];
      listings.push(...summaries.flatMap((summary) => toExecutionListing(pipeline, summary)));
      const oldest = summaries.at(-1);
      nextToken = response.nextToken;
      if (nextToken === undefined || (oldest !== undefined && endsBeforeWindow(oldest.startTime, oldest.lastUpdateTime, window))) break;
    }
    return listings;
  }

  async function projectNames(): Promise<string[]> {
    const names: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await clients.codebuild.send(new ListProjectsCommand({ sortBy: 'NAME', ...(nextToken === undefined ? {} : { nextToken }) }));
      names.push(...(page.projects ?? []).filter(projectInScope));
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    return names;
  }

  async function batchGetBuilds(ids: readonly string[]): Promise<Build[]> {
    const builds: Build[] = [];
    for (let start = 0; start < ids.length; start += BATCH_GET_BUILDS_MAX) {
      const response = await clients.codebuild.send(new BatchGetBuildsCommand({ ids: ids.slice(start, start + BATCH_GET_BUILDS_MAX) }));
      builds.push(...(response.builds ?? []));
    }
    return builds;
  }

  async function buildsOf(project: string, window: ReconcileWindow): Promise<BuildListing[]> {
    const listings: BuildListing[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_HISTORY_PAGES; page += 1) {
      const response = await clients.codebuild.send(
        new ListBuildsForProjectCommand({ projectName: project, sortOrder: 'DESCENDING', ...(nextToken === undefined ? {} : { nextToken }) }),
      );
      const builds = await batchGetBuilds(response.ids ?? []);
      listings.push(...builds.flatMap(toBuildListing));
      const oldest = builds.at(-1);
      nextToken = response.nextToken;
      if (nextToken === undefined || (oldest !== undefined && endsBeforeWindow(oldest.startTime, oldest.endTime, window))) break;
    }
    return listings;
  }

  return async (window): Promise<RecentRuns> => {
    const [pipelines, projects] = await Promise.all([pipelineNames(), projectNames()]);
    const [executions, builds] = await Promise.all([
      mapPool(pipelines, CONCURRENCY, (pipeline) => executionsOf(pipeline, window)),
      mapPool(projects, CONCURRENCY, (project) => buildsOf(project, window)),
    ]);
    return { pipelineExecutions: executions.flat(), builds: builds.flat() };
  };
}

/** The lister with its own clients (more retries than an alert's enrichment: a sweep is not in a hurry). */
export function buildAwsRecentRunsLister(scope: ReconcileScope): ListRecentRuns {
  const timeouts = { connectTimeoutMs: 1000, requestTimeoutMs: 5000, maxAttempts: 5 };
  return buildRecentRunsLister({ codepipeline: new CodePipelineClient(awsClientConfig(timeouts)), codebuild: new CodeBuildClient(awsClientConfig(timeouts)) }, scope);
}

function toExecutionListing(pipeline: string, summary: PipelineExecutionSummary): PipelineExecutionListing[] {
  if (summary.pipelineExecutionId === undefined || summary.status === undefined) return [];
  return [
    compact({
      pipeline,
      executionId: summary.pipelineExecutionId,
      status: summary.status,
      startTime: iso(summary.startTime),
      lastUpdateTime: iso(summary.lastUpdateTime),
      stopReason: summary.stopTrigger?.reason || undefined,
    }),
  ];
}

function toBuildListing(build: Build): BuildListing[] {
  if (build.arn === undefined || build.projectName === undefined || build.buildStatus === undefined) return [];
  return [
    compact({
      arn: build.arn,
      project: build.projectName,
      status: build.buildStatus,
      phases: (build.phases ?? []).flatMap(toPhase),
      startTime: iso(build.startTime),
      endTime: iso(build.endTime),
      buildNumber: build.buildNumber,
      initiator: build.initiator || undefined,
      sourceVersion: build.sourceVersion || undefined,
      sourceLocation: build.source?.location || undefined,
      sourceType: build.source?.type,
      logDeepLink: build.logs?.deepLink || undefined,
    }),
  ];
}

/** A BatchGetBuilds phase in the event's terms: contexts as `CODE: message`, CodeBuild's empty `": "` dropped. */
function toPhase(phase: NonNullable<Build['phases']>[number]): BuildPhase[] {
  if (phase.phaseType === undefined) return [];
  const context = (phase.contexts ?? [])
    .map((item) => [item.statusCode, item.message].filter((part) => part !== undefined && part !== '').join(': '))
    .filter((line) => line !== '');
  return [
    {
      type: phase.phaseType,
      context,
      ...(phase.phaseStatus === undefined ? {} : { status: phase.phaseStatus }),
      ...(phase.durationInSeconds === undefined ? {} : { durationSeconds: phase.durationInSeconds }),
    },
  ];
}

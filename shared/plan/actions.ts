import type { MessageFormat } from '../config/schema';

/**
 * Planned side effects, as plain data. Executors carry them out; `herald replay` prints them.
 */

/** Ask the CodePipeline API what failed in an execution and which revision it ran. */
export interface EnrichPipelineAction {
  readonly type: 'codepipeline.enrich';
  readonly pipeline: string;
  readonly executionId: string;
  readonly account: string;
  readonly region: string;
  /** Another account's read-only role to assume first (config `accounts.<id>.enrichmentRoleArn`). */
  readonly roleArn?: string;
  /** Also look up the commit's author (CodeCommit GetCommit): only when the config names people. */
  readonly commitAuthor?: boolean;
  /** A manual approval action whose execution (comment, reviewer) to report. */
  readonly approval?: { readonly stage: string; readonly action: string };
}

/** Ask CodeBuild (BatchGetBuilds) for the phases of a build the event did not describe. */
export interface EnrichBuildAction {
  readonly type: 'codebuild.enrich';
  readonly buildArn: string;
  readonly account: string;
  readonly region: string;
  /** Another account's read-only role to assume first. */
  readonly roleArn?: string;
}

export type EnrichmentAction = EnrichPipelineAction | EnrichBuildAction;

export interface SnsPublishAction {
  readonly type: 'sns.publish';
  /** Config target name. */
  readonly target: string;
  /** Logical topic name from the config; the executor resolves it to an ARN. */
  readonly topic: string;
  readonly format: MessageFormat;
  readonly subject: string;
  readonly message: string;
  /** String message attributes for subscription filter policies (at most five names). */
  readonly attributes: Readonly<Record<string, string>>;
  /** What the alert is about and where it goes (`effectKey`): the same for every delivery path of one event, so it is sent once. */
  readonly dedupeKey: string;
}

export type DeliveryAction = SnsPublishAction;

/**
 * Which commits a push analysis covers, decided from the event alone; the push source turns it
 * into concrete commits (a ResolvedRange fact):
 * - `commits`: the EventBridge update's old and new tips (a force push is analysed from their
 *   merge base, which the source finds);
 * - `created`: a new branch or tag, from its merge base with the repository's default branch;
 * - `first-parent`: a trigger update, which names the new tip alone: the tip commit's own changes.
 */
export type PushRange =
  | { readonly kind: 'commits'; readonly from: string; readonly to: string }
  | { readonly kind: 'created'; readonly mergeBaseWith: 'default-branch'; readonly to: string }
  | { readonly kind: 'first-parent'; readonly from: 'first-parent'; readonly to: string };

/** Analyse the files a push changed (CodeCommit API in Lambda, a local clone in `herald replay`). */
export interface AnalysisRunAction {
  readonly type: 'analysis.run';
  readonly repository: string;
  readonly ref: string;
  readonly branch?: string;
  readonly tag?: string;
  readonly range: PushRange;
  readonly account: string;
  readonly region: string;
}

/** PostCommentForComparedCommit: one finding, at its file and line of the pushed version. */
export interface CodeCommitCommentAction {
  readonly type: 'codecommit.comment';
  readonly repository: string;
  /** Absent when the analysis covered a whole tree (a first push): the comment is on the commit alone. */
  readonly beforeCommitId?: string;
  readonly afterCommitId: string;
  readonly location: {
    readonly filePath: string;
    /** 1-based line; absent for file-level findings. */
    readonly filePosition?: number;
    readonly relativeFileVersion: 'AFTER';
  };
  /** Markdown, at most 10,240 characters; the masked preview only, never the secret. */
  readonly content: string;
  /** Derived from the event and the finding, so a retried invocation does not comment twice. */
  readonly clientRequestToken: string;
}

export type Action =
  | EnrichmentAction
  | DeliveryAction
  | AnalysisRunAction
  | CodeCommitCommentAction
  | PullRequestAnalysisAction
  | PullRequestCommentAction
  | BuildHookAction
  | StateWriteAction;

/**
 * Analyse a pull request's own changes: GetPullRequest names its current source tip,
 * destination tip and merge base; the changes merge base → source tip are analysed.
 */
export interface PullRequestAnalysisAction {
  readonly type: 'pull-request.analyze';
  readonly repository: string;
  readonly pullRequestId: string;
  /** The tips the event named; the source reads the pull request's current ones. */
  readonly sourceCommit: string;
  readonly destinationCommit: string;
  readonly account: string;
  readonly region: string;
}

/**
 * PostCommentForPullRequest: Herald's summary (no location) or one finding at its file and
 * line. Content ends with a hidden marker naming what it reports, so later runs know.
 */
export interface PullRequestCommentAction {
  readonly type: 'codecommit.pull-request-comment';
  readonly role: 'summary' | 'finding';
  readonly repository: string;
  readonly pullRequestId: string;
  /** The destination tip. */
  readonly beforeCommitId: string;
  /** The source tip. */
  readonly afterCommitId: string;
  readonly location?: {
    readonly filePath: string;
    readonly filePosition?: number;
    readonly relativeFileVersion: 'AFTER';
  };
  /** Markdown, at most 10,240 characters; masked previews only. */
  readonly content: string;
  /** From the pull request and the finding (or the summary's state): a retried post is a no-op. */
  readonly clientRequestToken: string;
}

/** How a webhook proves it came from Herald (see README "Build hooks"). */
export type WebhookSigning =
  | { readonly scheme: 'standard' }
  | { readonly scheme: 'github' }
  | { readonly scheme: 'token-header'; readonly header: string }
  | { readonly scheme: 'token-query'; readonly parameter: string };

/**
 * POST a build hook's JSON body to a build system. Plain data without secret values: the
 * executor reads `secret` at delivery time and signs each attempt (`webhook-timestamp` is the
 * attempt's time; `webhookId` is the same for every attempt and every delivery of the push).
 */
export interface WebhookPostAction {
  readonly type: 'webhook.post';
  /** buildHooks target name. */
  readonly target: string;
  /** Without the token of `token-query` signing: the executor adds it. */
  readonly url: string;
  /** Request headers known at planning time (content type, configured extras, webhook-id). */
  readonly headers: Readonly<Record<string, string>>;
  /** The exact bytes sent and signed. */
  readonly body: string;
  /** Stable per push and target, so receivers can de-duplicate. */
  readonly webhookId: string;
  readonly signing: WebhookSigning;
  /** Secret reference (`ssm:/…`, `secretsmanager:…`, `env:…`), never its value. */
  readonly secret: string;
  readonly allowHttp: boolean;
  readonly connectTimeoutMs: number;
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  /** Held back when the push analysis has blocking findings. */
  readonly gated: boolean;
  readonly dedupeKey: string;
}

/** An environment variable override of StartBuild, exactly as the API takes it. */
export interface CodeBuildEnvironmentVariable {
  readonly name: string;
  readonly value: string;
  readonly type: 'PLAINTEXT' | 'PARAMETER_STORE' | 'SECRETS_MANAGER';
}

/** CodeBuild StartBuild at the pushed commit. */
export interface CodeBuildStartBuildAction {
  readonly type: 'codebuild.startBuild';
  readonly target: string;
  readonly projectName: string;
  readonly sourceVersion: string;
  readonly environmentVariablesOverride: readonly CodeBuildEnvironmentVariable[];
  /** Derived from the event identity, commit and target: duplicate deliveries start one build. */
  readonly idempotencyToken: string;
  readonly gated: boolean;
  readonly dedupeKey: string;
}

export type BuildHookAction = WebhookPostAction | CodeBuildStartBuildAction;

/**
 * Record what Herald last saw of a pipeline, build project or branch (shared/plan/state.ts). The
 * store writes it only when `record.eventTime` is newer than the stored one, so a late event
 * never overwrites a newer state.
 */
export interface StateWriteAction {
  readonly type: 'state.write';
  readonly record: StateRecord;
}

/** One subject's state; every field but `subject` and `eventTime` depends on the subject's kind. */
export interface StateRecord {
  /** `pipeline/<account>/<region>/<name>`, `build/<account>/<region>/<project>`, `branch/<account>/<region>/<repository>/<branch>`. */
  readonly subject: string;
  /** ISO-8601 time of the event that wrote it. */
  readonly eventTime: string;
  /** Pipelines and build projects: failing since a failure, passing since a success. */
  readonly status?: 'failing' | 'passing';
  /** The pipeline execution or build (ARN) the event was about. */
  readonly executionId?: string;
  /** The state of the failure that started the streak (FAILED, TIMED_OUT, …): a recovered alert takes its severity. */
  readonly failedState?: string;
  readonly failingSince?: string;
  /** Branches: the last commit Herald analysed. */
  readonly commitId?: string;
}

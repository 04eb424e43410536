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
}

/** Ask CodeBuild (BatchGetBuilds) for the phases of a build the event did not describe. */
export interface EnrichBuildAction {
  readonly type: 'codebuild.enrich';
  readonly buildArn: string;
  readonly account: string;
  readonly region: string;
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
  /** Stable per event and target, for de-duplication downstream. */
  readonly dedupeKey: string;
}

export type DeliveryAction = SnsPublishAction;
export type Action = EnrichmentAction | DeliveryAction;

/**
 * Schemas for the `detail` of CodePipeline execution state-change events, and for the
 * `additionalAttributes` that notification rules add. Objects strip unknown fields, so new
 * fields AWS adds never break parsing; only what Herald uses is declared.
 */
import { z } from 'zod';
import { numeric, stateName } from './fields';

/** `CodePipeline Pipeline Execution State Change`. The FAILED event carries no reason. */
export const pipelineExecutionDetail = z.object({
  pipeline: z.string().min(1),
  'execution-id': z.string().min(1),
  state: stateName,
  /** Pipeline structure version; `16.0` or `"1"` in the wild. */
  version: numeric.nullish(),
  'pipeline-execution-attempt': numeric.nullish(),
  'stop-execution-comments': z.string().nullish(),
});

/** `CodePipeline Stage Execution State Change`. */
export const stageExecutionDetail = pipelineExecutionDetail.extend({
  stage: z.string().min(1),
});

/** `type` of an action event; its `version` is `"1"` or `1` and is not used. */
const actionType = z.object({
  owner: z.string().nullish(),
  provider: z.string().nullish(),
  category: z.string().nullish(),
});

/** Where an action's failure reason lives; every part is optional (older captures have none). */
const executionResult = z.object({
  'external-execution-summary': z.string().nullish(),
  'external-execution-url': z.string().nullish(),
  'external-execution-id': z.string().nullish(),
  'error-code': z.string().nullish(),
});

/** `CodePipeline Action Execution State Change`. */
export const actionExecutionDetail = stageExecutionDetail.extend({
  action: z.string().min(1),
  type: actionType.nullish(),
  'execution-result': executionResult.nullish(),
});

/** Drops a malformed supplementary attribute rather than rejecting the event it decorates. */
function lenient<T extends z.ZodType>(schema: T) {
  return schema.optional().catch(undefined);
}

const failedAction = z.object({
  action: z.string().min(1),
  additionalInformation: z.string().nullish(),
});

const sourceAction = z.object({
  sourceActionName: z.string().nullish(),
  sourceActionProvider: z.string().nullish(),
  sourceActionVariables: z
    .object({
      BranchName: z.string().nullish(),
      CommitId: z.string().nullish(),
      RepositoryName: z.string().nullish(),
    })
    .nullish(),
});

/**
 * `additionalAttributes` of a notification-rule (processed) CodePipeline event: failure
 * details on pipeline/stage FAILED, source revisions on stage events, and the action's
 * `additionalInformation`. Never fails: anything malformed is dropped.
 */
export const pipelineNotificationAttributes = z
  .object({
    failedStage: lenient(z.string()),
    failedActionCount: lenient(numeric),
    failedActions: lenient(z.array(failedAction)),
    sourceActions: lenient(z.array(sourceAction)),
    additionalInformation: lenient(z.string()),
  })
  .catch({});

export type PipelineExecutionDetail = z.output<typeof pipelineExecutionDetail>;
export type StageExecutionDetail = z.output<typeof stageExecutionDetail>;
export type ActionExecutionDetail = z.output<typeof actionExecutionDetail>;
export type PipelineNotificationAttributes = z.output<typeof pipelineNotificationAttributes>;

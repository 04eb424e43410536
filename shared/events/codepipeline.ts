/**
 * Schemas for the `detail` of CodePipeline execution state-change events, and for the
 * `additionalAttributes` that notification rules add. Objects strip unknown fields, so new
 * fields AWS adds never break parsing; only what Herald uses is declared.
 */
import * as z from 'zod/mini';
import { numeric, stateName } from './fields';
import { nonEmptyString } from './schema';

/** `CodePipeline Pipeline Execution State Change`. The FAILED event carries no reason. */
export const pipelineExecutionDetail = z.object({
  pipeline: nonEmptyString(),
  'execution-id': nonEmptyString(),
  state: stateName,
  /** Pipeline structure version; `16.0` or `"1"` in the wild. */
  version: z.nullish(numeric),
  'pipeline-execution-attempt': z.nullish(numeric),
  'stop-execution-comments': z.nullish(z.string()),
});

/** `CodePipeline Stage Execution State Change`. */
export const stageExecutionDetail = z.extend(pipelineExecutionDetail, {
  stage: nonEmptyString(),
});

/** `type` of an action event; its `version` is `"1"` or `1` and is not used. */
const actionType = z.object({
  owner: z.nullish(z.string()),
  provider: z.nullish(z.string()),
  category: z.nullish(z.string()),
});

/** Where an action's failure reason lives; every part is optional (older captures have none). */
const executionResult = z.object({
  'external-execution-summary': z.nullish(z.string()),
  'external-execution-url': z.nullish(z.string()),
  'external-execution-id': z.nullish(z.string()),
  'error-code': z.nullish(z.string()),
});

/** `CodePipeline Action Execution State Change`. */
export const actionExecutionDetail = z.extend(stageExecutionDetail, {
  action: nonEmptyString(),
  type: z.nullish(actionType),
  'execution-result': z.nullish(executionResult),
});

/** Drops a malformed supplementary attribute rather than rejecting the event it decorates. */
function lenient<T extends z.ZodMiniType>(schema: T) {
  return z.catch(z.optional(schema), undefined);
}

const failedAction = z.object({
  action: nonEmptyString(),
  additionalInformation: z.nullish(z.string()),
});

const sourceAction = z.object({
  sourceActionName: z.nullish(z.string()),
  sourceActionProvider: z.nullish(z.string()),
  sourceActionVariables: z.nullish(
    z.object({
      BranchName: z.nullish(z.string()),
      CommitId: z.nullish(z.string()),
      RepositoryName: z.nullish(z.string()),
    }),
  ),
});

/**
 * `additionalAttributes` of a notification-rule (processed) CodePipeline event: failure
 * details on pipeline/stage FAILED, source revisions on stage events, and the action's
 * `additionalInformation`. Never fails: anything malformed is dropped.
 */
export const pipelineNotificationAttributes = z.catch(
  z.object({
    failedStage: lenient(z.string()),
    failedActionCount: lenient(numeric),
    failedActions: lenient(z.array(failedAction)),
    sourceActions: lenient(z.array(sourceAction)),
    additionalInformation: lenient(z.string()),
  }),
  {},
);

export type PipelineExecutionDetail = z.output<typeof pipelineExecutionDetail>;
export type StageExecutionDetail = z.output<typeof stageExecutionDetail>;
export type ActionExecutionDetail = z.output<typeof actionExecutionDetail>;
export type PipelineNotificationAttributes = z.output<typeof pipelineNotificationAttributes>;

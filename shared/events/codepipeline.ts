/**
 * Schemas for the `detail` of CodePipeline execution state-change events, and for the
 * `additionalAttributes` that notification rules add. Objects strip unknown fields, so new
 * fields AWS adds never break parsing; only what Herald uses is declared.
 */
import * as v from 'valibot';
import { jsonObject, nonEmptyString, nullishNumeric, nullishString, numeric, stateName } from './fields';

const pipelineExecutionEntries = {
  pipeline: nonEmptyString,
  'execution-id': nonEmptyString,
  state: stateName,
  /** Pipeline structure version; `16.0` or `"1"` in the wild. */
  version: nullishNumeric,
  'pipeline-execution-attempt': nullishNumeric,
  'stop-execution-comments': nullishString,
};

/** `CodePipeline Pipeline Execution State Change`. The FAILED event carries no reason. */
export const pipelineExecutionDetail = jsonObject(pipelineExecutionEntries);

const stageExecutionEntries = {
  ...pipelineExecutionEntries,
  stage: nonEmptyString,
};

/** `CodePipeline Stage Execution State Change`. */
export const stageExecutionDetail = jsonObject(stageExecutionEntries);

/** `type` of an action event; its `version` is `"1"` or `1` and is not used. */
const actionType = jsonObject({
  owner: nullishString,
  provider: nullishString,
  category: nullishString,
});

/** Where an action's failure reason lives; every part is optional (older captures have none). */
const executionResult = jsonObject({
  'external-execution-summary': nullishString,
  'external-execution-url': nullishString,
  'external-execution-id': nullishString,
  'error-code': nullishString,
});

/** `CodePipeline Action Execution State Change`. */
export const actionExecutionDetail = jsonObject({
  ...stageExecutionEntries,
  action: nonEmptyString,
  type: v.nullish(actionType),
  'execution-result': v.nullish(executionResult),
});

/** Drops a malformed supplementary attribute rather than rejecting the event it decorates. */
function lenient<T extends v.GenericSchema>(schema: T) {
  return v.fallback(v.optional(schema), undefined);
}

const failedAction = jsonObject({
  action: nonEmptyString,
  additionalInformation: nullishString,
});

const sourceAction = jsonObject({
  sourceActionName: nullishString,
  sourceActionProvider: nullishString,
  sourceActionVariables: v.nullish(
    jsonObject({
      BranchName: nullishString,
      CommitId: nullishString,
      RepositoryName: nullishString,
    }),
  ),
});

/**
 * `additionalAttributes` of a notification-rule (processed) CodePipeline event: failure
 * details on pipeline/stage FAILED, source revisions on stage events, and the action's
 * `additionalInformation`. Never fails: anything malformed is dropped.
 */
export const pipelineNotificationAttributes = v.fallback(
  jsonObject({
    failedStage: lenient(v.string()),
    failedActionCount: lenient(numeric),
    failedActions: lenient(v.array(failedAction)),
    sourceActions: lenient(v.array(sourceAction)),
    additionalInformation: lenient(v.string()),
  }),
  {},
);

export type PipelineExecutionDetail = v.InferOutput<typeof pipelineExecutionDetail>;
export type StageExecutionDetail = v.InferOutput<typeof stageExecutionDetail>;
export type ActionExecutionDetail = v.InferOutput<typeof actionExecutionDetail>;
export type PipelineNotificationAttributes = v.InferOutput<typeof pipelineNotificationAttributes>;

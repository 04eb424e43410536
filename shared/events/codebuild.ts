/**
 * Schemas for the `detail` of CodeBuild build state and phase change events. Objects strip
 * unknown fields; only what Herald uses is declared (`version`, `"1"` or `1`, is not).
 */
import * as v from 'valibot';
import { jsonObject, nonEmptyString, nullishNumeric, nullishString, stateName } from './fields';

/** Splits list text before each `STATUS_CODE: ` only: the messages themselves contain commas. */
const LIST_TEXT_SEPARATOR = /, (?=[A-Z][A-Z0-9_]*: )/;

/**
 * Phase contexts as a list of `STATUS_CODE: message` strings. The top-level `*-context`
 * fields are list-like text (`"[]"`, `"[: ]"`, `"[COMMAND_EXECUTION_ERROR: … exit status 1]"`);
 * `phases[].phase-context` is a real array. Either way CodeBuild writes `": "` for "no context",
 * which is dropped.
 */
export function decodeContextList(value: string | readonly string[]): string[] {
  const entries = typeof value === 'string' ? splitListText(value) : value;
  return entries.map((entry) => entry.trim()).filter((entry) => entry !== '' && entry !== ':');
}

function splitListText(text: string): string[] {
  const trimmed = text.trim();
  const inner = trimmed.startsWith('[') && trimmed.endsWith(']') ? trimmed.slice(1, -1) : trimmed;
  return inner.split(LIST_TEXT_SEPARATOR);
}

/** A context list (see decodeContextList), absent or `null`. */
const nullishContextList = v.nullish(
  v.pipe(
    v.union([v.string(), v.array(v.string())]),
    v.transform((value: string | string[]) => decodeContextList(value)),
  ),
);

/** One entry of `additional-information.phases`; the final COMPLETED entry has only type and start. */
const buildPhase = jsonObject({
  'phase-type': nonEmptyString,
  'phase-status': nullishString,
  'phase-context': nullishContextList,
  'duration-in-seconds': nullishNumeric,
});

/** `additional-information`: build number and source version live here, not at the top of `detail`. */
const additionalInformation = jsonObject({
  'build-number': nullishNumeric,
  initiator: nullishString,
  'source-version': nullishString,
  source: v.nullish(
    jsonObject({
      location: nullishString,
      type: nullishString,
    }),
  ),
  logs: v.nullish(jsonObject({ 'deep-link': nullishString })),
  phases: v.nullish(v.array(buildPhase)),
});

const buildDetailEntries = {
  'project-name': nonEmptyString,
  /** The full build ARN. */
  'build-id': nonEmptyString,
  'additional-information': v.nullish(additionalInformation),
};

/** `CodeBuild Build State Change`. The failure reason is in the FAILED entry of `phases`. */
export const buildStateDetail = jsonObject({
  ...buildDetailEntries,
  'build-status': stateName,
  'current-phase-context': nullishContextList,
});

/** `CodeBuild Build Phase Change`. */
export const buildPhaseDetail = jsonObject({
  ...buildDetailEntries,
  'completed-phase': nonEmptyString,
  'completed-phase-status': stateName,
  'completed-phase-context': nullishContextList,
});

/** What build state and phase changes share (typed only: no schema is built for it). */
export type BuildDetail = v.InferOutput<v.ObjectSchema<typeof buildDetailEntries, undefined>>;
export type BuildStateDetail = v.InferOutput<typeof buildStateDetail>;
export type BuildPhaseDetail = v.InferOutput<typeof buildPhaseDetail>;
export type BuildPhaseEntry = v.InferOutput<typeof buildPhase>;

/**
 * Schemas for the `detail` of CodeBuild build state and phase change events. Objects strip
 * unknown fields; only what Herald uses is declared (`version`, `"1"` or `1`, is not).
 */
import { z } from 'zod';
import { numeric, stateName } from './fields';

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

const contextList = z.union([z.string(), z.array(z.string())]).transform(decodeContextList);

/** One entry of `additional-information.phases`; the final COMPLETED entry has only type and start. */
const buildPhase = z.object({
  'phase-type': z.string().min(1),
  'phase-status': z.string().nullish(),
  'phase-context': contextList.nullish(),
  'duration-in-seconds': numeric.nullish(),
});

/** `additional-information`: build number and source version live here, not at the top of `detail`. */
const additionalInformation = z.object({
  'build-number': numeric.nullish(),
  initiator: z.string().nullish(),
  'source-version': z.string().nullish(),
  source: z
    .object({
      location: z.string().nullish(),
      type: z.string().nullish(),
    })
    .nullish(),
  logs: z.object({ 'deep-link': z.string().nullish() }).nullish(),
  phases: z.array(buildPhase).nullish(),
});

const buildDetail = z.object({
  'project-name': z.string().min(1),
  /** The full build ARN. */
  'build-id': z.string().min(1),
  'additional-information': additionalInformation.nullish(),
});

/** `CodeBuild Build State Change`. The failure reason is in the FAILED entry of `phases`. */
export const buildStateDetail = buildDetail.extend({
  'build-status': stateName,
  'current-phase-context': contextList.nullish(),
});

/** `CodeBuild Build Phase Change`. */
export const buildPhaseDetail = buildDetail.extend({
  'completed-phase': z.string().min(1),
  'completed-phase-status': stateName,
  'completed-phase-context': contextList.nullish(),
});

export type BuildDetail = z.output<typeof buildDetail>;
export type BuildStateDetail = z.output<typeof buildStateDetail>;
export type BuildPhaseDetail = z.output<typeof buildPhaseDetail>;
export type BuildPhaseEntry = z.output<typeof buildPhase>;

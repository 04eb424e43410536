/**
 * Schemas for the `detail` of CodeBuild build state and phase change events. Objects strip
 * unknown fields; only what Herald uses is declared (`version`, `"1"` or `1`, is not).
 */
import * as z from 'zod/mini';
import { numeric, stateName } from './fields';
import { nonEmptyString } from './schema';

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

const contextList = z.pipe(
  z.union([z.string(), z.array(z.string())]),
  z.transform((value: string | string[]) => decodeContextList(value)),
);

/** One entry of `additional-information.phases`; the final COMPLETED entry has only type and start. */
const buildPhase = z.object({
  'phase-type': nonEmptyString(),
  'phase-status': z.nullish(z.string()),
  'phase-context': z.nullish(contextList),
  'duration-in-seconds': z.nullish(numeric),
});

/** `additional-information`: build number and source version live here, not at the top of `detail`. */
const additionalInformation = z.object({
  'build-number': z.nullish(numeric),
  initiator: z.nullish(z.string()),
  'source-version': z.nullish(z.string()),
  source: z.nullish(
    z.object({
      location: z.nullish(z.string()),
      type: z.nullish(z.string()),
    }),
  ),
  logs: z.nullish(z.object({ 'deep-link': z.nullish(z.string()) })),
  phases: z.nullish(z.array(buildPhase)),
});

const buildDetail = z.object({
  'project-name': nonEmptyString(),
  /** The full build ARN. */
  'build-id': nonEmptyString(),
  'additional-information': z.nullish(additionalInformation),
});

/** `CodeBuild Build State Change`. The failure reason is in the FAILED entry of `phases`. */
export const buildStateDetail = z.extend(buildDetail, {
  'build-status': stateName,
  'current-phase-context': z.nullish(contextList),
});

/** `CodeBuild Build Phase Change`. */
export const buildPhaseDetail = z.extend(buildDetail, {
  'completed-phase': nonEmptyString(),
  'completed-phase-status': stateName,
  'completed-phase-context': z.nullish(contextList),
});

export type BuildDetail = z.output<typeof buildDetail>;
export type BuildStateDetail = z.output<typeof buildStateDetail>;
export type BuildPhaseDetail = z.output<typeof buildPhaseDetail>;
export type BuildPhaseEntry = z.output<typeof buildPhase>;

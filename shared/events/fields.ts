/**
 * Field schemas shared by the envelope, SNS, CodePipeline and CodeBuild schemas. valibot
 * schemas are immutable data, so each is built once at module load and shared by every field
 * that uses it (fewer objects to build keeps Lambda cold starts short).
 */
import * as v from 'valibot';
import { jsonTypeOf } from '../util/schemaIssues';
import { isRecord } from './objects';

/**
 * A JSON object: not null and, unlike valibot's own object schemas, not an array (valibot
 * accepts an array as an object whose keys are all absent).
 */
const plainObject = v.custom<Record<string, unknown>>(isRecord, (issue) => `expected object, received ${jsonTypeOf(issue.input)}`);

/** An object with these entries; unknown keys are stripped, never rejected. */
export function jsonObject<const TEntries extends v.ObjectEntries>(entries: TEntries) {
  return v.pipe(plainObject, v.object(entries));
}

/** An object of any keys, each value matching `value`. */
export function jsonRecord<const TValue extends v.GenericSchema>(value: TValue) {
  return v.pipe(plainObject, v.record(v.string(), value));
}

/** A non-empty string. */
export const nonEmptyString = v.pipe(v.string(), v.minLength(1));

/** A string that may be absent or `null` (AWS writes `null` for "none"). */
export const nullishString = v.nullish(v.string());

const NUMERIC_TEXT = /^-?\d+(?:\.\d+)?$/;
const NOT_NUMERIC = 'expected a number or numeric string';

/**
 * A count or version that AWS writes as an int (`16`), a float (`16.0`, which JSON.parse
 * already reads as 16) or a string (`"16"`, `"16.0"`). Always compared as a number.
 */
export const numeric = v.pipe(
  v.union([v.number(), v.pipe(v.string(), v.trim(), v.regex(NUMERIC_TEXT, NOT_NUMERIC))], NOT_NUMERIC),
  v.transform((value: number | string) => (typeof value === 'number' ? value : Number(value))),
);

/** `numeric`, absent or `null`. */
export const nullishNumeric = v.nullish(numeric);

/** An execution or build state: an open set of names, compared upper-case. */
export const stateName = v.pipe(
  v.string(),
  v.minLength(1),
  v.transform((value: string) => value.toUpperCase()),
);

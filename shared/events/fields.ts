/** Field schemas shared by the CodePipeline and CodeBuild detail schemas. */
import * as z from 'zod/mini';
import { nonEmptyString } from './schema';

const NUMERIC_TEXT = /^-?\d+(?:\.\d+)?$/;
const NOT_NUMERIC = 'expected a number or numeric string';

/**
 * A count or version that AWS writes as an int (`16`), a float (`16.0`, which JSON.parse
 * already reads as 16) or a string (`"16"`, `"16.0"`). Always compared as a number.
 */
export const numeric = z.pipe(
  z.union([z.number(), z.string().check(z.trim(), z.regex(NUMERIC_TEXT, { error: NOT_NUMERIC }))], { error: NOT_NUMERIC }),
  z.transform((value: number | string) => (typeof value === 'number' ? value : Number(value))),
);

/** An execution or build state: an open set of names, compared upper-case. */
export const stateName = z.pipe(
  nonEmptyString(),
  z.transform((value: string) => value.toUpperCase()),
);

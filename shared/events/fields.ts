/** Field schemas shared by the CodePipeline and CodeBuild detail schemas. */
import { z } from 'zod';

const NUMERIC_TEXT = /^-?\d+(?:\.\d+)?$/;
const NOT_NUMERIC = 'expected a number or numeric string';

/**
 * A count or version that AWS writes as an int (`16`), a float (`16.0`, which JSON.parse
 * already reads as 16) or a string (`"16"`, `"16.0"`). Always compared as a number.
 */
export const numeric = z
  .union([z.number(), z.string().trim().regex(NUMERIC_TEXT, { error: NOT_NUMERIC })], { error: NOT_NUMERIC })
  .transform((value) => (typeof value === 'number' ? value : Number(value)));

/** An execution or build state: an open set of names, compared upper-case. */
export const stateName = z
  .string()
  .min(1)
  .transform((value) => value.toUpperCase());

/** zod/mini building blocks shared by the event schemas (zod/mini keeps Lambda cold starts short). */
import * as z from 'zod/mini';

/** A non-empty string (classic zod's `z.string().min(1)`). */
export function nonEmptyString(): z.ZodMiniString<string> {
  return z.string().check(z.minLength(1));
}

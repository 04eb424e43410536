/**
 * zod/mini building blocks for the event schemas. zod/mini keeps cold starts short (a fraction
 * of classic zod's bundle and load time), but its objects parse through the generic per-key
 * loop; `object` here gives them the compiled fast path classic zod's objects have, so parsing
 * stays as fast as it was. Every object schema in shared/events is built with it.
 */
import * as z from 'zod/mini';
import { $ZodObjectJIT, $constructor, type $ZodLooseShape, type $strip, type util } from 'zod/v4/core';

/**
 * A zod/mini object whose parser is classic zod's: generated once, on the first parse, for the
 * object's fixed shape (falling back to the generic loop where `new Function` is not allowed).
 * Clones keep the constructor, so `z.extend` of one is one too.
 */
const ZodMiniJitObject = $constructor<z.ZodMiniObject>('ZodMiniJitObject', (inst, def) => {
  $ZodObjectJIT.init(inst, def);
  z.ZodMiniObject.init(inst, def);
});

/** `z.object(shape)` (unknown keys stripped), with the compiled fast path. */
export function object<T extends $ZodLooseShape>(shape: T): z.ZodMiniObject<util.Writeable<T>, $strip>;
export function object(shape: $ZodLooseShape): z.ZodMiniObject {
  return new ZodMiniJitObject({ type: 'object', shape });
}

/** A non-empty string (classic zod's `z.string().min(1)`). */
export function nonEmptyString(): z.ZodMiniString<string> {
  return z.string().check(z.minLength(1));
}

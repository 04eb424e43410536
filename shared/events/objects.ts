/** Helpers for reading unvalidated JSON and for building objects with optional fields. */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value` if it is a string, else undefined. */
export function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `T` with `readonly` removed, for building a domain object field by field before returning it. */
export type Writable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Sets an optional field only when there is a value: exactOptionalPropertyTypes forbids writing
 * an absent field as `undefined`, and null means absent in AWS payloads. (Assigning in place is
 * also much faster in V8 than spreading `{}`-or-`{ key }` objects of many shapes.)
 */
export function setIfPresent<T, K extends keyof T>(target: T, key: K, value: T[K] | null | undefined): void {
  if (value !== null && value !== undefined) target[key] = value;
}

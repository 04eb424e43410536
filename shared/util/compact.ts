/** `T` with every property that may be `undefined` made optional instead. */
export type Compact<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/**
 * Drops `undefined` properties, so objects with optional fields can be written as one
 * literal under `exactOptionalPropertyTypes`: `compact({ id, message: maybeMessage })`.
 */
export function compact<T extends object>(value: T): Compact<T> {
  const result: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (entry !== undefined) result[key] = entry;
  }
  // The loop above is exactly the mapping Compact<T> describes; TypeScript cannot follow it.
  // eslint-disable-next-line @typescript-eslint/consistent-type-assertions
  return result as Compact<T>;
}

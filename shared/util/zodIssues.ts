/**
 * Human-readable validation failures for zod/mini schemas, shared by the event parsers and
 * the config loader: one line per issue, `detail.phases[3].phase-type: expected string`.
 */
import * as z from 'zod/mini';
import { en } from 'zod/v4/locales';

/** zod's English messages, built on first use. */
let englishErrors: z.core.$ZodErrorMap | undefined;

/**
 * zod/mini registers no locale, so without one every message would be "Invalid input". Like
 * classic zod, English is only the default: a locale configured globally is left to apply.
 */
function defaultMessage(issue: z.core.$ZodRawIssue): ReturnType<z.core.$ZodErrorMap> {
  if (z.config().localeError !== undefined) return undefined;
  englishErrors ??= en().localeError;
  return englishErrors(issue);
}

/**
 * Reports an absent field as `required` instead of zod's "expected string, received undefined".
 * Used only to explain a failure: passing any context to zod turns off its compiled fast path.
 */
const EXPLAIN_CONTEXT: z.core.ParseContext<z.core.$ZodIssue> = {
  error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'required' : defaultMessage(issue)),
};

/** `detail` + `['phases', 3, 'phase-type']` → `detail.phases[3].phase-type`; `(root)` for the value itself. */
function formatPath(prefix: string, path: readonly PropertyKey[]): string {
  let text = prefix;
  for (const key of path) {
    text += typeof key === 'number' ? `[${key}]` : `${text === '' ? '' : '.'}${String(key)}`;
  }
  return text === '' ? '(root)' : text;
}

/** Collapses whitespace so each issue stays on one log line. */
function flat(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Re-parses a value that failed `schema` with English messages and returns the issues, each
 * prefixed with where the value sits (`prefix`, `''` for the top), and the zod error.
 */
export function explainFailure(schema: z.ZodMiniType, value: unknown, prefix = ''): { issues: string[]; error: z.core.$ZodError | undefined } {
  const explained = schema.safeParse(value, EXPLAIN_CONTEXT);
  if (explained.success) return { issues: [], error: undefined };
  return { issues: explained.error.issues.map((issue) => `${formatPath(prefix, issue.path)}: ${flat(issue.message)}`), error: explained.error };
}

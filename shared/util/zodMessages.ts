import * as z from 'zod/mini';
import { en } from 'zod/v4/locales';

// zod/mini ships without messages ("Invalid input" for everything); the English locale
// alone (a few KB) makes config and event errors say what is wrong.
z.config(en());

/** `routes.0.match: Unrecognized key: "pipline"`: one line per issue, path first. */
export function formatIssues(error: z.core.$ZodError, prefix = ''): string[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter((part) => part !== '').join('.');
    return `${path === '' ? '(root)' : path}: ${issue.message}`;
  });
}

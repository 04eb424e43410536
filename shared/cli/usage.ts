/** Usage text and argument-error handling shared by the CLI's commands (kept tiny: main loads it on every run). */

export const ANALYZE_USAGE = `  herald analyze <path> [--base REV] [--head REV] [--format text|json|sarif] [--config FILE] [--update-baseline]
      Scan for secrets and forbidden files: a git repository's HEAD tree (or --head REV's), the changes
      --base REV..--head REV (head defaults to HEAD), or a plain directory, with --config's push.analysis
      settings. Exit 1 on a blocking finding, 0 otherwise, 2 on bad input or a scan that could not run.`;

/** node:util parseArgs errors (checked by code: `instanceof TypeError` fails across realms, e.g. under jest). */
export function isParseArgsError(error: unknown): error is Error {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' && error.code.startsWith('ERR_PARSE_ARGS') && 'message' in error;
}

export const REDRIVE_USAGE = `  herald redrive --queue QUEUE_URL [--function NAME] [--dry-run] [--max 1000]
      Re-invoke the function of each failed event in a failure queue (Lambda destination records,
      EventBridge and SNS dead letters), deleting each message only after its invocation succeeded.
      --function overrides the function a message names (SNS dead letters name none). Exit 1 when
      messages were left in the queue.`;

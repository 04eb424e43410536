import { parseArgs } from 'node:util';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import { awsClientConfig } from '../adapters/aws/clientConfig';
import { buildSqsFailureQueue } from '../adapters/aws/failureQueue';
import { buildLambdaInvoke } from '../adapters/aws/invoke';
import { redrive } from '../app/redrive';
import type { CliIo } from './replay';
import { REDRIVE_USAGE, isParseArgsError } from './usage';

/** The slowest function (reconcile) may run 300 s; an invocation is not retried by the SDK (the next run retries it). */
const INVOKE_TIMEOUTS = { connectTimeoutMs: 3000, requestTimeoutMs: 310_000, maxAttempts: 1 };

/**
 * `herald redrive --queue URL [--function NAME] [--dry-run] [--max N]`: one JSON line per
 * message on stdout, a summary on stderr. Exit 0 when every message was redriven (or would be),
 * 1 when some were left in the queue, 2 on bad arguments.
 */
export async function redriveCommand(args: readonly string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        queue: { type: 'string' },
        function: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        max: { type: 'string', default: '1000' },
      },
    }));
  } catch (error: unknown) {
    if (!isParseArgsError(error)) throw error;
    io.err(`herald redrive: ${error.message}\n${REDRIVE_USAGE}`);
    return 2;
  }
  const max = Number(values.max);
  if (values.queue === undefined || values.queue === '' || !Number.isInteger(max) || max < 1) {
    io.err(`herald redrive: ${values.queue === undefined ? '--queue is required' : '--max must be a positive integer'}\n${REDRIVE_USAGE}`);
    return 2;
  }
  // The queue URL names its Region (https://sqs.eu-west-1.amazonaws.com/…): the client signs for it and
  // uses its configured endpoint, not the URL's host.
  const region = /^https:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com/.exec(values.queue)?.[1];
  const sqs = new SQSClient({ ...awsClientConfig(), useQueueUrlAsEndpoint: false, ...(region === undefined ? {} : { region }) });
  const queue = buildSqsFailureQueue(sqs, values.queue);
  const invoke = buildLambdaInvoke(new LambdaClient(awsClientConfig(INVOKE_TIMEOUTS)));
  const reports = await redrive(queue, invoke, { dryRun: values['dry-run'], max, ...(values.function === undefined ? {} : { functionName: values.function }) }, (report) =>
    io.out(JSON.stringify(report)),
  );
  const done = reports.filter((report) => report.outcome === 'redriven' || report.outcome === 'would-redrive').length;
  const left = reports.length - done;
  io.err(`herald redrive: ${done} ${values['dry-run'] ? 'would be redriven' : 'redriven'}, ${left} left in the queue`);
  return left === 0 ? 0 : 1;
}

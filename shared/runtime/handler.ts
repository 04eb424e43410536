import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { Logger } from '@aws-lambda-powertools/logger';
import { describeRawEvent } from '../events/parse';

/**
 * The one middy chain every Lambda uses: Lambda context in every log line, and every
 * error logged once with the event's id before it propagates, so the platform retries
 * it and then sends it to the function's on-failure destination.
 */
export function heraldHandler<TResult>(logger: Logger, handle: (event: unknown) => Promise<TResult>) {
  return middy<unknown, TResult, Error, Context>()
    .before((request) => {
      logger.addContext(request.context);
    })
    .onError((request) => {
      logger.error('event failed', { event: describeRawEvent(request.event), error: request.error ?? undefined });
    })
    .handler(async (event) => handle(event));
}

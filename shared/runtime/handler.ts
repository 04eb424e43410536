import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { Logger } from '@aws-lambda-powertools/logger';
import { describeRawEvent } from '../events/describe';
import type { InvocationMetrics } from './metrics';

export interface HeraldHandlerOptions {
  /** Told the Lambda context of each invocation (Powertools Idempotency: IN_PROGRESS records expire with its timeout). */
  readonly useLambdaContext?: (context: Context) => void;
  /** Flushed as one EMF document at the end of each invocation, failed ones included. */
  readonly metrics?: InvocationMetrics;
}

/**
 * The one middy chain every Lambda uses: Lambda context in every log line, the delivery's event
 * id (EventBridge id, SNS MessageId) as the correlation id, and every error logged once with the
 * event's id before it propagates (metrics, when given, are flushed either way), so the platform retries it and then sends it to the
 * function's on-failure destination.
 */
export function heraldHandler<TResult>(logger: Logger, handle: (event: unknown) => Promise<TResult>, options: HeraldHandlerOptions = {}) {
  return middy<unknown, TResult, Error, Context>()
    .before((request) => {
      logger.addContext(request.context);
      logger.setCorrelationId(describeRawEvent(request.event).eventId ?? request.context.awsRequestId);
      options.useLambdaContext?.(request.context);
      // Every invocation counts itself, so each writes one EMF document (never an empty one).
      options.metrics?.count('EventsReceived');
    })
    .onError((request) => {
      logger.error('event failed', { event: describeRawEvent(request.event), error: request.error ?? undefined });
      options.metrics?.flush();
    })
    .after(() => {
      options.metrics?.flush();
    })
    .handler(async (event) => handle(event));
}

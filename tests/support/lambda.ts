import type { Context } from 'aws-lambda';
import { join } from 'node:path';

/** A Lambda context as the runtime passes it; only identifiers matter to Herald. */
export function lambdaContext(functionName = 'herald-test'): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: `req-${Math.random().toString(16).slice(2)}`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'test',
    getRemainingTimeInMillis: () => 30000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/**
 * Sets the environment a Lambda entry reads at import, then loads the entry in a fresh module
 * registry (so its clients and config are built from that environment), and returns its handler.
 */
export function loadHandler(functionName: string, env: Record<string, string>): (event: unknown, context: unknown) => Promise<unknown> {
  Object.assign(process.env, env);
  let handler: ((event: unknown, context: unknown) => Promise<unknown>) | undefined;
  jest.isolateModules(() => {
    handler = require(join(__dirname, '..', '..', 'functions', functionName, 'handler')).handler;
  });
  if (typeof handler !== 'function') throw new Error(`functions/${functionName} exports no handler`);
  return handler;
}

import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { InvokeFunction } from '../../app/ports';

/** The function ran and threw (Lambda's `X-Amz-Function-Error`); the message is its `errorType: errorMessage`. */
export class FunctionInvocationError extends Error {
  override readonly name = 'FunctionInvocationError';
}

function describePayload(payload: Uint8Array | undefined): string {
  const text = payload === undefined ? '' : Buffer.from(payload).toString('utf8');
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && 'errorMessage' in parsed) {
      const type = 'errorType' in parsed ? String(parsed.errorType) : 'Error';
      return `${type}: ${String(parsed.errorMessage)}`.slice(0, 500);
    }
  } catch {
    // Not JSON: quote the start of the text as is.
  }
  return text.slice(0, 500);
}

/** Invokes a function with RequestResponse, so success means the function finished without error. */
export function buildLambdaInvoke(client: LambdaClient): InvokeFunction {
  return async (functionName, event) => {
    const response = await client.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'RequestResponse', Payload: Buffer.from(JSON.stringify(event)) }));
    if (response.FunctionError !== undefined) {
      throw new FunctionInvocationError(`${functionName} failed (${response.FunctionError}): ${describePayload(response.Payload)}`);
    }
  };
}

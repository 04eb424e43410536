import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lambdaContext } from './lambda';

/**
 * A stand-in for the Lambda Invoke REST API (`POST /2015-03-31/functions/{name}/invocations`)
 * that runs real handler code: the SDK's LambdaClient talks HTTP to it. A handler that throws
 * answers as Lambda does, 200 with `X-Amz-Function-Error: Unhandled` and `{errorType, errorMessage}`;
 * an unknown function is a 404 ResourceNotFoundException.
 */
export type Handler = (event: unknown, context: unknown) => Promise<unknown>;

export interface LambdaInvokeServer {
  readonly endpoint: string;
  /** Every invocation: the function name as requested and the event. */
  readonly invocations: { readonly functionName: string; readonly invocationType: string; readonly event: unknown }[];
  close(): Promise<void>;
}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

export async function startLambdaInvokeServer(functions: Readonly<Record<string, Handler>>): Promise<LambdaInvokeServer> {
  const invocations: { functionName: string; invocationType: string; event: unknown }[] = [];
  const server: Server = createServer((request, response) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
      const path = (request.url ?? '').split('?')[0] ?? '';
      const name = decodeURIComponent(INVOKE_PATH.exec(path)?.[1] ?? '');
      // Any form the API accepts (name, ARN, partial ARN): the function name is the part after `function:`.
      const functionName = name.includes(':function:') ? (name.split(':function:')[1]?.split(':')[0] ?? name) : name;
      const handler = functions[functionName];
      if (request.method !== 'POST' || handler === undefined) {
        response.writeHead(404, { 'content-type': 'application/json', 'x-amzn-errortype': 'ResourceNotFoundException' });
        response.end(JSON.stringify({ Type: 'User', message: `Function not found: ${name}` }));
        return;
      }
      const event: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      invocations.push({ functionName: name, invocationType: String(request.headers['x-amz-invocation-type'] ?? ''), event });
      try {
        const result = await handler(event, lambdaContext(functionName));
        response.writeHead(200, { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' });
        response.end(JSON.stringify(result ?? null));
      } catch (error: unknown) {
        const failure = error instanceof Error ? { errorType: error.name, errorMessage: error.message } : { errorType: 'Error', errorMessage: String(error) };
        response.writeHead(200, { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled', 'x-amz-executed-version': '$LATEST' });
        response.end(JSON.stringify(failure));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address: AddressInfo | string | null = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    invocations,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A wire-level stand-in for AWS JSON-protocol services (CodePipeline, CodeBuild): the real
 * SDK clients talk HTTP to it, so request serialisation, error parsing, retries and
 * timeouts are the SDK's own. Handlers are keyed by `X-Amz-Target`, e.g.
 * `CodePipeline_20150709.ListActionExecutions`.
 */
export type StubReply =
  | { readonly body: unknown; readonly status?: number; readonly delayMs?: number }
  | { readonly error: string; readonly message: string; readonly status?: number; readonly delayMs?: number };

export type StubHandler = (input: Record<string, unknown>) => StubReply;

export interface AwsJsonStub {
  readonly endpoint: string;
  readonly calls: { readonly target: string; readonly input: Record<string, unknown> }[];
  on(target: string, handler: StubHandler): void;
  close(): Promise<void>;
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const text = Buffer.concat(chunks).toString('utf8');
  const parsed: unknown = text === '' ? {} : JSON.parse(text);
  return typeof parsed === 'object' && parsed !== null ? Object.fromEntries(Object.entries(parsed)) : {};
}

export async function startAwsJsonStub(): Promise<AwsJsonStub> {
  const handlers = new Map<string, StubHandler>();
  const calls: { target: string; input: Record<string, unknown> }[] = [];
  const server: Server = createServer((request, response) => {
    void (async () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      const input = await readJson(request);
      calls.push({ target, input });
      const handler = handlers.get(target);
      const reply: StubReply = handler === undefined ? { error: 'UnknownOperationException', message: `no stub for ${target}` } : handler(input);
      // Unref'd: a delayed reply must not keep the test process alive after close().
      if (reply.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, reply.delayMs).unref());
      if (response.destroyed) return;
      const isError = 'error' in reply;
      response.writeHead(reply.status ?? (isError ? 400 : 200), { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify(isError ? { __type: reply.error, message: reply.message } : reply.body));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address: AddressInfo | string | null = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    on: (target, handler) => handlers.set(target, handler),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

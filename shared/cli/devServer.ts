import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeliveryError } from '../app/errors';
import { triggerBuildHooks } from '../app/buildHooks';
import type { TriggerBuildHook } from '../app/ports';
import { alertEventsOf } from '../app/handleRawEvent';
import { reactToEvent, type ReactDeps } from '../app/react';
import { EventError } from '../events/errors';
import { parseEvent } from '../events/parse';

/** Events larger than this are refused; real ones are far smaller (EventBridge caps at 256 KB). */
const MAX_BODY_BYTES = 1024 * 1024;

export interface DevServer {
  readonly url: string;
  close(): Promise<void>;
}

class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError(`body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export interface DevServerDeps extends ReactDeps {
  /** Build hooks of pushed events: webhooks are delivered for real. */
  readonly buildHook: TriggerBuildHook;
}

/** Failure events get the Lambda's alert reaction; pushes trigger their build hooks (no analysis: dev reads no CodeCommit). */
async function reactToPayload(raw: unknown, deps: DevServerDeps) {
  const reactions = [];
  for (const event of parseEvent(raw)) {
    if (event.kind === 'push') {
      const actions = await triggerBuildHooks(event, deps);
      reactions.push({ eventId: event.eventId, decision: { kind: 'build-hooks' }, actions: actions.map((action) => action.type) });
    } else {
      // Pull-request and comment events need the repositoryActivity function (and CodeCommit): rejected here as in pipelineAlerts.
      const [alertEvent] = alertEventsOf([event]);
      if (alertEvent === undefined) continue;
      const reaction = await reactToEvent(alertEvent, deps);
      reactions.push({ eventId: reaction.eventId, decision: reaction.decision, actions: reaction.actions.map((action) => action.type) });
    }
  }
  return reactions;
}

/**
 * `herald dev`: POST any supported raw event (EventBridge, notification-rule, SNS-wrapped)
 * to the server and it runs the same handler as the Lambda, with the deps given; a CodeCommit
 * push event triggers its build hooks.
 */
export async function startDevServer(deps: DevServerDeps, options: { readonly host: string; readonly port: number }): Promise<DevServer> {
  const server: Server = createServer((request, response) => {
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(`${JSON.stringify(body)}\n`);
    };
    if (request.method === 'GET' && request.url === '/health') return reply(200, { ok: true });
    if (request.method !== 'POST') return reply(405, { error: 'POST a raw event as JSON' });
    void (async () => {
      try {
        const raw: unknown = JSON.parse(await readBody(request));
        reply(200, { reactions: await reactToPayload(raw, deps) });
      } catch (error: unknown) {
        if (error instanceof SyntaxError || error instanceof EventError || error instanceof BodyTooLargeError) {
          deps.log.warn('event rejected', { error: error.message });
          return reply(400, { error: error.message });
        }
        deps.log.error('event failed', { error: error instanceof Error ? error.message : String(error) });
        return reply(error instanceof DeliveryError ? 502 : 500, { error: error instanceof Error ? error.message : String(error) });
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? (address satisfies AddressInfo).port : options.port;
  return {
    url: `http://${options.host}:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

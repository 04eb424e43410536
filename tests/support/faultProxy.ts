/**
 * A fault-injecting HTTP proxy on 127.0.0.1, in front of a real local service (fauxqs, dynalite,
 * a webhook receiver). Each request is shown to a plan that either lets it through or injects a
 * fault at the HTTP level: an error status with the service's own error body (throttling, 5xx),
 * a request never answered (the client's timeout fires), a connection reset; `refuse(true)`
 * closes the listening port, so new connections are refused until `refuse(false)`.
 * Faults are injected before forwarding: a faulted request never reached the service.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { Socket } from 'node:net';
// One seeded generator (mulberry32) for the whole repository: a fault run replays from its seed.
export { seededRandom } from '../../shared/analysis/rules/fake';

export interface ProxiedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export type Fault =
  | { readonly kind: 'status'; readonly status: number; readonly body: string; readonly contentType: string }
  | { readonly kind: 'no-answer' }
  | { readonly kind: 'reset' };

export type FaultPlan = (request: ProxiedRequest) => Fault | undefined;

export interface FaultProxy {
  readonly url: string;
  /** Injected faults by label (`status 503`, `no-answer`, `reset`, `refused`), and requests forwarded. */
  readonly counts: Map<string, number>;
  setPlan(plan: FaultPlan): void;
  refuse(on: boolean): Promise<void>;
  close(): Promise<void>;
}

function bump(counts: Map<string, number>, label: string): void {
  counts.set(label, (counts.get(label) ?? 0) + 1);
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const counts = new Map<string, number>();
  const sockets = new Set<Socket>();
  let plan: FaultPlan = () => undefined;
  const server: Server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const proxied: ProxiedRequest = { method: incoming.method ?? 'GET', path: incoming.url ?? '/', headers: incoming.headers, body: body.toString('utf8') };
      const fault = plan(proxied);
      if (fault?.kind === 'reset') {
        bump(counts, 'reset');
        incoming.socket.destroy();
        return;
      }
      if (fault?.kind === 'no-answer') {
        bump(counts, 'no-answer');
        return;
      }
      if (fault?.kind === 'status') {
        bump(counts, `status ${fault.status}`);
        response.writeHead(fault.status, { 'content-type': fault.contentType }).end(fault.body);
        return;
      }
      bump(counts, 'forwarded');
      const forward = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: proxied.method, path: proxied.path, headers: { ...incoming.headers, host: upstream.host } },
        (reply) => {
          response.writeHead(reply.statusCode ?? 502, reply.headers);
          reply.pipe(response);
        },
      );
      forward.on('error', () => response.destroy());
      forward.end(body);
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const listen = (port: number) => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  await listen(0);
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  // An outage refuses new connections; exchanges already under way finish (cutting one after the
  // service acted would be a lost response, which this proxy does not inject).
  const refuseNew = () => {
    server.close();
    server.closeIdleConnections();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    setPlan(next) {
      plan = next;
    },
    async refuse(on) {
      if (on) {
        bump(counts, 'connections refused (outage)');
        refuseNew();
      } else {
        await listen(port);
      }
    },
    close: stop,
  };
}

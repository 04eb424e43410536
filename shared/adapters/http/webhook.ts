/**
 * Delivers build hook webhooks (`webhook.post` actions): reads the target's secret at run time,
 * signs each attempt (the timestamp is the attempt's time, the id is the push's), and POSTs with
 * node:http(s) so that the SSRF guard can check every DNS answer at connect time. Connect and
 * total timeouts per attempt; retries as postJson's (`withRetries`); a redirect is followed only
 * within the same origin (re-checked by the guard), never to another host.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { signRequest } from '../../hooks/signing';
import type { WebhookPostAction } from '../../plan/actions';
import { HttpDeliveryError, withRetries, type PostJsonDeps } from './postJson';
import { checkUrl, guardedLookup, SsrfRefusedError, type Resolve } from './ssrf';

export interface WebhookPosterDeps extends PostJsonDeps {
  /** Reads a secret reference (shared/adapters/aws/secrets.ts). */
  readonly readSecret: (reference: string) => Promise<string>;
  /** Host names and addresses allowed although private (config buildHooks.allowHosts). */
  readonly allowHosts: readonly string[];
  /** DNS resolution; tests inject their own answers. */
  readonly resolve?: Resolve;
  readonly now?: () => number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
}

const MAX_REDIRECTS = 3;

interface Answer {
  readonly status: number;
  readonly retryAfter: string | null;
  readonly location: string | undefined;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** One POST, bounded by a connect timeout and a total timeout. Rejects with HttpDeliveryError on timeouts. */
function postOnce(url: URL, headers: Record<string, string>, body: string, lookup: LookupFunction, limits: { connectTimeoutMs: number; timeoutMs: number }, describe: string): Promise<Answer> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<Answer>((resolve, reject) => {
    const timers: NodeJS.Timeout[] = [];
    const clearTimers = () => timers.forEach((timer) => clearTimeout(timer));
    const request = send(url, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, lookup, agent: false }, (response) => {
      // The body is drained, not read: its text is not trusted in messages.
      response.resume();
      response.once('end', () => {
        clearTimers();
        resolve({ status: response.statusCode ?? 0, retryAfter: header(response.headers, 'retry-after') ?? null, location: header(response.headers, 'location') });
      });
      response.on('error', (error) => {
        clearTimers();
        reject(error);
      });
    });
    timers.push(setTimeout(() => request.destroy(new HttpDeliveryError(`${describe} timed out after ${limits.timeoutMs} ms`, undefined, true)), limits.timeoutMs));
    request.once('socket', (socket) => {
      if (!socket.connecting) return;
      const connectTimer = setTimeout(() => request.destroy(new HttpDeliveryError(`${describe} did not connect within ${limits.connectTimeoutMs} ms`, undefined, true)), limits.connectTimeoutMs);
      timers.push(connectTimer);
      socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
    });
    request.on('error', (error) => {
      clearTimers();
      reject(error);
    });
    request.end(body);
  });
}

function resolveLocation(location: string, base: URL): URL | undefined {
  try {
    return new URL(location, base);
  } catch {
    return undefined;
  }
}

/** The `webhook.post` executor. Rejects (after its retries) when the receiver did not accept the hook. */
export function buildWebhookPoster(deps: WebhookPosterDeps): (action: WebhookPostAction) => Promise<void> {
  const now = deps.now ?? Date.now;
  return async (action) => {
    // Named by target only: a URL may carry a token.
    const describe = `webhook ${action.target}`;
    const policy = { allowHttp: action.allowHttp, allowHosts: deps.allowHosts };
    const lookup = guardedLookup(policy, deps.resolve);
    checkUrl(action.url, policy);
    const secret = await deps.readSecret(action.secret);
    const retryPolicy = { maxAttempts: action.maxAttempts, timeoutMs: action.timeoutMs, baseDelayMs: deps.baseDelayMs ?? 500, maxDelayMs: deps.maxDelayMs ?? 8000 };
    await withRetries(describe, retryPolicy, deps, async () => {
      const signed = signRequest(action.signing, secret, { url: action.url, webhookId: action.webhookId, body: action.body, timestampSeconds: Math.floor(now() / 1000) });
      let url = checkUrl(signed.url, policy);
      const headers = { ...action.headers, ...signed.headers };
      for (let hop = 0; ; hop += 1) {
        const answer = await postOnce(url, headers, action.body, lookup, action, describe);
        if (answer.status < 300 || answer.status >= 400 || answer.location === undefined) return answer;
        const next = resolveLocation(answer.location, url);
        if (next === undefined) throw new HttpDeliveryError(`${describe} redirected to an invalid location`, answer.status, false);
        if (next.origin !== url.origin) throw new SsrfRefusedError(`${describe} redirected to another host (${next.host}): not followed`);
        // 301/302/303 would turn the POST into a GET: only method-preserving redirects are followed.
        if (answer.status !== 307 && answer.status !== 308) return answer;
        if (hop >= MAX_REDIRECTS) throw new HttpDeliveryError(`${describe} redirected more than ${MAX_REDIRECTS} times`, answer.status, false);
        url = checkUrl(next.toString(), policy);
      }
    });
  };
}

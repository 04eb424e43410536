/**
 * POSTs JSON with a total timeout per attempt and bounded retries: exponential backoff with
 * full jitter on network errors, timeouts, 429 and 5xx (honouring `Retry-After`), none on
 * other 4xx. Redirects are never followed. After the last attempt the error propagates so
 * the platform's retry and on-failure destination keep the event.
 */

export class HttpDeliveryError extends Error {
  override readonly name: string = 'HttpDeliveryError';
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly retryable: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly timeoutMs: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 3, timeoutMs: 5000, baseDelayMs: 200, maxDelayMs: 5000 };

export interface PostJsonDeps {
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `Retry-After` as seconds or an HTTP date; capped by the policy's maximum delay. */
function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** What one attempt learned: the status, and `Retry-After` when the server sent one. */
export interface AttemptResult {
  readonly status: number;
  readonly retryAfter: string | null;
}

/**
 * The retry loop shared by every HTTP delivery: `send` makes one attempt (and may throw a
 * non-retryable HttpDeliveryError to stop at once); 2xx ends it, 429/5xx/network errors and
 * timeouts are retried with backoff and full jitter (or the server's `Retry-After`, capped),
 * other statuses are not. The last error propagates.
 */
export async function withRetries(describe: string, policy: RetryPolicy, deps: PostJsonDeps, send: (attempt: number) => Promise<AttemptResult>): Promise<void> {
  const sleep = deps.sleep ?? sleepFor;
  const random = deps.random ?? Math.random;
  let lastError: HttpDeliveryError | undefined;
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt += 1) {
    let delayHint: number | undefined;
    try {
      const response = await send(attempt);
      if (response.status >= 200 && response.status < 300) return;
      const retryable = response.status === 429 || response.status >= 500;
      lastError = new HttpDeliveryError(`${describe} answered HTTP ${response.status}`, response.status, retryable);
      if (!retryable) throw lastError;
      delayHint = retryAfterMs(response.retryAfter, Date.now());
    } catch (error: unknown) {
      if (error instanceof HttpDeliveryError) {
        if (!error.retryable) throw error;
        lastError = error;
      } else {
        const reason = error instanceof Error ? (error.name === 'TimeoutError' ? `timed out after ${policy.timeoutMs} ms` : error.name) : 'failed';
        lastError = new HttpDeliveryError(`${describe} request ${reason}`, undefined, true, { cause: error });
      }
    }
    if (attempt < policy.maxAttempts) {
      const backoff = random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      await sleep(Math.min(policy.maxDelayMs, delayHint ?? backoff));
    }
  }
  throw lastError ?? new HttpDeliveryError(`${describe} failed`, undefined, true);
}

/**
 * `describe` names the destination in errors without revealing it (webhook URLs are secrets).
 */
export async function postJson(url: string, body: unknown, describe: string, policy: RetryPolicy = DEFAULT_RETRY_POLICY, deps: PostJsonDeps = {}): Promise<void> {
  const doFetch = deps.fetch ?? fetch;
  const payload = JSON.stringify(body);
  await withRetries(describe, policy, deps, async () => {
    const response = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: payload,
      redirect: 'manual',
      signal: AbortSignal.timeout(policy.timeoutMs),
    });
    // Drain the body so the connection can be reused; its text is not trusted in messages.
    await response.arrayBuffer().catch(() => undefined);
    return { status: response.status, retryAfter: response.headers.get('retry-after') };
  });
}

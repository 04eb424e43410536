/**
 * One place for SDK client settings: explicit connect and request timeouts (with
 * `throwOnRequestTimeout`, without which the SDK only logs a warning and waits) and
 * bounded retries.
 */
export interface ClientTimeouts {
  readonly connectTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly maxAttempts: number;
}

export const DEFAULT_CLIENT_TIMEOUTS: ClientTimeouts = { connectTimeoutMs: 1000, requestTimeoutMs: 3000, maxAttempts: 3 };

export function awsClientConfig(timeouts: ClientTimeouts = DEFAULT_CLIENT_TIMEOUTS) {
  return {
    maxAttempts: timeouts.maxAttempts,
    requestHandler: {
      connectionTimeout: timeouts.connectTimeoutMs,
      requestTimeout: timeouts.requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
  };
}

/** `AccessDeniedException: User is not authorized…` — the error's name and first line, for notes and logs. */
export function describeAwsError(error: unknown): string {
  if (error instanceof Error) {
    const firstLine = error.message.split('\n', 1)[0] ?? '';
    return firstLine === '' ? error.name : `${error.name}: ${firstLine.slice(0, 300)}`;
  }
  return String(error).slice(0, 300);
}

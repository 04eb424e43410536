/**
 * Webhook signing, pure (node:crypto only), shared by the delivery adapter and the tests.
 *
 * - Standard Webhooks (https://www.standardwebhooks.com): `webhook-id`, `webhook-timestamp`
 *   (Unix seconds) and `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`. A
 *   secret written `whsec_<base64>` is the base64-decoded key, as the convention says; any other
 *   secret is used as its UTF-8 bytes.
 * - GitHub style: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>`.
 * - Token: the secret itself in a header or a query parameter (Jenkins Generic Webhook Trigger).
 */
import { createHmac } from 'node:crypto';
import type { WebhookSigning } from '../plan/actions';

const WHSEC_PREFIX = 'whsec_';

/** The HMAC key of a Standard Webhooks secret. */
export function standardWebhookKey(secret: string): Buffer {
  return secret.startsWith(WHSEC_PREFIX) ? Buffer.from(secret.slice(WHSEC_PREFIX.length), 'base64') : Buffer.from(secret, 'utf8');
}

/** `v1,<base64 signature>` of `id.timestamp.body`. */
export function standardWebhookSignature(secret: string, webhookId: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', standardWebhookKey(secret)).update(`${webhookId}.${timestampSeconds}.${body}`, 'utf8').digest('base64');
  return `v1,${mac}`;
}

/** `sha256=<hex>` of the body, as GitHub's X-Hub-Signature-256. */
export function githubSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export interface SignedRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * The URL and the headers to add for one delivery attempt. `timestampSeconds` is the
 * attempt's time: a retry is signed anew, with the same webhook id.
 */
export function signRequest(
  signing: WebhookSigning,
  secret: string,
  request: { readonly url: string; readonly webhookId: string; readonly body: string; readonly timestampSeconds: number },
): SignedRequest {
  switch (signing.scheme) {
    case 'standard':
      return {
        url: request.url,
        headers: {
          'webhook-id': request.webhookId,
          'webhook-timestamp': String(request.timestampSeconds),
          'webhook-signature': standardWebhookSignature(secret, request.webhookId, request.timestampSeconds, request.body),
        },
      };
    case 'github':
      return { url: request.url, headers: { 'x-hub-signature-256': githubSignature(secret, request.body) } };
    case 'token-header':
      return { url: request.url, headers: { [signing.header.toLowerCase()]: secret } };
    case 'token-query': {
      const url = new URL(request.url);
      url.searchParams.set(signing.parameter, secret);
      return { url: url.toString(), headers: {} };
    }
  }
}

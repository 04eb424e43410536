// A generic receiver for Herald build hooks (Standard Webhooks signing), Node 20+, no packages.
// Run: WEBHOOK_SECRET=... PORT=8080 node verify-webhook.mjs
// It verifies each delivery with the shared secret alone, accepts each webhook-id once (Herald
// retries reuse it) and prints accepted pushes as JSON lines. tests/integration/buildHooks.test.ts
// runs this very file; the README quotes it.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

const TOLERANCE_SECONDS = 5 * 60;

/** True when `webhook-signature` holds a v1 HMAC-SHA256 of "id.timestamp.body" under the secret. */
export function verifyWebhook(secret, headers, body, nowSeconds = Math.floor(Date.now() / 1000)) {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (!id || !timestamp || !signatures) return false;
  // A stale or future timestamp is a replay: refuse it.
  if (!/^\d+$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > TOLERANCE_SECONDS) return false;
  // A `whsec_` secret is base64; any other secret is used as its bytes.
  const key = secret.startsWith('whsec_') ? Buffer.from(secret.slice('whsec_'.length), 'base64') : Buffer.from(secret, 'utf8');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`, 'utf8').digest();
  return signatures.split(' ').some((entry) => {
    const [version, value] = entry.split(',');
    if (version !== 'v1' || !value) return false;
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

function serve(secret, port) {
  const seen = new Set();
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (!verifyWebhook(secret, request.headers, body)) {
        console.log(JSON.stringify({ rejected: request.headers['webhook-id'] ?? null }));
        return response.writeHead(401).end();
      }
      const id = request.headers['webhook-id'];
      if (!seen.has(id)) {
        seen.add(id);
        const { data } = JSON.parse(body);
        // Start the build here: data.repository, data.branch, data.commit.
        console.log(JSON.stringify({ accepted: id, repository: data.repository, branch: data.branch, commit: data.commit }));
      }
      response.writeHead(204).end();
    });
  });
  server.listen(port, '127.0.0.1', () => console.log(JSON.stringify({ listening: server.address().port })));
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  if (!process.env.WEBHOOK_SECRET) throw new Error('set WEBHOOK_SECRET');
  serve(process.env.WEBHOOK_SECRET, Number(process.env.PORT ?? 8080));
}

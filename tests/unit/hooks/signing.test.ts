import { createHmac } from 'node:crypto';
import { githubSignature, signRequest, standardWebhookSignature } from '../../../shared/hooks/signing';

describe('Standard Webhooks signing', () => {
  it("matches the specification's published example", () => {
    // From the Standard Webhooks spec and reference libraries (a public test vector, not a credential).
    const secret = ['whsec', 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'].join('_');
    expect(standardWebhookSignature(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('uses a secret without the whsec_ prefix as its UTF-8 bytes', () => {
    const expected = createHmac('sha256', 'plain-secret').update('id.1.{}').digest('base64');
    expect(standardWebhookSignature('plain-secret', 'id', 1, '{}')).toBe(`v1,${expected}`);
  });

  it('signs every attempt with its own timestamp under the same id', () => {
    const first = signRequest({ scheme: 'standard' }, 's', { url: 'https://ci.example.com/h', webhookId: 'msg_1', body: '{}', timestampSeconds: 100 });
    const retry = signRequest({ scheme: 'standard' }, 's', { url: 'https://ci.example.com/h', webhookId: 'msg_1', body: '{}', timestampSeconds: 160 });
    expect(first.headers['webhook-id']).toBe(retry.headers['webhook-id']);
    expect(first.headers['webhook-timestamp']).toBe('100');
    expect(first.headers['webhook-signature']).not.toBe(retry.headers['webhook-signature']);
  });
});

describe('other schemes', () => {
  it('signs GitHub-style over the body', () => {
    expect(githubSignature('It\'s a Secret to Everybody', 'Hello, World!')).toBe('sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17');
  });

  it('puts a token in a header or the query string, keeping the rest of the URL', () => {
    expect(signRequest({ scheme: 'token-header', header: 'X-Token' }, 't0k', { url: 'https://ci.example.com/h', webhookId: 'm', body: '', timestampSeconds: 1 })).toEqual({
      url: 'https://ci.example.com/h',
      headers: { 'x-token': 't0k' },
    });
    expect(signRequest({ scheme: 'token-query', parameter: 'token' }, 'a b&c', { url: 'https://ci.example.com/invoke?job=api', webhookId: 'm', body: '', timestampSeconds: 1 }).url).toBe(
      'https://ci.example.com/invoke?job=api&token=a+b%26c',
    );
  });
});

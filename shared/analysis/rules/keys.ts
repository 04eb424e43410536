/** Private key material: PEM blocks (plain, JSON-escaped or base64-encoded), PGP, PuTTY and age keys. */
import { isPlaceholder } from '../placeholders';
import { decodeBase64, shannonEntropy } from '../text';
import { BECH32, BASE64, fakePem, fakeToken, toBase64 } from './fake';
import type { MatchContext, SecretRule, RuleExamples } from './rule';

/**
 * The base64 body of a PEM block, as one string: JSON and code escapes (`\n`), quotes and
 * header lines (`Proc-Type:`, `DEK-Info:`, `Version:`) removed. Undefined when the body is a
 * placeholder (`...`, `xxx`, a short sample) rather than key material.
 */
export function keyBody(block: string): string | undefined {
  const lines = block.replace(/\\r/g, '').split(/\\n|\r?\n/);
  const body = lines
    .filter((line) => !/^\s*[A-Za-z][\w-]*:\s/.test(line))
    .join('')
    .replace(/[\s"'`,;]/g, '');
  if (body.length < 64 || isPlaceholder(body)) return undefined;
  const base64 = body.match(/[A-Za-z0-9+/=]/g)?.length ?? 0;
  if (base64 < 64 || base64 / body.length < 0.95 || shannonEntropy(body) < 4) return undefined;
  return body;
}

const pemBody = (context: MatchContext): string | false => keyBody(context.secret) ?? false;

/** A fake PEM private key, built on demand (examples are only read by tests). */
const pemKey = () => fakePem('PRIVATE KEY', 4, 11);

export const KEY_RULES: readonly SecretRule[] = [
  {
    id: 'private-key',
    kind: 'private key',
    severity: 'critical',
    // The body may not run into another BEGIN: headers without an END stay linear.
    regex: /-{4,5} ?BEGIN (?!PGP )[A-Z0-9 ]{0,40}PRIVATE KEY ?-{4,5}(?<secret>(?:(?!-{4,5} ?BEGIN )[\s\S]){1,16384}?)-{4,5} ?END [A-Z0-9 ]{0,40}PRIVATE KEY ?-{4,5}/,
    keywords: ['private key'],
    scope: 'file',
    validate: pemBody,
    get examples(): RuleExamples {
      return {
      positive: [
        pemKey(),
        fakePem('RSA PRIVATE KEY', 6, 12),
        fakePem('OPENSSH PRIVATE KEY', 5, 13),
        fakePem('ENCRYPTED PRIVATE KEY', 5, 14),
        `{"key": ${JSON.stringify(fakePem('EC PRIVATE KEY', 3, 15))}}`,
        fakePem('RSA PRIVATE KEY', 6, 16).replace('\n', '\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,' + fakeToken('', 32, '0123456789ABCDEF', 17) + '\n\n'),
      ],
      negative: [
        '-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----',
        '-----BEGIN PRIVATE KEY-----\nxxx\n-----END PRIVATE KEY-----',
        '-----BEGIN RSA PRIVATE KEY-----\n' + toBase64('abcdefghijklmnopqrstuvwxyz') + '\n-----END RSA PRIVATE KEY-----',
        '-----BEGIN OPENSSH PRIVATE KEY----------END OPENSSH PRIVATE KEY-----',
        fakePem('PUBLIC KEY', 4, 18),
        fakePem('CERTIFICATE', 8, 19),
      ],
    };
    },
  },
  {
    id: 'pgp-private-key',
    kind: 'PGP private key block',
    severity: 'critical',
    regex: /-----BEGIN PGP PRIVATE KEY BLOCK-----(?<secret>(?:(?!-----BEGIN )[\s\S]){1,65536}?)-----END PGP PRIVATE KEY BLOCK-----/,
    keywords: ['private key'],
    scope: 'file',
    validate: pemBody,
    get examples(): RuleExamples {
      return {
      positive: [fakePem('PGP PRIVATE KEY BLOCK', 6, 21).replace('\n', '\nVersion: GnuPG v2\n\n')],
      negative: [fakePem('PGP PUBLIC KEY BLOCK', 6, 22), '-----BEGIN PGP PRIVATE KEY BLOCK-----\n<your key>\n-----END PGP PRIVATE KEY BLOCK-----'],
    };
    },
  },
  {
    id: 'private-key-base64',
    kind: 'base64-encoded private key',
    severity: 'critical',
    regex: /(?<![A-Za-z0-9+/])(?<secret>LS0tLS1CRUdJTi[A-Za-z0-9+/]{60,}={0,2})/,
    keywords: ['ls0tls1c'],
    validate: (context) => {
      const decoded = decodeBase64(context.secret);
      const block = /PRIVATE KEY[ A-Z]*-----([\s\S]*?)(?:-----END|$)/.exec(decoded);
      return block?.[1] !== undefined && keyBody(block[1]) !== undefined;
    },
    get examples(): RuleExamples {
      return {
      positive: [`private_key: '${toBase64(pemKey())}'`],
      negative: [`ca.pem: ${toBase64(fakePem('CERTIFICATE', 4, 23))}`, toBase64('-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n'.repeat(2))],
    };
    },
  },
  {
    id: 'putty-private-key',
    kind: 'PuTTY private key',
    severity: 'critical',
    regex: /PuTTY-User-Key-File-\d+: [\s\S]{0,4096}?Private-Lines: \d+\r?\n(?<secret>(?:[A-Za-z0-9+/=]+\r?\n){1,64})/,
    keywords: ['putty-user-key'],
    scope: 'file',
    validate: pemBody,
    get examples(): RuleExamples {
      return {
      positive: [
        `PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: deploy\nPublic-Lines: 2\n${fakeToken('', 64, BASE64, 31)}\n${fakeToken('', 16, BASE64, 32)}\nPrivate-Lines: 1\n${fakeToken('', 64, BASE64, 33)}\n${fakeToken('', 24, BASE64, 34)}\nPrivate-MAC: ${fakeToken('', 64, '0123456789abcdef', 35)}\n`,
      ],
      negative: ['PuTTY-User-Key-File-3: ssh-ed25519\nPrivate-Lines: 1\n<paste here>\n'],
    };
    },
  },
  {
    id: 'age-secret-key',
    kind: 'age secret key',
    severity: 'critical',
    regex: /(?<secret>AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})(?![A-Za-z0-9])/,
    keywords: ['age-secret-key-1'],
    get examples(): RuleExamples {
      return {
      positive: [fakeToken('AGE-SECRET-KEY-1', 58, BECH32.toUpperCase(), 41)],
      negative: [fakeToken('AGE-SECRET-KEY-1', 40, BECH32.toUpperCase(), 42), fakeToken('age1', 58, BECH32, 43)],
    };
    },
  },
];

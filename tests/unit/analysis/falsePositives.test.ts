import { fakeToken, fakeUuid, fakePem, ALNUM, BASE32, BASE64, HEX } from '../../../shared/analysis/rules/fake';
import { isHashInContext, isIntegrity, isPlaceholder, isRepetitive, isUuid } from '../../../shared/analysis/placeholders';
import { rulesOf } from './support';

const githubToken = (seed: number) => fakeToken('ghp_', 36, ALNUM, seed);
const documentedKeyId = 'AKIA' + 'IOSFODNN7' + 'EXAMPLE';
const documentedSecret = ['wJalrXUtnFEMI', 'K7MDENG', 'bPxRfiCYEXAMPLEKEY'].join('/');

describe('false-positive controls', () => {
  it('still finds the real thing the controls are measured against', () => {
    expect(rulesOf(`GITHUB_TOKEN=${githubToken(1)}`)).toEqual(['github-pat']);
    expect(rulesOf(`aws_access_key_id = ${fakeToken('AKIA', 16, BASE32, 2)}`)).toEqual(['aws-access-key-id']);
    expect(rulesOf(`api_secret = "${fakeToken('', 32, ALNUM, 3)}"`)).toEqual(['generic-secret']);
  });

  it.each([
    ['AWS documented access key id', `aws_access_key_id = ${documentedKeyId}`],
    ['AWS documented secret key', `aws_secret_access_key = ${documentedSecret}`],
    ['a secret with EXAMPLE in it', `GITHUB_TOKEN=ghp_${fakeToken('', 29, ALNUM, 4)}EXAMPLE`],
    ['a sample value', `api_secret = "sample-${fakeToken('', 16, ALNUM, 5)}"`],
    ['a dummy value', `api_secret = "dummy${fakeToken('', 16, ALNUM, 6)}"`],
    ['a fake value', `client_secret: fake_${fakeToken('', 20, ALNUM, 7)}`],
  ])('ignores documentation keys: %s', (_name, text) => {
    expect(rulesOf(text)).toEqual([]);
  });

  it.each([
    ['xxxx runs', `GITHUB_TOKEN=ghp_${'x'.repeat(36)}`],
    ['XXXX runs', `SLACK_TOKEN=xoxb-${'X'.repeat(12)}-${'X'.repeat(12)}-${'X'.repeat(24)}`],
    ['angle brackets', 'api_secret = "<your-api-secret>"'],
    ['shell expansion', 'api_secret = "${API_SECRET}"'],
    ['template braces', 'api_secret: "{{ .Values.apiSecret }}"'],
    ['printf-style', 'api_secret = "%(api_secret)s"'],
    ['a variable', 'api_secret = $API_SECRET'],
    ['asterisks', 'api_secret = "****************"'],
    ['an ellipsis', 'api_secret = "sk_live_..."'],
    ['a URL with template credentials', 'postgres://${DB_USER}:${DB_PASSWORD}@db.internal:5432/app'],
    ['curl with variables', 'curl -u "$USERNAME:$PASSWORD" https://api.example.net'],
    ['a repeated character', `api_secret = "${'a'.repeat(32)}"`],
  ])('ignores placeholders: %s', (_name, text) => {
    expect(rulesOf(text)).toEqual([]);
  });

  it.each([
    ['process.env', 'const apiSecret = process.env.API_SECRET;'],
    ['os.environ', 'api_secret = os.environ["API_SECRET"]'],
    ['os.getenv', 'api_secret = os.getenv("API_SECRET")'],
    ['GitHub Actions secrets', 'API_SECRET: ${{ secrets.API_SECRET }}'],
    ['System.getenv', 'String apiSecret = System.getenv("API_SECRET");'],
  ])('ignores environment references: %s', (_name, text) => {
    expect(rulesOf(text)).toEqual([]);
  });

  it.each([
    ['a request id', `request_id: ${fakeUuid(8)}`],
    ['a credentials id', `credentialsId: '${fakeUuid(9)}'`],
    ['a key id', `kms_key_id = "${fakeUuid(10)}"`],
  ])('ignores UUIDs that are ids: %s', (_name, text) => {
    expect(rulesOf(text)).toEqual([]);
  });

  it.each([
    ['a sha256 digest', `sha256: ${fakeToken('', 64, HEX, 11)}`],
    ['a commit', `github_commit_sha = ${fakeToken('', 40, HEX, 12)}`],
    ['an md5 checksum', `LIC_FILES_CHKSUM = "file://LICENSE;md5=${fakeToken('', 32, HEX, 13)}"`],
    ['a docker digest', `image: aws-cli@sha256:${fakeToken('', 64, HEX, 14)}`],
    ['a lockfile integrity', `"integrity": "sha512-${fakeToken('', 86, BASE64, 15)}=="`],
  ])('ignores hashes: %s', (_name, text) => {
    expect(rulesOf(text, { genericEntropy: true })).toEqual([]);
  });

  it.each([
    ['a PEM public key', fakePem('PUBLIC KEY', 6, 16)],
    ['a certificate', fakePem('CERTIFICATE', 10, 17)],
    ['an SSH public key', `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${fakeToken('', 43, BASE64, 18)} deploy@ci`],
    ['a Stripe publishable key', fakeToken('pk_live_', 24, ALNUM, 19)],
  ])('ignores public material: %s', (_name, text) => {
    expect(rulesOf(text)).toEqual([]);
  });

  it('keeps generic high-entropy detection opt-in and non-blocking', () => {
    const text = `const blob = "${fakeToken('', 48, BASE64, 20)}";`;
    expect(rulesOf(text)).toEqual([]);
    expect(rulesOf(text, { genericEntropy: true })).toEqual(['generic-high-entropy']);
  });
});

describe('placeholder predicates', () => {
  it('recognises placeholders and leaves random values alone', () => {
    for (const value of ['EXAMPLE', 'xxxxxxxx', '<token>', '${TOKEN}', '{{ token }}', '$TOKEN', '%TOKEN%', 'your_token_here', '****', 'replace-me']) {
      expect([value, isPlaceholder(value)]).toEqual([value, true]);
    }
    for (const value of [fakeToken('', 32, ALNUM, 21), fakeToken('', 40, BASE64, 22)]) expect(isPlaceholder(value)).toBe(false);
  });

  it('calls values repetitive when one character or a short motif dominates', () => {
    expect(isRepetitive('aaaaaaaaaaaa')).toBe(true);
    expect(isRepetitive('FakeFakeFakeFake')).toBe(true);
    expect(isRepetitive(fakeToken('', 24, ALNUM, 23))).toBe(false);
  });

  it('recognises UUIDs, hashes in context and integrity prefixes', () => {
    expect(isUuid(fakeUuid(24))).toBe(true);
    expect(isUuid(fakeToken('', 36, HEX, 25))).toBe(false);
    expect(isHashInContext(fakeToken('', 40, HEX, 26), 'commitSha: "')).toBe(true);
    expect(isHashInContext(fakeToken('', 40, HEX, 27), 'shared_token = "')).toBe(false);
    expect(isIntegrity('"integrity": "sha512-')).toBe(true);
  });
});

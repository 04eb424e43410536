import fc from 'fast-check';
import { ALL_RULES } from '../../../shared/analysis/engine';
import { ALNUM, fakeToken } from '../../../shared/analysis/rules/fake';
import { operatorAfter, quotedValueStart } from '../../../shared/analysis/rules/rule';
import { bytes, rulesOf } from './support';

/** The byte gates the assignment rules run at each keyword hit before any regex (shared/analysis/rules/rule.ts). */
describe('assignment gates', () => {
  const gate = (line: string) => {
    const content = bytes(line);
    const operator = operatorAfter(content, 0);
    return { operator, quoted: operator >= 0 && quotedValueStart(content, operator) >= 0 };
  };

  it('finds the operator past the name, a closing quote and blanks', () => {
    expect(gate('token = x').operator).toBe(6);
    expect(gate('token_value": x').operator).toBe(12);
    expect(gate('tokenize(x)').operator).toBe(-1);
    expect(gate(`token${' '.repeat(33)}= x`).operator).toBe(-1);
  });

  it('sees a quote open the value after every operator the assignment regexes allow', () => {
    for (const operator of ['=', ':', ',', '=>', ':=', '?=', '||=', '==', '===', '!=', '!==']) {
      for (const quote of ['"', "'", '`']) {
        expect([operator, quote, gate(`password ${operator} ${quote}x${quote}`).quoted]).toEqual([operator, quote, true]);
        expect([operator, quote, gate(`password${operator}${quote}x${quote}`).quoted]).toEqual([operator, quote, true]);
      }
    }
    expect(gate('NextToken: input.NextToken,').quoted).toBe(false);
    expect(gate('token =      "x"').quoted).toBe(false); // five blanks: the regexes allow four
    expect(gate('token = > "x"').quoted).toBe(false);
    expect(gate('token ==== "x"').quoted).toBe(false); // four operator characters: no assignment regex gets past them
    expect(quotedValueStart(bytes('token := "abc"'), 6)).toBe(10);
  });

  it('still reports quoted values in code and unquoted values in config files, and skips expressions in code', () => {
    const value = fakeToken('', 32, ALNUM, 7);
    expect(rulesOf(`const client_secret = "${value}";`, {}, 'src/app.ts')).toEqual(['generic-secret']);
    expect(rulesOf(`settings = { "api_token" => '${value}' }`, {}, 'lib/app.rb')).toEqual(['generic-secret']);
    expect(rulesOf(`API_TOKEN=${value}`, {}, 'deploy/.env.sample')).toEqual(['generic-secret']);
    expect(rulesOf(`API_TOKEN: ${value}`, {}, 'deploy/values.yaml')).toEqual(['generic-secret']);
    expect(rulesOf(`db_password = "${value}"`, {}, 'settings.py')).toEqual(['hardcoded-password']);
    expect(rulesOf(`API_TOKEN = ${value}`, {}, 'src/app.ts')).toEqual([]);
    expect(rulesOf(`password = ${value}`, {}, 'src/app.go')).toEqual([]);
  });

  it('skips quoted values the validators reject (placeholders, enum names, short values) and keeps the rest', () => {
    const value = fakeToken('', 32, ALNUM, 8);
    // Every quoted value here is rejected by the gate; the same lines with a real value are found, in code and in config.
    for (const path of ['src/app.ts', 'config/app.yaml']) {
      for (const [line, rule] of [
        ['  apiToken: "%s",', 'generic-secret'],
        ['  readonly EXPIRED_TOKEN: "%s";', 'generic-secret'],
        ['client_secret = "%s"', 'generic-secret'],
        ['db_password => \'%s\'', 'hardcoded-password'],
      ] as const) {
        expect([path, line, rulesOf(line.replace('%s', value), {}, path)]).toEqual([path, line, [rule]]);
        for (const rejected of ['STRING_VALUE', 'EXPIRED_TOKEN', 'https://example.com/x', 'short', 'true']) {
          expect([path, line, rejected, rulesOf(line.replace('%s', rejected), {}, path)]).toEqual([path, line, rejected, []]);
        }
      }
    }
  });
});

/**
 * The gate's promise, checked against the rules themselves: wherever a rule's regex matches and
 * its validator accepts the match, the gate passes the keyword hit the match starts at (for the
 * `_auth`-style keywords, one byte earlier). Random lines are built from names, quotes, blanks,
 * operators and values, in code and config files.
 */
describe('assignment gates never drop what the validators accept', () => {
  const names = ['token', 'api_token', 'client_secret', 'secretKey', 'x_auth', 'auth', 'credentials', 'private-key', 'password', 'db_pass', 'passphrase', 'NextToken', 'pwd'];
  const quotes = ['', '"', "'", '`'];
  const blanks = ['', ' ', '  ', '\t', '     '];
  const operators = ['=', ':', ',', '=>', ':=', '?=', '||=', '==', '===', '!==', '= =', '====', ' '];
  const values = ['STRING_VALUE', 'EXPIRED_TOKEN', 'input.NextToken', 'short', 'https://example.com/a', '${TOKEN}', 'true', '=abcdefgh12', fakeToken('', 24, ALNUM, 11), fakeToken('', 40, ALNUM, 12), `${fakeToken('', 16, ALNUM, 13)};x`, `a,${fakeToken('', 20, ALNUM, 14)}`];
  const paths = ['src/app.ts', 'lib/app.py', '.env', 'config/app.yaml', 'notes.txt'];
  const rules = ['generic-secret', 'hardcoded-password'].map((id) => {
    const rule = ALL_RULES.find((candidate) => candidate.id === id);
    if (rule?.afterKeyword === undefined || rule.validate === undefined) throw new Error(`${id} has no gate or validator`);
    return { rule, gate: rule.afterKeyword, validate: rule.validate, regex: new RegExp(rule.regex.source, `gd${rule.regex.flags}`) };
  });

  it('holds for every accepted match of 30,000 random assignments', () => {
    const pick = fc.constantFrom;
    let accepted = 0;
    const line = fc.tuple(pick('', '  ', 'const ', '{"a": 1, '), pick(...names), pick(...quotes), pick(...blanks), pick(...operators), pick(...blanks), pick(...quotes), pick(...values), pick(...quotes), pick('', ';', ',', ' # note'));
    fc.assert(
      fc.property(line, pick(...paths), (parts, path) => {
        const text = parts.join('');
        const bytes = new TextEncoder().encode(text);
        for (const { rule, gate, validate, regex } of rules) {
          regex.lastIndex = 0;
          for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
            const span = match.indices?.groups?.['secret'];
            const secret = match.groups?.['secret'];
            if (span === undefined || secret === undefined) continue;
            const context = { secret, groups: match.groups ?? {}, line: text, before: text.slice(0, span[0]), after: text.slice(span[1]), offset: span[0], text: () => text, path };
            if (validate(context) === false) continue;
            accepted += 1;
            const passes = gate(bytes, match.index, path) || (match.index > 0 && gate(bytes, match.index - 1, path));
            expect([rule.id, path, text, passes]).toEqual([rule.id, path, text, true]);
          }
        }
      }),
      { numRuns: 30_000, seed: 20261127 },
    );
    // The lines must reach the validators often enough for the property to say something.
    expect(accepted).toBeGreaterThan(200);
  });
});

/**
 * The same promise for the AWS secret key and session token rules, whose gate also asks for a
 * long enough value after the operator: wherever the regex matches, the gate passes at the
 * rule's keyword inside the match.
 */
describe('value-length gates never drop a match of their rule', () => {
  // With and without what the regexes allow between the name and the operator (`[\w.-]`, up to a limit).
  const names = ['aws_session_token', 'AWS_SESSION_TOKEN', 'SessionToken', 'x-amz-security-token', 'aws.sessionToken', 'aws_session_token_prod.v2', 'aws_secret_access_key', 'SecretAccessKey', 'aws-secret', 'secret_key', 'secretKey', 'secret_key_for-the-production-account', 'NextToken'];
  const quotes = ['', '"', "'", '`'];
  const blanks = ['', ' ', '  ', '\t', '     '];
  const operators = ['=', ':', ',', '=>', ':=', '?=', '||=', '==', '====', ' '];
  const base64 = (length: number, seed: number) => fakeToken('', length, `${ALNUM}/+`, seed);
  const values = ['string', 'input.NextToken', '${AWS_SESSION_TOKEN}', base64(40, 21), base64(39, 22), base64(41, 23), `=${base64(39, 24)}`, `==${base64(99, 25)}`, base64(100, 26), base64(99, 27), `${base64(60, 28)}=${base64(60, 29)}`];
  const rules = [
    { id: 'aws-session-token', keyword: 'token' },
    { id: 'aws-secret-access-key', keyword: 'secret' },
  ].map(({ id, keyword }) => {
    const rule = ALL_RULES.find((candidate) => candidate.id === id);
    if (rule?.afterKeyword === undefined) throw new Error(`${id} has no gate`);
    return { id, keyword, gate: rule.afterKeyword, regex: new RegExp(rule.regex.source, `gd${rule.regex.flags}`) };
  });

  it('holds for every match in 20,000 random assignments', () => {
    const pick = fc.constantFrom;
    let matched = 0;
    const line = fc.tuple(pick('', '  ', 'export ', '{"a": 1, '), pick(...names), pick(...quotes), pick(...blanks), pick(...operators), pick(...blanks), pick(...quotes), pick(...values), pick(...quotes), pick('', ';', ','));
    fc.assert(
      fc.property(line, (parts) => {
        const text = parts.join('');
        const content = bytes(text);
        const lower = text.toLowerCase();
        for (const { id, keyword, gate, regex } of rules) {
          regex.lastIndex = 0;
          for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
            const secretStart = match.indices?.groups?.['secret']?.[0] ?? match.index;
            matched += 1;
            let passes = false;
            for (let at = lower.indexOf(keyword, match.index); at >= 0 && at < secretStart && !passes; at = lower.indexOf(keyword, at + 1)) passes = gate(content, at, 'config/app.env');
            expect([id, text, passes]).toEqual([id, text, true]);
          }
        }
      }),
      { numRuns: 20_000, seed: 20261127 },
    );
    expect(matched).toBeGreaterThan(500);
  });

  it('skips names with no long value after them', () => {
    const [sessionToken, secretKey] = rules;
    expect(sessionToken?.gate(bytes('SessionToken?: string;'), 7, 'a.d.ts')).toBe(false);
    expect(sessionToken?.gate(bytes(`aws_session_token = "${base64(99, 30)}"`), 12, '.env')).toBe(false);
    expect(sessionToken?.gate(bytes(`aws_session_token = "${base64(100, 31)}"`), 12, '.env')).toBe(true);
    expect(secretKey?.gate(bytes('SecretAccessKey: string | undefined;'), 0, 'a.d.ts')).toBe(false);
    expect(secretKey?.gate(bytes(`SecretAccessKey: '${base64(40, 32)}'`), 0, 'a.ts')).toBe(true);
  });
});

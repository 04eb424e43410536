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
    // Comparisons (`!==`) are not assignments: operatorAfter already stops them.
    for (const operator of ['=', ':', ',', '=>', ':=', '?=', '||=', '==', '===']) {
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

import { ALNUM, fakeToken } from '../../../shared/analysis/rules/fake';
import { operatorAfter, quoteOpensValue } from '../../../shared/analysis/rules/rule';
import { bytes, rulesOf } from './support';

/** The byte gates the assignment rules run at each keyword hit before any regex (shared/analysis/rules/rule.ts). */
describe('assignment gates', () => {
  const gate = (line: string) => {
    const content = bytes(line);
    const operator = operatorAfter(content, 0);
    return { operator, quoted: operator >= 0 && quoteOpensValue(content, operator) };
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
});

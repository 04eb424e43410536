import { KeywordAutomaton } from '../../../shared/analysis/keywords';
import { fakeToken } from '../../../shared/analysis/rules/fake';
import { bytes } from './support';

/** Every (keyword, end byte offset) pair by brute force, sorted like the automaton's output. */
function naive(keywords: readonly string[], text: string): string[] {
  // One character per byte, ASCII letters folded (toLowerCase would also fold latin1 letters).
  const lower = Buffer.from(bytes(text)).toString('latin1').replace(/[A-Z]/g, (letter) => letter.toLowerCase());
  const found: [number, number][] = [];
  keywords.forEach((keyword, index) => {
    for (let at = lower.indexOf(keyword); at >= 0; at = lower.indexOf(keyword, at + 1)) found.push([at + keyword.length, index]);
  });
  return found.sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([end, index]) => `${index}@${end}`);
}

function hits(automaton: KeywordAutomaton, text: string): string[] {
  const result = automaton.scan(bytes(text));
  const found: [number, number][] = [];
  for (let hit = 0; hit < result.count; hit += 1) found.push([result.ends[hit] ?? 0, result.keywords[hit] ?? 0]);
  return found.sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([end, index]) => `${index}@${end}`);
}

describe('KeywordAutomaton', () => {
  const keywords = ['akia', 'ghp_', 'secret', 'sec', 'ecre', 'token', 'to', '://', 'xoxb-', 'a'];
  const automaton = new KeywordAutomaton(keywords);

  it('finds every occurrence, overlapping ones included, ASCII case-insensitively', () => {
    const text = 'xAKIAq SECRET=tok token://x XoXb-1 secretoken a';
    expect(hits(automaton, text)).toEqual(naive(keywords, text));
  });

  it('agrees with a brute-force search on random short and long inputs (both scan strategies)', () => {
    const alphabet = 'akiAKIghp_GHPsecretSECRETokn:/xb- \n';
    for (const length of [0, 1, 17, 255, 1023, 1024, 1027, 4095, 20000]) {
      for (let seed = 1; seed <= 3; seed += 1) {
        const text = fakeToken('', length, alphabet, seed * 1000 + length);
        expect([length, seed, hits(automaton, text)]).toEqual([length, seed, naive(keywords, text)]);
      }
    }
  });

  it('reports hits in end-offset order, including across the middle of a long input', () => {
    const text = `${'q'.repeat(9999)}secret${'q'.repeat(9995)}`;
    const result = automaton.scan(bytes(text));
    expect(Array.from(result.ends.subarray(0, result.count))).toEqual([10002, 10004, 10005]);
  });

  it('sees keywords that straddle, start or end at each quarter border of a long input', () => {
    // 4,000 bytes: quarters start at 1,000, 2,000 and 3,000.
    for (const border of [1000, 2000, 3000]) {
      for (let shift = -7; shift <= 1; shift += 1) {
        const chars = [...'q'.repeat(4000)];
        chars.splice(border + shift, 6, ...'secret');
        const text = chars.join('');
        expect([border, shift, hits(automaton, text)]).toEqual([border, shift, naive(keywords, text)]);
      }
    }
  });

  it('ignores non-ASCII bytes and rejects keywords it cannot fold', () => {
    expect(hits(automaton, 'ségret sécret ✓token')).toEqual(naive(keywords, 'ségret sécret ✓token'));
    expect(() => new KeywordAutomaton(['Upper'])).toThrow(/lower-case/);
    expect(() => new KeywordAutomaton(['é'])).toThrow(/ASCII/);
  });
});

import { indexOfByte, lastIndexOfByte, LineIndex } from '../../../shared/analysis/text';

/** A view into the middle of a larger buffer, as the directory source hands files over. */
function viewOf(bytes: number[]): Uint8Array {
  const backing = new Uint8Array(bytes.length + 16).fill(10);
  backing.set(bytes, 7);
  return new Uint8Array(backing.buffer, 7, bytes.length);
}

describe('indexOfByte and lastIndexOfByte', () => {
  it('agree with a plain search on views that start inside their buffer', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let round = 0; round < 300; round += 1) {
      const bytes = Array.from({ length: Math.floor(random() * 40) }, () => [10, 46, 0, 65][Math.floor(random() * 4)] ?? 65);
      const view = viewOf(bytes);
      const from = Math.floor(random() * (bytes.length + 2));
      for (const byte of [10, 46, 0, 99]) {
        expect(indexOfByte(view, byte, from)).toBe(bytes.indexOf(byte, from));
        expect(indexOfByte(view, byte)).toBe(bytes.indexOf(byte));
        if (from < bytes.length) expect(lastIndexOfByte(view, byte, from)).toBe(bytes.lastIndexOf(byte, from));
      }
    }
  });

  it('never reads past the end of a view', () => {
    expect(indexOfByte(viewOf([65, 66]), 10)).toBe(-1);
    expect(lastIndexOfByte(viewOf([65, 66]), 10, 1)).toBe(-1);
  });
});

describe('LineIndex', () => {
  it('numbers lines of a view from 1', () => {
    const lines = new LineIndex(viewOf([...Buffer.from('a\nbb\n\nc')]));
    expect([0, 1, 2, 4, 5, 6].map((offset) => lines.lineOf(offset))).toEqual([1, 1, 2, 2, 3, 4]);
  });
});

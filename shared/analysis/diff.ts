/** Added lines for sources that only have the two versions of a blob, not a diff. */

function splitLines(text: string): string[] {
  if (text.length === 0) return [];
  const lines = text.split('\n');
  // A trailing newline ends the last line; it does not start another one.
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

/**
 * 1-based numbers of the lines of `after` not present in `before`, counting duplicates: a line
 * that occurs twice in `after` and once in `before` is added once (its later occurrence).
 * O(n) with one hash map; moved lines count as unchanged, which is what a secret scan wants.
 */
export function addedLineNumbers(before: string, after: string): Set<number> {
  const available = new Map<string, number>();
  for (const line of splitLines(before)) available.set(line, (available.get(line) ?? 0) + 1);
  const added = new Set<number>();
  splitLines(after).forEach((line, index) => {
    const left = available.get(line) ?? 0;
    if (left > 0) available.set(line, left - 1);
    else added.add(index + 1);
  });
  return added;
}

/** The hidden machine sheet: key in column A, value in column B. */
import type { Grid } from './grid';

export function readMachine(g: Grid): Map<string, string> {
  const out = new Map<string, string>();
  for (let r = 0; r <= g.maxRow; r++) {
    const key = g.text(r, 0).trim();
    if (key !== '' && !out.has(key)) out.set(key, g.text(r, 1).trim());
  }
  return out;
}

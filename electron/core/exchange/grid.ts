/**
 * A parsed sheet as the readers see it: cells by row and column, the used
 * range taken from the cells actually present (never from the file's own
 * dimension record, which WPS and others get wrong), merged areas resolved to
 * their top-left cell.
 */
import { normalizeHeader } from './format';
import type { CellValue, RawCell, RawSheet } from './parse-pool';

export interface Cell {
  type: string;
  value: CellValue;
  formula: boolean;
}

export class Grid {
  private readonly rows = new Map<number, Map<number, Cell>>();
  readonly maxRow: number;
  readonly maxCol: number;

  constructor(readonly sheet: RawSheet) {
    let maxRow = -1;
    let maxCol = -1;
    for (const [r, c, type, value, f] of sheet.cells as RawCell[]) {
      let row = this.rows.get(r);
      if (!row) this.rows.set(r, (row = new Map()));
      row.set(c, { type, value, formula: f === 1 });
      if (r > maxRow) maxRow = r;
      if (c > maxCol) maxCol = c;
    }
    this.maxRow = maxRow;
    this.maxCol = maxCol;
  }

  get name(): string {
    return this.sheet.name;
  }

  cell(r: number, c: number): Cell | undefined {
    return this.rows.get(r)?.get(c);
  }

  /** Text of a cell as a person reads it: numbers as typed, booleans as 是/否, empty as ''. */
  text(r: number, c: number): string {
    const cell = this.cell(r, c);
    if (!cell) return '';
    if (typeof cell.value === 'boolean') return cell.value ? '是' : '否';
    return String(cell.value);
  }

  rowIsEmpty(r: number): boolean {
    const row = this.rows.get(r);
    if (!row) return true;
    for (const cell of row.values()) if (String(cell.value).trim() !== '') return false;
    return true;
  }

  /**
   * The first row (within the first 30) holding every required header, and
   * each wanted header's column. Headers are compared without spaces, bracket
   * styles or a trailing unit such as （%）.
   */
  findHeader(wanted: Record<string, string>, required: readonly string[]): { row: number; cols: Record<string, number> } | null {
    const want = Object.entries(wanted).map(([key, label]) => [key, normalizeHeader(label)] as const);
    for (let r = 0; r <= Math.min(this.maxRow, 30); r++) {
      const cols: Record<string, number> = {};
      for (let c = 0; c <= this.maxCol; c++) {
        const h = normalizeHeader(this.text(r, c));
        if (h === '') continue;
        for (const [key, label] of want) if (h === label && cols[key] === undefined) cols[key] = c;
      }
      if (required.every((k) => cols[k] !== undefined)) return { row: r, cols };
    }
    return null;
  }
}

/** Spreadsheet column letters: 0 → A, 27 → AB. */
export function colName(c: number): string {
  let s = '';
  let n = c + 1;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/**
 * A parsed sheet as the readers see it: cells by row and column, the used
 * range taken from the cells actually present (never from the file's own
 * dimension record, which WPS and others get wrong). A merged area shows its
 * top-left cell: that value also fills the area's first column on every row
 * below (a status merged over two task rows is both rows' status), and
 * anything else under the area, which no one sees, is dropped (and kept in
 * `covered`, for the readers to say).
 */
import { columnLetters } from './fast-xlsx.mjs';
import { HEADER_SYNONYMS, normalizeHeader } from './format';
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
  /** Row numbers that hold a cell, ascending. */
  private readonly rowList: number[];
  /** Text under a merged area that is not its top-left cell (a spreadsheet shows none of it), by `row,col`: the area. */
  private readonly hidden = new Map<string, { text: string; area: [number, number, number, number] }>();

  constructor(readonly sheet: RawSheet) {
    for (const [r, c, type, value, f] of sheet.cells as RawCell[]) {
      let row = this.rows.get(r);
      if (!row) this.rows.set(r, (row = new Map()));
      row.set(c, { type, value, formula: f === 1 });
    }
    const rowList = [...this.rows.keys()].sort((x, y) => x - y);
    for (const [r0, c0, r1, c1] of sheet.merges ?? []) {
      const top = this.rows.get(r0)?.get(c0);
      // Only the rows that hold cells: an area may span a million rows.
      for (let i = lowerBound(rowList, r0); i < rowList.length && (rowList[i] as number) <= r1; i++) {
        const r = rowList[i] as number;
        const row = this.rows.get(r) as Map<number, Cell>;
        for (const [c, cell] of [...row]) {
          if (c < c0 || c > c1 || (r === r0 && c === c0)) continue;
          const text = typeof cell.value === 'string' ? cell.value.trim() : cell.value === null ? '' : String(cell.value);
          if (text !== '' && cell.type !== 'e') this.hidden.set(`${r},${c}`, { text, area: [r0, c0, r1, c1] });
          row.delete(c);
        }
        if (r !== r0 && top) row.set(c0, top);
      }
    }
    let maxRow = -1;
    let maxCol = -1;
    for (const [r, row] of this.rows) {
      if (row.size === 0) continue;
      if (r > maxRow) maxRow = r;
      for (const c of row.keys()) if (c > maxCol) maxCol = c;
    }
    this.maxRow = maxRow;
    this.maxCol = maxCol;
    this.rowList = rowList.filter((r) => (this.rows.get(r)?.size ?? 0) > 0);
  }

  /** Text a merged area hides at (r, c), with the area as A1 (`G4:H4`); undefined when none. */
  coveredAt(r: number, c: number): { text: string; area: string } | undefined {
    const h = this.hidden.get(`${r},${c}`);
    return h && { text: h.text, area: `${colName(h.area[1])}${h.area[0] + 1}:${colName(h.area[3])}${h.area[2] + 1}` };
  }

  /** Every cell a merged area hides that held text: row, column, what it held and the area as A1. */
  covered(): { r: number; c: number; text: string; area: string }[] {
    return [...this.hidden.keys()].map((k) => {
      const [r, c] = k.split(',').map(Number) as [number, number];
      return { r, c, ...(this.coveredAt(r, c) as { text: string; area: string }) };
    });
  }

  /** Row numbers that hold a cell, ascending: loops over them, never over the whole used range (a far cell makes it huge). */
  rowNumbers(): readonly number[] {
    return this.rowList;
  }

  /** The columns of row `r` that hold a cell, ascending. */
  columnsOf(r: number): number[] {
    return [...(this.rows.get(r)?.keys() ?? [])].sort((x, y) => x - y);
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
   * styles or a trailing unit such as （%）. `twice`: a further column of that
   * row headed as one already found (工作进展 and 工作进展（三季度更新）).
   */
  findHeader(wanted: Record<string, string>, required: readonly string[]): { row: number; cols: Record<string, number>; twice: [string, number][] } | null {
    for (const [r, cols, twice] of this.headerRows(wanted)) if (required.every((k) => cols[k] !== undefined)) return { row: r, cols, twice };
    return null;
  }

  /**
   * When findHeader finds none: the row holding most of the required headers
   * (two at least; one of a pair), and the labels it lacks, for saying what
   * is wrong where.
   */
  nearestHeader(wanted: Record<string, string>, required: readonly string[]): { row: number; missing: string[]; at: { col: number; text: string }[] } | null {
    const least = Math.min(2, required.length - 1);
    let best: { row: number; found: number; missing: string[]; at: { col: number; text: string }[] } | null = null;
    const order = Object.keys(wanted);
    for (const [r, cols] of this.headerRows(wanted)) {
      const missing = required.filter((k) => cols[k] === undefined);
      const found = required.length - missing.length;
      if (found >= Math.max(1, least) && (!best || found > best.found)) {
        // Where a missing header would be, when its neighbours in the written order stand where they were written:
        // the text there now (a header typed over).
        const at = missing.flatMap((k) => {
          const i = order.indexOf(k);
          const near = [order[i - 1], order[i + 1]].map((n, side) => (n !== undefined && cols[n] !== undefined ? (cols[n] as number) + (side === 0 ? 1 : -1) : undefined));
          const c = near[0] ?? near[1];
          if (c === undefined || (near[0] !== undefined && near[1] !== undefined && near[0] !== near[1])) return [];
          const text = this.text(r, c).trim();
          return text === '' ? [] : [{ col: c, text }];
        });
        best = { row: r, found, missing: missing.map((k) => wanted[k] as string), at };
      }
    }
    return best && { row: best.row, missing: best.missing, at: best.at };
  }

  /** The first 30 rows' columns holding each wanted header (by its text, spaces and widths aside). */
  private *headerRows(wanted: Record<string, string>): Generator<[number, Record<string, number>, [string, number][]]> {
    const want = wantedHeaders(wanted);
    for (const r of this.rowList) {
      if (r > 30) break;
      const cols: Record<string, number> = {};
      const twice: [string, number][] = [];
      for (const c of this.columnsOf(r)) {
        const h = normalizeHeader(this.text(r, c));
        if (h === '') continue;
        for (const [key, label] of want) {
          if (h !== label) continue;
          if (cols[key] === undefined) cols[key] = c;
          else twice.push([key, c]);
        }
      }
      yield [r, cols, twice];
    }
  }
}

/** Each header by its own text and the ones people write for it (HEADER_SYNONYMS), as compared: made once per table's headers. */
const wantedMade = new WeakMap<Record<string, string>, (readonly [string, string])[]>();
function wantedHeaders(wanted: Record<string, string>): (readonly [string, string])[] {
  let want = wantedMade.get(wanted);
  if (!want) wantedMade.set(wanted, (want = Object.entries(wanted).flatMap(([key, label]) => [label, ...(HEADER_SYNONYMS[label] ?? [])].map((l) => [key, normalizeHeader(l)] as const))));
  return want;
}

/** The first index of sorted `xs` whose value is at least `x`. */
function lowerBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((xs[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Spreadsheet column letters: 0 → A, 27 → AB. */
export const colName: (c: number) => string = columnLetters;

/** ExcelJS styling shared by the set-up and summary workbooks (the unit workbook uses xlsx-writer.ts with the same fonts and fills). */
import type ExcelJS from 'exceljs';

export const FONT_BODY = '宋体';
export const FONT_HEAD = '黑体';

const thin: ExcelJS.Border = { style: 'thin', color: { argb: 'FF000000' } };
export const BORDER: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };
/** Header rows: light grey. Entry cells: light yellow. */
export const HEADER_ARGB = 'FFE8E8E8';
export const ENTRY_ARGB = 'FFFFFBE6';
export const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_ARGB } };
export const ENTRY_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: ENTRY_ARGB } };

/** A title row merged across the table's width. */
export function titleRow(ws: ExcelJS.Worksheet, row: number, width: number, text: string, size = 16): void {
  ws.mergeCells(row, 1, row, width);
  const c = ws.getCell(row, 1);
  c.value = text;
  c.font = { name: FONT_HEAD, size, bold: size >= 16 };
  c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  // Where the columns' widths are set already, a title that wraps gets the lines it takes (the set-up file's long
  // title had its two lines clipped in one line's height).
  const widths = Array.from({ length: width }, (_, i) => ws.getColumn(i + 1).width);
  const lines = widths.every((w) => w !== undefined) ? linesOf(text, Math.floor((widths as number[]).reduce((a, b) => a + b, 0) / (size / 10.5)) - 1) : 1;
  ws.getRow(row).height = (size >= 16 ? 30 : 20) + (lines - 1) * size * 1.5;
}

export function headerRow(ws: ExcelJS.Worksheet, row: number, headers: readonly string[], widths: readonly number[]): void {
  headers.forEach((h, i) => {
    const c = ws.getCell(row, i + 1);
    c.value = h;
    c.style = HEADER_STYLE;
    ws.getColumn(i + 1).width = widths[i] ?? 12;
  });
  ws.getRow(row).height = headerHeight(headers, widths);
}

/** A header row's height (points): tall enough for its wrapped headers. */
export function headerHeight(headers: readonly string[], widths: readonly number[]): number {
  return Math.max(24, ...headers.map((h, i) => 8 + LINE_PT * linesOf(h, (widths[i] ?? 12) - 1)));
}

/**
 * One line of 10.5–11 pt text, in points: Excel draws 宋体 in about 14, LibreOffice (and WPS on a computer without
 * Windows' fonts) the Noto CJK faces in about 15.2; at 14.5 a text of 25 short lines lost its last in LibreOffice.
 */
const LINE_PT = 15.5;
/** The tallest row Excel keeps (points). */
export const MAX_ROW_PT = 409;

/** About how many Chinese characters a wrapped cell `width` units wide shows in the tallest row (rounded down to 50). */
export function cellCapacity(width: number): number {
  const chars = Math.floor((MAX_ROW_PT - 6) / LINE_PT) * Math.floor((width - 1) / 2);
  return Math.max(50, Math.floor(chars / 50) * 50);
}

/**
 * Lines a text takes in a wrapped cell `width` characters wide (Excel's column
 * width: digits; a Chinese character takes about two).
 */
export function linesOf(text: string, width: number): number {
  const per = Math.max(1, width);
  let lines = 0;
  for (const para of text.split('\n')) {
    // Its width from its UTF-8 length (native, and fast on long texts): a character of three bytes (Chinese, and
    // the curly quotes and dashes, taken a little wide) counts two, one of one byte one.
    const w = para.length + (Buffer.byteLength(para, 'utf8') - para.length) / 2;
    lines += Math.max(1, Math.ceil(w / per));
  }
  return lines;
}

/**
 * Sets a row tall enough for its wrapped texts (spreadsheet programs do not
 * grow rows written with texts, so a long 工作进展 showed one line). Returns
 * false when a text needs more than Excel's tallest row: it is cut on screen
 * and on paper, and the sheet should say so.
 */
export function fitRow(ws: ExcelJS.Worksheet, row: number, texts: readonly { text: string; col: number }[]): boolean {
  const { pt, fits } = rowHeight(texts.map((t) => ({ text: t.text, width: ws.getColumn(t.col).width ?? 10 })));
  ws.getRow(row).height = pt;
  return fits;
}

/**
 * The height (points) of a row whose wrapped texts sit in columns of these
 * widths, at least `min`, at most Excel's tallest row; `fits`: no text needs
 * more than that.
 */
export function rowHeight(texts: readonly { text: string; width: number }[], min = 20): { pt: number; fits: boolean } {
  const lines = Math.max(1, ...texts.map((t) => linesOf(t.text, t.width - 1)));
  const pt = 6 + LINE_PT * lines;
  return { pt: Math.min(MAX_ROW_PT, Math.max(min, pt)), fits: pt <= MAX_ROW_PT };
}

/**
 * A line of words under or above a table, merged across its `width` columns, wrapped and as tall as it needs: a note
 * left on one line was cut at the table's edge, on screen and on paper.
 */
export function noteRow(ws: ExcelJS.Worksheet, row: number, width: number, text: string, font: Partial<ExcelJS.Font> = { name: FONT_BODY, size: 10.5 }): void {
  ws.mergeCells(row, 1, row, width);
  const c = ws.getCell(row, 1);
  c.value = text;
  c.font = font;
  c.alignment = { vertical: 'top', wrapText: true };
  let units = 0;
  for (let i = 1; i <= width; i++) units += ws.getColumn(i).width ?? 10;
  // At 12 pt a character takes a little more than at 10.5.
  const scale = (font.size ?? 10.5) / 10.5;
  ws.getRow(row).height = rowHeight([{ text, width: Math.floor(units / scale) }], 18).pt;
}

/*
 * Shared, frozen style objects. ExcelJS turns every cell's style into XML to
 * find its style id, unless it has seen that very object before: a fresh
 * style per cell made writing a workbook cost more than everything else put
 * together. Frozen, because a cell's style setters (`cell.font = …`) write
 * into the object, which here would restyle every cell sharing it; use
 * `bodyCell`'s options and `unlock` instead.
 *
 * A style is shared only by cells whose values ExcelJS treats alike: numbers
 * and empty cells get the General number format, texts none.
 */
type CellStyle = Partial<ExcelJS.Style>;

function deepFreeze<T>(o: T): T {
  if (o !== null && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

const HEADER_STYLE: CellStyle = deepFreeze({
  font: { name: FONT_HEAD, size: 11 },
  fill: HEADER_FILL,
  border: BORDER,
  alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
});

const BODY_FONT: Partial<ExcelJS.Font> = deepFreeze({ name: FONT_BODY, size: 10.5 });
const LABEL_FONT: Partial<ExcelJS.Font> = deepFreeze({ name: FONT_HEAD, size: 11 });
const bodyStyles = new Map<string, CellStyle>();

function bodyStyle(center: boolean, label: boolean, numeric: boolean): CellStyle {
  const key = `${center ? 'c' : 'l'}${label ? 'h' : 'b'}${numeric ? 'n' : 't'}`;
  let style = bodyStyles.get(key);
  if (!style) {
    style = deepFreeze({
      font: label ? LABEL_FONT : BODY_FONT,
      border: BORDER,
      alignment: { horizontal: center ? 'center' : 'left', vertical: 'top', wrapText: true },
    });
    bodyStyles.set(key, style);
  }
  return style;
}

export interface BodyCellOptions {
  /** In 黑体 11 pt, as a label beside a value. */
  label?: boolean;
}

/** A body cell: bordered, wrapped, top-aligned; text is kept as text (never a formula). */
export function bodyCell(ws: ExcelJS.Worksheet, row: number, col: number, value: string | number | boolean | null, center = false, opts: BodyCellOptions = {}): ExcelJS.Cell {
  const c = ws.getCell(row, col);
  c.value = value === null ? null : value;
  c.style = bodyStyle(center, opts.label ?? false, value === null || typeof value === 'number');
  return c;
}

/**
 * Points one unit of column width takes on paper at 100 %, as LibreOffice
 * prints it (it sets 宋体 in its CJK fallback font): 6.8 for the unit
 * workbook (180 units printed 748 pt wide at a scale of 0.61, a 10.5 pt
 * glyph 6.4 pt wide), up to 7.3 for the ExcelJS workbooks; Excel with 宋体
 * takes about 6. Used to choose the paper; the widths themselves are checked
 * by printing every workbook (test/exchange/real-clients.test.ts).
 */
export const WIDTH_UNIT_PT = 6.8;
/** Printable widths (points) with printSetup's margins (half an inch each side). */
const PRINTABLE_PT = { A4: { landscape: 842 - 72, portrait: 595 - 72 }, A3: { landscape: 1191 - 72, portrait: 842 - 72 } } as const;
/** The smallest scale a sheet is printed at on A4 before it goes onto A3: a 10.5 pt text prints at 9 pt (小五). */
export const MIN_PRINT_SCALE = 0.85;
/** Excel's paper size codes. */
const PAPER_CODE = { A4: 9, A3: 8 } as const;

/** The scale at which columns `totalWidth` units wide print fitted to the page's width (at most 1). */
export function printScale(totalWidth: number, paper: 'A4' | 'A3', landscape: boolean): number {
  return Math.min(1, PRINTABLE_PT[paper][landscape ? 'landscape' : 'portrait'] / (totalWidth * WIDTH_UNIT_PT));
}

/** Printable heights (points) with printSetup's margins (0.6 inch top and bottom). */
const PRINTABLE_HEIGHT_PT = { A4: { landscape: 595 - 86.4, portrait: 842 - 86.4 }, A3: { landscape: 842 - 86.4, portrait: 1191 - 86.4 } } as const;
/**
 * Rows kept on one page are moved to the next when the reckoning leaves them less than this share of the page
 * below them: Excel, WPS and LibreOffice fit the rows again as they open the file, each a little taller or shorter
 * than reckoned, and LibreOffice printed the sign-off line alone on a page the reckoning had still room on.
 */
const KEEP_SLACK = 0.08;

/**
 * Whether a manual page break belongs before body row `keep` (0-based) so that it and every row after it print on
 * one page (the sign-off line with the last task above it): the pages reckoned as a spreadsheet program lays them out
 * on the paper printSetup gives (A4, or A3 for wide sheets) fitted to the page's width (`totalWidth` units), the title
 * rows of `titlePt` repeated on each. No break when those rows could not fit on one page anyway, or when `keep` is the
 * first row (a page of titles alone).
 */
export function breakToKeep(titlePt: number, bodyPt: readonly number[], keep: number, totalWidth: number, landscape = true): boolean {
  if (keep <= 0 || keep >= bodyPt.length) return false;
  const paper = paperFor(totalWidth, landscape);
  const room = PRINTABLE_HEIGHT_PT[paper][landscape ? 'landscape' : 'portrait'] / printScale(totalWidth, paper, landscape) - titlePt;
  const kept = bodyPt.slice(keep).reduce((a, b) => a + b, 0);
  if (kept > room * (1 - KEEP_SLACK)) return false;
  let y = 0;
  for (let i = 0; i < keep; i++) y = y > 0 && y + bodyPt[i]! > room ? bodyPt[i]! : y + bodyPt[i]!;
  // Unless they fit under the rows above them with room to spare. (Where they would begin the next page anyway, the
  // break is that page's own, and holds where a program finds room for the first of them on the page before.)
  return y + kept > room * (1 - KEEP_SLACK);
}

/** breakToKeep for rows `from`..`to` of a sheet whose rows 1..`titleRows` repeat, its rows' heights by `pt`. */
export function breakBefore(pt: (row: number) => number, titleRows: number, from: number, to: number, totalWidth: number, landscape = true): boolean {
  let titlePt = 0;
  for (let r = 1; r <= titleRows; r++) titlePt += pt(r);
  const body: number[] = [];
  for (let r = titleRows + 1; r <= to; r++) body.push(pt(r));
  return breakToKeep(titlePt, body, from - titleRows - 1, totalWidth, landscape);
}

/**
 * A4, unless the columns would print smaller than MIN_PRINT_SCALE there: then
 * A3 (as offices print wide ledgers; a printer without it shrinks the page to A4).
 */
export function paperFor(totalWidth: number, landscape: boolean): 'A4' | 'A3' {
  return printScale(totalWidth, 'A4', landscape) >= MIN_PRINT_SCALE ? 'A4' : 'A3';
}

/**
 * A4 (A3 for sheets too wide to print legibly on A4), fit to one page wide,
 * header rows repeated on every page, frozen below the header.
 */
export function printSetup(ws: ExcelJS.Worksheet, headerLastRow: number, landscape = true): void {
  let total = 0;
  for (let c = 1; c <= ws.columnCount; c++) total += ws.getColumn(c).width ?? 9;
  ws.pageSetup = {
    // ExcelJS writes the code as it is; its type lists no A3.
    paperSize: PAPER_CODE[paperFor(total, landscape)] as ExcelJS.PaperSize,
    orientation: landscape ? 'landscape' : 'portrait',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    printTitlesRow: `1:${headerLastRow}`,
  };
  ws.headerFooter = { oddFooter: '&C— &P —' };
  ws.views = [{ state: 'frozen', ySplit: headerLastRow, xSplit: 0 }];
}

/**
 * Rows `from`..`to` of a sheet set up by printSetup (`headerLastRow` title rows) printed on one page: a manual page
 * break before `from` when breakToKeep says so (the sign-off lines with the last entry above them).
 */
export function keepTogether(ws: ExcelJS.Worksheet, headerLastRow: number, from: number, to: number, landscape = true): void {
  let total = 0;
  for (let c = 1; c <= ws.columnCount; c++) total += ws.getColumn(c).width ?? 9;
  if (breakBefore((r) => ws.getRow(r).height ?? 15, headerLastRow, from, to, total, landscape)) ws.getRow(from - 1).addPageBreak();
}

/** Sheet protection without a password: keeps task columns from being changed by accident. */
export async function protect(ws: ExcelJS.Worksheet): Promise<void> {
  await ws.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
    insertRows: false,
    deleteRows: false,
    sort: false,
    autoFilter: false,
  });
}

const unlocked = new WeakMap<CellStyle, CellStyle>();

/** An entry cell: unlocked under the sheet's protection, shaded light yellow. */
export function unlock(c: ExcelJS.Cell): void {
  const base = c.style;
  if (!Object.isFrozen(base)) {
    // A cell's own style: changed in place, as ExcelJS's setters do.
    c.protection = { locked: false };
    c.fill = ENTRY_FILL;
    return;
  }
  let style = unlocked.get(base);
  if (!style) {
    style = deepFreeze({ ...base, protection: { locked: false }, fill: ENTRY_FILL });
    unlocked.set(base, style);
  }
  c.style = style;
}

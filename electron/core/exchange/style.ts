/** ExcelJS styling shared by every workbook we write: borders, fonts, print set-up. */
import type ExcelJS from 'exceljs';

export const FONT_BODY = '宋体';
export const FONT_HEAD = '黑体';

const thin: ExcelJS.Border = { style: 'thin', color: { argb: 'FF000000' } };
export const BORDER: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };
export const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8E8E8' } };
export const ENTRY_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFBE6' } };

/** A title row merged across the table's width. */
export function titleRow(ws: ExcelJS.Worksheet, row: number, width: number, text: string, size = 16): void {
  ws.mergeCells(row, 1, row, width);
  const c = ws.getCell(row, 1);
  c.value = text;
  c.font = { name: FONT_HEAD, size, bold: size >= 16 };
  c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  ws.getRow(row).height = size >= 16 ? 30 : 20;
}

export function headerRow(ws: ExcelJS.Worksheet, row: number, headers: readonly string[], widths: readonly number[]): void {
  headers.forEach((h, i) => {
    const c = ws.getCell(row, i + 1);
    c.value = h;
    c.font = { name: FONT_HEAD, size: 11 };
    c.fill = HEADER_FILL;
    c.border = BORDER;
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    ws.getColumn(i + 1).width = widths[i] ?? 12;
  });
  ws.getRow(row).height = 24;
}

/** A body cell: bordered, wrapped, top-aligned; text is kept as text (never a formula). */
export function bodyCell(ws: ExcelJS.Worksheet, row: number, col: number, value: string | number | boolean | null, center = false): ExcelJS.Cell {
  const c = ws.getCell(row, col);
  c.value = value === null ? null : value;
  c.font = { name: FONT_BODY, size: 10.5 };
  c.border = BORDER;
  c.alignment = { horizontal: center ? 'center' : 'left', vertical: 'top', wrapText: true };
  return c;
}

/** A4 landscape, fit to one page wide, header rows repeated on every page, frozen below the header. */
export function printSetup(ws: ExcelJS.Worksheet, headerLastRow: number, landscape = true): void {
  ws.pageSetup = {
    paperSize: 9,
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

export function unlock(c: ExcelJS.Cell): void {
  c.protection = { locked: false };
  c.fill = ENTRY_FILL;
}

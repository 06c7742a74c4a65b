/**
 * The running header and the page numbers of a printed PDF. Chromium's
 * print-to-PDF (playwright's page.pdf, Electron's webContents.printToPDF)
 * fills <span class="pageNumber"> and <span class="totalPages"> itself;
 * CSS margin boxes with page counters are not dependable there.
 */
import type { RenderedForm } from '../../../shared/api/forms';
import { formatChineseDate } from '../../../shared/period';
import { esc } from './html';
import { FONTS } from './style';

// Templates are rendered apart from the page: every style must be inline, font sizes explicit.
const BOX = `width:100%;margin:0 12mm;font-family:${FONTS.table.replace(/"/g, "'")};color:#000;-webkit-print-color-adjust:exact;`;

export function headerTemplate(form: Pick<RenderedForm, 'pageHeader'>): string {
  return `<div style="${BOX}font-size:9pt;display:flex;justify-content:space-between;border-bottom:0.5pt solid #999;padding-bottom:1mm;"><span>${esc(form.pageHeader)}</span><span></span></div>`;
}

export function footerTemplate(form: Pick<RenderedForm, 'printedOn'>): string {
  return [
    `<div style="${BOX}font-size:10pt;display:flex;justify-content:space-between;">`,
    `<span style="flex:1"></span>`,
    `<span style="flex:1;text-align:center;">第 <span class="pageNumber"></span> 页 共 <span class="totalPages"></span> 页</span>`,
    `<span style="flex:1;text-align:right;font-size:9pt;">打印日期：${esc(formatChineseDate(form.printedOn))}</span>`,
    '</div>',
  ].join('');
}

/**
 * The pieces every printed form is made of: escaping, text cells, the page
 * shell. Forms are pure functions from data to one complete HTML document;
 * nothing here runs in the page (no scripts: the app's CSP forbids them).
 */
import { formStyle, type PageSetup, type RunningText } from './style';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Every text that reaches a form goes through here: units type arbitrary text. */
export function esc(text: string | number | null | undefined): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
}

/** A typed multi-line text: kept as typed (line breaks, spaces), wrapped anywhere, never cut off. */
export function textBlock(text: string, empty = ''): string {
  const t = text.replace(/\r\n?/g, '\n').trim();
  return t === '' ? (empty ? `<span class="none">${esc(empty)}</span>` : '') : `<div class="text">${esc(t)}</div>`;
}

export interface DocumentParts {
  /** The document's <title>. */
  title: string;
  page: PageSetup;
  /** What every printed page carries in its margins. */
  running: RunningText;
  body: string;
}

/**
 * A complete document. The CSP meta is a second line of defence behind the
 * escaping: even a text that slipped through could not run or fetch anything.
 */
export function htmlDocument(d: DocumentParts): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${esc(d.title)}</title>`,
    `<style>${formStyle(d.page, d.running)}</style>`,
    '</head>',
    `<body class="${d.page.landscape ? 'landscape' : 'portrait'}">`,
    d.body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/**
 * The centred title block: title in 小标宋, the period on the next line in
 * brackets. A title too long for a portrait line breaks before `breakBefore`,
 * not wherever the line happens to end.
 */
export function titleBlock(title: string, subtitle: string, breakBefore = ''): string {
  const at = breakBefore ? title.lastIndexOf(breakBefore) : -1;
  const shown = at > 0 ? `${esc(title.slice(0, at))}<br>${esc(title.slice(at))}` : esc(title);
  return `<header class="doc-head"><h1 class="doc-title">${shown}</h1>${subtitle ? `<p class="doc-sub">（${esc(subtitle)}）</p>` : ''}</header>`;
}

/** The line above a ledger: who fills it in (left), the date (right). */
export function metaLine(left: string, right: string): string {
  return `<div class="meta-line"><span>${left}</span><span>${right}</span></div>`;
}

/** Blank space to write by hand, underlined. */
export function blankLine(width: string): string {
  return `<span class="fill-line" style="width:${width}"></span>`;
}

/**
 * The sign-off under a form that goes up the line (forms.md): 填报人 and 联系电话 (filled in where known), 审核人 and
 * the head of the office signing by hand, then the seal and the date.
 */
export function signBlock(who: { filledBy: string; phone: string } = { filledBy: '', phone: '' }, sealOf = '单位'): string {
  const filled = (v: string, w: string): string => (v ? `<u>${esc(v)}</u>` : blankLine(w));
  return [
    '<div class="sign">',
    `<div class="row"><span>填报人：${filled(who.filledBy, '45mm')}</span><span>联系电话：${filled(who.phone, '45mm')}</span></div>`,
    `<div class="row"><span>审核人（签字）：${blankLine('45mm')}</span><span>${sealOf === '单位' ? '单位负责人' : '主要负责人'}（签字）：${blankLine('45mm')}</span></div>`,
    `<div class="seal">${esc(sealOf)}（盖章）<div class="seal-space"></div>日期：${BLANK_DATE}</div>`,
    '</div>',
  ].join('');
}

/**
 * A table closed by the sign block, the block kept with the table's last row: a page holding nothing but the block
 * would be signed and stamped blank. The last row and the block are one row group kept whole (`tbody.closing`); the
 * block as a box after the table with \`break-before: avoid\` was not held to it by Chromium after tall rows.
 */
export function tableWithSign(open: string, head: string, rows: string, columns: number, sign: string): string {
  const last = rows.lastIndexOf('<tr');
  const before = last > 0 ? `<tbody>${rows.slice(0, last)}</tbody>` : '';
  // (No row is taller than a page: an entry that would be is printed as rows of half a page, common.ts entryPieces.)
  const closing = last >= 0 ? rows.slice(last) : rows;
  return `${open}${head}${before}<tbody class="closing">${closing}<tr class="sign-row"><td colspan="${columns}">${sign}</td></tr></tbody></table>`;
}

/** Under a statistics table the bureau keeps (统计表): who made it and who checked it, to be signed (forms.md). */
export function preparedBy(): string {
  return `<div class="sign prepared"><div class="row"><span>填报人：${blankLine('40mm')}</span><span>联系电话：${blankLine('40mm')}</span><span>审核人：${blankLine('40mm')}</span></div></div>`;
}

export const BLANK_DATE = '<span class="date-blank">年</span><span class="date-blank">月</span><span class="date-blank">日</span>';

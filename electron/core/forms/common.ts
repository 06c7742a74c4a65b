/** What several forms say the same way: titles, the running header, statuses and values. */
import type { Plan } from '../../../shared/catalog/types';
import type { PeriodView } from '../../../shared/views';
import type { IndicatorValue } from '../../../shared/report';

/** The bureau's office that signs district forms and supervision notices. */
export const ISSUING_OFFICE = '区生态文明建设示范区创建工作领导小组办公室';

/** 济南市济阳区巩固提升国家生态文明建设示范区创建成果 + 重点任务进展情况汇总表 */
export function formHeading(plan: Plan, label: string): string {
  return `${plan.title.replace(/工作方案$/, '')}${label}`;
}

/** The line at the top of every printed page (the PDF's running header). */
export function pageHeader(plan: Plan, period: PeriodView | null, label: string): string {
  return [plan.district, period?.label, label].filter(Boolean).join(' · ');
}

export function formatValue(v: IndicatorValue, unit: string): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? '是' : '否';
  return `${v}${unit}`;
}

/**
 * What an entry with no content says, and whether in bold: 未报送 only of a unit that has sent nothing by a deadline
 * passed; 尚未报送 before it; 未填报 of a unit that sent its file without this task; 未填写 on a unit's own form
 * (printed from its own database, before or after its export).
 */
export type EmptyEntry = { text: string; bad: boolean };
export function emptyEntry(unit: 'own' | 'sent' | 'not sent', beforeDeadline: boolean): EmptyEntry {
  if (unit === 'own') return { text: '未填写', bad: false };
  if (unit === 'sent') return { text: '未填报', bad: false };
  return beforeDeadline ? { text: '尚未报送', bad: false } : { text: '未报送', bad: true };
}

/** Text lines a landscape A4 page holds under the header row, at 10.5 pt (a little less, to be safe). */
const PAGE_LINES = 28;
/** Characters of 10.5 pt CJK text per line, per percent of a landscape table's width (273 mm / 3.7 mm per character). */
const CHARS_PER_PERCENT = 0.72;

/**
 * Whether a row will fit on one page, estimated from its texts and their
 * columns' widths. Rows that fit are kept whole (break-inside: avoid); taller
 * ones may start on the current page, or Chromium would push each to a new
 * page and leave the rest of the page empty.
 */
export function rowFitsPage(cells: readonly { text: string; widthPct: number }[]): boolean {
  const lines = (c: { text: string; widthPct: number }): number => {
    const perLine = perLineOf(c.widthPct);
    return c.text.split('\n').reduce((n, para) => n + Math.max(1, Math.ceil(para.length / perLine)), 0);
  };
  return Math.max(0, ...cells.map(lines)) <= PAGE_LINES;
}

const perLineOf = (widthPct: number): number => Math.max(1, Math.floor(widthPct * CHARS_PER_PERCENT) - 1);

/**
 * Lines of one piece of an entry longer than a page: half a page, so that every page such an entry fills has a
 * piece begin on it (with its 序号, unit and status) in its upper half.
 */
const PIECE_LINES = Math.floor(PAGE_LINES / 2);

/** Where a sentence or clause ends (ASCII punctuation only before a space: 3.5, gov.cn go on): a piece is cut just after one when one is near the cut. */
const clauseEndsAt = (s: string, i: number): boolean => /[。；！？…，、]/u.test(s[i] as string) || (/[.;!?,]/.test(s[i] as string) && /\s/.test(s[i + 1] ?? ''));
/** Inside a run of Latin letters, digits or ASCII punctuation (a word, a number, a web address): not cut there if avoidable. */
const latin = (c: string | undefined): boolean => c !== undefined && /[\x21-\x7e]/.test(c);

/**
 * A text cut into pieces of at most `lines` estimated lines at `widthPct` of the table's width: between paragraphs
 * (a paragraph that fits a piece is never cut: it goes on to the next piece); a longer one after a sentence's or
 * clause's end in the last third of the room, else between words, else where the room ends (never inside a pair of
 * surrogates). One piece, the text itself, when it fits.
 */
export function cutText(text: string, widthPct: number, lines = PIECE_LINES): string[] {
  const perLine = perLineOf(widthPct);
  const pieces: string[] = [];
  let cur: string[] = [];
  let used = 0;
  const flush = (): void => {
    pieces.push(cur.join('\n'));
    cur = [];
    used = 0;
  };
  for (let para of text.replace(/\r\n?/g, '\n').trim().split('\n')) {
    for (;;) {
      const need = Math.max(1, Math.ceil(para.length / perLine));
      if (used + need <= lines) {
        cur.push(para);
        used += need;
        break;
      }
      const room = (lines - used) * perLine;
      if (cur.length > 0 && (need <= lines || room < perLine * 2)) {
        flush();
        continue;
      }
      const from = Math.floor((room * 2) / 3);
      let at = -1;
      for (let i = room - 1; i >= from && at < 0; i--) if (clauseEndsAt(para, i)) at = i + 1;
      for (let i = room; i > from && at < 0; i--) if (!(latin(para[i - 1]) && latin(para[i]))) at = i;
      if (at < 0) at = room;
      const c = para.charCodeAt(at - 1);
      if (c >= 0xd800 && c <= 0xdbff) at--;
      cur.push(para.slice(0, at));
      flush();
      para = para.slice(at);
      if (para === '') break;
    }
  }
  if (cur.length > 0 || pieces.length === 0) flush();
  return pieces;
}

/**
 * The texts of an entry too long for one page, cut into rows of half a page each (cutText), or null when it fits
 * (printed as one row, kept whole). Row k holds each text's k-th piece ('' where a text has ended). Chromium
 * repeats no cell on the page a row continues on: a leader reading page 4 of one unit's long entry would otherwise
 * see text under an empty 序号, unit and status.
 */
export function entryPieces(cells: readonly { text: string; widthPct: number }[]): string[][] | null {
  if (rowFitsPage(cells)) return null;
  const cut = cells.map((c) => cutText(c.text, c.widthPct));
  const rows = Math.max(...cut.map((p) => p.length));
  return Array.from({ length: rows }, (_, k) => cut.map((p) => p[k] ?? ''));
}

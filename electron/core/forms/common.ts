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
    const perLine = Math.max(1, Math.floor(c.widthPct * CHARS_PER_PERCENT) - 1);
    return c.text.split('\n').reduce((n, para) => n + Math.max(1, Math.ceil(para.length / perLine)), 0);
  };
  return Math.max(0, ...cells.map(lines)) <= PAGE_LINES;
}

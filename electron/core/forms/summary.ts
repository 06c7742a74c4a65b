/** 重点任务进展情况汇总表: every task, under it every responsible unit's entry; non-reporting units shown as 未报送. */
import { FORM_LABELS, type RenderedForm } from '../../../shared/api/forms';
import { formatChineseDate } from '../../../shared/period';
import { UNREGISTERED, unregisteredAside } from '../../../shared/report';
import type { SummaryEntry, SummaryTask, SummaryView } from '../../../shared/views';
import { emptyEntry, entryPieces, formHeading, ISSUING_OFFICE, pageHeader, type EmptyEntry } from './common';
import { BLANK_DATE, esc, htmlDocument, metaLine, signBlock, tableWithSign, textBlock, titleBlock } from './html';
import { LEDGER_PAGE } from './style';

const COLUMNS = [
  ['序号', 5],
  ['重点任务', 13],
  ['责任单位', 10],
  ['工作进展', 34],
  ['存在问题', 15],
  ['下步计划', 15],
  ['状态', 8],
] as const;

function head(): string {
  const cols = COLUMNS.map(([, w]) => `<col style="width:${w}%">`).join('');
  const ths = COLUMNS.map(([name]) => `<th>${name}</th>`).join('');
  return `<colgroup>${cols}</colgroup><thead><tr>${ths}</tr></thead>`;
}

/** `cont`: a later row of an entry longer than a page (entryPieces). */
function unitCell(e: SummaryEntry, mark = '', cont = false): string {
  return `<td>${esc(e.name)}${e.role === 'lead' ? '<span class="role">（牵头）</span>' : ''}${mark ? `<span class="role">（${mark}）</span>` : ''}${cont ? '<span class="role">（续）</span>' : ''}</td>`;
}

/**
 * `mark`: what stands in the way of the content printed, beside the unit: no submission counted for the period
 * (content the bureau typed in, not registered yet), or the submission sent back (退回) and not sent again.
 * `empty`: what an entry with no content says (the unit not sent, not yet due, or sent without this task).
 */
function entryCells(e: SummaryEntry, blank: boolean, mark: string, empty: EmptyEntry): string {
  if (blank) return `${unitCell(e)}<td></td><td></td><td></td><td></td>`;
  const r = e.report;
  const bad = empty.bad ? ' bad' : '';
  if (!r) return `${unitCell(e)}<td class="c m${bad}">${empty.text}</td><td></td><td></td><td class="c${bad}">${empty.text}</td>`;
  return pieceCells(e, mark, [r.progress, r.problems, r.next], 0);
}

/**
 * One row of an entry's texts: the whole entry, or piece `k` of one longer than a page (entryPieces). A later piece
 * says its unit (续) and its status again, and leaves a text that has ended empty (not 无).
 */
function pieceCells(e: SummaryEntry, mark: string, [progress, problems, next]: readonly string[], k: number): string {
  const r = e.report as NonNullable<SummaryEntry['report']>;
  const none = k === 0 ? '无' : '';
  const pct = r.percent !== null && k === 0 ? `<span class="pct">完成 ${r.percent}%</span>` : '';
  const unit = unitCell(e, mark, k > 0);
  return `${unit}<td>${textBlock(progress ?? '')}</td><td>${textBlock(problems ?? '', r.problems.trim() ? '' : none)}</td><td>${textBlock(next ?? '', r.next.trim() ? '' : none)}</td><td class="c${r.status === '进度滞后' ? ' bad' : ''}">${esc(r.status)}${pct}</td>`;
}

/**
 * A task's title sits in its first row; the rows under it leave that cell
 * empty with the line between them hidden, so it looks merged. Real rowspans
 * would tie the whole group together and Chromium would push it to the next
 * page whole, leaving half-empty pages. The 序号 is in every row: a page that
 * begins within a task (ten towns of one task fill a page) still says which.
 */
function taskRows(t: SummaryTask, blank: boolean, marks: ReadonlyMap<string, string>, emptyOf: (unit: string) => EmptyEntry): string {
  const first = `<td class="c">${t.no}</td><td>${esc(t.title)}</td>`;
  const cont = `<td class="c">${t.no}</td><td class="cont"></td>`;
  if (t.entries.length === 0) return `<tr>${first}<td colspan="5" class="none">（无在册责任单位）</td></tr>`;
  return t.entries
    .map((e, i) => {
      const mark = marks.get(e.code) ?? '';
      const pieces = blank ? null : piecesOf(e);
      if (!pieces) return `<tr>${i === 0 ? first : cont}${entryCells(e, blank, mark, emptyOf(e.code))}</tr>`;
      return pieces.map((texts, k) => `<tr class="piece">${i === 0 && k === 0 ? first : cont}${pieceCells(e, mark, texts, k)}</tr>`).join('');
    })
    .join('');
}

/** An entry longer than a page, cut into rows (entryPieces); null when it fits one. */
function piecesOf(e: SummaryEntry): string[][] | null {
  const r = e.report;
  if (!r) return null;
  const [, , , progress, problems, next] = COLUMNS;
  return entryPieces([
    { text: r.progress, widthPct: progress[1] },
    { text: r.problems, widthPct: problems[1] },
    { text: r.next, widthPct: next[1] },
  ]);
}

export interface SummaryFormInput {
  view: SummaryView;
  /** The print date, YYYY-MM-DD. */
  printedOn: string;
  blank: boolean;
}

export function summaryForm({ view, printedOn, blank }: SummaryFormInput): RenderedForm {
  const label = FORM_LABELS.summary;
  // Content held for a unit that has sent nothing counted (代为填报 not registered yet), or sent back: printed, and said so.
  const marks = new Map<string, string>();
  for (const u of view.units) {
    if (u.state === 'missing') marks.set(u.unit, UNREGISTERED);
    else if (u.returned && u.returned.resubmittedRevision === null) marks.set(u.unit, '已退回，待重报');
  }
  // A period not yet due calls nobody 未报送; a unit that sent without a task is not 未报送 for it.
  const before = view.period.daysLeft >= 0;
  const sent = new Set(view.units.filter((u) => u.state !== 'missing').map((u) => u.unit));
  const emptyOf = (unit: string): EmptyEntry => emptyEntry(sent.has(unit) ? 'sent' : 'not sent', before);
  const body = view.categories
    .map((c) => {
      const tasks = view.tasks.filter((t) => t.category === c.no);
      return `<tr class="category"><td colspan="${COLUMNS.length}">（${esc(c.numeral)}）${esc(c.title)}</td></tr>${tasks.map((t) => taskRows(t, blank, marks, emptyOf)).join('')}`;
    })
    .join('');
  const t = view.totals;
  // 已收: what units sent (the totals); what the bureau typed in for a unit and has not registered as received is said apart.
  const laggingTasks = view.tasks.filter((x) => x.entries.some((e) => !e.unregistered && e.report?.status === '进度滞后')).length;
  const overview = blank
    ? ''
    : `<p class="overview">报送情况：应报单位 ${t.units} 个，按时报送 ${t.onTime} 个，逾期报送 ${t.late} 个，${before ? '尚未报送' : '未报送'} ${t.missing} 个；应报任务进展 ${t.expected} 条，已收 ${t.received} 条${unregisteredAside(view)}；进度滞后 ${t.lagging} 条${t.lagging > 0 ? `（涉及 ${laggingTasks} 项任务）` : ''}。报送截止日期：${formatChineseDate(view.period.deadline)}${before ? '（未到）' : ''}。</p>`;
  const html = htmlDocument({
    title: `${label}（${view.period.label}）`,
    page: LEDGER_PAGE,
    running: { header: pageHeader(view.plan, view.period, label), printedOn },
    body: [
      '<main class="sheet">',
      titleBlock(formHeading(view.plan, label), view.period.label),
      metaLine(`填报单位（盖章）：${ISSUING_OFFICE}`, `填报日期：${blank ? BLANK_DATE : formatChineseDate(printedOn)}`),
      overview,
      tableWithSign(`<table class="ledger${blank ? ' blank' : ''}">`, head(), body, COLUMNS.length, signBlock(undefined, ISSUING_OFFICE)),
      '</main>',
    ].join('\n'),
  });
  return {
    title: `${label}（${view.period.label}）${blank ? '（空白）' : ''}`,
    html,
    landscape: LEDGER_PAGE.landscape,
    pageHeader: pageHeader(view.plan, view.period, label),
    printedOn,
  };
}

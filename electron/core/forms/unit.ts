/** 单位填报表: one unit's entries for one period, closed by the block the leader signs and stamps. */
import { FORM_LABELS, type RenderedForm } from '../../../shared/api/forms';
import type { Indicator, Plan } from '../../../shared/catalog/types';
import { formatChineseDate, returnText } from '../../../shared/period';
import { contactOf, describeTarget, STATUSES, type Report } from '../../../shared/report';
import type { MyTaskView, ReturnView, UnitPeriodView } from '../../../shared/views';
import { entryPieces, formatValue, formHeading, pageHeader, type EmptyEntry } from './common';
import { BLANK_DATE, blankLine, esc, htmlDocument, metaLine, signBlock, tableWithSign, textBlock, titleBlock } from './html';
import { LEDGER_PAGE } from './style';

const STATUS_CHOICES = STATUSES.map((s) => `<div>□${s}</div>`).join('');

const COLUMNS = [
  ['序号', 5],
  ['重点任务', 17],
  ['责任分工', 7],
  ['工作进展', 30],
  ['存在问题', 16],
  ['下步计划', 16],
  ['状态', 9],
] as const;

function head(): string {
  const cols = COLUMNS.map(([, w]) => `<col style="width:${w}%">`).join('');
  return `<colgroup>${cols}</colgroup><thead><tr>${COLUMNS.map(([n]) => `<th>${n}</th>`).join('')}</tr></thead>`;
}

/** The lead unit reports the task's indicators; on the blank form they get a line to write on. */
function indicatorLines(inds: readonly Indicator[], report: Report | null, blank: boolean, assigned: ReadonlyMap<string, number>): string {
  if (inds.length === 0) return '';
  const lines = inds.map((ind) => {
    const value = blank ? blankLine('18mm') : esc(formatValue(report?.indicators[ind.id] ?? null, ind.unit) || '未填');
    // 是（附佐证材料） inside the brackets reads as 是，附佐证材料: no brackets within brackets. A target set from above
    // names the year's number where the bureau has entered it (≥87%，上级下达), as the screens and templates do.
    return `<div>${esc(ind.name)}：${value}（目标：${esc(describeTarget(ind, assigned.get(ind.id) ?? null).replace(/（(.*)）$/, '，$1'))}）</div>`;
  });
  return `<div class="indicators${blank ? ' alone' : ''}">${lines.join('')}</div>`;
}

function row(t: MyTaskView, inds: readonly Indicator[], blank: boolean, empty: EmptyEntry, assigned: ReadonlyMap<string, number>): string {
  const lead = `<td class="c">${t.task}</td><td>${esc(t.title)}</td><td class="c">${t.role === 'lead' ? '牵头' : '配合'}</td>`;
  const myInds = t.role === 'lead' ? inds : [];
  // By hand: the status ticked from the list, the percentage written in.
  if (blank) return `<tr>${lead}<td>${indicatorLines(myInds, null, true, assigned)}</td><td></td><td></td><td class="choices">${STATUS_CHOICES}<div class="pct">完成比例<br>${blankLine('14mm')}%</div></td></tr>`;
  const r = t.report;
  if (!r) return `<tr>${lead}<td><span${empty.bad ? ' class="bad"' : ''}>${empty.text}</span>${indicatorLines(myInds, null, false, assigned)}</td><td></td><td></td><td class="c${empty.bad ? ' bad' : ''}">${empty.text}</td></tr>`;
  const pct = r.percent !== null ? `<span class="pct">完成 ${r.percent}%</span>` : '';
  const [, , , progress, problems, next] = COLUMNS;
  const status = `<td class="c${r.status === '进度滞后' ? ' bad' : ''}">${esc(r.status)}`;
  // An entry longer than a page: rows of half a page, each later one saying its task (续) and status again (entryPieces).
  const pieces = entryPieces([
    { text: r.progress, widthPct: progress[1] },
    { text: r.problems, widthPct: problems[1] },
    { text: r.next, widthPct: next[1] },
  ]);
  if (!pieces) return `<tr>${lead}<td>${textBlock(r.progress)}${indicatorLines(myInds, r, false, assigned)}</td><td>${textBlock(r.problems, '无')}</td><td>${textBlock(r.next, '无')}</td>${status}${pct}</td></tr>`;
  const later = `<td class="c">${t.task}</td><td class="cont"><span class="role">（续）</span></td><td class="c">${t.role === 'lead' ? '牵头' : '配合'}</td>`;
  return pieces
    .map(([pr = '', pb = '', nx = ''], k) => {
      const none = k === 0 ? '无' : '';
      return `<tr class="piece">${k === 0 ? lead : later}<td>${textBlock(pr)}${k === 0 ? indicatorLines(myInds, r, false, assigned) : ''}</td><td>${textBlock(pb, r.problems.trim() ? '' : none)}</td><td>${textBlock(nx, r.next.trim() ? '' : none)}</td>${status}${k === 0 ? pct : ''}</td></tr>`;
    })
    .join('');
}

/** Who filled it in: as on the unit's workbook cover. */
const clerk = (view: UnitPeriodView): { filledBy: string; phone: string } => contactOf(view.tasks.flatMap((t) => (t.report ? [t.report] : [])));

export interface UnitFormInput {
  plan: Plan;
  view: UnitPeriodView;
  /** Indicators of each task, by task number. */
  indicators: ReadonlyMap<number, readonly Indicator[]>;
  /** The targets set from above for the period's year (上级下达), by indicator id. */
  assigned?: ReadonlyMap<string, number>;
  printedOn: string;
  /**
   * 填报日期: the day the content printed was sent (at the bureau, its submission held; at a unit, its last export
   * when the content is unchanged since), the day printed (a unit printing content not sent as it stands, to sign
   * and send), or null: not sent yet, left to write in by hand.
   */
  filledOn: string | null;
  blank: boolean;
  /** What a task with no content says (emptyEntry): the unit's own form, sent without it, or not sent. */
  emptyTask: EmptyEntry;
  /** The content printed was sent back (退回) and not sent again: said above the table, so it is not taken for the one accepted. */
  returned?: ReturnView | null;
}

/** The form's heading, as forms.md names such forms (…创建成果重点任务进展情况汇总表); the screens call it 单位填报表. */
const HEADING = '重点任务进展情况填报表';

export function unitForm({ plan, view, indicators, assigned = new Map(), printedOn, filledOn, blank, emptyTask, returned = null }: UnitFormInput): RenderedForm {
  const label = FORM_LABELS.unit;
  const rows = view.tasks.map((t) => row(t, indicators.get(t.task) ?? [], blank, emptyTask, assigned)).join('');
  const empty = `<tr><td colspan="${COLUMNS.length}" class="c none">本单位没有需要填报的重点任务</td></tr>`;
  const who = blank ? { filledBy: '', phone: '' } : clerk(view);
  const sign = signBlock(who);
  const running = pageHeader(plan, view.period, `${label} · ${view.unit.name}`);
  const html = htmlDocument({
    title: `${label}（${view.unit.name}，${view.period.label}）`,
    page: LEDGER_PAGE,
    running: { header: running, printedOn },
    body: [
      '<main class="sheet">',
      titleBlock(formHeading(plan, HEADING), view.period.label),
      metaLine(`填报单位（盖章）：${esc(view.unit.name)}`, `填报日期：${blank || filledOn === null ? BLANK_DATE : formatChineseDate(filledOn)}`),
      blank ? '' : `<p class="overview">本期应填报重点任务 ${view.total} 项，已填报 ${view.filled} 项；报送截止日期：${formatChineseDate(view.period.deadline)}。</p>`,
      blank || !returned || returned.resubmittedRevision !== null ? '' : `<p class="overview"><span class="bad">本期报送（第 ${returned.revision} 版）被区局退回，待重报</span>。${esc(returnText(returned))}。</p>`,
      tableWithSign(`<table class="ledger${blank ? ' blank' : ''}">`, head(), rows || empty, COLUMNS.length, sign),
      '</main>',
    ].join('\n'),
  });
  return {
    title: `${label}（${view.unit.name}，${view.period.label}）${blank ? '（空白）' : ''}`,
    html,
    landscape: LEDGER_PAGE.landscape,
    pageHeader: running,
    printedOn,
  };
}

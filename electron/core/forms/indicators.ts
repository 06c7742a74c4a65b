/** 指标达标情况表: each indicator, its target, the latest value, met or not, the responsible unit. */
import { FORM_LABELS, type RenderedForm } from '../../../shared/api/forms';
import type { Plan } from '../../../shared/catalog/types';
import { formatChineseDate } from '../../../shared/period';
import { COMPLIANCE_LABELS, NO_VALUE_LABEL, type Compliance } from '../../../shared/report';
import type { IndicatorStatusView, PeriodView } from '../../../shared/views';
import { formatValue, formHeading, ISSUING_OFFICE, pageHeader } from './common';
import { esc, htmlDocument, metaLine, preparedBy, tableWithSign, titleBlock } from './html';
import { LEDGER_PAGE } from './style';


const COLUMNS = [
  ['序号', 5],
  ['指标编号', 7],
  ['指标名称', 24],
  ['所属任务', 7],
  ['目标值', 13],
  ['最新数值', 9],
  ['上期数值', 9],
  ['达标情况', 8],
  ['责任单位', 18],
] as const;

/** An earlier period named in a narrow column: broken after the year if at all (（2026年 / 第三季度）, not （2026年第三 / 季度）). */
function periodLabel(label: string): string {
  const m = /^(\d{4}年)(.+)$/.exec(label);
  return m ? `<span class="nw">（${esc(m[1] as string)}</span><wbr><span class="nw">${esc(m[2] as string)}）</span>` : `（${esc(label)}）`;
}

function row(ind: IndicatorStatusView, i: number): string {
  const value = formatValue(ind.value, ind.unit);
  // An earlier period's value: its period under it, as the 数值来自 note is said.
  const periodNote = ind.valuePeriod ? `<br><span class="role">${periodLabel(ind.valuePeriod)}</span>` : '';
  const from = ind.valueFrom && ind.valueFrom !== ind.leadUnit ? `<span class="role">（数值来自${esc(ind.valueFrom)}）</span>` : '';
  return [
    `<tr><td class="c">${i + 1}</td><td class="c">${esc(ind.id)}</td><td>${esc(ind.name)}</td><td class="c">第 ${ind.task} 项</td>`,
    `<td class="c">${esc(ind.targetText)}</td><td class="c">${value ? `${esc(value)}${periodNote}` : `<span class="none">${NO_VALUE_LABEL}</span>`}</td>`,
    // No earlier value: a dash, not an empty cell (which reads as left unfilled).
    `<td class="c">${esc(formatValue(ind.previous, ind.unit) || '—')}${ind.previousIsBaseline ? '<br>（基准值）' : ''}</td>`,
    `<td class="c${ind.compliance === 'not_met' || ind.compliance === 'unproven' ? ' bad' : ''}">${COMPLIANCE_LABELS[ind.compliance]}</td><td>${esc(ind.leadUnit)}${from}</td></tr>`,
  ].join('');
}

export interface IndicatorsFormInput {
  plan: Plan;
  period: PeriodView;
  indicators: readonly IndicatorStatusView[];
  printedOn: string;
}

export function indicatorsForm({ plan, period, indicators, printedOn }: IndicatorsFormInput): RenderedForm {
  const label = FORM_LABELS.indicators;
  const count = (c: Compliance): number => indicators.filter((i) => i.compliance === c).length;
  const head = `<colgroup>${COLUMNS.map(([, w]) => `<col style="width:${w}%">`).join('')}</colgroup><thead><tr>${COLUMNS.map(([n]) => `<th>${n}</th>`).join('')}</tr></thead>`;
  const html = htmlDocument({
    title: `${label}（${period.label}）`,
    page: LEDGER_PAGE,
    running: { header: pageHeader(plan, period, label), printedOn },
    body: [
      '<main class="sheet">',
      titleBlock(formHeading(plan, label), period.label),
      metaLine(`统计单位：${ISSUING_OFFICE}`, `统计日期：${formatChineseDate(printedOn)}`),
      // A period not yet due: its values are still coming in, and what is printed is mostly the periods' before.
      ...(period.daysLeft >= 0 ? [`<p class="overview">本期报送截止日期（${formatChineseDate(period.deadline)}）未到，本期数值尚未报齐，以下达标情况为打印时的情况。</p>`] : []),
      `<p class="overview">共 ${indicators.length} 项指标：达标 ${count('met')} 项，未达标 ${count('not_met')} 项，${COMPLIANCE_LABELS.unproven} ${count('unproven')} 项（填了“是”但未附佐证材料），${COMPLIANCE_LABELS.unknown} ${count('unknown')} 项（本年度尚未填报数值，或“不降低”类指标既无上期数值也未录入基准值，或未录入上级下达目标）。最新数值为本期数值；本期未填报的，取本年度此前最近一期的数值并注明期别。“不降低”类指标与上期数值比较，没有上期数值的与区局录入的当年基准值比较。</p>`,
      tableWithSign('<table class="ledger">', head, indicators.map(row).join(''), COLUMNS.length, preparedBy()),
      '</main>',
    ].join('\n'),
  });
  return { title: `${label}（${period.label}）`, html, landscape: LEDGER_PAGE.landscape, pageHeader: pageHeader(plan, period, label), printedOn };
}

/**
 * 督办单: one supervision notice a page for each lagging task × unit
 * (进度滞后, or no report once the deadline has passed).
 */
import { FORM_LABELS, type RenderedForm } from '../../../shared/api/forms';
import type { Plan } from '../../../shared/catalog/types';
import { addDays, formatChineseDate } from '../../../shared/period';
import type { LaggingItem, PeriodView } from '../../../shared/views';
import { ISSUING_OFFICE, pageHeader } from './common';
import { esc, htmlDocument, textBlock, titleBlock } from './html';
import { LETTER_PAGE } from './style';

/** Days from the notice's date to its deadline (办理时限). */
export const NOTICE_DAYS = 15;

/** 济阳生态督〔2021〕3号: district short name, year of issue, running number of that year. */
export function noticeNumber(plan: Plan, n: { year: number; seq: number }): string {
  return `${plan.district.replace(/区$/, '')}生态督〔${n.year}〕${n.seq}号`;
}

/** What a preview shows where a notice has no number yet: the year's frame, the number left for the print. */
export function draftNumber(plan: Plan, year: number): string {
  return `${plan.district.replace(/区$/, '')}生态督〔${year}〕\u3000号（预览，打印时编号）`;
}

type Numbered = { year: number; seq: number; issuedOn: string } | null;

function notice(plan: Plan, period: PeriodView, item: LaggingItem, n: Numbered, printedOn: string): string {
  // A notice issued before is an official document already sent: printed again, it keeps its date and 办理时限.
  const dated = n?.issuedOn ?? printedOn;
  const due = formatChineseDate(addDays(dated, NOTICE_DAYS));
  const missing = item.reason === 'missing';
  const matter = `${period.label}第 ${item.task} 项重点任务“${item.title}”${missing ? '逾期未报送工作进展' : '进度滞后'}`;
  const problems = missing
    ? `截至报送截止日期（${formatChineseDate(period.deadline)}），未报送本期工作进展情况。`
    : item.problems.trim() || '填报状态为“进度滞后”，未说明具体问题。';
  const demand = missing
    ? '请立即补报本期工作进展情况，说明逾期原因，并明确专人负责按期报送。'
    : '请高度重视，认真分析滞后原因，制定整改措施，明确责任人和完成时限，确保按期完成任务。';
  const rows: [string, string][] = [
    ['督办事项', esc(matter)],
    ['责任单位', esc(item.unitName)],
    ['存在问题', textBlock(problems)],
    ['办理时限', `请于${due}前办结并反馈`],
    ['督办要求', esc(demand)],
    ['反馈方式', `书面报告经单位主要负责人签字并加盖公章后，报送${ISSUING_OFFICE}；同时在本系统中更新本项任务的填报内容。`],
  ];
  return [
    '<section class="notice sheet">',
    titleBlock('督办通知单', ''),
    `<p class="docno">${esc(n ? noticeNumber(plan, n) : draftNumber(plan, Number(printedOn.slice(0, 4))))}</p>`,
    `<table class="notice-table"><tbody>${rows.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('')}</tbody></table>`,
    `<div class="issuer">${ISSUING_OFFICE}<div class="seal-space">（盖章）</div>${formatChineseDate(dated)}</div>`,
    '</section>',
  ].join('');
}

export interface NoticeFormInput {
  plan: Plan;
  period: PeriodView;
  lagging: readonly LaggingItem[];
  /** Each notice's number, in the order of `lagging` (issued once, see NoticeRepo); null in a preview for one not issued yet. */
  numbers: readonly Numbered[];
  printedOn: string;
}

export function noticeForm({ plan, period, lagging, numbers, printedOn }: NoticeFormInput): RenderedForm {
  const label = FORM_LABELS.notice;
  if (numbers.length !== lagging.length) throw new Error('every notice needs its number');
  const body = lagging.length
    ? lagging.map((item, i) => notice(plan, period, item, numbers[i] ?? null, printedOn)).join('\n')
    : `<section class="notice sheet">${titleBlock('督办通知单', period.label)}<p>${esc(period.label)}没有进度滞后或逾期未报送的事项，无需督办。</p></section>`;
  return {
    title: `${label}（${period.label}，共 ${lagging.length} 份）`,
    html: htmlDocument({ title: `${label}（${period.label}）`, page: LETTER_PAGE, running: { header: pageHeader(plan, period, label), printedOn, letter: true }, body }),
    landscape: LETTER_PAGE.landscape,
    pageHeader: pageHeader(plan, period, label),
    printedOn,
  };
}

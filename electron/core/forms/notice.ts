/**
 * 督办单: one supervision notice a page, a letter: for a lagging task of a unit, or for a unit's tasks not reported
 * once the deadline passed. What it says is the notice as issued (services/notices.ts), or a draft of a matter not
 * issued yet.
 */
import { FORM_LABELS, type RenderedForm } from '../../../shared/api/forms';
import type { Plan } from '../../../shared/catalog/types';
import { formatChineseDate } from '../../../shared/period';
import type { PeriodView } from '../../../shared/views';
import { ISSUING_OFFICE, pageHeader } from './common';
import { esc, htmlDocument, textBlock, titleBlock } from './html';
import { LETTER_PAGE } from './style';

/** 济阳生态督〔2021〕3号: district short name, year of issue, running number of that year. */
export function noticeNumber(plan: Plan, n: { year: number; seq: number }): string {
  return `${plan.district.replace(/区$/, '')}生态督〔${n.year}〕${n.seq}号`;
}

/** What a draft shows where a notice has no number yet: the year's frame, the number left for 签发. */
export function draftNumber(plan: Plan, year: number): string {
  return `${plan.district.replace(/区$/, '')}生态督〔${year}〕\u3000号（草稿，签发时编号）`;
}

/** One notice as printed: an issued one as it was issued, or a draft of a matter not issued yet (number null). */
export interface NoticeDoc {
  number: string | null;
  unitName: string;
  matter: string;
  problems: string;
  demand: string;
  issuedOn: string;
  dueOn: string;
}

/** The sizes (pt) a notice's two long texts step down through to keep it on its one page. */
const FLOW_SIZES = [14, 12, 10.5] as const;
/** Each smaller size's class (style.ts). */
const FLOW_CLASSES = new Map<number, string>([
  [12, ' flow-12'],
  [10.5, ' flow-10'],
]);
/** The text column's width inside its padding (pt): A4 with GB/T 9704's margins, the label column 30 mm. */
const TEXT_PT = 340;
/**
 * The page's room (pt) for the two long texts' lines beside a 督办事项 of two lines, as Chromium lays a notice out:
 * measured, 234 characters of 存在问题 keep a notice to one page at 14 pt, 335 at 12 and 444 at 10.5 (one paragraph,
 * with the default 督办要求), and 10, 12 and 14 lines of a numbered list: each 252 pt of lines at 1.5 their size.
 */
const FLOW_ROOM_PT = 252;

/** Lines a text takes at `size` pt in a column `width` pt wide: a character from U+2000 (Chinese, full-width, curly quotes) a full em, others half. */
function linesAt(text: string, size: number, width = TEXT_PT): number {
  const per = Math.floor(width / size);
  let lines = 0;
  for (const para of text.replace(/\r\n?/g, '\n').trim().split('\n')) {
    let w = 0;
    for (const ch of para) w += (ch.codePointAt(0) as number) >= 0x2000 ? 1 : 0.5;
    lines += Math.max(1, Math.ceil(w / per));
  }
  return lines;
}

/**
 * The size (pt) of a notice's 存在问题 and 督办要求: 14 as the rest of it, or 12 or 10.5 where that keeps the notice to
 * its one page (docs/forms.md: one notice a page; a 存在问题 of 300 characters had run on to a second page holding only
 * its last lines and the office's name). With a line to spare, as fonts differ a little; where none would do, 14 (it
 * runs on, its number heading each page).
 */
export function flowSize(doc: Pick<NoticeDoc, 'matter' | 'problems' | 'demand'>): number {
  const matterLines = linesAt(doc.matter, 14);
  const room = FLOW_ROOM_PT - (matterLines - 2) * 14 * 1.5;
  const fits = FLOW_SIZES.find((s) => (linesAt(doc.problems, s) + linesAt(doc.demand, s) + 1) * s * 1.5 <= room);
  return fits ?? 14;
}

function notice(plan: Plan, doc: NoticeDoc): string {
  // The long texts may run on across a page (a row kept whole would leave the first page blank below its head).
  const rows: [string, string, boolean][] = [
    ['督办事项', esc(doc.matter), false],
    ['责任单位', esc(doc.unitName), false],
    ['存在问题', textBlock(doc.problems), true],
    ['办理时限', `请于${formatChineseDate(doc.dueOn)}前办结并反馈`, false],
    ['督办要求', textBlock(doc.demand), true],
    ['反馈方式', `书面报告经单位主要负责人签字并加盖公章后，报送${ISSUING_OFFICE}；同时在本系统中更新所涉任务的填报内容。`, false],
  ];
  return [
    `<section class="notice sheet${FLOW_CLASSES.get(flowSize(doc)) ?? ''}">`,
    // A draft cannot pass for a notice issued: marked at its head, no date or seal under it.
    ...(doc.number === null ? ['<div class="draft-mark">草稿</div>'] : []),
    titleBlock('督办通知单', ''),
    // The number heads the table, so a notice running onto a second page (a long 存在问题) carries it there too: a
    // batch has no page count to tell whose page it is (`RunningText.letter`).
    `<table class="notice-table"><colgroup><col class="label"><col></colgroup><thead><tr><th colspan="2" class="docno">${esc(doc.number ?? draftNumber(plan, Number(doc.issuedOn.slice(0, 4))))}</th></tr></thead>`,
    `<tbody>${rows.map(([k, v, flow]) => `<tr${flow ? ' class="flow"' : ''}><th>${k}</th><td>${v}</td></tr>`).join('')}`,
    // The issuing office and date in the table too (borderless), so a page holding only them still carries the number.
    `<tr class="sign"><td colspan="2"><div class="issuer">${ISSUING_OFFICE}<br>${doc.number === null ? '（签发后编号、填写日期并加盖印章）' : formatChineseDate(doc.issuedOn)}</div></td></tr></tbody></table>`,
    '</section>',
  ].join('');
}

export interface NoticeFormInput {
  plan: Plan;
  period: PeriodView;
  notices: readonly NoticeDoc[];
  /** Said on the one page when there is no notice to print. */
  none: string;
  printedOn: string;
}

export function noticeForm({ plan, period, notices, none, printedOn }: NoticeFormInput): RenderedForm {
  const label = FORM_LABELS.notice;
  const body = notices.length
    ? notices.map((doc) => notice(plan, doc)).join('\n')
    : `<section class="notice sheet">${titleBlock('督办通知单', period.label)}<p>${esc(none)}</p></section>`;
  // One notice (reprinted from its row) is named by its number: the PDF saved is that notice's (its title too).
  // Drafts among them: said in the title (and so in the PDF's name), as on each page.
  const drafts = notices.some((n) => n.number === null) ? '（草稿）' : '';
  const title = notices.length === 1 && notices[0]!.number ? `${label}（${notices[0]!.number}）` : `${label}（${period.label}，共 ${notices.length} 份）${drafts}`;
  return {
    title,
    html: htmlDocument({ title, page: LETTER_PAGE, running: { header: pageHeader(plan, period, label), printedOn, letter: true }, body }),
    landscape: LETTER_PAGE.landscape,
    pageHeader: pageHeader(plan, period, label),
    printedOn,
  };
}

/** 报送情况统计表: each unit on time / late / missing, when it arrived, which revision. */
import { evidenceMissingText } from '../../../shared/api/exchange';
import { FORM_LABELS, type RenderedForm } from '../../../shared/api/forms';
import type { Plan } from '../../../shared/catalog/types';
import { formatChineseDate, formatChineseDateTime, returnText, reopened, REVIEW_LABELS, reviewState, SENT_RULE, sentText, SUBMISSION_STATE_LABELS } from '../../../shared/period';
import { UNREGISTERED } from '../../../shared/report';
import type { PeriodView, SettingsChangeView, SubmissionStatusView, UnitContactView } from '../../../shared/views';
import { formHeading, ISSUING_OFFICE, pageHeader } from './common';
import { esc, htmlDocument, metaLine, preparedBy, tableWithSign, titleBlock } from './html';
import { PORTRAIT_LEDGER_PAGE } from './style';

// In percent of the 173 mm line: a date with a two-digit day (2021年10月10日) fits the time columns on one line,
// 尚未报送 and 文件被拒收 the state's,
// 纸质件未收 the review's; 已填任务 on two lines.
const COLUMNS = [
  ['序号', 7],
  ['填报单位', 16],
  ['类别', 7],
  ['状态', 12],
  ['报送时间', 16],
  ['最近收到时间', 16],
  ['版次', 6],
  ['已填<br>任务', 7],
  ['区局审核', 13],
] as const;

/** Sent back (退回) and not sent again yet. */
const awaited = (s: SubmissionStatusView): boolean => s.returned !== null && s.returned.resubmittedRevision === null;

/** 审核: approved (and whether the stamped paper form came), awaiting review, sent back; nothing when nothing was sent. */
function review(s: SubmissionStatusView): string {
  const state = reviewState(s);
  if (state === 'none') return '';
  if (state === 'approved') return `${REVIEW_LABELS.approved}${s.approved!.paper ? '' : '<br>纸质件未收'}`;
  // Approved, then other content came: reviewed again.
  if (state === 'pending' && s.approved !== null && reopened(s.approved)) return '待重新审核';
  return state === 'returned' ? `<span class="bad">${REVIEW_LABELS.returned}</span>` : REVIEW_LABELS[state];
}

/** Not sent while the deadline has not passed: not yet (尚未报送), not 未报 (the overview's tag, the ledger's 未到截止日期). */
const stateText = (s: SubmissionStatusView, beforeDeadline: boolean): string => (s.state === 'missing' && beforeDeadline ? '尚未报送' : SUBMISSION_STATE_LABELS[s.state]);

function row(s: SubmissionStatusView, i: number, beforeDeadline: boolean, own: boolean): string {
  const when = (iso: string | null): string => (iso ? esc(formatChineseDateTime(iso)) : '');
  const bad = s.state === 'late' || (s.state === 'missing' && !beforeDeadline);
  return [
    `<tr><td class="c">${i + 1}</td><td>${esc(s.unitName)}</td><td class="c">${s.kind === 'town' ? '镇街' : '部门'}</td>`,
    // Nothing counted, but a file came and was refused: said (it may have been sent on time).
    // Content held with nothing counted: at the bureau its own typing in (代为填报), not registered as received yet; in a
    // unit's own database, filled in and not exported.
    `<td class="c${bad ? ' bad' : ''}">${stateText(s, beforeDeadline)}${s.refusedFile ? '<br><span class="role">文件被拒收</span>' : ''}${s.state === 'missing' && s.reported > 0 ? `<br><span class="role">${own ? '已填写，尚未导出' : UNREGISTERED}</span>` : ''}</td>`,
    `<td class="c">${esc(sentText(s))}</td><td class="c">${when(s.lastReceivedAt)}</td>`,
    `<td class="c">${s.revision === null ? '' : s.revision === 0 ? '手填' : String(s.revision)}</td><td class="c nw">${s.reported}/${s.responsible}</td>`,
    // Evidence its workbook lists that did not come: beside the review, which it is for (the widest cell of the row).
    `<td class="c">${review(s)}${s.evidenceMissing > 0 ? `${review(s) ? '<br>' : ''}<span class="role">${evidenceMissingText(s.evidenceMissing, true)}</span>` : ''}</td></tr>`,
  ].join('');
}

export interface SubmissionsFormInput {
  plan: Plan;
  period: PeriodView;
  units: readonly SubmissionStatusView[];
  printedOn: string;
  /** The period's deadline moved, or the period closed or opened again, since it was set (设置变更记录): said under the deadline. */
  changes?: readonly SettingsChangeView[];
  /** Whom to call at each unit (its latest report that names them): listed under the table for the units not reported yet. */
  contacts?: readonly UnitContactView[];
  /** Printed in a unit's own database (not the bureau's). */
  own?: boolean;
}

export function submissionsForm({ plan, period, units, printedOn, changes = [], contacts = [], own = false }: SubmissionsFormInput): RenderedForm {
  const label = FORM_LABELS.submissions;
  const count = (state: SubmissionStatusView['state']): number => units.filter((u) => u.state === state).length;
  const head = `<colgroup>${COLUMNS.map(([, w]) => `<col style="width:${w}%">`).join('')}</colgroup><thead><tr>${COLUMNS.map(([n]) => `<th>${n}</th>`).join('')}</tr></thead>`;
  const returned = units.filter((u) => u.returned);
  const short = units.filter((u) => u.evidenceMissing > 0).length;
  const before = period.daysLeft >= 0;
  const total = `<tr class="total"><td colspan="3" class="c">合计 ${units.length} 个单位</td><td colspan="6">按时 ${count('on_time')} 个，逾期 ${count('late')} 个，${before ? '尚未报送' : '未报'} ${count('missing')} 个${returned.length > 0 ? `；退回待重报 ${units.filter(awaited).length} 个` : ''}；审核通过 ${units.filter((u) => reviewState(u) === 'approved').length} 个${short > 0 ? `；导入时佐证材料不全 ${short} 个` : ''}</td></tr>`;
  // Each return in words, so the printed form tells the unit why its submission came back.
  const returns = returned.map((u) => {
    const r = u.returned!;
    return `<li>${esc(u.unitName)}（第 ${r.revision} 版）：${esc(returnText(r))}${r.resubmittedRevision === null ? '。待重报' : `。已重报（第 ${r.resubmittedRevision} 版）`}</li>`;
  });
  // 催报: the units not reported yet, each with whom to call.
  const byUnit = new Map(contacts.map((c) => [c.unit, c]));
  const chase = units
    .filter((u) => u.state === 'missing')
    .map((u) => {
      const c = byUnit.get(u.unit);
      const who = c ? [c.filledBy, c.phone].filter(Boolean).join(' ') : '';
      return `<li>${esc(u.unitName)}：${who ? `${esc(who)}（${esc(c!.periodLabel)}填报时所留）` : '没有留下联系人'}</li>`;
    });
  const html = htmlDocument({
    title: `${label}（${period.label}）`,
    page: PORTRAIT_LEDGER_PAGE,
    running: { header: pageHeader(plan, period, label), printedOn },
    body: [
      '<main class="sheet">',
      titleBlock(formHeading(plan, label), period.label, label),
      metaLine(`统计单位：${ISSUING_OFFICE}`, `统计日期：${formatChineseDate(printedOn)}`),
      `<p class="overview">报送截止日期：${formatChineseDate(period.deadline)}。${SENT_RULE}</p>`,
      // Who was 按时 follows the deadline: a moved one is said, so a form printed before stays explicable.
      ...(changes.length > 0 ? [`<p class="overview">设置变更：${changes.map((c) => `${esc(formatChineseDateTime(c.at))} ${esc(c.text)}`).join('；')}。</p>`] : []),
      // Who made and checked it sign under the figures, kept on the page of the table's last rows (the lists after it
      // are its annexes: a signature alone on a page of lists signs no figures).
      tableWithSign('<table class="ledger">', head, `${units.map((u, i) => row(u, i, before, own)).join('')}${total}`, COLUMNS.length, preparedBy()),
      // The mark beside 已填任务 explained (a black-and-white print shows it as small type only).
      ...(short > 0 ? ['<p class="overview">注：“导入时佐证材料缺 N 个”指该单位工作簿列出、但导入时没有随文件收到或已损坏的佐证材料个数。</p>'] : []),
      ...(returns.length > 0 ? [`<section class="returns"><p class="overview">退回情况：</p><ol>${returns.join('')}</ol></section>`] : []),
      ...(chase.length > 0 ? [`<section class="returns"><p class="overview">${period.daysLeft >= 0 ? '尚未报送' : '未报送'}单位的联系人（催报用，取该单位最近一次填报时所留）：</p><ol>${chase.join('')}</ol></section>`] : []),
      '</main>',
    ].join('\n'),
  });
  return { title: `${label}（${period.label}）`, html, landscape: PORTRAIT_LEDGER_PAGE.landscape, pageHeader: pageHeader(plan, period, label), printedOn };
}

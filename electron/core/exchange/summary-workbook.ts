/** The district summary workbook for the city: tasks × units, indicators against targets, submissions. */
import ExcelJS from 'exceljs';
import { formatChineseDate, formatChineseDateTime, returnText, revisionText, reviewText, SENT_RULE, sentText, SUBMISSION_STATE_LABELS, type Period } from '../../../shared/period';
import { COMPLIANCE_LABELS, NO_VALUE_LABEL, UNREGISTERED, unregisteredAside } from '../../../shared/report';
import { emptyEntry, formatValue } from '../forms/common';
import type { CoreContext } from '../context';
import { sha256 } from '../fsutil';
import { safeFileName } from '../services/reports';
import { summary } from '../services/summary';
import { demoPeriods } from '../services/demo';
import { cellText as xmlSafe, finishPackage } from './excel-text';
import type { BuiltFile } from './export-unit';
import { bodyCell, fitRow, FONT_BODY, headerRow, noteRow, keepTogether, printSetup, titleRow } from './style';



export async function exportSummary(ctx: CoreContext, period: Period): Promise<BuiltFile> {
  // A unit's database holds its own reports only: its "district summary" would show every other unit as missing.
  ctx.requireBureau('导出全区汇总表');
  const s = summary(ctx, period);
  const wb = new ExcelJS.Workbook();
  wb.creator = '生态文明建设任务进度填报系统';
  wb.created = ctx.now();
  const title = `济阳区巩固提升国家生态文明建设示范区创建成果重点任务进展情况汇总表`;
  // Said on every sheet: demo data must never pass for what the units sent.
  const demo = demoPeriods(ctx).has(period.id);
  const sub = `（${s.period.label}）${demo ? '（含演示数据，不是各单位的真实报送）' : ''}`;
  const dated = `填报单位（盖章）：市生态环境局济阳分局                填报日期：${formatChineseDate(ctx.today())}`;

  const ws = wb.addWorksheet('进展汇总');
  const heads = ['序号', '重点任务', '责任单位', '牵头/配合', '状态', '完成比例（%）', '工作进展', '存在问题', '下步计划'];
  titleRow(ws, 1, heads.length, title, 18);
  titleRow(ws, 2, heads.length, sub, 14);
  titleRow(ws, 3, heads.length, dated, 11);
  ws.getCell(3, 1).alignment = { horizontal: 'left', vertical: 'middle' };
  headerRow(ws, 4, heads, [5, 14, 11, 8, 9, 7, 30, 18, 18]);
  // An entry with no content says why, as the printed 汇总表 does: 尚未报送 before the deadline, 未填报 of a unit
  // that sent its file without the task, 未报送 only of one that sent nothing by a deadline passed.
  const before = s.period.daysLeft >= 0;
  const sent = new Set(s.units.filter((u) => u.state !== 'missing').map((u) => u.unit));
  let r = 5;
  let cut = false;
  for (const cat of s.categories) {
    ws.mergeCells(r, 1, r, heads.length);
    const c = ws.getCell(r, 1);
    c.value = `（${cat.numeral}）${cat.title}\u3000已收 ${cat.received}/${cat.expected}，已完成/长期坚持 ${cat.done}，滞后 ${cat.lagging}`;
    c.font = { name: '楷体', size: 12, bold: true };
    r++;
    for (const t of s.tasks.filter((x) => x.category === cat.no)) {
      // The task on each of its rows, not merged: a task running onto the next page is named there too.
      for (const e of t.entries) {
        const texts = [
          { text: e.report?.progress ?? '', col: 7 },
          { text: e.report?.problems ?? '', col: 8 },
          { text: e.report?.next ?? '', col: 9 },
          { text: t.title, col: 2 },
        ];
        if (!fitRow(ws, r, texts)) cut = true;
        bodyCell(ws, r, 1, t.no, true);
        bodyCell(ws, r, 2, t.title);
        bodyCell(ws, r, 3, e.name);
        bodyCell(ws, r, 4, e.role === 'lead' ? '牵头' : '配合', true);
        // Typed in by the bureau and not registered as received: shown, marked (counted nowhere, as on the printed form).
        bodyCell(ws, r, 5, e.report ? `${e.report.status}${e.unregistered ? `（${UNREGISTERED}）` : ''}` : emptyEntry(sent.has(e.code) ? 'sent' : 'not sent', before).text, true);
        bodyCell(ws, r, 6, e.report?.percent ?? null, true);
        bodyCell(ws, r, 7, xmlSafe(e.report?.progress ?? ''));
        bodyCell(ws, r, 8, xmlSafe(e.report?.problems ?? ''));
        bodyCell(ws, r, 9, xmlSafe(e.report?.next ?? ''));
        r++;
      }
    }
  }
  const lastEntry = r - 1;
  r++;
  if (cut) {
    noteRow(ws, r, heads.length, '注：个别文字过长，超出 Excel 单元格能显示的高度，表中显示不全；完整内容见系统打印的汇总表或单位填报表。', { name: FONT_BODY, size: 10.5, color: { argb: 'FFC00000' } });
    r++;
  }
  for (const line of ['填报人：            联系电话：            审核人：', '单位负责人（签字）：                              （盖章）    年  月  日']) {
    noteRow(ws, r, heads.length, line, { name: FONT_BODY, size: 12 });
    r++;
  }
  printSetup(ws, 4);
  // The signatures never print alone on a page: they go with the last entry.
  keepTogether(ws, 4, lastEntry, r - 1);

  const ind = wb.addWorksheet('指标达标情况');
  const ih = ['编号', '指标', '所属任务', '目标', '最新数值', '上期数值', '是否达标', '责任单位（牵头）', '数值来源'];
  titleRow(ind, 1, ih.length, `指标达标情况${sub}`, 16);
  headerRow(ind, 2, ih, [6, 26, 7, 14, 13, 10, 8, 17, 17]);
  s.indicators.forEach((x, i) => {
    // With its unit, as the printed form shows it; an earlier period's value with that period.
    const latest = x.value === null ? NO_VALUE_LABEL : `${formatValue(x.value, x.unit)}${x.valuePeriod ? `（${x.valuePeriod}）` : ''}`;
    fitRow(ind, i + 3, [
      { text: x.name, col: 2 },
      { text: x.targetText, col: 4 },
      { text: latest, col: 5 },
      { text: x.leadUnit, col: 8 },
      { text: x.valueFrom ?? '', col: 9 },
    ]);
    bodyCell(ind, i + 3, 1, x.id, true);
    bodyCell(ind, i + 3, 2, x.name);
    bodyCell(ind, i + 3, 3, `第 ${x.task} 项`, true);
    bodyCell(ind, i + 3, 4, x.targetText, true);
    bodyCell(ind, i + 3, 5, latest, true);
    bodyCell(ind, i + 3, 6, x.previous === null ? '—' : `${formatValue(x.previous, x.unit)}${x.previousIsBaseline ? '（基准值）' : ''}`, true);
    bodyCell(ind, i + 3, 7, COMPLIANCE_LABELS[x.compliance], true);
    bodyCell(ind, i + 3, 8, x.leadUnit);
    bodyCell(ind, i + 3, 9, x.valueFrom ?? '');
  });
  noteRow(ind, s.indicators.length + 4, ih.length, `最新数值为本期数值；本期未填报的，取本年度此前最近一期的数值并注明期别。${COMPLIANCE_LABELS.unproven}：填了“是”但未附佐证材料。${COMPLIANCE_LABELS.unknown}：本年度尚未填报数值，或缺少上期数值、上级下达目标。`);
  printSetup(ind, 2);

  const sub2 = wb.addWorksheet('报送情况');
  const sh = ['单位', '类型', '报送情况', '首次报送时间', '最近收到', '版本', '已填/应填', '审核', '退回'];
  titleRow(sub2, 1, sh.length, `各单位报送情况${sub}（截止 ${formatChineseDate(s.period.deadline)}）`, 16);
  // A time of sending whole on its line (2026年10月2日 10:00): it is what 按时 or 逾期 is judged by.
  headerRow(sub2, 2, sh, [18, 8, 8, 19, 19, 6, 9, 14, 25]);
  const due = s.period.daysLeft < 0;
  s.units.forEach((u, i) => {
    // 已退回 is said once, under 审核 (the 退回 column has the reason).
    // Content typed in for it at the bureau and not registered: said (as on the printed 报送情况统计表).
    const state = `${u.state === 'missing' && !due ? '未报（未到截止日期）' : SUBMISSION_STATE_LABELS[u.state]}${u.state === 'missing' && u.reported > 0 ? `（${UNREGISTERED}）` : ''}`;
    const returned = u.returned ? xmlSafe(`${u.returned.resubmittedRevision === null ? '待重报' : `已重报（第 ${u.returned.resubmittedRevision} 版）`}：${returnText(u.returned)}`) : '';
    const reviewed = reviewText(u);
    const first = sentText(u);
    // A filled hand template is 手填模板, not 版本 0.
    const version = u.revision === 0 ? revisionText(0) : u.revision;
    const last = u.lastReceivedAt ? formatChineseDateTime(u.lastReceivedAt) : '';
    fitRow(sub2, i + 3, [
      { text: u.unitName, col: 1 },
      { text: state, col: 3 },
      { text: first, col: 4 },
      { text: last, col: 5 },
      { text: String(version ?? ''), col: 6 },
      { text: reviewed, col: 8 },
      { text: returned, col: 9 },
    ]);
    bodyCell(sub2, i + 3, 1, u.unitName);
    bodyCell(sub2, i + 3, 2, u.kind === 'town' ? '镇街' : '区直部门', true);
    bodyCell(sub2, i + 3, 3, state, true);
    // In China time, as the deadline is (a file received at 00:30 on the 6th is late for a deadline of the 5th).
    bodyCell(sub2, i + 3, 4, first, true);
    bodyCell(sub2, i + 3, 5, last, true);
    bodyCell(sub2, i + 3, 6, version, true);
    bodyCell(sub2, i + 3, 7, `${u.reported}/${u.responsible}`, true);
    bodyCell(sub2, i + 3, 8, reviewed, true);
    bodyCell(sub2, i + 3, 9, returned);
  });
  const tr = s.units.length + 4;
  noteRow(sub2, tr, sh.length, `合计：按时 ${s.totals.onTime}，逾期 ${s.totals.late}，未报 ${s.totals.missing}${due ? '' : '（未到截止日期）'}；已收报告 ${s.totals.received}/${s.totals.expected} 条${unregisteredAside(s)}，进度滞后 ${s.totals.lagging} 项，逾期未报 ${s.totals.overdue} 项${s.totals.returned > 0 ? `，退回待重报 ${s.totals.returned} 个单位` : ''}，已审核 ${s.totals.approved} 个单位`);
  noteRow(sub2, tr + 1, sh.length, SENT_RULE);
  printSetup(sub2, 2);

  const data = finishPackage(new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer));
  return { fileName: safeFileName(`济阳区重点任务进展汇总表-${period.id}.xlsx`), data, sha256: sha256(data) };
}

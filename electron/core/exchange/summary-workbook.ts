/** The district summary workbook for the city: tasks × units, indicators against targets, submissions. */
import ExcelJS from 'exceljs';
import { formatChineseDate, formatChineseDateTime, returnText, SENT_RULE, SUBMISSION_STATE_LABELS, type Period } from '../../../shared/period';
import { COMPLIANCE_LABELS, type IndicatorValue } from '../../../shared/report';
import type { CoreContext } from '../context';
import { sha256 } from '../fsutil';
import { safeFileName } from '../services/reports';
import { summary } from '../services/summary';
import { cellText as xmlSafe, finishPackage } from './excel-text';
import type { BuiltFile } from './export-unit';
import { bodyCell, fitRow, FONT_BODY, headerRow, printSetup, titleRow } from './style';


const show = (v: IndicatorValue, unit: string): string | number => (v === null ? '' : typeof v === 'boolean' ? (v ? '是' : '否') : unit === '%' ? `${v}%` : v);

export async function exportSummary(ctx: CoreContext, period: Period): Promise<BuiltFile> {
  // A unit's database holds its own reports only: its "district summary" would show every other unit as missing.
  ctx.requireBureau('导出全区汇总表');
  const s = summary(ctx, period);
  const wb = new ExcelJS.Workbook();
  wb.creator = '生态文明建设任务进度填报系统';
  wb.created = ctx.now();
  const title = `济阳区巩固提升国家生态文明建设示范区创建成果重点任务进展情况汇总表`;
  const sub = `（${s.period.label}）`;
  const dated = `填报单位（盖章）：市生态环境局济阳分局                填报日期：${formatChineseDate(ctx.today())}`;

  const ws = wb.addWorksheet('进展汇总');
  const heads = ['序号', '重点任务', '责任单位', '牵头/配合', '状态', '完成比例（%）', '工作进展', '存在问题', '下步计划'];
  titleRow(ws, 1, heads.length, title, 18);
  titleRow(ws, 2, heads.length, sub, 14);
  titleRow(ws, 3, heads.length, dated, 11);
  ws.getCell(3, 1).alignment = { horizontal: 'left', vertical: 'middle' };
  headerRow(ws, 4, heads, [6, 30, 20, 9, 10, 10, 44, 30, 30]);
  let r = 5;
  let cut = false;
  for (const cat of s.categories) {
    ws.mergeCells(r, 1, r, heads.length);
    const c = ws.getCell(r, 1);
    c.value = `（${cat.numeral}）${cat.title}\u3000已收 ${cat.received}/${cat.expected}，完成 ${cat.done}，滞后 ${cat.lagging}`;
    c.font = { name: '楷体', size: 12, bold: true };
    r++;
    for (const t of s.tasks.filter((x) => x.category === cat.no)) {
      const first = r;
      for (const e of t.entries) {
        const texts = [
          { text: e.report?.progress ?? '', col: 7 },
          { text: e.report?.problems ?? '', col: 8 },
          { text: e.report?.next ?? '', col: 9 },
          // A task of one entry: its title (merged over no other row) must fit this row too.
          ...(t.entries.length === 1 ? [{ text: t.title, col: 2 }] : []),
        ];
        if (!fitRow(ws, r, texts)) cut = true;
        bodyCell(ws, r, 3, e.name);
        bodyCell(ws, r, 4, e.role === 'lead' ? '牵头' : '配合', true);
        bodyCell(ws, r, 5, e.report?.status ?? '未报', true);
        bodyCell(ws, r, 6, e.report?.percent ?? null, true);
        bodyCell(ws, r, 7, xmlSafe(e.report?.progress ?? ''));
        bodyCell(ws, r, 8, xmlSafe(e.report?.problems ?? ''));
        bodyCell(ws, r, 9, xmlSafe(e.report?.next ?? ''));
        r++;
      }
      bodyCell(ws, first, 1, t.no, true);
      bodyCell(ws, first, 2, t.title);
      if (r - 1 > first) {
        ws.mergeCells(first, 1, r - 1, 1);
        ws.mergeCells(first, 2, r - 1, 2);
      }
    }
  }
  r++;
  if (cut) {
    ws.mergeCells(r, 1, r, heads.length);
    ws.getCell(r, 1).value = '注：个别文字过长，超出 Excel 单元格能显示的高度，表中显示不全；完整内容见系统打印的汇总表或单位填报表。';
    ws.getCell(r, 1).font = { name: FONT_BODY, size: 10.5, color: { argb: 'FFC00000' } };
    r++;
  }
  for (const line of ['填报人：            联系电话：            审核人：', '单位负责人（签字）：                              （盖章）    年  月  日']) {
    ws.mergeCells(r, 1, r, heads.length);
    ws.getCell(r, 1).value = line;
    ws.getCell(r, 1).font = { name: FONT_BODY, size: 12 };
    r++;
  }
  printSetup(ws, 4);

  const ind = wb.addWorksheet('指标达标情况');
  const ih = ['编号', '指标', '目标', '本期数值', '上期数值', '数值来源', '是否达标'];
  titleRow(ind, 1, ih.length, `指标达标情况${sub}`, 16);
  headerRow(ind, 2, ih, [8, 44, 22, 12, 12, 24, 10]);
  s.indicators.forEach((x, i) => {
    bodyCell(ind, i + 3, 1, x.id, true);
    bodyCell(ind, i + 3, 2, x.name);
    bodyCell(ind, i + 3, 3, x.targetText, true);
    bodyCell(ind, i + 3, 4, show(x.value, x.unit), true);
    bodyCell(ind, i + 3, 5, show(x.previous, x.unit), true);
    bodyCell(ind, i + 3, 6, x.valueFrom ?? '');
    bodyCell(ind, i + 3, 7, COMPLIANCE_LABELS[x.compliance], true);
  });
  printSetup(ind, 2);

  const sub2 = wb.addWorksheet('报送情况');
  const sh = ['单位', '类型', '报送情况', '报送时间', '最近收到', '版本', '已填/应填', '退回'];
  titleRow(sub2, 1, sh.length, `各单位报送情况${sub}（截止 ${formatChineseDate(s.period.deadline)}）`, 16);
  headerRow(sub2, 2, sh, [26, 10, 10, 20, 20, 8, 12, 44]);
  s.units.forEach((u, i) => {
    bodyCell(sub2, i + 3, 1, u.unitName);
    bodyCell(sub2, i + 3, 2, u.kind === 'town' ? '镇街' : '区直部门', true);
    bodyCell(sub2, i + 3, 3, SUBMISSION_STATE_LABELS[u.state], true);
    // In China time, as the deadline is (a file received at 00:30 on the 6th is late for a deadline of the 5th).
    bodyCell(sub2, i + 3, 4, u.submittedAt ? formatChineseDateTime(u.submittedAt) : '', true);
    bodyCell(sub2, i + 3, 5, u.lastReceivedAt ? formatChineseDateTime(u.lastReceivedAt) : '', true);
    bodyCell(sub2, i + 3, 6, u.revision, true);
    bodyCell(sub2, i + 3, 7, `${u.reported}/${u.responsible}`, true);
    const r = u.returned;
    bodyCell(sub2, i + 3, 8, r ? xmlSafe(`${r.resubmittedRevision === null ? '待重报' : `已重报（第 ${r.resubmittedRevision} 版）`}：${returnText(r)}`) : '');
  });
  const tr = s.units.length + 4;
  sub2.mergeCells(tr, 1, tr, sh.length);
  sub2.getCell(tr, 1).value = `合计：按时 ${s.totals.onTime}，逾期 ${s.totals.late}，未报 ${s.totals.missing}；已收报告 ${s.totals.received}/${s.totals.expected} 条，进度滞后 ${s.totals.lagging} 项，逾期未报 ${s.totals.overdue} 项${s.totals.returned > 0 ? `，退回待重报 ${s.totals.returned} 个单位` : ''}`;
  sub2.mergeCells(tr + 1, 1, tr + 1, sh.length);
  sub2.getCell(tr + 1, 1).value = SENT_RULE;
  printSetup(sub2, 2, false);

  const data = finishPackage(new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer));
  return { fileName: safeFileName(`济阳区重点任务进展汇总表-${period.id}.xlsx`), data, sha256: sha256(data) };
}

/**
 * 工作台账: a year's running ledger, every task × responsible unit × period
 * begun so far on one row each (status, percent, the three texts, indicator
 * values, evidence, who filled it in, when), with a filter on its header so
 * that Excel or WPS narrows it to a unit, a task or a status; and 报送台账, the
 * units against the year's periods (按时 / 逾期 / 未报, revision, 退回). In a
 * unit's database it is the unit's own ledger.
 */
import ExcelJS from 'exceljs';
import { formatChineseDate, formatChineseDateTime, reportingRateText, submissionCellText, type Period } from '../../../shared/period';
import { indicatorText, UNREGISTERED } from '../../../shared/report';
import { AppError, ERROR_CODES } from '../../../shared/errors';
import type { CoreContext } from '../context';
import { sha256 } from '../fsutil';
import { safeFileName } from '../services/reports';
import { noticeView } from '../services/notices';
import { yearGrid } from '../services/year-grid';
import { countedSources } from '../services/status';
import { demoPeriods } from '../services/demo';
import { emptyEntry } from '../forms/common';
import { NOTICE_STATE_LABELS, noticeNowText } from '../../../shared/notice';
import { entriesOf, periodsOfYearHeld, STOPPED_MARK, yearBeforeFirst } from './entries';
import { cellText as xmlSafe, finishPackage } from './excel-text';
import type { BuiltFile } from './export-unit';
import { bodyCell, FONT_BODY, fitRow, headerRow, noteRow, printSetup, titleRow } from './style';

/** The year's periods with anything to list: those of the kind in use begun by today, and any other holding reports. */
export function ledgerPeriods(ctx: CoreContext, year: number): Period[] {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new AppError(ERROR_CODES.invalidInput, `年份“${year}”不在 2000–2100 之间`);
  const periods = periodsOfYearHeld(ctx, year);
  const before = periods.length === 0 ? yearBeforeFirst(ctx, year) : null;
  if (before) throw new AppError(ERROR_CODES.invalidInput, `${before}，没有台账可导出`);
  if (periods.length === 0) throw new AppError(ERROR_CODES.invalidInput, `${year}年的报送周期还没有开始，没有台账可导出`);
  return periods;
}

const CUT_NOTE = '注：个别文字过长，超出 Excel 单元格能显示的高度，表中显示不全；完整内容见系统中的填报内容或打印的单位填报表。';

/** Evidence named in a ledger cell: the first this many, then how many more (the package's 目录 lists them all). */
const EVIDENCE_NAMES = 20;

export async function exportLedger(ctx: CoreContext, year: number): Promise<BuiltFile> {
  const periods = ledgerPeriods(ctx, year);
  const own = ctx.role === 'unit' ? ctx.ownUnitCode : null;
  // The unit as the year's last period names it (renamed after that year: the name it had then).
  const ownName = own ? ctx.at(periods[periods.length - 1]!.id).unitName(own) : null;
  const wb = new ExcelJS.Workbook();
  wb.creator = '生态文明建设任务进度填报系统';
  wb.created = ctx.now();

  const ws = wb.addWorksheet('工作台账');
  const heads = ['序号', '重点任务', '责任单位', '牵头/配合', '报送周期', '状态', '完成比例（%）', '工作进展', '存在问题', '下步计划', '指标数值', '佐证材料', '填报人', '联系电话', '更新时间'];
  titleRow(ws, 1, heads.length, `济阳区巩固提升国家生态文明建设示范区创建成果工作台账（${year}年${ownName ? `，${ownName}` : ''}）`, 16);
  // Said as the summary workbook says it: demo data must never pass for what the units sent.
  const held = demoPeriods(ctx);
  const demo = periods.filter((p) => held.has(p.id)).map((p) => p.label);
  // One period begun (a January's ledger of the new year): named alone, not “2027年第一季度至2027年第一季度”.
  const first = periods[0]!;
  const last = periods[periods.length - 1]!;
  titleRow(ws, 2, heads.length, `${first.id === last.id ? first.label : `${first.label}至${last.label}`}；编制日期：${formatChineseDate(ctx.today())}${demo.length > 0 ? `（${demo.join('、')}含演示数据，不是各单位的真实报送）` : ''}`, 11);
  // Wide enough that 牵头/配合, a period's name, a phone number and a date stay whole (the texts' columns a little
  // narrower, for the sum: it prints at about 9 pt on A3).
  headerRow(ws, 3, heads, [5, 15, 11, 8, 14, 8, 6, 21, 18, 18, 11, 11, 7, 13, 15]);
  const entries = entriesOf(ctx, periods, own);
  // An entry with no content says why, as the printed forms do (emptyEntry): 未填写 in a unit's own; at the bureau
  // 尚未报送 before the deadline, 未填报 of a unit that sent its file without the task, 未报送 only of one that sent nothing.
  const sentBy = new Map(periods.map((p) => [p.id, new Set(ctx.store.submissions.forPeriod(p.id, countedSources(ctx.role)).map((s) => s.unit))]));
  let r = 4;
  let cut = false;
  for (const e of entries) {
    const rep = e.report;
    const empty = emptyEntry(own ? 'own' : sentBy.get(e.period.id)?.has(e.unit) ? 'sent' : 'not sent', ctx.periodView(e.period).daysLeft >= 0);
    bodyCell(ws, r, 1, r - 3, true);
    bodyCell(ws, r, 2, xmlSafe(e.taskTitle));
    bodyCell(ws, r, 3, xmlSafe(e.unitName));
    bodyCell(ws, r, 4, e.role, true);
    bodyCell(ws, r, 5, e.period.label, true);
    // Typed in at the bureau and not registered as received: shown, marked (counted nowhere), as on the printed forms.
    const unregistered = rep && !own && !sentBy.get(e.period.id)?.has(e.unit);
    bodyCell(ws, r, 6, rep ? `${rep.status}${unregistered ? `（${UNREGISTERED}）` : ''}` : empty.text, true);
    bodyCell(ws, r, 7, rep?.percent ?? null, true);
    bodyCell(ws, r, 8, xmlSafe(rep?.progress ?? ''));
    bodyCell(ws, r, 9, xmlSafe(rep?.problems ?? ''));
    bodyCell(ws, r, 10, xmlSafe(rep?.next ?? ''));
    bodyCell(ws, r, 11, rep ? xmlSafe(e.indicators.map((i) => `${i.name}：${indicatorText(rep.indicators[i.id], i.unit)}`).join('\n')) : '');
    const ev = rep?.evidence ?? [];
    const names = ev.slice(0, EVIDENCE_NAMES).map((x) => x.name).join('、');
    bodyCell(ws, r, 12, ev.length ? xmlSafe(`${ev.length} 个：${names}${ev.length > EVIDENCE_NAMES ? ` 等（全部见佐证材料包的目录）` : ''}`) : '');
    bodyCell(ws, r, 13, xmlSafe(rep?.filledBy ?? ''));
    bodyCell(ws, r, 14, xmlSafe(rep?.phone ?? ''), true);
    bodyCell(ws, r, 15, rep ? formatChineseDateTime(rep.updatedAt) : '', true);
    // Every row as tall as its texts, an empty one too (its task and unit names wrap in their narrow columns).
    if (!fitRow(ws, r, [2, 3, 5, 8, 9, 10, 11, 12, 15].map((col) => ({ col, text: String(ws.getCell(r, col).value ?? '') })))) cut = true;
    r++;
  }
  ws.autoFilter = { from: { row: 3, column: 1 }, to: { row: Math.max(3, r - 1), column: heads.length } };
  if (r === 4) {
    ws.mergeCells(r, 1, r, heads.length);
    ws.getCell(r, 1).value = '没有应填报的任务';
    r++;
  }
  if (cut) noteRow(ws, r + 1, heads.length, CUT_NOTE, { name: FONT_BODY, size: 10.5, color: { argb: 'FFC00000' } });
  printSetup(ws, 3);

  const sub = wb.addWorksheet('报送台账');
  // Units that report now, and any other the ledger lists (deactivated since, yet it holds their reports); the periods
  // asked of the units (one only held, before the 起报周期 or of a kind given up, is nobody's to have sent).
  const grid = yearGrid(ctx, year, { periods, own, listed: new Set(entries.map((e) => e.unit)) });
  const sh = ['单位', '类型', ...grid.periods.map((p) => p.label)];
  titleRow(sub, 1, sh.length, `各单位报送台账（${year}年）`, 16);
  headerRow(sub, 2, sh, [14, 7, ...grid.periods.map(() => 13)]);
  grid.units.forEach((u, i) => {
    bodyCell(sub, i + 3, 1, `${u.unitName}${u.active ? '' : STOPPED_MARK}`);
    // A long unit name (市生态环境局济阳分局) wraps: the row as tall as it (a program does not grow a row written with text).
    fitRow(sub, i + 3, [{ col: 1, text: `${u.unitName}${u.active ? '' : STOPPED_MARK}` }, ...u.cells.map((c, j) => ({ col: j + 3, text: submissionCellText(c) }))]);
    bodyCell(sub, i + 3, 2, u.kind === 'town' ? '镇街' : '区直部门', true);
    // A standing return or approval is said even where nothing is held here (a unit's new computer, told by its set-up file).
    u.cells.forEach((c, j) => bodyCell(sub, i + 3, j + 3, submissionCellText(c), true));
  });
  // Each period's reporting rate under the units, as the screen's grid has it (not for a unit's own: one row).
  if (!own) {
    const at = grid.units.length + 3;
    bodyCell(sub, at, 1, '报送率（按时率）');
    sub.mergeCells(at, 1, at, 2);
    grid.periods.forEach((p, j) => bodyCell(sub, at, j + 3, reportingRateText(p), true));
  }
  printSetup(sub, 2, grid.periods.length > 4);

  // 督办台账: the bureau's notices of the year's periods, or issued in the year, with where each stands.
  if (!own) {
    const ids = new Set(periods.map((p) => p.id));
    const today = ctx.today();
    const notices = ctx.store.notices
      .list()
      .filter((n) => ids.has(n.period) || n.year === year)
      .map((n) => noticeView(ctx, n, today));
    const sup = wb.addWorksheet('督办台账');
    const nh = ['文号', '报送周期', '责任单位', '督办事项', '存在问题', '督办要求', '签发日期', '办理时限', '反馈情况', '现状'];
    titleRow(sup, 1, nh.length, `督办台账（${year}年）`, 16);
    headerRow(sup, 2, nh, [21, 14, 12, 24, 24, 22, 14, 14, 16, 12]);
    let long = false;
    notices.forEach((n, i) => {
      const r = i + 3;
      const answer =
        n.state === 'answered'
          ? `已反馈（${formatChineseDate(n.answeredOn as string)}）${n.answerNote ? `：${n.answerNote}` : ''}`
          : n.state === 'voided'
            ? `已作废（${formatChineseDate(n.voidedOn as string)}）：${n.voidReason}`
            : NOTICE_STATE_LABELS[n.state];
      const cells: (string | null)[] = [n.number, n.periodLabel, n.unitName, n.matter, n.problems, n.demand, formatChineseDate(n.issuedOn), formatChineseDate(n.dueOn), answer, n.state === 'voided' ? '' : noticeNowText(n)];
      cells.forEach((v, c) => bodyCell(sup, r, c + 1, xmlSafe(v ?? ''), c === 0 || c === 1 || c === 6 || c === 7));
      if (!fitRow(sup, r, [3, 4, 5, 6, 9, 10].map((col) => ({ col, text: String(sup.getCell(r, col).value ?? '') })))) long = true;
    });
    if (long) noteRow(sup, notices.length + 4, nh.length, CUT_NOTE.replace('单位填报表', '督办单'), { name: FONT_BODY, size: 10.5, color: { argb: 'FFC00000' } });
    if (notices.length === 0) {
      sup.mergeCells(3, 1, 3, nh.length);
      sup.getCell(3, 1).value = `${year}年没有签发督办单`;
    }
    printSetup(sup, 2, true);
  }

  const data = finishPackage(new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer));
  return {
    fileName: safeFileName(`${ownName ?? '济阳区'}生态文明建设工作台账-${year}年.xlsx`),
    data,
    sha256: sha256(data),
    ...(cut ? { warnings: ['个别文字过长，超出 Excel 单元格能显示的高度，台账中显示不全（表末已注明）；完整内容见系统中的填报内容或打印的单位填报表'] } : {}),
  };
}

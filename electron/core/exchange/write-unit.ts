/** Writes a unit workbook (or its hand-fill template) with ExcelJS: styled, validated, protected. */
import ExcelJS from 'exceljs';
import type { Indicator } from '../../../shared/catalog/types';
import { formatChineseDate } from '../../../shared/period';
import { STATUSES } from '../../../shared/report';
import type { WorkbookContent } from './content';
import { cellText as xmlSafe, finishPackage, STORED_PACKAGE } from './excel-text';
import {
  COVER_LABELS,
  EVIDENCE_HEADERS,
  INDICATOR_HEADERS,
  MACHINE_KEYS,
  PROGRESS_HEADERS,
  SHEETS,
  UNIT_FORMAT,
  UNIT_FORMAT_VERSION,
  type MachineKey,
  type WorkbookKind,
} from './format';
import { BORDER, bodyCell, FONT_BODY, headerRow, printSetup, protect, titleRow, unlock } from './style';

export interface UnitWorkbookTask {
  no: number;
  categoryText: string;
  title: string;
  role: 'lead' | 'support';
  indicators: Indicator[];
}

export interface UnitWorkbookData {
  kind: WorkbookKind;
  uuid: string;
  revision: number;
  exportedAt: string;
  appVersion: string;
  catalogVersion: string;
  planTitle: string;
  unitName: string;
  periodLabel: string;
  tasks: UnitWorkbookTask[];
  /** For a template: every entry empty. */
  content: WorkbookContent;
  contentHash: string;
  targetText: (ind: Indicator) => string;
}

const INSTRUCTIONS = [
  '1. 只在浅黄色单元格中填写：封面的填报人、联系电话；“工作进展”表的状态、完成比例、工作进展、存在问题、下步计划；“指标”表的本期数值。',
  '2. 状态从下拉列表中选择：' + STATUSES.join('、') + '。状态为“进度滞后”时必须填写“存在问题”。',
  '3. 完成比例填 0–100 的整数，可以不填；“是/否”类指标填“是”或“否”。',
  '4. 请勿修改序号、任务名称、工作表名称，请勿删除隐藏的“机读信息”表，否则区局无法导入。',
  '5. 可用 Excel、WPS 或 LibreOffice 填写，保存为 .xlsx 后报送；有佐证材料时，请与本工作簿一起打包报送。',
];

function cover(wb: ExcelJS.Workbook, d: UnitWorkbookData): void {
  const ws = wb.addWorksheet(SHEETS.cover, { properties: { tabColor: { argb: 'FF2F5597' } } });
  ws.getColumn(1).width = 16;
  ws.getColumn(2).width = 70;
  titleRow(ws, 1, 2, d.planTitle, 16);
  titleRow(ws, 2, 2, `重点任务进展情况报送表（${d.periodLabel}）`, 14);
  const rows: [string, string | number, boolean][] = [
    [COVER_LABELS.unit, d.unitName, false],
    [COVER_LABELS.period, d.periodLabel, false],
    [COVER_LABELS.filledBy, xmlSafe(d.content.filledBy), true],
    [COVER_LABELS.phone, xmlSafe(d.content.phone), true],
    [COVER_LABELS.exportedAt, d.kind === 'template' ? '（手工填写模板）' : `${formatChineseDate(d.exportedAt)} ${d.exportedAt.slice(11, 16)}（UTC）`, false],
    [COVER_LABELS.revision, d.kind === 'template' ? '模板' : d.revision, false],
  ];
  rows.forEach(([label, value, entry], i) => {
    const r = i + 4;
    bodyCell(ws, r, 1, label, true, { label: true });
    const v = bodyCell(ws, r, 2, value === '' ? null : value);
    if (entry) unlock(v);
    ws.getRow(r).height = 22;
  });
  const noteRow = rows.length + 5;
  ws.mergeCells(noteRow, 1, noteRow, 2);
  const c = ws.getCell(noteRow, 1);
  c.value = `填写说明：\n${INSTRUCTIONS.join('\n')}`;
  c.font = { name: FONT_BODY, size: 10.5 };
  c.alignment = { wrapText: true, vertical: 'top' };
  ws.getRow(noteRow).height = 130;
  ws.pageSetup = { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
}

function progress(wb: ExcelJS.Workbook, d: UnitWorkbookData): void {
  const ws = wb.addWorksheet(SHEETS.progress);
  const headers = Object.values(PROGRESS_HEADERS);
  const widths = [6, 14, 28, 9, 11, 10, 42, 30, 30];
  titleRow(ws, 1, headers.length, `重点任务进展情况表（${d.periodLabel}）`);
  titleRow(ws, 2, headers.length, `填报单位：${d.unitName}`, 11);
  ws.getCell(2, 1).alignment = { horizontal: 'left', vertical: 'middle' };
  headerRow(ws, 3, headers, widths);
  const byTask = new Map(d.content.tasks.map((t) => [t.task, t]));
  d.tasks.forEach((t, i) => {
    const r = i + 4;
    const e = byTask.get(t.no);
    bodyCell(ws, r, 1, t.no, true);
    bodyCell(ws, r, 2, t.categoryText);
    bodyCell(ws, r, 3, t.title);
    bodyCell(ws, r, 4, t.role === 'lead' ? '牵头' : '配合', true);
    const status = bodyCell(ws, r, 5, e?.status ?? null, true);
    status.dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [`"${STATUSES.join(',')}"`],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: '状态',
      error: `请从列表中选择：${STATUSES.join('、')}`,
    };
    const pct = bodyCell(ws, r, 6, e?.percent ?? null, true);
    pct.dataValidation = {
      type: 'whole',
      operator: 'between',
      allowBlank: true,
      formulae: [0, 100],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: '完成比例',
      error: '完成比例应为 0–100 的整数',
    };
    const texts = [e?.progress ?? '', e?.problems ?? '', e?.next ?? ''];
    texts.forEach((s, k) => bodyCell(ws, r, 7 + k, s === '' ? null : xmlSafe(s)));
    for (let col = 5; col <= 9; col++) unlock(ws.getCell(r, col));
  });
  printSetup(ws, 3);
}

function indicatorInput(ind: Indicator): string {
  if (ind.comparator === 'yes') return '填“是”或“否”';
  return ind.unit === '%' ? '填数字（百分比，0–100）' : '填数字';
}

function indicators(wb: ExcelJS.Workbook, d: UnitWorkbookData): void {
  const ws = wb.addWorksheet(SHEETS.indicators);
  const headers = Object.values(INDICATOR_HEADERS);
  titleRow(ws, 1, headers.length, `指标完成情况（${d.periodLabel}）`);
  titleRow(ws, 2, headers.length, `填报单位：${d.unitName}`, 11);
  ws.getCell(2, 1).alignment = { horizontal: 'left', vertical: 'middle' };
  headerRow(ws, 3, headers, [9, 8, 40, 8, 22, 14, 26]);
  let r = 4;
  for (const t of d.tasks) {
    for (const ind of t.indicators) {
      bodyCell(ws, r, 1, t.no, true);
      bodyCell(ws, r, 2, ind.id, true);
      bodyCell(ws, r, 3, ind.name);
      bodyCell(ws, r, 4, ind.unit, true);
      bodyCell(ws, r, 5, d.targetText(ind), true);
      const v = d.content.indicators[ind.id];
      const cell = bodyCell(ws, r, 6, v === undefined || v === null ? null : typeof v === 'boolean' ? (v ? '是' : '否') : v, true);
      cell.dataValidation =
        ind.comparator === 'yes'
          ? { type: 'list', allowBlank: true, formulae: ['"是,否"'], showErrorMessage: true, errorTitle: '本期数值', error: '请填“是”或“否”' }
          : {
              type: 'decimal',
              operator: 'between',
              allowBlank: true,
              formulae: [0, ind.unit === '%' ? 100 : 1_000_000],
              showErrorMessage: true,
              errorTitle: '本期数值',
              error: ind.unit === '%' ? '请填 0–100 之间的数字' : '请填不小于 0 的数字',
            };
      unlock(cell);
      bodyCell(ws, r, 7, indicatorInput(ind));
      r++;
    }
  }
  printSetup(ws, 3);
}

function evidence(wb: ExcelJS.Workbook, d: UnitWorkbookData): void {
  const ws = wb.addWorksheet(SHEETS.evidence);
  const headers = Object.values(EVIDENCE_HEADERS);
  titleRow(ws, 1, headers.length, `佐证材料清单（${d.periodLabel}）`);
  headerRow(ws, 2, headers, [9, 50, 14, 70]);
  d.content.evidence.forEach((e, i) => {
    bodyCell(ws, i + 3, 1, e.task, true);
    bodyCell(ws, i + 3, 2, xmlSafe(e.name));
    bodyCell(ws, i + 3, 3, e.size, true);
    bodyCell(ws, i + 3, 4, e.hash);
  });
  printSetup(ws, 2);
}

function machine(wb: ExcelJS.Workbook, d: UnitWorkbookData): void {
  const ws = wb.addWorksheet(SHEETS.machine, { state: 'hidden' });
  const values: Record<MachineKey, string | number> = {
    format: UNIT_FORMAT,
    format_version: UNIT_FORMAT_VERSION,
    kind: d.kind,
    workbook_uuid: d.uuid,
    unit_code: d.content.unit,
    unit_name: d.unitName,
    period: d.content.period,
    revision: d.revision,
    catalog_version: d.catalogVersion,
    content_hash: d.contentHash,
    exported_at: d.exportedAt,
    app_version: d.appVersion,
  };
  ws.getColumn(1).width = 18;
  ws.getColumn(2).width = 70;
  MACHINE_KEYS.forEach((k, i) => {
    ws.getCell(i + 1, 1).value = k;
    // Kept as text so no program turns a code or hash into a number.
    ws.getCell(i + 1, 2).value = String(values[k]);
    ws.getCell(i + 1, 2).border = BORDER;
  });
}

/** The workbook's bytes. Export time doubles as the package's modified time, so a re-save shows. */
export async function writeUnitWorkbook(d: UnitWorkbookData): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '生态文明建设任务进度填报系统';
  wb.lastModifiedBy = '生态文明建设任务进度填报系统';
  wb.created = new Date(d.exportedAt);
  wb.modified = new Date(d.exportedAt);
  cover(wb, d);
  progress(wb, d);
  indicators(wb, d);
  evidence(wb, d);
  machine(wb, d);
  for (const ws of wb.worksheets) if (ws.name !== SHEETS.machine) await protect(ws);
  const buf = await wb.xlsx.writeBuffer(STORED_PACKAGE);
  return stampApplication(new Uint8Array(buf as ArrayBuffer), new Date(d.exportedAt));
}

/** docProps/app.xml names this app; Excel, WPS and LibreOffice put their own name there when they save. */
export const WRITER_APPLICATION = '生态文明建设任务进度填报系统';

function stampApplication(xlsx: Uint8Array, mtime: Date): Buffer {
  return finishPackage(xlsx, {
    mtime,
    replace: {
      'docProps/app.xml':
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" ' +
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">' +
        `<Application>${WRITER_APPLICATION}</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop></Properties>`,
    },
  });
}

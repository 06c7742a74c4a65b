/** Writes a unit workbook (or its hand-fill template): styled, validated, protected (see xlsx-writer.ts). */
import type { Catalog, Indicator, Task } from '../../../shared/catalog/types';
import { formatChineseDate, formatChineseDateTime } from '../../../shared/period';
import { STATUSES } from '../../../shared/report';
import { machineSeal, partHashes, writeParts, type WorkbookContent } from './content';
import {
  COVER_LABELS,
  EVIDENCE_HEADERS,
  evidenceNote,
  INDICATOR_HEADERS,
  indicatorInput,
  MACHINE_KEYS,
  PROGRESS_HEADERS,
  SHEETS,
  SIGN_OFF,
  UNIT_FORMAT,
  UNIT_FORMAT_VERSION,
  WRITER_APPLICATION,
  type MachineKey,
  type WorkbookKind,
} from './format';
import { cellCapacity, ENTRY_ARGB, FONT_BODY, FONT_HEAD, HEADER_ARGB, headerHeight, rowHeight } from './style';
import { columnName, XlsxBook, type Cell, type StyleSpec, type Validation, type XlsxSheet } from './xlsx-writer';

export interface UnitWorkbookTask {
  no: number;
  categoryText: string;
  title: string;
  role: 'lead' | 'support';
  indicators: Indicator[];
}

/** A task as the workbook lists it: its category as （一）深入完善生态文明制度. */
export function workbookTask(catalog: Pick<Catalog, 'categories'>, task: Task, role: 'lead' | 'support'): UnitWorkbookTask {
  const cat = catalog.categories.find((c) => c.no === task.category);
  return { no: task.no, categoryText: cat ? `（${cat.numeral}）${cat.title}` : '', title: task.title, role, indicators: task.indicators };
}

export interface UnitWorkbookData {
  kind: WorkbookKind;
  uuid: string;
  revision: number;
  exportedAt: string;
  appVersion: string;
  /** The exporting database's id (its revisions count its own exports); none for a template. */
  databaseId?: string;
  catalogVersion: string;
  planTitle: string;
  unitName: string;
  periodLabel: string;
  /** The period's 截止日期 (YYYY-MM-DD) as the exporting database has it, shown on the cover. */
  deadline?: string;
  tasks: UnitWorkbookTask[];
  /** For a template: every entry empty. */
  content: WorkbookContent;
  contentHash: string;
  targetText: (ind: Indicator) => string;
}

function instructions(kind: WorkbookKind): string[] {
  return [
    '1. 只在浅黄色单元格中填写：封面的填报人、联系电话；“工作进展”表的状态、完成比例、工作进展、存在问题、下步计划；“指标”表的本期数值。',
    '2. 状态从下拉列表中选择：' + STATUSES.join('、') + '。状态为“进度滞后”时必须填写“存在问题”。',
    '3. 完成比例填 0–100 的整数，可以不填；“是/否”类指标填“是”或“否”。',
    '4. 请勿修改序号、任务名称、工作表名称，请勿删除隐藏的“机读信息”表，否则区局无法导入。',
    kind === 'template'
      ? '5. 可用 Excel、WPS 或 LibreOffice 填写，保存为 .xlsx 后报送。有佐证材料时，在“佐证材料”表中填写任务序号和文件名，把文件放入“佐证材料”文件夹，与本工作簿一起压缩为 .zip 报送。'
      : '5. 可用 Excel、WPS 或 LibreOffice 填写，保存为 .xlsx 后报送；佐证材料请在本系统中添加后重新导出（导出的 .zip 即报送包）。',
    `6. 一个单元格在屏幕上和打印时最多显示约 ${cellCapacity(PROGRESS_WIDTHS[6])} 字（工作进展）或约 ${cellCapacity(PROGRESS_WIDTHS[7])} 字（存在问题、下步计划），更长的内容仍完整保存（选中单元格可在编辑栏查看）；${kind === 'template' ? '请尽量精简。' : '完整打印请用本系统的“单位填报表”。'}`,
  ];
}

/** The style ids of one book, made once per workbook. */
function styles(book: XlsxBook) {
  const body = { name: FONT_BODY, size: 10.5 };
  const label = { name: FONT_HEAD, size: 11 };
  const cell = (center: boolean, font = body, entry = false, text = false): number => {
    const s: StyleSpec = { font, border: true, horizontal: center ? 'center' : 'left', vertical: 'top', wrap: true };
    return book.style(entry ? { ...s, fill: ENTRY_ARGB, unlocked: true, ...(text ? { text: true } : {}) } : s);
  };
  return {
    title16: book.style({ font: { name: FONT_HEAD, size: 16, bold: true }, horizontal: 'center', vertical: 'center', wrap: true }),
    title14: book.style({ font: { name: FONT_HEAD, size: 14 }, horizontal: 'center', vertical: 'center', wrap: true }),
    // Wrapped: a long one (the template's 佐证材料 instructions) was cut at the table's edge.
    subtitle: book.style({ font: label, horizontal: 'left', vertical: 'center', wrap: true }),
    header: book.style({ font: label, fill: HEADER_ARGB, border: true, horizontal: 'center', vertical: 'center', wrap: true }),
    text: cell(false),
    centre: cell(true),
    label: cell(true, label),
    /** Text typed in (the three texts, 填报人, 联系电话): in the Text format, kept as typed. */
    entry: cell(false, body, true, true),
    centreEntry: cell(true, body, true),
    note: book.style({ font: body, vertical: 'top', wrap: true }),
    /** One line across the page, not wrapped in its narrow first column. */
    signOff: book.style({ font: body, vertical: 'center' }),
    machine: book.style({ font: { name: '宋体', size: 11 }, border: true }),
  };
}
type Styles = ReturnType<typeof styles>;

const opt = (v: string | number | null | undefined): string | number | null => (v === undefined || v === '' ? null : v);

/** Title rows 1–2 merged across the table, then the header row. */
function ledgerHead(ws: XlsxSheet, st: Styles, title: string, subtitle: string | null, headers: readonly string[], widths: readonly number[]): number {
  const n = headers.length;
  const blank = (s: number): Cell[] => Array.from({ length: n - 1 }, () => [null, s] as const);
  ws.widths(widths);
  ws.row(1, [[title, st.title16], ...blank(st.title16)], 30);
  ws.merge(1, 1, 1, n);
  let r = 2;
  if (subtitle !== null) {
    ws.row(2, [[subtitle, st.subtitle], ...blank(st.subtitle)], rowHeight([{ text: subtitle, width: widths.reduce((a, b) => a + b, 0) }]).pt);
    ws.merge(2, 1, 2, n);
    r = 3;
  }
  ws.row(r, headers.map((h) => [h, st.header] as const), headerHeight(headers, widths));
  ws.freezeRows(r);
  ws.pageSetup({ landscape: true, titleRows: r, ledger: true });
  ws.protect();
  return r + 1;
}

function cover(book: XlsxBook, st: Styles, d: UnitWorkbookData): void {
  const ws = book.sheet(SHEETS.cover);
  ws.tabColor = 'FF2F5597';
  ws.widths([16, 70]);
  ws.row(1, [[d.planTitle, st.title16], [null, st.title16]], 30);
  ws.row(2, [[`重点任务进展情况报送表（${d.periodLabel}）`, st.title14], [null, st.title14]], 20);
  ws.merge(1, 1, 1, 2);
  ws.merge(2, 1, 2, 2);
  const rows: [string, string | number, boolean][] = [
    [COVER_LABELS.unit, d.unitName, false],
    [COVER_LABELS.period, d.periodLabel, false],
    [COVER_LABELS.filledBy, d.content.filledBy, true],
    [COVER_LABELS.phone, d.content.phone, true],
    [COVER_LABELS.exportedAt, d.kind === 'template' ? '（手工填写模板）' : formatChineseDateTime(d.exportedAt), false],
    [COVER_LABELS.revision, d.kind === 'template' ? '模板' : d.revision, false],
    // Last, so that the rows above stay where earlier files have them (填报人 in B6, 联系电话 in B7).
    ...(d.deadline ? [[COVER_LABELS.deadline, formatChineseDate(d.deadline), false] as [string, string, boolean]] : []),
  ];
  rows.forEach(([label, value, entry], i) => ws.row(i + 4, [[label, st.label], [opt(value), entry ? st.entry : st.text]], 22));
  const noteRow = rows.length + 5;
  const note = `填写说明：\n${instructions(d.kind).join('\n')}`;
  ws.row(noteRow, [[note, st.note], [null, st.note]], rowHeight([{ text: note, width: 16 + 70 }], 130).pt);
  ws.merge(noteRow, 1, noteRow, 2);
  // The ledger's margins and page-number footer: the cover is page 1 of the printed workbook.
  ws.pageSetup({ landscape: true, ledger: true });
  ws.protect();
}

const STATUS_RULE: Validation = {
  type: 'list',
  list: STATUSES,
  errorTitle: '状态',
  error: `请从列表中选择：${STATUSES.join('、')}`,
};
const PERCENT_RULE: Validation = { type: 'whole', operator: 'between', min: 0, max: 100, errorTitle: '完成比例', error: '完成比例应为 0–100 的整数' };
const YES_NO_RULE: Validation = { type: 'list', list: ['是', '否'], errorTitle: '本期数值', error: '请填“是”或“否”' };
const PERCENT_VALUE_RULE: Validation = { type: 'decimal', operator: 'between', min: 0, max: 100, errorTitle: '本期数值', error: '请填 0–100 之间的数字' };
const NUMBER_RULE: Validation = { type: 'decimal', operator: 'between', min: 0, max: 1_000_000, errorTitle: '本期数值', error: '请填不小于 0 的数字' };

/**
 * A row's height from its texts in these columns (spreadsheet programs do not
 * grow rows written with texts: a long 工作进展 showed one line), written as
 * fitted so that Excel fits it again when a cell is edited.
 */
function fitted(widths: readonly number[], texts: readonly [number, string | null | undefined][], min = 20): number {
  return rowHeight(texts.map(([col, text]) => ({ text: text ?? '', width: widths[col - 1] ?? 10 })), min).pt;
}

/*
 * Column widths: each table's sum stays under what prints at 9 pt on A4
 * landscape (`printScale`): 180 units printed the 10.5 pt texts at 6.4 pt.
 */
const PROGRESS_WIDTHS = [5, 10, 15, 6, 9, 7, 31, 19, 19] as const;
const INDICATOR_WIDTHS = [7, 7, 34, 8, 20, 12, 24] as const;
const EVIDENCE_WIDTHS = [7, 36, 11, 64] as const;
/** A hand-fill template's task rows: room to write a few lines by hand on the printed form. */
const TEMPLATE_ROW_PT = 48;
/** A hand-fill template's rows for listing evidence files. */
export const TEMPLATE_EVIDENCE_ROWS = 30;

/**
 * A header broken where a reader would break it: 牵头/配合 in its narrow column wrapped as 牵头/配 and 合. The import
 * reads headers without their spaces and line breaks, so the break changes nothing there.
 */
const headerLines = (h: string): string => (h === PROGRESS_HEADERS.role ? '牵头/\n配合' : h);

function progress(book: XlsxBook, st: Styles, d: UnitWorkbookData): void {
  const ws = book.sheet(SHEETS.progress);
  const first = ledgerHead(ws, st, `重点任务进展情况表（${d.periodLabel}）`, `填报单位（盖章）：${d.unitName}`, Object.values(PROGRESS_HEADERS).map(headerLines), PROGRESS_WIDTHS);
  const byTask = new Map(d.content.tasks.map((t) => [t.task, t]));
  d.tasks.forEach((t, i) => {
    const r = first + i;
    const e = byTask.get(t.no);
    const height = fitted(PROGRESS_WIDTHS, [[2, t.categoryText], [3, t.title], [7, e?.progress], [8, e?.problems], [9, e?.next]], d.kind === 'template' ? TEMPLATE_ROW_PT : 20);
    ws.row(r, [
      [t.no, st.centre],
      [opt(t.categoryText), st.text],
      [t.title, st.text],
      [t.role === 'lead' ? '牵头' : '配合', st.centre],
      [e?.status ?? null, st.centreEntry],
      [e?.percent ?? null, st.centreEntry],
      [opt(e?.progress), st.entry],
      [opt(e?.problems), st.entry],
      [opt(e?.next), st.entry],
    ], height, true);
    ws.validate(r, 5, STATUS_RULE);
    ws.validate(r, 6, PERCENT_RULE);
  });
  // 进度滞后 with 存在问题 left empty: the bureau's import refuses the whole file for it, so the cell says so as the
  // status is chosen (a unit filling the template by hand learns it then, not from the bureau's call).
  if (d.tasks.length > 0) {
    const [c5, c8] = [columnName(5), columnName(8)];
    ws.highlightWhen(`${c8}${first}:${c8}${first + d.tasks.length - 1}`, `AND(TRIM($${c5}${first})="进度滞后",LEN(TRIM($${c8}${first}))=0)`);
  }
  // Under the table, for the printed form: who filled it in and checked it, the head's signature, the seal.
  const signOff = first + d.tasks.length + 1;
  ws.row(signOff, [[SIGN_OFF, st.signOff]], 36);
  // Never printed alone on a page: it goes with the last task.
  if (d.tasks.length > 1) ws.keepTogether(signOff - 2, signOff);
}

function indicators(book: XlsxBook, st: Styles, d: UnitWorkbookData): void {
  const ws = book.sheet(SHEETS.indicators);
  let r = ledgerHead(ws, st, `指标完成情况（${d.periodLabel}）`, `填报单位：${d.unitName}`, Object.values(INDICATOR_HEADERS), INDICATOR_WIDTHS);
  for (const t of d.tasks) {
    for (const ind of t.indicators) {
      const v = d.content.indicators[ind.id];
      const value = v === undefined || v === null ? null : typeof v === 'boolean' ? (v ? '是' : '否') : v;
      const target = d.targetText(ind);
      const input = indicatorInput(ind);
      ws.row(r, [
        [t.no, st.centre],
        [ind.id, st.centre],
        [ind.name, st.text],
        [opt(ind.unit), st.centre],
        [opt(target), st.centre],
        [value, st.centreEntry],
        [input, st.text],
      ], fitted(INDICATOR_WIDTHS, [[3, ind.name], [5, target], [7, input]]), true);
      ws.validate(r, 6, ind.comparator === 'yes' ? YES_NO_RULE : ind.unit === '%' ? PERCENT_VALUE_RULE : NUMBER_RULE);
      r++;
    }
  }
}

function evidence(book: XlsxBook, st: Styles, d: UnitWorkbookData): void {
  const ws = book.sheet(SHEETS.evidence);
  const template = d.kind === 'template';
  const first = ledgerHead(
    ws,
    st,
    `佐证材料清单（${d.periodLabel}）`,
    `填报单位：${d.unitName}。${evidenceNote(d.kind, d.content.evidence.length)}`,
    Object.values(EVIDENCE_HEADERS),
    EVIDENCE_WIDTHS,
  );
  if (template) {
    // Entry rows for the unit without the app: its files are found in the bundle by these names on import.
    const rule: Validation = { type: 'list', list: d.tasks.map((t) => String(t.no)), errorTitle: '任务序号', error: `请填本单位的任务序号：${d.tasks.map((t) => t.no).join('、')}` };
    for (let i = 0; i < TEMPLATE_EVIDENCE_ROWS; i++) {
      ws.row(first + i, [[null, st.centreEntry], [null, st.entry], [null, st.centre], [null, st.text]], 20);
      ws.validate(first + i, 1, rule);
    }
    return;
  }
  d.content.evidence.forEach((e, i) =>
    ws.row(
      first + i,
      [
        [e.task, st.centre],
        [e.name, st.text],
        [e.size, st.centre],
        [e.hash, st.text],
      ],
      fitted(EVIDENCE_WIDTHS, [[2, e.name], [4, e.hash]]),
      true,
    ),
  );
}

function machine(book: XlsxBook, st: Styles, d: UnitWorkbookData): void {
  // Inline strings: an import reads a file's unit and period from this sheet
  // alone, before anything else, without inflating the shared strings.
  const ws = book.sheet(SHEETS.machine, { hidden: true, inlineStrings: true });
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
    database_id: d.databaseId ?? '',
    part_hashes: writeParts(partHashes(d.content)),
    machine_hash: '',
  };
  values.machine_hash = machineSeal(MACHINE_KEYS.map((k) => [k, String(values[k])]));
  ws.widths([18, 70]);
  // Values kept as text so no program turns a code or hash into a number.
  MACHINE_KEYS.forEach((k, i) => ws.row(i + 1, [[k, 0], [String(values[k]), st.machine]]));
}

/** The workbook's bytes. Export time doubles as the package's modified time, so a re-save shows. */
export function writeUnitWorkbook(d: UnitWorkbookData): Buffer {
  const book = new XlsxBook();
  const st = styles(book);
  cover(book, st, d);
  progress(book, st, d);
  indicators(book, st, d);
  evidence(book, st, d);
  machine(book, st, d);
  return book.toBuffer({ creator: WRITER_APPLICATION, application: WRITER_APPLICATION, time: new Date(d.exportedAt) });
}

export { WRITER_APPLICATION };

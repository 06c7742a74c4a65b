/**
 * The unit workbook format (docs/exchange-format.md): sheet names, column
 * headers and the keys of the hidden machine sheet. Readers find columns by
 * these header texts, never by position.
 */
import { MACHINE_SHEET } from '../../../shared/errors';
import { sheetKey } from './fast-xlsx.mjs';

/** Raised when the layout or the meaning of a field changes; readers refuse newer versions. */
/** docProps/app.xml names this app; Excel, WPS and LibreOffice put their own name there when they save. */
export const WRITER_APPLICATION = '生态文明建设任务进度填报系统';

export const UNIT_FORMAT = 'eco-progress-unit';
export const UNIT_FORMAT_VERSION = 1;
export const SETUP_FORMAT = 'eco-progress-setup';
export const SETUP_FORMAT_VERSION = 1;

export const SHEETS = {
  cover: '封面',
  progress: '工作进展',
  indicators: '指标',
  evidence: '佐证材料',
  machine: MACHINE_SHEET,
} as const;

/** Progress sheet columns, in the order written. */
export const PROGRESS_HEADERS = {
  no: '序号',
  category: '类别',
  title: '重点任务',
  role: '牵头/配合',
  status: '状态',
  percent: '完成比例（%）',
  progress: '工作进展',
  problems: '存在问题',
  next: '下步计划',
} as const;

/** What the 说明 column of the indicator sheet says (written so; anything else there was typed by hand). */
export function indicatorInput(ind: { comparator: string; unit: string }): string {
  if (ind.comparator === 'yes') return '填“是”或“否”';
  return ind.unit === '%' ? '填数字（百分比，0–100）' : '填数字';
}

export const INDICATOR_HEADERS = {
  task: '任务序号',
  id: '编号',
  name: '指标',
  unit: '单位',
  target: '目标',
  value: '本期数值',
  note: '说明',
} as const;

/**
 * Headers retyped as people write them in their own forms (工作进展情况, 存在的问题, 下步工作计划): read as the header
 * they mean, in the column where they were written. Two columns meaning one header are refused as any two are.
 */
export const HEADER_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  [PROGRESS_HEADERS.status]: ['进展状态', '完成状态', '推进状态'],
  [PROGRESS_HEADERS.percent]: ['完成进度（%）', '完成率（%）', '完成百分比'],
  [PROGRESS_HEADERS.progress]: ['工作进展情况', '进展情况', '工作进度', '工作推进情况'],
  [PROGRESS_HEADERS.problems]: ['存在的问题', '存在问题及困难', '存在的问题和困难', '问题及困难', '困难和问题'],
  [PROGRESS_HEADERS.next]: ['下步工作计划', '下一步计划', '下一步工作计划', '下步打算', '下一步打算', '下步工作打算', '下一步工作打算'],
  [INDICATOR_HEADERS.value]: ['本期值', '本期完成值', '本期完成情况'],
};

export const EVIDENCE_HEADERS = {
  task: '任务序号',
  name: '文件名',
  size: '大小（字节）',
  hash: 'SHA-256',
} as const;

/** What the evidence sheet says under its title after 填报单位：name。, by kind of workbook and the files it lists. */
export function evidenceNote(kind: WorkbookKind, files: number): string {
  if (kind === 'template') return '有佐证材料时，请逐个填写任务序号和文件名（含扩展名），把这些文件放入名为“佐证材料”的文件夹，与本工作簿一起压缩为 .zip 报送；大小和 SHA-256 不用填。';
  // A page printed with the header alone read as a list left blank.
  return files === 0 ? '本期未附佐证材料。' : `共 ${files} 项，文件随本工作簿一并报送（.zip 报送包的“佐证材料”文件夹）。`;
}

/** Whether text is a note evidenceNote writes (any count of files), as a spreadsheet may give it back (NFKC: full-width brackets and colons as typed). */
export function isEvidenceNote(text: string): boolean {
  const t = text.normalize('NFKC').trim().replace(/^共 ?\d+ ?项/, '共 1 项');
  return [evidenceNote('template', 0), evidenceNote('unit', 0), evidenceNote('unit', 1)].some((n) => n.normalize('NFKC') === t);
}

/** Cover labels; the value sits in the next non-empty cell to the right. */
export const COVER_LABELS = {
  unit: '单位',
  period: '报送周期',
  filledBy: '填报人',
  phone: '联系电话',
  exportedAt: '导出时间',
  revision: '版本号',
  /** Shown only (the last row, after what the import reads). */
  deadline: '报送截止日期',
} as const;

/** Keys of the machine sheet: column A key, column B value. */
export const MACHINE_KEYS = [
  'format',
  'format_version',
  'kind',
  'workbook_uuid',
  'unit_code',
  'unit_name',
  'period',
  'revision',
  'catalog_version',
  'content_hash',
  'exported_at',
  'app_version',
  'database_id',
  // Since app 2026-12 (format version 1 still: earlier readers pass over keys they do not know; files without them
  // are read as before): the hash of each part of the content, and a seal over every other key.
  'part_hashes',
  'machine_hash',
] as const;
export type MachineKey = (typeof MACHINE_KEYS)[number];

export type WorkbookKind = 'unit' | 'template';

/** Folder inside a bundle .zip holding the evidence files (the app's side says it as BUNDLE_EVIDENCE_FOLDER; this module stays free of the API's schemas, for the parser worker). */
export const EVIDENCE_FOLDER = '佐证材料';

/** Header text as compared: no spaces, half-width brackets, no unit suffix such as （%）; a sheet's name is compared so too. */
export const normalizeHeader = (raw: string): string => sheetKey(raw);

/** meta key (a unit's database): period → the highest revision of its submission the bureau held, as its last set-up file said. */
export const HELD_REVISIONS = 'bureau_held_revisions';

/**
 * meta key: the database's own id, written into the workbooks it exports:
 * revision numbers count one database's exports, so the bureau compares them
 * only between files of the same database (a unit's new computer, or a
 * restored backup, has another). Stored with the first export's record
 * (export-unit.ts); a restore gives the restored copy a new one (backup.ts).
 */
export const DATABASE_ID = 'database_id';

/**
 * The sign-off line under the 工作进展 table (填报人, 审核人, 单位负责人（签字）,
 * the seal and the date, as forms that go up the line have it): for the
 * printed workbook; the import passes over a row that begins so.
 */
export const SIGN_OFF = '填报人：　　　　　　联系电话：　　　　　　审核人：　　　　　　单位负责人（签字）：　　　　　　（单位盖章）　　　　年　　月　　日';
export const isSignOff = (text: string): boolean => /^填报人[:：]/.test(text.trim()) && text.includes('单位负责人');

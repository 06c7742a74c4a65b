/** Calls of the Excel exchange: unit workbooks out, the bureau's bulk import in, set-up and templates. */
import { z } from 'zod';
import type { Unit } from '../catalog/types';
import type { ErrorDetail } from '../errors';
export { MACHINE_SHEET, problemText } from '../errors';
import { isPeriodId, parsePeriod, type PeriodKind } from '../period';
import { base64Data, call } from './contract';

const unitRef = z.string({ error: '请指定单位' }).trim().min(1, { error: '请指定单位' }).max(100);
const periodRef = z.string({ error: '请指定报送周期' }).trim().min(1, { error: '请指定报送周期' }).max(20);

/** A file crossing the API: its name as the user knows it, and its bytes. */
export const fileBlobSchema = z.strictObject({
  name: z.string().min(1, { error: '缺少文件名' }).max(1000),
  dataBase64: base64Data(200 * 1024 * 1024, '文件过大'),
});
export type FileBlob = z.infer<typeof fileBlobSchema>;

const unitCode = z.string({ error: '请指定单位' }).trim().min(1, { error: '请指定单位' }).max(40, { error: '单位代码过长' });
/** 修订任务清单: the tasks whose responsible units change, and the numeric targets that change. */
const revisionInput = z.strictObject({
  tasks: z
    .array(
      z.strictObject({
        no: z.number({ error: '任务序号应为数字' }).int({ error: '任务序号应为整数' }).min(1, { error: '任务序号从 1 开始' }).max(999),
        lead: unitCode,
        support: z
          .array(unitCode)
          .max(100, { error: '配合单位过多' })
          .refine((codes) => new Set(codes).size === codes.length, { error: '配合单位中有重复的单位' }),
        allTowns: z.boolean({ error: '请说明是否由各镇（街道）配合' }),
      }),
    )
    .max(999)
    .optional(),
  indicators: z
    .array(
      z.strictObject({
        id: z.string().regex(/^\d+\.\d+$/, { error: '指标编号格式应为 10.1' }),
        target: z.number({ error: '目标值应为数字' }).min(0, { error: '目标值不能小于 0' }).max(100000, { error: '目标值不能超过 100000' }),
      }),
    )
    .max(999)
    .optional(),
  /** A task's title reworded (the same task: its reports stay with it). */
  titles: z
    .array(z.strictObject({ no: z.number().int().min(1).max(999), title: z.string({ error: '请填写任务名称' }).trim().min(1, { error: '任务名称不能为空' }).max(200, { error: '任务名称不能超过 200 字' }) }))
    .max(999)
    .optional(),
  /** Indicators left out of the plan (their values are kept, no longer shown). */
  dropIndicators: z.array(z.string().regex(/^\d+\.\d+$/, { error: '指标编号格式应为 10.1' })).max(999).optional(),
  /** Indicators added to a task: numbered after every number the task's indicators had in any plan held (never one reused). */
  addIndicators: z
    .array(
      z.strictObject({
        task: z.number().int().min(1).max(999),
        name: z.string({ error: '请填写指标名称' }).trim().min(1, { error: '指标名称不能为空' }).max(100, { error: '指标名称不能超过 100 字' }),
        comparator: z.enum(['>=', '<=', '=', 'yes', 'not_lower', 'meets_assigned'], { error: '请选择指标的考核方式' }),
        target: z.number({ error: '目标值应为数字' }).min(0, { error: '目标值不能小于 0' }).max(100000, { error: '目标值不能超过 100000' }).nullable(),
        unit: z.enum(['%', ''], { error: '计量单位应为 % 或无' }),
      }),
    )
    .max(99)
    .optional(),
  /** Tasks left out of the plan (their reports are kept, no longer shown, counted or exported; the number never given again). */
  dropTasks: z.array(z.number({ error: '任务序号应为数字' }).int({ error: '任务序号应为整数' }).min(1, { error: '任务序号从 1 开始' }).max(999)).max(999).optional(),
  /** Tasks added: numbered after every task number any plan held had (never one reused). */
  addTasks: z
    .array(
      z.strictObject({
        category: z.number().int().min(1).max(99),
        title: z.string({ error: '请填写任务名称' }).trim().min(1, { error: '任务名称不能为空' }).max(200, { error: '任务名称不能超过 200 字' }),
        lead: unitCode,
        support: z.array(unitCode).max(100, { error: '配合单位过多' }).refine((codes) => new Set(codes).size === codes.length, { error: '配合单位中有重复的单位' }),
        allTowns: z.boolean(),
      }),
    )
    .max(99)
    .optional(),
});

const originalInput = z.strictObject({
  sha256: z.string({ error: '请指定文件的 SHA-256 摘要' }).trim().toLowerCase().regex(/^[0-9a-f]{64}$/, { error: 'SHA-256 摘要应为 64 位十六进制数字' }),
  name: z.string().max(1000).optional(),
});

const packageInput = z
  .strictObject({
    period: periodRef.optional(),
    year: z.number({ error: '年份应为数字，如 2021' }).int({ error: '年份应为整数，如 2021' }).min(2000, { error: '年份应在 2000–2100 之间' }).max(2100, { error: '年份应在 2000–2100 之间' }).optional(),
  })
  .refine((i) => (i.period === undefined) !== (i.year === undefined), { error: '请指定一个报送周期（period）或一个年份（year），二者选一' });

/** A file the core made, for the host to save or download. */
export interface ExportedFile {
  fileName: string;
  dataBase64: string;
  bytes: number;
  sha256: string;
  /** Unit workbooks: the revision this export carries. */
  revision?: number;
  /** What the person saving it should know (files left out, and why). */
  warnings?: string[];
  /**
   * Made on disk by the core, not carried here (`dataBase64` is empty): the
   * host saves it from there (exchange.readPrepared in pieces, or the desktop
   * shell copying it), then it goes (exchange.discardPrepared).
   */
  prepared?: string;
}

/** Names of files an import takes as workbooks (and `.zip` as containers); in a folder, other files are passed over. */
export const WORKBOOK_EXTENSIONS: readonly string[] = ['.xlsx', '.xls', '.ods', '.xlsm', '.xlsb', '.et', '.csv'];
export const isImportableName = (name: string): boolean => {
  const dot = name.lastIndexOf('.');
  const ext = dot >= 0 ? name.slice(dot).toLowerCase() : '';
  return ext === '.zip' || WORKBOOK_EXTENSIONS.includes(ext);
};

/** Office lock files, macOS resource forks, hidden files, Windows' thumbnails: never a file anyone sent. */
export const isJunkName = (path: string): boolean => {
  const b = path.split(/[\\/]/).pop() ?? path;
  return b.startsWith('~$') || b.startsWith('.') || /(^|[\\/])__MACOSX[\\/]/.test(path) || b === 'Thumbs.db' || b === 'desktop.ini';
};

/** The most a unit's bundle (its .zip, or the files of a bundle unzipped) may hold: the import's default cap. */
export const BUNDLE_MAX_BYTES = 1024 * 1024 * 1024;

/** The folder of a unit's bundle that holds its evidence files (in the .zip, and in a folder it was unzipped into). */
export const BUNDLE_EVIDENCE_FOLDER = '佐证材料';
/** A file of an unzipped bundle's evidence folder, by its path in a picked folder (`收件/新市镇/佐证材料/照片.jpg`). */
export const inBundleEvidence = (relativePath: string): boolean => relativePath.split(/[\\/]/).slice(1, -1).includes(BUNDLE_EVIDENCE_FOLDER);

/**
 * Bundles unzipped into folders (Windows' 全部解压缩 before a bundle is
 * passed on): a folder holding one workbook and a 佐证材料 folder. By the
 * files' names (paths on disk, or the relative paths of a folder picked in
 * the app): each such workbook's evidence files, and every file so taken.
 * The same rule for the app (what to send) and the core (what to take).
 */
export function unzippedBundles(files: readonly string[]): { evidence: Map<string, string[]>; taken: Set<string> } {
  const evidence = new Map<string, string[]>();
  const taken = new Set<string>();
  const books = new Map<string, string[]>();
  // Compared with / as the separator, whichever the names came with.
  const norm = (f: string): string => f.replace(/\\/g, '/');
  for (const f of files) {
    const n = norm(f);
    const at = n.lastIndexOf('/');
    const dot = n.lastIndexOf('.');
    if (at < 0 || dot < at || !WORKBOOK_EXTENSIONS.includes(n.slice(dot).toLowerCase())) continue;
    const dir = n.slice(0, at);
    books.set(dir, [...(books.get(dir) ?? []), f]);
  }
  for (const [dir, inDir] of books) {
    const under = `${dir}/${BUNDLE_EVIDENCE_FOLDER}/`;
    const ev = files.filter((f) => norm(f).startsWith(under));
    if (inDir.length !== 1 || ev.length === 0) continue;
    evidence.set(inDir[0] as string, ev);
    for (const f of ev) taken.add(f);
  }
  return { evidence, taken };
}

export type ImportStatus = 'imported' | 'updated' | 'unchanged' | 'stale' | 'rejected';
export const IMPORT_STATUSES: readonly ImportStatus[] = ['imported', 'updated', 'unchanged', 'stale', 'rejected'];
export const IMPORT_STATUS_LABELS: Record<ImportStatus, string> = {
  imported: '已导入',
  updated: '已更新',
  unchanged: '无变化',
  stale: '旧版本（已存档，未采用）',
  rejected: '已拒绝',
};
/** The same, of a dry run (预检): what would happen. */
export const DRY_RUN_STATUS_LABELS: Record<ImportStatus, string> = { imported: '可导入', updated: '可更新', unchanged: '无变化', stale: '旧版本（将存档，不采用）', rejected: '将被拒绝' };

/**
 * Beside an accepted file's outcome: evidence files it lists that did not come (not imported). `atImport`: said later,
 * of the file held (the bureau may have attached a file itself since: the count is the import's).
 */
/** The files of a zip of several workbooks that none of them lists (ImportReport.unlisted), said as one line. */
export function unlistedText(files: readonly string[], max = Infinity): string {
  if (files.length === 0) return '';
  const shown = files.slice(0, max).join('、');
  return `压缩包中 ${files.length} 个文件没有列在其中任何工作簿的“佐证材料”表中，未导入：${shown}${files.length > max ? ' 等' : ''}（如是某单位的佐证材料，请该单位在系统中添加后重新导出，或在模板的“佐证材料”表中填写后重新报送）`;
}

/** An evidence file a workbook lists that did not come with it: its task and its name as listed. */
export interface MissingEvidence {
  task: number;
  name: string;
}

/** The files named by task: 第 3 项任务的“照片.jpg”“现场.jpg”、第 5 项任务的“纪要.pdf”. */
export function missingEvidenceNames(files: readonly MissingEvidence[]): string {
  const byTask = new Map<number, string[]>();
  for (const f of files) byTask.set(f.task, [...(byTask.get(f.task) ?? []), `“${f.name}”`]);
  return [...byTask].map(([task, names]) => `第 ${task} 项任务的${names.join('')}`).join('、');
}

export function evidenceMissingText(n: number | undefined, atImport = false): string {
  return n ? `${atImport ? '导入时' : ''}佐证材料缺 ${n} 个` : '';
}

export interface ImportFileResult {
  /** The file's name; inside a zip, `archive.zip/inner/name.xlsx`. */
  file: string;
  status: ImportStatus;
  unit: string | null;
  unitName: string | null;
  period: string | null;
  revision: number | null;
  sha256: string;
  errors: ErrorDetail[];
  warnings: string[];
  /**
   * Evidence files its workbook lists that did not come with it, or came with other content (replaced or damaged on
   * the way): not imported, each said in `warnings`. Absent when none.
   */
  evidenceMissing?: number;
  /** Which they are (task and name as listed), as many as `evidenceMissing`. Absent when none. */
  evidenceMissingFiles?: MissingEvidence[];
  /** The .zip it arrived in, as received: archived with it (absent for a workbook received as it is). */
  container?: { file: string; sha256: string };
  /**
   * Whether its unit's first submission for the period came by the deadline, once the run is through (a dry run: as
   * it would stand): when it counts as sent (SENT_RULE), the deadline, and so 按时 or 逾期. For a file accepted
   * (imported, updated, unchanged) of a period on the plan's period kind; absent otherwise.
   */
  sent?: { at: string; deadline: string; state: 'on_time' | 'late'; /** A 代为填报 for a past day: only the day is known. */ onDay: boolean };
}

export interface ImportReport {
  /** Null for a dry run (nothing was written). */
  runId: string | null;
  dryRun: boolean;
  files: ImportFileResult[];
  totals: Record<ImportStatus, number> & { files: number };
  /** Files met in a folder that are not workbooks or zips by their names (photos, documents): passed over, not imported or refused. */
  skipped: string[];
  /**
   * Files in a zip of several workbooks that none of them lists in its 佐证材料 sheet (`zip.zip/folder/name`): not
   * imported. A unit's bundle of one workbook says such files in that file's warnings instead.
   */
  unlisted: string[];
}

export interface ImportRunView {
  id: string;
  startedAt: string;
  finishedAt: string | null;
  files: ImportFileResult[];
  /** The files of its zips that no workbook listed (ImportReport.unlisted); runs before version 23 of the database kept none. */
  unlisted: string[];
}

export interface SetupImportResult {
  catalogVersion: string;
  previousCatalogVersion: string | null;
  units: number;
  periodKind: string;
  /** What adopting it did to reports held (a unit no longer responsible for a task: its reports kept, no longer shown). */
  warnings: string[];
  /** A revision made in the app (catalog.revise): what it changed, in words. */
  changes?: string[];
  /** A unit's database: what the file tells the unit of its own submissions and notices (退回, 审核通过, 督办单), in words. */
  told?: string[];
}

/** What a set-up workbook holds, read without writing anything (first run: pick the unit from it). */
export interface SetupPreview {
  fileName: string;
  catalogVersion: string;
  /** The catalog version this database uses now (null before its first run). */
  currentCatalogVersion: string | null;
  planTitle: string;
  periodKind: PeriodKind;
  tasks: number;
  /** Active units of the file, in display order. */
  units: Unit[];
  /** What adopting it would say (edits to its visible sheets, a clock ahead, a task reworded, reports no longer shown). */
  warnings: string[];
  /** The code of the unit the file was made for (with that unit's 退回 reasons): only that unit may adopt it. Null: a file for every unit. */
  forUnit: string | null;
  /** A revision made in the app (catalog.revisePreview): what it changes, in words. */
  changes?: string[];
  /** A unit's database (or a file made for one unit): what the file tells the unit (退回, 审核通过, 督办单), in words. */
  told?: string[];
}

export const exchangeCalls = {
  'exchange.exportUnit': call<ExportedFile>()(
    z.strictObject({ unit: unitRef, period: periodRef }),
    'The unit’s submission bundle for the period: .xlsx, or .zip with its evidence files. Raises the revision. Up to 200 MB of evidence (any size: exchange.prepareUnitExport, or the command line’s export).',
    true,
  ),
  'exchange.exportCheck': call<{ warnings: string[] }>()(
    z.strictObject({ unit: unitRef, period: periodRef }),
    'What an export of the unit’s period would warn of (demo text, tasks not filled, a status without 工作进展, text copied from last period untouched, a 是 without evidence), writing nothing: asked before the file is made, so that following the advice does not make a second revision.',
  ),
  'exchange.prepareUnitExport': call<ExportedFile>()(
    z.strictObject({ unit: unitRef, period: periodRef }),
    'As exchange.exportUnit, any size: written on disk a piece at a time and named by `prepared`, for the host to save. Raises the revision.',
    true,
  ),
  'exchange.template': call<ExportedFile>()(
    z.strictObject({ unit: unitRef, period: periodRef }),
    'A hand-fill template for a unit without the app: the same layout, entry cells empty.',
  ),
  'exchange.setupExport': call<ExportedFile>()(
    z.strictObject({ unit: unitRef.optional() }),
    'The set-up workbook the bureau sends to every unit (its 退回 without reasons), or to one unit (`unit`: its own 退回 with their reasons, nothing of another unit\'s).',
  ),
  'exchange.setupPreview': call<SetupPreview>()(
    z.strictObject({ file: fileBlobSchema }),
    'Reads a set-up workbook without writing: plan, catalog version, period kind, units, and on a database in use what adopting it would say (or why it would be refused). Works before init.',
  ),
  'exchange.setupImport': call<SetupImportResult>()(
    z.strictObject({ file: fileBlobSchema, unit: unitRef.optional() }),
    'Adopts the bureau’s set-up workbook (catalog, units, period settings). On an empty database, `unit` sets it up as that unit’s, from the workbook, in one transaction.',
    true,
  ),
  'catalog.revisePreview': call<SetupPreview>()(
    revisionInput,
    '修订任务清单 in the app, writing nothing: a task’s 牵头 and 配合 units and 各镇（街道）, an indicator’s numeric target; what adopting it would do (as for a revised plan loaded from a set-up file), or why it would be refused. Bureau only.',
  ),
  'catalog.revise': call<SetupImportResult>()(
    revisionInput,
    'Adopts such a revision: a new catalog version named by the plan it revises, the day and its content (jiyang-2021.1-r20211003-3fa2c1) for the periods ending today or later, periods ended kept on their plan, through the same checks as a set-up file. Bureau only; send units the set-up file afterwards.',
    true,
  ),
  'exchange.uploadStart': call<{ id: string; accepted: boolean }>()(
    z.strictObject({ name: z.string().min(1, { error: '缺少文件名' }).max(1000), size: z.number().int().min(0) }),
    'Begins bringing a picked file to the core for an import (exchange.uploadChunk, then exchange.import with its id). Not accepted (nothing to upload): larger than any file the import takes, which the import then refuses saying so. Uploads last until imported for real or discarded; what a session left behind is removed when the database is opened a day later.',
    true,
  ),
  'exchange.uploadChunk': call<{ received: number }>()(
    z.strictObject({ id: z.string().min(1).max(100), offset: z.number().int().min(0), dataBase64: base64Data(Math.ceil((16 * 1024 * 1024) / 3) * 4, '每段最多 16 MB') }),
    'The next piece of an upload (at most 16 MB; `offset` is where it begins, the bytes received so far).',
    true,
  ),
  'exchange.uploadDiscard': call<{ discarded: number }>()(z.strictObject({ ids: z.array(z.string().min(1).max(100)).max(50_000) }), 'Removes uploads no longer wanted (unknown ids are ignored).', true),
  'exchange.import': call<ImportReport>()(
    z
      .strictObject({
        files: z.array(fileBlobSchema).max(5000).default([]),
        uploads: z.array(z.string().min(1).max(100)).max(50_000).default([]),
        dryRun: z.boolean().default(false),
      })
      .refine((i) => i.files.length + i.uploads.length > 0, { error: '请选择要导入的文件', path: ['files'] }),
    'Imports unit workbooks (.xlsx/.xls/.ods, or .zip bundles): `files` as they are, `uploads` by id (exchange.uploadStart; the app’s way, any size). One transaction per file. A dry run writes nothing and keeps the uploads for the import; an import removes them.',
    true,
  ),
  'exchange.importRuns': call<ImportRunView[]>()(
    z.strictObject({ limit: z.number().int().min(1).max(1000).optional() }),
    'Past import runs with every file’s outcome, newest first.',
  ),
  'exchange.importRunExport': call<ExportedFile>()(
    z.strictObject({ runId: z.string().min(1).max(100).optional() }),
    '导入结果明细 of one import run (its id from exchange.importRuns; the newest without one): each file with its unit, period, version, outcome, and every error (sheet, row, column) and hint, to print or send on. Writes nothing.',
  ),
  'exchange.original': call<ExportedFile>()(
    originalInput,
    'The original bytes of a file the bureau imported (a workbook, or the .zip it came in), from the archive, checked against its SHA-256; named `name` (the name the caller shows for it, its last part) or as it was last received. Up to 200 MB (any size: exchange.prepareOriginal, or the command line’s original).',
  ),
  'exchange.evidencePackage': call<ExportedFile>()(
    packageInput,
    '佐证材料包: every evidence file held for a period or a year, in folders by task, unit (and period), with a 目录 workbook (each file, its place, size, SHA-256, found intact or not) and 待补佐证 (yes/no indicators answered 是 without evidence). Writes nothing. Up to 200 MB (bigger: exchange.prepareEvidencePackage).',
  ),
  'exchange.prepareOriginal': call<ExportedFile>()(
    originalInput,
    'As exchange.original, any size: the copy is made on disk (checked against its digest on the way) and named by `prepared`, for the host to save (exchange.readPrepared, exchange.discardPrepared).',
    true,
  ),
  'exchange.prepareEvidencePackage': call<ExportedFile>()(packageInput, 'As exchange.evidencePackage, any size: written on disk and named by `prepared`, for the host to save.', true),
  'exchange.readPrepared': call<{ dataBase64: string }>()(
    z.strictObject({ id: z.string().min(1).max(100), offset: z.number().int().min(0), length: z.number().int().min(1).max(16 * 1024 * 1024, { error: '每段最多 16 MB' }) }),
    'A piece of a prepared file (fewer bytes at its end).',
  ),
  'exchange.discardPrepared': call<{ discarded: boolean }>()(z.strictObject({ id: z.string().min(1).max(100) }), 'Removes a prepared file once saved (or no longer wanted).', true),
  'exchange.ledgerExport': call<ExportedFile>()(
    z.strictObject({
      year: z.number({ error: '年份应为数字，如 2021' }).int({ error: '年份应为整数，如 2021' }).min(2000, { error: '年份应在 2000–2100 之间' }).max(2100, { error: '年份应在 2000–2100 之间' }),
    }),
    '工作台账 of a year: every task × responsible unit × period begun so far on one filterable row (status, percent, texts, indicator values, evidence, who, when), and 报送台账 (units × periods). In a unit’s database, the unit’s own.',
  ),
  'exchange.summaryExport': call<ExportedFile>()(
    z.strictObject({ period: periodRef }),
    'The district summary workbook for the city: tasks × units, indicators, submissions.',
  ),
};

export interface PeriodTaken {
  period: string;
  label: string;
  units: number;
}

/** The periods the accepted workbooks are for, with how many units each, in period order. */
export function periodsTaken(rows: ImportFileResult[]): PeriodTaken[] {
  const units = new Map<string, Set<string>>();
  for (const r of rows) {
    if (r.status === 'rejected' || !r.period || !r.unit || !isPeriodId(r.period)) continue;
    const set = units.get(r.period) ?? new Set<string>();
    set.add(r.unit);
    units.set(r.period, set);
  }
  return [...units.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([period, set]) => ({ period, label: parsePeriod(period).label, units: set.size }));
}

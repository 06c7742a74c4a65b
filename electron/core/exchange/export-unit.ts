/** Builds a unit's submission bundle (or hand-fill template) from whatever database holds its reports. */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Catalog, Indicator, Task, Unit, UnitRole } from '../../../shared/catalog/types';
import type { StoredReport } from '../store/repos/reports';
import { formatChineseDate, type Period } from '../../../shared/period';
import { AppError, ERROR_CODES } from '../../../shared/errors';
import { contactOf, DEMO_MARK, describeTarget, statusPercentMismatch, type IndicatorValue } from '../../../shared/report';
import type { CoreContext } from '../context';
import { sha256, turns, WHOLE_FILE_BYTES, writeAtomicallyWith } from '../fsutil';
import { evidenceDir, hashPath } from '../paths';
import { safeFileName } from '../services/reports';
import { APP_VERSION } from '../services/setup';
import { contentHash, type WorkbookContent } from './content';
import { DATABASE_ID, EVIDENCE_FOLDER, HELD_REVISIONS, type WorkbookKind } from './format';
import { DEFAULT_LIMITS } from './limits';
import { StoredZip } from './stored-zip';
import { workbookTask, writeUnitWorkbook, type UnitWorkbookData, type UnitWorkbookTask } from './write-unit';
import { asOneLine } from '../../../shared/text';


/**
 * Values held for indicators a revised plan dropped from a task, said with each one's name in the newest plan held
 * that had it: 3.1“林草覆盖率”（85）.
 */
export function droppedIndicators(ctx: CoreContext, task: number, gone: readonly (readonly [string, unknown])[]): string {
  const versions = ctx.store.catalogs.versions().reverse();
  const named = (id: string): string => {
    for (const { version } of versions) {
      const ind = ctx.store.catalogs.byVersion(version)?.tasks.find((t) => t.no === task)?.indicators.find((i) => i.id === id);
      if (ind) return `${id}“${ind.name}”`;
    }
    return id;
  };
  return gone.map(([id, v]) => `${named(id)}（${v === true ? '是' : v === false ? '否' : String(v)}）`).join('、');
}

export interface BuiltFile {
  fileName: string;
  data: Buffer;
  sha256: string;
  revision?: number;
  /** What the person saving it should know (a unit's export: tasks left empty, 是 without evidence). */
  warnings?: string[];
}

/** A unit's bundle crosses the API in one message (base64) up to this much evidence; bigger ones are written to disk. */
export const BUNDLE_API_MAX_BYTES = 200 * 1024 * 1024;
/** The most evidence a bundle carries: what the bureau's import takes in one .zip, room left for the workbook and the headers. */
export const BUNDLE_MAX_EVIDENCE_BYTES = DEFAULT_LIMITS.maxZipBytes - 16 * 1024 * 1024;

/** Name of an evidence file inside the bundle: short hash first, so two files of one name never clash. */
export const evidenceEntryName = (hash: string, name: string): string => `${EVIDENCE_FOLDER}/${hash.slice(0, 8)}-${safeFileName(name)}`;

/** Whether an entry of a bundle (佐证材料/1a2b3c4d-照片.jpg) has the name a listed evidence file goes by: its own entry's, or its name alone (a bundle zipped by hand). */
export const entryNamed = (entry: string, listed: { hash: string; name: string }): boolean => {
  const b = basename(entry.replace(/\\/g, '/'));
  // Like with like: both names as safeFileName keeps them (an entry 巡河记录 10:30.pdf made on Linux is 巡河记录 10_30.pdf listed so).
  return b === basename(evidenceEntryName(listed.hash, listed.name)) || safeFileName(b) === safeFileName(listed.name);
};

/** What every unit workbook says of the app, the plan, the unit and the period. */
export function workbookHead(
  catalog: Pick<Catalog, 'version' | 'plan'>,
  unit: Pick<Unit, 'name'>,
  period: Pick<Period, 'label'>,
): Pick<UnitWorkbookData, 'appVersion' | 'catalogVersion' | 'planTitle' | 'unitName' | 'periodLabel'> {
  return { appVersion: APP_VERSION, catalogVersion: catalog.version, planTitle: catalog.plan.title, unitName: unit.name, periodLabel: period.label };
}

/** A bundle decided (its workbook written, its revision chosen), not yet written out or recorded. */
interface PlannedBundle {
  kind: WorkbookKind;
  unit: string;
  period: string;
  revision: number;
  uuid: string;
  /** The exporting database's id ('' for a template). */
  databaseId: string;
  contentHash: string;
  exportedAt: string;
  xlsx: Buffer;
  /** The file's name without its extension. */
  base: string;
  /** Evidence files going into the bundle: where they are held, and their entries' names. */
  evidence: { task: number; name: string; hash: string; path: string; entry: string }[];
  warnings: string[];
}

/**
 * A value of the indicator's kind: 是/否 for a yes/no, a number otherwise. One of another kind was entered under the
 * id when it measured something else (an id a revised plan gave anew): not exported, said (exportWarnings).
 */
const valueFits = (ind: Indicator, v: IndicatorValue): boolean => (ind.comparator === 'yes' ? typeof v === 'boolean' : typeof v === 'number');

/**
 * What the clerk should know before sending the file (not refusals: the bureau accepts such a file): demo text, tasks
 * not filled, a status without 工作进展, last period's text copied untouched, a 是 without evidence, values of
 * indicators the period's plan no longer has. `ctx` is at the period.
 */
function exportWarnings(ctx: CoreContext, kind: WorkbookKind, mine: readonly { task: Task; role: UnitRole }[], reports: ReadonlyMap<number, StoredReport>): string[] {
  const warnings: string[] = [];
  // Demo data: a file to practise with, not a submission (the bureau's import says so too).
  const demo = [...reports.values()].filter((r) => [r.progress, r.problems, r.next].some((t) => t.startsWith(DEMO_MARK))).map((r) => r.task);
  if (demo.length > 0) {
    warnings.push(`第 ${demo.sort((a, b) => a - b).join('、')} 项任务的填报内容仍是演示数据（${DEMO_MARK}），此文件只适合练习；正式报送前请改填实际内容后重新导出`);
  }
  if (kind === 'unit') {
    const unfilled = mine.filter(({ task }) => !reports.has(task.no)).map(({ task }) => task.no);
    if (unfilled.length > 0) warnings.push(`第 ${unfilled.join('、')} 项任务本期还没有填写，导出的文件中${unfilled.length > 1 ? '这些任务' : '该项任务'}为空`);
    // Counted as reported, but saying nothing of this period: a status without 工作进展, last period's text copied
    // and never touched since (the bureau would print it as this period's progress).
    const mute = mine.filter(({ task }) => (reports.get(task.no)?.progress.trim() ?? 'x') === '').map(({ task }) => task.no);
    if (mute.length > 0) warnings.push(`第 ${mute.join('、')} 项任务选了状态，但没有填写“工作进展”：区局汇总时这些任务没有进展说明，请补写本期做了什么后重新导出`);
    // The workbook has one 填报人 (its cover): tasks saved by different people are all the bureau's as that one.
    // One person however the name was pasted (a mark that takes no space from WeChat, a tab from Excel, a space between
    // the characters): named as first written.
    const byWhom = new Map<string, { who: string; tasks: number[] }>();
    for (const { task } of mine) {
      const who = asOneLine(reports.get(task.no)?.filledBy ?? '').trim();
      const key = who.replace(/\s+/g, '');
      if (!key) continue;
      const seen = byWhom.get(key);
      if (seen) seen.tasks.push(task.no);
      else byWhom.set(key, { who, tasks: [task.no] });
    }
    if (byWhom.size > 1) {
      const cover = contactOf(mine.flatMap(({ task }) => reports.get(task.no) ?? [])).filledBy;
      warnings.push(
        `各项任务的填报人不同（${[...byWhom.values()].map(({ who, tasks }) => `${who}：第 ${tasks.join('、')} 项`).join('；')}），报送文件只写一个填报人：封面为最近保存的“${cover}”，区局收到后各项任务的填报人都记为“${cover}”`,
      );
    }
    const copied = mine.filter(({ task }) => reports.get(task.no)?.source === 'copy').map(({ task }) => task.no);
    if (copied.length > 0) warnings.push(`第 ${copied.join('、')} 项任务的内容是从上期复制的，复制后没有修改：请改为本期的实际进展后重新导出（内容确实未变的，可忽略此提示）`);
    // Values held for indicators the plan of this period no longer has (a revised plan): not in the file, said.
    for (const { task } of mine) {
      const r = reports.get(task.no);
      const gone = r ? Object.entries(r.indicators).filter(([id, v]) => v !== null && !task.indicators.some((i) => i.id === id)) : [];
      if (gone.length > 0) {
        warnings.push(`第 ${task.no} 项任务填过的指标 ${droppedIndicators(ctx, task.no, gone)} 不在本期适用的任务清单中，不会导出（本机的填报历史中仍保留）`);
      }
    }
    // A value held under an indicator id the plan now gives another kind of measure: not in the file, said.
    for (const { task } of mine) {
      const r = reports.get(task.no);
      for (const ind of task.indicators) {
        const v = r?.indicators[ind.id];
        if (v === undefined || v === null || valueFits(ind, v)) continue;
        warnings.push(`第 ${task.no} 项任务的指标 ${ind.id}“${ind.name}”现应填${ind.comparator === 'yes' ? '是或否' : '数值'}，本机保存的“${typeof v === 'boolean' ? (v ? '是' : '否') : String(v)}”是按原来的口径填写的，不会导出：请重新填写该指标后再导出`);
      }
    }
    // The lead reports the task's indicators: one of a task filled in but left without its value (a 是/否 most of all)
    // comes back from the bureau as a 退回. Said before the file goes.
    const blank = mine.flatMap(({ task, role }) => {
      const r = role === 'lead' ? reports.get(task.no) : undefined;
      return r ? task.indicators.filter((i) => r.indicators[i.id] === undefined || r.indicators[i.id] === null).map((i) => `第 ${task.no} 项“${i.name}”`) : [];
    });
    if (blank.length > 0) warnings.push(`${blank.join('、')}（本单位牵头）的指标数值还没有填写：区局会按未填处理，可能退回；请补填后重新导出`);
    // A status and a 完成比例 that disagree: the bureau would ask; said before the file goes (it still goes).
    for (const { task } of mine) {
      const r = reports.get(task.no);
      const off = r ? statusPercentMismatch(r.status, r.percent) : null;
      if (off) warnings.push(`第 ${task.no} 项任务的${off}`);
    }
    for (const { task } of mine) {
      const r = reports.get(task.no);
      if (!r || r.evidence.length > 0) continue;
      for (const ind of task.indicators) {
        if (ind.comparator === 'yes' && r.indicators[ind.id] === true) {
          warnings.push(`第 ${task.no} 项“${ind.name}”填了“是”，但没有附佐证材料；区局整理复核材料时会列为待补佐证，如有证明材料请添加后重新导出`);
        }
      }
    }
  }

  return warnings;
}

/** The warnings an export of the unit's period would give, said before the file is made (the clerk may still change it). */
export function exportCheck(ctx: CoreContext, unitRef: string, periodRef: string): { warnings: string[] } {
  const found = ctx.resolveOwnUnit(unitRef, '导出');
  const period = ctx.period(periodRef);
  const at = ctx.at(period.id);
  const mine = at.tasksOf(found.code);
  const reports = new Map(at.store.reports.listForUnit(found.code, period.id).map((r) => [r.task, r]));
  // Nothing to export: the export itself says so.
  return { warnings: reports.size === 0 ? [] : exportWarnings(at, 'unit', mine, reports) };
}

/**
 * What a unit's workbook carries of its reports for a period, task by task in the plan's order (its hash is the
 * content hash a submission records): an export's, and a submission the bureau enters for a unit (entry.ts).
 */
export function workbookContent(unit: string, period: string, reports: ReadonlyMap<number, StoredReport>, mine: readonly { task: Task }[]): WorkbookContent {
  const indicators: Record<string, IndicatorValue> = {};
  // The cover's 填报人: of the tasks the file carries (not of one the unit no longer answers for).
  const carried = mine.flatMap(({ task }) => reports.get(task.no) ?? []);
  const content: WorkbookContent = { unit, period, ...contactOf(carried), tasks: [], indicators, evidence: [] };
  for (const { task } of mine) {
    const r = reports.get(task.no);
    content.tasks.push({ task: task.no, status: r?.status ?? null, percent: r?.percent ?? null, progress: r?.progress ?? '', problems: r?.problems ?? '', next: r?.next ?? '' });
    for (const ind of task.indicators) {
      const v = r?.indicators[ind.id];
      if (v !== undefined && v !== null && valueFits(ind, v)) indicators[ind.id] = v;
    }
    for (const e of r?.evidence ?? []) content.evidence.push({ task: task.no, name: e.name, size: e.size, hash: e.hash });
  }
  return content;
}

function planBundle(ctx: CoreContext, unitRef: string, periodRef: string, kind: WorkbookKind): PlannedBundle {
  const found = ctx.resolveOwnUnit(unitRef, '导出');
  const period = ctx.period(periodRef);
  // One listed only for what it holds (before the 起报周期, or of a kind given up): the bureau would refuse its file.
  ctx.requireOwed(period, kind === 'template' ? '制作填写模板' : '导出报送文件（已填写的内容仍可查看）');
  ctx.requireNotFarAhead(period, kind === 'template' ? '制作填写模板' : '导出报送文件');
  // A past period on the plan in force then: its workbook carries that catalog version, which the bureau holds for it;
  // and the unit's name then (renamed since: its earlier name, on the cover and in the machine sheet; the code decides).
  ctx = ctx.at(period.id);
  const unit = ctx.named(found);
  const catalog = ctx.catalog();
  const mine = ctx.tasksOf(unit.code);
  if (!unit.active) throw new AppError(ERROR_CODES.notResponsible, `“${unit.name}”已停用，不再报送`);
  if (mine.length === 0) throw new AppError(ERROR_CODES.notResponsible, `“${unit.name}”不是任何重点任务的责任单位，没有可报送的内容`);
  const reports = kind === 'unit' ? new Map(ctx.store.reports.listForUnit(unit.code, period.id).map((r) => [r.task, r])) : new Map();
  // An empty workbook is no submission (the import refuses it too); the hand-fill template is the blank form.
  if (kind === 'unit' && reports.size === 0) {
    throw new AppError(ERROR_CODES.nothingReported, `本数据库中没有“${unit.name}”${period.label}的任何填报内容，无法导出报送文件；需要空白表时请导出手工填写模板`);
  }
  const content = workbookContent(unit.code, period.id, reports, mine);
  const tasks: UnitWorkbookTask[] = mine.map(({ task, role }) => workbookTask(catalog, task, role));

  const warnings = exportWarnings(ctx, kind, mine, reports);
  // A period not begun by this computer's clock (taken for a clock running behind): the bureau refuses its file until it has.
  if (kind === 'unit' && period.startsOn > ctx.today()) {
    warnings.push(`${period.label}按本机时钟（今天是${formatChineseDate(ctx.today())}）尚未开始：区局导入时会拒收尚未开始的周期的报送文件，请到${formatChineseDate(period.startsOn)}以后再报送（本机日期不对的，请先改正）`);
  }
  // A closed period: the bureau's import refuses its files until it is reopened (said before the file goes out).
  if (ctx.periodView(period).closed) {
    const what = kind === 'template' ? '填好的模板' : '此文件';
    warnings.push(
      ctx.role === 'bureau'
        ? `${period.label}已关闭，导入时会拒收此期的报送文件：${what}导入前，请先在“设置”的“报送截止日期”中取消关闭`
        : `${period.label}已被区局关闭，区局导入时会拒收此期的报送文件：报送前请先与区局联系`,
    );
  }

  // A bundle the bureau's import would refuse (its zips stop at 1 GB) is not made, nor its revision counted.
  const evidenceBytes = content.evidence.reduce((a, e) => a + e.size, 0);
  if (evidenceBytes > BUNDLE_MAX_EVIDENCE_BYTES) {
    throw new AppError(
      ERROR_CODES.invalidInput,
      `“${unit.name}”${period.label}的佐证材料共 ${(evidenceBytes / 1024 / 1024).toFixed(0)} MB，超过区局一次能接收的报送文件上限（${DEFAULT_LIMITS.maxZipBytes / 1024 / 1024 / 1024} GB）；请压缩或删减较大的视频、照片后重新导出`,
    );
  }
  const exportedAt = new Date(Math.floor(ctx.now().getTime() / 1000) * 1000).toISOString();
  const hash = contentHash(content);
  const uuid = ctx.newId();
  // Above any revision the bureau said it holds or sent back (a database set up afresh, on a new computer,
  // would otherwise start again at 1, and the bureau would file the newer content as stale).
  const held = (JSON.parse(ctx.store.meta.get(HELD_REVISIONS) ?? '{}') as Record<string, number>)[period.id] ?? 0;
  const revision =
    kind === 'unit' ? Math.max(ctx.store.submissions.maxRevision(unit.code, period.id), ctx.store.returns.maxRevision(unit.code, period.id), ctx.store.approvals.maxRevision(unit.code, period.id), held) + 1 : 0;
  const year = period.year;
  // Made here when the database has none yet, and stored only when the export is recorded (a refused export changes nothing).
  const databaseId = kind === 'unit' ? (ctx.store.meta.get(DATABASE_ID) ?? ctx.newId()) : '';
  const xlsx = writeUnitWorkbook({
    kind,
    uuid,
    revision,
    exportedAt,
    databaseId,
    ...workbookHead(catalog, unit, period),
    deadline: ctx.periodView(period).deadline,
    tasks,
    content,
    contentHash: hash,
    targetText: (ind) => describeTarget(ind, ctx.store.targets.get(ind.id, year)),
  });

  const base = safeFileName(kind === 'unit' ? `${unit.name}-${period.id}-第${revision}版` : `${unit.name}-${period.id}-填报模板`);
  // One entry per file and name (a file attached to two tasks under one name travels once).
  const evidence = new Map<string, PlannedBundle['evidence'][number]>();
  for (const e of content.evidence) {
    const entry = evidenceEntryName(e.hash, e.name);
    const path = hashPath(evidenceDir(ctx.dbPath), e.hash);
    // Said before anything is written.
    if (!existsSync(path)) throw lost(e);
    if (!evidence.has(entry)) evidence.set(entry, { task: e.task, name: e.name, hash: e.hash, path, entry });
  }
  return { kind, unit: unit.code, period: period.id, revision, uuid, databaseId, contentHash: hash, exportedAt, xlsx, base, evidence: [...evidence.values()], warnings };
}

const lost = (e: { name: string; task: number }): AppError => new AppError(ERROR_CODES.notFound, `佐证材料“${e.name}”（第 ${e.task} 项任务）的文件已丢失，无法打包`);

/**
 * The bundle through `sink`: the workbook alone, or a .zip of the workbook and
 * its evidence files. Entries are stored, not deflated (evidence is mostly
 * photos, video, PDF and Office files, compressed already; deflating them in
 * JavaScript took ~40 ms a megabyte), each evidence file checked against its
 * hash as it goes in (a damaged one refuses the export: the bureau would not
 * accept it): read whole up to WHOLE_FILE_BYTES, a larger one a piece at a
 * time, the event loop given its turns between pieces. Its file name.
 */
async function writeBundle(ctx: CoreContext, plan: PlannedBundle, sink: (chunk: Uint8Array) => void): Promise<string> {
  if (plan.evidence.length === 0) {
    sink(plan.xlsx);
    return `${plan.base}.xlsx`;
  }
  const zip = new StoredZip(sink, ctx.now());
  zip.add(`${plan.base}.xlsx`, plan.xlsx);
  const turn = turns();
  for (const e of plan.evidence) {
    // A turn before each file, however fast the last went: Ctrl+C on the command line (a signal) is taken at a turn.
    await turn('now');
    let digest: string;
    // A photo or a document is read whole, checked and stored with its size and CRC in its header (no data
    // descriptor: streaming unzip programs read it too); a video goes in a piece at a time, checked as it goes.
    let bytes: Buffer | null = null;
    try {
      if (statSync(e.path).size <= WHOLE_FILE_BYTES) bytes = readFileSync(e.path);
    } catch {
      throw lost(e);
    }
    if (bytes) {
      digest = sha256(bytes);
      if (digest === e.hash) zip.add(e.entry, bytes);
    } else digest = await zip.addFile(e.entry, e.path, turn, () => lost(e));
    if (digest !== e.hash) {
      throw new AppError(ERROR_CODES.evidenceDamaged, `佐证材料“${e.name}”（第 ${e.task} 项任务）的文件已损坏（内容与添加时不符），无法打包；请在该任务中删除它并重新添加`);
    }
  }
  zip.end();
  return `${plan.base}.zip`;
}

/**
 * A unit's export counts: its revision is recorded before the file leaves, so two exports never share a number. The id
 * of the record is returned (null for a template, which records none).
 */
function recordExport(ctx: CoreContext, plan: PlannedBundle, fileHash: string): string | null {
  if (plan.kind !== 'unit') return null;
  const id = ctx.newId();
  ctx.store.tx(() => {
    // Another program on this database (the command line beside the app) may have counted this revision meanwhile.
    const stored = ctx.store.meta.get(DATABASE_ID);
    if (ctx.store.submissions.maxRevision(plan.unit, plan.period) >= plan.revision || (stored !== null && stored !== plan.databaseId)) {
      throw new AppError(ERROR_CODES.conflict, '另一个程序同时导出了本单位本期的报送文件，此次导出未完成（未生成文件）；请重新导出');
    }
    if (stored === null) ctx.store.meta.set(DATABASE_ID, plan.databaseId);
    ctx.store.submissions.add({
      id,
      unit: plan.unit,
      period: plan.period,
      revision: plan.revision,
      workbookUuid: plan.uuid,
      contentHash: plan.contentHash,
      fileHash,
      source: 'export',
      receivedAt: ctx.nowIso(),
      submittedAt: plan.exportedAt,
      modifiedAfterExport: false,
      databaseId: plan.databaseId,
      exportedAt: plan.exportedAt,
    }, true);
  });
  return id;
}

/**
 * One export of a database at a time: a bundle's revision is chosen as it is
 * planned and recorded once it is written, with the event loop's turns in
 * between.
 */
const exporting = new Map<string, Promise<unknown>>();
async function oneAtATime<T>(ctx: CoreContext, f: () => Promise<T>): Promise<T> {
  const before = exporting.get(ctx.dbPath) ?? Promise.resolve();
  const run = before.catch(() => undefined).then(f);
  exporting.set(ctx.dbPath, run);
  try {
    return await run;
  } finally {
    if (exporting.get(ctx.dbPath) === run) exporting.delete(ctx.dbPath);
  }
}

/** The bundle in memory (the one-shot API, templates): up to BUNDLE_API_MAX_BYTES of evidence. */
export function buildUnitBundle(ctx: CoreContext, unitRef: string, periodRef: string, kind: WorkbookKind): Promise<BuiltFile> {
  return oneAtATime(ctx, async () => {
    const plan = planBundle(ctx, unitRef, periodRef, kind);
    const size = plan.evidence.reduce((a, e) => {
      try {
        return a + statSync(e.path).size;
      } catch {
        throw lost(e);
      }
    }, 0);
    if (size > BUNDLE_API_MAX_BYTES) {
      throw new AppError(
        ERROR_CODES.invalidInput,
        `“${plan.base}”的佐证材料共 ${(size / 1024 / 1024).toFixed(0)} MB，超过一次传送的上限 ${BUNDLE_API_MAX_BYTES / 1024 / 1024} MB；请用“导出报送文件”按钮或命令行 export 导出`,
      );
    }
    const chunks: Uint8Array[] = [];
    const fileName = await writeBundle(ctx, plan, (c) => chunks.push(new Uint8Array(c)));
    const data = Buffer.concat(chunks);
    const digest = sha256(data);
    recordExport(ctx, plan, digest);
    return { fileName, data, sha256: digest, ...(kind === 'unit' ? { revision: plan.revision } : {}), ...(plan.warnings.length > 0 ? { warnings: plan.warnings } : {}) };
  });
}

/**
 * The bundle written to a file, a piece at a time (any size): to a temporary
 * file beside `pathFor(its name)`, synced, its revision recorded, renamed
 * into place (a failure leaves nothing).
 */
export function writeUnitBundle(
  ctx: CoreContext,
  unitRef: string,
  periodRef: string,
  kind: WorkbookKind,
  pathFor: (fileName: string) => string,
): Promise<{ fileName: string; path: string; bytes: number; sha256: string; revision?: number; warnings: string[] }> {
  return oneAtATime(ctx, async () => {
    const plan = planBundle(ctx, unitRef, periodRef, kind);
    const fileName = `${plan.base}${plan.evidence.length > 0 ? '.zip' : '.xlsx'}`;
    const path = pathFor(fileName);
    const h = createHash('sha256');
    let bytes = 0;
    let recorded: string | null = null;
    let digest: string;
    try {
      digest = await writeAtomicallyWith(path, async (write) => {
        await writeBundle(ctx, plan, (chunk) => {
          write(chunk);
          h.update(chunk);
          bytes += chunk.length;
        });
        // Recorded before the file is in place: a revision never goes out twice.
        const d = h.digest('hex');
        recorded = recordExport(ctx, plan, d);
        return d;
      });
    } catch (err) {
      // Written and recorded, but never put in its place (the rename refused: a file open in another program): the
      // revision did not go out, so it is not counted.
      if (recorded !== null) {
        try {
          ctx.store.submissions.removeExport(recorded);
        } catch {
          // The database busy or gone as well: the revision stays counted (a number skipped), and what failed is said.
        }
      }
      throw err;
    }
    return { fileName, path, bytes, sha256: digest, ...(kind === 'unit' ? { revision: plan.revision } : {}), warnings: plan.warnings };
  });
}

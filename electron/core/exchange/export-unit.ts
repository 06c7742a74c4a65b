/** Builds a unit's submission bundle (or hand-fill template) from whatever database holds its reports. */
import { readFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import type { Catalog, Unit } from '../../../shared/catalog/types';
import type { Period } from '../../../shared/period';
import { AppError, ERROR_CODES } from '../../../shared/errors';
import { contactOf, describeTarget, type IndicatorValue } from '../../../shared/report';
import type { CoreContext } from '../context';
import { sha256 } from '../fsutil';
import { evidenceDir, hashPath } from '../paths';
import { safeFileName } from '../services/reports';
import { APP_VERSION } from '../services/setup';
import { contentHash, type WorkbookContent } from './content';
import { ZIP_ENTRY } from './excel-text';
import { EVIDENCE_FOLDER, HELD_REVISIONS, type WorkbookKind } from './format';
import { workbookTask, writeUnitWorkbook, type UnitWorkbookData, type UnitWorkbookTask } from './write-unit';

export interface BuiltFile {
  fileName: string;
  data: Buffer;
  sha256: string;
  revision?: number;
  /** What the person saving it should know (a unit's export: tasks left empty, 是 without evidence). */
  warnings?: string[];
}

/** Name of an evidence file inside the bundle: short hash first, so two files of one name never clash. */
export const evidenceEntryName = (hash: string, name: string): string => `${EVIDENCE_FOLDER}/${hash.slice(0, 8)}-${safeFileName(name)}`;

/** What every unit workbook says of the app, the plan, the unit and the period. */
export function workbookHead(
  catalog: Pick<Catalog, 'version' | 'plan'>,
  unit: Pick<Unit, 'name'>,
  period: Pick<Period, 'label'>,
): Pick<UnitWorkbookData, 'appVersion' | 'catalogVersion' | 'planTitle' | 'unitName' | 'periodLabel'> {
  return { appVersion: APP_VERSION, catalogVersion: catalog.version, planTitle: catalog.plan.title, unitName: unit.name, periodLabel: period.label };
}

export async function buildUnitBundle(ctx: CoreContext, unitRef: string, periodRef: string, kind: WorkbookKind): Promise<BuiltFile> {
  const unit = ctx.resolveUnit(unitRef);
  const period = ctx.period(periodRef);
  const catalog = ctx.catalog();
  const mine = ctx.tasksOf(unit.code);
  if (mine.length === 0) throw new AppError(ERROR_CODES.notResponsible, `“${unit.name}”不是任何重点任务的责任单位，没有可报送的内容`);
  const reports = kind === 'unit' ? new Map(ctx.store.reports.listForUnit(unit.code, period.id).map((r) => [r.task, r])) : new Map();
  // An empty workbook is no submission (the import refuses it too); the hand-fill template is the blank form.
  if (kind === 'unit' && reports.size === 0) {
    throw new AppError(ERROR_CODES.nothingReported, `本数据库中没有“${unit.name}”${period.label}的任何填报内容，无法导出报送文件；需要空白表时请导出手工填写模板`);
  }
  const indicators: Record<string, IndicatorValue> = {};
  const content: WorkbookContent = {
    unit: unit.code,
    period: period.id,
    ...contactOf(reports.values()),
    tasks: [],
    indicators,
    evidence: [],
  };
  const tasks: UnitWorkbookTask[] = mine.map(({ task, role }) => {
    const r = reports.get(task.no);
    content.tasks.push({
      task: task.no,
      status: r?.status ?? null,
      percent: r?.percent ?? null,
      progress: r?.progress ?? '',
      problems: r?.problems ?? '',
      next: r?.next ?? '',
    });
    for (const ind of task.indicators) {
      const v = r?.indicators[ind.id];
      if (v !== undefined && v !== null) indicators[ind.id] = v;
    }
    for (const e of r?.evidence ?? []) content.evidence.push({ task: task.no, name: e.name, size: e.size, hash: e.hash });
    return workbookTask(catalog, task, role);
  });

  // What the clerk should know before sending it (not refusals: the bureau accepts such a file).
  const warnings: string[] = [];
  if (kind === 'unit') {
    const unfilled = mine.filter(({ task }) => !reports.has(task.no)).map(({ task }) => task.no);
    if (unfilled.length > 0) warnings.push(`第 ${unfilled.join('、')} 项任务本期还没有填写，导出的文件中这些任务为空`);
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

  const exportedAt = new Date(Math.floor(ctx.now().getTime() / 1000) * 1000).toISOString();
  const hash = contentHash(content);
  const uuid = ctx.newId();
  // Above any revision the bureau said it holds or sent back (a database set up afresh, on a new computer,
  // would otherwise start again at 1, and the bureau would file the newer content as stale).
  const held = (JSON.parse(ctx.store.meta.get(HELD_REVISIONS) ?? '{}') as Record<string, number>)[period.id] ?? 0;
  const revision =
    kind === 'unit' ? Math.max(ctx.store.submissions.maxRevision(unit.code, period.id), ctx.store.returns.maxRevision(unit.code, period.id), held) + 1 : 0;
  const year = period.year;
  const xlsx = writeUnitWorkbook({
    kind,
    uuid,
    revision,
    exportedAt,
    ...workbookHead(catalog, unit, period),
    tasks,
    content,
    contentHash: hash,
    targetText: (ind) => describeTarget(ind, ctx.store.targets.get(ind.id, year)),
  });

  const base = safeFileName(kind === 'unit' ? `${unit.name}-${period.id}-第${revision}版` : `${unit.name}-${period.id}-填报模板`);
  let fileName = `${base}.xlsx`;
  let data = xlsx;
  if (content.evidence.length > 0) {
    const entries: Record<string, Uint8Array> = { [fileName]: xlsx };
    for (const e of content.evidence) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(hashPath(evidenceDir(ctx.dbPath), e.hash));
      } catch {
        throw new AppError(ERROR_CODES.notFound, `佐证材料“${e.name}”（第 ${e.task} 项任务）的文件已丢失，无法打包`);
      }
      entries[evidenceEntryName(e.hash, e.name)] = bytes;
    }
    data = Buffer.from(zipSync(entries, { level: 6, ...ZIP_ENTRY }));
    fileName = `${base}.zip`;
  }

  if (kind === 'unit') {
    // The revision is recorded before the file leaves, so two exports never share a number.
    ctx.store.tx(() =>
      ctx.store.submissions.add({
        id: ctx.newId(),
        unit: unit.code,
        period: period.id,
        revision,
        workbookUuid: uuid,
        contentHash: hash,
        fileHash: sha256(data),
        source: 'export',
        receivedAt: ctx.nowIso(),
        submittedAt: exportedAt,
        modifiedAfterExport: false,
      }),
    );
  }
  return { fileName, data, sha256: sha256(data), ...(kind === 'unit' ? { revision } : {}), ...(warnings.length > 0 ? { warnings } : {}) };
}

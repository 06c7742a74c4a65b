import { unzipSync } from 'fflate';
import ExcelJS from 'exceljs';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import type { ImportReport } from '../../shared/api/exchange';
import { importPaths } from '../../electron/core/exchange/import-run';
import type { ImportLimits } from '../../electron/core/exchange/limits';
import { Core } from '../../electron/core/service';
import { FIXED_NOW, newBureau } from '../helpers/db';

export const PERIOD = '2021-Q3';
/** 新市镇 (Z10) cooperates on the 各镇(街道) tasks. */
export const TOWN = '新市镇';

/** A unit's database; `firstPeriod` its 起报周期 (as newBureau's). */
export async function newUnit(dir: string, unit = TOWN, now: Date = FIXED_NOW, firstPeriod?: string): Promise<{ core: Core; path: string }> {
  const path = join(dir, `unit-${unit}.db`);
  const core = await Core.open(path, { create: true, now: () => now });
  await core.run('app.init', { role: 'unit', unit, ...(firstPeriod !== undefined ? { firstPeriod } : {}) });
  return { core, path };
}

/** One report on the unit's first task: an export needs something reported. */
export async function reportOne(core: Core, unit = TOWN, period = PERIOD): Promise<void> {
  const task = (await core.run('reports.forUnit', { unit, period })).tasks[0]!.task;
  await core.run('reports.save', { unit, period, task, report: { status: '正常推进', percent: 40, progress: '按计划推进' } });
}

/** Exports through the API and writes the bundle into dir. */
export async function exportTo(core: Core, dir: string, unit = TOWN, period = PERIOD, name?: string): Promise<string> {
  const f = await core.run('exchange.exportUnit', { unit, period });
  const path = join(dir, name ?? f.fileName);
  writeFileSync(path, Buffer.from(f.dataBase64, 'base64'));
  return path;
}

/** A unit's database with one report and one photo (照片.jpg) attached, its bundle (.zip) exported into dir. */
export async function unitBundle(dir: string, photo: Uint8Array): Promise<{ unit: { core: Core; path: string }; zip: string }> {
  const unit = await newUnit(dir);
  await reportOne(unit.core);
  const task = (await unit.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks[0]!.task;
  await unit.core.run('evidence.add', { unit: TOWN, period: PERIOD, task, name: '照片.jpg', dataBase64: Buffer.from(photo).toString('base64') });
  return { unit, zip: await exportTo(unit.core, dir) };
}

/** A copy of the workbook `from` written to `to` with some cells changed by ExcelJS, as a hand edit would change them. */
export async function editedCopy(from: string, to: string, edit: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(from) as unknown as ArrayBuffer);
  edit(wb);
  writeFileSync(to, Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer));
  return to;
}

export function importFiles(core: Core, paths: string[], opts: { dryRun?: boolean; limits?: Partial<ImportLimits> } = {}): Promise<ImportReport> {
  return importPaths(core.ctx, paths, opts);
}

/** The reports of a unit and period as comparable plain data. */
export async function reportsOf(core: Core, unit = TOWN, period = PERIOD) {
  const view = await core.run('reports.forUnit', { unit, period });
  return view.tasks.map((t) =>
    t.report
      ? {
          task: t.task,
          status: t.report.status,
          percent: t.report.percent,
          progress: t.report.progress,
          problems: t.report.problems,
          next: t.report.next,
          indicators: t.report.indicators,
          filledBy: t.report.filledBy,
          phone: t.report.phone,
          evidence: t.report.evidence.map((e) => ({ hash: e.hash, name: e.name, size: e.size })),
        }
      : { task: t.task, none: true },
  );
}

/** Reads a workbook with SheetJS (the test side, not the import path). */
export function readBook(path: string): XLSX.WorkBook {
  return XLSX.read(readFileSync(path), { cellNF: true });
}

/** The value of a call's Result, or the test fails with its code and message. */
export async function ok<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** A copy of a workbook with its first task row's entry cells set as a hand edit would (status, percent, progress). */
export async function handEdited(from: string, to: string, progress: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(from) as unknown as ArrayBuffer);
  const row = wb.getWorksheet('工作进展')!.getRow(4);
  row.getCell('E').value = '正常推进';
  row.getCell('F').value = 50;
  row.getCell('G').value = progress;
  writeFileSync(to, Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer));
  return to;
}

/** Whether a workbook holds `text`, in a visible sheet or in its machine sheet (JSON written with \\uXXXX escapes). */
export const inFile = (file: { dataBase64: string }, text: string): boolean => {
  const escaped = text.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return Object.values(unzipSync(Buffer.from(file.dataBase64, 'base64'))).some((b) => {
    const xml = Buffer.from(b).toString('utf8');
    return xml.includes(text) || xml.includes(escaped);
  });
};

/**
 * A bureau and a unit's database in `dir`, the unit with one report exported (第 1 版), the bureau holding that
 * export edited by hand after it was exported (other content than the unit's, same revision).
 */
export async function editedPair(dir: string): Promise<{ bureau: { core: Core; path: string }; unit: { core: Core; path: string } }> {
  const bureau = await newBureau(dir);
  const unit = await newUnit(dir);
  await reportOne(unit.core);
  const exported = await exportTo(unit.core, dir, TOWN, PERIOD, 'exported.xlsx');
  await importFiles(bureau.core, [await handEdited(exported, join(dir, 'edited.xlsx'), '手工改过的内容')]);
  return { bureau, unit };
}

/**
 * A hand-fill template (as base64) with its first task row filled in as a clerk would in Excel: 正常推进, and a percent
 * or a progress text; `saved`: the save time Excel or WPS writes. Written to `path`.
 */
export async function filledTemplate(dataBase64: string, path: string, fill: { percent?: number; progress?: string; saved?: Date }): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(dataBase64, 'base64') as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('工作进展')!;
  let head = 0;
  let statusCol = 0;
  ws.eachRow((row, r) => row.eachCell((c, col) => {
    if (!head && c.value === '状态') [head, statusCol] = [r, col];
  }));
  ws.getCell(head + 1, statusCol).value = '正常推进';
  if (fill.percent !== undefined) ws.getCell(head + 1, statusCol + 1).value = fill.percent;
  if (fill.progress !== undefined) ws.getCell(head + 1, statusCol + 2).value = fill.progress;
  if (fill.saved) wb.modified = fill.saved;
  await wb.xlsx.writeFile(path);
  return path;
}

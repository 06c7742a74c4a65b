/**
 * 佐证材料包: every evidence file held for a period (or a whole year), in
 * folders by task and unit (and period, for a year), with a 目录 workbook
 * listing each file (where it is in the package, its size and SHA-256, and
 * whether its bytes were found intact), and the entries that answer a
 * yes/no indicator 是 without a single evidence file (待补佐证). What the
 * bureau hands over for the ministry's 复核, and what a unit keeps as its 台账.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { zipSync, type Zippable } from 'fflate';
import { formatChineseDate, periodsOfYear, type Period } from '../../../shared/period';
import type { EvidenceRef, IndicatorValue } from '../../../shared/report';
import { AppError, ERROR_CODES } from '../../../shared/errors';
import type { CoreContext } from '../context';
import { sha256 } from '../fsutil';
import { evidenceDir, hashPath } from '../paths';
import { safeFileName } from '../services/reports';
import { finishPackage } from './excel-text';
import type { BuiltFile } from './export-unit';
import { bodyCell, headerRow, printSetup, titleRow } from './style';

/** The most evidence one package carries: it is built in memory and crosses the API as base64. */
export const PACKAGE_MAX_BYTES = 300 * 1024 * 1024;

/** A size as people read it: 512 KB, 3.2 MB. */
const sizeText = (bytes: number): string => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

/** Kinds of files that are compressed already: stored in the zip as they are. */
const COMPRESSED = /\.(jpe?g|png|gif|webp|heic|mp4|mov|avi|mp3|m4a|zip|rar|7z|gz|docx|xlsx|pptx|ofd|pdf)$/i;

export type PackageScope = { period: string } | { year: number };

interface Listed {
  task: number;
  taskTitle: string;
  unitName: string;
  role: string;
  period: Period;
  ref: EvidenceRef;
  /** Where it is in the package, or null when its bytes were not found intact. */
  path: string | null;
  state: string;
}

interface Unproven {
  task: number;
  taskTitle: string;
  unitName: string;
  period: Period;
  indicator: string;
}

/** The periods a scope covers, of the kind in use, in order. */
function periodsOf(ctx: CoreContext, scope: PackageScope): { periods: Period[]; label: string } {
  if ('period' in scope) {
    const p = ctx.period(scope.period);
    return { periods: [p], label: p.label };
  }
  if (!Number.isInteger(scope.year) || scope.year < 2000 || scope.year > 2100) throw new AppError(ERROR_CODES.invalidInput, `年份“${scope.year}”不在 2000–2100 之间`);
  return { periods: periodsOfYear(ctx.periodKind, scope.year), label: `${scope.year}年` };
}

/** A folder name of at most `max` characters: what a task title or unit name gives, safe on every system. */
const folder = (raw: string, max: number): string => Array.from(safeFileName(raw)).slice(0, max).join('').trim() || '未命名';

/** `name` within a folder, numbered when the folder holds that name already: 照片.jpg, 照片 (2).jpg. */
function uniqueIn(taken: Set<string>, dir: string, name: string): string {
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  let path = `${dir}/${name}`;
  for (let n = 2; taken.has(path.toLowerCase()); n++) path = `${dir}/${stem} (${n})${ext}`;
  taken.add(path.toLowerCase());
  return path;
}

export async function buildEvidencePackage(ctx: CoreContext, scope: PackageScope): Promise<BuiltFile & { warnings: string[] }> {
  const { periods, label } = periodsOf(ctx, scope);
  const catalog = ctx.catalog();
  const byYear = !('period' in scope);
  const root = folder(`佐证材料-${label}`, 60);
  const listed: Listed[] = [];
  const unproven: Unproven[] = [];
  for (const period of periods) {
    const reports = new Map(ctx.store.reports.listForPeriod(period.id).map((r) => [`${r.unit}/${r.task}`, r]));
    for (const t of catalog.tasks) {
      for (const u of ctx.taskUnits(t)) {
        const r = reports.get(`${u.code}/${t.no}`);
        if (!r) continue;
        for (const ref of r.evidence) listed.push({ task: t.no, taskTitle: t.title, unitName: u.name, role: u.role === 'lead' ? '牵头' : '配合', period, ref, path: null, state: '' });
        if (r.evidence.length === 0) {
          for (const ind of t.indicators) {
            const v: IndicatorValue | undefined = r.indicators[ind.id];
            if (ind.comparator === 'yes' && v === true) unproven.push({ task: t.no, taskTitle: t.title, unitName: u.name, period, indicator: ind.name });
          }
        }
      }
    }
  }
  const total = listed.reduce((a, l) => a + l.ref.size, 0);
  if (total > PACKAGE_MAX_BYTES) {
    throw new AppError(
      ERROR_CODES.invalidInput,
      `${label}的佐证材料共 ${(total / 1024 / 1024).toFixed(0)} MB，超过一次导出的上限 ${PACKAGE_MAX_BYTES / 1024 / 1024} MB；请按报送周期分别导出`,
    );
  }

  const files: Zippable = {};
  const taken = new Set<string>();
  const mtime = ctx.now();
  let missing = 0;
  let damaged = 0;
  for (const l of listed) {
    const dir = [root, folder(`${String(l.task).padStart(2, '0')} ${l.taskTitle}`, 24), folder(l.unitName, 30), ...(byYear ? [folder(l.period.label, 20)] : [])].join('/');
    let bytes: Buffer;
    try {
      bytes = readFileSync(hashPath(evidenceDir(ctx.dbPath), l.ref.hash));
    } catch {
      missing++;
      l.state = '文件缺失，未收入';
      continue;
    }
    if (sha256(bytes) !== l.ref.hash) {
      damaged++;
      l.state = '文件已损坏，未收入';
      continue;
    }
    l.path = uniqueIn(taken, dir, safeFileName(l.ref.name));
    l.state = '已收入';
    files[l.path] = [bytes, { level: COMPRESSED.test(l.ref.name) ? 0 : 6, mtime }];
  }

  files[`${root}/目录.xlsx`] = [await indexWorkbook(ctx, label, listed, unproven, byYear), { level: 0, mtime }];
  const data = Buffer.from(zipSync(files));
  const warnings = [
    ...(listed.length === 0 ? [`${label}还没有任何佐证材料，材料包中只有目录`] : []),
    ...(missing > 0 ? [`${missing} 个佐证材料文件不在本机（可能已被删除），未收入，已在目录中注明；请从备份恢复，或请有关单位重新报送`] : []),
    ...(damaged > 0 ? [`${damaged} 个佐证材料文件已损坏（内容与登记的摘要不符），未收入，已在目录中注明；请从备份恢复，或请有关单位重新报送`] : []),
    ...(unproven.length > 0 ? [`${unproven.length} 项“是否”类指标填了“是”但没有附佐证材料，已列在目录的“待补佐证”表中`] : []),
  ];
  return { fileName: safeFileName(`济阳区生态文明建设佐证材料-${label}.zip`), data, sha256: sha256(data), warnings };
}

async function indexWorkbook(ctx: CoreContext, label: string, listed: readonly Listed[], unproven: readonly Unproven[], byYear: boolean): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '生态文明建设任务进度填报系统';
  wb.created = ctx.now();
  const ws = wb.addWorksheet('目录');
  const heads = ['序号', '重点任务', '责任单位', '牵头/配合', '报送周期', '文件名', '大小（KB）', '包内位置', 'SHA-256 摘要', '状态'];
  titleRow(ws, 1, heads.length, '济阳区巩固提升国家生态文明建设示范区创建成果佐证材料目录', 16);
  titleRow(ws, 2, heads.length, `（${label}${byYear ? '，各报送周期' : ''}；编制日期：${formatChineseDate(ctx.today())}）`, 12);
  headerRow(ws, 3, heads, [6, 28, 18, 9, 16, 28, 10, 44, 30, 16]);
  listed.forEach((l, i) => {
    const r = i + 4;
    bodyCell(ws, r, 1, i + 1, true);
    bodyCell(ws, r, 2, `${l.task}. ${l.taskTitle}`);
    bodyCell(ws, r, 3, l.unitName);
    bodyCell(ws, r, 4, l.role, true);
    bodyCell(ws, r, 5, l.period.label, true);
    bodyCell(ws, r, 6, l.ref.name);
    bodyCell(ws, r, 7, Math.max(1, Math.round(l.ref.size / 1024)), true);
    bodyCell(ws, r, 8, l.path ?? '—');
    bodyCell(ws, r, 9, l.ref.hash);
    const state = bodyCell(ws, r, 10, l.state, true);
    // The style objects are shared between cells: a new one for this cell.
    if (l.path === null) state.style = { ...state.style, font: { ...state.style.font, color: { argb: 'FFCF1322' } } };
  });
  const end = listed.length + 4;
  ws.mergeCells(end, 1, end, heads.length);
  const kept = listed.filter((l) => l.path !== null);
  ws.getCell(end, 1).value = `合计：佐证材料 ${listed.length} 个，已收入 ${kept.length} 个（${sizeText(kept.reduce((a, l) => a + l.ref.size, 0))}）${listed.length > kept.length ? `，未收入 ${listed.length - kept.length} 个` : ''}`;
  printSetup(ws, 3);

  const todo = wb.addWorksheet('待补佐证');
  const heads2 = ['序号', '重点任务', '责任单位', '报送周期', '指标', '说明'];
  titleRow(todo, 1, heads2.length, `填了“是”但没有附佐证材料的指标（${label}）`, 14);
  headerRow(todo, 2, heads2, [6, 30, 20, 16, 36, 30]);
  unproven.forEach((u, i) => {
    const r = i + 3;
    bodyCell(todo, r, 1, i + 1, true);
    bodyCell(todo, r, 2, `${u.task}. ${u.taskTitle}`);
    bodyCell(todo, r, 3, u.unitName);
    bodyCell(todo, r, 4, u.period.label, true);
    bodyCell(todo, r, 5, u.indicator);
    bodyCell(todo, r, 6, '请该单位补充佐证材料后重新报送');
  });
  if (unproven.length === 0) {
    todo.mergeCells(3, 1, 3, heads2.length);
    todo.getCell(3, 1).value = '无：填了“是”的指标都附有佐证材料';
  }
  printSetup(todo, 2);
  return finishPackage(new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer));
}

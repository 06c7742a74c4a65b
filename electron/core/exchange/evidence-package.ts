/**
 * 佐证材料包: every evidence file held for a period (or a whole year), in
 * folders by task and unit (and period, for a year), with a 目录 workbook
 * listing each file (where it is in the package, its size and SHA-256, and
 * whether its bytes were found intact), and the entries that answer a
 * yes/no indicator 是 with no evidence file in the package (待补佐证). What
 * the bureau hands over for the ministry's 复核, and what a unit keeps as its
 * 台账. Written a file at a time: in memory for the API (capped), straight to
 * a file for the command line (any size).
 */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { readFileSync, statSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { formatChineseDate, isPeriodId, parsePeriod, type Period } from '../../../shared/period';
import { AppError, ERROR_CODES } from '../../../shared/errors';
import type { CoreContext } from '../context';
import { ensureRoom, readInPieces, sha256, turns, WHOLE_FILE_BYTES, writeAtomicallyWith } from '../fsutil';
import { evidenceDir, hashPath } from '../paths';
import { cutTo, utf8Bytes } from '../../../shared/file-name';
import { safeFileName } from '../services/reports';
import { entriesOf, periodsOfYearHeld, STOPPED_MARK, yearBeforeFirst, type Entry } from './entries';
import { cellText, finishPackage } from './excel-text';
import { ioMessage } from './sources';
import { StoredZip } from './stored-zip';
import type { BuiltFile } from './export-unit';
import { bodyCell, fitRow, headerRow, printSetup, titleRow } from './style';

/**
 * The most evidence a package made through the API carries: it is gathered
 * in memory and crosses as base64 (as an imported original does,
 * ORIGINAL_API_MAX_BYTES). The command line's has no cap.
 */
export const PACKAGE_MAX_BYTES = 200 * 1024 * 1024;

/** Paths inside the package stay below this many characters (Windows' 260 with room for the folder it is unpacked into). */
const MAX_PATH_CHARS = 160;
/** Each name in it (a folder's, a file's) stays within this many UTF-8 bytes: what Linux file systems allow. */
const MAX_NAME_BYTES = 255;

/** A size as people read it: 512 KB, 3.2 MB. */
const sizeText = (bytes: number): string => (bytes === 0 ? '0 KB' : bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

export type PackageScope = { period: string } | { year: number };

interface Listed extends Entry {
  name: string;
  hash: string;
  size: number;
  /** Where it is in the package, or null when its bytes were not found intact. */
  path: string | null;
  state: string;
}

interface Unproven {
  entry: Entry;
  indicator: string;
}

/** The periods a scope covers, in order: a period (of any kind that holds reports), or a year's. */
function periodsOf(ctx: CoreContext, scope: PackageScope): { periods: Period[]; label: string } {
  if ('period' in scope) {
    const id = scope.period.trim().toUpperCase();
    // A period of the kind used before the kind was changed still has its evidence.
    if (isPeriodId(id) && ctx.store.reports.periodsOfYear(parsePeriod(id).year).includes(id)) {
      const p = parsePeriod(id);
      return { periods: [p], label: p.label };
    }
    const p = ctx.period(scope.period);
    ctx.requireNotFarAhead(p, '导出佐证材料包');
    return { periods: [p], label: p.label };
  }
  if (!Number.isInteger(scope.year) || scope.year < 2000 || scope.year > 2100) throw new AppError(ERROR_CODES.invalidInput, `年份“${scope.year}”不在 2000–2100 之间`);
  const periods = periodsOfYearHeld(ctx, scope.year);
  const before = periods.length === 0 ? yearBeforeFirst(ctx, scope.year) : null;
  if (before) throw new AppError(ERROR_CODES.invalidInput, `${before}，没有佐证材料可导出`);
  if (periods.length === 0) throw new AppError(ERROR_CODES.invalidInput, `${scope.year}年的报送周期还没有开始，没有佐证材料可导出`);
  return { periods, label: `${scope.year}年` };
}

/** A folder name of at most `max` characters, safe on every system (no trailing dot or space once shortened). */
const folder = (raw: string, max: number): string =>
  // A slash in a unit's name (区委/督查室) is part of the name, not a folder.
  cutTo(safeFileName(raw.replace(/[\\/]/g, '／')), max, MAX_NAME_BYTES).replace(/[.\s]+$/, '') || '未命名';

/** `name` within a folder, shortened so the path fits, numbered when the folder holds that name already: 照片.jpg, 照片 (2).jpg. */
function uniqueIn(taken: Set<string>, dir: string, name: string): string {
  const dot = name.lastIndexOf('.');
  const [stem0, ext] = dot > 0 && name.length - dot <= 10 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  const room = Math.max(8, MAX_PATH_CHARS - Array.from(dir).length - 1 - ext.length - 5);
  // And within a Linux file system's 255 bytes a name (a Chinese character is 3), room left for ` (12)`.
  const stem = cutTo(stem0, room, MAX_NAME_BYTES - utf8Bytes(ext) - 8).replace(/[.\s]+$/, '') || '文件';
  let path = `${dir}/${stem}${ext}`;
  for (let n = 2; taken.has(path.toLowerCase()); n++) path = `${dir}/${stem} (${n})${ext}`;
  taken.add(path.toLowerCase());
  return path;
}

/**
 * The package written to `sink` a piece at a time (each evidence file read,
 * checked and passed on, then let go); `limit`: the most evidence it may
 * carry (null: any).
 */
async function packEvidence(
  ctx: CoreContext,
  scope: PackageScope,
  limit: number | null,
  sink: (chunk: Uint8Array) => void,
  room: (bytes: number) => void = () => undefined,
): Promise<{ fileName: string; warnings: string[] }> {
  const { periods, label } = periodsOf(ctx, scope);
  const byYear = !('period' in scope);
  const own = ctx.role === 'unit' ? ctx.ownUnitCode : null;
  const ownName = own ? (ctx.store.units.byCode(own)?.name ?? own) : null;
  const root = folder(`${ownName ?? ''}佐证材料-${label}`, 60);
  const entries = entriesOf(ctx, periods, own);
  const listed: Listed[] = entries.flatMap((e) => (e.report?.evidence ?? []).map((ref) => ({ ...e, name: ref.name, hash: ref.hash, size: ref.size, path: null, state: '' })));
  const total = listed.reduce((a, l) => a + l.size, 0);
  if (limit !== null && total > limit) {
    throw new AppError(
      ERROR_CODES.invalidInput,
      `${label}的佐证材料共 ${(total / 1024 / 1024).toFixed(0)} MB，超过在此另存的上限 ${limit / 1024 / 1024} MB；请用命令行 evidence-package 导出（不限大小）${byYear ? '，或按报送周期分别导出' : ''}`,
    );
  }

  // Where it goes must hold it: refused before anything is written, not when the disk fills up half-way.
  room(total);
  const zip = new StoredZip(sink, ctx.now());
  const taken = new Set<string>();
  // One folder per unit: two names alike in their first characters get the unit's code.
  const unitFolders = new Map<string, string>();
  const usedFolders = new Set<string>();
  const unitFolder = (code: string, name: string): string => {
    let f = unitFolders.get(code);
    if (f === undefined) {
      f = folder(name, 30);
      if (usedFolders.has(f.toLowerCase())) f = folder(`${Array.from(name).slice(0, 22).join('')}（${code}）`, 34);
      usedFolders.add(f.toLowerCase());
      unitFolders.set(code, f);
    }
    return f;
  };
  let missing = 0;
  let damaged = 0;
  // Now and then the event loop gets its turn: in the desktop app the core shares the main process with the
  // window, which a package of gigabytes would otherwise freeze while it is written.
  const turn = turns();
  for (const l of listed) {
    await turn();
    // A year's: one folder per unit under its name now (renamed during the year: its periods' folders inside it), the
    // 目录 giving each file's unit under the name of its period; a period's: the unit under the name it had then.
    const stopped = l.unitName.endsWith(STOPPED_MARK) ? STOPPED_MARK : '';
    const unitName = byYear ? `${ctx.unitName(l.unit)}${stopped}` : l.unitName;
    const dir = [root, folder(l.taskTitle.replace(/^(\d+)\. /, (_, n: string) => `${n.padStart(2, '0')} `), 24), unitFolder(l.unit, unitName), ...(byYear ? [folder(l.period.label, 20)] : [])].join('/');
    const held = hashPath(evidenceDir(ctx.dbPath), l.hash);
    // A small file is read once; a large one twice, a piece at a time (checked first, then copied in), never whole in memory.
    let bytes: Buffer | null = null;
    let intact: boolean;
    // The large file's CRC-32 and size from the check, so its entry's header says them (no data descriptor).
    let known: { crc: number; size: number } | undefined;
    try {
      if (statSync(held).size <= WHOLE_FILE_BYTES) {
        bytes = readFileSync(held);
        intact = sha256(bytes) === l.hash;
      } else {
        let crc = 0;
        const check = await readInPieces(held, (b) => (crc = crc32(b, crc)), turn);
        intact = check.sha256 === l.hash;
        known = { crc, size: check.bytes };
      }
    } catch {
      missing++;
      l.state = '文件缺失，未收入';
      continue;
    }
    if (!intact) {
      damaged++;
      l.state = '文件已损坏，未收入';
      continue;
    }
    l.path = uniqueIn(taken, dir, safeFileName(l.name));
    l.state = '已收入';
    if (bytes) zip.add(l.path, bytes);
    else {
      const again = await zip.addFile(l.path, held, turn, (err) => new AppError(ERROR_CODES.evidenceDamaged, `佐证材料“${l.name}”在打包过程中无法读取（${ioMessage(err)}），材料包未导出，请重试`), known);
      if (again !== l.hash) throw new AppError(ERROR_CODES.evidenceDamaged, `佐证材料“${l.name}”在打包过程中被改动，材料包未导出，请重试`);
    }
  }

  // 待补佐证: a yes/no indicator answered 是 with no evidence file in the package.
  const proven = new Set(listed.filter((l) => l.path !== null).map((l) => `${l.unit}/${l.task}/${l.period.id}`));
  const unproven: Unproven[] = [];
  for (const e of entries) {
    if (!e.report || proven.has(`${e.unit}/${e.task}/${e.period.id}`)) continue;
    for (const ind of e.indicators) {
      if (ind.comparator === 'yes' && e.report.indicators[ind.id] === true) unproven.push({ entry: e, indicator: ind.name });
    }
  }

  zip.add(`${root}/目录.xlsx`, await indexWorkbook(ctx, label, ownName, listed, unproven, byYear));
  zip.end();
  const ask = own ? '请补充后重新导出报送文件' : '请有关单位重新报送';
  const warnings = [
    ...(listed.length === 0 ? [`${label}还没有任何佐证材料，材料包中只有目录`] : []),
    ...(missing > 0 ? [`${missing} 个佐证材料文件不在本机（可能已被删除），未收入，已在目录中注明；请从备份恢复，或${ask}`] : []),
    ...(damaged > 0 ? [`${damaged} 个佐证材料文件已损坏（内容与登记的摘要不符），未收入，已在目录中注明；请从备份恢复，或${ask}`] : []),
    ...(unproven.length > 0
      ? [
          // Which, for the first few (the rest are in the list the package carries).
          `${unproven.length} 项“是否”类指标填了“是”但没有附佐证材料（${unproven
            .slice(0, 3)
            .map((u) => `${u.entry.unitName} 第 ${u.entry.task} 项“${u.indicator}”${byYear ? `（${u.entry.period.label}）` : ''}`)
            .join('、')}${unproven.length > 3 ? ' 等' : ''}），已列在压缩包内“目录.xlsx”的“待补佐证”表中`,
        ]
      : []),
  ];
  return { fileName: safeFileName(`${ownName ?? '济阳区生态文明建设'}佐证材料-${label}.zip`), warnings };
}

/** The package in memory, for the API (it crosses as base64): at most PACKAGE_MAX_BYTES of evidence. */
export async function buildEvidencePackage(ctx: CoreContext, scope: PackageScope): Promise<BuiltFile & { warnings: string[] }> {
  const chunks: Uint8Array[] = [];
  const { fileName, warnings } = await packEvidence(ctx, scope, PACKAGE_MAX_BYTES, (c) => chunks.push(c));
  const data = Buffer.concat(chunks);
  return { fileName, data, sha256: sha256(data), warnings };
}

/**
 * The package written to `target` (the command line): any size, a file at a
 * time, to a temporary file beside it that is synced and renamed (a failure
 * leaves nothing). `disk`: how a refusal for want of room names the disk and
 * what to do (the app's package is made in its data folder first).
 */
export async function writeEvidencePackage(
  ctx: CoreContext,
  scope: PackageScope,
  target: string,
  disk?: { place: string; advice: string },
): Promise<{ fileName: string; warnings: string[]; bytes: number; sha256: string }> {
  const h = createHash('sha256');
  let bytes = 0;
  const done = await writeAtomicallyWith(target, (write) =>
    packEvidence(
      ctx,
      scope,
      null,
      (chunk) => {
        write(chunk);
        h.update(chunk);
        bytes += chunk.length;
      },
      (total) => ensureRoom(target, total, '佐证材料包', disk?.place, disk?.advice),
    ),
  );
  return { ...done, bytes, sha256: h.digest('hex') };
}

async function indexWorkbook(ctx: CoreContext, label: string, ownName: string | null, listed: readonly Listed[], unproven: readonly Unproven[], byYear: boolean): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '生态文明建设任务进度填报系统';
  wb.created = ctx.now();
  const ws = wb.addWorksheet('目录');
  const heads = ['序号', '重点任务', '责任单位', '牵头/配合', '报送周期', '文件名', '大小（KB）', '包内位置', 'SHA-256 摘要', '状态'];
  titleRow(ws, 1, heads.length, `济阳区巩固提升国家生态文明建设示范区创建成果佐证材料目录${ownName ? `（${ownName}）` : ''}`, 16);
  titleRow(ws, 2, heads.length, `（${label}${byYear ? '，各报送周期' : ''}；编制日期：${formatChineseDate(ctx.today())}）`, 12);
  headerRow(ws, 3, heads, [5, 20, 12, 6, 10, 22, 7, 40, 34, 12]);
  listed.forEach((l, i) => {
    const r = i + 4;
    bodyCell(ws, r, 1, i + 1, true);
    bodyCell(ws, r, 2, cellText(l.taskTitle));
    bodyCell(ws, r, 3, cellText(l.unitName));
    bodyCell(ws, r, 4, l.role, true);
    bodyCell(ws, r, 5, l.period.label, true);
    bodyCell(ws, r, 6, cellText(l.name));
    bodyCell(ws, r, 7, Math.max(l.size > 0 ? 1 : 0, Math.round(l.size / 1024)), true);
    bodyCell(ws, r, 8, cellText(l.path ?? '—'));
    bodyCell(ws, r, 9, l.hash);
    const state = bodyCell(ws, r, 10, l.state, true);
    // The style objects are shared between cells: a new one for this cell.
    if (l.path === null) state.style = { ...state.style, font: { ...state.style.font, color: { argb: 'FFCF1322' } } };
    // Rows as tall as their texts (spreadsheet programs do not grow rows by themselves); the digest wraps in two lines.
    fitRow(ws, r, [2, 6, 8, 9].map((col) => ({ col, text: String(ws.getCell(r, col).value ?? '') })));
  });
  const end = listed.length + 4;
  ws.mergeCells(end, 1, end, heads.length);
  const kept = listed.filter((l) => l.path !== null);
  ws.getCell(end, 1).value = `合计：佐证材料 ${listed.length} 个，已收入 ${kept.length} 个（${sizeText(kept.reduce((a, l) => a + l.size, 0))}）${listed.length > kept.length ? `，未收入 ${listed.length - kept.length} 个` : ''}`;
  if (listed.length > 0) ws.autoFilter = { from: { row: 3, column: 1 }, to: { row: end - 1, column: heads.length } };
  printSetup(ws, 3);

  const todo = wb.addWorksheet('待补佐证');
  const heads2 = ['序号', '重点任务', '责任单位', '报送周期', '指标', '说明'];
  titleRow(todo, 1, heads2.length, `填了“是”但没有附佐证材料的指标（${label}）`, 14);
  headerRow(todo, 2, heads2, [5, 24, 14, 10, 30, 26]);
  unproven.forEach((u, i) => {
    const r = i + 3;
    bodyCell(todo, r, 1, i + 1, true);
    bodyCell(todo, r, 2, cellText(u.entry.taskTitle));
    bodyCell(todo, r, 3, cellText(u.entry.unitName));
    bodyCell(todo, r, 4, u.entry.period.label, true);
    bodyCell(todo, r, 5, cellText(u.indicator));
    bodyCell(todo, r, 6, ownName ? '请补充佐证材料后重新导出报送文件' : '请该单位补充佐证材料后重新报送');
    fitRow(todo, r, [2, 5].map((col) => ({ col, text: String(todo.getCell(r, col).value ?? '') })));
  });
  if (unproven.length === 0) {
    todo.mergeCells(3, 1, 3, heads2.length);
    todo.getCell(3, 1).value = '无：填了“是”的指标都附有佐证材料';
  }
  printSetup(todo, 2);
  return finishPackage(new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer));
}

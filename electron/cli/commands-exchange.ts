/** Command-line commands of the Excel exchange (export, import, template, setup, summary). */
import { existsSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { DRY_RUN_STATUS_LABELS, evidenceMissingText, unlistedText, IMPORT_STATUS_LABELS, IMPORT_STATUSES, periodsTaken, type ImportFileResult, type ImportReport, type ImportRunView } from '../../shared/api/exchange';
import { firstSentText, formatChineseDateTime, revisionText } from '../../shared/period';
import { problemLines } from '../../shared/import-words';
import { AppError, ERROR_CODES } from '../../shared/errors';
import { writeEvidencePackage } from '../core/exchange/evidence-package';
import { writeUnitBundle } from '../core/exchange/export-unit';
import { copyOriginal, lastPart, locateOriginal } from '../core/exchange/handlers';
import { importPaths, warmImports } from '../core/exchange/import-run';
import { safeFileName } from '../core/services/reports';
import { checkWriteTarget, missingFolders, readFileChecked, writeFileAtomic, writeProblem } from '../core/fsutil';
import { flag, str, UsageError, type OptionSpec, type Parsed } from './args';
import { call, fourDigitYear, out, withCore, withNewDatabase, type Command } from './commands';
import { toApiError, type Core } from '../core/service';
import { translateSqliteError } from '../core/store/db';
import type { CliIO } from './io';

const db: OptionSpec = { value: true, required: true };
const json: OptionSpec = { value: false };
const reqd: OptionSpec = { value: true, required: true };

/** --out, checked before anything is built (an export counts a revision): it must end with one of `allowed`, and not be a folder. */
function outPath(p: Parsed, allowed: readonly string[]): string {
  const target = str(p, 'out') as string;
  if (!allowed.includes(extname(target).toLowerCase())) throw new AppError(ERROR_CODES.invalidInput, `--out 应以 ${allowed.join(' 或 ')} 结尾，“${target}”不是`);
  checkWriteTarget(target, { overwrite: true, notOver: str(p, 'db') });
  return target;
}

/**
 * Where a file of extension `want` asked for at `target` goes. A unit's
 * bundle is a .zip when it has evidence files and an .xlsx otherwise: when
 * that is not what `target` ends with, it goes beside it under the right
 * extension (never over an existing file) and `note` says so.
 */
function placeFor(target: string, want: string, what?: string): { path: string; note: string } {
  const placed = placeBeside(target, want, what);
  // Folders that writing it will make are said (a folder name mistyped would otherwise go unnoticed).
  const made = missingFolders(placed.path);
  return made.length > 0 ? { ...placed, note: `${placed.note}（新建了文件夹“${made.at(-1)}”）` } : placed;
}

function placeBeside(target: string, want: string, what?: string): { path: string; note: string } {
  if (extname(target).toLowerCase() === want) return { path: target, note: '' };
  const path = `${target.slice(0, target.length - extname(target).length)}${want}`;
  const why = what
    ? `${what}是 ${want || '无扩展名的'} 文件`
    : want === '.zip'
      ? '此单位本期有佐证材料，报送文件是 .zip 压缩包（工作簿和佐证材料）'
      : '此单位本期没有佐证材料，报送文件是 .xlsx 工作簿';
  if (existsSync(path)) throw new AppError(ERROR_CODES.outputExists, `${why}，应写到“${path}”，但该文件已存在；请用 --out 另给一个 ${want} 文件名`);
  return { path, note: what ? `（${why}，不是 ${extname(target) || '无扩展名的'} 文件）` : `（${why}，已写成 ${want} 文件）` };
}

/** Writes the bytes where `placeFor` says (temporary file, then rename). */
function save(target: string, fileName: string, dataBase64: string): { path: string; note: string } {
  const { path, note } = placeFor(target, extname(fileName).toLowerCase());
  try {
    writeFileAtomic(path, Buffer.from(dataBase64, 'base64'));
  } catch (err) {
    throw writeProblem(path, err);
  }
  return { path, note };
}

/** One file's outcome: its line, its errors and warnings; with `digests`, the SHA-256 its original is archived under (and its .zip's). */
function fileLines(f: ImportFileResult, indent: string, digests: boolean, dryRun = false): string[] {
  const who = f.unitName ? ` — ${f.unitName} ${f.period ?? ''}${f.revision !== null ? ` ${revisionText(f.revision)}` : ''}` : '';
  const said = [f.sent ? firstSentText(f.sent) : '', evidenceMissingText(f.evidenceMissing)].filter(Boolean).join('；');
  const lines = [`${indent}[${(dryRun ? DRY_RUN_STATUS_LABELS : IMPORT_STATUS_LABELS)[f.status]}] ${f.file}${who}${said ? `（${said}）` : ''}`];
  const more = `${indent}    `;
  for (const l of problemLines(f)) lines.push(`${more}${l}`);
  if (digests && f.status !== 'rejected') {
    lines.push(`${more}原件 SHA-256：${f.sha256}`);
    if (f.container) lines.push(`${more}所在压缩包“${f.container.file}”SHA-256：${f.container.sha256}`);
  }
  return lines;
}

function humanImport(r: ImportReport): string {
  const lines = r.files.flatMap((f) => fileLines(f, '', false, r.dryRun));
  if (r.skipped.length > 0) lines.push(`已跳过 ${r.skipped.length} 个不是工作簿或压缩包的文件：${r.skipped.join('、')}`);
  if (r.unlisted.length > 0) lines.push(unlistedText(r.unlisted));
  // Which periods the files are for (a file for the period before, sent by mistake, shows here), as the import centre says.
  const periods = periodsTaken(r.files);
  if (periods.length > 0) lines.push(`${r.dryRun ? '将导入' : '本次导入'}的报送周期：${periods.map((x) => `${x.label}（${x.units} 个单位）`).join('；')}`);
  lines.push(
    `${r.dryRun ? '（试运行，未写入任何数据）' : ''}共 ${r.totals.files} 个文件：${IMPORT_STATUSES.map((s) => `${(r.dryRun ? DRY_RUN_STATUS_LABELS : IMPORT_STATUS_LABELS)[s]} ${r.totals[s]}`).join('，')}`,
  );
  return lines.join('\n');
}

async function runImport(p: Parsed, io: CliIO): Promise<number> {
  if (p.positionals.length === 0) throw new UsageError('请给出要导入的文件、文件夹或压缩包');
  // A path mistyped is a mistake in the command, not a file received: nothing is imported until every path is there.
  const missing = p.positionals.filter((x) => !existsSync(x));
  if (missing.length > 0) {
    throw new AppError(
      ERROR_CODES.notFound,
      `找不到${missing.map((x) => `“${resolve(x)}”`).join('、')}（路径是否写错？），未导入任何文件`,
      missing.map((x) => ({ file: resolve(x), message: '找不到该文件或文件夹' })),
    );
  }
  const dryRun = flag(p, 'dry-run');
  // The parser workers start while the database opens.
  void warmImports();
  // A dry run writes nothing: not even the daily backup of opening the database.
  const report = await withCore(
    p,
    io,
    async (core) => {
      core.ctx.requireInitialized();
      return importPaths(core.ctx, p.positionals, { dryRun });
    },
    // Every file refused: no run is recorded, nothing written; the day's backup goes as a refused command's does.
    { backup: !dryRun, keptNothing: (r) => r.runId === null },
  );
  // As JSON every error has its sheet, row and column, null where there is none (a file-level error).
  const json = { ...report, files: report.files.map((f) => ({ ...f, errors: f.errors.map((e) => ({ ...e, sheet: e.sheet ?? null, row: e.row ?? null, column: e.column ?? null })) })) };
  out(io, p, json, () => humanImport(report));
  if (report.totals.files === 0) {
    io.stderr(`错误 [nothing_to_import]: 给出的路径中没有找到可导入的文件（.xlsx、.xls、.ods 或 .zip）${report.skipped.length > 0 ? `，只有 ${report.skipped.length} 个其他文件（已跳过）` : ''}\n`);
    return 1;
  }
  if (report.totals.rejected === 0) return 0;
  // The report says why each was refused; stderr says that some were, as every refusal does.
  io.stderr(`错误 [import_rejected]: ${report.totals.rejected} 个文件被拒收，原因见${flag(p, 'json') ? ' JSON 报告中各文件的 errors' : '上方各文件的“错误”'}\n`);
  return 1;
}

const isFolder = (p: string): boolean => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

function humanRuns(runs: ImportRunView[]): string {
  if (runs.length === 0) return '还没有导入记录';
  return runs
    .flatMap((r) => [
      `${formatChineseDateTime(r.startedAt)} 导入 ${r.files.length} 个文件${r.finishedAt ? '' : '（未完成）'}`,
      ...r.files.flatMap((f) => fileLines(f, '  ', true)),
      ...(r.unlisted.length > 0 ? [`  ${unlistedText(r.unlisted)}`] : []),
    ])
    .join('\n');
}

function limitOf(p: Parsed): number | undefined {
  const raw = str(p, 'limit');
  if (raw === undefined) return undefined;
  if (!/^\d{1,4}$/.test(raw) || Number(raw) < 1 || Number(raw) > 1000) throw new AppError(ERROR_CODES.invalidInput, `--limit 应为 1 到 1000 之间的整数，“${raw}”不是`);
  return Number(raw);
}

export const EXCHANGE_COMMANDS: Record<string, Command> = {
  export: {
    summary: '导出单位某周期的报送工作簿（有佐证材料时为 .zip），版本号加一',
    usage: 'export --db FILE --unit NAME --period P --out FILE.xlsx|FILE.zip [--json]',
    options: { db, unit: reqd, period: reqd, out: reqd, json },
    async run(p, io) {
      const target = outPath(p, ['.xlsx', '.zip']);
      let note = '';
      const f = await withCore(p, io, async (core) => {
        // Where the bundle goes is checked before the export counts its revision: a .zip when any report has evidence files.
        const view = await call(core, 'reports.forUnit', { unit: str(p, 'unit'), period: str(p, 'period') });
        placeFor(target, view.tasks.some((t) => (t.report?.evidence.length ?? 0) > 0) ? '.zip' : '.xlsx');
        // Written straight to its file, a piece at a time: a bundle of any size (the app's one-shot route crosses the API).
        let path = target;
        try {
          return await writeUnitBundle(core.ctx, view.unit.code, view.period.id, 'unit', (fileName) => {
            const placed = placeFor(target, extname(fileName).toLowerCase());
            note = placed.note;
            path = placed.path;
            return path;
          });
        } catch (err) {
          // The database's own failure (read-only, busy, full) is the database's, not the file's being written.
          const sqlite = String((err as { code?: unknown }).code ?? '').startsWith('SQLITE_');
          throw err instanceof AppError ? err : sqlite ? (translateSqliteError(err, core.ctx.dbPath) ?? toApiError(err)) : writeProblem(path, err);
        }
      });
      const path = f.path;
      // A closed period among them (the bureau's import refuses such a file), as the app asks before it exports one.
      return out(io, p, { path, fileName: f.fileName, bytes: f.bytes, sha256: f.sha256, revision: f.revision, warnings: f.warnings ?? [] }, () =>
        [`已导出 ${path}（第 ${f.revision} 版，${f.bytes} 字节）${note}`, ...(f.warnings ?? []).map((w) => `注意：${w}`)].join('\n'),
      );
    },
  },
  template: {
    summary: '导出手工填写模板（供未安装本系统的单位用 Excel/WPS 填写）',
    usage: 'template --db FILE --unit NAME --period P --out FILE.xlsx [--json]',
    options: { db, unit: reqd, period: reqd, out: reqd, json },
    async run(p, io) {
      const target = outPath(p, ['.xlsx']);
      const f = await withCore(p, io, (core) => call(core, 'exchange.template', { unit: str(p, 'unit'), period: str(p, 'period') }));
      const { path, note } = save(target, f.fileName, f.dataBase64);
      return out(io, p, { path, bytes: f.bytes, sha256: f.sha256, warnings: f.warnings ?? [] }, () => [`已导出填写模板 ${path}${note}`, ...(f.warnings ?? []).map((w) => `注意：${w}`)].join('\n'));
    },
  },
  'setup-export': {
    summary: '导出设置文件（任务清单、单位名单、报送周期），发给各填报单位；--unit 为发给某单位的（含该单位的退回原因、审核备注和督办单）',
    usage: 'setup-export --db FILE --out FILE.xlsx [--unit NAME] [--json]',
    options: { db, out: reqd, unit: { value: true }, json },
    async run(p, io) {
      const target = outPath(p, ['.xlsx']);
      const unit = str(p, 'unit');
      const f = await withCore(p, io, (core) => call(core, 'exchange.setupExport', unit === undefined ? {} : { unit }));
      const { path, note } = save(target, f.fileName, f.dataBase64);
      return out(io, p, { path, bytes: f.bytes, sha256: f.sha256 }, () => `已导出设置文件 ${path}${note}`);
    },
  },
  'setup-import': {
    summary: '导入区局下发的设置文件（更新任务清单、单位名单、报送周期）；加 --unit 时从它新建本单位的数据库',
    usage: 'setup-import --db FILE [--unit NAME] FILE.xlsx [--json]',
    options: { db, unit: { value: true }, json },
    positionals: true,
    async run(p, io) {
      if (p.positionals.length !== 1) throw new UsageError(p.positionals.length === 0 ? '请给出一个设置文件' : `设置文件只能给一个（收到 ${p.positionals.length} 个）`);
      const file = p.positionals[0] as string;
      const data = readFileChecked(file, 50 * 1024 * 1024, '设置文件');
      const unit = str(p, 'unit');
      // No database yet and no unit named: most likely a unit's first run, which names its unit to make one.
      if (unit === undefined && !existsSync(str(p, 'db') as string)) {
        throw new AppError(ERROR_CODES.notInitialized, `数据库文件“${str(p, 'db') as string}”不存在：填报单位第一次使用时加 --unit 本单位名称，从区局的设置文件新建本单位的数据库（setup-import --db 数据库 --unit 单位 设置文件）；区局请先运行 init 创建`);
      }
      const adopt = (core: Core) => call(core, 'exchange.setupImport', { file: { name: basename(file), dataBase64: data.toString('base64') }, ...(unit !== undefined ? { unit } : {}) });
      // With --unit: the unit's first run from the bureau's file (a unit the default list may not know), on a new database.
      const r = unit !== undefined && !existsSync(str(p, 'db') as string) ? await withNewDatabase(p, io, adopt) : await withCore(p, io, adopt);
      return out(io, p, r, () => [`已导入设置：任务清单版本 ${r.previousCatalogVersion === r.catalogVersion ? `${r.catalogVersion}（未变）` : `${r.previousCatalogVersion ?? '无'} → ${r.catalogVersion}`}，单位 ${r.units} 个`, ...(r.told ?? []).map((t) => `区局告知：${t}`), ...r.warnings.map((w) => `注意：${w}`)].join('\n'));
    },
  },
  import: {
    summary: '区局批量导入单位报送文件（文件、文件夹或压缩包）',
    usage: 'import --db FILE [--dry-run] [--json] PATH...',
    options: { db, 'dry-run': { value: false }, json },
    positionals: true,
    run: runImport,
  },
  imports: {
    summary: '列出导入记录（最近的在前）：每个文件的结果及其原件的 SHA-256 摘要',
    usage: 'imports --db FILE [--limit N] [--json]',
    options: { db, limit: { value: true }, json },
    async run(p, io) {
      const limit = limitOf(p) ?? 20;
      const runs = await withCore(p, io, (core) => call(core, 'exchange.importRuns', { limit }));
      return out(io, p, runs, () => humanRuns(runs));
    },
  },
  'import-report': {
    summary: '导出一次导入的结果明细（.xlsx）：每个文件的单位、周期、版本、结果及错误（表、行、列）和提示，可打印或转告报送单位',
    usage: 'import-report --db FILE --out FILE.xlsx [--run ID] [--json]',
    options: { db, out: reqd, run: { value: true }, json },
    async run(p, io) {
      const target = outPath(p, ['.xlsx']);
      const runId = str(p, 'run');
      const f = await withCore(p, io, (core) => call(core, 'exchange.importRunExport', runId !== undefined ? { runId } : {}));
      const { path, note } = save(target, f.fileName, f.dataBase64);
      return out(io, p, { path, bytes: f.bytes, sha256: f.sha256 }, () => `已导出导入结果明细 ${path}${note}`);
    },
  },
  original: {
    summary: '取回导入过的文件原件（工作簿或其所在压缩包），按 SHA-256 摘要，见 imports',
    usage: 'original --db FILE --sha256 HASH --out FILE|FOLDER [--json]',
    options: { db, sha256: reqd, out: reqd, json },
    async run(p, io) {
      const hash = (str(p, 'sha256') as string).trim().toLowerCase();
      if (!/^[0-9a-f]{64}$/.test(hash)) throw new AppError(ERROR_CODES.invalidInput, `--sha256 应为 64 位十六进制数字（见 imports 列出的摘要），“${str(p, 'sha256')}”不是`);
      const out0 = str(p, 'out') as string;
      // A folder: one there, or a path ending in / or \ (made once the copy is checked).
      const intoFolder = isFolder(out0) || /[\\/]$/.test(out0);
      if (!intoFolder) checkWriteTarget(out0, { overwrite: true, notOver: str(p, 'db') });
      const done = await withCore(p, io, async (core) => {
        const { name } = locateOriginal(core.ctx, hash);
        const received = safeFileName(lastPart(name));
        // Into a folder: under the name it was received as. Else where --out says, with the extension the file has.
        const { path, note } = intoFolder ? { path: join(out0, received), note: '' } : placeFor(out0, extname(received).toLowerCase(), '原件');
        if (intoFolder) checkWriteTarget(path, { overwrite: false, notOver: str(p, 'db') });
        try {
          return { path, note, ...(await copyOriginal(core.ctx, hash, path)) };
        } catch (err) {
          throw err instanceof AppError ? err : writeProblem(path, err);
        }
      });
      return out(io, p, { path: done.path, fileName: done.name, bytes: done.bytes, sha256: hash }, () => `已取回“${done.name}”的原件，写到 ${done.path}（${done.bytes} 字节）${done.note}`);
    },
  },
  'evidence-package': {
    summary: '导出佐证材料包（.zip）：某报送周期或某年的全部佐证材料，按任务、单位分文件夹，附目录工作簿',
    usage: 'evidence-package --db FILE (--period P | --year YYYY) --out FILE.zip [--json]',
    options: { db, period: { value: true }, year: { value: true }, out: reqd, json },
    async run(p, io) {
      const period = str(p, 'period');
      const year = str(p, 'year');
      if ((period === undefined) === (year === undefined)) throw new UsageError('请给出 --period 或 --year 之一');
      if (year !== undefined) fourDigitYear(year);
      const target = outPath(p, ['.zip']);
      const { note } = placeFor(target, '.zip');
      // Written straight to its file, a piece at a time: any size (the app's own route crosses the API and stops at 200 MB).
      const f = await withCore(p, io, async (core) => {
        core.ctx.requireInitialized();
        try {
          return await writeEvidencePackage(core.ctx, year !== undefined ? { year: Number(year) } : { period: period as string }, target);
        } catch (err) {
          throw err instanceof AppError ? err : writeProblem(target, err);
        }
      });
      return out(io, p, { path: target, bytes: f.bytes, sha256: f.sha256, warnings: f.warnings }, () => [`已导出佐证材料包 ${target}（${f.bytes} 字节）${note}`, ...f.warnings.map((w) => `注意：${w}`)].join('\n'));
    },
  },
  'ledger-export': {
    summary: '导出某年的工作台账（.xlsx）：每项任务、每个责任单位、每个报送周期一行，可筛选；附各单位报送台账',
    usage: 'ledger-export --db FILE --year YYYY --out FILE.xlsx [--json]',
    options: { db, year: reqd, out: reqd, json },
    async run(p, io) {
      const year = fourDigitYear(str(p, 'year') as string);
      const target = outPath(p, ['.xlsx']);
      const f = await withCore(p, io, (core) => call(core, 'exchange.ledgerExport', { year }));
      const { path, note } = save(target, f.fileName, f.dataBase64);
      return out(io, p, { path, bytes: f.bytes, sha256: f.sha256, warnings: f.warnings ?? [] }, () => [`已导出工作台账 ${path}${note}`, ...(f.warnings ?? []).map((w) => `注意：${w}`)].join('\n'));
    },
  },
  'summary-export': {
    summary: '导出区汇总工作簿（报市局）：任务×单位进展、指标达标、报送情况',
    usage: 'summary-export --db FILE --period P --out FILE.xlsx [--json]',
    options: { db, period: reqd, out: reqd, json },
    async run(p, io) {
      const target = outPath(p, ['.xlsx']);
      const f = await withCore(p, io, (core) => call(core, 'exchange.summaryExport', { period: str(p, 'period') }));
      const { path, note } = save(target, f.fileName, f.dataBase64);
      return out(io, p, { path, bytes: f.bytes, sha256: f.sha256 }, () => `已导出汇总表 ${path}${note}`);
    },
  },
};

/**
 * 导入结果明细: one import run's outcome as a workbook the bureau can print, file or send on (to the units whose files
 * were refused, with why and where), as DHIS2 lets an import summary be downloaded. Each file received, whose it is,
 * for which period, the outcome, and every error (sheet, row, column) and hint, as the import centre shows them.
 */
import ExcelJS from 'exceljs';
import { IMPORT_STATUS_LABELS, evidenceMissingText, unlistedText, type ImportFileResult, type ImportRunView } from '../../../shared/api/exchange';
import { AppError, ERROR_CODES } from '../../../shared/errors';
import { problemLines, runSaid } from '../../../shared/import-words';
import { formatChineseDateTime, isPeriodId, parsePeriod, revisionText } from '../../../shared/period';
import type { CoreContext } from '../context';
import { sha256 } from '../fsutil';
import { safeFileName } from '../services/reports';
import { cellText as xmlSafe, finishPackage } from './excel-text';
import type { BuiltFile } from './export-unit';
import { bodyCell, fitRow, headerRow, noteRow, printSetup, titleRow } from './style';

/** Past import runs with every file's outcome, newest first (as stored: no 按时/逾期, which would go stale). */
export function importRuns(ctx: CoreContext, limit: number): ImportRunView[] {
  return ctx.store.imports.runs(limit).map((run) => runView(ctx, run));
}

function runView(ctx: CoreContext, run: { id: string; startedAt: string; finishedAt: string | null; unlisted: string[] }): ImportRunView {
  return {
    ...run,
    files: ctx.store.imports.filesOf(run.id).map(
      (f): ImportFileResult => ({
        file: f.fileName,
        status: f.status,
        unit: f.unit,
        unitName: f.unit ? (ctx.store.units.byCode(f.unit)?.name ?? f.unit) : null,
        period: f.period,
        revision: f.revision,
        sha256: f.fileHash,
        errors: JSON.parse(f.errors) as ImportFileResult['errors'],
        warnings: JSON.parse(f.warnings) as string[],
        ...(f.evidenceMissing.length > 0 ? { evidenceMissing: f.evidenceMissing.length, evidenceMissingFiles: f.evidenceMissing } : {}),
        ...(f.containerName !== null && f.containerHash !== null ? { container: { file: f.containerName, sha256: f.containerHash } } : {}),
      }),
    ),
  };
}

const HEADS = ['序号', '文件', '单位', '报送周期', '版本', '结果', '错误与提示'] as const;
const WIDTHS = [5, 30, 14, 13, 8, 10, 60] as const;

/** The workbook of the import run `runId` (`exchange.importRuns`'s id); the newest run when none is given. */
export async function exportImportRun(ctx: CoreContext, runId?: string): Promise<BuiltFile> {
  ctx.requireInitialized();
  const found = runId === undefined ? ctx.store.imports.runs(1)[0] : ctx.store.imports.run(runId);
  const run = found ? runView(ctx, found) : undefined;
  if (!run) throw new AppError(ERROR_CODES.notFound, runId === undefined ? '还没有导入记录' : `找不到这次导入的记录（${runId}）：请从导入记录中选择`);
  const wb = new ExcelJS.Workbook();
  wb.creator = '生态文明建设任务进度填报系统';
  wb.created = ctx.now();
  const ws = wb.addWorksheet('导入结果');
  titleRow(ws, 1, HEADS.length, '报送文件导入结果明细', 16);
  titleRow(ws, 2, HEADS.length, `导入时间：${formatChineseDateTime(run.startedAt)}${run.finishedAt ? '' : '（未完成）'}\u3000${runSaid(run.files)}`, 11);
  ws.getCell(2, 1).alignment = { horizontal: 'left', vertical: 'middle', wrapText: true };
  headerRow(ws, 3, HEADS, WIDTHS);
  run.files.forEach((f, i) => {
    const r = i + 4;
    const period = f.period && isPeriodId(f.period) ? parsePeriod(f.period).label : (f.period ?? '—');
    const result = `${IMPORT_STATUS_LABELS[f.status]}${f.evidenceMissing ? `（${evidenceMissingText(f.evidenceMissing)}）` : ''}`;
    const problems = xmlSafe(problemLines(f).join('\n') || '—');
    fitRow(ws, r, [
      { text: f.file, col: 2 },
      { text: f.unitName ?? '—', col: 3 },
      { text: result, col: 6 },
      { text: problems, col: 7 },
    ]);
    bodyCell(ws, r, 1, i + 1, true);
    bodyCell(ws, r, 2, xmlSafe(f.file));
    bodyCell(ws, r, 3, f.unitName ?? '—');
    bodyCell(ws, r, 4, period, true);
    bodyCell(ws, r, 5, revisionText(f.revision), true);
    bodyCell(ws, r, 6, result, true);
    bodyCell(ws, r, 7, problems);
  });
  let r = run.files.length + 5;
  if (run.unlisted.length > 0) noteRow(ws, r++, HEADS.length, xmlSafe(unlistedText(run.unlisted)));
  noteRow(ws, r, HEADS.length, '已导入：新收到的报送；已更新：同一单位同一周期的新版本，旧版本留存于历史记录；无变化：已有相同内容，只作记录；旧版本：早于已有版本，存档，不采用；已拒绝：未导入，请按“错误”所列修改后重新报送。');
  printSetup(ws, 3);
  const data = finishPackage(new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer));
  // 2021年10月3日10时00分: when the run began, in China time, as people name such a file.
  const stamp = formatChineseDateTime(run.startedAt).replace(/ (\d{1,2}):(\d{2})$/, '$1时$2分');
  return { fileName: safeFileName(`导入结果-${stamp}.xlsx`), data, sha256: sha256(data) };
}

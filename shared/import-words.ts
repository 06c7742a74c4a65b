/** How an import's outcome is said (the import centre, the result workbook): what came in, how much of it, and for which periods. */
import { IMPORT_STATUSES, problemText, type ImportFileResult, type ImportStatus } from './api/exchange';

const SHORT: Record<ImportStatus, string> = { imported: '已导入', updated: '已更新', unchanged: '无变化', stale: '旧版本', rejected: '已拒绝' };

/** The file as received: for a workbook inside a zip (`a/收件.zip/x/u.xlsx`), the outermost zip (`a/收件.zip`). */
export const receivedAs = (r: ImportFileResult): string => /^(.*?\.zip)[\\/]/i.exec(r.file)?.[1] ?? r.file;

export const lastPart = (name: string): string => name.split(/[\\/]/).pop() || name;

/**
 * How many files were received and how many workbooks they held: "3 个文件",
 * or "1 个文件（“收件.zip”），含 4 个工作簿". A row is a workbook, or a file
 * refused as a whole.
 */
export function filesSaid(rows: ImportFileResult[]): string {
  const received = [...new Set(rows.map(receivedAs))];
  const named = received.length === 1 && received[0] !== rows[0]?.file ? `（“${lastPart(received[0]!)}”）` : '';
  return `${received.length} 个文件${named}${rows.length !== received.length ? `，含 ${rows.length} 个工作簿` : ''}`;
}

/** Each outcome that occurred, with its count: "已导入 10，已拒绝 1", and the files taken without some of their evidence. */
export function outcomesSaid(rows: ImportFileResult[]): string {
  const counts = IMPORT_STATUSES.flatMap((s) => {
    const n = rows.filter((r) => r.status === s).length;
    return n > 0 ? [`${SHORT[s]} ${n}`] : [];
  }).join('，');
  return `${counts}${evidenceShortSaid(rows)}`;
}

/** "；其中 2 个缺佐证材料" (`among`: said after other counts; else "；2 个缺佐证材料") when files were (or would be) taken without some of the evidence they list; else nothing. */
export function evidenceShortSaid(rows: ImportFileResult[], among = true): string {
  const n = rows.filter((r) => (r.evidenceMissing ?? 0) > 0).length;
  return n > 0 ? `；${among ? '其中 ' : ''}${n} 个缺佐证材料` : '';
}

/** A file's errors, then its hints, one to a line (错误：…, 提示：…), as the command line and the result workbook say them. */
export function problemLines(f: Pick<ImportFileResult, 'errors' | 'warnings'>): string[] {
  return [...f.errors.map((e) => `错误：${problemText(e)}`), ...f.warnings.map((w) => `提示：${w}`)];
}

/** A past import's heading: "3 个文件：已导入 2，已拒绝 1". */
export const runSaid = (rows: ImportFileResult[]): string => (rows.length === 0 ? '没有文件' : `${filesSaid(rows)}：${outcomesSaid(rows)}`);

export { periodsTaken, type PeriodTaken } from './api/exchange';

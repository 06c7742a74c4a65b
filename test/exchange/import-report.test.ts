/**
 * 导入结果明细: an import run's outcome as a workbook (the import centre's 导出结果明细, the command line's
 * import-report): every file with its unit, period, version and outcome, every error by sheet, row and column, every
 * hint; the newest run by default, any run by its id; an unknown id refused, naming it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import type { Core } from '../../electron/core/service';
import { cli, newBureau, tempDir } from '../helpers/db';
import { editedCopy, exportTo, importFiles, newUnit, PERIOD, reportOne, TOWN } from './helpers';

const open: Core[] = [];
afterAll(() => {
  for (const c of open) c.close();
});

const rowsOf = (bytes: Buffer): string[][] => XLSX.utils.sheet_to_json<string[]>(XLSX.read(bytes).Sheets['导入结果']!, { header: 1, defval: '' });

describe('导入结果明细', () => {
  it('lists every file of a run with its outcome, errors by sheet, row and column, and hints; the newest run by default, any run by id', async () => {
    const dir = tempDir('eco-import-report-');
    const unit = await newUnit(dir);
    const bureau = await newBureau(dir);
    open.push(unit.core, bureau.core);
    await reportOne(unit.core);
    const good = await exportTo(unit.core, dir, TOWN, PERIOD, 'good.xlsx');
    // The same file with 完成比例 150: refused at its cell.
    const bad = await editedCopy(good, join(dir, 'bad.xlsx'), (wb) => {
      wb.getWorksheet('工作进展')!.getRow(4).getCell(6).value = 150;
    });
    const junk = join(dir, '说明.xlsx');
    writeFileSync(junk, 'not a workbook');
    const first = await importFiles(bureau.core, [good, bad, junk]);
    expect(first.files.map((f) => f.status)).toEqual(['imported', 'rejected', 'rejected']);
    const second = await importFiles(bureau.core, [good]);

    // By id: the first run.
    const byId = await bureau.core.run('exchange.importRunExport', { runId: first.runId! });
    expect(byId.fileName).toBe('导入结果-2021年10月3日10时00分.xlsx');
    const rows = rowsOf(Buffer.from(byId.dataBase64, 'base64'));
    expect(rows[0]![0]).toBe('报送文件导入结果明细');
    expect(rows[1]![0]).toContain('3 个文件：已导入 1，已拒绝 2');
    expect(rows[2]).toEqual(['序号', '文件', '单位', '报送周期', '版本', '结果', '错误与提示']);
    expect(rows.slice(3, 6).map((r) => r.slice(0, 6))).toEqual([
      [1, good, TOWN, '2021年第三季度', '第 1 版', '已导入'],
      [2, bad, TOWN, '2021年第三季度', '第 1 版', '已拒绝'],
      [3, junk, '—', '—', '—', '已拒绝'],
    ]);
    const badSaid = first.files[1]!.errors[0]!;
    expect(rows[4]![6]).toBe(`错误：“工作进展”表第 ${badSaid.row} 行 ${badSaid.column} 列：${badSaid.message}`);
    expect(rows[4]![6]).toContain('150');
    // A hint is said as the import centre says it (an accepted file whose content the clerk changed after export: none here).
    expect(rows[3]![6]).toBe(first.files[0]!.warnings.map((w) => `提示：${w}`).join('\n') || '—');
    expect(rows[5]![6]).toMatch(/^错误：/);

    // The newest run, from the command line: the same file again, unchanged.
    const out = join(dir, '结果.xlsx');
    const r = await cli(['import-report', '--db', bureau.path, '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const newest = rowsOf(readFileSync(out));
    expect(newest.slice(3).filter((x) => x[0] !== '' && typeof x[0] === 'number').map((x) => [x[1], x[5]])).toEqual([[good, '无变化']]);
    expect(second.files[0]!.status).toBe('unchanged');

    // An id no run has: refused, named; nothing written.
    const none = await cli(['import-report', '--db', bureau.path, '--out', join(dir, 'x.xlsx'), '--run', 'nope']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('找不到这次导入的记录（nope）');
  });

  it('a database that has imported nothing says so', async () => {
    const bureau = await newBureau(tempDir('eco-import-report-none-'));
    open.push(bureau.core);
    await expect(bureau.core.run('exchange.importRunExport', {})).rejects.toMatchObject({ message: '还没有导入记录' });
  });
});

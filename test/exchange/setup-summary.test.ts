import ExcelJS from 'exceljs';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { setupPayload, writeSetupWorkbook } from '../../electron/core/exchange/setup-workbook';
import type { Core } from '../../electron/core/service';
import { cli, dumpDb, newBureau, tempDir } from '../helpers/db';
import { exportTo, importFiles, newUnit, PERIOD, reportOne, TOWN } from './helpers';

const open: Core[] = [];
afterAll(() => {
  for (const c of open) c.close();
});

describe('set-up workbook (bureau → units)', () => {
  it('carries catalog, units and period settings; a unit adopts it, and later a revised plan', async () => {
    const dir = tempDir('eco-setup-');
    const bureau = await newBureau(dir);
    const unit = await newUnit(dir);
    open.push(bureau.core, unit.core);
    await reportOne(unit.core);
    await bureau.core.run('periods.setDeadline', { period: PERIOD, deadline: '2021-10-08' });
    await bureau.core.run('units.save', { name: '高新区管委会', kind: 'department' });
    const f = await bureau.core.run('exchange.setupExport', {});
    const r = await unit.core.run('exchange.setupImport', { file: { name: f.fileName, dataBase64: f.dataBase64 } });
    expect(r).toMatchObject({ catalogVersion: 'jiyang-2021.1', previousCatalogVersion: 'jiyang-2021.1', units: 29, periodKind: 'quarter' });
    expect((await unit.core.run('periods.get', { period: PERIOD })).deadline).toBe('2021-10-08');
    expect((await unit.core.run('units.list', {})).map((u) => u.name)).toContain('高新区管委会');

    // A revised plan: new version, a changed target. Loaded the same way; the unit switches.
    const payload = setupPayload(bureau.core.ctx);
    payload.catalog = { ...payload.catalog, version: 'jiyang-2024.1' };
    payload.catalog.tasks = payload.catalog.tasks.map((t) => (t.no === 9 ? { ...t, indicators: t.indicators.map((i) => ({ ...i, target: 60 })) } : t));
    const revised = join(dir, 'revised.xlsx');
    writeFileSync(revised, await writeSetupWorkbook(payload, '2024-01-05T00:00:00.000Z'));
    unit.core.close();
    open.splice(open.indexOf(unit.core), 1);
    const res = await cli(['setup-import', '--db', unit.path, revised, '--json']);
    expect(res.code).toBe(0);
    expect(res.json()).toMatchObject({ catalogVersion: 'jiyang-2024.1', previousCatalogVersion: 'jiyang-2021.1' });
    const info = await cli(['catalog', '--db', unit.path, '--json']);
    const cat = info.json() as { version: string; tasks: { no: number; indicators: { target: number }[] }[] };
    expect(cat.version).toBe('jiyang-2024.1');
    expect(cat.tasks.find((t) => t.no === 9)!.indicators[0]!.target).toBe(60);

    // The bureau still runs 2021.1: the unit's new workbook is refused as a different catalog.
    const u2 = join(dir, 'u2.xlsx');
    const reopened = await cli(['export', '--db', unit.path, '--unit', TOWN, '--period', PERIOD, '--out', u2]);
    expect(reopened.code).toBe(0);
    const refused = await importFiles(bureau.core, [u2]);
    expect(refused.files[0]!.errors[0]!.message).toContain('任务目录版本不同');
  });

  it('refuses a unit workbook, a tampered payload and a foreign file as set-up, changing nothing', async () => {
    const dir = tempDir('eco-setup3-');
    const unit = await newUnit(dir);
    open.push(unit.core);
    await reportOne(unit.core);
    const wb = await exportTo(unit.core, dir);
    const before = dumpDb(unit.path);
    const bad = await unit.core.call('exchange.setupImport', { file: { name: 'x.xlsx', dataBase64: readFileSync(wb).toString('base64') } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toContain('单位报送工作簿');
    const junk = await unit.core.call('exchange.setupImport', { file: { name: 'junk.xlsx', dataBase64: Buffer.from('nope').toString('base64') } });
    expect(junk.ok).toBe(false);
    if (!junk.ok) expect(junk.error.message).toContain('junk.xlsx');
    expect(dumpDb(unit.path)).toEqual(before);
  });
});

describe('district summary workbook', () => {
  it('tasks × units with status and texts, indicators against targets, submissions', async () => {
    const dir = tempDir('eco-sum-');
    const unit = await newUnit(dir);
    const bureau = await newBureau(dir);
    open.push(unit.core, bureau.core);
    const tasks = (await unit.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks;
    await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task: tasks[0]!.task, report: { status: '进度滞后', problems: '资金未到位🌳', progress: '已开展排查 _x0041_ 字样' } });
    await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task: tasks[1]!.task, report: { status: '正常推进', progress: '长'.repeat(5000) } });
    await importFiles(bureau.core, [await exportTo(unit.core, dir)]);
    const out = join(dir, 'summary.xlsx');
    bureau.core.close();
    open.splice(open.indexOf(bureau.core), 1);
    const r = await cli(['summary-export', '--db', join(dir, 'bureau.db'), '--period', PERIOD, '--out', out]);
    expect(r.code).toBe(0);
    const wb = XLSX.read(readFileSync(out));
    expect(wb.SheetNames).toEqual(['进展汇总', '指标达标情况', '报送情况']);
    const rows = XLSX.utils.sheet_to_json<string[]>(wb.Sheets['进展汇总']!, { header: 1 });
    expect(rows[0]![0]).toContain('汇总表');
    expect(rows.some((row) => row.includes('新市镇') && row.includes('进度滞后') && row.includes('资金未到位🌳'))).toBe(true);
    // A literal _x0041_ stays as written (not read back as "A").
    expect(rows.some((row) => row.includes('已开展排查 _x0041_ 字样'))).toBe(true);
    // Rows are as tall as their texts; one too long for Excel's tallest row is said so under the table.
    const book = await new ExcelJS.Workbook().xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('进展汇总')!;
    const rowOf = (text: string): number => rows.findIndex((row) => row.some((c) => typeof c === 'string' && c.startsWith(text))) + 1;
    expect(sheet.getRow(rowOf('已开展排查')).height).toBeGreaterThanOrEqual(20);
    expect(sheet.getRow(rowOf('长长长')).height).toBe(409);
    expect(rows.some((row) => String(row[0] ?? '').startsWith('注：个别文字过长'))).toBe(true);
    const subs = XLSX.utils.sheet_to_json<string[]>(wb.Sheets['报送情况']!, { header: 1 });
    // Times in China time, as the deadline: imported at FIXED_NOW (02:00 UTC), sent at the export (the same instant here).
    expect(subs.some((row) => row[0] === '新市镇' && row[2] === '按时' && row[3] === '2021年10月3日 10:00')).toBe(true);
    const inds = XLSX.utils.sheet_to_json<string[]>(wb.Sheets['指标达标情况']!, { header: 1 });
    expect(inds.length).toBeGreaterThan(16);
  });
});

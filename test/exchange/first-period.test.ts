/**
 * 起报周期: the first period the units owe (DHIS2's data set start). By default the one the plan was issued in (14 July
 * 2021: 2021年第三季度); the bureau may move it back to the first period of that year or on to the one under way (the
 * app came into use later). Periods that ended before it are asked of nobody: not listed, not 未报, not counted, not
 * written, their files refused; what is held of them stays readable. The units take it by set-up file.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Core } from '../../electron/core/service';
import { cli, dumpDb, FIXED_NOW, newBureau, tempDir } from '../helpers/db';
import { exportTo, importFiles, newUnit, reportOne, TOWN } from './helpers';

const open: Core[] = [];
afterAll(() => {
  for (const c of open) c.close();
});

const ids = async (c: Core, year = 2021): Promise<string[]> => (await c.run('periods.list', { year })).map((p) => p.id);

describe('起报周期', () => {
  it('by default the period the plan was issued in: the quarters before it are nobody’s, anywhere', async () => {
    const b = await newBureau(tempDir('eco-first-default-'));
    open.push(b.core);
    const info = await b.core.run('app.info', {});
    expect([info.firstOwed, info.firstOwedSet, info.planIssuedOn]).toEqual([{ id: '2021-Q3', label: '2021年第三季度' }, false, '2021-07-14']);
    expect(await ids(b.core)).toEqual(['2021-Q3', '2021-Q4']);
    expect((await b.core.run('periods.recent', {})).map((p) => p.id)).toEqual(['2021-Q4', '2021-Q3']);
    // The year's grid and its reporting rates: two quarters, the third due (5 October) not yet passed.
    const year = await b.core.run('submissions.year', { year: 2021 });
    expect(year.periods.map((p) => p.id)).toEqual(['2021-Q3', '2021-Q4']);
    // The first period has no 上期 (nothing before it was owed).
    expect((await b.core.run('periods.get', { period: '2021-Q3' })).previous).toBeNull();
    // Nothing is written for, and nothing asked of, a period before it; said, naming the 起报周期.
    const before = dumpDb(b.path);
    const said = '“2021年第二季度”在起报周期（2021年第三季度）之前，不要求报送（起报周期在“设置”的“报送周期”中设定）';
    for (const r of [
      await b.core.call('reports.save', { unit: TOWN, period: '2021-Q2', task: 4, report: { status: '正常推进', progress: '二季度' } }),
      await b.core.call('summary.get', { period: '2021-Q2', texts: false }),
      await b.core.call('notices.candidates', { period: '2021-Q2' }),
      await b.core.call('periods.setDeadline', { period: '2021-Q2', deadline: '2021-07-10' }),
    ]) {
      expect(r.ok || r.error).toEqual({ code: 'period_not_owed', message: said });
    }
    expect(dumpDb(b.path)).toEqual(before);
    // On 月报 from the start: July is the first month owed (the plan was issued within it).
    const monthly = await newBureau(tempDir('eco-first-month-'), 'month');
    open.push(monthly.core);
    expect(await ids(monthly.core)).toEqual(['2021-07', '2021-08', '2021-09', '2021-10', '2021-11', '2021-12']);
    // A unit's database is the same, set up alone.
    const unit = await newUnit(tempDir('eco-first-unit-'));
    open.push(unit.core);
    expect(await ids(unit.core)).toEqual(['2021-Q3', '2021-Q4']);
    const r = await unit.core.call('reports.forUnit', { unit: TOWN, period: '2021-Q1' });
    expect(r.ok || r.error.message).toBe('“2021年第一季度”在起报周期（2021年第三季度）之前，不要求报送（起报周期由区局的设置文件决定）');
  });

  it('moved by the bureau: back to the year’s first quarter, on to the one under way; not before that year, not ahead; kept in 设置变更记录', async () => {
    const b = await newBureau(tempDir('eco-first-move-'));
    open.push(b.core);
    const refused = async (period: string): Promise<unknown> => {
      const r = await b.core.call('periods.setFirst', { period });
      return r.ok || r.error.message;
    };
    expect(await refused('2020-Q4')).toBe('起报周期不能早于工作方案印发（2021年7月14日）当年的第一期（2021年第一季度）');
    expect(await refused('2022-Q1')).toBe('起报周期不能晚于当前周期（2021年第四季度）：尚未开始的周期不能设为起报周期');
    expect(await refused('2021-08')).toBe('起报周期应为季报的周期（本系统现按季报填报），“2021年8月”是月报周期');
    expect(await refused('2021-Q9')).toEqual(expect.stringContaining('2021-Q9'));
    await b.core.run('periods.setFirst', { period: '2021-Q1' });
    expect(await ids(b.core)).toEqual(['2021-Q1', '2021-Q2', '2021-Q3', '2021-Q4']);
    expect((await b.core.run('app.info', {})).firstOwedSet).toBe(true);
    // Reports of the third quarter held, then the 起报周期 moved on to the fourth (the app taken into use from then):
    // the third is no longer owed (not in the grid, nobody 未报), but what is held of it stays listed and readable.
    await b.core.run('reports.save', { unit: TOWN, period: '2021-Q3', task: 4, report: { status: '正常推进', progress: '三季度巡河' } });
    await b.core.run('periods.setFirst', { period: '2021-Q4' });
    expect(await ids(b.core)).toEqual(['2021-Q3', '2021-Q4']);
    expect((await b.core.run('submissions.year', { year: 2021 })).periods.map((p) => p.id)).toEqual(['2021-Q4']);
    expect((await b.core.run('reports.forUnit', { unit: TOWN, period: '2021-Q3' })).tasks.find((t) => t.task === 4)?.report?.progress).toBe('三季度巡河');
    expect(await b.core.run('notices.candidates', { period: '2021-Q3' })).toEqual([]);
    expect(await b.core.run('submissions.status', { period: '2021-Q3' })).toEqual([]);
    const overview = await b.core.run('summary.get', { period: '2021-Q3', texts: true });
    expect(overview.tasks.find((t) => t.no === 4)?.entries.find((e) => e.name === TOWN)?.report?.progress).toBe('三季度巡河');
    expect([overview.units, overview.totals.missing, overview.totals.overdue]).toEqual([[], 0, 0]);
    expect((await b.core.run('settings.log', {})).map((c) => c.text)).toEqual([
      '起报周期：2021年第三季度 改为 2021年第一季度（此前结束的各期不要求报送）',
      '起报周期：2021年第一季度 改为 2021年第四季度（此前结束的各期不要求报送）',
    ]);
    // A unit's database takes it from the bureau only.
    const unit = await newUnit(tempDir('eco-first-move-unit-'));
    open.push(unit.core);
    const own = await unit.core.call('periods.setFirst', { period: '2021-Q1' });
    expect(own.ok || own.error.code).toBe('bureau_only');
  });

  it('a file of a period before it is refused, naming the file and what to do; nothing is written', async () => {
    const dir = tempDir('eco-first-import-');
    // A unit of an earlier version, or set up owing the year's first half.
    const unit = await newUnit(dir, TOWN, FIXED_NOW, '2021-Q2');
    open.push(unit.core);
    await reportOne(unit.core, TOWN, '2021-Q2');
    const q2 = await exportTo(unit.core, dir, TOWN, '2021-Q2', '新市镇二季度.xlsx');
    const b = await newBureau(join(dir, 'b'));
    open.push(b.core);
    const before = dumpDb(b.path);
    const r = await importFiles(b.core, [q2]);
    expect(r.files[0]).toMatchObject({
      status: 'rejected',
      errors: [expect.objectContaining({ message: '报送周期“2021年第二季度”在区局设定的起报周期（2021年第三季度）之前，不要求报送：请与该单位核实是否选错了报送周期；如确需收取，请先在“设置”的“报送周期”中把起报周期提前，再导入此文件' })],
    });
    // (The refused file's original and the run are recorded, as for any refusal; no report, no submission.)
    const after = dumpDb(b.path);
    for (const t of ['reports', 'submissions', 'report_history']) expect(after[t]).toEqual(before[t]);
    // Moved back, the same file is taken.
    await b.core.run('periods.setFirst', { period: '2021-Q1' });
    expect((await importFiles(b.core, [q2])).files[0]!.status).toBe('imported');
  });

  it('travels in the set-up file: a unit owes what the bureau does, told when it moves', async () => {
    const dir = tempDir('eco-first-setup-');
    const b = await newBureau(dir, 'quarter', '2021-Q1');
    const unit = await newUnit(dir);
    open.push(b.core, unit.core);
    const adopt = async (): Promise<string[]> => {
      const f = await b.core.run('exchange.setupExport', {});
      const file = { name: f.fileName, dataBase64: f.dataBase64 };
      const preview = await unit.core.run('exchange.setupPreview', { file });
      await unit.core.run('exchange.setupImport', { file });
      return preview.warnings.filter((w) => w.includes('起报周期') || w.includes('各期'));
    };
    expect(await adopt()).toEqual(['区局设定的起报周期为2021年第一季度：2021年第一季度以前结束的各期不要求报送（本机原从2021年第三季度起报送，2021年第一季度至2021年第二季度各期现也要求报送）']);
    expect(await ids(unit.core)).toEqual(['2021-Q1', '2021-Q2', '2021-Q3', '2021-Q4']);
    expect(await adopt()).toEqual([]);
    await b.core.run('periods.setFirst', { period: '2021-Q3' });
    expect(await adopt()).toEqual(['区局设定的起报周期为2021年第三季度：2021年第三季度以前结束的各期不要求报送']);
    expect(await ids(unit.core)).toEqual(['2021-Q3', '2021-Q4']);
    // Read by people too: the file's 说明 sheet says it.
    const f = await b.core.run('exchange.setupExport', {});
    const XLSX = await import('xlsx');
    const rows = XLSX.utils.sheet_to_json<string[]>(XLSX.read(Buffer.from(f.dataBase64, 'base64')).Sheets['说明']!, { header: 1 });
    expect(rows.find((r) => r[0] === '起报周期')).toEqual(['起报周期', '2021年第三季度（此前结束的各期不要求报送）']);
  });

  it('a database in use before there was a 起报周期 keeps owing every period until the bureau sets one', async () => {
    const dir = tempDir('eco-first-upgrade-');
    const b = await newBureau(dir);
    b.core.close();
    // As the build before migration 025 left it: no 起报周期, settings_changes without its kind.
    const raw = new Database(b.path);
    raw.pragma('user_version = 24');
    raw.close();
    const again = await Core.open(b.path, { now: () => FIXED_NOW });
    open.push(again);
    expect(await ids(again)).toEqual(['2021-Q1', '2021-Q2', '2021-Q3', '2021-Q4']);
    const info = await again.run('app.info', {});
    expect([info.firstOwed, info.firstOwedSet]).toEqual([null, true]);
    await again.run('periods.setFirst', { period: '2021-Q3' });
    expect(await ids(again)).toEqual(['2021-Q3', '2021-Q4']);
    expect((await again.run('settings.log', {})).map((c) => c.text)).toEqual(['起报周期：各期都要求报送 改为 2021年第三季度（此前结束的各期不要求报送）']);
    // A database created now (not set up yet) gets no such setting: it owes from its plan's period once set up.
    const fresh = await Core.open(join(dir, 'fresh.db'), { create: true, now: () => FIXED_NOW });
    open.push(fresh);
    expect(fresh.ctx.store.meta.get('owed_from')).toBeNull();
  });

  it('from the command line: init --first-period, settings --first-period; refused with the reason, nothing changed', async () => {
    const dir = tempDir('eco-first-cli-');
    const path = join(dir, 'bureau.db');
    const init = await cli(['init', '--db', path, '--first-period', '2021-Q2']);
    expect([init.code, init.stdout]).toEqual([0, expect.stringContaining('自2021年第二季度起报送')]);
    const periods = await cli(['periods', '--db', path, '--year', '2021', '--json']);
    expect((periods.json() as { id: string }[]).map((p) => p.id)).toEqual(['2021-Q2', '2021-Q3', '2021-Q4']);
    const before = dumpDb(path);
    const bad = await cli(['settings', '--db', path, '--first-period', '2021年第一季度']);
    expect(bad.code).toBe(1);
    expect(dumpDb(path)).toEqual(before);
    const early = await cli(['summary', '--db', path, '--period', '2021-Q1', '--json']);
    expect([early.code, early.stderr]).toEqual([1, expect.stringContaining('在起报周期（2021年第二季度）之前，不要求报送')]);
    expect(early.stderr).toContain('区局更改起报周期用 settings --db 数据库 --first-period 周期');
    // Not given again differently once set up.
    const again = await cli(['init', '--db', path, '--first-period', '2021-Q3']);
    expect([again.code, again.stderr]).toEqual([1, expect.stringContaining('数据库已初始化，起报周期为2021年第二季度，未作任何更改')]);
  });
});

/**
 * A unit renamed by the bureau (机构改革): periods due before the rename keep
 * the name it had then, in every view, printed form and export; later ones
 * take the new name; a workbook sent under the old name is still the unit's.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { unzipSync } from 'fflate';
import * as XLSX from 'xlsx';
import { afterAll, describe, expect, it } from 'vitest';
import { entriesOf } from '../../electron/core/exchange/entries';
import { setupPayload, writeSetupWorkbook } from '../../electron/core/exchange/setup-workbook';
import { Core } from '../../electron/core/service';
import { parsePeriod } from '../../shared/period';
import { cli, tempDir } from '../helpers/db';
import { exportTo, importFiles, newUnit, TOWN } from '../exchange/helpers';

const open: Core[] = [];
afterAll(() => {
  for (const c of open) c.close();
});

const OLD = TOWN; // 新市镇, Z10
const NEW = '新市街道';

/** A bureau database on a clock the test moves. */
async function bureauAt(start: string): Promise<{ core: Core; path: string; clock: { now: Date } }> {
  const clock = { now: new Date(start) };
  const path = join(tempDir('eco-rename-'), 'bureau.db');
  const core = await Core.open(path, { create: true, now: () => clock.now });
  open.push(core);
  await core.run('app.init', { role: 'bureau' });
  return { core, path, clock };
}

/** A unit's database (the default names) with one report of 2021-Q3, and its workbook of that period. */
async function unitWorkbook(progress: string): Promise<{ task: number; file: string }> {
  const dir = tempDir('eco-rename-unit-');
  const unit = await newUnit(dir);
  open.push(unit.core);
  const task = (await unit.core.run('reports.forUnit', { unit: OLD, period: '2021-Q3' })).tasks[0]!.task;
  await unit.core.run('reports.save', { unit: OLD, period: '2021-Q3', task, report: { status: '正常推进', progress } });
  return { task, file: await exportTo(unit.core, dir) };
}

async function rename(core: Core, to: string): Promise<void> {
  const u = (await core.run('units.list', {})).find((x) => x.code === 'Z10')!;
  await core.run('units.save', { code: u.code, name: to, kind: u.kind });
}

describe('a unit renamed', () => {
  it('periods due before the rename show, print and export the name it had then; later periods the new one', async () => {
    const { core, clock } = await bureauAt('2021-10-03T02:00:00Z');
    const task = (await core.run('reports.forUnit', { unit: OLD, period: '2021-Q3' })).tasks[0]!.task;
    await core.run('reports.save', { unit: OLD, period: '2021-Q3', task, report: { status: '进度滞后', problems: '资金未到位' } });
    // A value of an indicator on one of its tasks: the indicator board says where it came from.
    const mine = new Set((await core.run('reports.forUnit', { unit: OLD, period: '2021-Q3' })).tasks.map((t) => t.task));
    const measured = core.ctx.catalog().tasks.find((t) => mine.has(t.no) && t.indicators.length > 0)!;
    const indicator = measured.indicators[0]!;
    await core.run('reports.save', { unit: OLD, period: '2021-Q3', task: measured.no, report: { status: '正常推进', indicators: { [indicator.id]: indicator.comparator === 'yes' ? true : 99 } } });
    // Its paper form typed in at the bureau and registered as received: its report, as counted.
    await core.run('submissions.enter', { unit: OLD, period: '2021-Q3' });
    const valueFrom = async (period: string): Promise<string | null | undefined> => (await core.run('indicators.status', { period })).find((i) => i.id === indicator.id)?.valueFrom;
    // Renamed in March 2022: after 2021-Q3's and 2021-Q4's deadlines, before 2022-Q1's.
    clock.now = new Date('2022-03-01T02:00:00Z');
    await rename(core, NEW);
    expect((await core.run('units.list', {})).find((u) => u.code === 'Z10')?.name).toBe(NEW);
    expect(await core.run('units.renames', {})).toEqual([{ code: 'Z10', name: OLD, renamedAt: '2022-03-01T02:00:00.000Z' }]);

    const q3 = await core.run('summary.get', { period: '2021-Q3' });
    const q3Names = q3.tasks.flatMap((t) => t.entries.filter((e) => e.code === 'Z10').map((e) => e.name));
    expect(q3Names.length).toBeGreaterThan(0);
    expect(new Set(q3Names)).toEqual(new Set([OLD]));
    expect(new Set(q3.lagging.filter((l) => l.unit === 'Z10').map((l) => l.unitName))).toEqual(new Set([OLD]));
    const q1 = await core.run('summary.get', { period: '2022-Q1' });
    expect(new Set(q1.tasks.flatMap((t) => t.entries.filter((e) => e.code === 'Z10').map((e) => e.name)))).toEqual(new Set([NEW]));

    expect((await core.run('submissions.status', { period: '2021-Q4' })).find((s) => s.unit === 'Z10')?.unitName).toBe(OLD);
    expect(await valueFrom('2021-Q3')).toBe(OLD);
    expect((await core.run('submissions.status', { period: '2022-Q1' })).find((s) => s.unit === 'Z10')?.unitName).toBe(NEW);

    // Asked for by either name; shown under the period's.
    const byNew = await core.run('reports.forUnit', { unit: NEW, period: '2021-Q3' });
    expect(byNew.unit.name).toBe(OLD);
    expect(byNew.tasks.find((t) => t.task === task)?.report?.unitName).toBe(OLD);
    expect((await core.run('reports.forUnit', { unit: OLD, period: '2022-Q1' })).unit).toMatchObject({ code: 'Z10', name: NEW });

    // Printed: the unit's form of 2021-Q3 under the old name; a 督办单 is a letter dated the day it is issued, so one
    // not issued yet is addressed to the name the unit goes by now.
    const form = await core.run('forms.render', { form: 'unit', period: '2021-Q3', unit: NEW });
    expect(form.html).toContain(OLD);
    expect(form.html).not.toContain(NEW);
    const notice = await core.run('forms.render', { form: 'notice', period: '2021-Q3', draft: true });
    expect(notice.html).toContain(NEW);
    expect(notice.html).not.toContain(OLD);

    // A workbook of 2021-Q3 made now: the old name on its cover; 2022-Q1's hand-fill template, the new one.
    const cover = async (period: string): Promise<unknown> => {
      const f = await core.run(period === '2021-Q3' ? 'exchange.exportUnit' : 'exchange.template', { unit: NEW, period });
      const wb = XLSX.read(Buffer.from(f.dataBase64, 'base64'));
      const sheet = wb.Sheets[wb.SheetNames[0]!]!;
      return XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1 }).find((row) => row[0] === '单位')?.[1];
    };
    expect(await cover('2021-Q3')).toBe(OLD);
    expect(await cover('2022-Q1')).toBe(NEW);

    // The year's entries (工作台账, 佐证材料包): each period under its own name.
    const entries = entriesOf(core.ctx, ['2021-Q3', '2022-Q1'].map((p) => parsePeriod(p))).filter((e) => e.unit === 'Z10');
    expect(new Set(entries.filter((e) => e.period.id === '2021-Q3').map((e) => e.unitName))).toEqual(new Set([OLD]));
    expect(new Set(entries.filter((e) => e.period.id === '2022-Q1').map((e) => e.unitName))).toEqual(new Set([NEW]));

    // Renamed again, then back: each period the name it had when due.
    clock.now = new Date('2022-08-01T02:00:00Z');
    await rename(core, '新市街道办事处');
    expect((await core.run('submissions.status', { period: '2021-Q3' })).find((s) => s.unit === 'Z10')?.unitName).toBe(OLD);
    expect((await core.run('submissions.status', { period: '2022-Q1' })).find((s) => s.unit === 'Z10')?.unitName).toBe(NEW);
    expect((await core.run('submissions.status', { period: '2022-Q3' })).find((s) => s.unit === 'Z10')?.unitName).toBe('新市街道办事处');
    // The old name goes to no other unit while this one went by it last.
    expect((await core.run('reports.forUnit', { unit: `  ${OLD} `, period: '2022-Q3' })).unit.code).toBe('Z10');
  });

  it('a workbook sent under the old name (its cover says so) is still the unit’s: imported, not refused as another unit’s', async () => {
    const { task, file } = await unitWorkbook('改名之前报送');

    const { core, clock } = await bureauAt('2021-10-05T02:00:00Z');
    clock.now = new Date('2021-10-06T02:00:00Z');
    await rename(core, NEW);
    const r = await importFiles(core, [file]);
    expect(r.files.map((f) => [f.status, f.errors])).toEqual([['imported', []]]);
    const view = await core.run('reports.forUnit', { unit: NEW, period: '2021-Q3' });
    expect(view.tasks.find((t) => t.task === task)?.report?.progress).toBe('改名之前报送');
    // The same from the command line: the old name is a name of the unit.
    const out = await cli(['report', '--db', core.ctx.dbPath, '--unit', OLD, '--period', '2021-Q3', '--json']);
    expect(out.code).toBe(0);
  });

  it('the set-up file carries the bureau’s record of earlier names; a unit’s database takes it, and names nothing itself', async () => {
    const { core, clock } = await bureauAt('2021-10-03T02:00:00Z');
    clock.now = new Date('2022-03-01T02:00:00Z');
    await rename(core, NEW);
    // A spelling corrected is not a rename: no earlier name kept.
    const dept = (await core.run('units.list', {})).find((u) => u.kind === 'department')!;
    await core.run('units.save', { code: dept.code, name: `${dept.name}局`, kind: dept.kind, correction: true });
    expect(core.ctx.store.units.renames()).toEqual([{ code: 'Z10', name: OLD, renamedAt: '2022-03-01T02:00:00.000Z' }]);
    const setup = await core.run('exchange.setupExport', {});

    // A unit's database set up with the default names, holding a report of 2021-Q3, then adopting the bureau's file.
    const dir = tempDir('eco-rename-unit-');
    // (Set up in March 2022 to send the third quarter's report late: owed from it.)
    const unit = await newUnit(dir, OLD, new Date('2022-03-05T02:00:00Z'), '2021-Q3');
    open.push(unit.core);
    const task = (await unit.core.run('reports.forUnit', { unit: OLD, period: '2021-Q3' })).tasks[0]!.task;
    await unit.core.run('reports.save', { unit: OLD, period: '2021-Q3', task, report: { status: '正常推进', progress: '按时推进' } });
    await unit.core.run('exchange.setupImport', { file: { name: setup.fileName, dataBase64: setup.dataBase64 } });
    // The bureau's record, not a rename of the unit's own dated to its adoption (the department's new spelling included).
    expect(unit.core.ctx.store.units.renames()).toEqual([{ code: 'Z10', name: OLD, renamedAt: '2022-03-01T02:00:00.000Z' }]);
    expect((await unit.core.run('reports.forUnit', { unit: NEW, period: '2021-Q3' })).unit.name).toBe(OLD);
    expect((await unit.core.run('reports.forUnit', { unit: NEW, period: '2022-Q1' })).unit.name).toBe(NEW);
    // A file of an earlier version (no record of earlier names): the unit's database keeps none of its own either.
    const { renames: _renames, ...older } = setupPayload(core.ctx);
    const other = await newUnit(tempDir('eco-rename-older-'), OLD, new Date('2022-03-05T02:00:00Z'));
    open.push(other.core);
    await other.core.run('exchange.setupImport', { file: { name: '设置文件.xlsx', dataBase64: Buffer.from(await writeSetupWorkbook(older, core.ctx.nowIso())).toString('base64') } });
    expect((await other.core.run('units.list', {})).find((u) => u.code === 'Z10')?.name).toBe(NEW);
    expect(other.core.ctx.store.units.renames()).toEqual([]);
    // Its 2021-Q3 workbook, under the old name, is taken by the bureau as the unit's.
    const file = await exportTo(unit.core, dir, NEW, '2021-Q3');
    const r = await importFiles(core, [file]);
    expect(r.files.map((f) => [f.status, f.errors, f.warnings])).toEqual([['imported', [], []]]);
  });

  it('a workbook whose own database named the unit otherwise (cover and machine sheet agree, the code is the unit’s): taken, and said', async () => {
    const { file } = await unitWorkbook('未采用设置文件');
    const { core } = await bureauAt('2021-10-05T02:00:00Z');
    // Corrected in the bureau's list (no earlier name kept): the unit's database never heard of it.
    const u = (await core.run('units.list', {})).find((x) => x.code === 'Z10')!;
    await core.run('units.save', { code: u.code, name: NEW, kind: u.kind, correction: true });
    const r = await importFiles(core, [file]);
    expect(r.files.map((f) => [f.status, f.errors, f.warnings])).toEqual([
      ['imported', [], [`封面上的单位名称“${OLD}”与本系统中的“${NEW}”不同，已按单位代码 Z10 接收；请核实单位名称`]],
    ]);
  });

  it('佐证材料包: a period’s under the name the unit had then; a year’s in one folder under its name now, each period inside', async () => {
    const { core, clock } = await bureauAt('2021-10-03T02:00:00Z');
    const attach = async (period: string, unit: string, name: string): Promise<void> => {
      const task = (await core.run('reports.forUnit', { unit, period })).tasks[0]!.task;
      await core.run('reports.save', { unit, period, task, report: { status: '正常推进' } });
      await core.run('evidence.add', { unit, period, task, name, dataBase64: Buffer.from(name).toString('base64') });
    };
    await attach('2021-Q3', OLD, '三季度照片.jpg');
    // Renamed after 2021-Q3 was due; 2021-Q4 reported under the new name.
    clock.now = new Date('2021-11-01T02:00:00Z');
    await rename(core, NEW);
    clock.now = new Date('2022-01-05T02:00:00Z');
    await attach('2021-Q4', NEW, '四季度照片.jpg');
    const paths = async (scope: { period: string } | { year: number }): Promise<string[]> => {
      const f = await core.run('exchange.evidencePackage', scope);
      return Object.keys(unzipSync(Buffer.from(f.dataBase64, 'base64'))).filter((p) => p.endsWith('.jpg'));
    };
    expect(await paths({ period: '2021-Q3' })).toEqual([expect.stringMatching(new RegExp(`/${OLD}/三季度照片\\.jpg$`))]);
    expect((await paths({ year: 2021 })).sort()).toEqual([
      expect.stringMatching(new RegExp(`/${NEW}/2021年第三季度/三季度照片\\.jpg$`)),
      expect.stringMatching(new RegExp(`/${NEW}/2021年第四季度/四季度照片\\.jpg$`)),
    ]);
  });

  it('names moved between units: adopted in one go; a unit’s own earlier name now another’s is taken, said; a name another unit goes by is not', async () => {
    const { core, clock } = await bureauAt('2021-10-03T02:00:00Z');
    clock.now = new Date('2022-03-01T02:00:00Z');
    await rename(core, NEW);
    // Z01 takes the name Z10 gave up.
    const z01 = (await core.run('units.list', {})).find((u) => u.code === 'Z01')!;
    await core.run('units.save', { code: 'Z01', name: OLD, kind: z01.kind });
    const setup = await core.run('exchange.setupExport', {});

    // A unit's database still holding Z10 = 新市镇 adopts it (Z01 could not take 新市镇 before Z10 let it go).
    const dir = tempDir('eco-rename-moved-');
    // (Set up in March 2022 to send the third quarter's report late: owed from it.)
    const unit = await newUnit(dir, OLD, new Date('2022-03-05T02:00:00Z'), '2021-Q3');
    open.push(unit.core);
    const task = (await unit.core.run('reports.forUnit', { unit: OLD, period: '2021-Q3' })).tasks[0]!.task;
    await unit.core.run('reports.save', { unit: OLD, period: '2021-Q3', task, report: { status: '正常推进' } });
    await unit.core.run('exchange.setupImport', { file: { name: setup.fileName, dataBase64: setup.dataBase64 } });
    const names = new Map((await unit.core.run('units.list', { includeInactive: true })).map((u) => [u.code, u.name]));
    expect([names.get('Z10'), names.get('Z01')]).toEqual([NEW, OLD]);
    // Its 2021-Q3 workbook says 新市镇 (its name then): the bureau takes it as Z10's, saying the name is now another's.
    const file = await exportTo(unit.core, dir, NEW, '2021-Q3');
    const r = await importFiles(core, [file]);
    expect(r.files.map((f) => [f.status, f.unit, f.warnings])).toEqual([['imported', 'Z10', [`封面上的单位“${OLD}”是该单位（代码 Z10）的原名称，现为另一单位的名称；已按单位代码接收，请核实`]]]);

    // A file whose own database named Z10 as another unit here is named (cover and machine sheet alike): refused.
    const other = await bureauAt('2021-10-03T02:00:00Z');
    await other.core.run('units.save', { code: 'Z03', name: '回河街道（旧）', kind: 'town', correction: true });
    await other.core.run('units.save', { code: 'Z10', name: '回河街道', kind: 'town', correction: true });
    const t = (await other.core.run('reports.forUnit', { unit: 'Z10', period: '2021-Q3' })).tasks[0]!.task;
    await other.core.run('reports.save', { unit: 'Z10', period: '2021-Q3', task: t, report: { status: '正常推进' } });
    const clash = await exportTo(other.core, tempDir('eco-rename-clash-'), 'Z10', '2021-Q3');
    const target = await bureauAt('2021-10-05T02:00:00Z');
    const refused = await importFiles(target.core, [clash]);
    expect(refused.files.map((f) => [f.status, f.errors.map((e) => e.message)])).toEqual([['rejected', ['封面上的单位“回河街道”与工作簿所属单位“新市镇”不一致（可能用了别的单位的文件）：请核实后由实际填报的单位重新报送']]]);
  });

  it('a set-up file that gives a name to one unit while leaving out the unit here that goes by it: refused, saying which', async () => {
    const { core } = await bureauAt('2021-10-03T02:00:00Z');
    const payload = setupPayload(core.ctx);
    const z09 = payload.catalog.units.find((u) => u.code === 'Z09')!;
    const moved = { ...payload, catalog: { ...payload.catalog, units: payload.catalog.units.filter((u) => u.code !== 'Z09').map((u) => (u.code === 'Z10' ? { ...u, name: z09.name } : u)) } };
    const unit = await newUnit(tempDir('eco-rename-left-'), OLD);
    open.push(unit.core);
    const r = await unit.core.call('exchange.setupImport', { file: { name: '设置文件.xlsx', dataBase64: Buffer.from(await writeSetupWorkbook(moved, core.ctx.nowIso())).toString('base64') } });
    expect(r.ok ? null : [r.error.code, r.error.message]).toEqual(['invalid_setup', `“设置文件.xlsx”：单位名称“${z09.name}”在此文件中属于代码 Z10，而本机代码 Z09 的单位也叫这个名称、此文件中却没有它；请区局核对单位名单后重新导出`]);
  });

  it('a unit’s whole copy on a USB stick, made under its old name, is carried to its new name and brought up to date (not a second copy)', async () => {
    const { core, clock } = await bureauAt('2021-10-03T02:00:00Z');
    const dir = tempDir('eco-rename-copy-');
    const unit = await newUnit(dir, OLD, new Date('2021-10-03T02:00:00Z'));
    open.push(unit.core);
    const task = (await unit.core.run('reports.forUnit', { unit: OLD, period: '2021-Q3' })).tasks[0]!.task;
    await unit.core.run('reports.save', { unit: OLD, period: '2021-Q3', task, report: { status: '正常推进' } });
    await unit.core.run('evidence.add', { unit: OLD, period: '2021-Q3', task, name: '照片.jpg', dataBase64: Buffer.from('照片').toString('base64') });
    const usb = join(tempDir('eco-rename-usb-'), 'U盘');
    const first = await unit.core.run('backup.create', { folder: usb });
    expect(first.path).toBe(join(usb, `生态文明进度备份-${OLD}.db`));

    clock.now = new Date('2022-03-01T02:00:00Z');
    await rename(core, NEW);
    const setup = await core.run('exchange.setupExport', {});
    await unit.core.run('exchange.setupImport', { file: { name: setup.fileName, dataBase64: setup.dataBase64 } });
    const again = await unit.core.run('backup.create', { folder: usb });
    expect(again).toMatchObject({ path: join(usb, `生态文明进度备份-${NEW}.db`), files: { copied: 0, kept: 1 } });
    expect(readdirSync(usb).sort()).toEqual([`生态文明进度备份-${NEW}.db`, `生态文明进度备份-${NEW}.files`]);
    // And it is this database as it is now: the new name in it.
    const copy = new Database(again.path, { readonly: true });
    expect(copy.prepare("SELECT name FROM units WHERE code = 'Z10'").get()).toEqual({ name: NEW });
    copy.close();
  });
});

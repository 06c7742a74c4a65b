import ExcelJS from 'exceljs';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { setupPayload, writeSetupWorkbook } from '../../electron/core/exchange/setup-workbook';
import type { SetupPayload } from '../../electron/core/exchange/setup-workbook';
import { Core } from '../../electron/core/service';
import { cli, dumpDb, FIXED_NOW, newBureau, tempDir } from '../helpers/db';
import { chinaDate, periodContaining } from '../../shared/period';
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
    // As people read and print it: 说明 on one A4 page with the deadlines and the targets the bureau set; rows as tall as their texts.
    await bureau.core.run('targets.set', { indicator: '16.1', year: 2021, target: 85.5 });
    const printed = new ExcelJS.Workbook();
    await printed.xlsx.load(Buffer.from((await bureau.core.run('exchange.setupExport', {})).dataBase64, 'base64') as unknown as ArrayBuffer);
    const notes = printed.getWorksheet('说明')!;
    expect(notes.pageSetup).toMatchObject({ paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1 });
    const said = (label: string) => notes.getColumn(2).values[notes.getColumn(1).values.indexOf(label)];
    expect(said('截止日期')).toBe('2021年第三季度：2021年10月8日\n其他周期：周期结束后 5 日内');
    expect(said('任务清单版本')).toBe('jiyang-2021.1（2021年7月14日印发的工作方案）');
    expect(said('区局设定的目标')).toBe('2021年 16.1 自然岸线保有率：≥85.5%（上级下达）');
    // A unit takes the target; one the bureau takes back goes from the unit's too with its next file.
    const adopt = async (): Promise<void> => {
      const file = await bureau.core.run('exchange.setupExport', {});
      await unit.core.run('exchange.setupImport', { file: { name: file.fileName, dataBase64: file.dataBase64 } });
    };
    await adopt();
    expect((await unit.core.run('catalog.get', { period: PERIOD })).tasks.find((t) => t.no === 16)!.indicators[0]!.assigned).toBe(85.5);
    await bureau.core.run('targets.set', { indicator: '16.1', year: 2021, target: null });
    await adopt();
    expect((await unit.core.run('catalog.get', { period: PERIOD })).tasks.find((t) => t.no === 16)!.indicators[0]!.assigned).toBeNull();
    await bureau.core.run('targets.set', { indicator: '16.1', year: 2021, target: 85.5 });
    const taskSheet = printed.getWorksheet('任务')!;
    const six = taskSheet.getColumn(1).values.indexOf(6);
    expect(taskSheet.getRow(six).height).toBeGreaterThan(30);

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

    // The quarter it had reported had ended when it adopted the revision (on 2021年10月3日): its
    // workbook is still made on the plan it was reported on. A period not yet ended is on the revised plan.
    const u1 = join(dir, 'u1.xlsx');
    expect((await cli(['export', '--db', unit.path, '--unit', TOWN, '--period', PERIOD, '--out', u1])).code).toBe(0);
    expect((await importFiles(bureau.core, [u1], { dryRun: true })).files[0]).toMatchObject({ status: 'imported', errors: [] });
    const current = periodContaining('quarter', chinaDate(FIXED_NOW)).id;
    // Task 4 (各镇(街道) support it).
    expect((await cli(['save', '--db', unit.path, '--unit', TOWN, '--period', current, '--task', '4'], '{"status":"正常推进"}')).code).toBe(0);
    // The bureau still runs 2021.1: the unit's workbook on the revised plan is refused as a different catalog.
    const u2 = join(dir, 'u2.xlsx');
    const reopened = await cli(['export', '--db', unit.path, '--unit', TOWN, '--period', current, '--out', u2]);
    expect(reopened.code).toBe(0);
    const refused = await importFiles(bureau.core, [u2]);
    expect(refused.files[0]!.errors.map((e) => e.message).join()).toContain('本系统没有采用过任务清单“jiyang-2024.1”：如区局已修订任务清单，请先在“设置”中载入修订的任务清单');

    // The bureau adopts the revision: a file or a template made on the old plan, where the unit answers for the same
    // under both (only task 9's target changed), is still taken, and said (refused where it differs: revision-periods.test.ts).
    const t = await bureau.core.run('exchange.template', { unit: TOWN, period: PERIOD });
    const oldTemplate = join(dir, 'old-template.xlsx');
    writeFileSync(oldTemplate, Buffer.from(t.dataBase64, 'base64'));
    const oldBook = await exportTo(await (async () => {
      const u = await newUnit(tempDir('eco-setup-old-'));
      open.push(u.core);
      await reportOne(u.core);
      return u.core;
    })(), dir, TOWN, PERIOD, 'old-book.xlsx');
    const adopted = await cli(['setup-import', '--db', bureau.path, revised, '--json']);
    expect(adopted.code, adopted.stderr).toBe(0);
    const again = await cli(['import', '--db', bureau.path, '--dry-run', '--json', oldBook, oldTemplate]);
    const files = (again.json() as { files: { status: string; warnings: string[] }[] }).files;
    expect(files.map((f) => f.status)).toEqual(['imported', 'rejected']);
    expect(files[0]!.warnings).toEqual(['此文件按任务清单“jiyang-2021.1”填写，2021年第三季度按任务清单“jiyang-2024.1”报送；该单位本期负责的任务和指标在两份清单中相同，照常接收']);
    // The template is read on as the book is: still blank, it is refused as blank (not as of another plan).
    expect((again.json() as { files: { errors: { message: string }[] }[] }).files[1]!.errors[0]!.message).toMatch(/^没有任何任务填写了状态/);
  });

  it('a period the bureau closed is closed in the unit once it adopts the set-up file: the clerk can no longer fill it in', async () => {
    const dir = tempDir('eco-setup-closed-');
    const bureau = await newBureau(dir);
    const unit = await newUnit(dir);
    open.push(bureau.core, unit.core);
    await reportOne(unit.core);
    await bureau.core.run('periods.setDeadline', { period: PERIOD, deadline: '2021-10-05', closed: true });
    const f = await bureau.core.run('exchange.setupExport', {});
    await unit.core.run('exchange.setupImport', { file: { name: f.fileName, dataBase64: f.dataBase64 } });
    const view = await unit.core.run('reports.forUnit', { unit: TOWN, period: PERIOD });
    expect(view.period.closed).toBe(true);
    const r = await unit.core.call('reports.save', { unit: TOWN, period: PERIOD, task: view.tasks[0]!.task, report: { status: '正常推进', progress: '补报' } });
    expect(r.ok || [r.error.code, r.error.message]).toEqual([
      'period_closed',
      `报送周期“${view.period.label}”已关闭，不再填报（区局也不再接收本期报送）。如需补报，请与区局联系，由区局重新开放该周期并下发新的设置文件。`,
    ]);
    expect((await unit.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks[0]!.report).toEqual(view.tasks[0]!.report);
    // The command line exports it (a copy to keep) and says the bureau will refuse it.
    unit.core.close();
    open.splice(open.indexOf(unit.core), 1);
    const exported = await cli(['export', '--db', unit.path, '--unit', TOWN, '--period', PERIOD, '--out', join(dir, 'closed.xlsx')]);
    expect([exported.code, exported.stdout]).toEqual([0, expect.stringContaining('注意：2021年第三季度已被区局关闭，区局导入时会拒收此期的报送文件：报送前请先与区局联系')]);
    // The bureau loading a set-up file (its own, exported before it closed the period, or a revised plan built from
    // it) keeps its own deadlines and closed periods.
    await bureau.core.run('periods.setDeadline', { period: PERIOD, deadline: '2021-10-05', closed: false });
    const before = await bureau.core.run('exchange.setupExport', {});
    await bureau.core.run('periods.setDeadline', { period: PERIOD, deadline: '2021-10-09', closed: true });
    await bureau.core.run('exchange.setupImport', { file: { name: before.fileName, dataBase64: before.dataBase64 } });
    expect(await bureau.core.run('periods.get', { period: PERIOD })).toMatchObject({ deadline: '2021-10-09', closed: true });
  });

  it('a unit’s database neither hands down a set-up file nor writes the district summary', async () => {
    const dir = tempDir('eco-setup-unit-');
    const unit = await newUnit(dir);
    open.push(unit.core);
    const setup = await unit.core.call('exchange.setupExport', {});
    expect(setup.ok || [setup.error.code, setup.error.message]).toEqual(['bureau_only', '只有区局汇总端可以导出下发给各单位的设置文件']);
    const summary = await unit.core.call('exchange.summaryExport', { period: PERIOD });
    expect(summary.ok || [summary.error.code, summary.error.message]).toEqual(['bureau_only', '只有区局汇总端可以导出全区汇总表']);
  });

  it('a unit on a new computer (its database set up afresh from the set-up file) numbers its export above what the bureau holds: newer content is not filed as stale', async () => {
    const dir = tempDir('eco-setup-fresh-');
    // Owed from 2021-Q1: the new computer takes it from the set-up file (a 补报 of the second quarter).
    const bureau = await newBureau(dir, 'quarter', '2021-Q1');
    const unit = await newUnit(dir);
    open.push(bureau.core, unit.core);
    await reportOne(unit.core);
    await exportTo(unit.core, dir, TOWN, PERIOD, 'r1.xlsx');
    await importFiles(bureau.core, [await exportTo(unit.core, dir, TOWN, PERIOD, 'r2.xlsx')]);
    const f = await bureau.core.run('exchange.setupExport', {});
    const fresh = await Core.open(join(dir, 'new-computer.db'), { create: true, now: () => FIXED_NOW });
    open.push(fresh);
    await fresh.run('exchange.setupImport', { file: { name: f.fileName, dataBase64: f.dataBase64 }, unit: TOWN });
    const task = (await fresh.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks[0]!.task;
    await fresh.run('reports.save', { unit: TOWN, period: PERIOD, task, report: { status: '已完成', percent: 100, progress: '新电脑上重新填写' } });
    const again = await fresh.run('exchange.exportUnit', { unit: TOWN, period: PERIOD });
    expect(again.revision).toBe(3);
    const path = join(dir, 'r3.xlsx');
    writeFileSync(path, Buffer.from(again.dataBase64, 'base64'));
    expect((await importFiles(bureau.core, [path])).files[0]).toMatchObject({ status: 'updated', revision: 3 });
    // However large a revision the bureau holds (one file's machine sheet edited by hand), its set-up file is still adopted.
    bureau.core.ctx.store.submissions.add({ id: 'big', unit: 'Z10', period: '2021-Q4', revision: 2_000_000, workbookUuid: null, contentHash: null, fileHash: null, source: 'import', receivedAt: '2021-10-03T02:00:00.000Z', submittedAt: null, modifiedAfterExport: true }, true);
    const big = await bureau.core.run('exchange.setupExport', {});
    expect((await fresh.call('exchange.setupImport', { file: { name: 'big.xlsx', dataBase64: big.dataBase64 } })).ok).toBe(true);
    // Another period the bureau holds nothing of starts at 1.
    await fresh.run('reports.save', { unit: TOWN, period: '2021-Q2', task, report: { status: '正常推进', progress: '补报' } });
    expect((await fresh.run('exchange.exportUnit', { unit: TOWN, period: '2021-Q2' })).revision).toBe(1);
  });

  it('refuses a revision that would corrupt what is held, or data that does not hang together, changing nothing; warns of reports left without their task', async () => {
    const dir = tempDir('eco-setup4-');
    const bureau = await newBureau(dir);
    const unit = await newUnit(dir);
    open.push(bureau.core, unit.core);
    // 新市镇 reports on its tasks (the 各镇(街道) ones) for the quarter not yet ended, which a revision adopted now takes.
    const LIVE = '2021-Q4';
    const mine = (await unit.core.run('reports.forUnit', { unit: TOWN, period: LIVE })).tasks.map((t) => t.task);
    for (const task of mine) await unit.core.run('reports.save', { unit: TOWN, period: LIVE, task, report: { status: '正常推进' } });
    const base = setupPayload(bureau.core.ctx);
    // Exported before the unit's clock (2021-10-03 02:00 UTC): a time ahead of it would count as now.
    const file = async (name: string, change: (p: SetupPayload) => SetupPayload, at = '2021-10-02T00:00:00.000Z'): Promise<string> => {
      const path = join(dir, name);
      writeFileSync(path, await writeSetupWorkbook(change(structuredClone(base)), at));
      return path;
    };
    const revised = (p: SetupPayload): SetupPayload => ({ ...p, catalog: { ...p.catalog, version: 'jiyang-2022.1' } });
    const adopt = (path: string) => unit.core.call('exchange.setupImport', { file: { name: basename(path), dataBase64: readFileSync(path).toString('base64') } });
    const refusedWith = async (path: string, text: string): Promise<void> => {
      const before = dumpDb(unit.path);
      const r = await adopt(path);
      expect(r.ok || r.error.message).toContain(text);
      expect(dumpDb(unit.path)).toEqual(before);
    };

    // A unit takes the bureau's plan as it is, even renumbered (the bureau, asked first, refuses that: see the next
    // test): said in the preview and on adoption, not refused, so the unit is not left on the old plan.
    const saidInPreview = async (path: string, text: string): Promise<void> => {
      const before = dumpDb(unit.path);
      const r = await unit.core.run('exchange.setupPreview', { file: { name: basename(path), dataBase64: readFileSync(path).toString('base64') } });
      expect(r.warnings.join('\n')).toContain(text);
      expect(dumpDb(unit.path)).toEqual(before);
    };
    // A new task inserted before one the unit reports on: every later number would name another task, and the reports held would follow the numbers.
    const t7 = mine.at(-1)!;
    await saidInPreview(
      await file('renumbered.xlsx', (p) => {
        const r = revised(p);
        r.catalog.tasks = r.catalog.tasks.map((t) => (t.no >= t7 ? { ...t, no: t.no + 1 } : t));
        r.catalog.tasks.push({ ...r.catalog.tasks.find((t) => t.no === t7 + 1)!, no: t7, title: '新增：强化噪声污染防治', indicators: [] });
        return r;
      }),
      '任务重新编号了',
    );
    // A task removed before it: the rest move up one number.
    await saidInPreview(
      await file('removed.xlsx', (p) => {
        const r = revised(p);
        r.catalog.tasks = r.catalog.tasks.filter((t) => t.no !== t7 - 1).map((t) => (t.no > t7 - 1 ? { ...t, no: t.no - 1 } : t));
        return r;
      }),
      '任务重新编号了',
    );
    // The task before it removed, it moved up one number, and its old number left empty: its reports would be left under a number no task has.
    await saidInPreview(
      await file('gone.xlsx', (p) => {
        const r = revised(p);
        r.catalog.tasks = r.catalog.tasks
          .filter((t) => t.no !== t7 - 1)
          .map((t) => (t.no > t7 - 1 ? { ...t, no: t.no - 1 } : t))
          .filter((t) => t.no !== t7);
        return r;
      }),
      `在此文件中没有这一项`,
    );
    await refusedWith(await file('no-category.xlsx', (p) => ({ ...p, catalog: { ...p.catalog, tasks: p.catalog.tasks.map((t) => (t.no === 4 ? { ...t, category: 9 } : t)) } })), '类别 9 不在类别清单中');
    await refusedWith(await file('dup-period.xlsx', (p) => ({ ...p, periods: [{ period: PERIOD, deadline: '2021-10-05', closed: false }, { period: PERIOD, deadline: '2021-10-06', closed: true }] })), '设置出现了两次');
    // The same version with other content.
    await refusedWith(await file('same-version.xlsx', (p) => ({ ...p, catalog: { ...p.catalog, tasks: p.catalog.tasks.map((t) => (t.no === 9 ? { ...t, indicators: t.indicators.map((i) => ({ ...i, target: 99 })) } : t)) } })), '同一版本号不能对应两份任务清单');
    // Data that does not hang together.
    await refusedWith(await file('dup-task.xlsx', (p) => ({ ...p, catalog: { ...p.catalog, tasks: [...p.catalog.tasks, p.catalog.tasks[2]!] } })), '任务序号 3 出现了两次');
    await refusedWith(await file('dup-indicator.xlsx', (p) => ({ ...p, catalog: { ...p.catalog, tasks: p.catalog.tasks.map((t) => (t.no === 4 ? { ...t, indicators: [...t.indicators, p.catalog.tasks.find((x) => x.indicators.length > 0)!.indicators[0]!] } : t)) } })), '出现了两次');
    await refusedWith(await file('bad-period.xlsx', (p) => ({ ...p, periods: [{ period: '2021-Q9', deadline: '2021-12-31', closed: false }] })), '“2021-Q9”不存在');
    await refusedWith(await file('early-deadline.xlsx', (p) => ({ ...p, periods: [{ period: PERIOD, deadline: '2021-09-01', closed: false }] })), '早于周期结束日');
    await refusedWith(await file('bad-target.xlsx', (p) => ({ ...p, targets: [{ indicatorId: '99.9', year: 2021, target: 1 }] })), '指标 99.9 不在任务清单中');
    await refusedWith(await file('own-inactive.xlsx', (p) => ({ ...p, catalog: { ...p.catalog, units: p.catalog.units.map((u) => (u.name === TOWN ? { ...u, active: false } : u)) } })), '本单位');

    // A real revision: the towns no longer on task t7, the first task of the unit reworded in place. Adopted,
    // with warnings naming the reworded task and the reports left aside.
    const first = mine[0]!;
    const dropped = await file('dropped.xlsx', (p) => {
      const r = revised(p);
      r.catalog.tasks = r.catalog.tasks.map((t) =>
        t.no === t7 ? { ...t, allTowns: false, units: t.units.filter((u) => p.catalog.units.find((x) => x.code === u.code)!.kind !== 'town') } : t.no === first ? { ...t, title: `${t.title}（2024年修订）` } : t,
      );
      return r;
    });
    const ok = await adopt(dropped);
    expect(ok.ok || ok.error.message).toBe(true);
    if (ok.ok) {
      expect(ok.value.warnings.join()).toContain(`${TOWN} 第 ${t7} 项（1 条）`);
      expect(ok.value.warnings.join()).toContain(`第 ${first} 项任务名称由`);
    }
    // Counted no more: the unit has filled every task it is now responsible for.
    const status = (await unit.core.run('submissions.status', { period: LIVE })).find((s) => s.unitName === TOWN)!;
    expect(status.reported).toBe(status.responsible);
    expect(status.responsible).toBe(mine.length - 1);
    // An older file afterwards would undo the revision.
    await refusedWith(await file('older.xlsx', revised, '2021-09-01T00:00:00.000Z'), '早于本机已采用的设置文件');
  });

  it('a revised plan against the values and units held: a number or indicator id given to another measure, or a unit code to another unit, is refused; renames, targets, new and dropped tasks and units are said', async () => {
    const dir = tempDir('eco-setup-rev-');
    const bureau = await newBureau(dir);
    open.push(bureau.core);
    // The quarter not yet ended: a revision adopted now puts it on the revised plan.
    await bureau.core.run('demo.fill', { period: '2021-Q4' });
    const base = setupPayload(bureau.core.ctx);
    const file = async (name: string, change: (p: SetupPayload) => void): Promise<string> => {
      const p = structuredClone(base);
      p.catalog.version = 'jiyang-2024.1';
      change(p);
      const path = join(dir, name);
      writeFileSync(path, await writeSetupWorkbook(p, '2021-10-02T00:00:00.000Z'));
      return path;
    };
    const adopt = (path: string) => bureau.core.call('exchange.setupImport', { file: { name: basename(path), dataBase64: readFileSync(path).toString('base64') } });
    const indicator = (p: SetupPayload, id: string) => p.catalog.tasks.flatMap((t) => t.indicators).find((i) => i.id === id)!;
    const refusedWith = async (path: string, text: string): Promise<void> => {
      const before = dumpDb(bureau.path);
      const r = await adopt(path);
      expect(r.ok || r.error.message, basename(path)).toContain(text);
      expect(dumpDb(bureau.path)).toEqual(before);
    };
    // Task 16's number given to another task altogether (or reworded beyond recognition), a unit's code to another
    // unit (or a thorough rename): said plainly in the preview, for the bureau to judge before adopting.
    const previewed = async (path: string) => (await bureau.core.run('exchange.setupPreview', { file: { name: basename(path), dataBase64: readFileSync(path).toString('base64') } })).warnings.join('\n');
    await expect(
      previewed(
        await file('reuse16.xlsx', (p) => {
          p.catalog.tasks.find((x) => x.no === 16)!.title = '开展农村生活污水治理';
        }),
      ),
    ).resolves.toContain('第 16 项任务名称由“强化河湖岸线保护与治理”改为“开展农村生活污水治理”，两者差别很大：已有的 2 条填报内容将归于新名称下。如这其实是另一项任务，请勿采用');
    await expect(
      previewed(
        await file('unit-code.xlsx', (p) => {
          p.catalog.units.find((u) => u.name === '区自然资源局')!.name = '区教育和体育局';
        }),
      ),
    ).resolves.toMatch(/单位代码 \S+ 在本机为“区自然资源局”（已有 \d+ 条填报内容），在此文件中为“区教育和体育局”：填报内容按单位代码保存，将归于新名称下（截止日期在今天之前的报送周期仍显示原名称）。如二者不是同一单位/);
    // Tasks renumbered (one inserted before task 9): every report of the current quarter would follow its number.
    await refusedWith(
      await file('renumbered.xlsx', (p) => {
        p.catalog.tasks = p.catalog.tasks.map((t) => (t.no >= 9 ? { ...t, no: t.no + 1 } : t));
        p.catalog.tasks.push({ ...structuredClone(p.catalog.tasks.find((t) => t.no === 10)!), no: 9, title: '新增：强化噪声污染防治', indicators: [] });
      }),
      '任务重新编号了：',
    );
    await refusedWith(await file('kind.xlsx', (p) => Object.assign(indicator(p, '9.1'), { comparator: 'yes', target: null, unit: '', name: '生态环境状况指数达到优良' })), '指标 9.1 由数值类（“生态环境状况指数（EI）”）改为是/否类（“生态环境状况指数达到优良”）');
    await refusedWith(await file('unit.xlsx', (p) => Object.assign(indicator(p, '12.1'), { unit: '吨', name: '危险废物利用处置量', comparator: '>=', target: 500 })), '指标 12.1“危险废物利用处置率”的计量单位由“%”改为“吨”');
    await refusedWith(
      await file('swap.xlsx', (p) => {
        const [a, b] = [indicator(p, '16.1'), indicator(p, '16.2')];
        [a.name, b.name] = [b.name, a.name];
      }),
      '指标编号对调或重排了',
    );
    // A revision the bureau may adopt, said in full: a renamed indicator, a new target, one left out, a new task, a lead changed, a unit left out.
    const fine = await file('fine.xlsx', (p) => {
      indicator(p, '10.1').name = '森林覆盖率';
      indicator(p, '5.1').target = 95;
      const t3 = p.catalog.tasks.find((t) => t.no === 3)!;
      t3.indicators = [];
      const t14 = p.catalog.tasks.find((t) => t.no === 14)!;
      t14.units = [...t14.units].reverse().map((u, i) => ({ ...u, role: i === 0 ? 'lead' : 'support' }));
      p.catalog.tasks.push({ ...structuredClone(t3), no: 17, title: '推进减污降碳协同增效', indicators: [] });
      p.catalog.units = p.catalog.units.filter((u) => u.name !== '区城市公用事业发展中心');
      p.catalog.tasks = p.catalog.tasks.map((t) => ({ ...t, units: t.units.filter((u) => p.catalog.units.some((x) => x.code === u.code)) }));
    });
    // The preview says what adopting will do; the result, what it did.
    const preview = await bureau.core.run('exchange.setupPreview', { file: { name: basename(fine), dataBase64: readFileSync(fine).toString('base64') } });
    expect(preview.warnings).toContain('以下单位将停用（其已有填报内容仍保存）：区城市公用事业发展中心');
    const ok = await adopt(fine);
    expect(ok.ok || ok.error.message).toBe(true);
    const said = ok.ok ? ok.value.warnings.join('\n') : '';
    expect(said).toContain('指标 10.1 名称由“林草覆盖率”改为“森林覆盖率”');
    expect(said).toContain('指标 5.1“生态环境信息公开率”的目标由“=100%”改为“=95%”');
    expect(said).toContain('指标 3.1“生态文明建设工作占党政实绩考核的比例”不在新的任务清单中，已填的 1 个数值仍保存');
    expect(said).toContain('新增任务：第 17 项“推进减污降碳协同增效”');
    expect(said).toMatch(/第 14 项牵头单位由\S+改为\S+/);
    expect(said).toContain('以下单位已停用（其已有填报内容仍保存）：区城市公用事业发展中心');
    expect(ok.ok && ok.value.units).toBe(27);
    expect(said).toContain('采用后，2021年第四季度起（2021年10月3日及以后结束的报送周期）按新的任务清单（jiyang-2024.1）填报、统计和打印；2021年第三季度及以前各期仍按各自原来的清单显示、统计和打印，其更正文件仍按原来的清单接收。按新清单的周期中，按原清单填写的报送文件，该单位负责的任务或指标有变的，此后导入时将被拒收：已收到的请先导入。');
  });

  it('a unit takes the bureau’s revised plan even where an indicator changed its kind: said, not refused', async () => {
    const dir = tempDir('eco-setup-rev-u-');
    const bureau = await newBureau(dir);
    const unit = await newUnit(dir, '市生态环境局济阳分局');
    open.push(bureau.core, unit.core);
    await unit.core.run('reports.save', { unit: '市生态环境局济阳分局', period: '2021-Q4', task: 9, report: { status: '正常推进', indicators: { '9.1': 56.2 } } });
    const p = setupPayload(bureau.core.ctx);
    p.catalog.version = 'jiyang-2024.1';
    Object.assign(p.catalog.tasks.flatMap((t) => t.indicators).find((i) => i.id === '9.1')!, { comparator: 'yes', target: null, unit: '', name: '生态环境状况指数达到优良' });
    const r = await unit.core.run('exchange.setupImport', { file: { name: 'rev.xlsx', dataBase64: (await writeSetupWorkbook(p, '2021-10-02T00:00:00.000Z')).toString('base64') } });
    expect(r.catalogVersion).toBe('jiyang-2024.1');
    expect(r.warnings.join('\n')).toContain('指标 9.1 由数值类（“生态环境状况指数（EI）”）改为是/否类（“生态环境状况指数达到优良”），已填的 1 个数值无法按新口径判断：已填的数值按新口径显示，请核对后重新填写');
  });

  it('a bureau that switched period kind sends a file every unit adopts (the periods still owed of the kind before with theirs)', async () => {
    const dir = tempDir('eco-setup5-');
    const bureau = await newBureau(dir);
    const unit = await newUnit(dir);
    open.push(bureau.core, unit.core);
    await bureau.core.run('periods.setDeadline', { period: PERIOD, deadline: '2021-10-08' });
    await bureau.core.run('periods.setKind', { kind: 'month' });
    await bureau.core.run('periods.setDeadline', { period: '2021-10', deadline: '2021-11-07' });
    const f = await bureau.core.run('exchange.setupExport', {});
    const r = await unit.core.call('exchange.setupImport', { file: { name: f.fileName, dataBase64: f.dataBase64 } });
    expect(r.ok || r.error.message).toBe(true);
    expect((await unit.core.run('app.info', {})).periodKind).toBe('month');
    expect((await unit.core.run('periods.get', { period: '2021-10' })).deadline).toBe('2021-11-07');
    // The third quarter ended before the switch: still owed, its deadline as the bureau moved it.
    expect((await unit.core.run('periods.get', { period: PERIOD })).deadline).toBe('2021-10-08');
  });

  it('says where its visible sheets were edited (not adopted), previews what adopting would say, and copes with a bureau clock set ahead', async () => {
    const dir = tempDir('eco-setup6-');
    const bureau = await newBureau(dir);
    const unit = await newUnit(dir);
    open.push(bureau.core, unit.core);
    const base = setupPayload(bureau.core.ctx);
    const blob = (path: string) => ({ name: basename(path), dataBase64: readFileSync(path).toString('base64') });
    const write = async (name: string, at: string, edit?: (wb: ExcelJS.Workbook) => void): Promise<string> => {
      const path = join(dir, name);
      let data: Uint8Array = await writeSetupWorkbook(base, at);
      if (edit) {
        const wb = await new ExcelJS.Workbook().xlsx.load(data as unknown as ArrayBuffer);
        edit(wb);
        data = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
      }
      writeFileSync(path, data);
      return path;
    };
    // Someone unprotected 单位 and renamed a unit in it, and added a line to 任务.
    const edited = await write('edited.xlsx', '2021-10-02T00:00:00.000Z', (wb) => {
      wb.getWorksheet('单位')!.getCell('B5').value = '某某街道办事处';
      wb.getWorksheet('任务')!.getCell(`C${base.catalog.tasks.length + 3}`).value = '新增任务：自行添加';
    });
    const unitName = base.catalog.units[2]!.name;
    const preview = await unit.core.run('exchange.setupPreview', { file: blob(edited) });
    expect(preview.currentCatalogVersion).toBe(base.catalog.version);
    const said = preview.warnings.join('\n');
    expect(said).toContain(`“单位”表第 5 行 B 列（单位名称）为“某某街道办事处”，设置数据中为“${unitName}”`);
    expect(said).toContain(`“任务”表第 ${base.catalog.tasks.length + 3} 行 C 列（重点任务）多了“新增任务：自行添加”`);
    expect(said).toContain('表格中的改动未被采用');
    const adopted = await unit.core.run('exchange.setupImport', { file: blob(edited) });
    expect(adopted.warnings).toEqual(preview.warnings);
    // The machine data was adopted, not the edit.
    expect((await unit.core.run('units.list', {})).map((u) => u.name)).toContain(unitName);
    expect((await unit.core.run('units.list', {})).map((u) => u.name)).not.toContain('某某街道办事处');
    // A file as exported says nothing.
    expect((await unit.core.run('exchange.setupPreview', { file: blob(await write('plain.xlsx', '2021-10-02T01:00:00.000Z')) })).warnings).toEqual([]);
    // A key cell edited is said as that one cell, not as a row deleted and another added.
    const keyEdited = await write('key-edited.xlsx', '2021-10-02T01:20:00.000Z', (wb) => void (wb.getWorksheet('单位')!.getCell('A6').value = 'Z99'));
    expect((await unit.core.run('exchange.setupPreview', { file: blob(keyEdited) })).warnings.join('\n')).toContain(
      `此文件的可见表格被改动过（1 处：“单位”表第 6 行 A 列（代码）为“Z99”，设置数据中为“${base.catalog.units[3]!.code}”）`,
    );
    // A row deleted by hand is said once, not as every row below it differing.
    const gone = base.catalog.units[3]!;
    const deleted = await write('deleted.xlsx', '2021-10-02T01:30:00.000Z', (wb) => void wb.getWorksheet('单位')!.spliceRows(6, 1));
    expect((await unit.core.run('exchange.setupPreview', { file: blob(deleted) })).warnings.join('\n')).toContain(
      `此文件的可见表格被改动过（1 处：“单位”表缺少代码为“${gone.code}”的一行（第 6 行“${gone.name}”被删除））`,
    );

    // A bureau clock set years ahead: adopted with a warning, recorded as exported now (the unit's clock:
    // 2021-10-03 02:00 UTC), so the next file, exported with the clock put right, is not refused as older.
    const ahead = await write('ahead.xlsx', '2031-01-01T00:00:00.000Z');
    const r = await unit.core.run('exchange.setupImport', { file: blob(ahead) });
    expect(r.warnings.join()).toContain('晚于本机当前时间');
    // A file from the same clock set ahead, exported before the one adopted: older by their own times, refused.
    const olderAhead = await unit.core.call('exchange.setupImport', { file: blob(await write('older-ahead.xlsx', '2030-12-01T00:00:00.000Z')) });
    expect(olderAhead.ok || olderAhead.error.message).toContain('早于本机已采用的设置文件（导出于 2031年1月1日');
    const next = await unit.core.call('exchange.setupImport', { file: blob(await write('next.xlsx', '2021-10-03T05:00:00.000Z')) });
    expect(next.ok || next.error.message).toBe(true);
    // What a database adopted before such times counted as now holds: a time ahead counts as now too.
    unit.core.ctx.store.meta.set('setup_exported_at', '2031-01-01T00:00:00.000Z');
    const after = await unit.core.call('exchange.setupImport', { file: blob(await write('after.xlsx', '2021-10-03T06:00:00.000Z')) });
    expect(after.ok || after.error.message).toBe(true);
    // Still refused: a file exported before the one adopted.
    const older = await unit.core.call('exchange.setupPreview', { file: blob(await write('older.xlsx', '2021-09-01T00:00:00.000Z')) });
    expect(older.ok || older.error.message).toContain('早于本机已采用的设置文件');
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
    // A damaged set-up file is asked of the bureau again (not "submitted" again, as a unit's workbook is).
    const torn = await unit.core.call('exchange.setupImport', { file: { name: 'torn.xlsx', dataBase64: Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), Buffer.alloc(200, 7)]).toString('base64') } });
    expect(torn.ok || torn.error.message).toMatch(/请向区局重新索取设置文件$/);
    // Data that is whole (its check value holds) but not of this program's shape (another version wrote it): said in
    // words, the fields only for support, never the schema library's English. (A task's or unit's field is named: see
    // catalog-revise.test.ts.)
    const base = setupPayload(unit.core.ctx);
    const odd = { ...base, catalog: { ...base.catalog, categories: [{ ...base.catalog.categories[0]!, numeral: 42 as unknown as string }, ...base.catalog.categories.slice(1)] } };
    const shaped = await unit.core.call('exchange.setupImport', { file: { name: 'other-version.xlsx', dataBase64: (await writeSetupWorkbook(odd, '2021-10-02T00:00:00.000Z')).toString('base64') } });
    expect(shaped.ok ? null : shaped.error.message).toBe('“other-version.xlsx”：设置数据不符合本程序的格式（可能由不同版本的程序导出），未导入；请向区局核实所用程序的版本，或重新索取设置文件（供技术支持：catalog.categories.0.numeral）');
    expect(dumpDb(unit.path)).toEqual(before);
  });
});

describe('district summary workbook', () => {
  it('a unit’s database has no district summary: it holds its own reports only, every other unit would show as missing', async () => {
    const dir = tempDir('eco-sum-unit-');
    const unit = await newUnit(dir);
    open.push(unit.core);
    await reportOne(unit.core);
    const r = await unit.core.call('summary.get', { period: PERIOD });
    expect(r.ok ? null : r.error).toMatchObject({ code: 'bureau_only', message: '只有区局汇总端可以查看全区汇总' });
    const c = await cli(['summary', '--db', unit.path, '--period', PERIOD]);
    expect(c.code).toBe(1);
    expect(c.stderr).toContain('只有区局汇总端可以查看全区汇总');
  });

  it('tasks × units with status and texts, indicators against targets, submissions', async () => {
    const dir = tempDir('eco-sum-');
    const unit = await newUnit(dir);
    const bureau = await newBureau(dir);
    open.push(unit.core, bureau.core);
    const tasks = (await unit.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks;
    await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task: tasks[0]!.task, report: { status: '进度滞后', problems: '资金未到位🌳', progress: '已开展排查 _x0041_ 字样' } });
    await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task: tasks[1]!.task, report: { status: '正常推进', progress: '长'.repeat(5000) } });
    await importFiles(bureau.core, [await exportTo(unit.core, dir)]);
    // Sent back with a reason typed over two lines: one line in the workbook.
    await bureau.core.run('submissions.return', { unit: TOWN, period: PERIOD, reason: '请补充资金到位情况\n及整改时限', tasks: [tasks[0]!.task] });
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
    // On time, and sent back since (said once, under 审核, as the printed form does; the reason under 退回).
    expect(subs.some((row) => row[0] === '新市镇' && row[2] === '按时' && row[3] === '2021年10月3日 10:00' && row[7] === '已退回' && String(row[8]).startsWith('待重报：'))).toBe(true);
    expect(subs[1]).toEqual(['单位', '类型', '报送情况', '首次报送时间', '最近收到', '版本', '已填/应填', '审核', '退回']);
    // Before the deadline nobody is overdue yet: 未报 says so.
    expect(subs.filter((row) => row[2] === '未报（未到截止日期）').length).toBeGreaterThan(10);
    // So does 进展汇总, as the printed 汇总表: 尚未报送, never 未报, before the deadline.
    expect(new Set(rows.slice(4).filter((row) => row[3] === '牵头' || row[3] === '配合').map((row) => row[4]).filter((s) => !['未启动', '正常推进', '已完成', '进度滞后', '长期坚持'].includes(s as string)))).toEqual(new Set(['尚未报送']));
    // The times of sending whole on their line (they decide 按时 or 逾期).
    const subSheet = book.getWorksheet('报送情况')!;
    expect([subSheet.getColumn(4).width, subSheet.getColumn(5).width]).toEqual([19, 19]);
    // Each task row names its task (no merged cells: a task running onto the next page is named there too).
    const entryRows = rows.slice(4).filter((row) => typeof row[2] === 'string' && (row[3] === '牵头' || row[3] === '配合'));
    expect(entryRows.length).toBeGreaterThan(20);
    for (const row of entryRows) expect([typeof row[0], typeof row[1]]).toEqual(['number', 'string']);
    expect(sheet.model.merges.filter((m) => /^[AB]\d/.test(m) && !/^A\d+:I\d+$/.test(m))).toEqual([]);
    expect(subs.find((row) => row[0] === '新市镇')![8]).toBe(`待重报：2021年10月3日 10:00 退回（第 ${tasks[0]!.task} 项任务）：请补充资金到位情况 及整改时限`);
    expect(subs.some((row) => String(row[0] ?? '').includes('退回待重报 1 个单位'))).toBe(true);
    const inds = XLSX.utils.sheet_to_json<string[]>(wb.Sheets['指标达标情况']!, { header: 1 });
    expect(inds.length).toBeGreaterThan(16);
    expect(inds[1]).toEqual(['编号', '指标', '所属任务', '目标', '最新数值', '上期数值', '是否达标', '责任单位（牵头）', '数值来源']);
    // Nothing reported: said, not a blank cell.
    expect(inds.slice(2).filter((row) => row[4] === '未填报').length).toBeGreaterThan(10);
  });
});

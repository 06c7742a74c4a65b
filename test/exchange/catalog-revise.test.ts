/**
 * 修订任务清单 in the app: responsibilities and numeric targets changed by the bureau become a revised plan, through
 * the same preview and checks as one loaded from a set-up file.
 */
import { afterAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { revisionVersion } from '../../electron/core/exchange/catalog-revise';
import { DEFAULT_CATALOG } from '../../electron/core/context';
import { setupPayload, writeSetupWorkbook } from '../../electron/core/exchange/setup-workbook';
import { Core } from '../../electron/core/service';
import { dumpDb, newBureau, tempDir } from '../helpers/db';
import { newUnit } from './helpers';
import { PLAN_SINCE_ALWAYS } from '../../shared/period';

const open: Core[] = [];
afterAll(() => {
  for (const c of open) c.close();
});

describe('catalog.revise', () => {
  it('names a revision by the plan it revises, the day and its content: never the name of another plan', () => {
    const v = revisionVersion('jiyang-2021.1', '2021-10-03', DEFAULT_CATALOG, new Set());
    expect(v).toMatch(/^jiyang-2021\.1-r20211003-[0-9a-f]{6}$/);
    // Other content the same day: another name; the same name held already: numbered on.
    const other = { ...DEFAULT_CATALOG, tasks: DEFAULT_CATALOG.tasks.slice(1) };
    expect(revisionVersion('jiyang-2021.1', '2021-10-03', other, new Set())).not.toBe(v);
    expect(revisionVersion('jiyang-2021.1', '2021-10-03', DEFAULT_CATALOG, new Set([v]))).toBe(`${v}-2`);
    // A revision of a revision replaces its suffix; a long name is cut to what the set-up file holds.
    expect(revisionVersion(v, '2021-11-05', other, new Set())).toMatch(/^jiyang-2021\.1-r20211105-[0-9a-f]{6}$/);
    expect(revisionVersion('x'.repeat(100), '2021-11-05', other, new Set()).length).toBeLessThanOrEqual(50);
  });

  it('a task’s units and a target changed: previewed without writing, then adopted for the periods due from now on; the units learn it from the set-up file', async () => {
    const { core, path, dir } = await newBureau(tempDir('eco-revise-'));
    open.push(core);
    await core.run('demo.fill', { period: '2021-Q3' });
    const units = await core.run('units.list', {});
    const code = (name: string) => units.find((u) => u.name === name)!.code;
    const change = {
      tasks: [{ no: 3, lead: code('区委组织部'), support: [code('区自然资源局')], allTowns: false }],
      indicators: [{ id: '3.1', target: 25 }],
    };
    const before = dumpDb(path);
    const preview = await core.run('catalog.revisePreview', change);
    expect(preview).toMatchObject({ catalogVersion: expect.stringMatching(/^jiyang-2021\.1-r20211003-[0-9a-f]{6}$/), currentCatalogVersion: 'jiyang-2021.1' });
    const version = preview.catalogVersion;
    expect(preview.changes).toEqual([
      '第 3 项“强化生态文明建设党政考核评价”：增加配合单位区自然资源局；责任单位改为：区委组织部、区自然资源局',
      '指标 3.1“生态文明建设工作占党政实绩考核的比例”的目标由“≥20%”改为“≥25%”',
    ]);
    expect(dumpDb(path)).toEqual(before);

    const adopted = await core.run('catalog.revise', change);
    expect(adopted).toMatchObject({ catalogVersion: version, previousCatalogVersion: 'jiyang-2021.1' });
    expect(adopted.warnings).toEqual(preview.warnings);
    // The fourth quarter is on the revision; the third (ended on 2021年9月30日, before it) keeps its plan.
    const q4 = await core.run('catalog.get', { period: '2021-Q4' });
    const t3 = q4.tasks.find((t) => t.no === 3)!;
    expect(t3.units.map((u) => [u.name, u.role])).toEqual([
      ['区委组织部', 'lead'],
      ['区自然资源局', 'support'],
    ]);
    expect(t3.unitsText).toBe('（责任单位：区委组织部、区自然资源局）');
    expect(t3.indicators[0]).toMatchObject({ id: '3.1', target: 25 });
    const q3 = await core.run('catalog.get', { period: '2021-Q3' });
    expect(q3.tasks.find((t) => t.no === 3)!.units.map((u) => u.name)).toEqual(['区委组织部']);
    expect((await core.run('reports.forUnit', { unit: '区自然资源局', period: '2021-Q4' })).tasks.map((t) => t.task)).toContain(3);
    expect((await core.run('reports.forUnit', { unit: '区自然资源局', period: '2021-Q3' })).tasks.map((t) => t.task)).not.toContain(3);
    expect((await core.run('app.info', {})).catalogVersion).toBe(version);
    // Kept in 设置变更记录.
    expect((await core.run('settings.log', {})).map((c) => c.text)).toContain(
      `任务清单：jiyang-2021.1 改为 ${version}（2021年10月3日及以后结束的各期按新清单，此前结束的各期仍按原清单）。变化：指标 3.1“生态文明建设工作占党政实绩考核的比例”的目标由“≥20%”改为“≥25%”；第 3 项配合单位增加区自然资源局`,
    );

    // 区自然资源局 adopts the bureau's set-up file: task 3 is now on its desk for the fourth quarter.
    const setup = await core.run('exchange.setupExport', {});
    // Its 说明 says the version the app shows, and in words when the plan was issued and revised.
    const notes = XLSX.read(Buffer.from(setup.dataBase64, 'base64')).Sheets['说明']!;
    const noteCells = Object.values(notes).filter((c): c is { v: unknown } => typeof c === 'object' && c !== null && 'v' in c).map((c) => c.v);
    expect(noteCells[noteCells.indexOf('任务清单版本') + 1]).toBe(`${version}（2021年7月14日印发的工作方案，2021年10月3日修订）`);
    const unit = await newUnit(dir, '区自然资源局');
    open.push(unit.core);
    await unit.core.run('exchange.setupImport', { file: { name: setup.fileName, dataBase64: setup.dataBase64 } });
    expect((await unit.core.run('reports.forUnit', { unit: '区自然资源局', period: '2021-Q4' })).tasks.map((t) => t.task)).toContain(3);
  });

  it('a supporting unit deactivated since stays on its task when the row is edited (the screen lists active units only)', async () => {
    const { core } = await newBureau(tempDir('eco-revise-kept-'));
    open.push(core);
    const units = await core.run('units.list', {});
    const code = (name: string) => units.find((u) => u.name === name)!.code;
    await core.run('units.save', { code: code('区卫生健康局'), name: '区卫生健康局', kind: 'department', active: false });
    const p = await core.run('catalog.revisePreview', { tasks: [{ no: 12, lead: code('市生态环境局济阳分局'), support: [code('区农业农村局')], allTowns: false }] });
    expect(p.changes).toEqual(['第 12 项“加强危险废物安全处置”：增加配合单位区农业农村局；责任单位改为：市生态环境局济阳分局、区卫生健康局、区农业农村局']);
  });

  it('a set-up file whose earlier plan differs from the one a unit holds by that name is refused, nothing written', async () => {
    const { core } = await newBureau(tempDir('eco-revise-same-name-'));
    open.push(core);
    // The bureau's file names, as the earlier plan jiyang-2021.1, other content than the one the unit holds by that
    // name (a database restored and revised again, say); its plan in force is new.
    const p = setupPayload(core.ctx);
    const other = { ...p.catalog, tasks: p.catalog.tasks.map((t) => (t.no === 9 ? { ...t, indicators: t.indicators.map((i) => ({ ...i, target: 99 })) } : t)) };
    const file = { ...p, catalog: { ...p.catalog, version: 'jiyang-2021.1-r20211003-abcdef' }, plans: [other], schedule: [{ version: 'jiyang-2021.1', from: PLAN_SINCE_ALWAYS }, { version: 'jiyang-2021.1-r20211003-abcdef', from: '2021-10-03' }] };
    const unit = await newUnit(tempDir('eco-revise-same-name-u-'), '区委组织部');
    open.push(unit.core);
    const before = dumpDb(unit.path);
    const r = await unit.core.call('exchange.setupImport', { file: { name: '设置文件.xlsx', dataBase64: (await writeSetupWorkbook(file, '2021-10-03T02:00:00.000Z')).toString('base64') } });
    expect(r.ok ? null : r.error.message).toBe('“设置文件.xlsx”：任务清单版本“jiyang-2021.1”本机已有，但内容与此文件所附的同名旧版本不同：同一版本号不能对应两份任务清单，未导入；请向区局核实');
    expect(dumpDb(unit.path)).toEqual(before);
  });

  it('refuses what cannot be made, naming each problem, and nothing is written', async () => {
    const { core, path } = await newBureau(tempDir('eco-revise-bad-'));
    open.push(core);
    const units = await core.run('units.list', {});
    const code = (name: string) => units.find((u) => u.name === name)!.code;
    await core.run('units.save', { code: code('区卫生健康局'), name: '区卫生健康局', kind: 'department', active: false });
    const before = dumpDb(path);
    const bad = await core.call('catalog.revise', {
      tasks: [
        { no: 3, lead: code('区卫生健康局'), support: [], allTowns: false },
        { no: 4, lead: code('区城乡水务局'), support: [code('区城乡水务局'), code('济阳街道')], allTowns: true },
        { no: 99, lead: code('区委组织部'), support: [], allTowns: false },
        { no: 5, lead: 'X99', support: [], allTowns: false },
      ],
      indicators: [{ id: '16.1', target: 80 }, { id: '10.9', target: 1 }, { id: '5.1', target: 1000 }],
    });
    expect(bad.ok ? null : bad.error.message).toBe(
      '任务清单未修订：第 3 项任务：牵头单位“区卫生健康局”已停用，请另选牵头单位，或先在“填报单位”中重新启用它；第 4 项任务：“区城乡水务局”已是牵头单位，不能同时列为配合单位；第 4 项任务：已选“各镇（街道）”，不必再单列“济阳街道”；没有第 99 项重点任务；第 5 项任务：没有代码为 X99 的单位；指标 16.1“自然岸线保有率”的目标不是一个数值（上级下达目标请在“上级下达目标”中按年录入）；没有编号为“10.9”的指标；指标 5.1“生态环境信息公开率”是百分比，目标不能超过 100%（填的是 1000%），请填写 0–100 之间的数',
    );
    // The same units in another order, the same target: nothing to revise.
    const same = await core.call('catalog.revisePreview', { tasks: [{ no: 2, lead: code('区委办公室'), support: [code('市生态环境局济阳分局'), code('区政府办公室')], allTowns: false }], indicators: [{ id: '3.1', target: 20 }] });
    expect(same.ok ? null : same.error.message).toBe('没有修改：任务、责任单位和指标都与现行任务清单相同');
    expect(dumpDb(path)).toEqual(before);
    // A unit's database cannot revise the plan.
    const unit = await newUnit(tempDir('eco-revise-unit-'), '区委组织部');
    open.push(unit.core);
    const refused = await unit.core.call('catalog.revisePreview', { indicators: [{ id: '3.1', target: 25 }] });
    expect(refused.ok ? null : refused.error.code).toBe('bureau_only');
  });
});

describe('a set-up file that is not this district’s plan, or not a plan anyone could report on', () => {
  const adopt = async (core: Core, payload: unknown, at = '2021-10-03T02:00:00.000Z') =>
    core.call('exchange.setupImport', { file: { name: '设置文件.xlsx', dataBase64: (await writeSetupWorkbook(payload as never, at)).toString('base64') } });

  it('refuses another district’s file, a task nobody answers for, a target typed as text: each named, nothing written', async () => {
    const { core, path } = await newBureau(tempDir('eco-setup-bad-'));
    open.push(core);
    const unit = await newUnit(tempDir('eco-setup-bad-u-'), '区委组织部');
    open.push(unit.core);
    const p = setupPayload(core.ctx);
    const before = [dumpDb(path), dumpDb(unit.path)];
    const task = (no: number, f: (t: (typeof p.catalog.tasks)[number]) => object) => ({ ...p, catalog: { ...p.catalog, version: 'jiyang-2024.1', tasks: p.catalog.tasks.map((t) => (t.no === no ? f(t) : t)) } });
    const cases: [unknown, string][] = [
      [
        { ...p, catalog: { ...p.catalog, plan: { ...p.catalog.plan, district: '商河县', title: '商河县生态文明建设工作方案' } } },
        '此设置文件是商河县的（商河县生态文明建设工作方案），本机是济阳区的（济南市济阳区巩固提升国家生态文明建设示范区创建成果工作方案）：不是本区的设置文件，未导入；',
      ],
      [task(5, (t) => ({ ...t, units: [], allTowns: false })), '第 5 项任务“加强生态环境信息公开率”没有责任单位'],
      [task(9, (t) => ({ ...t, indicators: t.indicators.map((i, n) => (n === 0 ? { ...i, target: '≥60' } : i)) })), '设置数据中第 9 项任务的指标 9.1 的目标“≥60”不是数字：应填数字，未导入；请区局核对后重新导出设置文件'],
    ];
    for (const [payload, said] of cases) {
      for (const db of [core, unit.core]) {
        const r = await adopt(db, payload);
        expect(r.ok ? null : r.error.message).toContain(said);
      }
    }
    expect([dumpDb(path), dumpDb(unit.path)]).toEqual(before);
  });

  it('says a new plan title, and a plan this database had and replaced (a file from a copy made before the revision) as going back', async () => {
    const { core } = await newBureau(tempDir('eco-setup-back-'));
    open.push(core);
    const old = setupPayload(core.ctx);
    const renamed = await adopt(core, { ...old, catalog: { ...old.catalog, version: 'jiyang-2021.2', plan: { ...old.catalog.plan, title: '济阳区生态文明建设工作方案（修订）' } } });
    expect(renamed.ok && renamed.value.warnings).toContain('工作方案由“济南市济阳区巩固提升国家生态文明建设示范区创建成果工作方案”（济南市济阳区人民政府）改为“济阳区生态文明建设工作方案（修订）”（济南市济阳区人民政府）：此后打印的表格和导出的文件用新的方案名称');
    // Nothing held yet: every period took it, as the log says.
    expect((await core.run('settings.log', {})).map((c) => c.text)).toContain('任务清单：jiyang-2021.1 改为 jiyang-2021.2（采用时还没有填报内容，各期都按新清单）');
    const units = await core.run('units.list', {});
    await core.run('catalog.revise', { tasks: [], indicators: [{ id: '3.1', target: 25 }] });
    const revised = (await core.run('app.info', {})).catalogVersion;
    const back = await core.call('exchange.setupPreview', { file: { name: '旧.xlsx', dataBase64: (await writeSetupWorkbook({ ...old, catalog: { ...old.catalog, units: old.catalog.units.length ? old.catalog.units : units } }, '2021-10-03T05:00:00.000Z')).toString('base64') } });
    expect(back.ok && back.value.warnings[0]).toBe(`此文件的任务清单“${old.catalog.version}”是本机此前用过、已由“${revised}”取代的版本：采用后，未结束的各期将退回按旧的任务清单填报。如并非有意撤销修订，请勿采用，请核对此文件的来源，使用本局最新导出的设置文件`);
  });
});

describe('an indicator id a revised plan gives anew', () => {
  it('a value entered under its earlier meaning is said on adoption and not exported under the new one; the bureau takes the file', async () => {
    const { core } = await newBureau(tempDir('eco-reuse-'));
    open.push(core);
    const unit = await newUnit(tempDir('eco-reuse-u-'), '区委组织部');
    open.push(unit.core);
    const at = { unit: '区委组织部', period: '2021-Q4', task: 3 };
    await unit.core.run('reports.save', { ...at, report: { status: '正常推进', percent: 30, progress: '推进', indicators: { '3.1': 22 } } });
    const base = setupPayload(core.ctx);
    const t3 = base.catalog.tasks.find((t) => t.no === 3)!;
    // 2021.2 leaves 3.1 out; 2021.3 lists 3.1 again, now a 是/否.
    const without = { ...base, catalog: { ...base.catalog, version: 'jiyang-2021.2', tasks: base.catalog.tasks.map((t) => (t.no === 3 ? { ...t, indicators: [] } : t)) } };
    const again = { ...base, catalog: { ...base.catalog, version: 'jiyang-2021.3', tasks: base.catalog.tasks.map((t) => (t.no === 3 ? { ...t, indicators: [{ ...t3.indicators[0]!, name: '考核办法已印发', comparator: 'yes' as const, target: null, unit: '' }] } : t)) } };
    const file = async (p: unknown, time: string) => ({ name: 's.xlsx', dataBase64: (await writeSetupWorkbook(p as never, time)).toString('base64') });
    for (const db of [unit.core, core]) await db.run('exchange.setupImport', { file: await file(without, '2021-10-03T01:00:00.000Z') });
    const told = await unit.core.run('exchange.setupImport', { file: await file(again, '2021-10-03T01:30:00.000Z') });
    expect(told.warnings).toContain('指标 3.1 由数值类（“生态文明建设工作占党政实绩考核的比例”）改为是/否类（“考核办法已印发”），已填的 1 个数值无法按新口径判断：已填的数值按新口径显示，请核对后重新填写');
    await core.run('exchange.setupImport', { file: await file(again, '2021-10-03T01:30:00.000Z') });
    const f = await unit.core.run('exchange.exportUnit', { unit: at.unit, period: at.period });
    expect(f.warnings).toContain('第 3 项任务的指标 3.1“考核办法已印发”现应填是或否，本机保存的“22”是按原来的口径填写的，不会导出：请重新填写该指标后再导出');
    const r = await core.run('exchange.import', { files: [{ name: f.fileName, dataBase64: f.dataBase64 }] });
    expect(r.files.map((x) => [x.status, x.errors])).toEqual([['imported', []]]);
  });
});

describe('what a revised plan loaded from a file changes', () => {
  it('is listed plan against plan (titles, indicators, targets, supporting units), and a unit is told its own first', async () => {
    const { core } = await newBureau(tempDir('eco-diff-'));
    open.push(core);
    const unit = await newUnit(tempDir('eco-diff-u-'), '区农业农村局');
    open.push(unit.core);
    const p = setupPayload(core.ctx);
    const edit = (no: number, f: (t: (typeof p.catalog.tasks)[number]) => (typeof p.catalog.tasks)[number]) => (p.catalog.tasks = p.catalog.tasks.map((t) => (t.no === no ? f(t) : t)));
    p.catalog.version = 'jiyang-2024.1';
    edit(5, (t) => ({ ...t, title: '加强生态环境信息公开' }));
    edit(9, (t) => ({ ...t, indicators: t.indicators.map((i) => ({ ...i, target: 60 })) }));
    edit(3, (t) => ({ ...t, indicators: [] }));
    edit(10, (t) => ({ ...t, indicators: [...t.indicators, { ...t.indicators[0]!, id: '10.2', name: '森林覆盖率', target: 15 }] }));
    // 区农业农村局 no longer supports task 11; 区城乡水务局 does.
    edit(11, (t) => ({ ...t, units: [{ code: 'B07', role: 'lead' }, { code: 'B05', role: 'support' }] }));
    const file = { name: 'rev.xlsx', dataBase64: (await writeSetupWorkbook(p, '2021-10-03T01:00:00.000Z')).toString('base64') };
    const changes =
      '任务清单的变化：第 3 项删去指标 3.1“生态文明建设工作占党政实绩考核的比例”；第 5 项任务名称改为“加强生态环境信息公开”；指标 9.1“生态环境状况指数（EI）”的目标由“≥55”改为“≥60”；第 10 项新增指标 10.2“森林覆盖率”（≥15%且不降低）；第 11 项配合单位增加区城乡水务局，不再包括区农业农村局';
    expect((await core.run('exchange.setupPreview', { file })).warnings).toContain(changes);
    const told = (await unit.core.run('exchange.setupPreview', { file })).warnings;
    expect(told.slice(0, 2)).toEqual(['采用后，本单位不再负责第 11 项', changes]);
    // What it wrote for task 11 this quarter is kept, said so, and its 修改记录 stays readable.
    const at = { unit: '区农业农村局', period: '2021-Q4', task: 11 };
    await unit.core.run('reports.save', { ...at, report: { status: '正常推进', progress: '外来入侵物种调查' } });
    const adopted = await unit.core.run('exchange.setupImport', { file });
    expect(adopted.warnings).toContain('新的任务清单中，以下单位不再负责这些任务，其已有填报内容仍保存在数据库中（修改记录、工作台账和佐证材料包中可查），但不再在填报、汇总和报送文件中显示、统计或导出：区农业农村局 第 11 项（1 条）');
    expect((await unit.core.run('reports.history', at)).map((h) => h.data.progress)).toEqual(['外来入侵物种调查']);
    expect(await unit.core.call('reports.save', { ...at, report: { status: '正常推进', progress: '再写' } })).toMatchObject({ ok: false, error: { code: 'not_responsible' } });
  });
});

describe('the 2024 kind of revision in the app: titles, indicators added and left out, tasks added', () => {
  it('rewords a task, leaves out an indicator, adds one and a task, numbered after any number held; the reports stay; refusals named', async () => {
    const { core, path } = await newBureau(tempDir('eco-revise-2024-'));
    open.push(core);
    const units = await core.run('units.list', {});
    const code = (name: string) => units.find((u) => u.name === name)!.code;
    await core.run('reports.save', { unit: '区委组织部', period: '2021-Q4', task: 3, report: { status: '正常推进', progress: '修订前', indicators: { '3.1': 22 } } });
    const before = dumpDb(path);
    const bad = await core.call('catalog.revisePreview', {
      titles: [{ no: 99, title: '没有的任务' }, { no: 5, title: '推进生态文明建设规划有效落实。' }],
      addIndicators: [{ task: 9, name: '森林覆盖率', comparator: '>=', target: null, unit: '%' }, { task: 10, name: '林草覆盖率', comparator: '>=', target: 20, unit: '%' }],
      dropIndicators: ['9.9'],
      addTasks: [{ category: 9, title: '新任务', lead: code('区自然资源局'), support: [], allTowns: false }],
    });
    expect(bad.ok ? null : bad.error.message).toBe('任务清单未修订：没有第 99 项重点任务；第 5 项任务名称“推进生态文明建设规划有效落实。”与第 1 项相同；没有编号为“9.9”的指标；新增指标“森林覆盖率”：请填写目标值；新增指标“林草覆盖率”与已有指标同名；新增任务“新任务”：没有第 9 类');
    expect(dumpDb(path)).toEqual(before);
    const input = {
      titles: [{ no: 5, title: '加强生态环境信息公开' }],
      dropIndicators: ['3.1'],
      addIndicators: [
        { task: 10, name: '森林覆盖率', comparator: '>=' as const, target: 15, unit: '%' as const },
        { task: 3, name: '考核办法已印发', comparator: 'yes' as const, target: null, unit: '' as const },
        { task: 10, name: '湿地保护率', comparator: 'not_lower' as const, target: null, unit: '%' as const },
        { task: 16, name: '生态保护红线面积', comparator: 'meets_assigned' as const, target: null, unit: '' as const },
      ],
      addTasks: [{ category: 3, title: '推进减污降碳协同增效', lead: code('区自然资源局'), support: [code('区发展和改革局')], allTowns: false }],
    };
    const preview = await core.run('catalog.revisePreview', input);
    // By task number, as the plan reads (not in the order entered).
    expect(preview.changes).toEqual([
      '第 3 项删去指标 3.1“生态文明建设工作占党政实绩考核的比例”（已填的数值仍保存，不再显示、统计）',
      // 3.1 was the task's: the new one is 3.2, never 3.1 again (its values are kept under that id).
      '第 3 项新增指标 3.2“考核办法已印发”（是，附佐证材料）',
      '第 5 项任务名称由“加强生态环境信息公开率”改为“加强生态环境信息公开”',
      '第 10 项新增指标 10.2“森林覆盖率”（≥15%）',
      '第 10 项新增指标 10.3“湿地保护率”（不低于上期）',
      '第 16 项新增指标 16.3“生态保护红线面积”（完成上级下达目标）',
      '新增第 17 项任务“推进减污降碳协同增效”，属（三）持续优化区域生态空间（责任单位：区自然资源局、区发展和改革局）',
    ]);
    // What adopting it does is said below, without the task added again (a set-up file's preview names it there).
    expect(preview.warnings.filter((w) => w.includes('第 17 项'))).toEqual([]);
    expect(dumpDb(path)).toEqual(before);
    const adopted = await core.run('catalog.revise', input);
    // Reports held: the periods ending from today on take it, as the log says.
    // What it changed is kept with it.
    expect((await core.run('settings.log', {})).map((c) => c.text)).toContainEqual(
      expect.stringMatching(new RegExp(`^任务清单：jiyang-2021\\.1 改为 ${adopted.catalogVersion}（2021年10月3日及以后结束的各期按新清单，此前结束的各期仍按原清单）。变化：.*第 5 项任务名称改为“加强生态环境信息公开”.*新增任务：第 17 项“推进减污降碳协同增效”`)),
    );
    const q4 = await core.run('catalog.get', { period: '2021-Q4' });
    expect(q4.version).toBe(adopted.catalogVersion);
    expect(q4.tasks.find((t) => t.no === 5)!.title).toBe('加强生态环境信息公开');
    expect(q4.tasks.find((t) => t.no === 3)!.indicators.map((i) => i.id)).toEqual(['3.2']);
    // A 不低于上期 rate keeps its %.
    expect(q4.tasks.find((t) => t.no === 10)!.indicators.find((i) => i.id === '10.3')).toMatchObject({ comparator: 'not_lower', unit: '%', target: null });
    expect(q4.tasks.find((t) => t.no === 17)).toMatchObject({ category: 3, units: [{ code: code('区自然资源局'), role: 'lead' }, { code: code('区发展和改革局'), role: 'support' }] });
    // The report made before keeps its text and its 3.1 (not shown now); the quarter ended keeps its plan.
    expect((await core.run('reports.history', { unit: '区委组织部', period: '2021-Q4', task: 3 }))[0]!.data).toMatchObject({ progress: '修订前', indicators: { '3.1': 22 } });
    expect((await core.run('catalog.get', { period: '2021-Q3' })).tasks.map((t) => t.no)).not.toContain(17);
    // Another task added: numbered after every number held (18).
    const again = await core.run('catalog.revisePreview', { addTasks: [{ category: 1, title: '另一项新任务', lead: code('区委办公室'), support: [], allTowns: true }] });
    expect(again.changes![0]).toMatch(/^新增第 18 项任务“另一项新任务”/);
    // A unit learns all of it from the set-up file.
    const unit = await newUnit(tempDir('eco-revise-2024-u-'), '区自然资源局');
    open.push(unit.core);
    const f = await core.run('exchange.setupExport', {});
    const told = await unit.core.run('exchange.setupImport', { file: { name: f.fileName, dataBase64: f.dataBase64 } });
    // The indicators added to a task it leads, named for it (it reports them).
    expect(told.warnings[0]).toBe('采用后，本单位新负责第 17 项（牵头）；本单位牵头的第 10 项新增指标 10.2“森林覆盖率”、新增指标 10.3“湿地保护率”');
    expect((await unit.core.run('reports.forUnit', { unit: '区自然资源局', period: '2021-Q4' })).tasks.map((t) => t.task)).toContain(17);
  });

  it('leaves a task out: its reports kept and no longer shown, its number never given again; a task edited as well, or a whole category, refused', async () => {
    const { core, path } = await newBureau(tempDir('eco-revise-drop-'));
    open.push(core);
    const units = await core.run('units.list', {});
    const code = (name: string) => units.find((u) => u.name === name)!.code;
    await core.run('reports.save', { unit: '区委组织部', period: '2021-Q4', task: 3, report: { status: '正常推进', progress: '删去前的进展' } });
    // A target handed down for an indicator of the last task (完成上级下达目标).
    await core.run('targets.set', { indicator: '16.1', year: 2021, target: 5 });
    const plan = await core.run('catalog.get', {});
    const smallest = [...plan.categories].sort((a, b) => plan.tasks.filter((t) => t.category === a.no).length - plan.tasks.filter((t) => t.category === b.no).length)[0]!;
    const before = dumpDb(path);
    const bad = await core.call('catalog.revisePreview', {
      dropTasks: [99, 5, ...plan.tasks.filter((t) => t.category === smallest.no).map((t) => t.no)],
      titles: [{ no: 5, title: '加强生态环境信息公开' }],
    });
    expect(bad.ok ? null : bad.error.message).toBe(
      `任务清单未修订：没有第 99 项重点任务，无法删去；第 5 项任务要删去，不能同时修改它的名称、责任单位或指标；类别“（${smallest.numeral}）${smallest.title}”至少要保留一项任务：请取消其中一项任务的“删去”`,
    );
    expect(dumpDb(path)).toEqual(before);
    const three = plan.tasks.find((t) => t.no === 3)!;
    const last = plan.tasks.at(-1)!;
    const input = { dropTasks: [last.no, 3] };
    const preview = await core.run('catalog.revisePreview', input);
    expect(preview.changes).toEqual([
      `删去第 3 项任务“${three.title}”（已填的内容仍保存，不再显示、统计或导出；此序号不再使用）`,
      `删去第 ${last.no} 项任务“${last.title}”（已填的内容仍保存，不再显示、统计或导出；此序号不再使用）`,
    ]);
    // Said once: not again below as what adopting does.
    expect(preview.warnings.filter((w) => w.includes('不在新的任务清单中'))).toEqual([]);
    expect(dumpDb(path)).toEqual(before);
    await core.run('catalog.revise', input);
    // The target stays here for the periods on the plan before (the file lists those of the plan it carries).
    expect(core.ctx.store.targets.all()).toContainEqual({ indicatorId: '16.1', year: 2021, target: 5 });
    // The quarter under way takes it; the one ended keeps its plan.
    expect((await core.run('catalog.get', { period: '2021-Q4' })).tasks.map((t) => t.no)).not.toContain(3);
    expect((await core.run('catalog.get', { period: '2021-Q3' })).tasks.map((t) => t.no)).toContain(3);
    expect((await core.run('reports.forUnit', { unit: '区委组织部', period: '2021-Q4' })).tasks.map((t) => t.task)).not.toContain(3);
    // Kept, with its history.
    expect((await core.run('reports.history', { unit: '区委组织部', period: '2021-Q4', task: 3 }))[0]!.data).toMatchObject({ progress: '删去前的进展' });
    // The last number left out is not given to the next task added.
    const again = await core.run('catalog.revisePreview', { addTasks: [{ category: 1, title: '另一项新任务', lead: code('区委办公室'), support: [], allTowns: false }] });
    expect(again.changes![0]).toMatch(new RegExp(`^新增第 ${last.no + 1} 项任务“另一项新任务”`));
    // A unit learns it from the set-up file.
    const unit = await newUnit(tempDir('eco-revise-drop-u-'), '区委组织部');
    open.push(unit.core);
    const f = await core.run('exchange.setupExport', {});
    const told = await unit.core.run('exchange.setupImport', { file: { name: f.fileName, dataBase64: f.dataBase64 } });
    expect(told.warnings).toContain('采用后，本单位不再负责第 3 项，在新的任务清单中没有负责的任务：按新清单的各期无需报送，此前各期照常报送');
    expect((await unit.core.run('reports.forUnit', { unit: '区委组织部', period: '2021-Q4' })).tasks.map((t) => t.task)).not.toContain(3);
    // A unit's last task left out: the bureau is told it drops out; the unit, that it owes nothing on the new plan.
    const only = await core.run('catalog.revisePreview', { dropTasks: [14] });
    expect(only.warnings).toContain('以下单位在新的任务清单中没有负责的任务，按新清单的各期不再需要报送、不再列入统计：区应急管理局');
    const emergency = await newUnit(tempDir('eco-revise-drop-u2-'), '区应急管理局');
    open.push(emergency.core);
    await core.run('catalog.revise', { dropTasks: [14] });
    const g = await core.run('exchange.setupExport', {});
    const last14 = await emergency.core.run('exchange.setupImport', { file: { name: g.fileName, dataBase64: g.dataBase64 } });
    expect(last14.warnings).toContain('采用后，本单位不再负责第 14 项，在新的任务清单中没有负责的任务：按新清单的各期无需报送，此前各期照常报送');
    expect((await emergency.core.run('reports.forUnit', { unit: '区应急管理局', period: '2021-Q4' })).total).toBe(0);
  });
});

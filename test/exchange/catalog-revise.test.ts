/**
 * 修订任务清单 in the app: responsibilities and numeric targets changed by the bureau become a revised plan, through
 * the same preview and checks as one loaded from a set-up file.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { nextVersion } from '../../electron/core/exchange/catalog-revise';
import { Core } from '../../electron/core/service';
import { dumpDb, newBureau, tempDir } from '../helpers/db';
import { newUnit } from './helpers';

const open: Core[] = [];
afterAll(() => {
  for (const c of open) c.close();
});

describe('catalog.revise', () => {
  it('numbers the next version', () => {
    expect(nextVersion('jiyang-2021.1', new Set())).toBe('jiyang-2021.2');
    expect(nextVersion('jiyang-2021.1', new Set(['jiyang-2021.2', 'jiyang-2021.3']))).toBe('jiyang-2021.4');
    expect(nextVersion('本区方案', new Set())).toBe('本区方案.2');
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
    expect(preview).toMatchObject({ catalogVersion: 'jiyang-2021.2', currentCatalogVersion: 'jiyang-2021.1' });
    expect(preview.changes).toEqual([
      '第 3 项“强化生态文明建设党政考核评价”：增加配合单位区自然资源局；责任单位写作（责任单位：区委组织部、区自然资源局）',
      '指标 3.1“生态文明建设工作占党政实绩考核的比例”的目标由“≥20%”改为“≥25%”',
    ]);
    expect(dumpDb(path)).toEqual(before);

    const adopted = await core.run('catalog.revise', change);
    expect(adopted).toMatchObject({ catalogVersion: 'jiyang-2021.2', previousCatalogVersion: 'jiyang-2021.1' });
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
    expect((await core.run('app.info', {})).catalogVersion).toBe('jiyang-2021.2');
    // Kept in 设置变更记录.
    expect((await core.run('settings.log', {})).map((c) => c.text)).toContain('任务清单：jiyang-2021.1 改为 jiyang-2021.2（此前结束的各期仍按原清单）');

    // 区自然资源局 adopts the bureau's set-up file: task 3 is now on its desk for the fourth quarter.
    const setup = await core.run('exchange.setupExport', {});
    const unit = await newUnit(dir, '区自然资源局');
    open.push(unit.core);
    await unit.core.run('exchange.setupImport', { file: { name: setup.fileName, dataBase64: setup.dataBase64 } });
    expect((await unit.core.run('reports.forUnit', { unit: '区自然资源局', period: '2021-Q4' })).tasks.map((t) => t.task)).toContain(3);
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
      indicators: [{ id: '16.1', target: 80 }, { id: '10.9', target: 1 }],
    });
    expect(bad.ok ? null : bad.error.message).toBe(
      '任务清单未修订：第 3 项任务：牵头单位“区卫生健康局”已停用；第 4 项任务：“区城乡水务局”已是牵头单位，不能同时列为配合单位；第 4 项任务：已选“各镇（街道）”，不必再单列“济阳街道”；没有第 99 项重点任务；第 5 项任务：没有代码为 X99 的单位；指标 16.1“自然岸线保有率”的目标不是一个数值（上级下达目标请在“上级下达目标”中按年录入）；没有编号为“10.9”的指标',
    );
    const same = await core.call('catalog.revisePreview', { tasks: [{ no: 3, lead: code('区委组织部'), support: [], allTowns: false }], indicators: [{ id: '3.1', target: 20 }] });
    expect(same.ok ? null : same.error.message).toBe('没有修改：责任单位和指标目标都与现行任务清单相同');
    expect(dumpDb(path)).toEqual(before);
    // A unit's database cannot revise the plan.
    const unit = await newUnit(tempDir('eco-revise-unit-'), '区委组织部');
    open.push(unit.core);
    const refused = await unit.core.call('catalog.revisePreview', { indicators: [{ id: '3.1', target: 25 }] });
    expect(refused.ok ? null : refused.error.code).toBe('bureau_only');
  });
});

/** 报送台账 on screen: the units against the year's periods, with each period's reporting rate. */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/service';
import { submissionCellText } from '../../shared/period';
import { tempDir } from '../helpers/db';

const open: Core[] = [];
afterAll(() => {
  for (const c of open) c.close();
});

const REPORT = { status: '正常推进', percent: 50, progress: '按计划推进', problems: '', next: '继续', indicators: {} } as const;
const ORG = '区委组织部';
const TOWN = '济阳街道';

describe('submissions.year', () => {
  it('each unit against the periods begun: 按时, 逾期, 未报, not due yet; a standing 退回 and 审核通过; each period’s counts', async () => {
    // 2021年10月3日: the third quarter's deadline (10月5日) not passed yet, the fourth quarter begun.
    const now = new Date('2021-10-03T02:00:00Z');
    const core = await Core.open(join(tempDir('eco-year-grid-'), 'bureau.db'), { create: true, now: () => now });
    open.push(core);
    // Owed from the year's first quarter (by default from the plan's: 2021-Q3).
    await core.run('app.init', { role: 'bureau', firstPeriod: '2021-Q1' });
    const enter = async (unit: string, period: string, on: string): Promise<void> => {
      for (const t of (await core.run('reports.forUnit', { unit, period })).tasks) await core.run('reports.save', { unit, period, task: t.task, report: REPORT });
      await core.run('submissions.enter', { unit, period, on });
    };
    await enter(ORG, '2021-Q1', '2021-04-02');
    await enter(ORG, '2021-Q2', '2021-07-20');
    await enter(TOWN, '2021-Q2', '2021-07-01');
    await enter(ORG, '2021-Q3', '2021-10-02');
    await core.run('submissions.return', { unit: TOWN, period: '2021-Q2', reason: '第4项缺少佐证材料' });
    const q1 = (await core.run('submissions.status', { period: '2021-Q1' })).find((s) => s.unitName === ORG)!;
    await core.run('submissions.approve', { unit: ORG, period: '2021-Q1', paper: false, contentHash: q1.heldHash! });

    const g = await core.run('submissions.year', { year: 2021 });
    expect(g.periods.map((p) => [p.id, p.due])).toEqual([
      ['2021-Q1', true],
      ['2021-Q2', true],
      ['2021-Q3', false],
      ['2021-Q4', false],
    ]);
    const row = (name: string) => g.units.find((u) => u.unitName === name)!;
    expect(row(ORG).cells.map(submissionCellText)).toEqual(['按时（第 1 版），审核通过', '逾期（第 1 版）', '按时（第 1 版）', '未到截止日期']);
    expect(row(TOWN).cells.map(submissionCellText)).toEqual(['未报', '按时（第 1 版），已退回待重报', '未到截止日期', '未到截止日期']);
    const units = (await core.run('submissions.status', { period: '2021-Q2' })).length;
    expect(g.units).toHaveLength(units);
    expect(g.periods.map((p) => [p.expected, p.onTime, p.late, p.missing])).toEqual([
      [units, 1, 0, units - 1],
      [units, 1, 1, units - 2],
      [units, 1, 0, 0],
      [units, 0, 0, 0],
    ]);
    // A year not begun has no periods.
    expect((await core.run('submissions.year', { year: 2022 })).periods).toEqual([]);
  });

  it('after a switch from 季报 to 月报: the quarters due before it and the months due after, not the months nobody was asked for', async () => {
    let now = new Date('2021-11-10T02:00:00Z');
    const core = await Core.open(join(tempDir('eco-year-grid-kind-'), 'bureau.db'), { create: true, now: () => now });
    open.push(core);
    // (Set up past the third quarter's deadline: owing it is chosen, as the plan's quarter.)
    await core.run('app.init', { role: 'bureau', firstPeriod: '2021-Q3' });
    await core.run('periods.setKind', { kind: 'month' });
    now = new Date('2021-12-01T02:00:00Z');
    const g = await core.run('submissions.year', { year: 2021 });
    // Owed from the plan's 2021-Q3 (issued 14 July): the first two quarters are nobody's, nor October (a quarter's then).
    expect(g.periods.map((p) => p.id)).toEqual(['2021-Q3', '2021-11', '2021-12']);
    // Q4 fell due after the switch (2022年1月5日): nobody owes it as a quarter.
    expect(g.periods.filter((p) => p.due).map((p) => [p.id, p.expected, p.missing])).toEqual([['2021-Q3', g.units.length, g.units.length]]);
  });

  it('a unit renamed: the name each year’s periods knew it by (both, within the year it was renamed)', async () => {
    let now = new Date('2021-10-03T02:00:00Z');
    const core = await Core.open(join(tempDir('eco-year-grid-rename-'), 'bureau.db'), { create: true, now: () => now });
    open.push(core);
    await core.run('app.init', { role: 'bureau' });
    const code = (await core.run('submissions.status', { period: '2021-Q3' })).find((s) => s.unitName === TOWN)!.unit;
    now = new Date('2022-02-10T02:00:00Z');
    // Renamed on 2022年2月10日: the fourth quarter (due 2022年1月5日) and every period of 2021 knew it as 济阳街道.
    await core.run('units.save', { code, name: '济阳街道办事处', kind: 'town', active: true });
    const names = async (year: number) => (await core.run('submissions.year', { year })).units.filter((u) => u.unit === code).map((u) => u.unitName);
    expect(await names(2021)).toEqual([TOWN]);
    // 2022: its first quarter is due after the rename.
    now = new Date('2022-05-10T02:00:00Z');
    expect(await names(2022)).toEqual(['济阳街道办事处']);
    // Renamed again within 2022 (after the first quarter's deadline): both names of that year.
    await core.run('units.save', { code, name: '济阳街道（新）', kind: 'town', active: true });
    expect(await names(2022)).toEqual(['济阳街道（新）（原济阳街道办事处）']);
    expect(await names(2021)).toEqual([TOWN]);
  });

  it('a unit’s database lists its own row only', async () => {
    const core = await Core.open(join(tempDir('eco-year-grid-unit-'), 'unit.db'), { create: true, now: () => new Date('2021-10-08T02:00:00Z') });
    open.push(core);
    await core.run('app.init', { role: 'unit', unit: ORG });
    const g = await core.run('submissions.year', { year: 2021 });
    expect(g.units.map((u) => u.unitName)).toEqual([ORG]);
    // Owed from the plan's 2021-Q3: the first two quarters are not in the year's grid.
    expect(g.periods.map((p) => p.id)).toEqual(['2021-Q3', '2021-Q4']);
    expect(g.units[0]!.cells.map((c) => c?.state)).toEqual(['missing', 'not_due']);
  });
});

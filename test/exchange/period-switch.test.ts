/**
 * The bureau switches from 季报 to 月报 while last quarter is still due: that quarter stays owed (its files taken, its
 * status and 督办 had), and the months that ended before the switch are owed by nobody.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Core } from '../../electron/core/service';
import { newBureau, tempDir } from '../helpers/db';
import { exportTo, importFiles, newUnit, reportOne, TOWN } from './helpers';

const open: Core[] = [];
afterAll(() => {
  for (const c of open) c.close();
});

describe('a switch of period kind while a period is still due', () => {
  it('switched to 月报 on 3 October: the third quarter (due 5 October) is still listed, taken and followed up; September is nobody’s', async () => {
    const dir = tempDir('eco-switch-');
    // Owed from the year's first quarter (the unit takes it by set-up file).
    const bureau = await newBureau(dir, 'quarter', '2021-Q1');
    const unit = await newUnit(dir);
    open.push(bureau.core, unit.core);
    await reportOne(unit.core, TOWN, '2021-Q3');
    const file = await exportTo(unit.core, dir, TOWN, '2021-Q3', 'q3.xlsx');
    // The clerk has begun the fourth quarter too.
    await reportOne(unit.core, TOWN, '2021-Q4');
    await bureau.core.run('periods.setKind', { kind: 'month' });

    // Listed (the picker, the deadlines): the quarters that ended before the switch, the months ending after it.
    expect((await bureau.core.run('periods.list', { year: 2021 })).map((p) => p.id)).toEqual(['2021-Q1', '2021-Q2', '2021-Q3', '2021-10', '2021-11', '2021-12']);
    expect((await bureau.core.run('periods.recent', {})).map((p) => p.id).slice(0, 2)).toEqual(['2021-10', '2021-Q3']);

    // The quarter's file is taken, and its status had.
    const r = await importFiles(bureau.core, [file]);
    expect(r.files.map((f) => [f.status, f.errors])).toEqual([['imported', []]]);
    expect(r.files[0]!.sent).toMatchObject({ deadline: '2021-10-05', state: 'on_time' });
    const status = await bureau.core.run('submissions.status', { period: '2021-Q3' });
    expect(status.find((u) => u.unitName === TOWN)?.state).toBe('on_time');

    // September ended before the switch: nobody was asked for it, no 督办单 for it.
    expect(await bureau.core.run('notices.candidates', { period: '2021-09' })).toEqual([]);
    const refused = await bureau.core.call('notices.issue', { period: '2021-09', items: [{ unit: TOWN }] });
    expect(refused.ok || refused.error.message).toBe('2021年9月结束时本系统还不是按月报填报（报送周期是之后更改的），各单位没有被要求报送这一期，不能为它签发督办单');

    // The quarter sent back before the unit adopts the new set-up file: the unit is still told (the return stands).
    await bureau.core.run('submissions.return', { unit: TOWN, period: '2021-Q3', reason: '请补充巡河次数' });
    // The unit adopts the bureau's new set-up file: it reports monthly from now on, and can still correct and send the
    // quarter that was due.
    const f = await bureau.core.run('exchange.setupExport', {});
    // Said before and on adoption: the switch, as the bureau made it, and what it means.
    const told = '区局已将报送周期由季报改为月报（2021年10月3日起）：2021年第三季度及以前已结束的各期照常收取、统计和督办；2021年第四季度尚未结束，不再作为一期报送（已填写的内容仍可查看）；从2021年10月起按月报报送，2021年10月以前的月报各期不要求报送。';
    expect((await unit.core.run('exchange.setupPreview', { file: { name: f.fileName, dataBase64: f.dataBase64 } })).warnings).toContain(told);
    expect((await unit.core.run('exchange.setupImport', { file: { name: f.fileName, dataBase64: f.dataBase64 } })).warnings).toContain(told);
    expect((await unit.core.run('app.info', {})).periodKind).toBe('month');

    // The bureau's set-up file of another kind loaded at a second bureau (a revised plan passed on): its kind stays, said.
    const other = await newBureau(tempDir('eco-switch-other-'), 'quarter', '2021-Q1');
    open.push(other.core);
    const before = (await other.core.run('periods.list', { year: 2021 })).map((p) => p.id);
    const adopted = await other.core.run('exchange.setupImport', { file: { name: f.fileName, dataBase64: f.dataBase64 } });
    expect(adopted.warnings).toContain('此文件按月报报送，本局现按季报：报送周期不随此文件改变，仍按季报；如需更改，请在“设置”中点“更改报送周期”');
    expect(adopted.periodKind).toBe('quarter');
    expect((await other.core.run('app.info', {})).periodKind).toBe('quarter');
    expect((await other.core.run('periods.list', { year: 2021 })).map((p) => p.id)).toEqual(before);
    expect(await other.core.run('notices.candidates', { period: '2021-Q2' })).not.toHaveLength(0);
    expect((await unit.core.run('reports.returned', { unit: TOWN })).map((r) => r.period)).toEqual(['2021-Q3']);
    const task = (await unit.core.run('reports.forUnit', { unit: TOWN, period: '2021-Q3' })).tasks[0]!.task;
    await unit.core.run('reports.save', { unit: TOWN, period: '2021-Q3', task, report: { status: '正常推进', percent: 70, progress: '三季度更正' } });
    const again = await importFiles(bureau.core, [await exportTo(unit.core, dir, TOWN, '2021-Q3', 'q3-2.xlsx')]);
    expect(again.files.map((x) => [x.status, x.errors])).toEqual([['updated', []]]);
    expect((await unit.core.run('periods.list', { year: 2021 })).map((p) => p.id)).toContain('2021-Q3');
    // The fourth quarter begun before the switch is owed by nobody now, but what the clerk wrote stays readable.
    expect((await unit.core.run('periods.list', { year: 2021 })).map((p) => p.id)).toContain('2021-Q4');
    expect((await unit.core.run('reports.forUnit', { unit: TOWN, period: '2021-Q4' })).tasks.some((t) => t.report !== null)).toBe(true);

    // A quarter that ends after the switch is asked for by nobody: refused as of the wrong kind, as before.
    const q4 = await bureau.core.call('submissions.status', { period: '2021-Q4' });
    expect(q4.ok || q4.error.code).toBe('period_kind_mismatch');
  });

  it('a quarter nobody owes after the switch takes no deadline, even where the bureau holds content typed in for it', async () => {
    const bureau = await newBureau(tempDir('eco-switch-'), 'quarter', '2021-Q1');
    open.push(bureau.core);
    // Typed in for a unit (代为填报) while the fourth quarter was still owed.
    await reportOne(bureau.core, TOWN, '2021-Q4');
    await bureau.core.run('periods.setKind', { kind: 'month' });
    const set = await bureau.core.call('periods.setDeadline', { period: '2021-Q4', deadline: '2022-01-12' });
    expect(set.ok || [set.error.code, set.error.message]).toEqual([
      'period_kind_mismatch',
      '2021年第四季度不要求报送（本系统现按月报填报，这一期结束时已不按季报填报），无需设置截止日期；请改选月报的周期',
    ]);
    // The quarter still due at the switch keeps taking one.
    expect((await bureau.core.run('periods.setDeadline', { period: '2021-Q3', deadline: '2021-10-08' })).deadline).toBe('2021-10-08');
  });

  it('a unit adopting the set-up file weeks after the switch owes what the bureau does: the switch dated as the bureau made it', async () => {
    const dir = tempDir('eco-switch-dated-');
    let now = new Date('2021-09-15T02:00:00Z');
    const bureau = await Core.open(join(dir, 'bureau.db'), { create: true, now: () => now });
    open.push(bureau);
    await bureau.run('app.init', { role: 'bureau', periodKind: 'quarter' });
    // Switched in mid-September: September (ending after it) is owed, the third quarter is not.
    await bureau.run('periods.setKind', { kind: 'month' });
    now = new Date('2021-10-03T02:00:00Z');
    const unit = await newUnit(dir);
    open.push(unit.core);
    const f = await bureau.run('exchange.setupExport', {});
    await unit.core.run('exchange.setupImport', { file: { name: f.fileName, dataBase64: f.dataBase64 } });
    const ids = async (c: Core): Promise<string[]> => (await c.run('periods.list', { year: 2021 })).map((p) => p.id);
    // Owed from the plan's 2021-Q3 (issued 14 July), switched on 15 September: the months from September on.
    expect(await ids(bureau)).toEqual(['2021-09', '2021-10', '2021-11', '2021-12']);
    expect(await ids(unit.core)).toEqual(await ids(bureau));
  });
});

describe('a unit set up on another kind than the bureau ever used', () => {
  it('takes the bureau’s kind from its set-up file with no switch recorded: nothing owed on the kind it had, said as such', async () => {
    const dir = tempDir('eco-kind-first-');
    const bureau = await newBureau(dir, 'month');
    const unit = await newUnit(dir);
    open.push(bureau.core, unit.core);
    const f = await bureau.core.run('exchange.setupExport', {});
    const r = await unit.core.run('exchange.setupImport', { file: { name: f.fileName, dataBase64: f.dataBase64 } });
    expect(r.warnings).toContain('本机报送周期由季报改为与区局一致的月报（区局一直按月报收取，本机首次使用时选择了季报）');
    expect(r.warnings.some((w) => w.startsWith('区局已将报送周期'))).toBe(false);
    // The months only, as the bureau asks: no quarter owed.
    expect((await unit.core.run('periods.list', { year: 2021 })).map((p) => p.id)).toEqual((await bureau.core.run('periods.list', { year: 2021 })).map((p) => p.id));
  });
});

describe('上期 across a switch of period kind', () => {
  it('the first month after 季报 became 月报 follows the third quarter: 复制上期, the 督办 streak, 任务详情 and indicators', async () => {
    const bureau = await newBureau(tempDir('eco-switch-before-'), 'quarter', '2021-Q1');
    open.push(bureau.core);
    // Typed in at the bureau and registered as received (代为填报): the units' reports, as counted.
    const save = async (unit: string, period: string, task: number, report: Record<string, unknown>) => {
      await bureau.core.run('reports.save', { unit, period, task, report: report as never });
      await bureau.core.run('submissions.enter', { unit, period });
    };
    await save(TOWN, '2021-Q3', 4, { status: '进度滞后', percent: 40, progress: '三季度巡河', problems: '人手不足', next: '十月完成整改' });
    await save('区自然资源局', '2021-Q3', 10, { status: '正常推进', percent: 70, progress: '三季度造林', indicators: { '10.1': 18.7 } });
    await save('区委组织部', '2021-Q3', 3, { status: '正常推进', percent: 70, progress: '三季度考核', indicators: { '3.1': 25 } });
    await bureau.core.run('periods.setKind', { kind: 'month' });

    const copied = await bureau.core.run('reports.copyPrevious', { unit: TOWN, period: '2021-10' });
    expect(copied).toMatchObject({ from: '2021-Q3', fromLabel: '2021年第三季度', copied: [4] });
    await save(TOWN, '2021-10', 4, { status: '进度滞后', percent: 45, progress: '十月巡河', problems: '人手仍不足' });
    await save('区自然资源局', '2021-10', 10, { status: '正常推进', percent: 75, progress: '十月造林', indicators: { '10.1': 18.5 } });

    const october = await bureau.core.run('summary.get', { period: '2021-10' });
    expect(october.period.previous).toBe('2021-Q3');
    // 不降低 against the quarter before (it fell); a value of the quarter carried, with the period it is from.
    expect(october.indicators.find((i) => i.id === '10.1')).toMatchObject({ value: 18.5, previous: 18.7, previousIsBaseline: false, compliance: 'not_met' });
    expect(october.indicators.find((i) => i.id === '3.1')).toMatchObject({ value: 25, valuePeriod: '2021年第三季度' });
    // Lagging in the third quarter and in October: two periods in a row.
    const lagging = (await bureau.core.run('notices.candidates', { period: '2021-10' })).find((c) => c.unitName === TOWN && c.reason === 'lagging');
    expect(lagging?.streak).toBe(2);
    // Before the switch, nothing changes: the quarter's 上期 is the quarter before.
    expect((await bureau.core.run('periods.get', { period: '2021-Q3' })).previous).toBe('2021-Q2');
    expect((await bureau.core.run('periods.get', { period: '2021-11' })).previous).toBe('2021-10');
  });

  it('a quarter after 月报 became 季报 in August follows July, the last month owed (not June)', async () => {
    let now = new Date('2021-07-20T02:00:00Z');
    const core = await Core.open(join(tempDir('eco-switch-longer-'), 'bureau.db'), { create: true, now: () => now });
    open.push(core);
    await core.run('app.init', { role: 'bureau', periodKind: 'month', firstPeriod: '2021-01' });
    await core.run('reports.save', { unit: TOWN, period: '2021-06', task: 4, report: { status: '正常推进', percent: 20, progress: '六月巡河' } });
    await core.run('reports.save', { unit: TOWN, period: '2021-07', task: 4, report: { status: '进度滞后', percent: 30, progress: '七月巡河', problems: '人手不足' } });
    now = new Date('2021-08-10T02:00:00Z');
    await core.run('periods.setKind', { kind: 'quarter' });
    expect((await core.run('periods.get', { period: '2021-Q3' })).previous).toBe('2021-07');
    expect((await core.run('periods.get', { period: '2021-07' })).previous).toBe('2021-06');
    expect(await core.run('reports.copyPrevious', { unit: TOWN, period: '2021-Q3' })).toMatchObject({ from: '2021-07', copied: [4] });
    expect((await core.run('reports.forUnit', { unit: TOWN, period: '2021-Q3' })).tasks.find((t) => t.task === 4)?.report?.progress).toBe('七月巡河');
  });
});

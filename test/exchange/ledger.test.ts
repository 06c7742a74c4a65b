/**
 * 工作台账: a year's ledger, a row per task × responsible unit × period begun,
 * filterable; 报送台账: units × periods. In a unit's database, its own.
 */
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { afterEach, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/service';
import { reportingRateText } from '../../shared/period';
import { cli, newBureau, tempDir } from '../helpers/db';
import { exportTo, importFiles, newUnit, reportOne, TOWN } from './helpers';

const open: Core[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

async function ledgerOf(core: Core, year: number) {
  const r = await core.call('exchange.ledgerExport', { year });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  const book = XLSX.read(Buffer.from(r.value.dataBase64, 'base64'));
  const rows = (sheet: string) => XLSX.utils.sheet_to_json<unknown[]>(book.Sheets[sheet]!, { header: 1, defval: null });
  return { name: r.value.fileName, book, rows };
}

describe('工作台账', () => {
  it('a new year with one period begun names it alone under the title (not 2022年第一季度至2022年第一季度)', async () => {
    const b = await newBureau(tempDir('eco-ledger-jan-'), 'quarter', '2021-Q1');
    b.core.close();
    const jan = await Core.open(b.path, { now: () => new Date('2022-01-10T02:00:00Z') });
    open.push(jan);
    expect((await ledgerOf(jan, 2022)).rows('工作台账')[1]![0]).toBe('2022年第一季度；编制日期：2022年1月10日');
  });

  it('a year holding demo data says so under its title, naming the periods, as the summary workbook does', async () => {
    const b = await newBureau(tempDir('eco-ledger-demo-'), 'quarter', '2021-Q1');
    open.push(b.core);
    expect((await ledgerOf(b.core, 2021)).rows('工作台账')[1]![0]).toBe('2021年第一季度至2021年第四季度；编制日期：2021年10月3日');
    await b.core.run('demo.fill', { period: '2021-Q2' });
    expect((await ledgerOf(b.core, 2021)).rows('工作台账')[1]![0]).toBe('2021年第一季度至2021年第四季度；编制日期：2021年10月3日（2021年第二季度含演示数据，不是各单位的真实报送）');
  });

  it('the bureau’s: every task × responsible unit × period begun this year, texts and indicators in full, a filter on the header; 报送台账 per unit and period', async () => {
    const dir = tempDir('eco-ledger-');
    // Owed from the year's first quarter (by default from the plan's 2021-Q3).
    const b = await newBureau(dir, 'quarter', '2021-Q1');
    open.push(b.core);
    const long = `河长巡河${'，记录问题并督促整改'.repeat(40)}。`;
    await b.core.run('reports.save', { unit: TOWN, period: '2021-Q2', task: 4, report: { status: '进度滞后', percent: 30, progress: long, problems: '人手不足', next: '增派人员', indicators: { '4.1': true }, filledBy: '李四', phone: '0531-1234' } });
    await b.core.run('evidence.add', { unit: TOWN, period: '2021-Q2', task: 4, name: '巡河记录.pdf', dataBase64: Buffer.from('pdf').toString('base64') });
    // Its paper form, typed in at the bureau, registered as received (late: 10 July).
    await b.core.run('submissions.enter', { unit: TOWN, period: '2021-Q2', on: '2021-07-10' });
    // Another town's typed in and not registered yet: listed, marked.
    await b.core.run('reports.save', { unit: '济北街道', period: '2021-Q2', task: 4, report: { status: '正常推进', progress: '纸质件录入中' } });
    // A unit's file for the third quarter, imported: on time in 报送台账.
    const unit = await newUnit(dir, '济阳街道');
    open.push(unit.core);
    await reportOne(unit.core, '济阳街道', '2021-Q3');
    await importFiles(b.core, [await exportTo(unit.core, dir, '济阳街道', '2021-Q3')]);
    // A 督办单 for the second quarter's lagging task, answered.
    const [notice] = await b.core.run('notices.issue', { period: '2021-Q2', items: [{ unit: TOWN, task: 4 }], dueOn: '2021-10-13', demand: { lagging: '请于十日内报送整改方案。' } });
    await b.core.run('notices.answer', { id: notice!.id, on: '2021-10-03', note: '整改方案已收到' });

    const l = await ledgerOf(b.core, 2021);
    expect(l.name).toBe('济阳区生态文明建设工作台账-2021年.xlsx');
    const rows = l.rows('工作台账');
    expect(rows[0]![0]).toBe('济阳区巩固提升国家生态文明建设示范区创建成果工作台账（2021年）');
    // FIXED_NOW is 2021-10-03: the fourth quarter has just begun.
    expect(rows[1]![0]).toBe('2021年第一季度至2021年第四季度；编制日期：2021年10月3日');
    expect(rows[2]).toEqual(['序号', '重点任务', '责任单位', '牵头/配合', '报送周期', '状态', '完成比例（%）', '工作进展', '存在问题', '下步计划', '指标数值', '佐证材料', '填报人', '联系电话', '更新时间']);
    const body = rows.slice(3).filter((r) => typeof r[0] === 'number');
    const entries = (await b.core.run('catalog.get', {})).tasks.reduce((a, t) => a + t.units.length, 0);
    expect(body).toHaveLength(entries * 4);
    const mine = body.filter((r) => r[1] === '4. 严格落实河长制湖长制工作' && r[2] === TOWN);
    expect(mine.map((r) => [r[4], r[5]])).toEqual([
      // As the printed forms say it: 未报送 past the deadline with nothing sent, 尚未报送 before it.
      ['2021年第一季度', '未报送'],
      ['2021年第二季度', '进度滞后'],
      ['2021年第三季度', '尚未报送'],
      ['2021年第四季度', '尚未报送'],
    ]);
    expect(mine[1]!.slice(3)).toEqual(['配合', '2021年第二季度', '进度滞后', 30, long, '人手不足', '增派人员', '河长制湖长制长效管理体系建立：是', '1 个：巡河记录.pdf', '李四', '0531-1234', '2021年10月3日 10:00']);
    expect(body.filter((r) => r[2] === '济北街道' && r[4] === '2021年第二季度').map((r) => [r[1], r[5], r[7]])).toEqual([
      ['4. 严格落实河长制湖长制工作', '正常推进（区局录入，尚未登记报送）', '纸质件录入中'],
      ['6. 依法开展规划环境影响评价', '未报送', ''],
    ]);
    const ws = l.book.Sheets['工作台账']!;
    expect(ws['!autofilter']?.ref).toBe(`A3:O${body.length + 3}`);

    const sub = l.rows('报送台账');
    expect(sub[1]).toEqual(['单位', '类型', '2021年第一季度', '2021年第二季度', '2021年第三季度', '2021年第四季度']);
    // Before its deadline a period not yet reported is not 未报.
    expect(sub.find((r) => r[0] === '济阳街道')).toEqual(['济阳街道', '镇街', '未报', '未报', '按时（第 1 版）', '未到截止日期']);
    // Each period's reporting rate under the units, as on screen.
    const rates = (await b.core.run('submissions.year', { year: 2021 })).periods.map(reportingRateText);
    expect(rates[2]).toMatch(/^已报 1\/\d+$/);
    expect(sub[sub.length - 1]).toEqual(['报送率（按时率）', null, ...rates]);

    const sup = l.rows('督办台账');
    expect(sup[0]![0]).toBe('督办台账（2021年）');
    expect(sup[1]).toEqual(['文号', '报送周期', '责任单位', '督办事项', '存在问题', '督办要求', '签发日期', '办理时限', '反馈情况', '现状']);
    expect(sup.slice(2)).toEqual([
      ['济阳生态督〔2021〕1号', '2021年第二季度', TOWN, '2021年第二季度第 4 项重点任务“严格落实河长制湖长制工作”进度滞后', '人手不足', '请于十日内报送整改方案。', '2021年10月3日', '2021年10月13日', '已反馈（2021年10月3日）：整改方案已收到', '仍为进度滞后'],
    ]);
  });

  it('what was reported stays in after the set-up changed: a unit deactivated, the period kind changed', async () => {
    const b = await newBureau(tempDir('eco-ledger-k-'), 'quarter', '2021-Q1');
    open.push(b.core);
    await b.core.run('reports.save', { unit: TOWN, period: '2021-Q2', task: 4, report: { status: '已完成', progress: '季报时填的' } });
    await b.core.run('units.save', { code: 'Z10', name: TOWN, kind: 'town', active: false });
    await b.core.run('periods.setKind', { kind: 'month' });
    const l = await ledgerOf(b.core, 2021);
    const body = l.rows('工作台账').slice(3).filter((r) => typeof r[0] === 'number');
    const rows = body.filter((r) => r[2] === '新市镇（已停用）');
    // (Typed in at the bureau, never registered as received: listed, marked.)
    expect(rows.filter((r) => r[5] !== '未报送').map((r) => [r[1], r[4], r[5], r[7]])).toEqual([['4. 严格落实河长制湖长制工作', '2021年第二季度', '已完成（区局录入，尚未登记报送）', '季报时填的']]);
    // Switched to 月报 on 2021年10月3日, the day it was deactivated: it owed the quarters due before (未报, as every
    // unit), not the third (due 10月5日, after it was deactivated) nor any month.
    expect(new Set(rows.filter((r) => r[5] === '未报送').map((r) => r[4]))).toEqual(new Set(['2021年第一季度', '2021年第二季度']));
    // The quarters that ended before the switch (the third too: still due when the bureau switched) and the months
    // ending after it, begun so far, in order of their start; nobody was asked for September.
    expect(l.rows('报送台账')[1]!.slice(2)).toEqual(['2021年第一季度', '2021年第二季度', '2021年第三季度', '2021年10月']);
    expect(l.rows('报送台账').some((r) => r[0] === '新市镇（已停用）')).toBe(true);
  });

  it('a unit’s database: its own ledger only; a year not begun and a year out of range refused', async () => {
    const dir = tempDir('eco-ledger-u-');
    const unit = await newUnit(dir);
    open.push(unit.core);
    await reportOne(unit.core, TOWN, '2021-Q3');
    const l = await ledgerOf(unit.core, 2021);
    expect(l.name).toBe('新市镇生态文明建设工作台账-2021年.xlsx');
    const body = l.rows('工作台账').slice(3).filter((r) => typeof r[0] === 'number');
    expect(new Set(body.map((r) => r[2]))).toEqual(new Set([TOWN]));
    // Owed from the plan's 2021-Q3 (issued 14 July): two quarters of 2021.
    expect(l.rows('工作台账')[1]![0]).toBe('2021年第三季度至2021年第四季度；编制日期：2021年10月3日');
    expect(body).toHaveLength((await unit.core.run('reports.forUnit', { unit: TOWN, period: '2021-Q3' })).tasks.length * 2);
    expect(l.rows('报送台账').slice(2).map((r) => r[0])).toEqual([TOWN]);
    // The bureau's 督办台账 is the bureau's.
    expect(l.book.SheetNames).toEqual(['工作台账', '报送台账']);

    const future = await unit.core.call('exchange.ledgerExport', { year: 2022 });
    expect(future.ok || [future.error.code, future.error.message]).toEqual(['invalid_input', '2022年的报送周期还没有开始，没有台账可导出']);
    const before = await unit.core.call('exchange.ledgerExport', { year: 2020 });
    expect(before.ok || [before.error.code, before.error.message]).toEqual(['invalid_input', '2020年在起报周期（2021年第三季度）之前，不要求报送，没有台账可导出']);
    const far = await unit.core.call('exchange.ledgerExport', { year: 1999 });
    expect(far.ok || far.error.code).toBe('invalid_input');
  });

  it('command line: ledger-export --year, checked before anything is built', async () => {
    const dir = tempDir('eco-ledger-cli-');
    const b = await newBureau(dir);
    b.core.close();
    const ok = await cli(['ledger-export', '--db', b.path, '--year', '2021', '--out', join(dir, '台账.xlsx')]);
    expect([ok.code, ok.stdout.trim()]).toEqual([0, `已导出工作台账 ${join(dir, '台账.xlsx')}`]);
    // A text too long for Excel's tallest row: cut in the sheet, and said.
    await cli(['save', '--db', b.path, '--unit', TOWN, '--period', '2021-Q3', '--task', '4'], JSON.stringify({ status: '正常推进', progress: '很长的进展。'.repeat(1300) }));
    const cut = await cli(['ledger-export', '--db', b.path, '--year', '2021', '--out', join(dir, '台账2.xlsx'), '--json']);
    expect(JSON.parse(cut.stdout).warnings).toEqual(['个别文字过长，超出 Excel 单元格能显示的高度，台账中显示不全（表末已注明）；完整内容见系统中的填报内容或打印的单位填报表']);
    const bad = await cli(['ledger-export', '--db', b.path, '--year', '21', '--out', join(dir, 'x.xlsx')]);
    expect([bad.code, bad.stderr]).toEqual([1, expect.stringContaining('--year 应为 2000–2099 之间的四位年份，如 --year 2021（收到“21”）')]);
    const ext = await cli(['ledger-export', '--db', b.path, '--year', '2021', '--out', join(dir, 'x.csv')]);
    expect(ext.code).toBe(1);
  });
});

/**
 * 报送与审核记录 (`submissions.log`): the story of a unit's submission for a
 * period, oldest first, from what the database already keeps: the files
 * received and what the import made of them, refused ones too, the unit's
 * exports, and the bureau's decisions with their withdrawals.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/service';
import { reviewEventText } from '../../shared/period';
import { cli, tempDir } from '../helpers/db';
import { exportTo, importFiles, newUnit, PERIOD, reportOne, TOWN } from './helpers';

const open: Core[] = [];
afterAll(() => {
  for (const c of open) c.close();
});

describe('报送与审核记录', () => {
  it('tells every file received, what the import made of it, and every decision with its withdrawal, in the order they happened', async () => {
    const dir = tempDir('eco-review-log-');
    let now = new Date('2021-10-03T02:00:00.000Z');
    const later = (minutes: number): void => void (now = new Date(now.getTime() + minutes * 60_000));
    const bureau = await Core.open(join(dir, 'bureau.db'), { create: true, now: () => now });
    // (Owed from 2021-Q1: the second quarter's record, empty.)
    await bureau.run('app.init', { role: 'bureau', firstPeriod: '2021-Q1' });
    const unit = await newUnit(dir);
    open.push(bureau, unit.core);
    await reportOne(unit.core);
    const first = await exportTo(unit.core, dir, TOWN, PERIOD, 'first.xlsx');
    await importFiles(bureau, [first]);
    later(10);
    await bureau.run('submissions.return', { unit: TOWN, period: PERIOD, reason: '第4项请补充\n巡河次数', tasks: [4] });
    later(10);
    // The corrected file, the same again, and the first one late; a hand-edited copy with a status not in the list is refused.
    await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task: 4, report: { status: '正常推进', percent: 45, progress: '巡河 12 次' } });
    const second = await exportTo(unit.core, dir, TOWN, PERIOD, 'second.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(second) as unknown as ArrayBuffer);
    wb.getWorksheet('工作进展')!.getCell('E4').value = '进行中';
    const bad = join(dir, 'bad.xlsx');
    writeFileSync(bad, Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer));
    await importFiles(bureau, [second, bad]);
    later(10);
    await importFiles(bureau, [second]);
    await importFiles(bureau, [first]);
    later(10);
    await bureau.run('submissions.approve', { unit: TOWN, period: PERIOD, note: '电子版无误' });
    later(60 * 24);
    await bureau.run('submissions.recordPaper', { unit: TOWN, period: PERIOD });
    later(10);
    await bureau.run('submissions.withdrawApproval', { unit: TOWN, period: PERIOD });
    await bureau.run('submissions.approve', { unit: TOWN, period: PERIOD, paper: true });

    const log = await bureau.run('submissions.log', { unit: TOWN, period: PERIOD });
    expect(log.map((e) => [e.at, reviewEventText(e).replace(dir, '…')])).toEqual([
      ['2021-10-03T02:00:00.000Z', '收到第 1 版报送文件“…/first.xlsx”：已导入'],
      ['2021-10-03T02:10:00.000Z', '退回第 1 版（第 4 项任务）：第4项请补充 巡河次数'],
      ['2021-10-03T02:20:00.000Z', '收到第 2 版报送文件“…/second.xlsx”：已导入（更新）'],
      ['2021-10-03T02:20:00.000Z', expect.stringMatching(/^收到的文件“…\/bad\.xlsx”被拒收：“工作进展”表第 4 行 E 列：.*状态“进行中”不在列表中/)],
      ['2021-10-03T02:30:00.000Z', '收到第 2 版报送文件“…/second.xlsx”：内容与已有的相同，未重复导入'],
      // Sent again after the newer one came: said as the same content as the one received before.
      ['2021-10-03T02:30:00.000Z', '收到第 1 版报送文件“…/first.xlsx”：此文件的内容与本系统2021年10月3日 10:00收到的第 1 版相同，此后已收到该单位更新的内容（第 2 版，2021年10月3日 10:20收到）：此文件只存档、不采用'],
      ['2021-10-03T02:40:00.000Z', '审核通过第 2 版，未收到盖章的纸质填报表；备注：电子版无误'],
      ['2021-10-04T02:40:00.000Z', '登记收到盖章的纸质填报表'],
      ['2021-10-04T02:50:00.000Z', '撤销审核'],
      ['2021-10-04T02:50:00.000Z', '审核通过第 2 版，已收到盖章的纸质填报表'],
    ]);
    // A file refused in a run that imports nothing leaves no trace (the database as it was): not in the story.
    const before = (await bureau.run('submissions.log', { unit: TOWN, period: PERIOD })).length;
    expect((await importFiles(bureau, [bad])).files[0]!.status).toBe('rejected');
    expect(await bureau.run('submissions.log', { unit: TOWN, period: PERIOD })).toHaveLength(before);
    // Another unit, another period: nothing; the command line says the same story.
    expect(await bureau.run('submissions.log', { unit: '仁风镇', period: PERIOD })).toEqual([]);
    expect(await bureau.run('submissions.log', { unit: TOWN, period: '2021-Q2' })).toEqual([]);
    bureau.close();
    open.splice(open.indexOf(bureau), 1);
    const printed = await cli(['log', '--db', join(dir, 'bureau.db'), '--unit', TOWN, '--period', PERIOD]);
    expect(printed.code, printed.stderr).toBe(0);
    expect(printed.stdout.trim().split('\n')).toHaveLength(10);
    expect(printed.stdout.split('\n')[1]).toBe('2021年10月3日 10:10\t退回第 1 版（第 4 项任务）：第4项请补充 巡河次数');
    const none = await cli(['log', '--db', join(dir, 'bureau.db'), '--unit', '仁风镇', '--period', PERIOD]);
    expect([none.code, none.stdout.trim()]).toEqual([0, '没有报送与审核记录']);
    const unknown = await cli(['log', '--db', join(dir, 'bureau.db'), '--unit', '火星街道', '--period', PERIOD]);
    expect([unknown.code, unknown.stderr]).toEqual([1, expect.stringContaining('火星街道')]);
    expect((await cli(['log', '--db', join(dir, 'bureau.db'), '--unit', TOWN])).code).toBe(2);
  });

  it('the paper form recorded with the approval is part of it, on a clock that moves between calls', async () => {
    const dir = tempDir('eco-review-log-clock-');
    let t = Date.parse('2021-10-06T02:00:00.000Z');
    const bureau = await Core.open(join(dir, 'bureau.db'), { create: true, now: () => new Date(t++) });
    open.push(bureau);
    // (Set up past the third quarter's deadline: owing it is chosen.)
    await bureau.run('app.init', { role: 'bureau', firstPeriod: PERIOD });
    await bureau.run('demo.fill', { period: PERIOD });
    await bureau.run('submissions.approve', { unit: '区委组织部', period: PERIOD, paper: true });
    const [a] = (await bureau.run('submissions.log', { unit: '区委组织部', period: PERIOD })).filter((e) => e.kind !== 'demo');
    expect(reviewEventText(a!)).toBe('审核通过第 1 版，已收到盖章的纸质填报表');
    expect((await bureau.run('submissions.log', { unit: '区委组织部', period: PERIOD })).map((e) => e.kind)).toEqual(['demo', 'approved']);
    // A decision written without milliseconds (an earlier version, a hand-made row) is placed by its instant, not its
    // text: in the same second as the demo data's 12:34:56.789, 12:34:56Z came first (as text it would sort after).
    const code = bureau.ctx.store.units.list().find((u) => u.name === '区委组织部')!.code;
    bureau.ctx.store.db.prepare("UPDATE submissions SET received_at = '2021-10-04T12:34:56.789Z' WHERE unit_code = ? AND source = 'demo'").run(code);
    bureau.ctx.store.db.prepare("UPDATE approvals SET approved_at = '2021-10-04T12:34:56Z', paper_at = '2021-10-04T12:34:56Z' WHERE unit_code = ?").run(code);
    expect((await bureau.run('submissions.log', { unit: '区委组织部', period: PERIOD })).map((e) => e.kind)).toEqual(['approved', 'demo']);
  });

  it('in a unit’s database: its own exports and what its set-up files told it', async () => {
    const dir = tempDir('eco-review-log-unit-');
    const bureau = await Core.open(join(dir, 'bureau.db'), { create: true, now: () => new Date('2021-10-03T02:00:00.000Z') });
    await bureau.run('app.init', { role: 'bureau' });
    const unit = await newUnit(dir);
    open.push(bureau, unit.core);
    await reportOne(unit.core);
    await importFiles(bureau, [await exportTo(unit.core, dir, TOWN, PERIOD, 'first.xlsx')]);
    await bureau.run('submissions.approve', { unit: TOWN, period: PERIOD, paper: true });
    const setup = await bureau.run('exchange.setupExport', {});
    await unit.core.run('exchange.setupImport', { file: { name: setup.fileName, dataBase64: setup.dataBase64 } });
    expect((await unit.core.run('submissions.log', { unit: TOWN, period: PERIOD })).map(reviewEventText)).toEqual(['导出第 1 版报送文件', '审核通过第 1 版，已收到盖章的纸质填报表']);
  });
});

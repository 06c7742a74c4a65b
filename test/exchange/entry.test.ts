/**
 * 代为填报: the bureau types in a unit's reports (its own office, or a unit
 * whose paper form came) and registers them as that unit's submission.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/service';
import { cli, dumpDb, newBureau, tempDir } from '../helpers/db';
import { setupPayload } from '../../electron/core/exchange/setup-workbook';
import * as XLSX from 'xlsx';
import { exportTo, importFiles, newUnit, PERIOD, TOWN } from './helpers';
import { sentText } from '../../shared/period';

const open: Core[] = [];
afterAll(() => {
  for (const c of open) c.close();
});

const report = { status: '正常推进' as const, percent: 40, progress: '依据纸质件录入的进展', problems: '', next: '继续推进', indicators: {}, filledBy: '李四', phone: '0531-84230000' };

describe('代为填报 (the bureau enters a unit’s submission)', () => {
  it('registers the reports typed in as the unit’s submission, on time by the day the form came; it can be approved, and the unit’s own file later is imported as usual', async () => {
    const dir = tempDir('eco-entry-');
    const bureau = await newBureau(dir);
    open.push(bureau.core);
    const b = bureau.core;
    const row = async () => (await b.run('submissions.status', { period: PERIOD })).find((s) => s.unitName === TOWN)!;
    const task = (await b.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks[0]!.task;

    // Nothing typed in: nothing to register, nothing written.
    const before = dumpDb(bureau.path);
    const empty = await b.call('submissions.enter', { unit: TOWN, period: PERIOD });
    expect(empty.ok ? null : empty.error).toMatchObject({ code: 'nothing_reported', message: `“${TOWN}”2021年第三季度还没有任何填报内容：请先逐项填写，再登记为已报送` });
    expect(dumpDb(bureau.path)).toEqual(before);

    await b.run('reports.save', { unit: TOWN, period: PERIOD, task, report });
    expect((await row()).state).toBe('missing');
    // A day not come yet, or before the period began, is refused.
    for (const [on, said] of [['2021-10-04', '还没有到'], ['2021-06-30', '早于2021年第三季度开始']] as const) {
      const r = await b.call('submissions.enter', { unit: TOWN, period: PERIOD, on });
      expect(r.ok ? null : r.error.message).toContain(said);
    }
    // The paper form came on 1 October, before the deadline (5 October): on time, revision 1.
    const entered = await b.run('submissions.enter', { unit: TOWN, period: PERIOD, on: '2021-10-01' });
    expect(entered).toMatchObject({ state: 'on_time', revision: 1, reported: 1, submittedAt: '2021-09-30T16:00:00.000Z' });
    expect(entered.heldHash).toMatch(/^[0-9a-f]{64}$/);
    // The same content again is nothing new.
    const again = await b.call('submissions.enter', { unit: TOWN, period: PERIOD });
    expect(again.ok ? null : again.error.message).toContain('自收到第 1 版以来没有修改，无需再次登记');
    // Said in 报送与审核记录.
    const log = await b.run('submissions.log', { unit: TOWN, period: PERIOD });
    expect(log).toEqual([{ kind: 'entered', at: '2021-10-03T02:00:00.000Z', revision: 1, on: '2021-10-01' }]);
    // Reviewed like any other: approved (the content typed in is then locked for the bureau too).
    const approved = await b.run('submissions.approve', { unit: TOWN, period: PERIOD, paper: true, contentHash: entered.heldHash });
    expect(approved.approved).toMatchObject({ revision: 1 });
    const locked = await b.call('reports.save', { unit: TOWN, period: PERIOD, task, report: { ...report, percent: 45 } });
    expect(locked.ok ? null : locked.error.code).toBe('approved');
    // Nor registered again (that would end the approval unsaid).
    const relock = await b.call('submissions.enter', { unit: TOWN, period: PERIOD });
    expect(relock.ok ? null : relock.error).toMatchObject({ code: 'approved', message: expect.stringContaining('不能再登记。如需更正，请先撤销审核') });
    // The unit is told its revisions are taken up to the one entered: its next export is numbered above it.
    expect(setupPayload(b.ctx, entered.unit).held).toEqual([{ unit: entered.unit, period: PERIOD, revision: 1 }]);

    // The unit's own workbook comes later (it had the app after all): imported as its first file, and held.
    const unit = await newUnit(dir);
    open.push(unit.core);
    await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task, report: { ...report, progress: '单位自己填写的进展' } });
    const file = await exportTo(unit.core, dir);
    const r = await importFiles(b, [file]);
    expect(r.files[0]).toMatchObject({ status: 'imported' });
    // Said: what the bureau typed in gives way to the unit's own file.
    expect(r.files[0]!.warnings).toContain('本系统现有区局代为填报的第 1 版（报送日期 2021年10月1日）；采用此文件后，代为填报的内容由此文件的内容替换，请与该单位核实');
    // Not also as content typed in and never registered (it was registered).
    expect(r.files[0]!.warnings.filter((w) => w.includes('取代本系统中此前录入'))).toEqual([]);
    expect((await b.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks[0]!.report!.progress).toBe('单位自己填写的进展');
    expect((await row()).heldHash).not.toBe(entered.heldHash);
  });

  it('a workbook sent alone, then its zip: the evidence goes onto what the bureau entered since, which stays the one held', async () => {
    const dir = tempDir('eco-entry3-');
    let now = new Date('2021-10-03T02:00:00Z');
    const b = await Core.open(join(dir, 'bureau.db'), { create: true, now: () => now });
    open.push(b);
    await b.run('app.init', { role: 'bureau' });
    const unit = await newUnit(dir);
    open.push(unit.core);
    const task = (await unit.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks[0]!.task;
    await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task, report });
    await unit.core.run('evidence.add', { unit: TOWN, period: PERIOD, task, name: '照片.jpg', dataBase64: Buffer.from('照片').toString('base64') });
    const zip = await exportTo(unit.core, dir);
    const inner = Object.entries(unzipSync(readFileSync(zip))).find(([n]) => n.endsWith('.xlsx'))!;
    const alone = join(dir, 'alone.xlsx');
    writeFileSync(alone, inner[1]);
    expect((await importFiles(b, [alone])).files[0]!.status).toBe('imported');
    now = new Date('2021-10-04T02:00:00Z');
    await b.run('reports.save', { unit: TOWN, period: PERIOD, task, report: { ...report, progress: '区局依据电话核实更正' } });
    const entered = await b.run('submissions.enter', { unit: TOWN, period: PERIOD });
    expect(entered.revision).toBe(2);
    const completed = (await importFiles(b, [zip])).files[0]!;
    expect(completed.status).toBe('updated');
    const row = (await b.run('submissions.status', { period: PERIOD })).find((s) => s.unit === entered.unit)!;
    expect(row).toMatchObject({ revision: 2, heldHash: entered.heldHash });
    const held = (await b.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks.find((t) => t.task === task)!.report!;
    expect(held.progress).toBe('区局依据电话核实更正');
    expect(held.evidence.map((e) => e.name)).toEqual(['照片.jpg']);
  });

  it('a unit’s next file over a correction the bureau typed in since its last one came: said in the dry run and the import, naming the tasks', async () => {
    const dir = tempDir('eco-entry-corrected-');
    let t = new Date('2021-10-03T02:00:00Z');
    const b = await Core.open(join(dir, 'bureau.db'), { create: true, now: () => t });
    open.push(b);
    await b.run('app.init', { role: 'bureau', periodKind: 'quarter' });
    const unit = await newUnit(dir);
    open.push(unit.core);
    const [first, second] = (await unit.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks.map((x) => x.task);
    for (const task of [first!, second!]) await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task, report: { ...report, progress: '第一版' } });
    expect((await importFiles(b, [await exportTo(unit.core, dir, TOWN, PERIOD, 'v1.xlsx')])).files[0]!.status).toBe('imported');
    // An hour later the bureau corrects the second task after a phone call.
    t = new Date('2021-10-03T03:00:00Z');
    await b.run('reports.save', { unit: TOWN, period: PERIOD, task: second!, report: { ...report, progress: '区局电话核实后更正' } });
    // The unit's next file changes both tasks.
    for (const task of [first!, second!]) await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task, report: { ...report, progress: '第二版' } });
    const v2 = await exportTo(unit.core, dir, TOWN, PERIOD, 'v2.xlsx');
    t = new Date('2021-10-03T04:00:00Z');
    const said = `区局在收到第 1 版后修改过第 ${second} 项任务的填报内容；采用此文件后，这些修改由此文件的内容替换（修改前后的内容仍在各任务的修改记录中），请与该单位核实`;
    expect((await importFiles(b, [v2], { dryRun: true })).files[0]!.warnings).toContain(said);
    const r = await importFiles(b, [v2]);
    expect(r.files[0]!.status).toBe('updated');
    expect(r.files[0]!.warnings).toContain(said);
    expect((await b.run('reports.history', { unit: TOWN, period: PERIOD, task: second! })).map((h) => [h.data.progress, h.by])).toEqual([
      ['第二版', '导入单位报送文件'],
      ['区局电话核实后更正', '区局录入'],
      ['第一版', '导入单位报送文件'],
    ]);
  });

  it('a unit’s first file over content typed in at the bureau and never registered says that it takes its place', async () => {
    const dir = tempDir('eco-entry-over-');
    const { core: b } = await newBureau(dir);
    open.push(b);
    const unit = await newUnit(dir);
    open.push(unit.core);
    const task = (await unit.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks[0]!.task;
    await b.run('reports.save', { unit: TOWN, period: PERIOD, task, report });
    await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task, report: { ...report, progress: '单位自己填写的进展' } });
    const file = await exportTo(unit.core, dir);
    const dry = (await importFiles(b, [file], { dryRun: true })).files[0]!;
    expect(dry.warnings).toContain('此文件的内容取代本系统中此前录入的该单位本期内容（区局录入而未登记的，或演示数据）');
    const r = (await importFiles(b, [file])).files[0]!;
    expect([r.status, r.warnings]).toEqual(['imported', ['此文件的内容取代本系统中此前录入的该单位本期内容（区局录入而未登记的，或演示数据）']]);
  });

  it('content typed in at the bureau and not registered counts nowhere until it is: not 已收, its tasks 未报 (逾期未报 past the deadline), no indicator value, its 逾期未报送 notice not 已补报', async () => {
    const dir = tempDir('eco-entry-unregistered-');
    const now = new Date('2021-10-08T02:00:00Z');
    const b = await Core.open(join(dir, 'bureau.db'), { create: true, now: () => now });
    open.push(b);
    await b.run('app.init', { role: 'bureau', firstPeriod: PERIOD });
    // A unit leading a task with a number to report: its tasks not reported by the deadline (5 October), a notice issued.
    const ind = (await b.run('indicators.status', { period: PERIOD })).find((i) => i.comparator !== 'yes' && i.leadUnit)!;
    const code = (await b.run('units.list', {})).find((u) => u.name === ind.leadUnit)!.code;
    const tasks = (await b.run('reports.forUnit', { unit: code, period: PERIOD })).tasks.map((t) => t.task);
    const [notice] = await b.run('notices.issue', { period: PERIOD, items: [{ unit: code }] });
    expect(notice).toMatchObject({ reason: 'missing', now: '仍未报送' });
    const picture = async () => {
      const s = await b.run('summary.get', { period: PERIOD });
      const entries = s.tasks.flatMap((t) => t.entries.filter((e) => e.code === code).map((e) => ({ task: t.no, status: t.statusCounts, e })));
      return {
        received: s.totals.received,
        overdue: s.lagging.filter((l) => l.unit === code && l.reason === 'missing').length,
        lagging: s.lagging.filter((l) => l.unit === code && l.reason === 'lagging').length,
        unregistered: entries.filter((x) => x.e.unregistered).length,
        value: (await b.run('indicators.status', { period: PERIOD })).find((i) => i.id === ind.id)!.value,
        now: (await b.run('notices.list', { period: PERIOD })).find((n) => n.id === notice!.id)!.now,
        candidates: (await b.run('notices.candidates', { period: PERIOD })).filter((c) => c.unit === code).map((c) => [c.reason, c.tasks.length]),
      };
    };
    const empty = await picture();
    expect(empty).toMatchObject({ overdue: tasks.length, lagging: 0, unregistered: 0, value: null, now: '仍未报送' });
    // The paper form typed in, every task (one 进度滞后), not yet registered: shown, marked, and counted nowhere.
    for (const task of tasks) {
      const lagging = task === tasks[0] && tasks.length > 1 && task !== ind.task;
      const typed = { ...report, ...(lagging ? { status: '进度滞后' as const, problems: '资金未到位' } : {}), indicators: task === ind.task ? { [ind.id]: 12.5 } : {} };
      await b.run('reports.save', { unit: code, period: PERIOD, task, report: typed });
    }
    expect(await picture()).toEqual({ ...empty, unregistered: tasks.length });
    // Printed and exported so marked, and said apart beside 已收.
    const { html } = await b.run('forms.render', { form: 'summary', period: PERIOD });
    expect(html).toContain(`已收 ${empty.received} 条（另有区局录入、尚未登记报送的 ${tasks.length} 条）`);
    const book = XLSX.read(Buffer.from((await b.run('exchange.summaryExport', { period: PERIOD })).dataBase64, 'base64'));
    const sent = XLSX.utils.sheet_to_json<string[]>(book.Sheets['报送情况']!, { header: 1, defval: '' });
    const name = (await b.run('units.list', {})).find((u) => u.code === code)!.name;
    expect(sent.find((r) => r[0] === name)![2]).toBe('未报（区局录入，尚未登记报送）');
    expect(sent.find((r) => String(r[0]).startsWith('合计'))![0]).toContain(`已收报告 ${empty.received}/`);
    expect(sent.find((r) => String(r[0]).startsWith('合计'))![0]).toContain(`（另有区局录入、尚未登记报送的 ${tasks.length} 条）`);
    // Registered as received (the form came on 7 October, late): counted everywhere.
    await b.run('submissions.enter', { unit: code, period: PERIOD, on: '2021-10-07' });
    const counted = await picture();
    expect(counted).toMatchObject({ received: empty.received + tasks.length, overdue: 0, unregistered: 0, value: 12.5, now: '已补报' });
    expect(counted.lagging).toBe(tasks.length > 1 && tasks[0] !== ind.task ? 1 : 0);
  });

  it('a later day than the deadline is 逾期; a unit’s database and a closed period cannot register', async () => {
    const dir = tempDir('eco-entry2-');
    // (Owed from 2021-Q1: the second quarter's deadline is past.)
    const bureau = await newBureau(dir, 'quarter', '2021-Q1');
    open.push(bureau.core);
    const b = bureau.core;
    const task = (await b.run('reports.forUnit', { unit: TOWN, period: '2021-Q2' })).tasks[0]!.task;
    await b.run('reports.save', { unit: TOWN, period: '2021-Q2', task, report });
    const late = await b.run('submissions.enter', { unit: TOWN, period: '2021-Q2', on: '2021-07-20' });
    expect(late).toMatchObject({ state: 'late', revision: 1, sentOnDay: true });
    // Only the day is known: said without a time of day.
    expect(sentText(late)).toBe('2021年7月20日');
    await b.run('periods.setDeadline', { period: '2021-Q2', deadline: '2021-07-05', closed: true });
    await b.run('periods.setDeadline', { period: '2021-Q2', deadline: '2021-07-05', closed: false });
    await b.run('reports.save', { unit: TOWN, period: '2021-Q2', task, report: { ...report, percent: 50 } });
    // A day before the first submission it holds would make the late unit on time after the fact: refused, nothing written.
    const before = dumpDb(bureau.path);
    const backdated = await b.call('submissions.enter', { unit: TOWN, period: '2021-Q2', on: '2021-07-03' });
    expect(backdated.ok ? null : backdated.error.message).toBe(`报送日期 2021年7月3日 早于“${TOWN}”2021年第二季度已收到的报送（第 1 版，2021年7月20日），不能登记：按时与否以最先报送的日期为准`);
    expect(dumpDb(bureau.path)).toEqual(before);
    await b.run('periods.setDeadline', { period: '2021-Q2', deadline: '2021-07-05', closed: true });
    const closed = await b.call('submissions.enter', { unit: TOWN, period: '2021-Q2', on: '2021-07-21' });
    expect(closed.ok ? null : closed.error.code).toBe('period_closed');
    // Demo text is for practice: not registered as the unit's real submission.
    await b.run('demo.fill', { period: '2021-Q1' });
    const demo = await b.call('submissions.enter', { unit: TOWN, period: '2021-Q1', on: '2021-04-02' });
    expect(demo.ok ? null : demo.error.message).toMatch(/^“新市镇”2021年第一季度第 [\d、]+ 项任务的填报内容仍是演示数据（【演示数据】），不能登记为已报送：请改填实际内容后再登记$/);

    // The command line: save, then enter with the day (a bad date is a clear refusal, nothing written).
    b.close();
    open.splice(open.indexOf(b), 1);
    const bad = await cli(['enter', '--db', bureau.path, '--unit', TOWN, '--period', PERIOD, '--on', '2021-13-01']);
    expect(bad.code).toBe(1);
    const saved = await cli(['save', '--db', bureau.path, '--unit', TOWN, '--period', PERIOD, '--task', String(task)], JSON.stringify(report));
    expect(saved.code, saved.stderr).toBe(0);
    const said = await cli(['enter', '--db', bureau.path, '--unit', TOWN, '--period', PERIOD, '--on', '2021-10-02']);
    expect(said.code, said.stderr).toBe(0);
    expect(said.stdout).toContain(`已登记：${TOWN}的报送（第 1 版，按时）`);

    const unit = await newUnit(dir);
    open.push(unit.core);
    await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task, report });
    const refused = await unit.core.call('submissions.enter', { unit: TOWN, period: PERIOD });
    expect(refused.ok ? null : refused.error.message).toContain('代为登记单位的报送');
  });
});

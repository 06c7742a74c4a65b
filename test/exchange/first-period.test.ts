/**
 * 起报周期: the first period the units owe (DHIS2's data set start). By default the one that ended last when the
 * database is set up, not before the one the plan was issued in (14 July 2021: on 2021年10月3日, 2021年第三季度); the
 * bureau may move it back to the first period of the plan's year, or on to the one under way while no period before
 * holds any work. Periods that ended before it are asked of nobody: not listed, not 未报, not counted, not written,
 * their files refused; what is held of them stays readable. The units take it by set-up file.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Core } from '../../electron/core/service';
import { defaultFirstPeriod, firstPeriodLateSaid, parsePeriod } from '../../shared/period';
import { cli, dumpDb, FIXED_NOW, newBureau, tempDir } from '../helpers/db';
import { exportTo, importFiles, newUnit, reportOne, TOWN } from './helpers';

const open: Core[] = [];
afterAll(() => {
  for (const c of open) c.close();
});

const ids = async (c: Core, year = 2021): Promise<string[]> => (await c.run('periods.list', { year })).map((p) => p.id);

describe('起报周期', () => {
  it('by default the period that ended last (here the one the plan was issued in): the quarters before it are nobody’s, anywhere', async () => {
    const b = await newBureau(tempDir('eco-first-default-'));
    open.push(b.core);
    const info = await b.core.run('app.info', {});
    expect([info.firstOwed, info.planIssuedOn]).toEqual([{ id: '2021-Q3', label: '2021年第三季度' }, '2021-07-14']);
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
    // On 月报 from the start: September, the month that ended last.
    const monthly = await newBureau(tempDir('eco-first-month-'), 'month');
    open.push(monthly.core);
    expect(await ids(monthly.core)).toEqual(['2021-09', '2021-10', '2021-11', '2021-12']);
    // Set up in December 2026: the fourth quarter, under way (the third was due on 5 October: owed from it, every unit's
    // first file would be late); the 21 quarters before are nobody's. Set up on 5 October, the third (due that day).
    const late = await Core.open(join(tempDir('eco-first-late-'), 'bureau.db'), { create: true, now: () => new Date('2026-12-01T02:00:00Z') });
    open.push(late);
    await late.run('app.init', { role: 'bureau' });
    expect((await late.run('app.info', {})).firstOwed).toEqual({ id: '2026-Q4', label: '2026年第四季度' });
    expect(await ids(late, 2026)).toEqual(['2026-Q4']);
    expect(defaultFirstPeriod('quarter', '2021-07-14', '2026-10-05').id).toBe('2026-Q3');
    expect(defaultFirstPeriod('quarter', '2021-07-14', '2026-10-06').id).toBe('2026-Q4');
    expect(defaultFirstPeriod('month', '2021-07-14', '2026-12-05').id).toBe('2026-11');
    expect(defaultFirstPeriod('year', '2021-07-14', '2027-01-03').id).toBe('2026');
    expect(defaultFirstPeriod('quarter', '2021-07-14', '2021-03-01').id).toBe('2021-Q3');
    // A unit's database set up alone owes the quarter that ended last, late or not (it is to send it).
    expect(defaultFirstPeriod('quarter', '2021-07-14', '2026-12-01', true).id).toBe('2026-Q3');
    // Chosen anyway (a bureau collecting that quarter too): said at set-up, as every unit's file of it will be late.
    expect(firstPeriodLateSaid(parsePeriod('2026-Q3'), '2026-12-02')).toBe('2026年第三季度的截止日期（2026年10月5日）已过：各单位此期的报送都将计为逾期，也可能被督办。');
    expect(firstPeriodLateSaid(parsePeriod('2026-Q3'), '2026-10-05')).toBeNull();
    expect(await ids(late, 2025)).toEqual([]);
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
    // Nothing held yet: it may move on to the quarter under way.
    expect((await b.core.run('periods.firstLimit', {})).limit).toBeNull();
    // Not moved on past work held: files received, decisions, 督办单 would be left uncounted and unanswerable.
    await b.core.run('reports.save', { unit: TOWN, period: '2021-Q2', task: 4, report: { status: '进度滞后', progress: '二季度巡河', problems: '人手不足' } });
    await b.core.run('submissions.enter', { unit: TOWN, period: '2021-Q2', on: '2021-07-02' });
    await b.core.run('notices.issue', { period: '2021-Q2', items: [{ unit: TOWN, task: 4 }] });
    await b.core.run('reports.save', { unit: '区委组织部', period: '2021-Q3', task: 3, report: { status: '正常推进', progress: '三季度' } });
    const before = dumpDb(b.path);
    // Said before it is tried (the dialog offers no later quarter): how far it may go and what is held.
    const { limit } = await b.core.run('periods.firstLimit', {});
    expect(limit && { latest: limit.latest.id, held: limit.held }).toEqual({ latest: '2021-Q2', held: '2021年第二季度（已收到 1 个单位的报送、督办单 1 份）、2021年第三季度（1 个单位已有填报内容）' });
    expect(await refused('2021-Q4')).toBe(
      '起报周期不能改为2021年第四季度：2021年第二季度（已收到 1 个单位的报送、督办单 1 份）、2021年第三季度（1 个单位已有填报内容）已有报送内容或督办。这些报送、审核和督办须照常统计和办理，起报周期最晚可改为2021年第二季度；如这些是试用时的演示数据或测试导入，请新建数据库后再正式开始使用',
    );
    expect(dumpDb(b.path)).toEqual(before);
    await b.core.run('periods.setFirst', { period: '2021-Q2' });
    expect(await ids(b.core)).toEqual(['2021-Q2', '2021-Q3', '2021-Q4']);
    expect((await b.core.run('settings.log', {})).map((c) => c.text)).toEqual([
      '起报周期：2021年第三季度 改为 2021年第一季度（此前结束的各期不要求报送）',
      '起报周期：2021年第一季度 改为 2021年第二季度（此前结束的各期不要求报送）',
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
      errors: [expect.objectContaining({ message: '报送周期“2021年第二季度”在区局设定的起报周期（2021年第三季度）之前，不要求报送：该单位可能尚未导入区局最新的设置文件（请发给该单位），或选错了报送周期；如确需收取，请先在“设置”的“报送周期”中把起报周期提前，再导入此文件' })],
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
    // The clerk had begun the second quarter; the bureau then collects from the third after all (it held nothing before).
    await unit.core.run('reports.save', { unit: TOWN, period: '2021-Q2', task: 4, report: { status: '正常推进', progress: '二季度草稿' } });
    await b.core.run('periods.setFirst', { period: '2021-Q3' });
    expect(await adopt()).toEqual(['区局设定的起报周期为2021年第三季度：2021年第三季度以前结束的各期不要求报送']);
    // What the clerk typed stays listed, said not owed, readable; its file is not made (the bureau would refuse it).
    const listed = await unit.core.run('periods.list', { year: 2021 });
    expect(listed.map((p) => [p.id, p.owed])).toEqual([
      ['2021-Q2', false],
      ['2021-Q3', true],
      ['2021-Q4', true],
    ]);
    expect((await unit.core.run('reports.forUnit', { unit: TOWN, period: '2021-Q2' })).tasks.find((t) => t.task === 4)?.report?.progress).toBe('二季度草稿');
    const made = await unit.core.call('exchange.exportUnit', { unit: TOWN, period: '2021-Q2' });
    expect(made.ok || made.error).toEqual({ code: 'period_not_owed', message: '“2021年第二季度”在起报周期（2021年第三季度）之前，各单位不需要报送这一期，不能导出报送文件（已填写的内容仍可查看）' });
    // The third quarter is the first: nothing before it to copy.
    const copy = await b.core.call('reports.copyPrevious', { unit: TOWN, period: '2021-Q3' });
    expect(copy.ok || copy.error.message).toBe('2021年第三季度是起报周期，此前各期不要求报送，没有上期内容可复制');
    // Moved back by one: that one period named.
    await b.core.run('periods.setFirst', { period: '2021-Q2' });
    expect(await adopt()).toEqual(['区局设定的起报周期为2021年第二季度：2021年第二季度以前结束的各期不要求报送（本机原从2021年第三季度起报送，2021年第二季度现也要求报送）']);
    await b.core.run('periods.setFirst', { period: '2021-Q3' });
    await adopt();
    // Read by people too: the file's 说明 sheet says it.
    const f = await b.core.run('exchange.setupExport', {});
    const XLSX = await import('xlsx');
    const rows = XLSX.utils.sheet_to_json<string[]>(XLSX.read(Buffer.from(f.dataBase64, 'base64')).Sheets['说明']!, { header: 1 });
    expect(rows.find((r) => r[0] === '起报周期')).toEqual(['起报周期', '2021年第三季度（此前结束的各期不要求报送）']);
  });

  it('no decision on a period held but not owed (a quarter received before the switch to 月报): refused before anything is written', async () => {
    const dir = tempDir('eco-first-decide-');
    const b = await newBureau(dir);
    const unit = await newUnit(dir);
    open.push(b.core, unit.core);
    await reportOne(unit.core, TOWN, '2021-Q4');
    await importFiles(b.core, [await exportTo(unit.core, dir, TOWN, '2021-Q4')]);
    await b.core.run('reports.save', { unit: '区委组织部', period: '2021-Q4', task: 3, report: { status: '正常推进', progress: '四季度' } });
    await b.core.run('periods.setKind', { kind: 'month' });
    const q4 = (await b.core.run('periods.list', { year: 2021 })).find((p) => p.id === '2021-Q4');
    expect(q4?.owed).toBe(false);
    const before = dumpDb(b.path);
    const said = (what: string): string => `“2021年第四季度”不是本系统现在收取的周期（现按月报填报），各单位不需要报送这一期，不能${what}`;
    for (const [r, what] of [
      [await b.core.call('submissions.approve', { unit: TOWN, period: '2021-Q4' }), '审核'],
      [await b.core.call('submissions.return', { unit: TOWN, period: '2021-Q4', reason: '请补充' }), '退回'],
      [await b.core.call('submissions.enter', { unit: '区委组织部', period: '2021-Q4', on: '2021-10-02' }), '代为登记报送'],
    ] as const) {
      expect(r.ok || r.error).toEqual({ code: 'period_not_owed', message: said(what) });
    }
    expect(dumpDb(b.path)).toEqual(before);
    // On the command line too, with the hint.
    b.core.close();
    const cliRun = await cli(['approve', '--db', b.path, '--unit', TOWN, '--period', '2021-Q4']);
    expect([cliRun.code, cliRun.stderr]).toEqual([1, expect.stringContaining(said('审核'))]);
  });

  it('the kinds in use, kept between calls, are read again after a change, a rollback, or another program’s change', async () => {
    const b = await newBureau(tempDir('eco-first-kept-'));
    open.push(b.core);
    const store = b.core.ctx.store;
    const kinds = (): string[] => b.core.ctx.kindSpans().map((s) => `${s.kind} ${s.from ?? ''}`);
    expect(kinds()).toEqual(['quarter 2021-07-01']);
    // Changed in a transaction that rolls back: as before.
    expect(() =>
      store.tx(() => {
        store.settingsChanges.record({ at: '2021-10-03T02:00:00.000Z', kind: 'period_kind', subject: '', before: 'quarter', after: 'month' });
        store.meta.set('period_kind', 'month');
        expect(kinds()).toEqual(['quarter 2021-07-01', 'month 2021-10-03']);
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    expect(kinds()).toEqual(['quarter 2021-07-01']);
    // Changed by a command while this database is open (another connection).
    expect((await cli(['settings', '--db', b.path, '--first-period', '2021-Q2'])).code).toBe(0);
    expect(kinds()).toEqual(['quarter 2021-04-01']);
    expect(await ids(b.core)).toEqual(['2021-Q2', '2021-Q3', '2021-Q4']);
  });

  it('a database in use before there was a 起报周期 keeps owing every period until the bureau sets one', async () => {
    const dir = tempDir('eco-first-upgrade-');
    const b = await newBureau(dir);
    b.core.close();
    // As the build before migration 025 left it: no 起报周期, settings_changes without its kind.
    const raw = new Database(b.path);
    raw.pragma('user_version = 24');
    raw.prepare("DELETE FROM meta WHERE key = 'owed_from'").run();
    raw.close();
    const again = await Core.open(b.path, { now: () => FIXED_NOW });
    open.push(again);
    expect(await ids(again)).toEqual(['2021-Q1', '2021-Q2', '2021-Q3', '2021-Q4']);
    const info = await again.run('app.info', {});
    expect(info.firstOwed).toBeNull();
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
    // Its deadline long past: said, with what to do.
    expect(init.stdout).toContain(`注意：2021年第二季度的截止日期（2021年7月5日）已过：各单位此期的报送都将计为逾期，也可能被督办。如从本期起收取，可推迟其截止日期（settings --db ${path} --period 2021-Q2 --deadline 日期）`);
    expect((await cli(['periods', '--db', path, '--year', '2021'])).stdout).toMatch(/^起报周期：2021年第二季度（此前结束的各期不要求报送）\n2021-Q2\t2021年第二季度\t截止 2021年7月5日\n/);
    // A year before it lists nothing, and says why.
    expect((await cli(['periods', '--db', path, '--year', '2020'])).stdout).toBe('起报周期：2021年第二季度（此前结束的各期不要求报送）\n2020年在起报周期（2021年第二季度）之前，不要求报送（工作方案于2021年7月14日印发）\n');
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
    // Given as it is, or not at all: nothing changed, and said so (not as if set up anew).
    const same = await cli(['init', '--db', path]);
    expect([same.code, same.stdout]).toEqual([0, `数据库已初始化，未作任何更改 ${path}：区局汇总端，任务清单版本 jiyang-2021.1，自2021年第二季度起报送\n`]);
  });
  it('a unit is pointed to the periods it owes, past their deadline, with nothing sent; sent or held by the bureau, not', async () => {
    const dir = tempDir('eco-first-unsent-');
    const unit = await newUnit(dir, TOWN, FIXED_NOW, '2021-Q1');
    open.push(unit.core);
    const unsent = async (): Promise<unknown> => (await unit.core.run('reports.unsent', { unit: TOWN })).map((u) => [u.period, u.deadline, u.daysLate]);
    // On 3 October 2021: the first two quarters are past their deadline; the third is due on the 5th.
    expect(await unsent()).toEqual([
      ['2021-Q2', '2021-07-05', 90],
      ['2021-Q1', '2021-04-05', 181],
    ]);
    // The second exported (sent from here): no longer said.
    await reportOne(unit.core, TOWN, '2021-Q2');
    await exportTo(unit.core, dir, TOWN, '2021-Q2');
    expect(await unsent()).toEqual([['2021-Q1', '2021-04-05', 181]]);
    // The first held by the bureau (sent from another computer, as its set-up file says): nor that.
    unit.core.ctx.store.meta.set('bureau_held_revisions', JSON.stringify({ '2021-Q1': 1 }));
    expect(await unsent()).toEqual([]);
    // A period not begun by this computer's clock: exported (a clock behind), said to be refused by the bureau until it has.
    await reportOne(unit.core, TOWN, '2022-Q1');
    const ahead = await unit.core.run('exchange.exportUnit', { unit: TOWN, period: '2022-Q1' });
    expect(ahead.warnings).toContain('2022年第一季度按本机时钟（今天是2021年10月3日）尚未开始：区局导入时会拒收尚未开始的周期的报送文件，请到2022年1月1日以后再报送（本机日期不对的，请先改正）');
    // The bureau's database says none (its overview says who has not sent).
    const b = await newBureau(tempDir('eco-first-unsent-b-'), 'quarter', '2021-Q1');
    open.push(b.core);
    expect(await b.core.run('reports.unsent', { unit: TOWN })).toEqual([]);
  });
});

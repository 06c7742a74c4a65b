/**
 * 退回: the bureau sends a unit's submission back for correction; it stands
 * until a later revision arrives (已重报) or is withdrawn.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/service';
import { REASON_IN_OWN_FILE, setupPayload, writeSetupWorkbook } from '../../electron/core/exchange/setup-workbook';
import { cli, dumpDb, FIXED_NOW, newBureau, tempDir } from '../helpers/db';
import { editedPair, exportTo, handEdited, importFiles, inFile, newUnit, PERIOD, reportOne, TOWN } from './helpers';

const open: Core[] = [];
afterAll(() => {
  for (const c of open) c.close();
});

/** A bureau and a unit (both left open until the end), the unit having reported once; `sent`: its export, imported by the bureau. */
async function pair(prefix: string, sent = true): Promise<{ dir: string; bureau: { core: Core; path: string }; unit: { core: Core; path: string }; first: string | null }> {
  const dir = tempDir(prefix);
  const bureau = await newBureau(dir);
  const unit = await newUnit(dir);
  open.push(bureau.core, unit.core);
  await reportOne(unit.core);
  const first = sent ? await exportTo(unit.core, dir, TOWN, PERIOD, 'first.xlsx') : null;
  if (first) await importFiles(bureau.core, [first]);
  return { dir, bureau, unit, first };
}

const rowOf = async (core: Core, unit = TOWN) => (await core.run('submissions.status', { period: PERIOD })).find((s) => s.unitName === unit)!;

describe('退回 (send a submission back for correction)', () => {
  it('stands until the unit sends a later revision; the same file again is said to be still the returned one', async () => {
    const { dir, bureau, unit, first: sent } = await pair('eco-return-');
    const first = sent!;
    expect((await rowOf(bureau.core)).returned).toBeNull();

    const row = await bureau.core.run('submissions.return', { unit: TOWN, period: PERIOD, reason: ' 第4项工作进展过于简略，请补充具体数据 ', tasks: [4] });
    expect(row.returned).toEqual({ reason: '第4项工作进展过于简略，请补充具体数据', tasks: [4], returnedAt: '2021-10-03T02:00:00.000Z', revision: 1, resubmittedRevision: null });
    const summary = await bureau.core.run('summary.get', { period: PERIOD, texts: false });
    expect(summary.totals.returned).toBe(1);
    // The unit's state (on time) is not changed by a return: it is judged by when the unit first sent.
    expect(row.state).toBe('on_time');

    // The same file again: unchanged, and said to be the returned content.
    const again = await importFiles(bureau.core, [first]);
    expect(again.files[0]!.status).toBe('unchanged');
    expect(again.files[0]!.warnings).toContain('该单位本期的报送已于2021年10月3日退回（第4项工作进展过于简略，请补充具体数据），此文件与退回的内容相同，仍待该单位改正后重报');

    // The corrected revision answers it.
    const task = (await unit.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks[0]!.task;
    await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task, report: { status: '正常推进', percent: 45, progress: '完成巡查 12 次，整改问题 3 个' } });
    const second = await exportTo(unit.core, dir, TOWN, PERIOD, 'second.xlsx');
    const updated = await importFiles(bureau.core, [second]);
    expect(updated.files[0]).toMatchObject({ status: 'updated', warnings: [] });
    expect((await rowOf(bureau.core)).returned).toMatchObject({ revision: 1, resubmittedRevision: 2 });
    expect((await bureau.core.run('summary.get', { period: PERIOD, texts: false })).totals.returned).toBe(0);
    // The first file once more is stale, and says nothing of the return any more.
    const stale = (await importFiles(bureau.core, [first])).files[0]!;
    expect(stale.status).toBe('stale');
    expect(stale.warnings.join()).not.toContain('退回');

    // Returned again, then withdrawn: nothing stands; withdrawing again is refused.
    expect((await bureau.core.run('submissions.return', { unit: TOWN, period: PERIOD, reason: '指标数值缺说明' })).returned).toMatchObject({ revision: 2, tasks: [], resubmittedRevision: null });
    expect((await bureau.core.run('submissions.withdrawReturn', { unit: TOWN, period: PERIOD })).row!.returned).toBeNull();
    const twice = await bureau.core.call('submissions.withdrawReturn', { unit: TOWN, period: PERIOD });
    expect(twice.ok || [twice.error.code, twice.error.message]).toEqual(['not_found', '“新市镇”2021年第三季度的报送没有被退回，无需撤销']);
    // Every return is kept, the withdrawn one marked.
    expect(bureau.core.ctx.store.db.prepare('SELECT reason, withdrawn_at IS NOT NULL AS withdrawn FROM returns ORDER BY rowid').all()).toEqual([
      { reason: '第4项工作进展过于简略，请补充具体数据', withdrawn: 0 },
      { reason: '指标数值缺说明', withdrawn: 1 },
    ]);
  });

  it('is answered by any other content held: a file corrected by hand (same revision), a template filled in again (revision 0)', async () => {
    const { dir, bureau, first: sent } = await pair('eco-return-same-');
    const first = sent!;
    await bureau.core.run('submissions.return', { unit: TOWN, period: PERIOD, reason: '请写明具体数据' });
    const fixed = await handEdited(first, join(dir, 'fixed.xlsx'), '完成巡查 12 次');
    const r = await importFiles(bureau.core, [fixed]);
    expect(r.files[0]).toMatchObject({ status: 'updated', revision: 1 });
    // Changed by hand with no save time of its own: when it was sent cannot be told, and its import time counts.
    expect(r.files[0]!.warnings).toContain('此文件导出（2021年10月3日 10:00）后被修改，文件中没有导出之后的保存时间（未载明，或仍是导出时间），无法确定何时报送：报送时间按区局导入此文件的时间（2021年10月3日 10:00）计');
    expect((await rowOf(bureau.core)).returned).toMatchObject({ revision: 1, resubmittedRevision: 1 });
    // The corrected file again: unchanged, and nothing said of the return.
    expect((await importFiles(bureau.core, [fixed])).files[0]).toMatchObject({ status: 'unchanged', warnings: ['内容在导出后被修改：第 4 项任务的填报内容与导出时不一致，请向该单位核实'] });

    // A unit filling templates by hand: every file is revision 0.
    const town = '济阳街道';
    const t = await bureau.core.run('exchange.template', { unit: town, period: PERIOD });
    const blank = join(dir, 'template.xlsx');
    writeFileSync(blank, Buffer.from(t.dataBase64, 'base64'));
    expect((await importFiles(bureau.core, [await handEdited(blank, join(dir, 'filled-1.xlsx'), '开展巡查')])).files[0]).toMatchObject({ status: 'imported', revision: 0 });
    await bureau.core.run('submissions.return', { unit: town, period: PERIOD, reason: '请写明巡查次数' });
    expect((await rowOf(bureau.core, town)).returned).toMatchObject({ revision: 0, resubmittedRevision: null });
    expect((await importFiles(bureau.core, [await handEdited(blank, join(dir, 'filled-2.xlsx'), '开展巡查 8 次')])).files[0]).toMatchObject({ status: 'updated', revision: 0 });
    expect((await rowOf(bureau.core, town)).returned).toMatchObject({ revision: 0, resubmittedRevision: 0 });
    expect((await bureau.core.run('summary.get', { period: PERIOD, texts: false })).totals.returned).toBe(0);
  });

  it('one return stands at a time; demo data can be returned and a real file answers it', async () => {
    const dir = tempDir('eco-return-demo-');
    const bureau = await newBureau(dir);
    const unit = await newUnit(dir);
    open.push(bureau.core, unit.core);
    await bureau.core.run('demo.fill', { period: PERIOD });
    await bureau.core.run('submissions.return', { unit: TOWN, period: PERIOD, reason: '演示：请补充' });
    const second = await bureau.core.call('submissions.return', { unit: TOWN, period: PERIOD, reason: '另一个原因' });
    expect(second.ok || [second.error.code, second.error.message]).toEqual([
      'already_returned',
      '“新市镇”2021年第三季度的报送已于2021年10月3日 10:00退回，尚待重报；如需改写退回原因，请先撤销那次退回',
    ]);
    await reportOne(unit.core);
    const real = await importFiles(bureau.core, [await exportTo(unit.core, dir)]);
    expect(real.files[0]!.status).toBe('imported');
    expect(real.files[0]!.warnings.join()).not.toContain('退回');
    expect((await rowOf(bureau.core)).returned).toMatchObject({ reason: '演示：请补充', resubmittedRevision: 1 });
  });

  it('reaches the unit through the next set-up file: the clerk sees why and which tasks; a corrected export answers it; answered, the next file clears it', async () => {
    const dir = tempDir('eco-return-setup-');
    const bureau = await newBureau(dir);
    const unit = await newUnit(dir);
    open.push(bureau.core, unit.core);
    await reportOne(unit.core);
    await importFiles(bureau.core, [await exportTo(unit.core, dir, TOWN, PERIOD, 'first.xlsx')]);
    await bureau.core.run('submissions.return', { unit: TOWN, period: PERIOD, reason: '第4项请补充巡河次数', tasks: [4] });
    const adopt = async (file: { fileName: string; dataBase64: string }) => unit.core.run('exchange.setupImport', { file: { name: file.fileName, dataBase64: file.dataBase64 } });
    // The file for every unit says that it was sent back, and which tasks, but not why: one unit's reason is not another's to read.
    const general = await bureau.core.run('exchange.setupExport', {});
    expect(inFile(general, '第4项请补充巡河次数')).toBe(false);
    expect(inFile(await bureau.core.run('exchange.setupExport', { unit: TOWN }), '第4项请补充巡河次数')).toBe(true);
    await adopt(general);
    const told = (await unit.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).returned;
    expect(told).toEqual({ reason: REASON_IN_OWN_FILE, tasks: [4], returnedAt: '2021-10-03T02:00:00.000Z', revision: 1, resubmittedRevision: null });
    // The file made for this unit says why; a file for every unit adopted after it keeps that.
    const own = await bureau.core.run('exchange.setupExport', { unit: TOWN });
    expect(own.fileName).toBe(`设置文件-jiyang-2021.1-20211003-${TOWN}.xlsx`);
    // Its preview names the unit it is for (the first-run screen then offers no other); the general file's names none.
    const preview = async (f: { fileName: string; dataBase64: string }) => (await unit.core.run('exchange.setupPreview', { file: { name: f.fileName, dataBase64: f.dataBase64 } })).forUnit;
    await expect(preview(own)).resolves.toBe((await unit.core.run('app.info', {})).unit?.code);
    await expect(preview(general)).resolves.toBeNull();
    await adopt(own);
    const seen = (await unit.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).returned;
    expect(seen).toEqual({ reason: '第4项请补充巡河次数', tasks: [4], returnedAt: '2021-10-03T02:00:00.000Z', revision: 1, resubmittedRevision: null });
    await adopt({ ...(await bureau.core.run('exchange.setupExport', {})), fileName: 'general-again.xlsx' });
    expect((await unit.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).returned).toEqual(seen);
    // Another unit's own file is not this unit's: refused, nothing changed.
    const other = await bureau.core.run('exchange.setupExport', { unit: '济北街道' });
    const before = dumpDb(unit.path);
    const refused = await unit.core.call('exchange.setupImport', { file: { name: other.fileName, dataBase64: other.dataBase64 } });
    expect(refused.ok ? null : refused.error).toMatchObject({ code: 'invalid_setup', message: `“${other.fileName}”是区局发给“济北街道”的设置文件（含该单位的退回原因、审核备注和督办单），不是本单位的；请使用区局发给本单位或各单位的设置文件` });
    expect(dumpDb(unit.path)).toEqual(before);
    // The command line's way to the unit's own file; an unknown unit is refused.
    const cliOwn = await cli(['setup-export', '--db', bureau.path, '--unit', TOWN, '--out', join(dir, 'own.xlsx')]);
    expect(cliOwn.code, cliOwn.stderr).toBe(0);
    expect(readFileSync(join(dir, 'own.xlsx')).length).toBeGreaterThan(1000);
    const cliUnknown = await cli(['setup-export', '--db', bureau.path, '--unit', '火星街道', '--out', join(dir, 'x.xlsx')]);
    expect(cliUnknown.code).toBe(1);
    expect(cliUnknown.stderr).toContain('火星街道');
    // Left blank: asked for, as every other command asks.
    expect((await cli(['setup-export', '--db', bureau.path, '--unit', '  ', '--out', join(dir, 'x.xlsx')])).stderr).toBe('错误 [invalid_input]: 请指定单位\n');
    // Another period says nothing.
    expect((await unit.core.run('reports.forUnit', { unit: TOWN, period: '2021-Q4' })).returned).toBeNull();

    // The clerk corrects and exports: answered on the unit's side at once (the bureau's, once it imports).
    await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task: 4, report: { status: '正常推进', percent: 45, progress: '巡河 12 次' } });
    const second = await exportTo(unit.core, dir, TOWN, PERIOD, 'second.xlsx');
    expect((await unit.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).returned).toMatchObject({ revision: 1, resubmittedRevision: 2 });
    await importFiles(bureau.core, [second]);
    expect((await rowOf(bureau.core)).returned).toMatchObject({ resubmittedRevision: 2 });
    // The bureau's next file no longer carries it (answered): the unit's record of it goes.
    const next = await bureau.core.run('exchange.setupExport', {});
    await adopt({ ...next, fileName: 'next.xlsx' });
    expect((await unit.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).returned).toBeNull();

    // A file of an earlier version of the app (no returns in it) leaves what the unit was told.
    await bureau.core.run('submissions.return', { unit: TOWN, period: PERIOD, reason: '指标说明不全' });
    await adopt({ ...(await bureau.core.run('exchange.setupExport', { unit: TOWN })), fileName: 'third.xlsx' });
    const older = setupPayload(bureau.core.ctx);
    delete older.returns;
    const path = join(dir, 'older-app.xlsx');
    writeFileSync(path, await writeSetupWorkbook(older, '2021-10-03T03:00:00.000Z'));
    await adopt({ fileName: 'older-app.xlsx', dataBase64: readFileSync(path).toString('base64') });
    expect((await unit.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).returned).toMatchObject({ reason: '指标说明不全', resubmittedRevision: null });
  });

  it('names the tasks of its own period after a revised plan left one of them out (the period keeps its plan)', async () => {
    const { bureau, unit } = await pair('eco-return-revised-');
    await bureau.core.run('submissions.return', { unit: TOWN, period: PERIOD, reason: '第4项请补充巡河次数', tasks: [4] });
    const p = setupPayload(bureau.core.ctx);
    p.catalog.version = 'jiyang-2024.1';
    p.catalog.tasks = p.catalog.tasks.filter((t) => t.no !== 4);
    await bureau.core.run('exchange.setupImport', { file: { name: 'rev.xlsx', dataBase64: (await writeSetupWorkbook(p, '2021-10-02T00:00:00.000Z')).toString('base64') } });
    const own = await bureau.core.run('exchange.setupExport', { unit: TOWN });
    await unit.core.run('exchange.setupImport', { file: { name: own.fileName, dataBase64: own.dataBase64 } });
    // 2021-Q3 ended before the revision: still on the plan that has task 4, and so is the return.
    expect((await unit.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks.map((t) => t.task)).toContain(4);
    expect((await unit.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).returned).toMatchObject({ reason: '第4项请补充巡河次数', tasks: [4] });
  });

  it('on the unit’s side only an export made after it learned of the return answers it; a database set up afresh numbers its export above the returned revision', async () => {
    const dir = tempDir('eco-return-unit-side-');
    // The unit's export was edited by hand before it was sent: the bureau holds other content than the unit's export.
    const { bureau, unit } = await editedPair(dir);
    open.push(bureau.core, unit.core);
    await bureau.core.run('submissions.return', { unit: TOWN, period: PERIOD, reason: '请核实手工修改的内容' });
    const setup = await bureau.core.run('exchange.setupExport', {});
    await unit.core.run('exchange.setupImport', { file: { name: setup.fileName, dataBase64: setup.dataBase64 } });
    expect((await unit.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).returned).toMatchObject({ revision: 1, resubmittedRevision: null });
    // Told again by a later file: still standing (when it was first told is kept).
    await unit.core.run('exchange.setupImport', { file: { name: 'again.xlsx', dataBase64: setup.dataBase64 } });
    expect((await unit.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).returned).toMatchObject({ resubmittedRevision: null });

    // A new computer: a database set up from the same file, as that unit. Its first export is numbered above the
    // revision sent back, and answers the return at the bureau.
    const fresh = await Core.open(join(dir, 'fresh.db'), { create: true, now: () => FIXED_NOW });
    open.push(fresh);
    await fresh.run('exchange.setupImport', { file: { name: setup.fileName, dataBase64: setup.dataBase64 }, unit: TOWN });
    expect((await fresh.run('reports.forUnit', { unit: TOWN, period: PERIOD })).returned).toMatchObject({ revision: 1, resubmittedRevision: null });
    await reportOne(fresh);
    const f = await fresh.run('exchange.exportUnit', { unit: TOWN, period: PERIOD });
    expect(f.revision).toBe(2);
    expect((await fresh.run('reports.forUnit', { unit: TOWN, period: PERIOD })).returned).toMatchObject({ resubmittedRevision: 2 });
    const path = join(dir, 'fresh-export.xlsx');
    writeFileSync(path, Buffer.from(f.dataBase64, 'base64'));
    expect((await importFiles(bureau.core, [path])).files[0]).toMatchObject({ status: 'updated', revision: 2 });
    expect((await rowOf(bureau.core)).returned).toMatchObject({ resubmittedRevision: 2 });

    // Another new computer, after the deadline, nothing exported yet: its own 工作台账 says the return stands.
    const later = await Core.open(join(dir, 'later.db'), { create: true, now: () => new Date('2021-10-10T02:00:00Z') });
    open.push(later);
    await later.run('exchange.setupImport', { file: { name: setup.fileName, dataBase64: setup.dataBase64 }, unit: TOWN });
    const ledger = await later.run('exchange.ledgerExport', { year: 2021 });
    const rows = XLSX.utils.sheet_to_json<string[]>(XLSX.read(Buffer.from(ledger.dataBase64, 'base64')).Sheets['报送台账']!, { header: 1, defval: '' });
    expect(rows.find((r) => r[0] === TOWN)).toContain('未报，已退回待重报');
  });

  it('the set-up file hands down only returns that can be answered: not of a closed period; of the kind before a switch while that period is still owed', async () => {
    const { bureau } = await pair('eco-return-handed-');
    await bureau.core.run('submissions.return', { unit: TOWN, period: PERIOD, reason: '请补充' });
    expect(setupPayload(bureau.core.ctx).returns).toHaveLength(1);
    await bureau.core.run('periods.setDeadline', { period: PERIOD, deadline: '2021-10-05', closed: true });
    expect(setupPayload(bureau.core.ctx).returns).toEqual([]);
    await bureau.core.run('periods.setDeadline', { period: PERIOD, deadline: '2021-10-05', closed: false });
    // Switched to 月报 on 3 October: the third quarter (ended before, due 5 October) is still owed, its return handed down.
    await bureau.core.run('periods.setKind', { kind: 'month' });
    expect(setupPayload(bureau.core.ctx).returns).toHaveLength(1);
    const w = await bureau.core.run('submissions.withdrawReturn', { unit: TOWN, period: PERIOD });
    expect(w).toMatchObject({ unitName: TOWN, periodLabel: '2021年第三季度', row: { unitName: TOWN, returned: null } });
  });

  it('is refused, writing nothing, with what is wrong: no reason, nothing received, a task not the unit’s, a closed period, a unit’s own database', async () => {
    const { bureau, unit } = await pair('eco-return-refused-');
    const refusals: [Record<string, unknown>, string, string][] = [
      [{ reason: '   ' }, 'invalid_input', '请填写退回原因'],
      [{ reason: '字'.repeat(501) }, 'invalid_input', '退回原因不超过 500 字'],
      [{ unit: '济阳街道' }, 'not_found', '“济阳街道”2021年第三季度尚未报送，没有可退回的报送'],
      [{ tasks: [4, 3] }, 'not_responsible', '“新市镇”不负责第 3 项任务，不能就此退回'],
      [{ unit: '火星局' }, 'unknown_unit', ''],
      [{ tasks: [99] }, 'unknown_task', '没有序号为 99 的重点任务'],
    ];
    for (const [patch, code, message] of refusals) {
      const r = await bureau.core.call('submissions.return', { unit: TOWN, period: PERIOD, reason: '请补充', ...patch });
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error.code).toBe(code);
      if (message) expect(r.error.message).toContain(message);
    }
    await bureau.core.run('periods.setDeadline', { period: PERIOD, deadline: '2021-10-05', closed: true });
    const closed = await bureau.core.call('submissions.return', { unit: TOWN, period: PERIOD, reason: '请补充' });
    expect(closed.ok || [closed.error.code, closed.error.message]).toEqual(['period_closed', '报送周期“2021年第三季度”已关闭，退回后单位也无法重报。请先在 设置 → 报送截止日期 中重新开放该周期。']);
    await bureau.core.run('periods.setDeadline', { period: PERIOD, deadline: '2021-10-05', closed: false });
    await bureau.core.run('units.save', { code: 'Z10', name: TOWN, kind: 'town', active: false });
    const inactive = await bureau.core.call('submissions.return', { unit: TOWN, period: PERIOD, reason: '请补充' });
    expect(inactive.ok || [inactive.error.code, inactive.error.message]).toEqual(['unknown_unit', '“新市镇”已停用，不能退回其报送']);
    const fromUnit = await unit.core.call('submissions.return', { unit: TOWN, period: PERIOD, reason: '请补充' });
    expect(fromUnit.ok || [fromUnit.error.code, fromUnit.error.message]).toEqual(['bureau_only', '只有区局汇总端可以退回单位的报送']);
    expect(bureau.core.ctx.store.db.prepare('SELECT count(*) AS n FROM returns').get()).toEqual({ n: 0 });
  });

  it('from the command line: return with a reason and tasks, shown by status, withdrawn; usage errors exit 2', async () => {
    const dir = tempDir('eco-return-cli-');
    const bureau = await newBureau(dir);
    const unit = await newUnit(dir);
    open.push(unit.core);
    await reportOne(unit.core);
    await importFiles(bureau.core, [await exportTo(unit.core, dir)]);
    bureau.core.close();
    const ret = await cli(['return', '--db', bureau.path, '--unit', TOWN, '--period', PERIOD, '--reason', '存在问题\n未写明原因', '--tasks', '4，6,']);
    expect([ret.code, ret.stdout.trim()]).toEqual([0, '已退回：新市镇（第 1 版）2021年10月3日 10:00 退回（第 4、6 项任务）：存在问题 未写明原因']);
    const status = await cli(['status', '--db', bureau.path, '--period', PERIOD]);
    // One line per unit, whatever the reason's line breaks.
    expect(status.stdout.split('\n').find((l) => l.startsWith(TOWN))).toBe(`${TOWN}\t按时\t报送 2021年10月3日 10:00\t已填 1/2\t已退回：2021年10月3日 10:00 退回（第 4、6 项任务）：存在问题 未写明原因`);
    const json = await cli(['status', '--db', bureau.path, '--period', PERIOD, '--json']);
    expect((json.json() as { unitName: string; returned: unknown }[]).find((s) => s.unitName === TOWN)!.returned).toMatchObject({ tasks: [4, 6], resubmittedRevision: null });
    expect((await cli(['return', '--db', bureau.path, '--unit', TOWN, '--period', PERIOD])).code).toBe(2);
    expect((await cli(['return', '--db', bureau.path, '--unit', TOWN, '--period', PERIOD, '--withdraw', '--reason', 'x'])).code).toBe(2);
    // --task as notice-issue spells it is taken too; not both.
    const both = await cli(['return', '--db', bureau.path, '--unit', TOWN, '--period', PERIOD, '--reason', 'x', '--tasks', '4', '--task', '4']);
    expect([both.code, both.stderr]).toEqual([2, expect.stringContaining('--tasks 与 --task 只能给一个')]);
    expect((await cli(['return', '--db', bureau.path, '--unit', TOWN, '--period', PERIOD, '--reason', 'x', '--tasks', ' , '])).code).toBe(1);
    const badTask = await cli(['return', '--db', bureau.path, '--unit', TOWN, '--period', PERIOD, '--reason', 'x', '--tasks', '4,六']);
    expect([badTask.code, badTask.stderr]).toEqual([1, expect.stringContaining('任务序号“六”应为数字，如 --tasks 4,6')]);
    // Closing the period while the return stands is done, and said.
    const close = await cli(['settings', '--db', bureau.path, '--period', PERIOD, '--deadline', '2021-10-05', '--close']);
    // And the units that sent nothing (their files are refused from now on).
    expect([close.code, close.stdout.trim()]).toEqual([0, '设置已保存。注意：新市镇的报送已退回、尚待重报，本期关闭后这些单位无法再重报\n注意：济阳街道、济北街道、回河街道、孙耿街道、崔寨街道、太平街道、垛石街道、曲堤街道等 27 个单位本期尚未报送；关闭后这些单位不能再补报']);
    // Closed again: nothing said again.
    const twice = await cli(['settings', '--db', bureau.path, '--period', PERIOD, '--deadline', '2021-10-05', '--close']);
    expect([twice.code, twice.stdout.trim()]).toEqual([0, '设置已保存']);
    // As JSON (opened, then closed): the answer on stdout, the warning on stderr (not dropped).
    expect((await cli(['settings', '--db', bureau.path, '--period', PERIOD, '--deadline', '2021-10-05', '--open'])).code).toBe(0);
    const again = await cli(['settings', '--db', bureau.path, '--period', PERIOD, '--deadline', '2021-10-05', '--close', '--json']);
    expect([again.code, again.stderr]).toEqual([0, '注意：新市镇的报送已退回、尚待重报，本期关闭后这些单位无法再重报\n注意：济阳街道、济北街道、回河街道、孙耿街道、崔寨街道、太平街道、垛石街道、曲堤街道等 27 个单位本期尚未报送；关闭后这些单位不能再补报\n']);
    expect(Array.isArray(again.json())).toBe(true);
    const withdrawn = await cli(['return', '--db', bureau.path, '--unit', TOWN, '--period', PERIOD, '--withdraw']);
    expect([withdrawn.code, withdrawn.stdout.trim()]).toEqual([0, '已撤销对“新市镇”2021年第三季度报送的退回']);
  });
});

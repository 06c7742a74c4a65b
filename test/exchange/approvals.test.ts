/**
 * 审核通过: the bureau accepts a unit's submission (DHIS2's approval). The
 * approved content is locked for the bureau until the approval is withdrawn;
 * a newer file from the unit is still imported and ends the approval.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import * as XLSX from 'xlsx';
import { afterAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/service';
import { renderForm } from '../../electron/core/forms/render';
import { cli, dumpDb, FIXED_NOW, newBureau, tempDir } from '../helpers/db';
import { approvalText, clerkApprovalNote, reviewState, reviewText } from '../../shared/period';
import type { ApprovalView } from '../../shared/views';
import { NOTE_IN_OWN_FILE, setupPayload, writeSetupWorkbook } from '../../electron/core/exchange/setup-workbook';
import { editedPair, exportTo, handEdited, importFiles, inFile, newUnit, PERIOD, readBook, reportOne, TOWN, unitBundle } from './helpers';

const open: Core[] = [];
afterAll(() => {
  for (const c of open) c.close();
});

async function pair(prefix: string): Promise<{ dir: string; bureau: { core: Core; path: string }; unit: { core: Core; path: string }; first: string }> {
  const dir = tempDir(prefix);
  const bureau = await newBureau(dir);
  const unit = await newUnit(dir);
  open.push(bureau.core, unit.core);
  await reportOne(unit.core);
  const first = await exportTo(unit.core, dir, TOWN, PERIOD, 'first.xlsx');
  await importFiles(bureau.core, [first]);
  return { dir, bureau, unit, first };
}

const rowOf = async (core: Core) => (await core.run('submissions.status', { period: PERIOD })).find((s) => s.unitName === TOWN)!;
const refusal = async (p: Promise<{ ok: true } | { ok: false; error: { code: string; message: string } }>) => {
  const r = await p;
  return r.ok ? 'accepted' : [r.error.code, r.error.message];
};

describe('审核通过 (the bureau accepts a submission)', () => {
  it('is recorded with the paper form and a note, locks the content for the bureau, and is withdrawn with its record kept', async () => {
    const { bureau } = await pair('eco-approve-');
    expect(await rowOf(bureau.core)).toMatchObject({ approved: null, revision: 1 });
    const row = await bureau.core.run('submissions.approve', { unit: TOWN, period: PERIOD, paper: true, note: ' 纸质件  10月8日送达 ' });
    expect(row.approved).toEqual({ approvedAt: '2021-10-03T02:00:00.000Z', revision: 1, paper: true, paperAt: '2021-10-03T02:00:00.000Z', note: '纸质件  10月8日送达', supersededBy: null, tasksChanged: false, heldApproved: true });
    expect((await bureau.core.run('summary.get', { period: PERIOD, texts: false })).totals.approved).toBe(1);

    // Locked: approved again, sent back, changed by the bureau: each refused, the database as it was.
    const before = dumpDb(bureau.path);
    expect(await refusal(bureau.core.call('submissions.approve', { unit: TOWN, period: PERIOD }))).toEqual([
      'approved',
      '“新市镇”2021年第三季度的报送已于2021年10月3日 10:00审核通过（第 1 版）；如需更改审核意见，请先撤销审核',
    ]);
    expect(await refusal(bureau.core.call('submissions.return', { unit: TOWN, period: PERIOD, reason: '请补充' }))).toEqual([
      'approved',
      '“新市镇”2021年第三季度的报送已于2021年10月3日 10:00审核通过（第 1 版）；如需退回，请先撤销审核',
    ]);
    const task = (await bureau.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks.find((t) => t.report)!.task;
    const edit = await refusal(bureau.core.call('reports.save', { unit: TOWN, period: PERIOD, task, report: { status: '已完成', percent: 100, progress: '区局改写' } }));
    expect(edit).toEqual(['approved', '“新市镇”2021年第三季度的报送已于2021年10月3日 10:00审核通过（第 1 版），不能再修改。如需更正，请先撤销审核']);
    expect((await refusal(bureau.core.call('evidence.add', { unit: TOWN, period: PERIOD, task, name: 'a.txt', dataBase64: 'YQ==' })))[0]).toBe('approved');
    expect((await refusal(bureau.core.call('reports.copyPrevious', { unit: TOWN, period: PERIOD })))[0]).toBe('approved');
    expect(dumpDb(bureau.path)).toEqual(before);

    // Withdrawn: awaiting review again, the bureau may write and send back; withdrawing twice is refused.
    const w = await bureau.core.run('submissions.withdrawApproval', { unit: TOWN, period: PERIOD });
    expect([w.unitName, w.periodLabel, w.row!.approved]).toEqual([TOWN, '2021年第三季度', null]);
    expect(await refusal(bureau.core.call('submissions.withdrawApproval', { unit: TOWN, period: PERIOD }))).toEqual([
      'not_found',
      '“新市镇”2021年第三季度的报送没有审核通过的记录，无需撤销',
    ]);
    expect(await refusal(bureau.core.call('reports.save', { unit: TOWN, period: PERIOD, task, report: { status: '已完成', percent: 100, progress: '区局改写' } }))).toBe('accepted');
    expect(bureau.core.ctx.store.db.prepare('SELECT revision, paper, note, withdrawn_at IS NOT NULL AS withdrawn FROM approvals').all()).toEqual([
      { revision: 1, paper: 1, note: '纸质件  10月8日送达', withdrawn: 1 },
    ]);
  });

  it('ends when other content arrives: the newer file is imported and says so; the same file again leaves it standing', async () => {
    const { dir, bureau, unit, first } = await pair('eco-approve-newer-');
    await bureau.core.run('submissions.approve', { unit: TOWN, period: PERIOD });
    // The approved file again: unchanged, nothing said of the approval, which stands.
    const again = (await importFiles(bureau.core, [first])).files[0]!;
    expect([again.status, again.warnings]).toEqual(['unchanged', []]);
    expect((await rowOf(bureau.core)).approved!.supersededBy).toBeNull();

    const task = (await unit.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks[0]!.task;
    await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task, report: { status: '正常推进', percent: 70, progress: '又完成巡查 5 次' } });
    const second = await exportTo(unit.core, dir, TOWN, PERIOD, 'second.xlsx');
    // The dry run says it before anything is written.
    const dry = (await importFiles(bureau.core, [second], { dryRun: true })).files[0]!;
    const said = '该单位本期的报送已于2021年10月3日审核通过（第 1 版）；此文件的内容与审核通过的不同，采用此文件后原审核不再有效，需重新审核';
    expect([dry.status, dry.warnings]).toEqual(['updated', [said]]);
    expect((await rowOf(bureau.core)).approved!.supersededBy).toBeNull();
    const updated = (await importFiles(bureau.core, [second])).files[0]!;
    // Once imported, said as done.
    expect([updated.status, updated.warnings]).toEqual(['updated', [said.replace('采用此文件后原审核不再有效', '已采用此文件，原审核不再有效')]]);
    const row = await rowOf(bureau.core);
    expect(row.approved).toMatchObject({ revision: 1, supersededBy: 2 });
    expect((await bureau.core.run('summary.get', { period: PERIOD, texts: false })).totals.approved).toBe(0);
    // The newer content was taken, and the bureau may change it again (nothing approved stands).
    expect((await bureau.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks.find((t) => t.task === task)!.report!.progress).toBe('又完成巡查 5 次');
    // The older file afterwards: stale, and says nothing of the approval.
    const stale = (await importFiles(bureau.core, [first])).files[0]!;
    expect(stale.status).toBe('stale');
    expect(stale.warnings.join()).not.toContain('审核');
    // Approved again: the second revision.
    expect((await bureau.core.run('submissions.approve', { unit: TOWN, period: PERIOD })).approved).toMatchObject({ revision: 2, paper: false, supersededBy: null });
    // A copy of it corrected by hand (same revision, other content) ends that approval too.
    const fixed = await handEdited(second, join(dir, 'fixed.xlsx'), '完成巡查 12 次');
    const byHand = (await importFiles(bureau.core, [fixed])).files[0]!;
    expect(byHand.status).toBe('updated');
    expect(byHand.warnings).toContain('该单位本期的报送已于2021年10月3日审核通过（第 2 版）；此文件的内容与审核通过的不同，已采用此文件，原审核不再有效，需重新审核');
    expect((await rowOf(bureau.core)).approved).toMatchObject({ revision: 2, supersededBy: 2 });
  });

  it('is refused while a 退回 stands, for what was never sent, in a unit’s database; a closed period may be approved', async () => {
    const { dir, bureau, unit } = await pair('eco-approve-refused-');
    await bureau.core.run('submissions.return', { unit: TOWN, period: PERIOD, reason: '请补充数据' });
    expect(await refusal(bureau.core.call('submissions.approve', { unit: TOWN, period: PERIOD }))).toEqual([
      'already_returned',
      '“新市镇”2021年第三季度的报送已于2021年10月3日 10:00退回，尚待重报，不能审核通过；如确认无需重报，请先撤销那次退回',
    ]);
    expect(await refusal(bureau.core.call('submissions.approve', { unit: '仁风镇', period: PERIOD }))).toEqual(['not_found', '“仁风镇”2021年第三季度尚未报送，没有可审核的报送']);
    expect((await refusal(bureau.core.call('submissions.approve', { unit: '火星街道', period: PERIOD })))[0]).toBe('unknown_unit');
    expect(await refusal(unit.core.call('submissions.approve', { unit: TOWN, period: PERIOD }))).toEqual(['bureau_only', '只有区局汇总端可以审核单位的报送']);
    const longNote = await bureau.core.call('submissions.approve', { unit: TOWN, period: PERIOD, note: '长'.repeat(501) });
    expect(longNote.ok || longNote.error.details?.[0]?.message).toBe('审核备注不超过 500 字');
    expect(bureau.core.ctx.store.db.prepare('SELECT count(*) AS n FROM approvals').get()).toEqual({ n: 0 });

    // Sent again after the return (已重报): approved, in a period closed since.
    const task = (await unit.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks[0]!.task;
    await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task, report: { status: '正常推进', percent: 50, progress: '补充了数据' } });
    await importFiles(bureau.core, [await exportTo(unit.core, dir, TOWN, PERIOD, 'second.xlsx')]);
    await bureau.core.run('periods.setDeadline', { period: PERIOD, deadline: '2021-10-05', closed: true });
    const row = await bureau.core.run('submissions.approve', { unit: TOWN, period: PERIOD, paper: true });
    expect(row.approved).toMatchObject({ revision: 2, paper: true, supersededBy: null });
    expect(row.returned).toMatchObject({ resubmittedRevision: 2 });
  });

  it('is printed on the 报送情况统计表 and written to the summary workbook and the ledger', async () => {
    const { dir, bureau } = await pair('eco-approve-outputs-');
    const plain = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    const before = plain(renderForm(bureau.core.ctx, { form: 'submissions', period: PERIOD }).html);
    expect(before).toContain('审核');
    expect(before).toMatch(/新市镇 .*待审核/);
    expect(before).toContain('审核通过 0 个');
    await bureau.core.run('submissions.approve', { unit: TOWN, period: PERIOD });
    const after = plain(renderForm(bureau.core.ctx, { form: 'submissions', period: PERIOD }).html);
    expect(after).toMatch(/新市镇 .*审核通过 纸质件未收/);
    expect(after).toContain('审核通过 1 个');

    const out = join(dir, '汇总.xlsx');
    const made = await cli(['summary-export', '--db', bureau.path, '--period', PERIOD, '--out', out]);
    expect(made.code).toBe(0);
    const sheet = readBook(out).Sheets['报送情况']!;
    const rows = XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1, defval: '' });
    expect(rows[1]!.slice(7, 9)).toEqual(['审核', '退回']);
    expect(rows.find((r) => r[0] === TOWN)![7]).toBe('审核通过（纸质件未收）');
    expect(rows.find((r) => r[0] === '仁风镇')![7]).toBe('');

    const ledger = join(dir, '台账.xlsx');
    expect((await cli(['ledger-export', '--db', bureau.path, '--year', '2021', '--out', ledger])).code).toBe(0);
    const sub = XLSX.utils.sheet_to_json<string[]>(readBook(ledger).Sheets['报送台账']!, { header: 1, defval: '' });
    expect(sub.find((r) => r[0] === TOWN)!.join('|')).toContain('按时（第 1 版），审核通过');
  });

  it('from the command line: approve with the paper form and a note, shown by status, withdrawn; usage errors exit 2', async () => {
    const { bureau, unit } = await pair('eco-approve-cli-');
    bureau.core.close();
    unit.core.close();
    // A unit's database knows of the bureau's review only what its set-up file told it (nothing yet): no 待审核 there.
    const own = await cli(['status', '--db', unit.path, '--period', PERIOD]);
    expect(own.stdout.split('\n').find((l) => l.startsWith(TOWN))).toBe(`${TOWN}\t按时\t报送 2021年10月3日 10:00\t已填 1/2`);
    const pending = await cli(['status', '--db', bureau.path, '--period', PERIOD]);
    expect(pending.stdout.split('\n').find((l) => l.startsWith(TOWN))).toBe(`${TOWN}\t按时\t报送 2021年10月3日 10:00\t已填 1/2\t待审核`);
    const ok = await cli(['approve', '--db', bureau.path, '--unit', TOWN, '--period', PERIOD, '--paper', '--note', '纸质件\n已送达']);
    expect([ok.code, ok.stdout.trim()]).toEqual([0, '已审核通过：新市镇（第 1 版），已收到盖章的纸质填报表；备注：纸质件 已送达']);
    const status = await cli(['status', '--db', bureau.path, '--period', PERIOD]);
    expect(status.stdout.split('\n').find((l) => l.startsWith(TOWN))).toBe(
      `${TOWN}\t按时\t报送 2021年10月3日 10:00\t已填 1/2\t2021年10月3日 10:00 审核通过（第 1 版），已收到盖章的纸质填报表；备注：纸质件 已送达`,
    );
    const twice = await cli(['approve', '--db', bureau.path, '--unit', TOWN, '--period', PERIOD]);
    expect([twice.code, twice.stderr]).toEqual([1, expect.stringContaining('[approved]')]);
    expect((await cli(['approve', '--db', bureau.path, '--unit', TOWN, '--period', PERIOD, '--withdraw', '--paper'])).code).toBe(2);
    expect((await cli(['approve', '--db', bureau.path, '--unit', TOWN, '--period', PERIOD, '--withdraw', '--note', 'x'])).code).toBe(2);
    expect((await cli(['approve', '--db', bureau.path, '--unit', TOWN, '--period', PERIOD, '--paper-received', '--paper'])).code).toBe(2);
    // The paper form recorded already: said, exit 1.
    const paperTwice = await cli(['approve', '--db', bureau.path, '--unit', TOWN, '--period', PERIOD, '--paper-received']);
    expect([paperTwice.code, paperTwice.stderr]).toEqual([1, expect.stringContaining('新市镇”2021年第三季度的纸质填报表已于2021年10月3日 10:00登记收到')]);
    expect((await cli(['approve', '--db', bureau.path, '--period', PERIOD])).code).toBe(2);
    const withdrawn = await cli(['approve', '--db', bureau.path, '--unit', TOWN, '--period', PERIOD, '--withdraw']);
    expect([withdrawn.code, withdrawn.stdout.trim()]).toEqual([0, '已撤销对“新市镇”2021年第三季度报送的审核']);
    // Closing the period says what still awaits review (it can be approved all the same).
    const close = await cli(['settings', '--db', bureau.path, '--period', PERIOD, '--deadline', '2021-10-15', '--close']);
    expect([close.code, close.stdout.trim()]).toEqual([0, '设置已保存。1 个单位的报送尚待审核，关闭后仍可审核\n注意：济阳街道、济北街道、回河街道、孙耿街道、崔寨街道、太平街道、垛石街道、曲堤街道等 27 个单位本期尚未报送；关闭后这些单位不能再补报']);
  });
});

describe('审核通过, what was reviewed and what came after', () => {
  it('approves only the content the bureau looked at: other content imported meanwhile is refused (conflict)', async () => {
    const { dir, bureau, unit } = await pair('eco-approve-seen-');
    const seen = await rowOf(bureau.core);
    expect(seen.heldHash).toMatch(/^[0-9a-f]{64}$/);
    const task = (await unit.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks[0]!.task;
    await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task, report: { status: '正常推进', percent: 80, progress: '新内容' } });
    await importFiles(bureau.core, [await exportTo(unit.core, dir, TOWN, PERIOD, 'second.xlsx')]);
    expect(await refusal(bureau.core.call('submissions.approve', { unit: TOWN, period: PERIOD, contentHash: seen.heldHash }))).toEqual([
      'conflict',
      '“新市镇”2021年第三季度的报送在您查看之后又收到了内容不同的文件（现为第 2 版），未审核。请重新查看后再审核',
    ]);
    expect(bureau.core.ctx.store.db.prepare('SELECT count(*) AS n FROM approvals').get()).toEqual({ n: 0 });
    const now = await rowOf(bureau.core);
    expect((await bureau.core.run('submissions.approve', { unit: TOWN, period: PERIOD, contentHash: now.heldHash })).approved).toMatchObject({ revision: 2 });
  });

  it('records the stamped paper form when it comes after the approval, dated; the approval otherwise as it was', async () => {
    const { bureau } = await pair('eco-approve-paper-');
    expect(await refusal(bureau.core.call('submissions.recordPaper', { unit: TOWN, period: PERIOD }))).toEqual([
      'not_found',
      '“新市镇”2021年第三季度的报送尚未审核通过；纸质填报表请在审核通过时一并登记',
    ]);
    await bureau.core.run('submissions.approve', { unit: TOWN, period: PERIOD, note: '先审电子版' });
    // Five days later, the form arrives.
    bureau.core.close();
    const core = await Core.open(bureau.path, { now: () => new Date('2021-10-08T03:00:00.000Z') });
    open.push(core);
    const row = await core.run('submissions.recordPaper', { unit: TOWN, period: PERIOD });
    expect(row.approved).toEqual({ approvedAt: '2021-10-03T02:00:00.000Z', revision: 1, paper: true, paperAt: '2021-10-08T03:00:00.000Z', note: '先审电子版', supersededBy: null, tasksChanged: false, heldApproved: true });
    expect(approvalText(row.approved!)).toBe('2021年10月3日 10:00 审核通过（第 1 版），已收到盖章的纸质填报表（2021年10月8日登记）；备注：先审电子版');
    expect((await refusal(core.call('submissions.recordPaper', { unit: TOWN, period: PERIOD })))[0]).toBe('invalid_input');
    expect(core.ctx.store.db.prepare('SELECT count(*) AS n FROM approvals').get()).toEqual({ n: 1 });
  });

  it('says so when a .zip only completes the approved content’s evidence, and the approval stands', async () => {
    const dir = tempDir('eco-approve-zip-');
    const bureau = await newBureau(dir);
    open.push(bureau.core);
    const { zip } = await unitBundle(dir, new Uint8Array([1, 2, 3, 4]));
    // The workbook alone first (its evidence not received), approved; then its .zip.
    const inner = join(dir, 'alone.xlsx');
    writeFileSync(inner, unzipSync(readFileSync(zip))[Object.keys(unzipSync(readFileSync(zip))).find((n) => n.endsWith('.xlsx'))!]!);
    await importFiles(bureau.core, [inner]);
    await bureau.core.run('submissions.approve', { unit: TOWN, period: PERIOD });
    const completed = (await importFiles(bureau.core, [zip])).files[0]!;
    expect(completed.status).toBe('updated');
    expect(completed.warnings).toContain('该单位本期的报送已于2021年10月3日审核通过（第 1 版）；此文件补齐的佐证材料不改变审核通过的填报内容，审核仍然有效');
    expect((await rowOf(bureau.core)).approved!.supersededBy).toBeNull();
  });
});

describe('审核通过 and a revised plan', () => {
  it('ends for a period whose tasks the revision changes for the unit; stands for a past period, which keeps its plan', async () => {
    const dir = tempDir('eco-approve-revision-');
    const bureau = await newBureau(dir);
    open.push(bureau.core);
    const core = bureau.core;
    const NATURAL = '区自然资源局';
    await core.run('demo.fill', { period: '2021-Q3' });
    await core.run('demo.fill', { period: '2021-Q4' });
    await core.run('submissions.approve', { unit: NATURAL, period: '2021-Q3' });
    await core.run('submissions.approve', { unit: NATURAL, period: '2021-Q4' });
    await core.run('submissions.approve', { unit: '区委组织部', period: '2021-Q4' });
    // The revision: a new task 17 for 区自然资源局.
    const p = setupPayload(core.ctx);
    p.catalog.version = 'jiyang-2024.1';
    const natural = p.catalog.units.find((u) => u.name === NATURAL)!;
    const t10 = p.catalog.tasks.find((t) => t.no === 10)!;
    p.catalog.tasks.push({ ...structuredClone(t10), no: 17, title: '推进减污降碳协同增效', indicators: [], units: [{ code: natural.code, role: 'lead' }], allTowns: false });
    const file = { name: 'rev.xlsx', dataBase64: (await writeSetupWorkbook(p, '2021-10-02T00:00:00.000Z')).toString('base64') };
    // The preview names the approvals it ends, and only those; adopting says so too.
    const ends = '采用后，以下已审核通过的报送因该单位本期负责的任务有变，回到待审核，需重新审核：区自然资源局2021年第四季度（第 1 版）';
    expect((await core.run('exchange.setupPreview', { file })).warnings).toContain(ends);
    expect((await core.run('exchange.setupImport', { file })).warnings).toContain(ends);

    const of = async (unit: string, period: string) => (await core.run('submissions.status', { period })).find((s) => s.unitName === unit)!;
    const now = await of(NATURAL, '2021-Q4');
    expect(now.approved).toMatchObject({ supersededBy: null, tasksChanged: true });
    expect(reviewState(now)).toBe('pending');
    expect(approvalText(now.approved!)).toMatch(/。此后采用的新方案改变了该单位本期的任务，待重新审核$/);
    expect(reviewText(now)).toBe('待重新审核（任务清单有变）');
    // Another unit whose tasks it leaves alone, and the past period: approved as they were.
    expect(reviewState(await of('区委组织部', '2021-Q4'))).toBe('approved');
    expect(reviewState(await of(NATURAL, '2021-Q3'))).toBe('approved');
    // Reviewed again: approved on the revised plan, the bureau's writes locked again.
    expect((await core.run('submissions.approve', { unit: NATURAL, period: '2021-Q4' })).approved).toMatchObject({ tasksChanged: false });
    expect((await refusal(core.call('reports.copyPrevious', { unit: NATURAL, period: '2021-Q4' })))[0]).toBe('approved');
  });
});

describe('审核通过 reaches the unit through the set-up file', () => {
  const adopt = (core: Core, file: { fileName: string; dataBase64: string }, name = file.fileName) =>
    core.run('exchange.setupImport', { file: { name, dataBase64: file.dataBase64 } });
  const told = async (core: Core, period = PERIOD) => (await core.run('reports.forUnit', { unit: TOWN, period })).approved;
  const infoRows = (file: { dataBase64: string }) =>
    XLSX.utils.sheet_to_json<string[]>(XLSX.read(Buffer.from(file.dataBase64, 'base64')).Sheets['说明']!, { header: 1, defval: '' });

  it('the clerk sees it, whether the paper form came and (from its own file) the note; content sent since is reviewed again; withdrawn or ended, the next file clears it', async () => {
    const { dir, bureau, unit } = await pair('eco-approve-told-');
    await bureau.core.run('submissions.approve', { unit: TOWN, period: PERIOD, note: '请于10月8日前报送纸质件' });
    // The file for every unit says it was approved and whether the paper form came, but not the note.
    const general = await bureau.core.run('exchange.setupExport', {});
    expect(inFile(general, '10月8日前')).toBe(false);
    expect(inFile(await bureau.core.run('exchange.setupExport', { unit: TOWN }), '10月8日前')).toBe(true);
    expect(infoRows(general).find((r) => r[0] === '审核')).toEqual(['审核', '1 个单位的 1 期报送已审核通过；其中 1 期区局尚未收到盖章的纸质填报表；各单位导入本文件后，在填报界面看到本单位的审核结果']);
    await adopt(unit.core, general);
    const first = { approvedAt: '2021-10-03T02:00:00.000Z', revision: 1, paper: false, paperAt: null, supersededBy: null, tasksChanged: false, heldApproved: true };
    expect(await told(unit.core)).toEqual({ ...first, note: NOTE_IN_OWN_FILE });
    expect(await told(unit.core, '2021-Q4')).toBeNull();
    // The file made for the unit gives the note; a file for every unit adopted after it keeps it.
    const own = await bureau.core.run('exchange.setupExport', { unit: TOWN });
    expect(infoRows(own).find((r) => r[0] === '审核')?.[1]).toBe('本单位有 1 期报送已审核通过；其中 1 期区局尚未收到盖章的纸质填报表；导入本文件后，在填报界面看到审核结果');
    await adopt(unit.core, own);
    expect(await told(unit.core)).toEqual({ ...first, note: '请于10月8日前报送纸质件' });
    await adopt(unit.core, general, 'general-again.xlsx');
    expect((await told(unit.core))?.note).toBe('请于10月8日前报送纸质件');
    // Its status and its own 工作台账 say it.
    expect(reviewState((await unit.core.run('submissions.status', { period: PERIOD })).find((s) => s.unitName === TOWN)!)).toBe('approved');
    const ledger = await unit.core.run('exchange.ledgerExport', { year: 2021 });
    const rows = XLSX.utils.sheet_to_json<string[]>(XLSX.read(Buffer.from(ledger.dataBase64, 'base64')).Sheets['报送台账']!, { header: 1, defval: '' });
    expect(rows.find((r) => r[0] === TOWN)?.join('|')).toContain('审核通过');

    // The paper form comes: the next file says so.
    await bureau.core.run('submissions.recordPaper', { unit: TOWN, period: PERIOD });
    await adopt(unit.core, await bureau.core.run('exchange.setupExport', {}), 'paper.xlsx');
    expect(await told(unit.core)).toMatchObject({ paper: true, paperAt: '2021-10-03T02:00:00.000Z', note: '请于10月8日前报送纸质件' });

    // A file of an earlier version of the app (no approvals in it) leaves what the unit was told.
    const older = setupPayload(bureau.core.ctx);
    delete older.approvals;
    const olderPath = join(dir, 'older-app.xlsx');
    writeFileSync(olderPath, await writeSetupWorkbook(older, '2021-10-03T03:00:00.000Z'));
    await adopt(unit.core, { fileName: 'older-app.xlsx', dataBase64: readFileSync(olderPath).toString('base64') });
    expect(await told(unit.core)).toMatchObject({ revision: 1, paper: true });

    // Withdrawn: the next file no longer carries it, and the unit's record of it goes.
    await bureau.core.run('submissions.withdrawApproval', { unit: TOWN, period: PERIOD });
    await adopt(unit.core, await bureau.core.run('exchange.setupExport', {}), 'withdrawn.xlsx');
    expect(await told(unit.core)).toBeNull();

    // Approved again; the clerk then changes and exports: to be reviewed again, on the unit's side at once.
    await bureau.core.run('submissions.approve', { unit: TOWN, period: PERIOD, paper: true });
    await adopt(unit.core, await bureau.core.run('exchange.setupExport', {}), 'again.xlsx');
    expect(await told(unit.core)).toMatchObject({ revision: 1, supersededBy: null });
    const task = (await unit.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks[0]!.task;
    await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task, report: { status: '正常推进', percent: 60, progress: '又有进展' } });
    const second = await exportTo(unit.core, dir, TOWN, PERIOD, 'second.xlsx');
    expect(await told(unit.core)).toMatchObject({ revision: 1, supersededBy: 2 });
    expect(reviewState((await unit.core.run('submissions.status', { period: PERIOD })).find((s) => s.unitName === TOWN)!)).toBe('pending');
    // The bureau imports it: its approval ends, and its next file clears the unit's.
    await importFiles(bureau.core, [second]);
    await adopt(unit.core, await bureau.core.run('exchange.setupExport', {}), 'ended.xlsx');
    expect(await told(unit.core)).toBeNull();
  });

  it('on the unit’s side an export numbered above the revision approved ends it, made before the unit learnt of it or after; a re-approval does not hide it', async () => {
    const { dir, bureau, unit } = await pair('eco-approve-told-before-');
    // The clerk corrects and exports 第 2 版, not yet sent, while the bureau approves 第 1 版.
    const task = (await unit.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks[0]!.task;
    await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task, report: { status: '正常推进', percent: 70, progress: '更正后的进展' } });
    const second = await exportTo(unit.core, dir, TOWN, PERIOD, 'second.xlsx');
    await bureau.core.run('submissions.approve', { unit: TOWN, period: PERIOD });
    await adopt(unit.core, await bureau.core.run('exchange.setupExport', {}));
    expect(await told(unit.core)).toMatchObject({ revision: 1, supersededBy: 2, heldApproved: false });
    expect(reviewState((await unit.core.run('submissions.status', { period: PERIOD })).find((s) => s.unitName === TOWN)!)).toBe('pending');
    // Withdrawn and approved again (a new note): still not what this computer holds.
    await bureau.core.run('submissions.withdrawApproval', { unit: TOWN, period: PERIOD });
    await bureau.core.run('submissions.approve', { unit: TOWN, period: PERIOD, note: '重新审核' });
    await adopt(unit.core, await bureau.core.run('exchange.setupExport', {}), 'again.xlsx');
    expect(await told(unit.core)).toMatchObject({ revision: 1, supersededBy: 2 });
    // The bureau has 第 2 版 and approves it: approved on the unit's side too.
    await importFiles(bureau.core, [second]);
    await bureau.core.run('submissions.approve', { unit: TOWN, period: PERIOD });
    await adopt(unit.core, await bureau.core.run('exchange.setupExport', {}), 'third.xlsx');
    expect(await told(unit.core)).toMatchObject({ revision: 2, supersededBy: null, heldApproved: true });
  });

  it('the bureau approved the unit’s file edited by hand: approved on the unit’s side, which is told not to print its own content; a later export ends it', async () => {
    const dir = tempDir('eco-approve-told-edited-');
    const { bureau, unit } = await editedPair(dir);
    open.push(bureau.core, unit.core);
    await bureau.core.run('submissions.approve', { unit: TOWN, period: PERIOD });
    const setup = await bureau.core.run('exchange.setupExport', {});
    await adopt(unit.core, setup);
    // The unit's export is of the revision approved, its content not the content approved.
    const seen = (await told(unit.core))!;
    expect(seen).toMatchObject({ revision: 1, supersededBy: null, heldApproved: false });
    expect(clerkApprovalNote(seen, '2021年第三季度', false).description).toContain('本机的填报内容不是区局审核通过的第 1 版（可能是导出后经手工修改的文件，或本机尚未导出），请勿按本机内容打印');
    // An export after it, even of the same content, is not what the bureau approved.
    await exportTo(unit.core, dir, TOWN, PERIOD, 'after.xlsx');
    expect(await told(unit.core)).toMatchObject({ revision: 1, supersededBy: 2 });
    await adopt(unit.core, setup, 'again.xlsx');
    expect(await told(unit.core)).toMatchObject({ revision: 1, supersededBy: 2 });

    // A database set up afresh from that file (a new computer, nothing exported): approved as told, nothing here to print.
    const fresh = await Core.open(join(dir, 'fresh.db'), { create: true, now: () => FIXED_NOW });
    open.push(fresh);
    await fresh.run('exchange.setupImport', { file: { name: setup.fileName, dataBase64: setup.dataBase64 }, unit: TOWN });
    expect(await told(fresh)).toMatchObject({ revision: 1, supersededBy: null, paper: false, heldApproved: false });
    // Its 工作台账 says it too, though nothing is exported here yet.
    const ledger = await fresh.run('exchange.ledgerExport', { year: 2021 });
    const rows = XLSX.utils.sheet_to_json<string[]>(XLSX.read(Buffer.from(ledger.dataBase64, 'base64')).Sheets['报送台账']!, { header: 1, defval: '' });
    expect(rows.find((r) => r[0] === TOWN)).toContain('未到截止日期，区局已审核通过第 1 版');
    // A bureau's own approvals are its own: a revised plan the bureau loads, whatever approvals it carries, says nothing of them.
    const p = setupPayload(bureau.core.ctx);
    p.approvals = [{ ...p.approvals![0]!, period: '2021-Q2', note: '文件中的审核' }];
    p.catalog.version = 'jiyang-2021.2';
    const before = bureau.core.ctx.store.db.prepare('SELECT * FROM approvals').all();
    await bureau.core.run('exchange.setupImport', { file: { name: 'rev.xlsx', dataBase64: (await writeSetupWorkbook(p, '2021-10-02T00:00:00.000Z')).toString('base64') } });
    expect(bureau.core.ctx.store.db.prepare('SELECT * FROM approvals').all()).toEqual(before);
  });

  it('travels for this year and the last, of units still reporting, of the period kind in use', async () => {
    const dir = tempDir('eco-approve-travels-');
    const bureau = await newBureau(dir);
    open.push(bureau.core);
    const core = bureau.core;
    // A database in use before there was a 起报周期 (migration 025): every period owed, those of 2019 and 2020 too.
    core.ctx.store.meta.set('owed_from', '0000-01-01');
    for (const period of ['2020-Q1', '2019-Q4', PERIOD]) await core.run('demo.fill', { period });
    for (const period of ['2020-Q1', '2019-Q4', PERIOD]) await core.run('submissions.approve', { unit: '区委组织部', period });
    await core.run('submissions.approve', { unit: '区自然资源局', period: PERIOD });
    const natural = core.ctx.store.units.list().find((u) => u.name === '区自然资源局')!;
    await core.run('units.save', { code: natural.code, name: natural.name, kind: natural.kind, active: false });
    const travels = setupPayload(core.ctx).approvals!.map((a) => `${core.ctx.store.units.byCode(a.unit)!.name}/${a.period}`);
    expect(travels.sort()).toEqual(['区委组织部/2020-Q1', '区委组织部/2021-Q3']);

    // A unit's database takes its own of the period kind in use only.
    const unit = await newUnit(dir, '区委组织部');
    open.push(unit.core);
    const p = setupPayload(core.ctx);
    const mine = p.approvals!.find((a) => a.period === PERIOD)!;
    p.approvals = [...p.approvals!, { ...mine, period: '2021-H2' }];
    await unit.core.run('exchange.setupImport', { file: { name: 'kinds.xlsx', dataBase64: (await writeSetupWorkbook(p, '2021-10-03T02:00:00.000Z')).toString('base64') } });
    expect(unit.core.ctx.store.db.prepare('SELECT period FROM approvals ORDER BY period').all()).toEqual([{ period: '2020-Q1' }, { period: '2021-Q3' }]);
  });

  it('a unit’s status on the command line says the approval it was told of', async () => {
    const { dir, bureau, unit } = await pair('eco-approve-told-cli-');
    await bureau.core.run('submissions.approve', { unit: TOWN, period: PERIOD, paper: true });
    const setup = await bureau.core.run('exchange.setupExport', {});
    await adopt(unit.core, setup);
    // A new computer set up from the same file, nothing exported there yet.
    const fresh = await Core.open(join(dir, 'fresh.db'), { create: true, now: () => FIXED_NOW });
    await fresh.run('exchange.setupImport', { file: { name: setup.fileName, dataBase64: setup.dataBase64 }, unit: TOWN });
    fresh.close();
    bureau.core.close();
    unit.core.close();
    const status = await cli(['status', '--db', unit.path, '--period', PERIOD]);
    expect(status.stdout.split('\n').find((l) => l.startsWith(TOWN))).toBe(`${TOWN}\t按时\t报送 2021年10月3日 10:00\t已填 1/2\t2021年10月3日 10:00 审核通过（第 1 版），已收到盖章的纸质填报表`);
    const onFresh = await cli(['status', '--db', join(dir, 'fresh.db'), '--period', PERIOD]);
    // (Nothing sent from it before the deadline: not yet due, not 未报; and only its own unit listed.)
    expect(onFresh.stdout.split('\n').find((l) => l.startsWith(TOWN))).toBe(`${TOWN}\t未到截止日期\t\t已填 0/2\t区局于2021年10月3日 10:00 审核通过（第 1 版），已收到盖章的纸质填报表`);
    expect(onFresh.stdout.trim().split('\n')).toHaveLength(2);
  });
});

describe('审核通过 on the clerk’s desk, in words', () => {
  const base: ApprovalView = { approvedAt: '2021-10-03T02:00:00.000Z', revision: 3, paper: false, paperAt: null, note: '', supersededBy: null, tasksChanged: false, heldApproved: true };
  const note = (a: Partial<ApprovalView>, closed = false) => clerkApprovalNote({ ...base, ...a }, '2021年第三季度', closed);

  it('says when, the paper form still owed and how to make it, the note; a closed period takes no file sent again', () => {
    expect(note({ note: ' 纸质件请于10月8日前报送。 ' })).toEqual({
      type: 'success',
      title: '区局已审核通过本单位2021年第三季度的报送（第 3 版）',
      description:
        '2021年10月3日 10:00 审核通过。区局尚未收到盖章的纸质填报表：请打印本期填报表，经单位负责人签字、加盖公章后报送区局。审核备注：纸质件请于10月8日前报送。如再修改本期内容并重新报送，需由区局重新审核。',
    });
    // The paper form recorded at 07:30 on 8 October, China time (23:30 the day before in UTC).
    expect(note({ paper: true, paperAt: '2021-10-07T23:30:00.000Z', note: NOTE_IN_OWN_FILE }, true).description).toBe(
      '2021年10月3日 10:00 审核通过。区局已于2021年10月8日收到盖章的纸质填报表。审核备注：见区局发给本单位的设置文件，或向区局询问。',
    );
    expect(note({ heldApproved: false }).description).toContain('本机的填报内容不是区局审核通过的第 3 版（可能是导出后经手工修改的文件，或本机尚未导出），请勿按本机内容打印：请区局打印第 3 版单位填报表');
  });

  it('once other content is exported, the bureau reviews it again: sent in an open period, asked for in a closed one', () => {
    expect(note({ supersededBy: 4 })).toEqual({
      type: 'info',
      title: '区局曾审核通过本单位2021年第三季度的报送（第 3 版）',
      description: '本单位此后导出了内容不同的第 4 版。请将新导出的报送文件发送给区局，由区局重新审核。',
    });
    expect(note({ supersededBy: 4 }, true).description).toBe('本单位此后导出了内容不同的第 4 版。本期已关闭，区局不再接收本期的报送文件；如需区局重新审核，请与区局联系。');
    expect(note({ tasksChanged: true }).description).toBe('此后修订的任务清单改变了本单位本期负责的任务，本期报送需由区局重新审核。');
  });
});

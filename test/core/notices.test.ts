/**
 * 督办管理 (migration 019): the bureau picks the matters to issue a 督办单 for, issues them (numbered in the year's
 * sequence, dated, with a 办理时限 and 督办要求), prints them as issued, and follows them up in the 督办台账.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/service';
import { NOTICE_TEXT_IN_OWN_FILE, setupPayload, writeSetupWorkbook } from '../../electron/core/exchange/setup-workbook';
import { DEFAULT_DEMANDS, noticeNowText } from '../../shared/notice';
import { cli, dumpDb, tempDir } from '../helpers/db';

const PERIOD = '2021-Q3'; // deadline 2021年10月5日
const open: Core[] = [];
afterAll(() => {
  for (const c of open) c.close();
});

const LAGGING = { status: '进度滞后', percent: 20, progress: '已启动', problems: '资金未到位', next: '协调资金', indicators: {} } as const;
const NORMAL = { status: '正常推进', percent: 60, progress: '按计划推进', problems: '', next: '继续推进', indicators: {} } as const;

/**
 * A bureau whose clock can be moved, on 2021年10月8日, after the third quarter's deadline: 区住房和城乡建设局 lags
 * on its first task and is on course on its second, 区委组织部 lags on its one task (their paper forms typed in and
 * registered as received on the deadline); every other unit sent nothing.
 */
async function bureau(): Promise<{ core: Core; path: string; setNow: (iso: string) => void }> {
  let now = new Date('2021-10-08T02:00:00Z');
  const path = join(tempDir('eco-notices-'), 'bureau.db');
  const core = await Core.open(path, { create: true, now: () => now });
  open.push(core);
  // Owed from the year's first quarter: a task lagging since 2021-Q1.
  await core.run('app.init', { role: 'bureau', firstPeriod: '2021-Q1' });
  for (const unit of ['区委组织部', '区住房和城乡建设局']) {
    const tasks = (await core.run('reports.forUnit', { unit, period: PERIOD })).tasks.map((t) => t.task);
    await core.run('reports.save', { unit, period: PERIOD, task: tasks[0]!, report: LAGGING });
    if (tasks[1] !== undefined) await core.run('reports.save', { unit, period: PERIOD, task: tasks[1], report: NORMAL });
    await core.run('submissions.enter', { unit, period: PERIOD, on: '2021-10-05' });
  }
  return { core, path, setNow: (iso) => (now = new Date(iso)) };
}

/** The numbers printed on the notices (the body: a single notice's document title carries its number too). */
const numbersIn = (html: string): string[] => [...html.slice(html.indexOf('<body')).matchAll(/济阳生态督〔(\d{4})〕(\d+)号/g)].map((m) => `${m[1]}-${m[2]}`);
const drafts = (html: string): number => html.split('号（草稿，签发时编号）').length - 1;

describe('督办管理', () => {
  it('lists the matters: each lagging task of a unit, and one matter for all the tasks a unit left unreported; a draft issues nothing', async () => {
    const { core, path } = await bureau();
    const { lagging } = await core.run('summary.get', { period: PERIOD });
    const candidates = await core.run('notices.candidates', { period: PERIOD });
    const lag = lagging.filter((l) => l.reason === 'lagging');
    const missingUnits = new Set(lagging.filter((l) => l.reason === 'missing').map((l) => l.unit));
    expect(lag.length).toBeGreaterThan(0);
    expect(missingUnits.size).toBeGreaterThan(0);
    expect(candidates.filter((c) => c.reason === 'lagging').map((c) => [c.unit, c.tasks.map((t) => t.no)])).toEqual(lag.map((l) => [l.unit, [l.task]]));
    const missing = candidates.filter((c) => c.reason === 'missing');
    expect(missing.map((c) => c.unit).sort()).toEqual([...missingUnits].sort());
    for (const c of missing) expect(c.tasks.map((t) => t.no)).toEqual(lagging.filter((l) => l.reason === 'missing' && l.unit === c.unit).map((l) => l.task).sort((a, b) => a - b));
    expect(candidates.every((c) => c.issued === null)).toBe(true);
    expect(candidates.filter((c) => c.reason === 'lagging').every((c) => c.streak === 1)).toBe(true);

    // A draft shows every matter unnumbered and writes nothing; printing before any is issued says so.
    const before = dumpDb(path);
    const draft = (await core.run('forms.render', { form: 'notice', period: PERIOD, draft: true })).html;
    expect(drafts(draft)).toBe(candidates.length);
    expect(numbersIn(draft)).toEqual([]);
    // A draft cannot pass for one issued: marked at its head, no date to stamp under.
    expect(draft.split('<div class="draft-mark">草稿</div>').length - 1).toBe(candidates.length);
    expect(draft.split('（签发后编号、填写日期并加盖印章）').length - 1).toBe(candidates.length);
    const none = await core.run('forms.render', { form: 'notice', period: PERIOD });
    expect(none.html).toContain('尚未签发督办单（或已签发的都已作废）。请在“督办管理”中选择要督办的事项签发后再打印。');
    expect(dumpDb(path)).toEqual(before);
  });

  it('issues the matters picked, numbered in the year’s sequence; prints them as issued, whatever changes after; refuses a matter issued already or no longer lagging, issuing nothing', async () => {
    const { core, path, setNow } = await bureau();
    const candidates = await core.run('notices.candidates', { period: PERIOD });
    // 区住房和城乡建设局 first: its second task is on course (区委组织部 has one task).
    const lag = candidates.filter((c) => c.reason === 'lagging').sort((a) => (a.unitName === '区住房和城乡建设局' ? -1 : 1));
    expect(lag.map((c) => c.unitName)).toEqual(['区住房和城乡建设局', '区委组织部']);
    const miss = candidates.find((c) => c.reason === 'missing' && c.tasks.length > 1)!;
    expect(miss).toBeDefined();
    const issued = await core.run('notices.issue', {
      period: PERIOD,
      items: [{ unit: lag[0]!.unit, task: lag[0]!.tasks[0]!.no }, { unit: miss.unit }],
      dueOn: '2021-10-18',
      demand: { lagging: '请于十日内报送整改方案。' },
    });
    expect(issued.map((n) => [n.number, n.issuedOn, n.dueOn, n.state])).toEqual([
      ['济阳生态督〔2021〕1号', '2021-10-08', '2021-10-18', 'pending'],
      ['济阳生态督〔2021〕2号', '2021-10-08', '2021-10-18', 'pending'],
    ]);
    expect(issued[0]).toMatchObject({ demand: '请于十日内报送整改方案。', matter: expect.stringContaining(`第 ${lag[0]!.tasks[0]!.no} 项重点任务“`) });
    // The unit that sent nothing gets one notice for all its tasks, with the default demand.
    expect(issued[1]).toMatchObject({
      reason: 'missing',
      tasks: miss.tasks,
      matter: `2021年第三季度第 ${miss.tasks.map((t) => t.no).join('、')} 项重点任务${miss.tasks.map((t) => `“${t.title}”`).join('、')}逾期未报送工作进展（共 ${miss.tasks.length} 项）`,
      problems: '截至报送截止日期（2021年10月5日），未报送本期工作进展情况。',
      demand: '请立即补报本期工作进展情况，说明逾期原因，并明确专人负责按期报送。',
      now: '仍未报送',
    });
    const candidatesAfter = await core.run('notices.candidates', { period: PERIOD });
    expect(candidatesAfter.filter((c) => c.issued).map((c) => c.issued!.number).sort()).toEqual(['济阳生态督〔2021〕1号', '济阳生态督〔2021〕2号']);

    // Printed: the two issued, as issued.
    const printed = (await core.run('forms.render', { form: 'notice', period: PERIOD })).html;
    expect(numbersIn(printed)).toEqual(['2021-1', '2021-2']);
    expect(printed).toContain('请于2021年10月18日前办结并反馈');
    expect(printed).toContain('请于十日内报送整改方案。');
    expect(printed).toContain('办公室<br>2021年10月8日');
    // The draft shows the issued ones numbered and the rest as drafts.
    const draft = (await core.run('forms.render', { form: 'notice', period: PERIOD, draft: true })).html;
    expect(numbersIn(draft).sort()).toEqual(['2021-1', '2021-2']);
    expect(drafts(draft)).toBe(candidates.length - 2);

    // Days later the unit states other problems and the deadline is moved: the notice printed again is the same document.
    setNow('2021-10-20T02:00:00Z');
    const task = lag[0]!.tasks[0]!.no;
    await core.run('reports.save', { unit: lag[0]!.unit, period: PERIOD, task, report: { ...LAGGING, problems: '后来改写的问题' } });
    await core.run('periods.setDeadline', { period: PERIOD, deadline: '2021-10-09' });
    const again = await core.run('forms.render', { form: 'notice', period: PERIOD, notices: [issued[0]!.id] });
    expect(numbersIn(again.html)).toEqual(['2021-1']);
    // Its PDF's title is its number too.
    expect(again.html).toContain('<title>督办单（济阳生态督〔2021〕1号）</title>');
    expect(again.html).not.toContain('后来改写的问题');
    expect(again.html).toContain('办公室<br>2021年10月8日');
    expect((await core.run('forms.render', { form: 'notice', period: PERIOD, notices: [issued[1]!.id] })).html).toContain('2021年10月5日），未报送');

    // Refused as a whole, with every reason, nothing written: issued already, not lagging, picked twice.
    const before = dumpDb(path);
    const notLagging = (await core.run('reports.forUnit', { unit: lag[0]!.unit, period: PERIOD })).tasks.find((t) => t.report && t.report.status !== '进度滞后')!;
    const refused = await core.call('notices.issue', {
      period: PERIOD,
      items: [{ unit: lag[0]!.unit, task }, { unit: lag[0]!.unit, task: notLagging.task }, { unit: lag[1]!.unit, task: lag[1]!.tasks[0]!.no }, { unit: lag[1]!.unit, task: lag[1]!.tasks[0]!.no }],
    });
    expect(refused.ok ? null : refused.error.message).toBe(
      `没有签发：“${lag[0]!.unitName}”第 ${task} 项任务已签发督办单（济阳生态督〔2021〕1号）；“${lag[0]!.unitName}”2021年第三季度第 ${notLagging.task} 项任务不是进度滞后，无需督办；“${lag[1]!.unitName}”第 ${lag[1]!.tasks[0]!.no} 项任务选了两次`,
    );
    // A 办理时限 not after today is refused too.
    const past = await core.call('notices.issue', { period: PERIOD, items: [{ unit: lag[1]!.unit, task: lag[1]!.tasks[0]!.no }], dueOn: '2021-10-20' });
    expect(past.ok ? null : past.error.message).toBe('办理时限 2021年10月20日 应晚于今天（2021年10月20日）');
    expect(dumpDb(path)).toEqual(before);
    // The next one issued takes number 3, dated the day it is issued, 15 days to answer by default.
    const third = await core.run('notices.issue', { period: PERIOD, items: [{ unit: lag[1]!.unit, task: lag[1]!.tasks[0]!.no }] });
    expect(third.map((n) => [n.number, n.issuedOn, n.dueOn])).toEqual([['济阳生态督〔2021〕3号', '2021-10-20', '2021-11-04']]);
    // A notice of another period cannot be printed under this one.
    const wrong = await core.call('forms.render', { form: 'notice', period: '2021-Q2', notices: [third[0]!.id] });
    expect(wrong.ok ? null : wrong.error.code).toBe('not_found');
  });

  it('the 督办台账: pending, then overdue past its 办理时限, answered when the answer is recorded; the matter now beside it', async () => {
    const { core, setNow } = await bureau();
    const lag = (await core.run('notices.candidates', { period: PERIOD })).find((c) => c.reason === 'lagging')!;
    const [n] = await core.run('notices.issue', { period: PERIOD, items: [{ unit: lag.unit, task: lag.tasks[0]!.no }] });
    expect(n).toMatchObject({ state: 'pending', now: '仍为进度滞后', settled: false, dueOn: '2021-10-23' });
    setNow('2021-10-24T02:00:00Z');
    expect((await core.run('notices.list', { period: PERIOD }))[0]).toMatchObject({ state: 'overdue' });
    // The unit catches up: the matter is settled, the notice still unanswered.
    await core.run('reports.save', { unit: lag.unit, period: PERIOD, task: lag.tasks[0]!.no, report: NORMAL });
    expect((await core.run('notices.list', {}))[0]).toMatchObject({ state: 'overdue', now: '已改为“正常推进”', settled: true });
    // Answers: not before the notice's date, not in the future; then recorded, and taken back.
    for (const [on, said] of [['2021-10-07', '早于督办单 济阳生态督〔2021〕1号 的签发日期（2021年10月8日）'], ['2021-10-25', '还没有到']] as const) {
      const bad = await core.call('notices.answer', { id: n!.id, on });
      expect(bad.ok ? null : bad.error.message).toContain(said);
    }
    const answered = await core.run('notices.answer', { id: n!.id, on: '2021-10-22', note: '书面整改报告已收到' });
    expect(answered).toMatchObject({ state: 'answered', answeredOn: '2021-10-22', answerNote: '书面整改报告已收到' });
    const cleared = await core.run('notices.answer', { id: n!.id, on: null });
    expect(cleared).toMatchObject({ state: 'overdue', answeredOn: null, answerNote: '' });
    const twice = await core.call('notices.answer', { id: n!.id, on: null });
    expect(twice.ok ? null : twice.error.message).toBe('督办单 济阳生态督〔2021〕1号 还没有登记反馈，无需撤销');
    // A unit's database has no 督办.
    const unitCore = await Core.open(join(tempDir('eco-notices-unit-'), 'unit.db'), { create: true, now: () => new Date('2021-10-08T02:00:00Z') });
    open.push(unitCore);
    await unitCore.run('app.init', { role: 'unit', unit: '区委组织部' });
    const refused = await unitCore.call('notices.candidates', { period: PERIOD });
    expect(refused.ok ? null : refused.error.code).toBe('bureau_only');
  });

  it('keeps what it said: a long 存在问题 in full, the unit’s name the day it was issued; printable after the period kind changed', async () => {
    const { core, setNow } = await bureau();
    const lag = (await core.run('notices.candidates', { period: PERIOD })).find((c) => c.reason === 'lagging' && c.unitName === '区委组织部')!;
    const task = lag.tasks[0]!.no;
    // The longest 存在问题 a report may hold.
    const long = '资'.repeat(8000);
    await core.run('reports.save', { unit: '区委组织部', period: PERIOD, task, report: { ...LAGGING, problems: long } });
    const [n] = await core.run('notices.issue', { period: PERIOD, items: [{ unit: '区委组织部', task }] });
    expect(n!.problems).toBe(long);
    // Renamed afterwards (机构改革): the notice sent keeps the name it was addressed to.
    setNow('2021-10-09T02:00:00Z');
    const org = (await core.run('units.list', {})).find((u) => u.name === '区委组织部')!;
    await core.run('units.save', { code: org.code, name: '中共济阳区委组织部', kind: 'department' });
    expect((await core.run('notices.list', {}))[0]!.unitName).toBe('区委组织部');
    // One issued after the rename is addressed to the name of that day, though the period knew the old one.
    const other = (await core.run('notices.candidates', { period: PERIOD })).find((c) => c.reason === 'missing')!;
    const [second] = await core.run('notices.issue', { period: PERIOD, items: [{ unit: other.unit }] });
    expect(second!.unitName).toBe(other.unitName);
    // The period kind changed to months: the quarter's notices are still listed and printed.
    await core.run('periods.setKind', { kind: 'month' });
    expect((await core.run('notices.list', { period: PERIOD })).map((x) => x.number)).toEqual(['济阳生态督〔2021〕1号', '济阳生态督〔2021〕2号']);
    const printed = await core.run('forms.render', { form: 'notice', period: PERIOD, notices: [n!.id] });
    expect(printed.title).toBe('督办单（济阳生态督〔2021〕1号）');
    expect(printed.html).toContain('区委组织部');
  });

  it('作废: with a reason; the number stays used, the matter may be issued again; a voided notice is neither answered nor printed', async () => {
    const { core, path } = await bureau();
    const lag = (await core.run('notices.candidates', { period: PERIOD })).find((c) => c.reason === 'lagging')!;
    const item = { unit: lag.unit, task: lag.tasks[0]!.no };
    const [first] = await core.run('notices.issue', { period: PERIOD, items: [item] });
    const voided = await core.run('notices.void', { id: first!.id, reason: '督办要求有误，重新签发' });
    expect(voided).toMatchObject({ state: 'voided', voidedOn: '2021-10-08', voidReason: '督办要求有误，重新签发' });
    const [again] = await core.run('notices.issue', { period: PERIOD, items: [item] });
    expect(again!.number).toBe('济阳生态督〔2021〕2号');
    // The period's notices printed: the standing one only; the voided one by itself is refused, as are its answer and a second voiding.
    expect(numbersIn((await core.run('forms.render', { form: 'notice', period: PERIOD })).html)).toEqual(['2021-2']);
    const before = dumpDb(path);
    for (const [call, said] of [
      [core.call('forms.render', { form: 'notice', period: PERIOD, notices: [first!.id] }), '济阳生态督〔2021〕1号 已作废，不再打印'],
      [core.call('notices.answer', { id: first!.id, on: '2021-10-08' }), '督办单 济阳生态督〔2021〕1号 已作废，不再登记反馈'],
      [core.call('notices.void', { id: first!.id, reason: '再次作废' }), '督办单 济阳生态督〔2021〕1号 已于2021年10月8日作废'],
    ] as const) {
      const r = await call;
      expect(r.ok ? null : r.error.message).toBe(said);
    }
    expect(dumpDb(path)).toEqual(before);
    // Once answered, a notice is not voided.
    await core.run('notices.answer', { id: again!.id, on: '2021-10-08' });
    const answered = await core.call('notices.void', { id: again!.id, reason: '误发' });
    expect(answered.ok ? null : answered.error.message).toBe('督办单 济阳生态督〔2021〕2号 已登记反馈，不能作废；如确需作废，请先撤销反馈');
  });

  it('a deadline moved later past the day a 逾期未报送 notice was issued names it (to be voided); a lagging one, a voided one, or one issued after it, not', async () => {
    const { core, setNow } = await bureau();
    const candidates = await core.run('notices.candidates', { period: PERIOD });
    const missing = candidates.filter((c) => c.reason === 'missing');
    const lag = candidates.find((c) => c.reason === 'lagging')!;
    const [one, two, lagging] = await core.run('notices.issue', { period: PERIOD, items: [{ unit: missing[0]!.unit }, { unit: missing[1]!.unit }, { unit: lag.unit, task: lag.tasks[0]!.no }] });
    await core.run('notices.void', { id: two!.id, reason: '误发' });
    setNow('2021-10-12T02:00:00Z');
    const [late] = await core.run('notices.issue', { period: PERIOD, items: [{ unit: missing[2]!.unit }] });
    // Moved to 10 October: only the first was issued (8 October) before it and stands.
    const moved = await core.run('periods.setDeadline', { period: PERIOD, deadline: '2021-10-10' });
    expect(moved.missingNotices).toEqual([`${one!.number}（${missing[0]!.unitName}）`]);
    expect([lagging!.number, late!.number]).toEqual(['济阳生态督〔2021〕3号', '济阳生态督〔2021〕4号']);
    // The ledger's 现状 says so of that one, not of the one issued after the new deadline.
    const nowOf = async (id: string) => noticeNowText((await core.run('notices.list', { period: PERIOD })).find((n) => n.id === id)!);
    expect(await nowOf(one!.id)).toBe('截止日期已改为2021年10月10日，仍未报送');
    expect(await nowOf(late!.id)).toBe('仍未报送');
    // Earlier again: nothing said.
    expect((await core.run('periods.setDeadline', { period: PERIOD, deadline: '2021-10-06' })).missingNotices).toEqual([]);
  });

  it('says why a matter cannot be issued: a deactivated unit, a task it does not hold, a task not reported (by unit), before the deadline', async () => {
    const { core, setNow } = await bureau();
    const units = await core.run('units.list', {});
    const org = units.find((u) => u.name === '区委组织部')!;
    const orgTask = (await core.run('reports.forUnit', { unit: org.code, period: PERIOD })).tasks[0]!.task;
    const town = (await core.run('notices.candidates', { period: PERIOD })).find((c) => c.reason === 'missing')!;
    const refused = async (items: { unit: string; task?: number }[]): Promise<string> => {
      const r = await core.call('notices.issue', { period: PERIOD, items });
      return r.ok ? '' : r.error.message;
    };
    expect(await refused([{ unit: town.unit, task: town.tasks[0]!.no }])).toBe(`没有签发：“${town.unitName}”第 ${town.tasks[0]!.no} 项任务逾期未报送：逾期未报送按单位签发（不指定任务）`);
    expect(await refused([{ unit: org.code, task: 99 }])).toBe(`没有签发：“区委组织部”不负责2021年第三季度第 99 项任务`);
    await core.run('units.save', { code: org.code, name: org.name, kind: 'department', active: false });
    expect(await refused([{ unit: org.code, task: orgTask }])).toBe('没有签发：“区委组织部”已停用，不发督办单');
    // Before the deadline nothing is overdue yet.
    setNow('2021-10-03T02:00:00Z');
    expect(await refused([{ unit: town.unit }])).toBe('没有签发：2021年第三季度的报送截止日期（2021年10月5日）过后，才能督办逾期未报送');
  });

  it('a task lagging several periods in a row says so', async () => {
    const { core } = await bureau();
    const lag = (await core.run('notices.candidates', { period: PERIOD })).find((c) => c.reason === 'lagging')!;
    const task = lag.tasks[0]!.no;
    const streak = async (): Promise<number> => (await core.run('notices.candidates', { period: PERIOD })).find((c) => c.reason === 'lagging' && c.unit === lag.unit && c.tasks[0]!.no === task)!.streak;
    for (const p of ['2021-Q1', '2021-Q2']) await core.run('reports.save', { unit: lag.unit, period: p, task, report: LAGGING });
    // Typed in at the bureau and not registered as received: not the unit's report yet.
    expect(await streak()).toBe(1);
    for (const [p, on] of [['2021-Q1', '2021-04-02'], ['2021-Q2', '2021-07-02']] as const) await core.run('submissions.enter', { unit: lag.unit, period: p, on });
    expect(await streak()).toBe(3);
  });

  it('a unit’s desk learns of its notices from the set-up file: the file for every unit the matter and 办理时限, the unit’s own the whole notice; answers and voids follow', async () => {
    const { core } = await bureau();
    const candidates = await core.run('notices.candidates', { period: PERIOD });
    const lag = candidates.find((c) => c.reason === 'lagging' && c.unitName === '区委组织部')!;
    const other = candidates.find((c) => c.reason === 'missing')!;
    const [mine, theirs] = await core.run('notices.issue', { period: PERIOD, items: [{ unit: lag.unit, task: lag.tasks[0]!.no }, { unit: other.unit }] });
    const unit = await Core.open(join(tempDir('eco-notices-desk-'), 'unit.db'), { create: true, now: () => new Date('2021-10-09T02:00:00Z') });
    open.push(unit);
    await unit.run('app.init', { role: 'unit', unit: '区委组织部' });
    await unit.run('reports.save', { unit: '区委组织部', period: PERIOD, task: lag.tasks[0]!.no, report: LAGGING });
    expect(await unit.run('notices.list', {})).toEqual([]);
    const adopt = async (forUnit?: string): Promise<string[]> => {
      const file = await core.run('exchange.setupExport', forUnit ? { unit: forUnit } : {});
      return (await unit.run('exchange.setupImport', { file: { name: file.fileName, dataBase64: file.dataBase64 } })).told ?? [];
    };

    // The file for every unit: every unit's notices, their texts withheld.
    const general = setupPayload(core.ctx).notices!;
    expect(general.map((n) => [n.unit, n.seq])).toEqual([[lag.unit, 1], [other.unit, 2]]);
    expect(general.every((n) => n.problems === NOTICE_TEXT_IN_OWN_FILE && n.demand === NOTICE_TEXT_IN_OWN_FILE)).toBe(true);
    expect(general[0]!.matter).toBe(mine!.matter);
    await adopt();
    const told = await unit.run('notices.list', {});
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ id: mine!.id, number: '济阳生态督〔2021〕1号', matter: mine!.matter, dueOn: mine!.dueOn, state: 'pending', problems: NOTICE_TEXT_IN_OWN_FILE, now: '仍为进度滞后' });
    // The unit may see its own notice, as issued, and nothing else of the kind.
    const shown = await unit.run('forms.render', { form: 'notice', period: PERIOD, notices: [mine!.id] });
    expect(shown.html).toContain('济阳生态督〔2021〕1号');
    const notMine = await unit.call('forms.render', { form: 'notice', period: PERIOD, notices: [theirs!.id] });
    expect(notMine.ok ? null : notMine.error.code).toBe('not_found');
    const all = await unit.call('forms.render', { form: 'notice', period: PERIOD });
    expect(all.ok ? null : all.error.code).toBe('bureau_only');

    // Its own file: the whole notice; a file for every unit after it keeps what the unit's own said.
    await adopt('区委组织部');
    expect((await unit.run('notices.list', {}))[0]).toMatchObject({ problems: '资金未到位', demand: DEFAULT_DEMANDS.lagging });
    await adopt();
    expect((await unit.run('notices.list', {}))[0]).toMatchObject({ problems: '资金未到位', demand: DEFAULT_DEMANDS.lagging });

    // The answer recorded by the bureau, then the notice voided: each follows with the next file.
    await core.run('notices.answer', { id: mine!.id, on: '2021-10-08', note: '整改报告已收到' });
    // Settled since the desk listed it: said, not just gone.
    expect(await adopt('区委组织部')).toContain('督办单 济阳生态督〔2021〕1号：区局已于2021年10月8日登记反馈');
    expect((await unit.run('notices.list', {}))[0]).toMatchObject({ state: 'answered', answeredOn: '2021-10-08', answerNote: '整改报告已收到' });
    await core.run('notices.answer', { id: mine!.id, on: null });
    await core.run('notices.void', { id: mine!.id, reason: '事项选错' });
    await adopt();
    expect((await unit.run('notices.list', {}))[0]).toMatchObject({ state: 'voided', answeredOn: null, voidReason: NOTICE_TEXT_IN_OWN_FILE, problems: '资金未到位' });
    // A machine sheet edited into holding one notice twice is no file of the bureau's: refused as such, nothing written.
    const twice = setupPayload(core.ctx, '区委组织部');
    twice.notices = [...twice.notices!, ...twice.notices!];
    const bad = await writeSetupWorkbook(twice, core.ctx.nowIso());
    const refused = await unit.call('exchange.setupImport', { file: { name: '设置文件-重复.xlsx', dataBase64: Buffer.from(bad).toString('base64') } });
    expect(refused.ok ? null : refused.error.code).toBe('invalid_setup');
  });

  it('a backup restored after notices were issued: their numbers are said to be missing here and never issued again, through a second restore too', async () => {
    const { core, path } = await bureau();
    const candidates = await core.run('notices.candidates', { period: PERIOD });
    const missing = candidates.filter((c) => c.reason === 'missing');
    await core.run('notices.issue', { period: PERIOD, items: [{ unit: missing[0]!.unit }] });
    const backup = await core.run('backup.create', {});
    await core.run('notices.issue', { period: PERIOD, items: [{ unit: missing[1]!.unit }, { unit: missing[2]!.unit }] });
    expect(await core.run('notices.notHeld', {})).toEqual({ years: [], unsureSince: null });

    const restored = await core.run('backup.restore', { path: backup.path });
    expect(restored.movedAside).not.toBeNull();
    expect((await core.run('notices.list', {})).map((n) => n.seq)).toEqual([1]);
    expect(await core.run('notices.notHeld', {})).toEqual({ years: [{ year: 2021, numbers: [2, 3], next: 4 }], unsureSince: null });
    // The next 签发 takes a number above those sent.
    const [next] = await core.run('notices.issue', { period: PERIOD, items: [{ unit: missing[1]!.unit }] });
    expect(next!.number).toBe('济阳生态督〔2021〕4号');
    expect(await core.run('notices.notHeld', {})).toEqual({ years: [{ year: 2021, numbers: [2, 3], next: 5 }], unsureSince: null });

    // Restored once more, to the same backup: the numbers issued in every database it replaced are still known.
    await core.run('backup.restore', { path: backup.path });
    expect(await core.run('notices.notHeld', {})).toEqual({ years: [{ year: 2021, numbers: [2, 3, 4], next: 5 }], unsureSince: null });
    core.close();
    open.splice(open.indexOf(core), 1);
    const cli24 = await cli(['notices', '--db', path], null, new Date('2021-10-08T02:00:00Z'));
    expect(cli24.code, cli24.stderr).toBe(0);
    expect(cli24.stdout).toContain('2021年第 2–4 号督办单已在数据库恢复为备份之前签发，本数据库中没有记录');
    expect(cli24.stdout).toContain('新签发的督办单从第 5 号起编号');
  });

  it('a backup restored over a database that cannot be read: the numbers of the backups beside it are kept, the rest asked of the bureau', async () => {
    const { core, path } = await bureau();
    const missing = (await core.run('notices.candidates', { period: PERIOD })).filter((c) => c.reason === 'missing');
    await core.run('notices.issue', { period: PERIOD, items: [{ unit: missing[0]!.unit }] });
    const first = await core.run('backup.create', {});
    await core.run('notices.issue', { period: PERIOD, items: [{ unit: missing[1]!.unit }] });
    await core.run('backup.create', {});
    // Issued after the last backup: known on paper only once the database is damaged.
    await core.run('notices.issue', { period: PERIOD, items: [{ unit: missing[2]!.unit }] });
    core.close();
    open.splice(open.indexOf(core), 1);
    // Its header overwritten: not even its notices can be read.
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(100, 0x5a), 0, 100, 0);
    closeSync(fd);
    const at = new Date('2021-10-08T03:00:00Z');
    const restored = await cli(['restore', '--db', path, '--from', first.path, '--force'], null, at);
    expect(restored.code, restored.stderr).toBe(0);
    const again = await Core.open(path, { now: () => at });
    open.push(again);
    // No. 2 is in the newer backup; No. 3 in none: the bureau is asked, and says it.
    const said = await again.run('notices.notHeld', {});
    expect(said.years).toEqual([{ year: 2021, numbers: [2], next: 3 }]);
    expect(said.unsureSince).not.toBeNull();
    const listed = await cli(['notices', '--db', path], null, at);
    expect(listed.stdout).toContain('恢复前的数据库无法读取：最近一次备份之后签发的督办单编号，本系统无从核对');
    // Not below what this database holds (No. 1), nor for a year to come.
    expect(await again.call('notices.useUpTo', { year: 2021, seq: 0 })).toMatchObject({ ok: false, error: { message: '本数据库中已有2021年第 1 号督办单，已用到的编号不能小于 1' } });
    expect(await again.call('notices.useUpTo', { year: 2022, seq: 3 })).toMatchObject({ ok: false, error: { message: '2022年还没有到，不能核定该年的督办单编号' } });
    expect(await again.run('notices.useUpTo', { year: 2021, seq: 3 })).toEqual({ year: 2021, next: 4 });
    // Once said, the numbering is whole: not said again (a typo, 500 for 5, would spend the numbers for good).
    const said2 = await cli(['notice-numbers', '--db', path, '--year', '2021', '--up-to', '500'], null, at);
    expect([said2.code, said2.stderr.trim()]).toEqual([1, '错误 [invalid_input]: 督办单编号无需核定：本数据库的编号是完整的（只有恢复备份、而恢复前的数据库无法读取时，才需按纸质督办台账核定）']);
    expect(await again.run('notices.notHeld', {})).toEqual({ years: [{ year: 2021, numbers: [2, 3], next: 4 }], unsureSince: null });
    const [next] = await again.run('notices.issue', { period: PERIOD, items: [{ unit: missing[1]!.unit }] });
    expect(next!.number).toBe('济阳生态督〔2021〕4号');
  });

  it('a unit’s database lists its notices on the command line (the numbering is the bureau’s)', async () => {
    const unitPath = join(tempDir('eco-notices-unit-cli-'), 'unit.db');
    expect((await cli(['init', '--db', unitPath, '--unit', '区委组织部'])).code).toBe(0);
    const r = await cli(['notices', '--db', unitPath]);
    expect([r.code, r.stdout.trim()]).toEqual([0, '还没有签发督办单']);
  });

  it('the command line: notice-issue, notices, notice-answer, print', async () => {
    const { core, path } = await bureau();
    core.close();
    open.splice(open.indexOf(core), 1);
    const at = new Date('2021-10-08T02:00:00Z');
    const usage = await cli(['notice-issue', '--db', path, '--period', PERIOD], null, at);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('请用 --all 签发全部尚未签发的督办事项，或用 --unit 指定单位（二者选一）');
    const all = await cli(['notice-issue', '--db', path, '--period', PERIOD, '--all', '--due', '2021-10-30', '--json'], null, at);
    expect(all.code, all.stderr).toBe(0);
    const issued = all.json() as { number: string; dueOn: string }[];
    expect(issued.length).toBeGreaterThan(2);
    expect(issued.every((n) => n.dueOn === '2021-10-30')).toBe(true);
    const nothing = await cli(['notice-issue', '--db', path, '--period', PERIOD, '--all'], null, at);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain('没有尚未签发的督办事项');
    const answer = await cli(['notice-answer', '--db', path, '--number', '2', '--on', '2021-10-08', '--note', '已电话反馈'], null, at);
    expect(answer.code, answer.stderr).toBe(0);
    expect(answer.stdout).toMatch(/^已登记反馈：济阳生态督〔2021〕2号\t/);
    const unknown = await cli(['notice-answer', '--db', path, '--number', '999', '--on', '2021-10-08'], null, at);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('没有第 999 号督办单');
    const ledger = await cli(['notices', '--db', path, '--period', PERIOD], null, at);
    expect(ledger.code).toBe(0);
    expect(ledger.stdout.split('\n').filter(Boolean)).toHaveLength(issued.length);
    expect(ledger.stdout).toContain('已反馈（2021年10月8日，已电话反馈）');
    const out = join(tempDir('eco-notices-print-'), 'notices.html');
    const printed = await cli(['print', '--db', path, '--form', 'notice', '--period', PERIOD, '--out', out], null, at);
    expect(printed.code, printed.stderr).toBe(0);
    expect(printed.stdout).toContain(`共 ${issued.length} 份`);
    const draftElsewhere = await cli(['print', '--db', path, '--form', 'summary', '--draft', '--period', PERIOD, '--out', out], null, at);
    expect(draftElsewhere.code).toBe(2);
    // One notice by its number: the file is that notice's.
    const one = await cli(['print', '--db', path, '--form', 'notice', '--period', PERIOD, '--number', '2', '--out', out], null, at);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toContain('已生成“督办单（济阳生态督〔2021〕2号）”');
    // Asked for with another period: said, not printed in its place.
    const elsewhere = await cli(['print', '--db', path, '--form', 'notice', '--period', '2021-Q2', '--number', '2', '--out', out], null, at);
    expect([elsewhere.code, elsewhere.stderr.trim()]).toEqual([1, `错误 [invalid_input]: 济阳生态督〔2021〕2号是2021年第三季度的督办单，不是2021年第二季度的：请用 --period ${PERIOD}`]);
    // A --period that is no period is refused as anywhere else, not passed over for the notice's own.
    const garbled = await cli(['print', '--db', path, '--form', 'notice', '--period', '2021Q3', '--number', '2', '--out', out], null, at);
    expect([garbled.code, garbled.stderr]).toEqual([1, expect.stringContaining('2021Q3')]);
    // Voided by number, with the reason; said in the ledger.
    const voided = await cli(['notice-void', '--db', path, '--number', '3', '--reason', '事项选错'], null, at);
    expect(voided.code, voided.stderr).toBe(0);
    expect(voided.stdout).toMatch(/^已作废：济阳生态督〔2021〕3号\t.*已作废（2021年10月8日，事项选错）/);
    // Bad arguments are refused before anything is opened.
    const badDue = await cli(['notice-issue', '--db', path, '--period', PERIOD, '--all', '--due', '2021-10-3'], null, at);
    expect([badDue.code, badDue.stderr.trim()]).toEqual([1, expect.stringContaining('--due（办理时限）应写成 2021-10-25 这样的日期（收到“2021-10-3”）')]);
    const noDay = await cli(['notice-issue', '--db', path, '--period', PERIOD, '--all', '--due', '2021-02-30'], null, at);
    expect([noDay.code, noDay.stderr.trim()]).toEqual([1, expect.stringContaining('--due（办理时限）“2021-02-30”不是日历上有的日期')]);
    // One task named: the core's own reason (issued already).
    const twice = await cli(['notice-issue', '--db', path, '--period', PERIOD, '--unit', '区委组织部', '--task', String((all.json() as { unitName: string; tasks: { no: number }[]; reason: string }[]).find((n) => n.unitName === '区委组织部' && n.reason === 'lagging')!.tasks[0]!.no)], null, at);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/“区委组织部”第 \d+ 项任务已签发督办单（济阳生态督〔2021〕\d+号）/);
    // The fourth quarter's notices are issued in January, numbered from 1 in the next year: --period tells which 第 1 号.
    const jan = new Date('2022-01-10T02:00:00Z');
    const q4 = await cli(['notice-issue', '--db', path, '--period', '2021-Q4', '--unit', '区委组织部'], null, jan);
    expect([q4.code, q4.stdout]).toEqual([0, expect.stringContaining('济阳生态督〔2022〕1号')]);
    const first = await cli(['print', '--db', path, '--form', 'notice', '--period', '2021-Q4', '--number', '1', '--out', out], null, jan);
    expect([first.code, first.stdout]).toEqual([0, expect.stringContaining('已生成“督办单（济阳生态督〔2022〕1号）”')]);
    const firstQ3 = await cli(['print', '--db', path, '--form', 'notice', '--period', PERIOD, '--number', '1', '--out', out], null, jan);
    expect([firstQ3.code, firstQ3.stdout]).toEqual([0, expect.stringContaining('已生成“督办单（济阳生态督〔2021〕1号）”')]);
    // Closing the period: the units that sent nothing are named, with the 逾期未报送 notices still asking them to; and
    // the 进度滞后 notices not answered (the units can no longer change their reports: only a written answer settles them).
    const close = await cli(['settings', '--db', path, '--period', PERIOD, '--deadline', '2021-10-05', '--close'], null, jan);
    expect(close.code, close.stderr).toBe(0);
    expect(close.stdout.trim()).toMatch(/\n注意：.+本期尚未报送，其中 \d+ 份“逾期未报送”督办单（济阳生态督〔2021〕\d+号.*）尚未办结，仍在要求补报；关闭后这些单位不能再补报，这些督办单请先登记反馈（或作废）\n注意：2 份“进度滞后”督办单（济阳生态督〔2021〕4号、济阳生态督〔2021〕21号）尚未反馈；关闭后各单位不能再修改本期填报，这些督办单只能以书面反馈办结$/);
    // A number none of whose notices is the period's: said so, not asked for a year.
    const none = await cli(['print', '--db', path, '--form', 'notice', '--period', '2022-Q1', '--number', '1', '--out', out], null, jan);
    expect([none.code, none.stderr.trim()]).toEqual([1, '错误 [not_found]: 济阳生态督〔2021〕1号（2021年第三季度）、济阳生态督〔2022〕1号（2021年第四季度）都不是2022年第一季度的督办单：请核对 --period 或 --number']);
    // Without a period to tell (notice-answer), the year is asked for.
    const which = await cli(['notice-answer', '--db', path, '--number', '1', '--on', '2022-01-10'], null, jan);
    expect([which.code, which.stderr]).toEqual([2, expect.stringContaining('济阳生态督〔2021〕1号、济阳生态督〔2022〕1号 都是第 1 号：请用 --year 指明年份')]);
    // A unit deactivated since: said so, not as a unit with nothing left to issue (its matters are no candidates).
    const again = await Core.open(path, { now: () => jan });
    const org = (await again.run('units.list', {})).find((u) => u.name === '区委组织部')!;
    await again.run('units.save', { code: org.code, name: org.name, kind: 'department', active: false });
    again.close();
    const gone = await cli(['notice-issue', '--db', path, '--period', '2021-Q4', '--unit', '区委组织部'], null, jan);
    expect([gone.code, gone.stderr.trim()]).toEqual([1, expect.stringContaining('“区委组织部”已停用，不发督办单')]);
  });
});

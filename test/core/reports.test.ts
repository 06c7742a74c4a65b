import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/service';
import { headOf } from '../../electron/core/store/repos/reports';
import { copyPreviousText } from '../../shared/report';
import { REPORT_FIELDS } from '../../shared/report-input';
import { FIXED_NOW, newBureau } from '../helpers/db';

let core: Core;
// Owed from the year's first quarter (the tests reach back to 2021-Q1; by default only from the plan's 2021-Q3).
beforeEach(async () => {
  ({ core } = await newBureau(undefined, 'quarter', '2021-Q1'));
});
afterEach(() => core.close());

const good = { status: '正常推进', percent: 60, progress: '召开推进会', problems: '', next: '继续推进', indicators: { '3.1': 22 }, filledBy: '张三', phone: '0531-84231234' };

/**
 * Typed in at the bureau and registered as the unit's submission received (代为填报, 登记为已报送): what the summaries,
 * notices and indicators count as the unit's report (typed in alone, it counts nowhere until registered).
 */
async function sent(input: { unit: string; period: string; task: number; report: Record<string, unknown> }): Promise<void> {
  await core.run('reports.save', input as never);
  await core.run('submissions.enter', { unit: input.unit, period: input.period });
}

describe('reports', () => {
  it('save then read back, with every version kept in the history', async () => {
    const first = await core.run('reports.save', { unit: '区委组织部', period: '2021-Q3', task: 3, report: good });
    expect(first).toMatchObject({ unit: 'B04', task: 3, period: '2021-Q3', version: 1, status: '正常推进', percent: 60, indicators: { '3.1': 22 } });
    const second = await core.run('reports.save', { unit: 'B04', period: '2021-Q3', task: 3, report: { ...good, status: '已完成', percent: 100, progress: '全部完成' } });
    expect(second.id).toBe(first.id);
    expect(second.version).toBe(2);
    const view = await core.run('reports.forUnit', { unit: '区委组织部', period: '2021-Q3' });
    expect(view.total).toBe(1);
    expect(view.tasks[0]!.report).toMatchObject({ status: '已完成', percent: 100 });
    const history = await core.run('reports.history', { unit: '区委组织部', period: '2021-Q3', task: 3 });
    // Each version with its own texts: the first keeps what it said once the row says otherwise.
    expect(history.map((h) => [h.version, h.data.status, h.data.progress])).toEqual([
      [2, '已完成', '全部完成'],
      [1, '正常推进', good.progress],
    ]);
  });

  it('a save from the version it was edited from is refused when another was saved meanwhile, saying which; without one, or from the newest, it goes', async () => {
    const at = { unit: '区委组织部', period: '2021-Q3', task: 3 };
    // The first save of a task never filled in: from nothing held (0).
    await core.run('reports.save', { ...at, report: good, baseVersion: 0 });
    // Another window (or an import) saves version 2 meanwhile.
    await core.run('reports.save', { ...at, report: { ...good, progress: '另一个窗口写的进展' }, baseVersion: 1 });
    const refused = await core.call('reports.save', { ...at, report: { ...good, progress: '这个窗口写的进展' }, baseVersion: 1 });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('conflict');
    expect(refused.error.message).toMatch(/^第 3 项任务在您编辑期间已有新的保存（第 2 次保存，2021年10月3日 \d\d:\d\d，区局录入），可能是在另一个窗口中修改，或导入了新的报送文件：此处的修改没有保存，以免覆盖；请查看最新内容后决定$/);
    expect((await core.run('reports.forUnit', { unit: '区委组织部', period: '2021-Q3' })).tasks[0]!.report).toMatchObject({ version: 2, progress: '另一个窗口写的进展' });
    // A first save over one made elsewhere is refused too.
    expect(await core.call('reports.save', { unit: '区委组织部', period: '2021-Q3', task: 3, report: good, baseVersion: 0 })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    // Chosen (以此处的内容保存: no base), or from the newest: saved, the other kept in the history.
    expect(await core.run('reports.save', { ...at, report: { ...good, progress: '这个窗口写的进展' } })).toMatchObject({ version: 3 });
    expect(await core.run('reports.save', { ...at, report: good, baseVersion: 3 })).toMatchObject({ version: 4 });
    expect((await core.run('reports.history', at)).map((h) => h.data.progress)).toEqual(['召开推进会', '这个窗口写的进展', '另一个窗口写的进展', '召开推进会']);
  });

  it('lists a unit’s tasks with lead/support roles, 各镇(街道) included', async () => {
    const town = await core.run('reports.forUnit', { unit: '济阳街道', period: '2021-Q3' });
    expect(town.tasks.map((t) => [t.task, t.role])).toEqual([
      [4, 'support'],
      [6, 'support'],
    ]);
    const bureau = await core.run('reports.forUnit', { unit: '市生态环境局济阳分局', period: '2021-Q3' });
    expect(bureau.tasks.filter((t) => t.role === 'lead').map((t) => t.task)).toEqual([1, 5, 6, 7, 8, 9, 12, 13, 14]);
    expect(bureau.period).toMatchObject({ deadline: '2021-10-05', daysLeft: 2 });
  });

  it('a field misspelt is refused, naming it and the fields there are (every one of them)', async () => {
    const r = await core.call('reports.save', { unit: '区委组织部', period: '2021-Q3', task: 3, report: { ...good, plan: '下步' } });
    expect(r.ok || r.error.message).toBe('不认识的字段：plan（可用的字段：status、percent、progress、problems、next、indicators、filledBy、phone）');
  });

  it('forgives stray spaces and full-width brackets in unit names', async () => {
    const r = await core.run('reports.save', { unit: ' 区委 组织部　', period: '2021-q3', task: 3, report: good });
    expect(r.unit).toBe('B04');
    expect(r.period).toBe('2021-Q3');
  });

  const refusals: [string, Record<string, unknown>, string][] = [
    ['unknown unit', { unit: '火星局', task: 3 }, 'unknown_unit'],
    ['unknown task', { unit: '区委组织部', task: 17 }, 'unknown_task'],
    ['task the unit is not responsible for', { unit: '区委组织部', task: 1 }, 'not_responsible'],
    ['malformed month', { period: '2021-13' }, 'invalid_period'],
    ['malformed quarter', { period: '2021-Q5' }, 'invalid_period'],
    ['period of another kind', { period: '2021-07' }, 'period_kind_mismatch'],
    ['percent 150', { report: { ...good, percent: 150 } }, 'invalid_input'],
    ['percent 101', { report: { ...good, percent: 101 } }, 'invalid_input'],
    ['percent -1', { report: { ...good, percent: -1 } }, 'invalid_input'],
    ['percent 50.5', { report: { ...good, percent: 50.5 } }, 'invalid_input'],
    ['status not in the list', { report: { ...good, status: '差不多' } }, 'invalid_input'],
    ['a number where yes/no is expected', { unit: '市生态环境局济阳分局', task: 1, report: { ...good, indicators: { '1.1': 1 } } }, 'report_rules'],
    ['yes/no where a number is expected', { report: { ...good, indicators: { '3.1': true } } }, 'report_rules'],
    ['a percentage over 100', { report: { ...good, indicators: { '3.1': 120 } } }, 'report_rules'],
    ['an indicator of another task', { report: { ...good, indicators: { '9.1': 60 } } }, 'report_rules'],
    ['进度滞后 without problems', { report: { ...good, status: '进度滞后', problems: '  ' } }, 'report_rules'],
    ['a 1 MB text', { report: { ...good, progress: '字'.repeat(1024 * 1024) } }, 'invalid_input'],
    ['an unknown field', { report: { ...good, progres: 'typo' } }, 'invalid_input'],
    ['letters in the phone number', { report: { ...good, phone: 'call me' } }, 'invalid_input'],
  ];

  it.each(refusals)('refuses %s with a clear Chinese message and writes nothing', async (_name, patch, code) => {
    const r = await core.call('reports.save', { unit: '区委组织部', period: '2021-Q3', task: 3, report: good, ...patch });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe(code);
    expect(r.error.message).toMatch(/[\u4e00-\u9fff]/);
    // No English but field names (the unknown key's own, and for a typo the fields there are).
    expect(REPORT_FIELDS.reduce((m, f) => m.replaceAll(f, ''), r.error.message).replace('progres', '')).not.toMatch(/[A-Za-z]{3,}/);
    expect(core.ctx.store.reports.count()).toBe(0);
  });

  it('a unit without a name, of no known kind, with a switch that is no switch: Chinese messages naming the field, never its English key', async () => {
    const noName = await core.call('units.save', { name: ' ', kind: 'town' });
    expect(noName.ok || noName.error.details).toEqual([{ field: 'name', message: '单位名称至少 2 个字' }]);
    const badKind = await core.call('units.save', { name: '新单位', kind: 'village' as 'town' });
    expect(badKind.ok || badKind.error.details).toEqual([{ field: 'kind', message: '单位类型应为 town（镇街）或 department（区直部门）' }]);
    const badSwitch = await core.call('units.save', { name: '新单位', kind: 'town', active: 'yes' as unknown as boolean });
    expect(badSwitch.ok || badSwitch.error.details).toEqual([{ field: 'active', message: '启用：格式不正确' }]);
    const typo = await core.call('units.save', { name: '新单位', kind: 'town', nmae: 'x' } as never);
    expect(typo.ok || typo.error.message).toBe('没有这一项：nmae');
  });

  it('进度滞后 with a problem stated is accepted', async () => {
    const r = await core.run('reports.save', { unit: '区委组织部', period: '2021-Q3', task: 3, report: { ...good, status: '进度滞后', problems: '考核细则尚未出台' } });
    expect(r.status).toBe('进度滞后');
  });

  it('a unit database writes only its own unit', async () => {
    const { core: unitCore } = await newBureau();
    unitCore.close();
    const { Core } = await import('../../electron/core/service');
    const { tempDir } = await import('../helpers/db');
    const path = `${tempDir()}/unit.db`;
    const u = await Core.open(path, { create: true });
    // (On today's clock: owed from 2021-Q3 as chosen.)
    await u.run('app.init', { role: 'unit', unit: '济阳街道', firstPeriod: '2021-Q3' });
    const own = await u.call('reports.save', { unit: '济阳街道', period: '2021-Q3', task: 4, report: { ...good, indicators: {} } });
    expect(own.ok).toBe(true);
    const other = await u.call('reports.save', { unit: '济北街道', period: '2021-Q3', task: 4, report: { ...good, indicators: {} } });
    expect(other.ok || other.error.code).toBe('not_own_unit');
    u.close();
  });

  it('copies last period as a starting point without overwriting what is filled', async () => {
    await core.run('reports.save', { unit: '区委组织部', period: '2021-Q2', task: 3, report: good });
    const r = await core.run('reports.copyPrevious', { unit: '区委组织部', period: '2021-Q3' });
    expect(r).toEqual({ copied: [3], kept: [], absent: [], other: [], from: '2021-Q2', fromLabel: '2021年第二季度' });
    const copy = (await core.run('reports.forUnit', { unit: '区委组织部', period: '2021-Q3' })).tasks[0]!.report!;
    expect(copy).toMatchObject({ progress: good.progress, source: 'copy', indicators: {} });
    const again = await core.run('reports.copyPrevious', { unit: '区委组织部', period: '2021-Q3' });
    expect(again).toMatchObject({ copied: [], kept: [3], absent: [] });
    // Nothing last period: said as such, not as "filled already".
    const none = await core.run('reports.copyPrevious', { unit: '区委组织部', period: '2021-Q2' });
    expect(none).toMatchObject({ copied: [], kept: [3], absent: [] });
    // The first period owed has no 上期: said so.
    const first = await core.call('reports.copyPrevious', { unit: '区委组织部', period: '2021-Q1' });
    expect(first.ok || first.error).toEqual({ code: 'nothing_reported', message: '2021年第一季度是起报周期，此前各期不要求报送，没有上期内容可复制' });
    const empty = { copied: [], kept: [], absent: [3], other: [], from: '2021-Q2', fromLabel: '2021年第二季度' };
    expect(copyPreviousText(empty)).toBe('上期（2021年第二季度）没有可复制的填报内容');
    expect(copyPreviousText(r)).toBe('已从上期（2021年第二季度）复制 1 项');
    expect(copyPreviousText(again)).toBe('未复制：1 项本期已填写，未覆盖');
    expect(copyPreviousText({ copied: [], kept: [1], absent: [2, 3], fromLabel: '2021年第二季度' })).toBe('未复制：1 项本期已填写，未覆盖；其余 2 项上期（2021年第二季度）没有填报内容');
  });

  it('a text an earlier version saved with control characters is copied without them (so the copy can be saved again)', async () => {
    await core.run('reports.save', { unit: '区委组织部', period: '2021-Q2', task: 3, report: good });
    core.ctx.store.db.prepare("UPDATE reports SET progress = ?, problems = ? WHERE period = '2021-Q2'").run('巡河\u0001记录\u000b完整', '网页粘贴\u0008文字');
    await core.run('reports.copyPrevious', { unit: '区委组织部', period: '2021-Q3' });
    const copy = (await core.run('reports.forUnit', { unit: '区委组织部', period: '2021-Q3' })).tasks[0]!.report!;
    expect([copy.progress, copy.problems]).toEqual(['巡河记录\n完整', '网页粘贴文字']);
    // Saved again as the form would send it.
    await core.run('reports.save', { unit: '区委组织部', period: '2021-Q3', task: 3, report: { status: copy.status, progress: copy.progress, problems: copy.problems } });
  });

  it('keeps evidence files by content hash under a safe name, versioned', async () => {
    await core.run('reports.save', { unit: '区委组织部', period: '2021-Q3', task: 3, report: good });
    const data = Buffer.from('考核办法正文').toString('base64');
    const names = ['../../etc/passwd', 'C:\\Windows\\system32\\evil.exe', 'a\u0000b.pdf', 'CON.txt', '会议纪要.pdf'];
    let last;
    for (const name of names) last = await core.run('evidence.add', { unit: '区委组织部', period: '2021-Q3', task: 3, name, dataBase64: data });
    const stored = last!.evidence.map((e) => e.name).sort();
    expect(stored).toEqual(['_CON.txt', 'a_b.pdf', 'evil.exe', 'passwd', '会议纪要.pdf'].sort());
    expect(new Set(last!.evidence.map((e) => e.hash)).size).toBe(1);
    expect(last!.version).toBe(1 + names.length);
    const removed = await core.run('evidence.remove', { unit: '区委组织部', period: '2021-Q3', task: 3, hash: last!.evidence[0]!.hash, name: 'passwd' });
    expect(removed.evidence).toHaveLength(4);
    // A name picked on a Mac (decomposed, NFD) is kept composed: the same file added again under the name typed
    // elsewhere (NFC) is the one already there.
    const mac = await core.run('evidence.add', { unit: '区委组织部', period: '2021-Q3', task: 3, name: 'Cafe\u0301 现场.jpg', dataBase64: data });
    expect(mac.evidence.map((e) => e.name)).toContain('Caf\u00e9 现场.jpg');
    const again = await core.run('evidence.add', { unit: '区委组织部', period: '2021-Q3', task: 3, name: 'Caf\u00e9 现场.jpg', dataBase64: data });
    expect([again.evidence.length, again.version]).toEqual([5, mac.version]);
    // Over 50 MB (a drill's video): refused, saying what to do with it.
    const big = await core.call('evidence.add', { unit: '区委组织部', period: '2021-Q3', task: 3, name: '演练视频.mp4', dataBase64: Buffer.alloc(50 * 1024 * 1024 + 1).toString('base64') });
    expect(big.ok ? null : big.error.message).toBe('佐证材料单个文件不能超过 50 MB：视频请压缩或截取关键片段、照片请缩小后再添加；原始大文件可用U盘或光盘直接交区局');
  });

  it('a closed period takes no entries, copies or evidence until the bureau reopens it', async () => {
    await core.run('reports.save', { unit: '区委组织部', period: '2021-Q3', task: 3, report: good });
    await core.run('periods.setDeadline', { period: '2021-Q3', deadline: '2021-10-05', closed: true });
    const version = (await core.run('reports.forUnit', { unit: '区委组织部', period: '2021-Q3' })).tasks[0]!.report!.version;
    const attempts = [
      core.call('reports.save', { unit: '区委组织部', period: '2021-Q3', task: 3, report: { ...good, percent: 90 } }),
      core.call('reports.copyPrevious', { unit: '区委组织部', period: '2021-Q3' }),
      core.call('evidence.add', { unit: '区委组织部', period: '2021-Q3', task: 3, name: '纪要.pdf', dataBase64: Buffer.from('纪要').toString('base64') }),
      core.call('evidence.remove', { unit: '区委组织部', period: '2021-Q3', task: 3, hash: '0'.repeat(64), name: '纪要.pdf' }),
    ];
    const demo = await core.call('demo.fill', { period: '2021-Q3' });
    expect(demo.ok || [demo.error.code, demo.error.message]).toEqual(['period_closed', '报送周期“2021年第三季度”已关闭，不能填入演示数据']);
    for (const r of await Promise.all(attempts)) {
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error.code).toBe('period_closed');
      expect(r.error.message).toBe('报送周期“2021年第三季度”已关闭，不再填报。如需更正，请先在 设置 → 报送截止日期 中重新开放该周期。');
    }
    const kept = (await core.run('reports.forUnit', { unit: '区委组织部', period: '2021-Q3' })).tasks[0]!.report!;
    expect([kept.version, kept.percent, kept.evidence]).toEqual([version, 60, []]);
    // Another period is not affected; reopened, the period takes entries again.
    expect((await core.call('reports.save', { unit: '区委组织部', period: '2021-Q2', task: 3, report: good })).ok).toBe(true);
    await core.run('periods.setDeadline', { period: '2021-Q3', deadline: '2021-10-05', closed: false });
    expect(await core.run('reports.save', { unit: '区委组织部', period: '2021-Q3', task: 3, report: { ...good, percent: 90 } })).toMatchObject({ version: 2, percent: 90 });
  });

  it('submission state and indicator compliance for a period', async () => {
    await core.run('demo.fill', { period: '2021-Q3' });
    const subs = await core.run('submissions.status', { period: '2021-Q3' });
    expect(subs).toHaveLength(28);
    expect(subs.every((s) => s.state !== 'missing')).toBe(true);
    const inds = await core.run('indicators.status', { period: '2021-Q3' });
    expect(inds.map((i) => i.id)).toContain('16.2');
    const t16 = inds.find((i) => i.id === '16.1')!;
    expect(t16.compliance).toBe('unknown'); // no target handed down yet
    await core.run('targets.set', { indicator: '16.1', year: 2021, target: 1 });
    const after = (await core.run('indicators.status', { period: '2021-Q3' })).find((i) => i.id === '16.1')!;
    expect(after.compliance).toBe('met');
    expect(after.targetText).toBe('≥1%（上级下达）');
    // 设置 lists every indicator whose target is handed down, with the year's entered or not; the clerk's catalog
    // carries the number for the period's year (its verdict judged by it), not this year's.
    expect(await core.run('targets.list', { year: 2021 })).toEqual([
      { indicator: '16.1', name: '自然岸线保有率', unit: '%', task: 16, taskTitle: expect.any(String), target: 1 },
      { indicator: '16.2', name: expect.any(String), unit: '%', task: 16, taskTitle: expect.any(String), target: null },
    ]);
    expect((await core.run('targets.list', { year: 2022 })).map((t) => t.target)).toEqual([null, null]);
    const in2021 = (await core.run('catalog.get', { period: '2021-Q3' })).tasks.find((t) => t.no === 16)!.indicators;
    expect(in2021.map((i) => [i.id, i.assigned, i.targetText])).toEqual([['16.1', 1, '≥1%（上级下达）'], ['16.2', null, '完成上级下达目标']]);
    expect((await core.run('catalog.get', { period: '2022-Q1' })).tasks.find((t) => t.no === 16)!.indicators[0]!.assigned).toBeNull();
    // Entered by mistake: taken back, and the indicator is 待定 again.
    await core.run('targets.set', { indicator: '16.1', year: 2021, target: null });
    expect((await core.run('indicators.status', { period: '2021-Q3' })).find((i) => i.id === '16.1')!.compliance).toBe('unknown');
    expect((await core.run('targets.list', { year: 2021 }))[0]!.target).toBeNull();
    const wrong = await core.call('targets.set', { indicator: '10.1', year: 2021, target: 20 });
    expect(wrong.ok ? null : wrong.error.message).toContain('不需要录入上级下达目标');
  });

  it('an indicator’s latest value: this period’s, else the newest of the year with its period; 不降低 against the one before it; 否 among supporting units; units responsible now only', async () => {
    // Registered as received (a period not begun by today's clock cannot be: typed in only).
    const save = async (unit: string, period: string, task: number, indicators: Record<string, number | boolean>) =>
      period === '2022-Q1' ? void (await core.run('reports.save', { unit, period, task, report: { status: '正常推进', progress: '推进', indicators } })) : sent({ unit, period, task, report: { status: '正常推进', progress: '推进', indicators } });
    const ind = async (period: string, id: string) => (await core.run('indicators.status', { period })).find((i) => i.id === id)!;
    // 10.1: ≥18% 且不降低, led by 区自然资源局 (B07), measured in the first quarter only.
    await save('B07', '2021-Q1', 10, { '10.1': 19 });
    // Nothing to compare the year's first value with: 待定, not 达标 on its target alone.
    expect(await ind('2021-Q2', '10.1')).toMatchObject({ value: 19, valuePeriod: '2021年第一季度', valueFrom: '区自然资源局', previous: null, previousIsBaseline: false, compliance: 'unknown' });
    expect(await ind('2021-Q1', '10.1')).toMatchObject({ value: 19, valuePeriod: null });
    // The bureau enters the year's 基准值 (the figure before it): the first value is judged against it.
    expect((await core.run('baselines.list', { year: 2021 })).map((b) => [b.indicator, b.target])).toEqual([['10.1', null]]);
    await core.run('baselines.set', { indicator: '10.1', year: 2021, target: 18.8 });
    expect(await ind('2021-Q1', '10.1')).toMatchObject({ value: 19, previous: 18.8, previousIsBaseline: true, compliance: 'met' });
    await core.run('baselines.set', { indicator: '10.1', year: 2021, target: 19.5 });
    expect(await ind('2021-Q1', '10.1')).toMatchObject({ previous: 19.5, compliance: 'not_met' });
    const notThat = await core.call('baselines.set', { indicator: '3.1', year: 2021, target: 20 });
    expect(notThat.ok ? null : notThat.error.message).toBe('指标“生态文明建设工作占党政实绩考核的比例”不是“不降低”类指标，不需要录入基准值');
    expect((await core.run('settings.log', {})).map((c) => c.text).slice(-2)).toEqual(['10.1 林草覆盖率 2021年基准值：未录入 改为 18.8%', '10.1 林草覆盖率 2021年基准值：18.8% 改为 19.5%']);
    // This period's own value; the one before it is the newest earlier (the second quarter had none): lower, so not met.
    await save('B07', '2021-Q3', 10, { '10.1': 18.5 });
    expect(await ind('2021-Q3', '10.1')).toMatchObject({ value: 18.5, valuePeriod: null, previous: 19, previousIsBaseline: false, compliance: 'not_met' });
    // Never a later period's value, nor last year's.
    expect(await ind('2021-Q2', '10.1')).toMatchObject({ value: 19, valuePeriod: '2021年第一季度' });
    await save('B07', '2022-Q1', 10, {});
    expect(await ind('2022-Q2', '10.1')).toMatchObject({ value: null, valuePeriod: null, compliance: 'unknown' });
    // 6.1 (是/否), led by the bureau (B01), who has not answered: one supporting unit's 否 outweighs a later 是.
    await save('B08', '2021-Q3', 6, { '6.1': false });
    await save('B06', '2021-Q3', 6, { '6.1': true });
    expect(await ind('2021-Q3', '6.1')).toMatchObject({ value: false, valueFrom: (await core.run('units.list', {})).find((u) => u.code === 'B08')!.name, compliance: 'not_met' });
    // A unit deactivated since still answers for the period it reported in (its 否 was given then) …
    const b08 = (await core.run('units.list', {})).find((u) => u.code === 'B08')!;
    await core.run('units.save', { code: 'B08', name: b08.name, kind: b08.kind, active: false });
    expect(await ind('2021-Q3', '6.1')).toMatchObject({ value: false, valueFrom: b08.name, compliance: 'not_met' });
    // … but for none after it (no longer responsible): the supporting unit's 是 stands.
    await save('B06', '2021-Q4', 6, { '6.1': true });
    // A 是 with nothing attached to prove it is 待补佐证, not 达标; once a file is attached to that report, 达标.
    expect(await ind('2021-Q4', '6.1')).toMatchObject({ value: true, compliance: 'unproven' });
    await core.run('evidence.add', { unit: 'B06', period: '2021-Q4', task: 6, name: '制度文件.pdf', dataBase64: Buffer.from('%PDF 制度').toString('base64') });
    expect(await ind('2021-Q4', '6.1')).toMatchObject({ value: true, compliance: 'met' });
    // Judged by the report the value is from: a period without a value of its own takes an earlier one's, and its proof.
    await save('B01', '2021-Q1', 6, { '6.1': true });
    expect(await ind('2021-Q2', '6.1')).toMatchObject({ value: true, valuePeriod: '2021年第一季度', compliance: 'unproven' });
    await core.run('evidence.add', { unit: 'B01', period: '2021-Q1', task: 6, name: '制度文件.pdf', dataBase64: Buffer.from('%PDF 制度').toString('base64') });
    expect(await ind('2021-Q2', '6.1')).toMatchObject({ value: true, valuePeriod: '2021年第一季度', compliance: 'met' });
    // The lead's own answer decides.
    await save('B01', '2021-Q3', 6, { '6.1': true });
    expect(await ind('2021-Q3', '6.1')).toMatchObject({ value: true, valueFrom: '市生态环境局济阳分局' });
  });

  it('whom to call at each unit: the 填报人 and phone of its latest report that names them', async () => {
    const put = (period: string, task: number, filledBy: string, phone: string) =>
      core.run('reports.save', { unit: '区委组织部', period, task, report: { status: '正常推进', progress: '推进', filledBy, phone } });
    await put('2021-Q2', 3, '张三', '0531-1');
    await put('2021-Q3', 3, '李四', '0531-2');
    await put('2021-Q1', 3, '', '');
    const code = (await core.run('units.list', {})).find((u) => u.name === '区委组织部')!.code;
    const c = (await core.run('units.contacts', {})).filter((x) => x.unit === code);
    expect(c).toEqual([{ unit: code, filledBy: '李四', phone: '0531-2', period: '2021-Q3', periodLabel: '2021年第三季度' }]);
  });

  it('demo data is labelled and never overwrites a real entry', async () => {
    await core.run('reports.save', { unit: '区委组织部', period: '2021-Q3', task: 3, report: good });
    const r = await core.run('demo.fill', { period: '2021-Q3' });
    // A unit with anything real for the period is left alone: no demo reports beside its own, no demo submission.
    expect(r.units).toBe(27);
    const mine = await core.run('reports.forUnit', { unit: '区委组织部', period: '2021-Q3' });
    expect(mine.tasks[0]!.report).toMatchObject({ progress: good.progress, version: 1 });
    expect(mine.tasks.filter((t) => t.report?.progress.includes('【演示数据】'))).toEqual([]);
    const subs = await core.run('submissions.status', { period: '2021-Q3' });
    expect(subs.find((u) => u.unitName === '区委组织部')).toMatchObject({ state: 'missing', revision: null });
    expect(subs.filter((u) => u.state !== 'missing')).toHaveLength(27);
    const town = await core.run('reports.forUnit', { unit: '新市镇', period: '2021-Q3' });
    expect(town.tasks[0]!.report!.progress).toContain('【演示数据】');
    const info = await core.run('app.info', {});
    expect(info.demoPeriods).toEqual(['2021-Q3']);
  });

  it('demo submissions are never dated after today, so none is late before the deadline', async () => {
    // FIXED_NOW is 2021-10-03; 2021-Q4 is due 2022-01-05.
    await core.run('demo.fill', { period: '2021-Q4' });
    const subs = await core.run('submissions.status', { period: '2021-Q4' });
    expect(subs.filter((s) => s.state === 'late')).toEqual([]);
    for (const s of subs) expect(s.lastReceivedAt! <= FIXED_NOW.toISOString()).toBe(true);
  });

  it('the summary covers every task × responsible unit', async () => {
    await core.run('demo.fill', { period: '2021-Q3' });
    const s = await core.run('summary.get', { period: '2021-Q3' });
    expect(s.tasks).toHaveLength(16);
    expect(s.tasks[5]!.entries).toHaveLength(21);
    expect(s.totals.expected).toBe(s.totals.received);
    expect(s.categories.map((c) => c.tasks)).toEqual([6, 8, 2]);
  });

  it('the period picker lists the periods owed, back to the 起报周期, and earlier ones holding reports', async () => {
    const before = await core.run('periods.recent', {});
    // FIXED_NOW is 2021-10-03: this year's begun quarters, newest first; owed from 2021-Q1, so none of last year's.
    expect(before.map((p) => p.id)).toEqual(['2021-Q4', '2021-Q3', '2021-Q2', '2021-Q1']);
    // A database whose 起报周期 was once earlier (an earlier version owed every period): what it holds stays listed.
    core.ctx.store.meta.set('owed_from', '2018-01-01');
    await core.run('reports.save', { unit: '区委组织部', period: '2018-Q2', task: 3, report: good });
    core.ctx.store.meta.set('owed_from', '2021-01-01');
    const after = await core.run('periods.recent', {});
    expect(after.map((p) => p.id)).toEqual(['2021-Q4', '2021-Q3', '2021-Q2', '2021-Q1', '2018-Q2']);
    expect((await core.run('reports.forUnit', { unit: '区委组织部', period: '2018-Q2' })).tasks.find((t) => t.task === 3)?.report?.progress).toBe(good.progress);
    // A period before it holding nothing is nobody's: refused, saying from when reports are owed.
    const none = await core.call('reports.forUnit', { unit: '区委组织部', period: '2019-Q4' });
    expect(none.ok || none.error).toMatchObject({ code: 'period_not_owed', message: '“2019年第四季度”在起报周期（2021年第一季度）之前，不要求报送（起报周期在“设置”的“报送周期”中设定）' });
  });

  it('totals: 进度滞后 counts lagging reports only; reports missing after the deadline are counted apart', async () => {
    // 2021-Q2's deadline is past: every responsible unit without a report is overdue.
    await sent({ unit: '区委组织部', period: '2021-Q2', task: 3, report: { ...good, status: '进度滞后', problems: '资金未到位' } });
    const s = await core.run('summary.get', { period: '2021-Q2', texts: false });
    expect(s.totals.lagging).toBe(1);
    expect(s.totals.overdue).toBe(s.totals.expected - 1);
    expect(s.lagging).toHaveLength(s.totals.lagging + s.totals.overdue);
  });

  it('the overview (no texts) lists lagging work with the start of its problems; the full summary with all of it', async () => {
    const long = `资金未到位🌳${'审批流程较长，'.repeat(20)}`;
    await sent({ unit: '区委组织部', period: '2021-Q3', task: 3, report: { ...good, status: '进度滞后', problems: long } });
    await sent({ unit: '区委组织部', period: '2021-Q4', task: 3, report: { ...good, status: '进度滞后', problems: '短' } });
    const brief = await core.run('summary.get', { period: '2021-Q3', texts: false });
    const item = brief.lagging.find((l) => l.unit === 'B04' && l.task === 3)!;
    expect(item.problems).toBe(`${Array.from(long).slice(0, 100).join('')}…`);
    expect(brief.tasks[2]!.entries.find((e) => e.code === 'B04')!.report!.progress).toBe('');
    const full = await core.run('summary.get', { period: '2021-Q3' });
    expect(full.lagging.find((l) => l.unit === 'B04' && l.task === 3)!.problems).toBe(long);
    const other = await core.run('summary.get', { period: '2021-Q4', texts: false });
    expect(other.lagging.find((l) => l.unit === 'B04')!.problems).toBe('短');
  });

  it('the start of the problems is cut by characters as SQLite counts them (a pair of surrogates is one, a lone one is one)', () => {
    // As the overview cut them before headOf: by code points (Array.from), at 100 with "…" when more follow.
    const oracle = (s: string) => {
      const chars = Array.from(s);
      return chars.length > 100 ? `${chars.slice(0, 100).join('')}…` : s;
    };
    const cases = ['', '短', '字'.repeat(100), '字'.repeat(101), `${'字'.repeat(99)}🌳`, `${'字'.repeat(99)}🌳字`, `${'字'.repeat(100)}🌳`, `${'a'.repeat(99)}\ud83c`, `${'a'.repeat(99)}\ud83cb`, `${'a'.repeat(100)}\udf33`, `\udf33\ud83c${'x'.repeat(99)}`];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    const alphabet = ['字', 'a', '🌳', '\ud83c', '\udf33', '，', '\n'];
    for (let k = 0; k < 300; k++) cases.push(Array.from({ length: 90 + (next() % 25) }, () => alphabet[next() % alphabet.length]).join(''));
    for (const s of cases) expect(headOf(s), JSON.stringify(s)).toBe(oracle(s));
  });
});

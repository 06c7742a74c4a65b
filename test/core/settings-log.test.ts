/** 设置变更记录: what the bureau changed in its settings, kept and said; a moved deadline said on the 报送情况统计表. */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderForm } from '../../electron/core/forms/render';
import { Core } from '../../electron/core/service';
import { cli, tempDir } from '../helpers/db';

const open: Core[] = [];
afterAll(() => {
  for (const c of open) c.close();
});

describe('settings change log', () => {
  it('keeps every deadline moved, period closed or opened again, target entered and period kind changed; nothing for a value set again', async () => {
    let now = new Date('2021-10-04T02:00:00Z');
    const path = join(tempDir('eco-settings-log-'), 'bureau.db');
    const core = await Core.open(path, { create: true, now: () => now });
    open.push(core);
    await core.run('app.init', { role: 'bureau' });
    expect(await core.run('settings.log', {})).toEqual([]);
    await core.run('periods.setDeadline', { period: '2021-Q3', deadline: '2021-10-08' });
    await core.run('periods.setDeadline', { period: '2021-Q3', deadline: '2021-10-08' });
    now = new Date('2021-10-09T02:00:00Z');
    await core.run('periods.setDeadline', { period: '2021-Q3', deadline: '2021-10-08', closed: true });
    await core.run('periods.setDeadline', { period: '2021-Q3', deadline: '2021-10-08', closed: false });
    await core.run('targets.set', { indicator: '16.1', year: 2021, target: 85 });
    await core.run('targets.set', { indicator: '16.1', year: 2021, target: 86 });
    await core.run('targets.set', { indicator: '16.1', year: 2021, target: null });
    // Owed from 2021-Q3 (the plan was issued on 14 July), so the second quarter's deadline is nobody's until the
    // 起报周期 moves back.
    expect((await core.call('periods.setDeadline', { period: '2021-Q2', deadline: '2021-07-10' })).ok).toBe(false);
    await core.run('periods.setFirst', { period: '2021-Q1' });
    await core.run('periods.setDeadline', { period: '2021-Q2', deadline: '2021-07-10' });
    expect((await core.run('settings.log', {})).map((c) => c.text)).toEqual([
      '2021年第三季度截止日期：2021年10月5日 改为 2021年10月8日',
      '关闭2021年第三季度（不再接收报送）',
      '重新开放2021年第三季度',
      '16.1 自然岸线保有率 2021年上级下达目标：未录入 改为 85%',
      '16.1 自然岸线保有率 2021年上级下达目标：85% 改为 86%',
      '16.1 自然岸线保有率 2021年上级下达目标：86% 改为 清除',
      '起报周期：2021年第三季度 改为 2021年第一季度（此前结束的各期不要求报送）',
      '2021年第二季度截止日期：2021年7月5日 改为 2021年7月10日',
    ]);
    // One period's: its deadline and closing only.
    const q3 = await core.run('settings.log', { period: '2021-Q3' });
    expect(q3.map((c) => c.at)).toEqual(['2021-10-04T02:00:00.000Z', '2021-10-09T02:00:00.000Z', '2021-10-09T02:00:00.000Z']);
    // The 报送情况统计表 says it under the deadline, so a form printed before the move stays explicable.
    const form = renderForm(core.ctx, { form: 'submissions', period: '2021-Q3' });
    expect(form.html).toContain('设置变更：2021年10月4日 10:00 2021年第三季度截止日期：2021年10月5日 改为 2021年10月8日；');
    expect(renderForm(core.ctx, { form: 'submissions', period: '2021-Q1' }).html).not.toContain('设置变更');
    // The period kind, from the command line (in its one transaction).
    core.close();
    open.splice(open.indexOf(core), 1);
    // The 起报周期 too: not before the year the plan was issued, nor after the period under way; refused, nothing changed.
    const early = await cli(['settings', '--db', path, '--first-period', '2020-Q4']);
    expect([early.code, early.stderr]).toEqual([1, expect.stringContaining('起报周期不能早于工作方案印发（2021年7月14日）当年的第一期（2021年第一季度）')]);
    const late = await cli(['settings', '--db', path, '--first-period', '2022-Q1']);
    expect([late.code, late.stderr]).toEqual([1, expect.stringContaining('起报周期不能晚于当前周期（2021年第四季度）')]);
    expect((await cli(['settings', '--db', path, '--first-period', '2021-Q2'])).code).toBe(0);
    expect((await cli(['settings', '--db', path, '--period-kind', 'month'])).code).toBe(0);
    const again = await Core.open(path, { now: () => now });
    open.push(again);
    expect((await again.run('settings.log', {})).slice(-2).map((c) => c.text)).toEqual(['起报周期：2021年第一季度 改为 2021年第二季度（此前结束的各期不要求报送）', '报送周期：季报 改为 月报']);
    // After the switch, still said as the quarter it was set as (the months are owed from the switch on).
    expect((await again.run('app.info', {})).firstOwed).toEqual({ id: '2021-Q2', label: '2021年第二季度' });
  });
});

/** 督办单 numbers are issued once and kept across prints (migration 008). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Core } from '../../electron/core/service';
import { newBureau, tempDir } from '../helpers/db';

let core: Core;

beforeAll(async () => {
  ({ core } = await newBureau(tempDir('eco-notice-no-')));
  await core.run('demo.fill', { period: '2021-Q3' });
});
afterAll(() => core?.close());

const numbersIn = (html: string): string[] => [...html.matchAll(/济阳生态督〔(\d{4})〕(\d+)号/g)].map((m) => `${m[1]}-${m[2]}`);

const drafts = (html: string): number => html.split('号（预览，打印时编号）').length - 1;

describe('supervision notice numbers', () => {
  it('a notice printed again days later keeps the date and the 办理时限 it was issued with; a new one is dated the day it is printed', async () => {
    let now = new Date('2021-10-08T02:00:00Z');
    const c = await Core.open(join(tempDir('eco-notice-date-'), 'bureau.db'), { create: true, now: () => now });
    try {
      await c.run('app.init', { role: 'bureau' });
      await c.run('demo.fill', { period: '2021-Q3' });
      const dates = (html: string): string[] => [...html.matchAll(/请于(\d{4}年\d{1,2}月\d{1,2}日)前办结/g)].map((m) => m[1]!);
      const first = (await c.run('forms.render', { form: 'notice', period: '2021-Q3' })).html;
      expect(new Set(dates(first))).toEqual(new Set(['2021年10月23日']));
      expect(first).toContain('（盖章）</div>2021年10月8日');
      now = new Date('2021-10-20T02:00:00Z');
      const again = (await c.run('forms.render', { form: 'notice', period: '2021-Q3' })).html;
      expect(new Set(dates(again))).toEqual(new Set(['2021年10月23日']));
      expect(again).not.toContain('2021年10月20日');
      // A preview of a notice not issued yet is dated today.
      const free = (await c.run('reports.forUnit', { unit: '区委组织部', period: '2021-Q3' })).tasks.find((t) => t.report?.status !== '进度滞后')!;
      await c.run('reports.save', { unit: '区委组织部', period: '2021-Q3', task: free.task, report: { status: '进度滞后', progress: '已启动', problems: '资金未到位', indicators: {} } });
      expect(dates((await c.run('forms.render', { form: 'notice', period: '2021-Q3', draft: true })).html)).toContain('2021年11月4日');
    } finally {
      c.close();
    }
  });

  it('a preview (draft) issues no number: it shows those issued before and leaves the others for the print', async () => {
    const preview = (await core.run('forms.render', { form: 'notice', period: '2021-Q3', draft: true })).html;
    expect(numbersIn(preview)).toEqual([]);
    const n = drafts(preview);
    expect(n).toBeGreaterThan(0);
    // Looking again issues nothing either.
    expect(drafts((await core.run('forms.render', { form: 'notice', period: '2021-Q3', draft: true })).html)).toBe(n);
    const { lagging } = await core.run('summary.get', { period: '2021-Q3' });
    expect(lagging.length).toBe(n);
    for (const l of lagging) expect(core.ctx.store.notices.held({ period: '2021-Q3', task: l.task, unit: l.unit, reason: l.reason })).toBeNull();
  });

  it('a notice printed again keeps its number; a new lagging item takes the next number of the year', async () => {
    const first = numbersIn((await core.run('forms.render', { form: 'notice', period: '2021-Q3' })).html);
    expect(first.length).toBeGreaterThan(0);
    expect(first).toEqual(first.map((_, i) => `2021-${i + 1}`));
    const again = numbersIn((await core.run('forms.render', { form: 'notice', period: '2021-Q3' })).html);
    expect(again).toEqual(first);
    // A preview now shows the issued numbers.
    expect(numbersIn((await core.run('forms.render', { form: 'notice', period: '2021-Q3', draft: true })).html)).toEqual(first);

    // One more lagging report: it gets the next number; the others keep theirs.
    const view = await core.run('reports.forUnit', { unit: '区委组织部', period: '2021-Q3' });
    const free = view.tasks.find((t) => t.report?.status !== '进度滞后');
    expect(free).toBeDefined();
    await core.run('reports.save', {
      unit: '区委组织部',
      period: '2021-Q3',
      task: free!.task,
      report: { status: '进度滞后', percent: 10, progress: '已启动', problems: '资金未到位', next: '协调资金', indicators: {}, filledBy: '张三', phone: '0531-84231234' },
    });
    // Previewed, the new notice has no number yet and the others keep theirs.
    const preview = (await core.run('forms.render', { form: 'notice', period: '2021-Q3', draft: true })).html;
    expect([...numbersIn(preview)].sort()).toEqual([...first].sort());
    expect(drafts(preview)).toBe(1);
    const third = numbersIn((await core.run('forms.render', { form: 'notice', period: '2021-Q3' })).html);
    expect(third.length).toBe(first.length + 1);
    expect(new Set(third).size).toBe(third.length);
    expect([...third].sort()).toEqual([...first, `2021-${first.length + 1}`].sort());
  });
});

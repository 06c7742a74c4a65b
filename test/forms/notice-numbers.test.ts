/** 督办单 numbers are issued once and kept across prints (migration 008). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/service';
import { newBureau, tempDir } from '../helpers/db';

let core: Core;

beforeAll(async () => {
  ({ core } = await newBureau(tempDir('eco-notice-no-')));
  await core.run('demo.fill', { period: '2021-Q3' });
});
afterAll(() => core?.close());

const numbersIn = (html: string): string[] => [...html.matchAll(/济阳生态督〔(\d{4})〕(\d+)号/g)].map((m) => `${m[1]}-${m[2]}`);

describe('supervision notice numbers', () => {
  it('a notice printed again keeps its number; a new lagging item takes the next number of the year', async () => {
    const first = numbersIn((await core.run('forms.render', { form: 'notice', period: '2021-Q3' })).html);
    expect(first.length).toBeGreaterThan(0);
    expect(first).toEqual(first.map((_, i) => `2021-${i + 1}`));
    const again = numbersIn((await core.run('forms.render', { form: 'notice', period: '2021-Q3' })).html);
    expect(again).toEqual(first);

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
    const third = numbersIn((await core.run('forms.render', { form: 'notice', period: '2021-Q3' })).html);
    expect(third.length).toBe(first.length + 1);
    expect(new Set(third).size).toBe(third.length);
    expect([...third].sort()).toEqual([...first, `2021-${first.length + 1}`].sort());
  });
});

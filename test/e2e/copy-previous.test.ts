/**
 * 复制上期 with the task open: the form shows what was copied once it has come, and the clerk's next edit is saved over
 * it (not refused as saved elsewhere, nor saving the empty form over the copy).
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DB_FILE } from '../../electron/server/data-dir';
import { cli, tempDir } from '../helpers/db';
import { runningClock } from './clock';
import { startE2E, type E2E } from './harness';

const running: E2E[] = [];
afterAll(async () => {
  for (const e of running) await e.close();
});

describe('复制上期 with a task open', () => {
  it('the open form shows the copied text, and an edit after it is saved over it', async () => {
    const dataDir = tempDir('eco-e2e-copy-');
    const db = join(dataDir, DB_FILE);
    // (Owed from 2021-Q1: the second quarter is 上期.)
    expect((await cli(['init', '--db', db, '--unit', '区自然资源局', '--first-period', '2021-Q1'])).code).toBe(0);
    const q2 = { status: '正常推进', percent: 40, progress: '二季度的进展', problems: '', next: '三季度继续' };
    expect((await cli(['save', '--db', db, '--unit', '区自然资源局', '--period', '2021-Q2', '--task', '10'], JSON.stringify(q2))).code).toBe(0);
    const e = await startE2E({ now: runningClock(), dataDir });
    running.push(e);
    const { page } = e;
    await page.goto(e.host.url);
    await page.getByTestId('task-10').click();
    await expect.poll(() => page.locator('#f-progress').inputValue()).toBe('');
    await page.getByRole('button', { name: '复制上期' }).click();
    await expect.poll(() => page.locator('#f-progress').inputValue()).toBe('二季度的进展');
    await page.locator('#f-progress').fill('二季度的进展；三季度新增补植 300 亩');
    await expect.poll(() => page.getByTestId('save-state').innerText(), { timeout: 10_000 }).toBe('已保存');
    expect(await page.getByTestId('save-conflict').count()).toBe(0);
    const held = e.host.core.ctx.store.reports.get(e.host.core.ctx.ownUnitCode!, '2021-Q3', 10);
    expect(held).toMatchObject({ progress: '二季度的进展；三季度新增补植 300 亩', next: '三季度继续', version: 2 });
    expect(e.consoleErrors).toEqual([]);
  });
});

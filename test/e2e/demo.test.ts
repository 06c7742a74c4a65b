/**
 * The first run with demo data, as the quick start offers it: the demo fills
 * the period the app opens on (on 2021-10-03: 2021-Q3, due 2021-10-05), no
 * demo file is received after today, and the banner names the period.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { e2eOnRunningClock, statValue, type E2E } from './harness';

let e: E2E;
let page: Page;

e2eOnRunningClock((started) => {
  e = started;
  page = started.page;
});


describe('first run with demo data', () => {
  it('fills the period the overview opens on, none of it received after today', async () => {
    await page.goto(e.host.url);
    // The use of this computer is one group of choices, named, chosen with the arrow keys.
    await page.getByRole('radiogroup', { name: '本机用途' }).getByRole('radio', { name: '填报单位' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByRole('radio', { name: '区局汇总' }).isChecked()).toBe(true);
    await page.getByRole('checkbox', { name: /演示数据/ }).check();
    await page.getByRole('button', { name: '开始使用' }).click();
    await page.getByRole('menuitem', { name: /汇总总览/ }).waitFor();
    // Polled: until the period list has loaded, the picker shows the period's id.
    await expect.poll(() => page.getByTestId('period-picker').innerText()).toContain('2021年第三季度');
    await page.getByText('本数据库包含演示数据（2021年第三季度）').waitFor();
    const s = await e.host.core.run('summary.get', { period: '2021-Q3' });
    expect(s.totals.received).toBe(s.totals.expected);
    await expect.poll(() => statValue(page, 'received')).toBe(`${s.totals.received}/${s.totals.expected}`);
    // Before the deadline nobody is late yet.
    expect(await statValue(page, 'late')).toBe('0');
    expect(await statValue(page, 'missing')).toBe('0');
    await e.shot('09-bureau-demo');
  }, 60_000);

  it('made no request outside 127.0.0.1, logged no console error, named nothing in English, left no button unnamed, kept the page in the window', () => {
    expect(e.outside).toEqual([]);
    expect(e.consoleErrors).toEqual([]);
    expect(e.screenProblems).toEqual([]);
  });
});

/**
 * A unit a revised plan left without tasks: its desk for a period of the new plan says 本期无需报送 (no countdown) and
 * offers nothing to send, copy or print (an empty form).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/db';
import { runningClock } from './clock';
import { startE2E, unitFolder, type E2E } from './harness';

const running: E2E[] = [];
afterAll(async () => {
  for (const e of running) await e.close();
});

describe('a unit left without tasks by a revised plan', () => {
  it('its desk says 本期无需报送 and offers no export, copy or print', async () => {
    const dir = tempDir('eco-e2e-owed-');
    const { bureau, unit } = await unitFolder(dir, '区应急管理局');
    const b = { core: bureau };
    // 区应急管理局 answers for task 14 alone.
    expect((await unit.run('reports.forUnit', { unit: unit.ctx.ownUnitCode!, period: '2021-Q4' })).tasks.map((t) => t.task)).toEqual([14]);
    await b.core.run('catalog.revise', { dropTasks: [14] });
    const revised = await b.core.run('exchange.setupExport', {});
    await unit.run('exchange.setupImport', { file: { name: revised.fileName, dataBase64: revised.dataBase64 } });
    unit.close();
    b.core.close();
    const e = await startE2E({ dataDir: dir, now: runningClock() });
    running.push(e);
    const { page } = e;
    await page.goto(e.host.url);
    // Nothing was reported on the plan before: every period takes the new one (2021年第三季度, due on 10月5日, too).
    await expect.poll(() => page.getByTestId('deadline').innerText()).toBe('本期无需报送');
    expect(await page.getByTestId('filled').innerText()).toBe('已填 0/0');
    expect(await page.locator('body').innerText()).toContain('本期本单位没有负责的任务，无需报送');
    for (const name of ['打印', '复制上期', '导出报送文件']) expect(await page.getByRole('button', { name }).isDisabled(), name).toBe(true);
    expect(e.consoleErrors).toEqual([]);
  });
});

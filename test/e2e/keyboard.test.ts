/**
 * The keyboard where a keyboard-only review found it lost or trapped: after a step in 报送详情, in the preview of a
 * form, in a field of several units; a reason typed and closed by mistake; why a save failed. And a character no
 * font here draws, said in the print preview.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/service';
import { DB_FILE } from '../../electron/server/data-dir';
import { FIXED_NOW, tempDir } from '../helpers/db';
import { runningClock } from './clock';
import { startE2E, unitFolder, type E2E } from './harness';

const running: E2E[] = [];
afterAll(async () => {
  for (const e of running) await e.close();
});

const focusedLabel = (e: E2E): Promise<unknown> => e.page.evaluate('document.activeElement?.getAttribute("aria-label")');

describe('the keyboard at the bureau', () => {
  it('报送详情 closed after a step there hands the keyboard to the row in the unit’s place; a 退回 reason closed by mistake is kept; the print preview closes with Escape from the form and says what it cannot draw; Tab leaves a field of several units unchanged', async () => {
    const dir = tempDir('eco-e2e-keys-');
    const b = { core: await Core.open(join(dir, DB_FILE), { create: true, now: () => FIXED_NOW }) };
    await b.core.run('app.init', { role: 'bureau', periodKind: 'quarter' });
    await b.core.run('demo.fill', { period: '2021-Q3' });
    const units = await b.core.run('submissions.status', { period: '2021-Q3' });
    // A place name with a character of CJK Extension H, which no font on this machine has.
    const rare = units.find((u) => u.kind === 'town')!;
    const task = (await b.core.run('reports.forUnit', { unit: rare.unit, period: '2021-Q3' })).tasks[0]!.task;
    await b.core.run('reports.save', { unit: rare.unit, period: '2021-Q3', task, report: { status: '正常推进', percent: 50, progress: '\u{31350}家庄河道清理已完成' } });
    b.core.close();
    const e = await startE2E({ dataDir: dir, now: runningClock() });
    running.push(e);
    const { page } = e;
    await page.goto(e.host.url);
    const table = page.getByTestId('submissions-table');
    const rows = table.locator('tbody tr[data-row-key]');
    const pending = page.locator('.review-filter label').filter({ hasText: /^待审核（/ });
    await pending.click();
    await expect.poll(() => rows.count()).toBeGreaterThan(2);
    const codes = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-row-key')));
    const [first, second] = [units.find((u) => u.unit === codes[0])!, units.find((u) => u.unit === codes[1])!];

    // 报送详情 of the first unit waiting, opened with the keyboard; approved there; closed: the keyboard is on the next one's link.
    await table.getByRole('button', { name: `查看${first.unitName}的报送详情` }).focus();
    await page.keyboard.press('Enter');
    const detail = page.getByRole('dialog', { name: new RegExp(`^${first.unitName} · `) });
    await detail.waitFor();
    await detail.locator('.unit-detail-review').getByRole('button', { name: '审核通过' }).click();
    const approve = page.getByRole('dialog', { name: `审核通过${first.unitName}的报送` });
    await approve.getByRole('button', { name: '审核通过' }).click();
    await expect.poll(() => approve.count()).toBe(0);
    await expect.poll(() => rows.evaluateAll((trs) => trs[0]?.getAttribute('data-row-key'))).toBe(second.unit);
    await detail.getByRole('button', { name: /关闭|Close/ }).first().focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => focusedLabel(e)).toBe(`查看${second.unitName}的报送详情`);

    // A 退回 reason typed, then Escape: opened again, the reason is still there.
    await table.getByRole('button', { name: `退回（${second.unitName}）` }).click();
    const back = page.getByRole('dialog', { name: `退回${second.unitName}的报送` });
    await back.getByRole('textbox', { name: '退回原因' }).fill('第 4 项工作进展过于简略');
    await page.keyboard.press('Escape');
    await expect.poll(() => back.count()).toBe(0);
    await table.getByRole('button', { name: `退回（${second.unitName}）` }).click();
    await expect.poll(() => back.getByRole('textbox', { name: '退回原因' }).inputValue()).toBe('第 4 项工作进展过于简略');
    await back.getByRole('button', { name: '取消' }).click();

    // The unit form with the rare character: the preview says it would print blank; Escape in the form closes the preview.
    await page.locator('.review-filter label').filter({ hasText: /^全部（/ }).click();
    await table.getByRole('button', { name: `打印${rare.unitName}的单位填报表` }).click();
    const preview = page.getByRole('dialog', { name: `单位填报表（${rare.unitName}，2021年第三季度）` });
    await preview.locator('.missing-glyphs').filter({ hasText: '（U+31350）' }).waitFor();
    expect(await preview.locator('.missing-glyphs').innerText()).toContain('打印出来这些字将是空白');
    await preview.locator('iframe.print-frame').focus();
    await page.keyboard.press('PageDown');
    await page.keyboard.press('Escape');
    await expect.poll(() => preview.count()).toBe(0);
    // A form with nothing of the kind says nothing.
    const other = units.find((u) => u.unit !== rare.unit)!;
    await table.getByRole('button', { name: `打印${other.unitName}的单位填报表` }).click();
    const plain = page.getByRole('dialog', { name: `单位填报表（${other.unitName}，2021年第三季度）` });
    await plain.locator('iframe.print-frame').waitFor();
    await page.waitForTimeout(300);
    expect(await plain.locator('.missing-glyphs').allInnerTexts()).toEqual([]);
    await page.keyboard.press('Escape');
    await expect.poll(() => plain.count()).toBe(0);

    // 设置 → 修订任务清单: Tab in an open list of 配合单位 moves on and changes nothing.
    await page.getByRole('menuitem', { name: '设置' }).click();
    const support = page.getByRole('combobox', { name: '第 11 项配合单位' });
    await support.waitFor();
    await support.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option-active').count()).toBe(1);
    await page.keyboard.press('Tab');
    await expect.poll(() => focusedLabel(e)).not.toBe('第 11 项配合单位');
    await page.keyboard.press('Tab');
    // Nothing picked or dropped on the way (each Tab toggled the highlighted unit, and the edit counted).
    expect(await page.getByRole('button', { name: /预览修订（\d+ 处修改）/ }).count()).toBe(0);
    expect(e.consoleErrors).toEqual([]);
  });
});

describe('the keyboard at a unit', () => {
  it('a save that failed says why in words, not only in a tooltip', async () => {
    const dir = tempDir('eco-e2e-keys-unit-');
    const { bureau, unit } = await unitFolder(dir, '济阳街道');
    unit.close();
    bureau.close();
    const e = await startE2E({ dataDir: dir, now: runningClock() });
    running.push(e);
    const { page } = e;
    await page.goto(e.host.url);
    const status = page.locator('label.ant-radio-button-wrapper').filter({ hasText: '正常推进' }).first();
    await status.waitFor();
    await page.route('**/api/reports.save', (r) => r.abort('failed'));
    await status.click();
    const said = page.locator('.save-failed');
    await said.waitFor();
    expect(await said.innerText()).toMatch(/^保存失败：.+/);
    expect(await said.innerText()).toContain('已输入的内容暂存在本机，修改后会自动重试');
  });
});

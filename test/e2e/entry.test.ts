/**
 * 代为填报 in browser mode: the bureau types in its own office's progress
 * with the clerk's list and form, registers it as received, and the overview
 * counts it; another unit is picked from the keyboard.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/db';
import { importFiles, PERIOD, TOWN, unitBundle } from '../exchange/helpers';
import { runningClock } from './clock';
import { startE2E, type E2E } from './harness';

let e: E2E;
beforeAll(async () => {
  e = await startE2E({ now: runningClock() });
  // (Owed from 2021-Q1: a unit's last 填报人 from the second quarter.)
  await e.host.core.run('app.init', { role: 'bureau', firstPeriod: '2021-Q1' });
});
afterAll(async () => {
  await e?.close();
});

describe('代为填报 (the bureau enters a unit’s progress)', () => {
  it('types in the bureau’s own progress, registers it as received on a day, and the overview counts it', async () => {
    const { page, host } = e;
    const OWN = '市生态环境局济阳分局';
    await page.goto(host.url);
    await page.getByRole('menuitem', { name: /代为填报/ }).click();
    // Opens on the bureau's own office.
    const unitPick = page.getByRole('combobox', { name: '代为填报的单位' });
    await page.locator('.ant-select-content').filter({ hasText: OWN }).or(page.locator('.ant-select-selection-item').filter({ hasText: OWN })).first().waitFor();
    const register = page.getByRole('button', { name: '登记为已报送' });
    await expect(register.isDisabled()).resolves.toBe(true);
    const first = (await host.core.run('reports.forUnit', { unit: OWN, period: '2021-Q3' })).tasks[0]!.task;
    await page.getByTestId(`task-${first}`).click();
    const form = page.locator('.entry-form .ant-card').first();
    await form.locator('label.ant-radio-button-wrapper').filter({ hasText: '正常推进' }).click();
    await page.locator('#f-progress').fill('区局召开专题会议，部署规划修编工作。');
    await expect.poll(() => page.getByTestId('save-state').innerText(), { timeout: 10_000 }).toBe('已保存');
    await expect.poll(() => page.getByTestId('entry-filled').innerText()).toMatch(/^已填 1\//);
    // Received on 1 October (the deadline is the 5th): typed into the date field as 2021-10-1, then registered (leaving
    // the field takes the day).
    const date = page.getByLabel('报送日期');
    await date.click();
    await date.fill('2021-10-1');
    await register.click();
    await page.getByText(/^已登记：市生态环境局济阳分局2021年第三季度的报送（第 1 版，按时，报送日期 2021年10月1日）$/).waitFor();
    const row = (await host.core.run('submissions.status', { period: '2021-Q3' })).find((s) => s.unitName === OWN)!;
    expect(row).toMatchObject({ state: 'on_time', revision: 1, reported: 1, submittedAt: '2021-09-30T16:00:00.000Z' });
    expect((await host.core.run('submissions.log', { unit: OWN, period: '2021-Q3' })).map((x) => x.kind)).toEqual(['entered']);
    await e.shot('22-bureau-entry', { docs: true });
    expect(await page.getByTestId('edited-since').count()).toBe(0);
    // Changed after it was registered: said beside its revision until it is registered again.
    await page.locator('#f-progress').fill('区局召开专题会议，部署规划修编工作，印发工作方案。');
    await expect.poll(() => page.getByTestId('save-state').innerText(), { timeout: 10_000 }).toBe('已保存');
    await page.getByTestId('edited-since').waitFor();
    await e.shot('22a-bureau-entry-edited');
    await register.click();
    await page.getByText(/^已登记：市生态环境局济阳分局2021年第三季度的报送（第 2 版，按时，报送日期 2021年10月1日）$/).waitFor();
    await expect.poll(() => page.getByTestId('edited-since').count()).toBe(0);

    // Another unit, picked from the keyboard: nothing typed in for it yet, nothing to register.
    await unitPick.focus();
    await page.keyboard.type('新市');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('entry-filled').innerText()).toMatch(/^已填 0\//);
    await expect(register.isDisabled()).resolves.toBe(true);

    // The overview counts the bureau's own submission as received on time.
    await page.getByRole('menuitem', { name: /汇总总览/ }).click();
    await page.getByRole('row').filter({ hasText: OWN }).getByText('按时').first().waitFor();
    // Whom to call at a unit not heard from: its last 填报人 and phone, in the 未报送 queue.
    const task = (await host.core.run('reports.forUnit', { unit: '区委办公室', period: '2021-Q2' })).tasks[0]!.task;
    await host.core.run('reports.save', { unit: '区委办公室', period: '2021-Q2', task, report: { status: '正常推进', progress: '上期进展', filledBy: '王五', phone: '0531-84239999' } });
    // From the count above: one step to that queue (before the deadline it is 尚未报送).
    await page.getByRole('button', { name: '查看尚未报送的单位名单' }).click();
    await expect.poll(() => page.locator('.review-filter label.ant-radio-button-wrapper-checked').innerText()).toBe('尚未报送（27）');
    // The keyboard on the queue asked for (not the one shown before).
    await expect.poll(() => page.evaluate('document.activeElement?.closest("label")?.textContent')).toBe('尚未报送（27）');
    const table = page.getByTestId('submissions-table');
    await table.getByRole('row').filter({ hasText: '区委办公室' }).getByText('王五，0531-84239999（2021年第二季度）').waitFor();
    await table.getByRole('row').filter({ hasText: '区委组织部' }).getByText('没有填报记录').waitFor();
    await e.shot('13n-bureau-missing-contacts');
    // A unit whose paper form came: from its 报送详情, 代为填报 opens on it.
    await page.getByRole('button', { name: '查看区委办公室的报送详情' }).click();
    const drawer = page.getByRole('dialog', { name: '区委办公室 · 2021年第三季度报送详情' });
    await drawer.getByRole('button', { name: '代为填报' }).click();
    await page.getByRole('menuitem', { name: /代为填报/ }).and(page.locator('.ant-menu-item-selected')).waitFor();
    await page.locator('.ant-card').filter({ hasText: '代为填报' }).getByText('区委办公室').first().waitFor();
    await expect.poll(() => page.getByTestId('entry-filled').innerText()).toMatch(/^已填 0\//);
    expect((await host.core.run('reports.forUnit', { unit: '区委办公室', period: '2021-Q3' })).tasks.length).toBeGreaterThan(0);
    // Left and come back to from the menu (or in another period): still on that unit.
    await page.getByRole('menuitem', { name: /指标看板/ }).click();
    await page.getByRole('menuitem', { name: /代为填报/ }).click();
    await page.locator('.ant-card').filter({ hasText: '代为填报' }).getByText('区委办公室').first().waitFor();
    expect(e.outside).toEqual([]);
    expect(e.consoleErrors).toEqual([]);
    expect(e.screenProblems).toEqual([]);
  });

  it('a workbook come without its photo: the file named where the unit is reviewed and in 代为填报; attached there, no longer missing and no edit', async () => {
    const { page, host } = e;
    // 新市镇's workbook with one photo listed, sent without its zip.
    const dir = tempDir('eco-e2e-missing-');
    const { unit, zip } = await unitBundle(dir, Buffer.from('现场照片'.repeat(500)));
    unit.core.close();
    const book = Object.entries(unzipSync(readFileSync(zip))).find(([n]) => n.endsWith('.xlsx'))!;
    const alone = join(dir, book[0]);
    writeFileSync(alone, book[1]);
    expect((await importFiles(host.core, [alone])).files[0]).toMatchObject({ status: 'imported', evidenceMissing: 1 });
    const task = (await host.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks.find((t) => t.report)!.task;
    const code = (await host.core.run('submissions.status', { period: PERIOD })).find((s) => s.unitName === TOWN)!.unit;
    const said = '缺佐证材料“照片.jpg”：导入时未随工作簿报送或已损坏；可在“代为填报”中为该任务添加同名文件（扩展名可以不同）。';
    // 任务详情: under the unit's text for the task (none of its evidence came).
    await page.getByRole('menuitem', { name: /任务详情/ }).click();
    const pick = page.getByRole('combobox', { name: '选择任务' });
    await pick.click();
    await pick.fill(`${task}.`);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId(`evidence-missing-task-${task}`).innerText()).toBe(said);
    await page.getByRole('menuitem', { name: /汇总总览/ }).click();
    await page.getByTestId(`evidence-missing-${code}`).waitFor();
    // 报送详情: under the task, the file missing and where to add it.
    await page.getByRole('button', { name: `查看${TOWN}的报送详情` }).click();
    const drawer = page.getByRole('dialog', { name: `${TOWN} · 2021年第三季度报送详情` });
    await expect.poll(() => drawer.getByTestId(`evidence-missing-task-${task}`).innerText()).toBe(said);
    await e.shot('22b-bureau-unit-detail-evidence-missing');
    // 代为填报 on that unit, that task: said above the evidence box; the scan the unit mailed attached as a PDF.
    await drawer.getByRole('button', { name: '代为填报' }).click();
    await page.getByRole('menuitem', { name: /代为填报/ }).and(page.locator('.ant-menu-item-selected')).waitFor();
    await page.getByTestId(`task-${task}`).click();
    const line = page.locator('.entry-form').getByTestId(`evidence-missing-task-${task}`);
    await expect.poll(() => line.innerText()).toBe('缺佐证材料“照片.jpg”：导入时未随工作簿报送或已损坏；在此添加同名文件（扩展名可以不同）后，不再计为缺少。');
    await line.scrollIntoViewIfNeeded();
    await e.shot('22c-bureau-entry-evidence-missing');
    const scan = join(dir, '照片.pdf');
    writeFileSync(scan, '%PDF-1.4 扫描件');
    await page.locator('.entry-form input[type=file]').first().setInputFiles(scan);
    await page.getByText('已添加佐证材料：照片.pdf').waitFor();
    await expect.poll(() => line.count()).toBe(0);
    // The file received completed, not changed: no 收到后已修改, nothing to register again, counted complete.
    expect(await page.getByTestId('edited-since').count()).toBe(0);
    expect((await host.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).editedSince).toBeNull();
    expect((await host.core.run('submissions.status', { period: PERIOD })).find((s) => s.unit === code)).toMatchObject({ evidenceMissing: 0, revision: 1 });
    await page.getByRole('menuitem', { name: /汇总总览/ }).click();
    await page.getByRole('button', { name: `查看${TOWN}的报送详情` }).waitFor();
    expect(await page.getByTestId(`evidence-missing-${code}`).count()).toBe(0);
    expect(e.consoleErrors).toEqual([]);
    expect(e.screenProblems).toEqual([]);
  });
});

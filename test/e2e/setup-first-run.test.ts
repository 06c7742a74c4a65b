/**
 * First run from the bureau's set-up workbook in browser mode: a bad file is
 * refused with the core's message; the real one (made here by a bureau
 * database on 月报, with a renamed town) shows its plan and units, the clerk
 * picks a unit that only the file knows, and lands on the clerk screen with
 * that unit and the file's period kind.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newBureau, tempDir } from '../helpers/db';
import { runningClock } from './clock';
import { startE2E, type E2E } from './harness';

let e: E2E;
let page: Page;
let setupFile: string;
let unitFile: string;
let badFile: string;

beforeAll(async () => {
  const dir = tempDir('eco-e2e-setup-');
  const bureau = await newBureau(dir, 'month');
  try {
    await bureau.core.run('units.save', { code: 'Z10', name: '新市街道', kind: 'town' });
    await bureau.core.run('periods.setDeadline', { period: '2021-09', deadline: '2021-10-09' });
    const f = await bureau.core.run('exchange.setupExport', {});
    setupFile = join(dir, f.fileName);
    writeFileSync(setupFile, Buffer.from(f.dataBase64, 'base64'));
    // The file made for one unit (its 退回 with their reasons).
    const own = await bureau.core.run('exchange.setupExport', { unit: 'Z10' });
    unitFile = join(dir, `发给新市街道-${own.fileName}`);
    writeFileSync(unitFile, Buffer.from(own.dataBase64, 'base64'));
  } finally {
    bureau.core.close();
  }
  badFile = join(dir, '坏文件.xlsx');
  writeFileSync(badFile, 'this is not a workbook');
  e = await startE2E({ now: runningClock() });
  page = e.page;
}, 120_000);

afterAll(async () => {
  await e?.close();
});

const fileInput = () => page.locator('input[type="file"][accept=".xlsx"]');

describe('first run from the bureau’s set-up workbook', () => {
  it('a file that is not a set-up workbook is refused with the core’s message', async () => {
    await page.goto(e.host.url);
    await page.getByText('首次使用').waitFor();
    await page.getByText('填报单位', { exact: true }).click();
    await page.getByRole('button', { name: '载入区局设置文件' }).waitFor();
    await fileInput().setInputFiles(badFile);
    await page.getByText('无法载入设置文件').waitFor();
    await expect(page.locator('.ant-alert-error').innerText()).resolves.toMatch(/“坏文件\.xlsx”：不是 Excel、WPS 或 LibreOffice 工作簿/);
    expect((await e.host.core.run('app.info', {})).initialized).toBe(false);
  });

  it('a file made for one unit chooses that unit and offers no other', async () => {
    await fileInput().setInputFiles(unitFile);
    const preview = page.getByTestId('setup-preview');
    await preview.waitFor();
    await expect(preview.innerText()).resolves.toMatch(/发给\s*新市街道（含该单位的退回原因、审核备注和督办单）/);
    const select = page.locator('#first-run-unit').locator('xpath=ancestor::div[contains(@class,"ant-select")][1]');
    await expect(select.innerText()).resolves.toContain('新市街道');
    await expect(page.getByText('此设置文件是区局专门发给新市街道的，只能用于该单位。').count()).resolves.toBe(1);
    await page.locator('#first-run-unit').click();
    await page.locator('.ant-select-item-option').first().waitFor();
    await expect(page.locator('.ant-select-item-option').allInnerTexts()).resolves.toEqual(['新市街道']);
    await expect(page.locator('.ant-select-item-group').allInnerTexts()).resolves.toEqual(['镇（街道）']);
    await page.keyboard.press('Escape');
    await page.locator('.ant-select-item-option').first().waitFor({ state: 'hidden' });
    await e.shot('01a-first-run-unit-file', { scrolls: true });
    // Back to the default list, then the file for every unit.
    await page.getByRole('button', { name: '改用默认名单' }).click();
    await preview.waitFor({ state: 'hidden' });
  });

  it('shows the plan, version, period kind and the file’s units, then starts as the chosen unit', async () => {
    await fileInput().setInputFiles(setupFile);
    const preview = page.getByTestId('setup-preview');
    await preview.waitFor();
    await expect(preview.innerText()).resolves.toMatch(/jiyang-2021\.1[\s\S]*月报[\s\S]*重点任务 16 项，填报单位 28 个/);
    await expect(page.getByText('无法载入设置文件').count()).resolves.toBe(0);
    // The period kind comes from the file, so the picker is gone.
    await expect(page.getByRole('radiogroup', { name: '报送周期' }).count()).resolves.toBe(0);
    await page.locator('#first-run-unit').click();
    await page.locator('#first-run-unit').fill('新市街道');
    const option = page.locator('.ant-select-item-option').filter({ hasText: '新市街道' });
    await option.waitFor();
    await page.keyboard.press('Enter');
    await expect(page.locator('#first-run-unit').locator('xpath=ancestor::div[contains(@class,"ant-select")][1]').innerText()).resolves.toContain('新市街道');
    await expect(page.getByText('请先选择本单位').count()).resolves.toBe(0);
    await option.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByRole('button', { name: '开始使用' }).isEnabled()).toBe(true);
    await page.getByText('首次使用').click(); // moves the focus off the select, as a person would
    await page.waitForTimeout(400); // the button's colour transition
    await e.shot('01b-first-run-setup-file', { docs: true, scrolls: true });
    await page.getByRole('button', { name: '开始使用' }).click();

    await expect.poll(() => page.getByTestId('filled').innerText(), { timeout: 15_000 }).toMatch(/已填 0\/\d+/);
    await expect(page.locator('.app-header').innerText()).resolves.toContain('新市街道');
    await expect.poll(() => page.getByTestId('period-picker').innerText()).toContain('2021年9月');
    await expect(page.getByTestId('deadline').innerText()).resolves.toContain('2021年10月9日');
    await e.shot('01c-clerk-from-setup-file');

    const info = await e.host.core.run('app.info', {});
    expect(info).toMatchObject({ initialized: true, role: 'unit', periodKind: 'month', catalogVersion: 'jiyang-2021.1' });
    expect(info.unit).toMatchObject({ code: 'Z10', name: '新市街道' });
  });

  it('made no request outside 127.0.0.1, logged no console error, named nothing in English, left no button unnamed, kept the page in the window', () => {
    expect(e.outside).toEqual([]);
    expect(e.consoleErrors).toEqual([]);
    expect(e.screenProblems).toEqual([]);
  });
});

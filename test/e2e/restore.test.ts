/**
 * Restoring backups from the UI in browser mode: the bureau restores one from
 * the backup page (the change made after it is gone, the replaced file kept,
 * the same host keeps serving); and a damaged database opens on a page that
 * offers the newest good backup, which brings the app back.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/service';
import { filesDirFor } from '../../electron/core/paths';
import { DB_FILE } from '../../electron/server/data-dir';
import { FIXED_NOW, scribble, tempDir } from '../helpers/db';
import { runningClock } from './clock';
import { dialogsOpened, startE2E, type E2E } from './harness';

const running: E2E[] = [];
afterAll(async () => {
  for (const e of running) await e.close();
});

const replacedFiles = (dir: string): string[] => readdirSync(dir).filter((f) => f.startsWith(`${DB_FILE}.replaced-`));

async function confirmRestore(page: Page): Promise<void> {
  const dialog = page.locator('.ant-modal-confirm');
  await dialog.waitFor();
  await expect(dialog.innerText()).resolves.toContain('当前数据不会删除');
  // Not while it still scales in (a click there can land as the button moves and do nothing: seen in a full run).
  await dialogsOpened(page);
  await dialog.getByRole('button', { name: /^恢\s?复$/ }).click();
  await restoredSaid(page, /已恢复到 \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2} 的备份/);
}

/** The outcome stays until it is read: what came back, and where the replaced data is kept (its path, copyable). */
async function restoredSaid(page: Page, from: RegExp, shot?: () => Promise<void>): Promise<string> {
  const said = page.locator('.ant-modal-confirm-success');
  await said.waitFor();
  const text = await said.innerText();
  expect(text).toMatch(from);
  expect(text).toMatch(new RegExp(`原数据已保留为 .*${DB_FILE.replace('.', '\\.')}\\.replaced-\\d{8}-\\d{6}[+-]\\d{4}\\s*，没有删除`));
  await said.getByRole('button', { name: '复制路径' }).waitFor();
  // The dialog does not go by itself; Enter on its button (focused) closes it.
  await page.waitForTimeout(200);
  await said.waitFor();
  await shot?.();
  await expect.poll(() => page.evaluate('document.activeElement?.textContent')).toMatch(/知\s?道\s?了/);
  await page.keyboard.press('Enter');
  await said.waitFor({ state: 'detached' });
  return text;
}

describe('restoring a backup from the UI', () => {
  it('the bureau restores a backup from the backup page; the later change is gone', async () => {
    const e = await startE2E({ now: runningClock() });
    running.push(e);
    const { page, host } = e;
    await host.core.run('app.init', { role: 'bureau' });
    const b = await host.core.run('backup.create', {});
    await host.core.run('units.save', { name: '备份后新增单位', kind: 'department' });
    await host.core.run('periods.setDeadline', { period: '2021-Q3', deadline: '2021-10-20' });

    await page.goto(host.url);
    await expect.poll(() => page.getByTestId('deadline').innerText()).toContain('2021年10月20日');
    await page.getByRole('menuitem', { name: /备份与恢复/ }).click();
    await page.getByText('数据库完好').waitFor();
    await page.getByRole('button', { name: /^恢复 .* 的备份$/ }).click();
    await page.locator('.ant-modal-confirm').waitFor();
    await e.shot('18-bureau-restore-confirm');
    await confirmRestore(page);
    await page.locator('.ant-modal-mask').waitFor({ state: 'detached' });
    // The desk starts afresh on the restored database: the deadline set after the backup is gone.
    await expect.poll(() => page.getByTestId('deadline').innerText()).toContain('2021年10月5日');
    await page.getByRole('menuitem', { name: /汇总总览/ }).waitFor();
    await e.shot('19-bureau-restored');

    // The same host and Core serve the restored database.
    expect((await host.core.run('units.list', {})).map((u) => u.name)).not.toContain('备份后新增单位');
    const replaced = replacedFiles(e.host.dbPath.replace(/[\\/][^\\/]+$/, ''));
    expect(replaced).toHaveLength(1);
    expect((await host.core.run('backup.list', {})).map((x) => x.path)).toContain(b.path);
    expect((await host.core.run('periods.get', { period: '2021-Q3' })).deadline).toBe('2021-10-05');
    expect(e.outside).toEqual([]);
    expect(e.consoleErrors).toEqual([]);
    expect(e.screenProblems).toEqual([]);
  });

  it('a damaged database opens on a page that offers the newest good backup, and restoring it brings the app back', async () => {
    const dataDir = tempDir('eco-e2e-damaged-');
    const dbPath = join(dataDir, DB_FILE);
    const core = await Core.open(dbPath, { create: true, now: () => FIXED_NOW });
    await core.run('app.init', { role: 'bureau' });
    await core.run('demo.fill', { period: '2021-Q3' });
    await core.run('backup.create', {});
    core.close();
    // Scribble over the middle of the file, as a failing disk would.
    scribble(dbPath);

    const e = await startE2E({ now: runningClock(), dataDir });
    running.push(e);
    const { page, host } = e;
    expect(host.openError?.code).toBe('db_corrupt');
    await page.goto(host.url);
    await page.getByText('数据文件无法打开').waitFor();
    await page.getByTestId('good-backup').waitFor();
    await e.shot('20-damaged-database', { docs: true, scrolls: true });
    await page.getByTestId('good-backup').getByRole('button', { name: /^恢\s?复$/ }).click();
    await confirmRestore(page);

    // Back on the bureau's desk, with the demo data of the backup.
    await page.getByRole('menuitem', { name: /汇总总览/ }).waitFor();
    expect(host.openError).toBeNull();
    expect((await host.core.run('app.info', {})).reportCount).toBeGreaterThan(0);
    expect(replacedFiles(dataDir)).toHaveLength(1);
    expect(existsSync(dbPath)).toBe(true);
    expect(e.outside).toEqual([]);
    expect(e.consoleErrors).toEqual([]);
    expect(e.screenProblems).toEqual([]);
  });

  it('a daily backup that could not be written: the app opens all the same, the backup page says so until a backup succeeds', async () => {
    const dataDir = tempDir('eco-e2e-nobackup-');
    const dbPath = join(dataDir, DB_FILE);
    const core = await Core.open(dbPath, { create: true, now: () => FIXED_NOW });
    await core.run('app.init', { role: 'bureau' });
    core.close();
    // The backups folder cannot be made: a file stands where it should be.
    const filesDir = filesDirFor(dbPath);
    mkdirSync(filesDir, { recursive: true });
    writeFileSync(join(filesDir, 'backups'), 'not a folder');

    const e = await startE2E({ now: runningClock(), dataDir });
    running.push(e);
    const { page, host } = e;
    expect(host.openError).toBeNull();
    await page.goto(host.url);
    await page.getByRole('menuitem', { name: /备份与恢复/ }).click();
    const warning = page.getByTestId('auto-backup-problem');
    await warning.waitFor();
    await expect(warning.innerText()).resolves.toContain('今天启动时的自动备份没有完成');
    // Why, in words: not the system's code.
    await expect(warning.innerText()).resolves.toContain('写入备份：路径中有一段是文件而不是文件夹');
    await expect(warning.innerText()).resolves.not.toContain('EEXIST');
    await e.shot('21-auto-backup-problem', { docs: true });
    // Once the folder can be made, 立即备份 succeeds and the warning goes.
    rmSync(join(filesDir, 'backups'));
    await page.getByRole('button', { name: /立即备份/ }).click();
    await page.getByText(/^已备份：/).waitFor();
    await warning.waitFor({ state: 'detached' });
    expect(e.outside).toEqual([]);
    expect(e.consoleErrors).toEqual([]);
    expect(e.screenProblems).toEqual([]);
  });

  it('a new computer: the first-run screen restores the whole copy from a USB stick, evidence included, and opens on the desk', async () => {
    // The old computer: a unit with a photo attached, copied to its USB stick.
    const old = await Core.open(join(tempDir('eco-e2e-old-pc-'), DB_FILE), { create: true, now: () => FIXED_NOW });
    await old.run('app.init', { role: 'unit', unit: '新市镇' });
    const task = (await old.run('reports.forUnit', { unit: '新市镇', period: '2021-Q3' })).tasks[0]!.task;
    await old.run('reports.save', { unit: '新市镇', period: '2021-Q3', task, report: { status: '正常推进', percent: 30, progress: '旧电脑上填的进展', filledBy: '张三', phone: '0531-1234567' } });
    const photo = Buffer.from('照片的字节'.repeat(50));
    await old.run('evidence.add', { unit: '新市镇', period: '2021-Q3', task, name: '现场照片.jpg', dataBase64: photo.toString('base64') });
    const usb = join(tempDir('eco-e2e-usb-'), 'U盘');
    await old.run('backup.create', { folder: usb });
    old.close();

    const e = await startE2E({ now: runningClock() });
    running.push(e);
    const { page, host } = e;
    await page.goto(host.url);
    const field = page.getByLabel('完整副本');
    await field.waitFor();
    // Nothing typed, then a folder without a copy: said at the field, nothing changed.
    await field.press('Enter');
    await page.getByText('请填写完整副本所在的文件夹').waitFor();
    await field.fill(dirname(usb));
    await field.press('Enter');
    await page.getByText('中没有完整副本').waitFor();
    expect((await host.core.run('app.info', {})).role).toBeNull();
    await e.shot('01b-first-run-restore-copy', { scrolls: true });
    // Chosen rather than typed: 浏览… opens where the field points (a folder not there: the nearest one above, said),
    // the stick's folder is marked as holding a copy, and the copy itself is chosen.
    await field.fill(join(dirname(usb), '不存在的文件夹'));
    await page.getByRole('button', { name: '浏览…' }).click();
    const picker = page.getByRole('dialog', { name: '选择完整副本所在的文件夹（备份时选的文件夹）' });
    await picker.getByText('已打开其上一级').waitFor();
    await picker.getByRole('button', { name: 'U盘' }).click();
    const copy = picker.getByTestId('folder-copies').getByRole('button', { name: '生态文明进度备份-新市镇.db' });
    await copy.waitFor();
    await e.shot('01c-first-run-folder-picker', { scrolls: true });
    // Up and back down again from the keyboard: Backspace goes up, the arrows move between folders, Enter opens the one in focus.
    await picker.getByRole('button', { name: '生态文明进度备份-新市镇.files' }).focus();
    await page.keyboard.press('Backspace');
    await picker.getByRole('button', { name: 'U盘' }).waitFor();
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("aria-label")')).toBe('U盘');
    await page.keyboard.press('Enter');
    await copy.click();
    await expect.poll(() => field.inputValue()).toBe(join(usb, '生态文明进度备份-新市镇.db'));
    await field.press('Enter');
    // The clerk's desk, with the report and its photo from the old computer.
    await expect.poll(async () => (await host.core.run('app.info', {})).role).toBe('unit');
    // The file the first run had made held nothing: no data said to be kept aside, no file left for it.
    const said = page.locator('.ant-modal-confirm-success');
    await said.waitFor();
    expect(await said.innerText()).not.toContain('原数据已保留');
    expect(replacedFiles(dirname(host.dbPath))).toEqual([]);
    await said.getByRole('button', { name: /知\s?道\s?了/ }).click();
    await page.getByRole('button', { name: '本机设置' }).waitFor();
    const report = (await host.core.run('reports.forUnit', { unit: '新市镇', period: '2021-Q3' })).tasks.find((t) => t.task === task)!.report!;
    expect(report.progress).toBe('旧电脑上填的进展');
    const ev = report.evidence[0]!;
    expect((await host.core.run('evidence.open', { unit: '新市镇', period: '2021-Q3', task, hash: ev.hash, name: ev.name })).dataBase64).toBe(photo.toString('base64'));
    expect(e.outside).toEqual([]);
    expect(e.consoleErrors).toEqual([]);
    expect(e.screenProblems).toEqual([]);
  });

  it('a damaged database with no good backup beside it comes back from the copy on a USB stick', async () => {
    const dataDir = tempDir('eco-e2e-damaged-usb-');
    const dbPath = join(dataDir, DB_FILE);
    const core = await Core.open(dbPath, { create: true, now: () => FIXED_NOW });
    await core.run('app.init', { role: 'bureau' });
    await core.run('demo.fill', { period: '2021-Q3' });
    const usb = join(tempDir('eco-e2e-usb-'), 'U盘');
    await core.run('backup.create', { folder: usb });
    core.close();
    scribble(dbPath);

    const e = await startE2E({ now: runningClock(), dataDir });
    running.push(e);
    const { page, host } = e;
    await page.goto(host.url);
    await page.getByText('数据文件无法打开').waitFor();
    // Said once (the message above says it).
    await expect.poll(() => page.getByText('没有找到可用的备份').count()).toBe(1);
    await page.getByText('请不要删除数据文件').waitFor();
    const field = page.getByLabel('完整副本');
    await field.fill(usb);
    await e.shot('20b-damaged-database-copy', { scrolls: true });
    await field.press('Enter');
    await restoredSaid(page, /已从完整副本 .*U盘.* 恢复。/, () => e.shot('20d-restored-from-copy', { docs: true }));
    await page.getByRole('menuitem', { name: /汇总总览/ }).waitFor();
    expect(host.openError).toBeNull();
    expect((await host.core.run('app.info', {})).reportCount).toBeGreaterThan(0);
    expect(replacedFiles(dataDir)).toHaveLength(1);
    expect(e.outside).toEqual([]);
    expect(e.consoleErrors).toEqual([]);
    expect(e.screenProblems).toEqual([]);
  });

  it('a database from a newer version of the app: the page says to install it, not that nothing can be restored', async () => {
    const dataDir = tempDir('eco-e2e-too-new-');
    const dbPath = join(dataDir, DB_FILE);
    const core = await Core.open(dbPath, { create: true, now: () => FIXED_NOW });
    await core.run('app.init', { role: 'bureau' });
    core.close();
    const db = new Database(dbPath);
    db.pragma('user_version = 999');
    db.close();

    const e = await startE2E({ now: runningClock(), dataDir });
    running.push(e);
    const { page, host } = e;
    await page.goto(host.url);
    await page.getByText('数据文件无法打开').waitFor();
    await page.getByText(/由更新版本的程序创建（结构版本 999/).waitFor();
    await page.getByTestId('too-new').getByText('请向区局索取最新版本的安装程序').waitFor();
    await expect(page.getByText('没有找到可用的备份').count()).resolves.toBe(0);
    await expect(page.getByText('从U盘上的完整副本恢复').count()).resolves.toBe(0);
    await e.shot('20c-database-too-new', { scrolls: true });
    expect(host.openError?.code).toBe('db_too_new');
    expect(e.consoleErrors).toEqual([]);
    expect(e.screenProblems).toEqual([]);
  });
});

/**
 * The clerk's flow in browser mode: pick a unit, fill three tasks (one 进度滞后
 * with its problem), reload and find everything saved, a draft survives a reload
 * before autosave, export the bundle, open the print preview.
 */
import ExcelJS from 'exceljs';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import * as XLSX from 'xlsx';
import { outgoingDir } from '../../electron/core/exchange/outgoing';
import { setupPayload, writeSetupWorkbook, type SetupPayload } from '../../electron/core/exchange/setup-workbook';
import { DEFAULT_DEMANDS, noticeMatter } from '../../shared/notice';
import { dialogsOpened, e2eOnRunningClock, type E2E } from './harness';

let e: E2E;
let page: Page;

e2eOnRunningClock((started) => {
  e = started;
  page = started.page;
});

const form = () => page.locator('.ant-card').filter({ has: page.getByTestId('save-state') });

async function pickStatus(status: string): Promise<void> {
  await form().locator('label.ant-radio-button-wrapper').filter({ hasText: status }).click();
}

/** The bureau's set-up file, exported `later` ms after the app's now, adopted from 本机设置 (the drawer closed again). */
async function adoptSetup(payload: SetupPayload, name: string, later: number, told?: string): Promise<void> {
  const file = join(e.downloadsDir, name);
  writeFileSync(file, await writeSetupWorkbook(payload, new Date(Date.parse(e.host.core.ctx.nowIso()) + later).toISOString()));
  await page.getByRole('button', { name: '本机设置' }).click();
  const drawer = page.getByRole('dialog').filter({ hasText: '本机设置' });
  await drawer.locator('input[type=file]').setInputFiles(file);
  // What the file tells this unit, said in its preview and once adopted.
  if (told !== undefined) await drawer.locator('.setup-told').getByText(told, { exact: false }).waitFor();
  await drawer.getByRole('button', { name: '采用此设置' }).click();
  await drawer.getByText(`已采用：任务清单版本 ${payload.catalog.version}`).waitFor();
  if (told !== undefined) await drawer.getByText('区局告知本单位（请切换到相应的报送周期查看）').waitFor();
  await page.keyboard.press('Escape');
  // Closed for good: once its animation ends the drawer gives the keyboard's focus back to 本机设置
  // (a test focusing the form before then would lose its focus to it).
  await drawer.waitFor({ state: 'hidden' });
  await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("aria-label")')).toBe('本机设置');
}

async function waitSaved(): Promise<void> {
  await expect.poll(() => page.getByTestId('save-state').innerText(), { timeout: 10_000 }).toBe('已保存');
}

describe('clerk (填报单位) in browser mode', () => {
  it('first run: choose 填报单位 and the unit', async () => {
    await page.goto(e.host.url);
    await page.getByText('首次使用').waitFor();
    await e.shot('01-first-run', { docs: true, scrolls: true });
    await page.getByText('填报单位', { exact: true }).click();
    await page.locator('#first-run-unit').fill('区自然资源局');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: '开始使用' }).press('Enter');
    await expect.poll(() => page.getByTestId('filled').innerText()).toMatch(/已填 0\/6/);
    // The button pressed is gone: the keyboard starts at the top of the desk, not on the page itself.
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("data-testid")')).toBe('app-title');
    await expect(page.getByTestId('deadline').innerText()).resolves.toContain('2021年10月5日');
    await e.shot('02-clerk-empty');
  });

  it('fills three tasks, one lagging with its problem', async () => {
    await page.getByTestId('task-10').click();
    await pickStatus('正常推进');
    // A percent out of range is kept as typed and said so; nothing is saved until it is right.
    await page.locator('#f-percent').fill('150');
    await page.locator('#f-progress').focus();
    await page.getByText('完成比例应在 0–100 之间').waitFor();
    await expect(page.locator('#f-percent').inputValue()).resolves.toBe('150');
    await expect(page.getByTestId('save-state').innerText()).resolves.toContain('未保存');
    // Text that is not a number stays as typed and is said (not dropped, nor read as another number); full-width digits
    // (a Chinese input method's) are read as the import reads them.
    await page.locator('#f-percent').fill('六十');
    await page.getByText('“六十”不是数字：请填写阿拉伯数字，如 60 或 18.6').waitFor();
    await expect(page.locator('#f-percent').inputValue()).resolves.toBe('六十');
    await expect(page.getByTestId('save-state').innerText()).resolves.toContain('未保存');
    await page.locator('#f-percent').fill('６０');
    await expect.poll(() => page.getByText('不是数字', { exact: false }).count()).toBe(0);
    // 100% while 正常推进: asked about (saved all the same), gone once they agree.
    await page.locator('#f-percent').fill('100');
    await expect.poll(() => page.getByTestId('percent-mismatch').innerText()).toBe('完成比例为 100%，状态却是“正常推进”：如已完成，请把状态改为“已完成”');
    await page.locator('#f-percent').fill('60');
    await expect.poll(() => page.getByTestId('percent-mismatch').count()).toBe(0);
    await page.locator('#f-progress').fill('完成造林 1200 亩，林草覆盖率稳步提升。');
    // A percentage typed as a fraction (as an Excel percentage cell pastes) is asked about, and kept as typed.
    await page.locator('#indicator-10\\.1').fill('0.186');
    await page.getByText('如指 18.6%，请填 18.6（百分比指标填 0–100 的数）').waitFor();
    await page.locator('#indicator-10\\.1').fill('18.6');
    await page.getByText('达标', { exact: true }).waitFor();
    await expect.poll(() => page.getByText('如指 18.6%', { exact: false }).count()).toBe(0);
    await waitSaved();

    await page.getByTestId('task-11').click();
    await pickStatus('进度滞后');
    await page.locator('#f-progress').fill('生物多样性本底调查招标延后。');
    // A lagging task without its problem is not saved, and says why.
    await page.getByText('必须填写“存在问题”').first().waitFor();
    await expect(page.getByTestId('save-state').innerText()).resolves.toContain('未保存');
    // The message is tied to its field for a screen reader.
    await expect(page.locator('#f-problems').getAttribute('aria-invalid')).resolves.toBe('true');
    const described = await page.locator('#f-problems').getAttribute('aria-describedby');
    await expect(page.locator(`#${described}`).innerText()).resolves.toContain('必须填写“存在问题”');
    await e.shot('03-clerk-validation');
    await page.locator('#f-problems').fill('调查经费尚未拨付，第三方机构未确定。');
    await waitSaved();

    await page.getByTestId('task-15').click();
    await pickStatus('已完成');
    await page.locator('#f-percent').fill('100');
    await page.locator('#f-progress').fill('生态保护红线勘界定标全部完成。');
    await page.locator('#f-filledBy').fill('王敏');
    // A number cut short is asked to be checked (saved all the same), until it is whole.
    await page.locator('#f-phone').fill('0531-8421');
    await page.getByText('号码似乎不完整（座机如 0531-84239999，手机 11 位），请核对').waitFor();
    await page.locator('#f-phone').fill('+86 138-0531-0000');
    await expect.poll(() => page.getByText('号码似乎不完整', { exact: false }).count()).toBe(0);
    await page.locator('#f-phone').fill('+86 138 0531');
    await page.getByText('号码似乎不完整（座机如 0531-84239999，手机 11 位），请核对').waitFor();
    await page.locator('#f-phone').fill('0531-84212345');
    await expect.poll(() => page.getByText('号码似乎不完整', { exact: false }).count()).toBe(0);
    await waitSaved();
    await expect.poll(() => page.getByTestId('filled').innerText()).toMatch(/已填 3\/6/);
    // The README's picture shows the form from its top (filling 联系电话 scrolled it down).
    await page.locator('.app-content').evaluate((el) => el.scrollTo(0, 0));
    await e.shot('04-clerk-filled', { docs: true });
    // 是 on a yes/no indicator without evidence: reminded to attach it, until it is.
    const reminder = '填“是”请在下方“佐证材料”中添加证明材料（区局整理复核材料时，未附材料的会列为待补佐证）';
    await form().getByRole('radiogroup', { name: '生态功能不降低、面积不减少、性质不改变' }).getByText('是', { exact: true }).click();
    await form().getByText(reminder).waitFor();
    await waitSaved();
    // An evidence file: added, listed, and saved back with its name and bytes. Its drop area is named for the keyboard.
    await expect.poll(() => form().getByRole('button', { name: '添加佐证材料：拖入文件，或按回车选择文件' }).count()).toBe(1);
    await form().locator('input[type=file]').setInputFiles({ name: '验收报告.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 验收报告') });
    await page.getByText('已添加佐证材料：验收报告.pdf').waitFor();
    await expect.poll(() => form().getByText(reminder).count()).toBe(0);
    const download = page.waitForEvent('download');
    await form().getByRole('button', { name: '另存 验收报告.pdf' }).click();
    const d = await download;
    expect(d.suggestedFilename()).toBe('验收报告.pdf');
    expect(readFileSync((await d.path())!, 'utf8')).toBe('%PDF-1.4 验收报告');
    // Removing it is asked about first; 取消 keeps it.
    await form().getByRole('button', { name: '移除 验收报告.pdf' }).click();
    const ask = page.locator('.ant-popconfirm').filter({ hasText: '移除佐证材料“验收报告.pdf”？' });
    await ask.waitFor();
    await ask.getByRole('button', { name: /取\s*消/ }).click();
    await ask.waitFor({ state: 'hidden' });
    expect(await form().getByRole('button', { name: '另存 验收报告.pdf' }).count()).toBe(1);
    // From the keyboard: the question takes the focus (on 移除), Escape gives it back to the button, nothing removed.
    const focused = (): Promise<unknown> => page.evaluate('document.activeElement?.getAttribute("aria-label") ?? document.activeElement?.textContent');
    expect(await focused()).toBe('移除 验收报告.pdf');
    await page.keyboard.press('Enter');
    await ask.waitFor();
    await expect.poll(focused).toMatch(/^移\s*除$/);
    await page.keyboard.press('Escape');
    await ask.waitFor({ state: 'hidden' });
    expect(await focused()).toBe('移除 验收报告.pdf');
    expect(await form().getByRole('button', { name: '另存 验收报告.pdf' }).count()).toBe(1);
  });

  it('after a reload everything is still there', async () => {
    await page.reload();
    await expect.poll(() => page.getByTestId('filled').innerText()).toMatch(/已填 3\/6/);
    await expect(page.getByTestId('task-11').innerText()).resolves.toContain('进度滞后');
    await page.getByTestId('task-10').click();
    await expect(page.locator('#f-progress').inputValue()).resolves.toBe('完成造林 1200 亩，林草覆盖率稳步提升。');
    await expect(page.locator('#indicator-10\\.1').inputValue()).resolves.toBe('18.6');
    await page.getByTestId('task-11').click();
    await expect(page.locator('#f-problems').inputValue()).resolves.toBe('调查经费尚未拨付，第三方机构未确定。');
    // The clerk sees the task's saved versions too.
    await form().getByRole('button', { name: '修改记录' }).click();
    const drawer = page.getByRole('dialog').filter({ hasText: '第 11 项任务的修改记录' });
    await drawer.getByText('调查经费尚未拨付，第三方机构未确定。').waitFor();
    expect(await drawer.getByText(/^第 \d+ 次保存/).count()).toBeGreaterThan(0);
    await e.shot('07-clerk-history');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await page.getByTestId('task-15').click();
    await expect(page.locator('#f-phone').inputValue()).resolves.toBe('0531-84212345');
  });

  it('text typed just before a crash or reload comes back from the local draft', async () => {
    await page.getByTestId('task-13').click();
    await pickStatus('正常推进');
    await page.locator('#f-progress').fill('刚输入、还没来得及自动保存的文字');
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.getByTestId('task-13').click();
    await expect.poll(() => page.locator('#f-progress').inputValue()).toBe('刚输入、还没来得及自动保存的文字');
    await waitSaved();
    await expect.poll(() => page.getByTestId('filled').innerText()).toMatch(/已填 4\/6/);
  });

  it('two windows on one task: a save over the other’s is refused and the clerk chooses; a window come back to the front shows the newest', async () => {
    await page.getByTestId('task-13').click();
    await waitSaved();
    const other = await e.context.newPage();
    try {
      await other.goto(page.url());
      await other.getByTestId('task-13').click();
      await other.locator('#f-progress').fill('另一个窗口补充的内容');
      await expect.poll(() => other.getByTestId('save-state').innerText(), { timeout: 10_000 }).toBe('已保存');
      // This window still shows the text it loaded: typed into, its save is not made over the other one.
      await page.locator('#f-progress').fill('这个窗口写的内容');
      const conflict = page.getByTestId('save-conflict');
      await conflict.waitFor({ timeout: 10_000 });
      await expect(conflict.innerText()).resolves.toMatch(/第 13 项任务在您编辑期间已有新的保存（第 \d+ 次保存/);
      await expect(page.getByTestId('save-state').innerText()).resolves.toBe('未保存：已在别处修改（草稿已暂存）');
      await e.shot('04c-clerk-save-conflict');
      // Nothing saved over it: the database still holds the other window's text.
      const held = (): string | undefined => e.host.core.ctx.store.reports.get(e.host.core.ctx.ownUnitCode!, '2021-Q3', 13)?.progress;
      expect(held()).toBe('另一个窗口补充的内容');
      // The other window saves again: this window's unsaved text stays on this computer all the same (one draft per task).
      await other.locator('#f-progress').fill('另一个窗口补充的内容');
      await other.locator('#f-problems').fill('另一个窗口再写一句');
      await expect.poll(() => other.getByTestId('save-state').innerText(), { timeout: 10_000 }).toBe('已保存');
      const drafts = `Object.keys(localStorage).filter((k) => k.startsWith(${JSON.stringify(`eco-draft:${e.host.core.ctx.ownUnitCode!}:2021-Q3:13`)})).map((k) => localStorage.getItem(k)).join()`;
      await expect(page.evaluate(drafts)).resolves.toContain('这个窗口写的内容');
      // 载入最新内容: the other's text, this window's edit given up (its draft too).
      await conflict.getByRole('button', { name: '载入最新内容' }).click();
      await expect.poll(() => page.locator('#f-progress').inputValue()).toBe('另一个窗口补充的内容');
      await expect(page.getByTestId('save-state').innerText()).resolves.toBe('已保存');
      // Typed into again: saved from the newest, no question.
      await page.locator('#f-progress').fill('这个窗口在最新内容上修改');
      await waitSaved();
      expect(held()).toBe('这个窗口在最新内容上修改');
      // The other window, with nothing unsaved, shows that when it comes back to the front.
      await other.evaluate('window.dispatchEvent(new Event("focus"))');
      await expect.poll(() => other.locator('#f-progress').inputValue()).toBe('这个窗口在最新内容上修改');
    } finally {
      await other.close();
    }
    // An earlier version, seen whole in 修改记录 (who filled it in too), taken back into the form: saved as a new one.
    await form().getByRole('button', { name: '修改记录' }).click();
    const drawer = page.getByRole('dialog').filter({ hasText: '第 13 项任务的修改记录' });
    const first = drawer.getByTestId('history-1');
    await first.waitFor();
    await expect(first.innerText()).resolves.toContain('刚输入、还没来得及自动保存的文字');
    await e.shot('07b-clerk-history-restore');
    await first.getByRole('button', { name: '以第 1 次保存的内容填入表单' }).click();
    // Asked first: every field is replaced.
    await page.locator('.ant-popconfirm').filter({ hasText: '以第 1 次保存的内容替换表单中的全部内容？' }).getByRole('button', { name: '填入表单' }).click();
    await expect.poll(() => page.locator('#f-progress').inputValue()).toBe('刚输入、还没来得及自动保存的文字');
    await waitSaved();
    expect(e.host.core.ctx.store.reports.get(e.host.core.ctx.ownUnitCode!, '2021-Q3', 13)?.progress).toBe('刚输入、还没来得及自动保存的文字');
  });

  it('search narrows the task list', async () => {
    await page.getByRole('searchbox', { name: '搜索任务' }).fill('林草');
    await expect(page.locator('.task-item').count()).resolves.toBe(1);
    await page.getByRole('searchbox', { name: '搜索任务' }).fill('');
    await expect(page.locator('.task-item').count()).resolves.toBe(6);
  });

  it('未启动 is a choice like any other; an export asks about edits that could not be saved', async () => {
    const empty = page.locator('.task-item', { hasText: '未填' });
    await empty.first().click();
    // A task never filled in shows no status until one is picked.
    await expect.poll(() => form().locator('.ant-radio-button-wrapper-checked').count()).toBe(0);
    // Text typed before picking one is kept as a draft, not saved; after a reload it still has no status.
    await page.locator('#f-progress').fill('尚在筹备');
    await page.getByText('请选择进展状态').waitFor();
    const which = await page.locator('.task-item.active').getAttribute('data-testid');
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.getByTestId(which!).click();
    await expect.poll(() => page.locator('#f-progress').inputValue()).toBe('尚在筹备');
    expect(await form().locator('.ant-radio-button-wrapper-checked').count()).toBe(0);
    await pickStatus('未启动');
    await waitSaved();
    await expect.poll(() => page.getByTestId('filled').innerText()).toMatch(/已填 5\/6/);
    // What the export would warn of (a task not filled) is asked before the file is made: 返回修改 makes none.
    const sent = e.host.core.ctx.store.submissions.forUnit(e.host.core.ctx.ownUnitCode!, '2021-Q3').length;
    await page.getByRole('button', { name: '导出报送文件' }).click();
    const check = page.getByRole('dialog').filter({ hasText: '导出前请核对' });
    await check.getByText('项任务本期还没有填写，导出的文件中该项任务为空', { exact: false }).waitFor();
    await expect.poll(() => page.evaluate('document.activeElement?.textContent')).toBe('返回修改');
    await e.shot('05d-clerk-export-check');
    await check.getByRole('button', { name: '返回修改' }).click();
    await check.waitFor({ state: 'hidden' });
    expect(e.host.core.ctx.store.submissions.forUnit(e.host.core.ctx.ownUnitCode!, '2021-Q3')).toHaveLength(sent);
    // The last one: lagging without its problem cannot be saved; the export says so before it runs.
    await empty.first().click();
    await pickStatus('进度滞后');
    await page.locator('#f-progress').fill('尚未完成招标');
    // Left for another task, it is marked 未保存 in the list; back on it, its form says so.
    const lagging = (await page.locator('.task-item.active').getAttribute('data-testid'))!;
    await page.getByTestId('task-10').click();
    await expect.poll(() => page.getByTestId(lagging).innerText()).toContain('未保存');
    await page.getByTestId(lagging).click();
    await expect.poll(() => page.locator('#f-progress').inputValue()).toBe('尚未完成招标');
    await page.getByRole('button', { name: '导出报送文件' }).click();
    const ask = page.getByRole('dialog').filter({ hasText: '修改尚未保存' });
    await ask.waitFor();
    await e.shot('05b-clerk-export-unsaved');
    await dialogsOpened(page);
    await ask.getByRole('button', { name: '返回修改' }).click();
    await page.locator('#f-problems').fill('招标文件尚在审核。');
    await waitSaved();
    await expect.poll(() => page.getByTestId('filled').innerText()).toMatch(/已填 6\/6/);
  });

  it('exports the bundle: a .zip of the workbook and its evidence, saved from the file the core prepared', async () => {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出报送文件' }).click();
    // An indicator of a task the unit leads, left without its value, is asked about first; exported all the same here.
    const check = page.getByRole('dialog').filter({ hasText: '导出前请核对' });
    await check.getByText('（本单位牵头）的指标数值还没有填写：区局会按未填处理，可能退回；请补填后重新导出', { exact: false }).waitFor();
    await dialogsOpened(page);
    await check.getByRole('button', { name: '仍然导出' }).click();
    const d = await download;
    expect(d.suggestedFilename()).toMatch(/^.+-2021-Q3-第\d+版\.zip$/);
    // Said with its size (an intranet mail takes attachments up to a limit) and where to send it, with what needs attention.
    await page.getByText(/^已导出：.+-2021-Q3-第\d+版\.zip（\d+(\.\d)? (KB|字节)，由浏览器下载，一般在“下载”文件夹）。请通过内网邮件或U盘报送区局$/).waitFor();
    await e.shot('05c-clerk-exported');
    await page.getByRole('button', { name: /知\s?道\s?了/ }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    // Read and closed: the keyboard is back on the export button.
    await expect.poll(() => page.evaluate('document.activeElement?.textContent')).toContain('导出报送文件');
    const bundle = unzipSync(new Uint8Array(readFileSync((await d.path())!)));
    const names = Object.keys(bundle);
    expect(names.filter((n) => n.endsWith('.xlsx'))).toHaveLength(1);
    const pdf = names.find((n) => n.endsWith('验收报告.pdf'));
    expect(pdf && Buffer.from(bundle[pdf]!).toString('utf8')).toBe('%PDF-1.4 验收报告');
    // Saved once, then gone from where the core prepared it.
    await expect.poll(() => readdirSync(outgoingDir(e.host.core.ctx.dbPath)).length).toBe(0);
    // The unit's own 工作台账 of the year, from 台账: its tasks only, a row per period begun.
    // The menu from the keyboard: Escape gives the keyboard back to its button.
    const more = page.getByRole('button', { name: '更多导出：台账、佐证材料包' });
    await more.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: /本单位2021年工作台账/ }).waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("aria-label")')).toBe('更多导出：台账、佐证材料包');
    const ledger = page.waitForEvent('download');
    await more.click();
    await page.getByRole('menuitem', { name: /本单位2021年工作台账/ }).click();
    const got = await ledger;
    const book = XLSX.read(readFileSync((await got.path())!));
    const rows = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets['工作台账']!, { header: 1 }).slice(3).filter((r) => typeof r[0] === 'number');
    const mine = await e.host.core.run('reports.forUnit', { unit: 'B07', period: '2021-Q3' });
    expect(new Set(rows.map((r) => r[2]))).toEqual(new Set([mine.unit.name]));
    expect(rows.filter((r) => r[4] === '2021年第三季度' && r[5] !== '未报')).toHaveLength(mine.filled);
    // On a 1280 px laptop screen the header keeps to one row (本机设置 not pushed onto a second).
    await page.setViewportSize({ width: 1280, height: 800 });
    await expect.poll(() => page.locator('.app-header').evaluate((el) => el.getBoundingClientRect().height)).toBeLessThan(80);
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('opens the print preview', async () => {
    await page.getByRole('button', { name: '打印' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await expect.poll(async () => (await dialog.locator('iframe').count()) + (await dialog.locator('.ant-alert').count())).toBe(1);
    await e.shot('06-clerk-print');
    // The same form blank, to fill in by hand: the unit's tasks, none of its text.
    const frame = page.frameLocator('iframe[title="打印预览"]');
    await frame.getByText('完成造林 1200 亩', { exact: false }).first().waitFor();
    await dialog.getByRole('checkbox', { name: '空白表（供手工填写）' }).check();
    await expect.poll(async () => (await frame.locator('body').innerText().catch(() => '')).includes('提高林草覆盖率') && !(await frame.locator('body').innerText()).includes('完成造林')).toBe(true);
    await e.shot('06b-clerk-print-blank');
    await dialog.locator('.ant-modal-footer').getByRole('button', { name: '关闭' }).click();
  });

  it('adopts the bureau’s new set-up file from 设置: previews it, says what was edited by hand, then adopts it', async () => {
    // The bureau's file, of which someone unprotected 单位 and renamed a unit by hand.
    const payload = setupPayload(e.host.core.ctx);
    const wb = await new ExcelJS.Workbook().xlsx.load((await writeSetupWorkbook(payload, e.host.core.ctx.nowIso())) as unknown as ArrayBuffer);
    wb.getWorksheet('单位')!.getCell('B5').value = '某某街道办事处';
    const file = join(e.downloadsDir, '设置文件.xlsx');
    writeFileSync(file, new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer));

    await page.getByRole('button', { name: '本机设置' }).click();
    const drawer = page.getByRole('dialog').filter({ hasText: '本机设置' });
    await drawer.getByText(payload.catalog.version).first().waitFor();
    await drawer.locator('input[type=file]').setInputFiles(file);
    await drawer.getByText('设置文件（尚未采用）').waitFor();
    await drawer.getByText(`“单位”表第 5 行 B 列（单位名称）为“某某街道办事处”，设置数据中为“${payload.catalog.units[2]!.name}”`, { exact: false }).waitFor();
    // Previewed, nothing written yet; the keyboard is on 采用此设置.
    await expect.poll(() => page.evaluate('document.activeElement?.textContent')).toBe('采用此设置');
    await e.shot('08-clerk-setup-preview');
    await page.keyboard.press('Enter');
    await drawer.getByText(`已采用：任务清单版本 ${payload.catalog.version}`).waitFor();
    expect(e.host.core.ctx.store.units.list(true).map((u) => u.name)).not.toContain('某某街道办事处');
    // A whole copy of the unit's data on a USB stick, from the same drawer.
    const usb = join(e.downloadsDir, 'U盘');
    await drawer.getByLabel('文件夹').fill(usb);
    await drawer.getByRole('button', { name: '备份到此文件夹' }).click();
    await drawer.getByTestId('backup-copied').waitFor();
    const unitName = e.host.core.ctx.store.units.byCode(e.host.core.ctx.ownUnitCode!)!.name;
    expect(readdirSync(usb)).toContain(`生态文明进度备份-${unitName}.db`);
    await e.shot('08c-clerk-backup-copy');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    // The desk is as it was: the tasks filled are still filled.
    await expect.poll(() => page.getByTestId('filled').innerText()).toMatch(/已填 6\/6/);
  });

  it('a submission the bureau sent back (its next set-up file says so) is said on the desk with why, the tasks it names marked', async () => {
    const ctx = e.host.core.ctx;
    const unitCode = ctx.ownUnitCode!;
    const sent = ctx.store.submissions.forUnit(unitCode, '2021-Q3').filter((x) => x.source === 'export').at(-1)!;
    const payload = setupPayload(ctx);
    payload.returns = [{ unit: unitCode, period: '2021-Q3', revision: sent.revision, contentHash: sent.contentHash, reason: '第10项请补充造林面积的佐证材料', tasks: [10], returnedAt: ctx.nowIso() }];
    await adoptSetup(payload, '设置文件-退回.xlsx', 30_000, `2021年第三季度的报送（第 ${sent.revision} 版）已被区局退回（第 10 项任务）：第10项请补充造林面积的佐证材料；请按退回原因修改后重新导出报送文件`);
    await page.getByText(`区局已退回本单位2021年第三季度的报送（第 ${sent.revision} 版）`).waitFor();
    await page.getByText('第10项请补充造林面积的佐证材料。请按退回原因修改第 10 项任务后重新导出报送文件', { exact: false }).waitFor();
    expect(await page.getByTestId('task-10').innerText()).toContain('退回');
    expect(await page.getByTestId('task-11').innerText()).not.toContain('退回');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    // One step to the task named.
    await page.locator('.return-note').getByRole('button', { name: '转到第 10 项' }).click();
    await expect.poll(() => form().locator('.ant-card-head-title').first().innerText()).toMatch(/^10\. /);
    await e.shot('08b-clerk-returned');
    // From another period the desk points back to it.
    await page.getByRole('combobox', { name: '报送周期' }).click();
    await page.locator('.ant-select-item-option').filter({ hasText: '2021年第四季度' }).click();
    const elsewhere = page.locator('.returned-elsewhere');
    await elsewhere.getByText('区局已退回本单位2021年第三季度的报送，待修改后重新导出').waitFor();
    await elsewhere.getByRole('button', { name: '转到2021年第三季度' }).click();
    await page.locator('.return-note').waitFor();
    expect(await page.locator('.returned-elsewhere').count()).toBe(0);
  });

  it('a submission the bureau approved (its next set-up file says so) is said on the desk, with the paper form it still waits for', async () => {
    const ctx = e.host.core.ctx;
    const unitCode = ctx.ownUnitCode!;
    const sent = ctx.store.submissions.forUnit(unitCode, '2021-Q3').filter((x) => x.source === 'export').at(-1)!;
    const payload = setupPayload(ctx);
    // The return withdrawn and the submission approved: the bureau's file carries the approval, no return.
    payload.returns = [];
    const tasks = ctx.tasksOf(unitCode).map((t) => t.task.no);
    payload.approvals = [
      { unit: unitCode, period: '2021-Q3', revision: sent.revision, contentHash: sent.contentHash, paper: false, paperAt: null, note: '纸质件请于10月8日前报送。', tasks, approvedAt: ctx.nowIso() },
    ];
    await adoptSetup(payload, '设置文件-审核.xlsx', 45_000);
    await page.getByText(`区局已审核通过本单位2021年第三季度的报送（第 ${sent.revision} 版）`).waitFor();
    const note = page.locator('.approval-note');
    expect(await note.innerText()).toContain('区局尚未收到盖章的纸质填报表：请打印本期填报表，经单位负责人签字、加盖公章后报送区局。审核备注：纸质件请于10月8日前报送。如再修改本期内容并重新报送，需由区局重新审核。');
    expect(await page.locator('.return-note').count()).toBe(0);
    expect(await page.getByTestId('task-10').innerText()).not.toContain('退回');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    // The period's story on this computer, folded: its exports, and the approval its set-up file told it of.
    await page.getByRole('button', { name: /^报送与审核记录（\d+）$/ }).click();
    await expect.poll(() => page.locator('.review-log .ant-timeline').innerText()).toMatch(new RegExp(`导出第 ${sent.revision} 版报送文件[\\s\\S]*审核通过第 ${sent.revision} 版，未收到盖章的纸质填报表；备注：纸质件请于10月8日前报送。`));
    // Opened in full (its animation over) before the picture.
    await expect.poll(async () => (await page.locator('.review-log .ant-collapse-item').boundingBox())?.height ?? 0).toBeGreaterThan(80);
    await expect.poll(() => page.locator('.review-log [class*="motion"]').count()).toBe(0);
    await e.shot('08d-clerk-approved');
    await page.getByRole('button', { name: /^报送与审核记录（\d+）$/ }).click();
  });

  it('a 督办单 the bureau issued to the unit (its own set-up file carries it) is on the desk: the matter, the 办理时限, the notice in full, the task marked', async () => {
    const ctx = e.host.core.ctx;
    const unitCode = ctx.ownUnitCode!;
    const payload = setupPayload(ctx);
    const tasks = [{ no: 10, title: ctx.task(10).title }];
    payload.for = unitCode;
    payload.notices = [
      {
        id: 'e2e-notice-1',
        year: 2021,
        seq: 4,
        period: '2021-Q3',
        unit: unitCode,
        unitName: ctx.store.units.byCode(unitCode)!.name,
        reason: 'lagging',
        tasks,
        matter: noticeMatter('2021年第三季度', 'lagging', tasks),
        problems: '造林任务完成不足一半，苗木未到位。',
        demand: DEFAULT_DEMANDS.lagging,
        issuedAt: ctx.nowIso(),
        dueOn: '2021-10-18',
        answeredOn: null,
        answerNote: '',
        answeredAt: null,
        voidedAt: null,
        voidReason: '',
      },
    ];
    await adoptSetup(payload, '设置文件-督办.xlsx', 50_000);
    const note = page.locator('.notices-note');
    await note.getByText('区局督办单：1 份待反馈').waitFor();
    expect(await note.innerText()).toContain('济阳生态督〔2021〕4号');
    expect(await note.innerText()).toContain(payload.notices[0]!.matter);
    expect(await note.innerText()).toContain('办理时限：2021年10月18日');
    expect(await page.getByTestId('task-10').innerText()).toContain('督办');
    expect(await page.getByTestId('task-11').innerText()).not.toContain('督办');
    await e.shot('08e-clerk-notice', { docs: true });
    // The notice as issued, in the print preview.
    await note.getByRole('button', { name: '查看督办单' }).click();
    const preview = page.getByRole('dialog').filter({ hasText: '督办单' });
    await expect.poll(async () => (await preview.locator('iframe').contentFrame().locator('body').innerText().catch(() => '')).includes('造林任务完成不足一半，苗木未到位。'), { timeout: 15_000 }).toBe(true);
    // The keyboard is on 打印 once the notice is there (not on the dialog's close button).
    await expect.poll(() => page.evaluate('document.activeElement?.textContent')).toMatch(/^打\s*印$/);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    // The task named, with the keyboard on its form.
    await note.getByRole('button', { name: '转到第 10 项' }).click();
    await expect.poll(() => form().locator('.ant-card-head-title').first().innerText()).toMatch(/^10\. /);
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("data-testid")')).toBe('task-form-title');
  });

  it('a period the bureau has closed (its next set-up file says so) can be read and printed, not filled in', async () => {
    // An edit that cannot be saved yet (进度滞后 without its problem) is left on this computer as the period closes.
    await page.getByTestId('task-10').click();
    await pickStatus('进度滞后');
    await expect.poll(() => page.getByTestId('save-state').innerText()).toContain('未保存');
    const payload = setupPayload(e.host.core.ctx);
    payload.periods = [...payload.periods.filter((p) => p.period !== '2021-Q3'), { period: '2021-Q3', deadline: '2021-10-05', closed: true }];
    await adoptSetup(payload, '设置文件-关闭.xlsx', 60_000);
    await page.getByText('2021年第三季度已关闭，不再填报').waitFor();
    // What was filled in is all there, and nothing can be changed or copied over it.
    await page.getByTestId('task-10').click();
    await expect.poll(() => page.locator('#f-progress').inputValue()).toBe('完成造林 1200 亩，林草覆盖率稳步提升。');
    // The closed period's view is in (the form is not drawn again under the keyboard's focus below).
    await page.getByText('本机还有此任务未保存的修改').waitFor();
    // Read-only, not disabled: reachable by the keyboard (to scroll or copy a long text), not editable.
    expect(await page.locator('#f-progress').isEditable()).toBe(false);
    await page.locator('#f-progress').focus();
    await page.keyboard.type('不应写入');
    expect(await page.locator('#f-progress').inputValue()).toBe('完成造林 1200 亩，林草覆盖率稳步提升。');
    expect(await page.evaluate('document.activeElement?.id')).toBe('f-progress');
    expect(await form().locator('label.ant-radio-button-wrapper-disabled').count()).toBe(5);
    expect(await page.getByRole('button', { name: '复制上期' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: '打印' }).first().isDisabled()).toBe(false);
    // What was saved is shown (正常推进), and the edit that never was is said, not lost.
    expect(await form().locator('label.ant-radio-button-wrapper-checked').innerText()).toBe('正常推进');
    await page.getByText('本机还有此任务未保存的修改').waitFor();
    // The return told before is not said in a closed period (no corrected file can be taken); the approval is,
    // with the paper form still owed, and nothing about sending the period again.
    expect(await page.locator('.return-note').count()).toBe(0);
    expect(await page.locator('.approval-note').innerText()).toContain('区局尚未收到盖章的纸质填报表');
    expect(await page.locator('.approval-note').innerText()).not.toContain('重新报送');
    expect(await page.getByTestId('task-10').innerText()).not.toContain('退回');
    // No evidence can be added or removed; nothing to drop files on.
    expect(await page.locator('.ant-upload-drag').count()).toBe(0);
    expect(await page.getByRole('button', { name: /^移除/ }).count()).toBe(0);
    await e.shot('09-clerk-closed-period');
    // An export is asked about first (the bureau would refuse the file); 取消 has the keyboard.
    await page.getByRole('button', { name: '导出报送文件' }).click();
    await page.getByText('区局已不再接收本期的报送文件，导入时会拒收', { exact: false }).waitFor();
    await expect.poll(() => page.evaluate('document.activeElement?.textContent')).toBe('取消');
    let downloaded = false;
    const onDownload = (): void => void (downloaded = true);
    page.on('download', onDownload);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await page.waitForTimeout(500);
    page.off('download', onDownload);
    expect(downloaded).toBe(false);
  });

  it('made no request outside 127.0.0.1, logged no console error, named nothing in English, left no button unnamed, kept the page in the window', () => {
    expect(e.outside).toEqual([]);
    expect(e.consoleErrors).toEqual([]);
    expect(e.screenProblems).toEqual([]);
  });
});

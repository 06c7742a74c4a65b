/**
 * The bureau's flow in browser mode: first run as 区局汇总, import ten bundles
 * (one broken), see nine accepted and the broken one with its reason, and
 * find the overview's counts matching the core's summary. Then every other screen.
 */
import { formatChineseDateTime, submissionCellText } from '../../shared/period';
import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import * as XLSX from 'xlsx';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { setupPayload, writeSetupWorkbook, type SetupPayload } from '../../electron/core/exchange/setup-workbook';
import { BUNDLE_UNITS, EVIDENCE, makeBundles, VIDEO, videoBytes } from './bundles';
import { outgoingDir } from '../../electron/core/exchange/outgoing';
import { uploadsDir } from '../../electron/core/exchange/uploads';
import { dialogsOpened, e2eOnRunningClock, statValue, type E2E } from './harness';
import { tempDir } from '../helpers/db';

let e: E2E;
let page: Page;

e2eOnRunningClock((started) => {
  e = started;
  page = started.page;
});


describe('bureau (区局汇总) in browser mode', () => {
  it('first run: choose 区局汇总', async () => {
    await page.goto(e.host.url);
    await page.getByText('区局汇总', { exact: true }).click();
    // 起报周期: by default the quarter being reported (the third, ended last and due 5 October); this bureau collects the
    // whole year's, and is told that every unit's file of the first two quarters will count as late.
    const first = page.getByRole('combobox', { name: '起报周期' });
    await expect(page.locator('.ant-form-item').filter({ has: first }).innerText()).resolves.toMatch(/2021年第三季度[\s\S]*默认为正在报送的一期（最近结束、截止日期未过的一期，否则为当前的一期）；工作方案于2021年7月14日印发，如需收取此前各期，最早可选2021年第一季度/);
    expect(await page.getByTestId('first-late').count()).toBe(0);
    await first.click();
    await page.keyboard.type('第一季度');
    await page.locator('.ant-select-item-option').filter({ hasText: '2021年第一季度' }).click();
    await expect(page.getByTestId('first-late').innerText()).resolves.toBe('2021年第一季度的截止日期（2021年4月5日）已过：各单位此期的报送都将计为逾期，也可能被督办。如从本期起收取，可在开始使用后到“设置”中推迟其截止日期；否则请选截止日期未过的一期。');
    await e.shot('10a-bureau-first-run-late-first', { scrolls: true });
    await page.getByRole('button', { name: '开始使用' }).click();
    await page.getByRole('menuitem', { name: /汇总总览/ }).waitFor();
    await expect(e.host.core.run('app.info', {})).resolves.toMatchObject({ firstOwed: { id: '2021-Q1', label: '2021年第一季度' } });
    // The button pressed is gone: the keyboard starts at the top of the desk, not on the page itself.
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("data-testid")')).toBe('app-title');
    await expect(page.getByTestId('deadline').innerText()).resolves.toContain('2021年10月5日');
    await expect.poll(() => statValue(page, 'missing')).toBe('28');
    await e.shot('10-bureau-empty');
  });

  it('imports ten bundles: nine accepted, the broken one refused with its reason', async () => {
    let t = Date.now();
    const { files, broken } = await makeBundles();
    console.log(`bundles made in ${Date.now() - t} ms`);
    await page.getByRole('menuitem', { name: /导入中心/ }).click();
    // The files go to the core a piece at a time (8 MB at most): the bundle with a 9 MB video in two.
    let pieces = 0;
    const countPieces = (r: { url(): string }): void => {
      if (r.url().includes('exchange.uploadChunk')) pieces++;
    };
    page.on('request', countPieces);
    // The drop area the keyboard stops on says what it is for, not its whole hint.
    await expect.poll(() => page.getByRole('button', { name: '选择要导入的文件：拖入工作簿或压缩包，或按回车选择' }).count()).toBe(1);
    await page.locator('input[type=file]').first().setInputFiles(files);
    await expect.poll(() => page.getByText('已选择 10 个文件').count()).toBe(1);
    t = Date.now();
    // From the keyboard: the button keeps the focus while it works; then the outcome has it (see below).
    const dryRun = page.getByRole('button', { name: '预检（不写入）' });
    await dryRun.focus();
    await page.keyboard.press('Space');
    await page.getByTestId('dry-run-table').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByText('可导入 9 个工作簿，将被拒绝 1 个').count(), { timeout: 60_000 }).toBe(1);
    await expect(page.getByText('其中新导入 9 个、更新 0 个').count()).resolves.toBe(1);
    await expect(page.getByTestId('import-periods').innerText()).resolves.toContain('将导入的报送周期：2021年第三季度（9 个单位）');
    await expect(page.getByRole('button', { name: '确认导入（9 个工作簿）' }).count()).resolves.toBe(1);
    // The same step where the results are read (the one above may be out of view by then).
    await expect(page.getByTestId('dry-run-table').locator('xpath=ancestor::div[contains(@class,"ant-card")][1]').getByRole('button', { name: '导入这 9 个工作簿' }).count()).resolves.toBe(1);
    await expect.poll(() => page.getByRole('button', { name: /确认导入/ }).isEnabled(), { timeout: 60_000 }).toBe(true);
    console.log(`dry run of 10 files in ${Date.now() - t} ms`);
    page.off('request', countPieces);
    expect(pieces).toBe(11);
    // The outcome, scrolled into view, has the keyboard (预检 and 确认导入 above are out of view by then): its summary
    // read first, the next Tab on the import beside it.
    await expect.poll(() => page.evaluate('document.activeElement?.textContent?.startsWith("可导入 9 个工作簿，将被拒绝 1 个")')).toBe(true);
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate('document.activeElement?.textContent')).toBe('导入这 9 个工作簿');
    await page.getByTestId('dry-run-table').scrollIntoViewIfNeeded();
    await e.shot('11-bureau-dry-run', { docs: true });
    t = Date.now();
    await page.getByRole('button', { name: /确认导入/ }).click();
    const totals = page.getByTestId('import-totals');
    await totals.waitFor({ timeout: 60_000 });
    console.log(`import of 9 files in ${Date.now() - t} ms`);
    await expect(totals.innerText()).resolves.toMatch(/共 10 个文件：已导入 9.*已拒绝 1/);
    // Said in passing too, and the button no longer promises an import.
    await page.locator('.ant-message').getByText('导入完成：已导入 9，已拒绝 1').waitFor();
    await expect(page.getByRole('button', { name: '确认导入', exact: true }).isDisabled()).resolves.toBe(true);
    // The keyboard's focus is on the outcome, not lost to the page.
    await expect.poll(() => page.evaluate('document.activeElement?.querySelector("[data-testid=import-totals]") !== null')).toBe(true);
    // The run's record is there at once, with every file (the refused one too).
    await expect.poll(() => page.getByText('导入记录（1）').count()).toBe(1);
    const runs = await e.host.core.run('exchange.importRuns', {});
    expect(runs[0]!.files).toHaveLength(10);
    const brokenRow = page.getByTestId('import-results').locator('tr', { hasText: basename(broken) }).first();
    await expect(brokenRow.innerText()).resolves.toContain('已拒绝');
    // Each file accepted says whether its unit sent on time (exported before the deadline, 2021年10月5日).
    expect(await page.getByTestId('import-results').getByText('首次报送按时').count()).toBe(9);
    // The reason is shown under the row (expanded).
    const reasons = await page.getByTestId('import-results').locator('.error-details li').allInnerTexts();
    expect(reasons.length).toBeGreaterThan(0);
    await totals.scrollIntoViewIfNeeded();
    await e.shot('12-bureau-imported');
    // 导出结果明细: the run's outcome as a workbook to print or send on, the refused file's reason in it.
    const report = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出结果明细', exact: true }).click();
    const saved = await report;
    expect(saved.suggestedFilename()).toMatch(/^导入结果-.+\.xlsx$/);
    const outcome = XLSX.utils.sheet_to_json<string[]>(XLSX.read(readFileSync((await saved.path())!)).Sheets['导入结果']!, { header: 1 });
    const refused = outcome.find((x) => String(x[1]).endsWith(basename(broken)))!;
    expect([refused[5], String(refused[6]).startsWith('错误：')]).toEqual(['已拒绝', true]);
    expect(outcome.filter((x) => x[5] === '已导入')).toHaveLength(9);
    // 导入记录: each accepted file's original, and the .zip a bundle came in, saved again as received.
    await page.getByText('导入记录（1）').click();
    // Each run's heading says what came of it.
    await page.getByText(/· 10 个文件：已导入 9，已拒绝 1$/).click();
    const history = page.getByTestId(`run-${runs[0]!.id}`);
    const zipped = runs[0]!.files.find((f) => f.container)!;
    const zipName = basename(zipped.container!.file);
    const zipRow = history.locator('tr', { hasText: zipName }).first();
    // Once the panels have opened (their animation ends), the row is brought to the middle.
    await expect.poll(() => page.locator('.ant-motion-collapse').count()).toBe(0);
    await zipRow.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await e.shot('12b-bureau-import-history');
    for (const [label, of, hash, name] of [
      ['工作簿', `“${basename(zipped.file)}”`, zipped.sha256, basename(zipped.file)],
      ['压缩包', `“${zipName}”`, zipped.container!.sha256, zipName],
    ] as const) {
      const download = page.waitForEvent('download');
      await zipRow.getByRole('button', { name: `${label}：另存${of}的原件` }).click();
      const d = await download;
      expect(d.suggestedFilename()).toBe(name);
      expect(createHash('sha256').update(readFileSync((await d.path())!)).digest('hex')).toBe(hash);
    }
    // A refused file was not archived: nothing to save, and said so.
    const refusedRow = history.locator('tr', { hasText: basename(broken) }).first();
    await refusedRow.getByText('不存档').waitFor();
    expect(await refusedRow.getByRole('button').count()).toBe(0);
    await page.getByText('导入记录（1）').click();
    // From the outcome to the overview of the period the files were for.
    await page.getByTestId('import-periods').getByRole('button', { name: '查看2021年第三季度汇总' }).click();
    await expect.poll(() => statValue(page, 'on-time')).not.toBe('0');
    await expect(page.getByRole('menuitem', { name: /汇总总览/ }).getAttribute('class')).resolves.toContain('selected');
  }, 150_000);

  it('a folder picked: its workbooks and zips are taken, other files passed over and said', async () => {
    // Another period's bundles, so the check applies them afresh (and says any evidence missing).
    const { files } = await makeBundles('2021-Q2');
    const folder = join(tempDir('eco-e2e-folder-'), '收件箱');
    mkdirSync(folder);
    for (const f of files.filter((x) => !x.endsWith('.zip')).slice(0, 2)) copyFileSync(f, join(folder, basename(f)));
    writeFileSync(join(folder, '说明.txt'), '请查收');
    writeFileSync(join(folder, '现场照片.jpg'), 'jpeg');
    // A unit's bundle unzipped (Windows' 全部解压缩): its workbook and 佐证材料 folder, taken with the folder.
    const zipped = files.find((f) => f.endsWith('.zip'))!;
    const unzippedDir = join(folder, basename(zipped, '.zip'));
    for (const [name, bytes] of Object.entries(unzipSync(readFileSync(zipped)))) {
      mkdirSync(dirname(join(unzippedDir, name)), { recursive: true });
      writeFileSync(join(unzippedDir, name), bytes);
    }
    // Windows' thumbnails in its photo folder: passed over without a word.
    writeFileSync(join(unzippedDir, '佐证材料', 'Thumbs.db'), 'thumbs');
    // A 佐证材料 folder beside two workbooks: whose it is is not known, so it is not sent, and said.
    mkdirSync(join(folder, '佐证材料'));
    writeFileSync(join(folder, '佐证材料', '无主照片.jpg'), 'jpeg');
    await page.getByRole('menuitem', { name: /导入中心/ }).click();
    await page.locator('input[type=file][webkitdirectory]').setInputFiles(folder);
    await expect.poll(() => page.getByText('已选择 5 个文件（其中佐证材料 2 个）').count()).toBe(1);
    await expect(page.getByTestId('skipped-files').innerText()).resolves.toContain('已跳过所选文件夹中 2 个不是工作簿或压缩包的文件');
    await page.getByRole('button', { name: '预检（不写入）' }).click();
    await page.getByTestId('dry-run-table').waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('unassigned-evidence').innerText()).resolves.toContain('“佐证材料”文件夹中 1 个文件无法确定属于哪一份报送，不导入');
    await expect(page.getByTestId('unassigned-evidence').innerText()).resolves.toContain('收件箱/佐证材料/无主照片.jpg');
    // Its row in the selection says so too.
    await expect(page.locator('tr', { hasText: '收件箱/佐证材料/无主照片.jpg' }).locator('.ant-tag', { hasText: '不导入' }).count()).resolves.toBe(1);
    // Another period's files: the overview has nothing of them before they are imported, so no way there yet.
    await expect(page.getByTestId('import-periods').getByRole('button').count()).resolves.toBe(0);
    const row = page.getByTestId('dry-run-table').locator('tr', { hasText: `${basename(zipped, '.zip')}/` }).first();
    await expect(row.innerText()).resolves.toContain('可导入');
    // Its evidence came with it: nothing said missing.
    await expect(page.getByTestId('dry-run-table').innerText()).resolves.not.toContain('没有随工作簿报送');
    await e.shot('11c-bureau-folder-skipped');
    // Another folder of the same name, from elsewhere, with a file of the same name but other content: told apart.
    // The same folder picked again adds nothing.
    const elsewhere = join(tempDir('eco-e2e-folder2-'), '收件箱');
    mkdirSync(elsewhere);
    const twinName = basename(files.filter((x) => !x.endsWith('.zip'))[0]!);
    copyFileSync(files.filter((x) => !x.endsWith('.zip'))[2]!, join(elsewhere, twinName));
    await page.locator('input[type=file][webkitdirectory]').setInputFiles(folder);
    await expect.poll(() => page.getByText(/^已选择 5 个文件/).count()).toBe(1);
    await page.locator('input[type=file][webkitdirectory]').setInputFiles(elsewhere);
    await expect.poll(() => page.getByText(/^已选择 6 个文件/).count()).toBe(1);
    await expect(page.getByText(`收件箱（2）/${twinName}`).count()).resolves.toBe(1);
    await expect(page.getByTestId('renamed-folders').innerText()).resolves.toContain('另一个名为“收件箱”的文件夹显示为“收件箱（2）”');
    // Each picked again: the same folders, nothing added; a file corrected since takes the place of the one held.
    await page.locator('input[type=file][webkitdirectory]').setInputFiles(elsewhere);
    copyFileSync(files.filter((x) => !x.endsWith('.zip'))[3]!, join(folder, twinName));
    await page.locator('input[type=file][webkitdirectory]').setInputFiles(folder);
    await expect.poll(() => page.getByText(`收件箱/${twinName}`).count()).toBe(1);
    expect(await page.getByText(/^已选择 6 个文件/).count()).toBe(1);
    await page.getByRole('button', { name: '清空' }).click();
    await expect.poll(() => page.getByTestId('unassigned-evidence').count()).toBe(0);
    await expect.poll(() => page.getByTestId('skipped-files').count()).toBe(0);
  });

  it('the overview counts match the core and the imported units', async () => {
    await page.getByRole('menuitem', { name: /汇总总览/ }).click();
    const s = await e.host.core.run('summary.get', { period: '2021-Q3' });
    expect(s.totals.onTime + s.totals.late).toBe(BUNDLE_UNITS.length);
    await expect.poll(() => statValue(page, 'on-time')).toBe(String(s.totals.onTime));
    expect(await statValue(page, 'late')).toBe(String(s.totals.late));
    expect(await statValue(page, 'missing')).toBe(String(s.totals.missing));
    expect(await statValue(page, 'received')).toBe(`${s.totals.received}/${s.totals.expected}`);
    expect(await statValue(page, 'lagging')).toBe(String(s.totals.lagging));
    // Before the deadline (2 days left) the units without a file are not yet overdue: said so, not in red.
    await page.getByTestId('stat-missing').getByText('尚未报送', { exact: true }).waitFor();
    // In the table too: grey 尚未报送 tags, none red.
    await expect(page.getByTestId('submissions-table').locator('.ant-tag', { hasText: '尚未报送' }).count()).resolves.toBe(s.totals.missing);
    await expect(page.getByTestId('submissions-table').locator('.ant-tag-error').count()).resolves.toBe(0);
    // The period list is read again as it opens (an import may have brought an older year's files).
    const reread = page.waitForRequest((r) => r.url().endsWith('/api/periods.recent'), { timeout: 5_000 });
    await page.getByTestId('period-picker').click();
    await reread;
    // Typed to find a period (the list reaches back years).
    await page.keyboard.type('第三季度');
    await expect.poll(() => page.locator('.ant-select-item-option').filter({ hasText: '2021年第三季度' }).count()).toBe(1);
    await page.keyboard.type('2099');
    await expect.poll(() => page.locator('.ant-select-item-option').count()).toBe(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').count()).toBe(0);
    await e.shot('13-bureau-overview', { docs: true });
    // 佐证材料包 of the period: the evidence a unit sent, under its task and unit; what to know said after saving
    // (here: a unit that answers a yes/no indicator 是 without evidence, entered at the bureau).
    await e.host.core.run('reports.save', { unit: '太平街道', period: '2021-Q3', task: 4, report: { status: '正常推进', indicators: { '4.1': true } } });
    const pkg = page.waitForEvent('download');
    await page.getByRole('button', { name: /^导出( down)?$/ }).click();
    await page.getByRole('menuitem', { name: /本期佐证材料包/ }).click();
    const got = await pkg;
    expect(got.suggestedFilename()).toBe('济阳区生态文明建设佐证材料-2021年第三季度.zip');
    const entries = unzipSync(readFileSync((await got.path())!));
    const evidenceUnit = e.host.core.ctx.store.units.byCode(EVIDENCE.unit)!.name;
    const placed = Object.keys(entries).find((n) => n.endsWith(`/${evidenceUnit}/${EVIDENCE.name}`))!;
    expect(Buffer.from(entries[placed]!).toString('utf8')).toBe(EVIDENCE.text);
    // The package (over 9 MB, with the video) came down in pieces (8 MB at most) and is whole.
    const videoUnit = e.host.core.ctx.store.units.byCode(VIDEO.unit)!.name;
    const video = Object.keys(entries).find((n) => n.endsWith(`/${videoUnit}/${VIDEO.name}`))!;
    expect(Buffer.from(entries[video]!).equals(videoBytes())).toBe(true);
    expect(Object.keys(entries)).toContain('佐证材料-2021年第三季度/目录.xlsx');
    // Saved, the file the core prepared for it is gone.
    await expect.poll(() => readdirSync(outgoingDir(e.host.core.ctx.dbPath)).length).toBe(0);
    const note = page.getByRole('dialog').filter({ hasText: '已导出：济阳区生态文明建设佐证材料-2021年第三季度.zip' });
    await note.getByText(/^\d+ 项“是否”类指标填了“是”但没有附佐证材料（.+ 第 \d+ 项“.+”.*），已列在压缩包内“目录\.xlsx”的“待补佐证”表中$/).waitFor();
    await e.shot('13a-bureau-evidence-package');
    await note.getByRole('button', { name: /知道了/ }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    // The year's 工作台账 from the same menu, by keyboard: a row per task × unit × period begun.
    const ledger = page.waitForEvent('download');
    await page.getByRole('button', { name: /^导出( down)?$/ }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: /2021年工作台账/ }).waitFor();
    // The keyboard's focus goes into the menu (its items are reached with the arrow keys).
    await expect.poll(() => page.evaluate('document.activeElement?.closest(".ant-dropdown") !== null')).toBe(true);
    await e.shot('13b0-bureau-export-menu');
    await page.getByRole('menuitem', { name: /2021年工作台账/ }).click();
    const book = XLSX.read(readFileSync((await (await ledger).path())!));
    expect(book.SheetNames).toEqual(['工作台账', '报送台账', '督办台账']);
    // A unit's 单位填报表 printed from its row.
    await page.getByTestId('submissions-table').scrollIntoViewIfNeeded();
    await e.shot('13b-bureau-submissions');
    const sent = s.units.find((u) => u.state !== 'missing')!;
    await page.getByRole('button', { name: `打印${sent.unitName}的单位填报表` }).click();
    const preview = page.getByRole('dialog');
    await preview.frameLocator('iframe').getByText(sent.unitName).first().waitFor();
    await preview.locator('.ant-modal-footer').getByRole('button', { name: '关闭' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    // The tasks × units grid by keyboard: one Tab stop, arrows move, the cell is said in words, Enter opens its task.
    const grid = page.getByRole('grid');
    await grid.scrollIntoViewIfNeeded();
    // A cell at the window's foot brings the sentence saying it into view with it (it had stayed below the fold).
    expect(s.tasks.length).toBeGreaterThan(8);
    await page.evaluate(`document.querySelector('[data-cell="5-0"]').scrollIntoView({ block: 'end' })`);
    await grid.locator('[data-cell="4-0"]').focus();
    await page.keyboard.press('ArrowDown');
    const inView = (sel: string): Promise<unknown> =>
      page.evaluate(`(() => { const b = document.querySelector('.app-content').getBoundingClientRect(); const r = document.querySelector('${sel}').getBoundingClientRect(); return r.top >= b.top && r.bottom <= b.bottom; })()`);
    await expect.poll(() => inView('[data-cell="5-0"]')).toBe(true);
    await expect.poll(() => inView('.status-grid-box + .ant-form-item-extra')).toBe(true);
    await grid.locator('[data-cell="0-0"]').focus();
    // PageDown moves a page of rows (5) and keeps the cell in view; PageUp back.
    await page.keyboard.press('PageDown');
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("data-cell")')).toBe(`${Math.min(5, s.tasks.length - 1)}-0`);
    await page.keyboard.press('PageUp');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    expect(await grid.locator('[role="gridcell"][tabindex="0"]').count()).toBe(1);
    const second = s.tasks[1]!;
    await page.getByText(new RegExp(`^第 ${second.no} 项 · .+（回车打开任务详情）$`)).waitFor();
    await e.shot('13c-bureau-grid-keyboard');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('combobox', { name: '选择任务' }).locator('..').innerText()).toContain(`${second.no}. ${second.title}`);
    await page.getByRole('menuitem', { name: /汇总总览/ }).click();
  });

  it('the year’s 报送台账 under the overview: each unit against the periods begun, with each period’s reporting rate', async () => {
    const g = await e.host.core.run('submissions.year', { year: 2021 });
    expect(g.units.length).toBeGreaterThan(0);
    const table = page.getByTestId('year-grid');
    await table.scrollIntoViewIfNeeded();
    await expect.poll(() => table.locator('tbody tr.ant-table-row').count()).toBe(g.units.length);
    await table.getByText('报送率（按时率）').waitFor();
    // The card from its title down (its table scrolls within, the header and the rates row stay).
    await page.evaluate("document.querySelector('[data-testid=year-grid]').closest('.ant-card').scrollIntoView({ block: 'start' }); document.querySelector('.app-content').scrollBy(0, -12)");
    // A unit's cell says what the core says, in full in its title.
    const first = g.units[0]!;
    const q3 = g.periods.findIndex((p) => p.id === '2021-Q3');
    expect(await table.locator('tbody tr.ant-table-row').first().locator('td').nth(q3 + 1).locator('span[title]').getAttribute('title')).toBe(submissionCellText(first.cells[q3]!));
    await e.shot('13e-bureau-year-grid', { docs: true });
  });

  it('督办管理: matters picked and issued with the 办理时限 and 督办要求 asked for; printed as issued; the 督办台账 records the answer', async () => {
    const candidates = await e.host.core.run('notices.candidates', { period: '2021-Q3' });
    expect(candidates.length).toBeGreaterThan(1);
    const picked = candidates.slice(0, 2);
    const said = (c: (typeof candidates)[number]): string => `选择：${c.unitName} ${c.tasks.length === 1 ? `第 ${c.tasks[0]!.no} 项 ${c.tasks[0]!.title}` : `第 ${c.tasks.map((t) => t.no).join('、')} 项（共 ${c.tasks.length} 项）`}`;
    await page.getByRole('button', { name: '督办管理' }).click();
    for (const c of picked) await page.getByRole('checkbox', { name: said(c) }).check();
    await page.getByRole('button', { name: '签发督办单（2 份）' }).click();
    const dialog = page.getByRole('dialog', { name: '签发督办单（2 份）' });
    await dialog.getByRole('textbox', { name: '办理时限' }).waitFor();
    // The matters being issued are listed first, and the keyboard starts there.
    const matters = dialog.locator('.notice-matters li');
    expect(await matters.count()).toBe(2);
    expect(await matters.first().innerText()).toContain(picked[0]!.unitName);
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("aria-label")')).toBe('督办事项（2 项）');
    // The defaults offered: 15 days, the usual wording, which can be changed.
    expect(await dialog.getByRole('textbox', { name: '办理时限' }).inputValue()).toBe('2021年10月18日');
    // A day typed as people write it in Excel is taken (not dropped for the default without a word).
    const due = dialog.getByRole('textbox', { name: '办理时限' });
    await due.click();
    await due.fill('2021-10-20');
    await due.press('Enter');
    await expect.poll(() => due.inputValue()).toBe('2021年10月20日');
    // With a one-digit day too; a day before today is said, not taken.
    await due.fill('2021-10-9');
    await due.press('Enter');
    await expect.poll(() => due.inputValue()).toBe('2021年10月9日');
    await due.fill('2021/9/30');
    await due.press('Enter');
    await page.getByText('办理时限不能是2021年9月30日：办理时限须在今天之后的一年以内').waitFor();
    // Meanwhile 签发 waits (it would issue with the day before), also once the field is left: the refusal stays under it
    // and the field does not show the day before as if it were the answer.
    expect(await dialog.getByRole('button', { name: '签发' }).isDisabled()).toBe(true);
    await due.press('Tab');
    expect(await dialog.getByRole('button', { name: '签发' }).isDisabled()).toBe(true);
    expect(await due.inputValue()).toBe('');
    await dialog.getByRole('alert').filter({ hasText: '办理时限不能是2021年9月30日' }).waitFor();
    await due.fill('2021.10.20');
    await due.press('Enter');
    await expect.poll(() => due.inputValue()).toBe('2021年10月20日');
    const demand = dialog.getByRole('textbox', { name: /督办要求/ }).first();
    await demand.fill('请于十日内报送整改方案，并由分管负责同志签字。');
    await e.shot('23a-bureau-notice-issue');
    // Nothing issued until 签发.
    expect(await e.host.core.run('notices.list', {})).toEqual([]);
    await dialog.getByRole('button', { name: '签发' }).click();
    await page.getByText('已签发 2 份督办单：济阳生态督〔2021〕1号 至 济阳生态督〔2021〕2号').waitFor();
    const ledger = await e.host.core.run('notices.list', { period: '2021-Q3' });
    expect(ledger.map((n) => [n.number, n.dueOn])).toEqual([
      ['济阳生态督〔2021〕1号', '2021-10-20'],
      ['济阳生态督〔2021〕2号', '2021-10-20'],
    ]);
    expect(ledger.some((n) => n.demand === '请于十日内报送整改方案，并由分管负责同志签字。')).toBe(true);
    // The matters issued can no longer be picked.
    await expect.poll(() => page.getByRole('checkbox', { name: said(picked[0]!) }).isDisabled()).toBe(true);
    await e.shot('23-bureau-notices', { docs: true });
    // Printed as issued.
    await page.getByRole('button', { name: '打印刚签发的督办单' }).click();
    const preview = page.getByRole('dialog', { name: /督办单（2021年第三季度，共 2 份）/ });
    const numbers = preview.frameLocator('iframe').locator('.docno');
    await numbers.first().waitFor();
    expect(await numbers.allInnerTexts()).toEqual(['济阳生态督〔2021〕1号', '济阳生态督〔2021〕2号']);
    await e.shot('18-bureau-notice-preview');
    await preview.locator('.ant-modal-footer').getByRole('button', { name: '关闭' }).click();
    // The unit answers: recorded in the 督办台账.
    await page.getByRole('button', { name: '登记反馈：济阳生态督〔2021〕1号' }).click();
    const answer = page.getByRole('dialog', { name: '登记反馈：济阳生态督〔2021〕1号' });
    await answer.getByRole('textbox', { name: '反馈说明' }).fill('书面整改报告已收到');
    await dialogsOpened(page);
    await answer.getByRole('button', { name: '登记' }).click();
    await page.getByRole('button', { name: '撤销反馈：济阳生态督〔2021〕1号' }).waitFor();
    // The keyboard on the row's new first button (the one used is gone).
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("aria-label")')).toBe('撤销反馈：济阳生态督〔2021〕1号');
    expect((await e.host.core.run('notices.list', {}))[0]).toMatchObject({ state: 'answered', answeredOn: '2021-10-03', answerNote: '书面整改报告已收到' });
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    // The second was issued by mistake: voided with its reason; its matter can be picked again.
    // Asked, then cancelled: the keyboard back on the button that opened it.
    await page.getByRole('button', { name: '作废：济阳生态督〔2021〕2号' }).focus();
    await page.keyboard.press('Enter');
    const voiding = page.getByRole('dialog', { name: '作废：济阳生态督〔2021〕2号' });
    // The reason, its only field, has the keyboard.
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("aria-label")')).toBe('作废原因');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("aria-label")')).toBe('作废：济阳生态督〔2021〕2号');
    await page.keyboard.press('Enter');
    await dialogsOpened(page);
    await voiding.getByRole('textbox', { name: '作废原因' }).fill('事项选错');
    await voiding.getByRole('button', { name: '作废' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    // A voided row has no buttons: the keyboard on the ledger.
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("aria-label")')).toBe('督办台账');
    expect((await e.host.core.run('notices.list', {}))[1]).toMatchObject({ state: 'voided', voidReason: '事项选错' });
    await expect.poll(() => page.getByRole('checkbox', { name: said(picked[1]!) }).isDisabled()).toBe(false);
    await e.shot('23b-bureau-notice-ledger', { docs: true });
    // The ledger's range: one group of choices, the arrow keys move to 全部周期 (each notice then says its period).
    const range = page.getByRole('radiogroup', { name: '督办台账的范围' });
    await range.getByRole('radio', { name: '本期' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => range.getByRole('radio', { name: '全部周期' }).isChecked()).toBe(true);
    await page.getByRole('columnheader', { name: '周期' }).waitFor();
    await page.getByRole('menuitem', { name: /汇总总览/ }).click();
  });

  it('a unit’s 报送详情 from its row, and 退回 from there: the reason is asked for, the tasks can be named; shown with why, counted, and withdrawn', async () => {
    const s = await e.host.core.run('summary.get', { period: '2021-Q3' });
    const sent = s.units.find((u) => u.revision !== null)!;
    const mine = await e.host.core.run('reports.forUnit', { unit: sent.unit, period: '2021-Q3' });
    const filled = mine.tasks.find((t) => t.report)!;
    const table = page.getByTestId('submissions-table');
    await table.scrollIntoViewIfNeeded();
    await page.getByRole('button', { name: `查看${sent.unitName}的报送详情` }).click();
    const drawer = page.getByRole('dialog', { name: `${sent.unitName} · 2021年第三季度报送详情` });
    await drawer.waitFor();
    // Every task it is responsible for, with what it sent.
    await drawer.getByText(`${filled.task}. ${filled.title}`).waitFor();
    await drawer.getByText(filled.report!.progress.slice(0, 20), { exact: false }).first().waitFor();
    expect(await drawer.locator('.ant-card').count()).toBe(mine.tasks.length);
    await e.shot('13d-bureau-unit-detail');
    // The file its content came in, named, and saved again as received.
    const { received } = await e.host.core.run('submissions.received', { unit: sent.unit, period: '2021-Q3' });
    await drawer.getByText(received!.file).waitFor();
    const download = page.waitForEvent('download');
    await drawer.getByRole('button', { name: `另存工作簿：另存“${basename(received!.file)}”的原件` }).click();
    const d = await download;
    expect(createHash('sha256').update(readFileSync((await d.path())!)).digest('hex')).toBe(received!.sha256);

    await drawer.getByRole('button', { name: '退回本单位的报送' }).click();
    const dialog = page.getByRole('dialog', { name: `退回${sent.unitName}的报送` });
    await dialog.waitFor();
    await dialogsOpened(page);
    // The reason has the keyboard; without one nothing is sent back.
    await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe('return-reason');
    await dialog.getByRole('button', { name: '退回' }).click();
    await dialog.getByText('请填写退回原因').waitFor();
    await page.keyboard.type('工作进展过于简略，请补充具体数据后重报');
    await dialog.getByRole('checkbox', { name: `${filled.task}. ${filled.title}` }).check();
    await e.shot('13e-bureau-return-dialog');
    await dialog.getByRole('button', { name: '退回' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    // The review shows it at once: the return, and the task it names.
    await drawer.getByText('已退回', { exact: true }).waitFor();
    // Sent back, it is neither accepted nor sent back again until the return is withdrawn.
    await expect(drawer.getByRole('button', { name: '审核通过' }).count()).resolves.toBe(0);
    await drawer.locator('.returned-task').getByText('退回涉及').waitFor();
    await e.shot('13f-bureau-unit-returned');
    // Its 报送与审核记录, opened by the keyboard: the file received, then the return, each with when.
    const logHeader = drawer.getByRole('button', { name: /^报送与审核记录（2）$/ });
    await logHeader.focus();
    await page.keyboard.press('Enter');
    const log = drawer.locator('.review-log .ant-timeline');
    await log.waitFor();
    await expect.poll(() => log.innerText()).toMatch(
      // (Minutes after 10:00 on a slow machine: the test's clock runs on.)
      new RegExp(`2021年10月3日 10:0\\d 收到第 ${sent.revision} 版报送文件“[^”]+”：已导入[\\s\\S]*2021年10月3日 10:0\\d 退回第 ${sent.revision} 版（第 ${filled.task} 项任务）：工作进展过于简略，请补充具体数据后重报`),
    );
    await log.scrollIntoViewIfNeeded();
    await e.shot('13f2-bureau-review-log');
    // The unit learns why from a set-up file of its own (the one for every unit does not say), saved from here.
    const ownFile = page.waitForEvent('download');
    await drawer.getByRole('button', { name: '导出发给该单位的设置文件（含退回原因）' }).click();
    expect((await ownFile).suggestedFilename()).toMatch(new RegExp(`^设置文件-.+-${sent.unitName}\\.xlsx$`));
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    const row = table.locator('tr', { hasText: sent.unitName }).first();
    await expect.poll(() => row.innerText()).toMatch(new RegExp(`已退回[\\s\\S]*退回（第 ${filled.task} 项任务）：工作进展过于简略，请补充具体数据后重报`));
    await expect.poll(() => statValue(page, 'returned')).toBe('1');
    const stored = (await e.host.core.run('submissions.status', { period: '2021-Q3' })).find((u) => u.unit === sent.unit)!.returned!;
    expect(stored).toMatchObject({ reason: '工作进展过于简略，请补充具体数据后重报', tasks: [filled.task], revision: sent.revision, resubmittedRevision: null });
    await row.scrollIntoViewIfNeeded();
    await e.shot('13g-bureau-returned');
    // The tasks × units grid marks the unit's column, and says it of the task the return names.
    const grid = page.getByRole('grid');
    await grid.locator('th.returned-unit', { hasText: sent.unitName }).getByText('退', { exact: true }).waitFor();
    await expect(grid.locator('th.returned-unit').count()).resolves.toBe(1);
    await grid.getByRole('gridcell', { name: new RegExp(`^第 ${filled.task} 项 · ${sent.unitName}：.+，已退回待重报$`) }).waitFor();
    await grid.scrollIntoViewIfNeeded();
    await e.shot('13h-bureau-grid-returned');
    await table.scrollIntoViewIfNeeded();
    // Withdrawn from the row after a question (取消 has the keyboard).
    await page.getByRole('button', { name: `撤销退回（${sent.unitName}）` }).click();
    await page.getByText('撤销后该单位的报送不再显示为已退回').waitFor();
    await expect.poll(() => page.evaluate('document.activeElement?.textContent')).toBe('取消');
    await page.getByRole('button', { name: '撤销退回', exact: true }).click();
    await expect.poll(() => statValue(page, 'returned')).toBe('0');
    await page.getByRole('button', { name: `退回（${sent.unitName}）` }).waitFor();

    // 审核通过 from the row, with a note; the stamped paper form recorded when it comes; then neither sent back nor
    // approved again until withdrawn. The keyboard stays in the row as its buttons change.
    const sentCount = s.units.filter((u) => u.revision !== null).length;
    await expect.poll(() => statValue(page, 'approved')).toBe(`0/${sentCount}`);
    await row.getByText('待审核', { exact: true }).waitFor();
    await page.getByRole('button', { name: `通过（${sent.unitName}）` }).click();
    const approve = page.getByRole('dialog', { name: `审核通过${sent.unitName}的报送` });
    await approve.waitFor();
    // The paper form's box has the keyboard; Tab goes on to the note.
    await expect.poll(() => page.evaluate("document.activeElement?.closest('label')?.textContent")).toBe('已收到该单位负责人签字并盖章的纸质填报表');
    await page.keyboard.press('Tab');
    await page.keyboard.type('电子版无误，纸质件待送');
    await e.shot('13i-bureau-approve-dialog');
    await approve.getByRole('button', { name: '审核通过' }).click();
    await expect.poll(() => approve.count()).toBe(0);
    await expect.poll(() => statValue(page, 'approved')).toBe(`1/${sentCount}`);
    await expect.poll(() => row.innerText()).toMatch(/审核通过[\s\S]*纸质件未收[\s\S]*审核通过（第 \d+ 版），未收到盖章的纸质填报表；备注：电子版无误，纸质件待送/);
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("aria-label")')).toBe(`登记收到纸质件（${sent.unitName}）`);
    await expect(row.getByRole('button', { name: `退回（${sent.unitName}）` }).count()).resolves.toBe(0);
    // The tasks × units grid marks the unit 审, and says it with each of its cells.
    await grid.locator('th.approved-unit', { hasText: sent.unitName }).getByText('审', { exact: true }).waitFor();
    await expect(grid.locator('th.approved-unit').count()).resolves.toBe(1);
    await grid.getByRole('gridcell', { name: new RegExp(`^第 ${filled.task} 项 · ${sent.unitName}：.+，本单位报送已审核通过$`) }).waitFor();
    await grid.scrollIntoViewIfNeeded();
    await e.shot('13k-bureau-grid-approved');
    await row.scrollIntoViewIfNeeded();
    await e.shot('13j-bureau-approved');
    await page.keyboard.press('Enter');
    await expect.poll(() => row.innerText()).toMatch(/已收到盖章的纸质填报表；备注：电子版无误，纸质件待送/);
    expect((await e.host.core.run('submissions.status', { period: '2021-Q3' })).find((u) => u.unit === sent.unit)!.approved).toMatchObject({ paper: true, note: '电子版无误，纸质件待送', supersededBy: null });
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("aria-label")')).toBe(`撤销审核（${sent.unitName}）`);
    // Withdrawn after a question: awaiting review again, and it can be sent back once more.
    await page.keyboard.press('Enter');
    await page.getByText('撤销后该单位的报送回到“待审核”').waitFor();
    await page.getByRole('button', { name: '撤销审核', exact: true }).click();
    await expect.poll(() => statValue(page, 'approved')).toBe(`0/${sentCount}`);
    await page.getByRole('button', { name: `退回（${sent.unitName}）` }).waitFor();

    // The queue of what awaits review: approved from it, a row leaves it and the keyboard goes to the row in its place.
    const rows = table.locator('tbody tr[data-row-key]');
    const queue = (name: string | RegExp) => page.locator('.review-filter label').filter({ hasText: name });
    await queue(`待审核（${sentCount}）`).click();
    await expect.poll(() => rows.count()).toBe(sentCount);
    const next = await rows.nth(1).getAttribute('data-row-key');
    const first = (await rows.first().getAttribute('data-row-key'))!;
    await rows.first().getByRole('button', { name: /^通过（/ }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: /^审核通过.+的报送$/ }).waitFor();
    await dialogsOpened(page);
    await page.getByRole('dialog', { name: /^审核通过.+的报送$/ }).getByRole('button', { name: '审核通过' }).click();
    await expect.poll(() => rows.count()).toBe(sentCount - 1);
    await expect.poll(() => page.evaluate('document.activeElement?.closest("tr")?.getAttribute("data-row-key")')).toBe(next);
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("aria-label")')).toMatch(/^通过（/);
    await queue(`待审核（${sentCount - 1}）`).waitFor();
    await table.scrollIntoViewIfNeeded();
    await e.shot('13l-bureau-pending-queue');
    // Two more chosen in the queue and approved at once. One of them is sent back meanwhile (from another window, say):
    // that one is refused and said in the dialog, the other approved.
    const [a, b] = [(await rows.nth(0).getAttribute('data-row-key'))!, (await rows.nth(1).getAttribute('data-row-key'))!];
    const nameOf = (code: string) => s.units.find((u) => u.unit === code)!.unitName;
    await table.getByRole('checkbox', { name: `选择${nameOf(a)}` }).check();
    await table.getByRole('checkbox', { name: `选择${nameOf(b)}` }).check();
    await page.getByRole('button', { name: '批量审核通过（2）' }).click();
    const bulk = page.getByRole('dialog', { name: '审核通过 2 个单位的报送' });
    await bulk.getByText(`审核通过以下单位的报送：${nameOf(a)}（第 1 版）、${nameOf(b)}（第 1 版）。`, { exact: false }).waitFor();
    // (Its time as the core records it: the test's clock runs on, past 10:00 on a slow machine.)
    const returnedAt = (await e.host.core.run('submissions.return', { unit: b, period: '2021-Q3', reason: '请补充佐证材料' })).returned!.returnedAt;
    await expect.poll(() => page.evaluate("document.activeElement?.closest('label')?.textContent")).toBe('已收到这些单位负责人签字并盖章的纸质填报表');
    await page.keyboard.press('Space');
    await bulk.getByRole('button', { name: '审核通过' }).click();
    await bulk.getByText('1 个单位未审核通过，其余 1 个已审核通过').waitFor();
    await bulk.getByText(`“${nameOf(b)}”2021年第三季度的报送已于${formatChineseDateTime(returnedAt)}退回，尚待重报，不能审核通过`, { exact: false }).waitFor();
    // Nothing is left to approve: the one refused would be refused again. 完成 has the keyboard.
    await expect(bulk.getByRole('button', { name: '审核通过' }).count()).resolves.toBe(0);
    await bulk.getByText(`已审核通过：${nameOf(a)}（第 1 版）；已登记收到纸质填报表。`).waitFor();
    await expect.poll(() => page.evaluate('document.activeElement?.textContent')).toBe('完成');
    // The overview was read again behind the dialog.
    await expect.poll(() => rows.count()).toBe(sentCount - 3);
    await expect.poll(() => statValue(page, 'approved')).toBe(`2/${sentCount}`);
    await e.shot('13m-bureau-bulk-approve-refused');
    const inPlace = (await rows.first().getAttribute('data-row-key'))!;
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    // Closed: the keyboard is back in the queue, on the row now where the first one approved was.
    await expect.poll(() => page.evaluate('document.activeElement?.closest("tr")?.getAttribute("data-row-key")')).toBe(inPlace);
    // The paper forms still owed: the first one approved (the other came with its form). All chosen and recorded at
    // once; the queue is then empty and says so, and the keyboard is on the queue's choice.
    await queue('纸质件未收（1）').click();
    await expect.poll(() => rows.count()).toBe(1);
    await table.getByRole('checkbox', { name: '全选本队列' }).check();
    await page.getByRole('button', { name: '批量登记收到纸质件（1）' }).click();
    // Clicked once the question has opened: a click during its opening animation went unseen once on a loaded host.
    const ask = page.getByRole('dialog', { name: '登记收到 1 个单位的纸质填报表？' });
    await ask.waitFor();
    await dialogsOpened(page);
    await ask.getByRole('button', { name: '登记收到', exact: true }).click();
    await table.getByText('没有符合条件的单位').waitFor();
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("type")')).toBe('radio');
    // The arrow keys move the queue's choice.
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => page.evaluate('document.querySelector(".review-filter input:checked")?.closest("label")?.textContent')).toBe('审核通过（2）');
    expect((await e.host.core.run('submissions.status', { period: '2021-Q3' })).filter((u) => u.approved?.paper).length).toBe(2);
    // An approved unit's 报送详情 offers the set-up file made for it (the approval's note travels only in that one).
    await queue('审核通过（2）').waitFor();
    await table.getByRole('button', { name: `查看${nameOf(a)}的报送详情` }).click();
    const detail = page.getByRole('dialog', { name: new RegExp(`^${nameOf(a)} · `) });
    const ownSetup = page.waitForEvent('download');
    await detail.getByRole('button', { name: '导出发给该单位的设置文件（含审核结果）' }).click();
    expect((await ownSetup).suggestedFilename()).toMatch(new RegExp(`^设置文件-.+-${nameOf(a)}\\.xlsx$`));
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    // Back as it was for what follows: nothing approved or sent back.
    for (const code of [first, a]) await e.host.core.run('submissions.withdrawApproval', { unit: code, period: '2021-Q3' });
    await e.host.core.run('submissions.withdrawReturn', { unit: b, period: '2021-Q3' });
    await queue(/^全部（\d+）$/).click();
  });

  it('shows the indicator board, task detail, settings and backup screens', async () => {
    // A target set from above for the year is drawn on the trend (it had drawn none: only the plan's own target).
    await e.host.core.run('targets.set', { indicator: '16.1', year: 2021, target: 60 });
    await page.getByRole('menuitem', { name: /指标看板/ }).click();
    await page.getByText('指标趋势').waitFor();
    await e.shot('14-bureau-indicators');
    {
      const pick = page.getByRole('combobox', { name: '选择指标' });
      await pick.click();
      await pick.fill('16.1');
      await pick.press('Enter');
      await expect.poll(() => page.getByRole('img', { name: /^指标趋势折线图/ }).getAttribute('aria-label')).toMatch(/^指标趋势折线图：[^，]+，.*2021年第三季度 [^；]*（目标 60%?）/);
      await e.host.core.run('targets.set', { indicator: '16.1', year: 2021, target: null });
    }
    // Last period beside this one: what a unit said it would do next, and that it lagged then too.
    await e.host.core.run('reports.save', {
      unit: '市生态环境局济阳分局',
      period: '2021-Q2',
      task: 2,
      report: { status: '进度滞后', progress: '方案起草中', problems: '部门意见未统一', next: '第三季度召开部署会' },
    });
    await page.getByRole('menuitem', { name: /任务详情/ }).click();
    await page.locator('.side-by-side .ant-card').first().waitFor();
    {
      const own = page.locator('.side-by-side .ant-card').filter({ hasText: '市生态环境局济阳分局' });
      await own.locator('.last-period').getByText('2021年第二季度：').waitFor();
      await expect(own.locator('.last-period').innerText()).resolves.toMatch(/进度滞后[\s\S]*上期下步计划：第三季度召开部署会/);
      // Typed in at the bureau and never registered: marked so, and no 连续两期滞后 counted from it.
      await expect(own.locator('.last-period').innerText()).resolves.toContain('区局录入，尚未登记报送');
      await expect(own.locator('.last-period').innerText()).resolves.not.toContain('连续两期滞后');
    }
    {
      await page.getByRole('button', { name: '修改记录' }).first().click();
      await page.locator('.ant-timeline').waitFor();
      await e.shot('15-bureau-task-history');
      await page.keyboard.press('Escape');
      // Gone, not just emptied: the picture below must not catch it closing.
      await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    }
    await e.shot('15-bureau-task-detail', { docs: true });
    {
      // The plan's wording as it was, each punctuation mark the app corrected marked beside its count.
      const corrections = e.host.core.ctx.catalog().tasks.find((t) => t.no === 2)!.corrections.length;
      await page.getByRole('button', { name: '任务内容与责任单位' }).click();
      await page.getByRole('button', { name: `查看工作方案原文（标点更正 ${corrections} 处）` }).click();
      await expect.poll(() => page.locator('.original-text mark').count()).toBe(corrections);
      await page.getByText(/^本系统显示的文字对原文做了以下更正：半角逗号改为全角逗号 \d+ 处/).waitFor();
      await e.shot('15c-bureau-original-text', { docs: true });
      await page.getByRole('button', { name: '收起原文' }).click();
      await page.getByRole('button', { name: '任务内容与责任单位' }).click();
    }
    {
      // The evidence file a unit sent in its bundle: listed under its entry, saved with its name and bytes.
      const ctx = e.host.core.ctx;
      const task = ctx.tasksOf(EVIDENCE.unit)[0]!.task.no;
      await page.getByRole('combobox', { name: '选择任务' }).click();
      await page.keyboard.type(`${task}.`);
      await page.keyboard.press('Enter');
      const card = page.locator('.side-by-side .ant-card').filter({ hasText: ctx.store.units.byCode(EVIDENCE.unit)!.name });
      await card.getByText('佐证材料（1）').waitFor();
      const download = page.waitForEvent('download');
      await card.getByRole('button', { name: `另存 ${EVIDENCE.name}` }).click();
      const d = await download;
      expect(d.suggestedFilename()).toBe(EVIDENCE.name);
      expect(readFileSync((await d.path())!, 'utf8')).toBe(EVIDENCE.text);
      await e.shot('15b-bureau-task-evidence');
    }
    await page.getByRole('menuitem', { name: /设置/ }).click();
    await page.getByText('报送截止日期').waitFor();
    await e.shot('16-bureau-settings');
    // Closing a period asks first, naming the units that have sent nothing (their files would be refused); cancelled.
    const unsent = (await e.host.core.run('submissions.status', { period: '2021-Q3' })).filter((u) => u.state === 'missing');
    expect(unsent.length).toBeGreaterThan(0);
    await page.getByRole('switch', { name: '关闭2021年第三季度' }).click();
    const ask = page.getByRole('dialog', { name: '关闭2021年第三季度？' });
    await ask.getByText(new RegExp(`${unsent[0]!.unitName}.*本期尚未报送.*关闭后这些单位不能再补报`)).waitFor();
    await ask.getByRole('button', { name: '取消' }).click();
    await expect.poll(async () => (await e.host.core.run('periods.list', { year: 2021 })).find((p) => p.id === '2021-Q3')?.closed).toBe(false);
    // A deadline typed with a one-digit month and day is taken when Enter is pressed, and saved once; one that is no
    // day is said and changes nothing.
    const q4 = page.getByRole('textbox', { name: '2021年第四季度截止日期' });
    const logged = async (): Promise<number> => (await e.host.core.run('settings.log', { period: '2021-Q4' })).length;
    const before = await logged();
    await q4.click();
    await q4.fill('2022-1-8');
    await q4.press('Enter');
    await expect.poll(async () => (await e.host.core.run('periods.list', { year: 2021 })).find((p) => p.id === '2021-Q4')?.deadline).toBe('2022-01-08');
    await expect.poll(() => q4.inputValue()).toBe('2022年1月8日');
    await q4.press('Tab');
    expect(await logged()).toBe(before + 1);
    await q4.click();
    await q4.fill('2022-1-');
    await q4.press('Tab');
    await page.getByText('2021年第四季度截止日期“2022-1-”不是日期：请按 2021年10月5日、2021-10-5 或 2021/10/5 的样式输入').waitFor();
    await expect.poll(() => q4.inputValue()).toBe('2022年1月8日');
    expect(await logged()).toBe(before + 1);
    // The period kind changes only through its dialog, which says what changing it does; cancelled, nothing changed.
    expect(await page.getByTestId('period-kind').innerText()).toBe('季报');
    await page.getByRole('button', { name: '更改报送周期…' }).click();
    const kindDialog = page.getByRole('dialog', { name: '更改报送周期' });
    // The keyboard starts on the kind in use.
    await expect.poll(() => page.evaluate('document.activeElement?.closest("label")?.textContent')).toBe('季报');
    await kindDialog.getByText('月报', { exact: true }).click();
    await kindDialog.getByText('由季报改为月报').waitFor();
    // By name: the quarter still owed, the one dropped, the month the new kind begins with.
    await expect(kindDialog.getByTestId('kind-switch-said').innerText()).resolves.toBe(
      '今天更改：2021年第三季度及以前已结束的各期照常收取、统计和督办；2021年第四季度尚未结束，不再作为一期报送（已填写的内容仍可查看）；从2021年10月起按月报报送，2021年10月以前的月报各期不要求报送。',
    );
    await kindDialog.getByText('各单位须导入重新导出的设置文件后才按新周期填报', { exact: false }).waitFor();
    await e.shot('16f-bureau-period-kind');
    await kindDialog.getByRole('button', { name: /取\s*消/ }).click();
    await kindDialog.waitFor({ state: 'hidden' });
    expect((await e.host.core.run('app.info', {})).periodKind).toBe('quarter');
    // The 起报周期 chosen at the first run; moving it says which periods stop (or start) being owed; here the second
    // quarter holds a unit's entries, so it may not move past it: the later quarters are offered disabled, and why is said.
    expect(await page.getByTestId('first-owed').innerText()).toBe('2021年第一季度');
    await page.getByRole('button', { name: '更改起报周期…' }).click();
    const firstDialog = page.getByRole('dialog', { name: '更改起报周期' });
    await dialogsOpened(page);
    // The keyboard starts on the period list: typed to find one, Enter picks it.
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("aria-label")')).toBe('起报周期');
    await firstDialog.getByTestId('first-limit').waitFor();
    expect(await firstDialog.getByTestId('first-limit').innerText()).toMatch(/^2021年第二季度（\d+ 个单位已有填报内容）、2021年第三季度（已收到 \d+ 个单位的报送[^）]*）.*已有报送内容或督办，须照常统计和办理：起报周期最晚可改为2021年第二季度。$/);
    await page.keyboard.type('第三季度');
    await expect.poll(() => page.locator('.ant-select-item-option-disabled').filter({ hasText: '2021年第三季度（以前各期已有报送，不能改到此期）' }).count()).toBe(1);
    await page.keyboard.press('Enter');
    // (Enter on it picks nothing.) The second quarter may be chosen: only the first stops being owed.
    await page.keyboard.press('Control+A');
    await page.keyboard.type('第二季度');
    await page.keyboard.press('Enter');
    await expect(firstDialog.getByTestId('first-move-said').innerText()).resolves.toBe(
      '2021年第一季度及以前结束的各期不要求报送：不列为未报，不计入报送率，不能为其签发督办单，也不接收这些期的报送文件。已收到报送、已审核、退回或签发督办单的周期须照常统计和办理，起报周期不能改到它们以后。（原从2021年第一季度起报送。）各单位须导入重新导出的设置文件。此项更改记入设置变更记录，可以改回。',
    );
    await e.shot('16g-bureau-first-period', { docs: true });
    await firstDialog.getByRole('button', { name: /取\s*消/ }).click();
    await firstDialog.waitFor({ state: 'hidden' });
    expect((await e.host.core.run('app.info', {})).firstOwed?.id).toBe('2021-Q1');
    // Renaming a unit says what becomes of the periods due before; cancelled here.
    const units = page.locator('.ant-card').filter({ hasText: '填报单位' });
    await units.getByRole('row').filter({ hasText: '新市镇' }).getByRole('button', { name: '修改' }).click();
    const rename = page.getByRole('dialog', { name: /修改单位/ });
    await rename.getByLabel('单位名称').fill('新市街道');
    await rename.getByText('改名后，截止日期在今天之前的报送周期仍以原名称“新市镇”显示、打印和导出；以原名称报送的文件照常接收。').waitFor();
    await e.shot('16a-bureau-unit-rename');
    // Only a spelling corrected: said otherwise.
    await rename.getByRole('checkbox', { name: '只是更正名称中的错字（不是改名）' }).check();
    await rename.getByText('更正后，以往的报送周期也改用新名称；以原名称“新市镇”报送的文件仍可导入（会提示核实名称）。').waitFor();
    // Switched off, the button says that saving deactivates it.
    await rename.getByRole('switch', { name: '启用' }).click();
    await rename.getByRole('button', { name: '保存并停用' }).waitFor();
    await rename.getByRole('switch', { name: '启用' }).click();
    await rename.getByRole('button', { name: /^保\s*存$/ }).waitFor();
    await rename.getByRole('button', { name: /取\s*消/ }).click();
    await rename.waitFor({ state: 'hidden' });
    // Another renamed for good: its earlier name listed, with until when.
    await units.getByRole('row').filter({ hasText: '仁风镇' }).getByRole('button', { name: '修改' }).click();
    await rename.getByLabel('单位名称').fill('仁风街道');
    await rename.getByRole('button', { name: /保\s*存/ }).click();
    await rename.waitFor({ state: 'hidden' });
    await units.getByRole('row').filter({ hasText: '仁风街道' }).getByText(/^仁风镇（\d{4}年\d{1,2}月\d{1,2}日改名）$/).waitFor();
    await e.shot('16a2-bureau-unit-renamed');
    // The year's target handed down from above, typed in from the keyboard (Enter saves); until then 待定.
    const targets = page.locator('.ant-card').filter({ hasText: '上级下达目标' });
    const row161 = targets.getByRole('row').filter({ hasText: '16.1' });
    await row161.getByText('未录入').waitFor();
    await row161.getByLabel('自然岸线保有率2021年目标', { exact: true }).fill('85.5');
    await row161.getByLabel('自然岸线保有率2021年目标', { exact: true }).press('Enter');
    await row161.getByText('已录入').waitFor();
    expect(e.host.core.ctx.store.targets.get('16.1', 2021)).toBe(85.5);
    expect((await e.host.core.run('indicators.status', { period: '2021-Q3' })).find((i) => i.id === '16.1')!.targetText).toBe('≥85.5%（上级下达）');
    await e.shot('16c-bureau-targets', { docs: true });
    // Kept in 设置变更记录, newest first.
    await page.getByRole('button', { name: /设置变更记录/ }).click();
    await expect.poll(() => page.getByTestId('settings-log').locator('li').first().innerText()).toMatch(/16\.1 自然岸线保有率 2021年上级下达目标：未录入 改为 85\.5%$/);
    // 10.1 must not fall: its 基准值 for the year, what its first value is compared with.
    const baselines = page.locator('.ant-card').filter({ hasText: '“不降低”类指标的基准值' });
    const row101 = baselines.getByRole('row').filter({ hasText: '10.1' });
    await row101.getByLabel('林草覆盖率2021年基准值', { exact: true }).fill('21.5');
    await row101.getByLabel('林草覆盖率2021年基准值', { exact: true }).press('Enter');
    await row101.getByText('已录入').waitFor();
    expect(e.host.core.ctx.store.baselines.get('10.1', 2021)).toBe(21.5);
    await baselines.scrollIntoViewIfNeeded();
    await e.shot('16e-bureau-baselines');
    // A revised plan from a set-up workbook: one that does not hang together is refused at its preview; a sound one is previewed, then adopted.
    const base = setupPayload(e.host.core.ctx);
    const planFile = async (name: string, payload: SetupPayload): Promise<string> => {
      const path = join(e.downloadsDir, name);
      writeFileSync(path, await writeSetupWorkbook(payload, e.host.core.ctx.nowIso()));
      return path;
    };
    const card = page.locator('.ant-card').filter({ hasText: '载入修订的任务清单' });
    await card.locator('input[type=file]').setInputFiles(await planFile('两个第3项.xlsx', { ...base, catalog: { ...base.catalog, version: 'jiyang-2024.1', tasks: [...base.catalog.tasks, base.catalog.tasks[2]!] } }));
    await card.getByText('未采用此设置文件').waitFor();
    await card.getByText('任务序号 3 出现了两次', { exact: false }).first().waitFor();
    await card.locator('input[type=file]').setInputFiles(await planFile('2024年修订.xlsx', { ...base, catalog: { ...base.catalog, version: 'jiyang-2024.1' } }));
    await card.getByText('本机 jiyang-2021.1 → 此文件 jiyang-2024.1').waitFor();
    await e.shot('16b-bureau-revised-plan');
    expect(e.host.core.ctx.catalog().version).toBe('jiyang-2021.1');
    await card.getByRole('button', { name: '采用此设置' }).click();
    await card.getByText('已采用：任务清单版本 jiyang-2021.1 → jiyang-2024.1', { exact: false }).waitFor();
    expect(e.host.core.ctx.catalog().version).toBe('jiyang-2024.1');
    // Revised in the app: task 3 gets a supporting unit, indicator 3.1 a higher target; previewed, then adopted.
    const revision = page.locator('.ant-card').filter({ hasText: '修订任务清单（任务、责任分工与指标）' });
    // Edits dropped only when 放弃修改 is confirmed; the keyboard then goes to the card's text (the buttons are disabled).
    const target31 = revision.getByRole('textbox', { name: /^指标 3\.1 .+的目标$/ });
    const heldTarget = await target31.inputValue();
    await target31.fill('30');
    const drop = revision.getByRole('button', { name: '放弃修改' });
    await drop.click();
    const dropAsk = page.locator('.ant-popconfirm').filter({ hasText: '放弃 1 处修改？' });
    await dropAsk.waitFor();
    await page.keyboard.press('Escape');
    await dropAsk.waitFor({ state: 'hidden' });
    expect(await target31.inputValue()).toBe('30');
    await drop.click();
    await dropAsk.getByRole('button', { name: '放弃修改' }).click();
    await expect.poll(() => target31.inputValue()).toBe(heldTarget);
    expect(await revision.getByRole('button', { name: '预览修订' }).isDisabled()).toBe(true);
    expect(await page.evaluate('document.activeElement?.className')).toContain('focus-target');
    const support3 = revision.getByRole('combobox', { name: '第 3 项配合单位' });
    await support3.click();
    await support3.fill('区自然资源局');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    // Text that is not a number is said and nothing is previewed; then the number.
    await revision.getByRole('textbox', { name: /^指标 3\.1 .+的目标$/ }).fill('二十五');
    await revision.getByText(/^指标 3\.1 .+的目标：“二十五”不是数字/).waitFor();
    await revision.getByRole('textbox', { name: /^指标 3\.1 .+的目标$/ }).fill('25');
    // The 2024 kind of revision: a task reworded, an indicator added to task 10 (its form, then 添加指标).
    await revision.getByRole('textbox', { name: '第 5 项任务名称' }).fill('加强生态环境信息公开');
    const ofTask = revision.getByRole('combobox', { name: '新增指标所属任务' });
    await ofTask.click();
    await ofTask.fill('第 10 项');
    await page.keyboard.press('Enter');
    await revision.getByRole('textbox', { name: '新增指标名称' }).fill('森林覆盖率');
    await revision.getByRole('textbox', { name: '新增指标的目标值' }).fill('15');
    await revision.getByRole('button', { name: '添加指标' }).click();
    await revision.getByTestId('added-indicators').getByText('第 10 项：森林覆盖率（≥15%）').waitFor();
    await revision.getByRole('button', { name: '预览修订（4 处修改）' }).click();
    await revision.getByText(/^本机 jiyang-2024\.1 → 修订后 jiyang-2024\.1-r20211003-[0-9a-f]{6}$/).waitFor();
    // The preview's 取消 gives the keyboard back to 预览修订; previewed again.
    await revision.getByRole('button', { name: /^取\s*消$/ }).click();
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('预览修订（4 处修改）');
    await page.keyboard.press('Enter');
    await revision.getByText(/^本机 jiyang-2024\.1 → 修订后 jiyang-2024\.1-r20211003-[0-9a-f]{6}$/).waitFor();
    await revision.getByText(/^指标 3\.1“.+”的目标由“≥20%”改为“≥25%”$/).waitFor();
    await revision.getByText(/^第 3 项“.+”：增加配合单位区自然资源局；责任单位改为：区委组织部、区自然资源局$/).waitFor();
    await revision.getByText('第 5 项任务名称由“加强生态环境信息公开率”改为“加强生态环境信息公开”').waitFor();
    await revision.getByText(/^第 10 项新增指标 10\.\d+“森林覆盖率”（≥15%）$/).waitFor();
    expect(e.host.core.ctx.catalog().version).toBe('jiyang-2024.1');
    await revision.getByRole('button', { name: '采用此修订' }).scrollIntoViewIfNeeded();
    await e.shot('16d-bureau-revision', { docs: true });
    await revision.getByRole('button', { name: '采用此修订' }).click();
    // Said above the card, which is read afresh on the new version; it stays until closed.
    await page.getByText(/^已采用修订的任务清单：jiyang-2024\.1 → jiyang-2024\.1-r20211003-[0-9a-f]{6}$/).waitFor();
    await revision.getByRole('button', { name: '预览修订' }).waitFor();
    await page.getByText('请在上方“设置文件”中导出设置文件，下发各单位；各单位导入后才能按新清单报送。').waitFor();
    const t3 = e.host.core.ctx.catalog().tasks.find((t) => t.no === 3)!;
    expect([e.host.core.ctx.catalog().version, t3.units.map((u) => u.role), t3.indicators[0]!.target]).toEqual([expect.stringMatching(/^jiyang-2024\.1-r20211003-[0-9a-f]{6}$/), ['lead', 'support'], 25]);
    expect(e.host.core.ctx.catalog().tasks.find((t) => t.no === 5)!.title).toBe('加强生态环境信息公开');
    expect(e.host.core.ctx.catalog().tasks.find((t) => t.no === 10)!.indicators.map((i) => i.name)).toContain('森林覆盖率');
    // A task ticked 删去: its row no longer edited; the preview says what leaving it out does (not adopted here).
    const last = e.host.core.ctx.catalog().tasks.at(-1)!;
    await revision.getByRole('checkbox', { name: `删去第 ${last.no} 项任务` }).check();
    expect(await revision.getByRole('textbox', { name: `第 ${last.no} 项任务名称` }).isDisabled()).toBe(true);
    await revision.getByRole('button', { name: '预览修订（1 处修改）' }).click();
    await revision.getByText(`删去第 ${last.no} 项任务“${last.title}”（已填的内容仍保存，不再显示、统计或导出；此序号不再使用）`).waitFor();
    await revision.getByText(`删去第 ${last.no} 项任务“${last.title}”`, { exact: false }).scrollIntoViewIfNeeded();
    await e.shot('16e-bureau-revision-drop-task');
    await revision.getByRole('button', { name: '放弃修改' }).click();
    await page.locator('.ant-popconfirm').filter({ hasText: '放弃 1 处修改？' }).getByRole('button', { name: '放弃修改' }).click();
    await expect.poll(() => revision.getByRole('checkbox', { name: `删去第 ${last.no} 项任务` }).isChecked()).toBe(false);
    await page.getByRole('menuitem', { name: /备份与恢复/ }).click();
    await page.getByText('数据库完好').waitFor();
    await e.shot('17-bureau-backup');
    // A whole copy on a USB stick, from the keyboard: empty first (said at the field), then a folder.
    const folder = page.getByLabel('文件夹');
    await folder.fill('');
    await folder.press('Enter');
    await page.getByText('请填写备份到哪个文件夹').waitFor();
    // 浏览… with nothing typed: the places to start from (here the home folder and the root); Escape closes, the keyboard back on 浏览….
    await page.getByRole('button', { name: '浏览…' }).click();
    const picker = page.getByRole('dialog', { name: '选择备份位置（如U盘）' });
    await picker.getByRole('button', { name: '根目录 /' }).first().waitFor();
    await expect(picker.getByRole('button', { name: '选择此文件夹' }).isDisabled()).resolves.toBe(true);
    // Once the dialog's opening animation has ended.
    await expect.poll(() => page.evaluate("getComputedStyle(document.querySelector('.ant-modal')).opacity")).toBe('1');
    await e.shot('17a-bureau-backup-picker');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await expect.poll(() => page.evaluate('document.activeElement?.textContent')).toBe('浏览…');
    const usb = join(tempDir('eco-e2e-usb-'), 'U盘');
    await folder.fill(usb);
    await folder.press('Enter');
    await page.getByTestId('backup-copied').waitFor();
    await expect(page.getByTestId('backup-copied').innerText()).resolves.toContain(`已备份到 ${join(usb, '生态文明进度备份-区局.db')}`);
    expect(existsSync(join(usb, '生态文明进度备份-区局.db'))).toBe(true);
    await e.shot('17b-bureau-backup-copy');
  }, 150_000);

  it('an unzipped bundle with more evidence than a bundle may hold is not sent, and said', async () => {
    const { files } = await makeBundles('2021-Q2');
    const folder = join(tempDir('eco-e2e-big-'), '大文件');
    const zipped = files.find((f) => f.endsWith('.zip'))!;
    const unzippedDir = join(folder, basename(zipped, '.zip'));
    for (const [name, bytes] of Object.entries(unzipSync(readFileSync(zipped)))) {
      mkdirSync(dirname(join(unzippedDir, name)), { recursive: true });
      writeFileSync(join(unzippedDir, name), bytes);
    }
    // A video of 1.1 GB (a sparse file: nothing is written, and the app sends none of it).
    const video = join(unzippedDir, '佐证材料', '巡河视频.mp4');
    closeSync(openSync(video, 'w'));
    truncateSync(video, 1100 * 1024 * 1024);
    copyFileSync(files.filter((x) => !x.endsWith('.zip'))[0]!, join(folder, basename(files.filter((x) => !x.endsWith('.zip'))[0]!)));
    await page.getByRole('menuitem', { name: /导入中心/ }).click();
    await page.locator('input[type=file][webkitdirectory]').setInputFiles(folder);
    await expect.poll(() => page.getByText(/^已选择 4 个文件/).count()).toBe(1);
    await page.getByRole('button', { name: '预检（不写入）' }).click();
    await page.getByTestId('dry-run-table').waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('bundles-too-big').innerText()).resolves.toContain(`1 份已解压的报送包不导入`);
    // Only the workbook beside it was checked; nothing of the bundle reached the core.
    expect(await page.getByTestId('dry-run-table').locator('tbody tr.ant-table-row').count()).toBe(1);
    const incoming = uploadsDir(e.host.core.ctx.dbPath);
    expect(readdirSync(incoming)).toHaveLength(1);
    await page.getByRole('button', { name: '清空' }).click();
    await expect.poll(() => page.getByTestId('bundles-too-big').count()).toBe(0);
    await expect.poll(() => readdirSync(incoming).length).toBe(0);
  });

  it('uploads checked but not imported are discarded when the page goes (closed or reloaded)', async () => {
    const { files } = await makeBundles();
    await page.getByRole('menuitem', { name: /导入中心/ }).click();
    await page.locator('input[type=file]').first().setInputFiles(files.slice(0, 2));
    await expect.poll(() => page.getByText('已选择 2 个文件').count()).toBe(1);
    await page.getByRole('button', { name: '预检（不写入）' }).click();
    await page.getByTestId('dry-run-table').waitFor({ timeout: 60_000 });
    // The dry run keeps them for the import.
    const incoming = uploadsDir(e.host.core.ctx.dbPath);
    expect(readdirSync(incoming)).toHaveLength(2);
    // One taken out of the selection: its upload goes, and the check's results with it (the rest is checked again).
    await page.getByRole('button', { name: `移除“${basename(files[0]!)}”` }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByText('已选择 1 个文件').count()).toBe(1);
    // The keyboard stays in the list: on the next row's 移除.
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("aria-label")')).toBe(`移除“${basename(files[1]!)}”`);
    await expect.poll(() => readdirSync(incoming).length).toBe(1);
    expect(await page.getByTestId('dry-run-table').count()).toBe(0);
    expect(await page.getByRole('button', { name: '确认导入', exact: true }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: '预检（不写入）' }).click();
    await page.getByTestId('dry-run-table').waitFor({ timeout: 60_000 });
    expect(readdirSync(incoming)).toHaveLength(1);
    await page.reload();
    await expect.poll(() => readdirSync(incoming).length).toBe(0);
    await page.getByRole('menuitem', { name: /汇总总览/ }).waitFor();
  });

  it('made no request outside 127.0.0.1, logged no console error, named nothing in English, left no button unnamed, kept the page in the window', () => {
    expect(e.outside).toEqual([]);
    expect(e.consoleErrors).toEqual([]);
    expect(e.screenProblems).toEqual([]);
  });
});

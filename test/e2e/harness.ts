/**
 * End-to-end harness: the browser-mode host on a free port with a temp data
 * folder, Debian's Chromium through playwright-core, and the watchers every
 * e2e test asserts on (no request leaves 127.0.0.1, no console error).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startHost, type RunningHost } from '../../electron/server/host';
import { ensureRendererBuilt } from '../../electron/server/renderer-build';
import { Core } from '../../electron/core/service';
import { DB_FILE } from '../../electron/server/data-dir';
import { FIXED_NOW, newBureau, tempDir } from '../helpers/db';
import { runningClock } from './clock';

export const SHOTS_DIR = resolve('test-output', 'screenshots');
export const DOCS_SHOTS_DIR = resolve('docs', 'screenshots');

export interface E2E {
  host: RunningHost;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Requests to anywhere but our host. */
  outside: string[];
  consoleErrors: string[];
  /** What a screen shot got wrong: English words in its accessibility tree (an icon's name, an untranslated label), buttons without a name, a page that scrolls as a whole. */
  screenProblems: string[];
  downloadsDir: string;
  /** `scrolls`: a page meant to scroll as a whole (the first-run screen, the damaged-database page: one form each, no frame). */
  shot(name: string, opts?: { docs?: boolean; scrolls?: boolean }): Promise<void>;
  close(): Promise<void>;
}

/** The test file's browser and host started last and not closed yet: what a failed test leaves (see below). */
let latest: E2E | null = null;

// A failed test leaves what the page showed (a picture, its text, the console's errors) in test-output/failures: a run
// on a clean clone that fails once can be read afterwards. (Registered for each test file that imports this one; not
// for a script run outside the tests, .tmp/look*.ts, which has no suite to register it with.)
if (process.env.VITEST) afterEach(async (ctx) => {
  const e = latest;
  if (ctx.task.result?.state !== 'fail' || !e) return;
  const dir = resolve('test-output', 'failures');
  mkdirSync(dir, { recursive: true });
  const name = `${ctx.task.file?.name.replace(/[^\w.-]+/g, '_') ?? 'e2e'}-${ctx.task.name.slice(0, 40).replace(/[^\w\u4e00-\u9fff]+/g, '_')}`;
  await e.page.screenshot({ path: join(dir, `${name}.png`) }).catch(() => undefined);
  const text = await e.page.locator('body').innerText({ timeout: 5_000 }).catch((err: unknown) => `(the page's text could not be read: ${String(err)})`);
  writeFileSync(join(dir, `${name}.txt`), `${text}\n\n--- console errors ---\n${e.consoleErrors.join('\n')}\n`);
});

/** `dataDir`: start on an existing data folder (default: a new empty one). */
export async function startE2E(opts: { now?: () => Date; dataDir?: string } = {}): Promise<E2E> {
  const rendererDir = ensureRendererBuilt();
  const dataDir = opts.dataDir ?? tempDir('eco-e2e-');
  const host = await startHost({ dataDir, rendererDir, port: 0, ...(opts.now ? { now: opts.now } : {}) });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--lang=zh-CN'],
  });
  const downloadsDir = tempDir('eco-dl-');
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  const page = await context.newPage();
  const outside: string[] = [];
  const consoleErrors: string[] = [];
  const screenProblems: string[] = [];
  context.on('request', (r) => {
    const u = new URL(r.url());
    const local = (u.protocol === 'http:' && u.host === `127.0.0.1:${host.port}`) || u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:';
    if (!local) outside.push(r.url());
  });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  mkdirSync(SHOTS_DIR, { recursive: true });
  const started: E2E = {
    host,
    browser,
    context,
    page,
    outside,
    consoleErrors,
    screenProblems,
    downloadsDir,
    async shot(name, o = {}) {
      // Let loading overlays settle so the picture shows the screen as a user sees it.
      await expect.poll(() => page.locator('.ant-spin-spinning, .ant-table-placeholder .ant-spin').count(), { timeout: 5_000 }).toBe(0);
      // Nor a drawer or dialog half-way in: wait for finite animations and transitions to end (a spinner's never do).
      // (Polled with evaluate: the app's content security policy forbids the eval that waitForFunction uses for a string.)
      const settled = `document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity)`;
      await expect
        .poll(() => page.evaluate(settled), { timeout: 3_000, interval: 50 })
        .toBe(true)
        .catch(async () => {
          const running = (await page.evaluate(`document.getAnimations().filter((a) => a.playState === 'running' && a.effect?.getTiming().iterations !== Infinity)
            .map((a) => (a.animationName ?? a.transitionProperty) + ' on ' + String(a.effect?.target?.className ?? '?').slice(0, 80))`)) as string[];
          screenProblems.push(`${name}: still animating after 3 s: ${running.join('; ')}`);
        });
      const tree = await page.locator('body').ariaSnapshot();
      for (const w of englishIn(tree)) screenProblems.push(`${name}: ${w}`);
      // A button named by nothing but its icon's (hidden) English name must carry a name of its own.
      if (/^\s*- button(?::|$)/m.test(tree)) {
        // A string: the tests are compiled without the DOM's types.
        const nameless = (await page.evaluate(`[...document.querySelectorAll('button, [role="button"]')]
          .filter((b) => !b.innerText.trim() && !b.getAttribute('aria-label') && !b.getAttribute('aria-labelledby') && !b.getAttribute('title'))
          .map((b) => b.outerHTML.slice(0, 200))`)) as string[];
        for (const b of nameless.length > 0 ? nameless : ['(not found in the page)']) screenProblems.push(`${name}: a button without a name: ${b}`);
      }
      // No table or other content wrapped as a live region (read out again on every change).
      const live = (await page.evaluate(`[...document.querySelectorAll('[aria-live="polite"], [aria-live="assertive"]')].filter((el) => el.querySelector('table')).map((el) => el.className.slice(0, 80))`)) as string[];
      for (const l of live) screenProblems.push(`${name}: a live region around a table: ${l}`);
      // Only the content and the task list scroll; the header stays (a banner or a wrapped header must not push the page past the window).
      const [pageHeight, windowHeight] = (await page.evaluate('[document.documentElement.scrollHeight, window.innerHeight]')) as [number, number];
      if (pageHeight > windowHeight + 1 && !o.scrolls) screenProblems.push(`${name}: the page scrolls as a whole (${pageHeight} px in a ${windowHeight} px window)`);
      const file = join(SHOTS_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: false });
      if (o.docs) {
        // The README's picture shows the screen, not the passing messages of earlier steps (they cover its top).
        await page.screenshot({ path: join(DOCS_SHOTS_DIR, `${name}.png`), fullPage: false, style: '.ant-message { display: none !important; }' });
      }
    },
    async close() {
      if (latest === started) latest = null;
      await browser.close();
      await host.close();
    },
  };
  latest = started;
  return started;
}

/**
 * English words in the accessible names of an aria snapshot (a screen reader
 * set to Chinese would read them out): Ant Design's icon names (`dashboard`,
 * `down`, `exclamation-circle`), its controls' own names (`Increase Value`),
 * an untranslated label. File names and the like (`good.xlsx`, `U0001`),
 * acronyms (PDF, WPS) and the spreadsheet programs' names are not.
 */
const PRODUCT_NAMES = new Set(['Excel', 'LibreOffice', 'Electron', 'Chromium']);

export function englishIn(snapshot: string): string[] {
  const found = new Set<string>();
  for (const m of snapshot.matchAll(/^\s*- [a-z]+ "((?:[^"\\]|\\.)*)"/gm)) {
    for (const w of (m[1] as string).split(/[\s，。：；、（）()“”"]+/)) {
      if (/^[A-Za-z][a-z]+(-[a-z]+)*$/.test(w) && !PRODUCT_NAMES.has(w)) found.add(w);
    }
  }
  return [...found];
}

/**
 * Every open dialog done opening (its zoom motion over: rc-motion removes its -appear/-enter classes). A click on a
 * dialog's button while it still scales in may land as the button moves (mouse down on it, up elsewhere) and do
 * nothing: seen twice in full runs on a busy machine, 登记 in 登记反馈 and 审核通过.
 */
export async function dialogsOpened(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(`[...document.querySelectorAll('.ant-modal, .ant-modal-mask')].every((m) => !/-(appear|enter)(-|$| )/.test(m.className))`), { timeout: 10_000 }).toBe(true);
}

/** The figure of one of the overview's statistics (`stat-on-time`, `stat-received` …), without spaces. */
export async function statValue(page: Page, id: string): Promise<string> {
  // The number alone (its suffix says units or reports).
  return (await page.getByTestId(`stat-${id}`).locator('.ant-statistic-content-value').innerText()).replace(/\s/g, '');
}

/**
 * A test file's host and browser: started before its tests on the running
 * clock (from 2021-10-03), handed over through `set`, closed after them.
 */
export function e2eOnRunningClock(set: (e: E2E) => void): void {
  let e: E2E | undefined;
  beforeAll(async () => {
    e = await startE2E({ now: runningClock() });
    set(e);
  }, 120_000);
  afterAll(async () => {
    await e?.close();
  });
}

/**
 * A data folder for the app holding a unit's database set up from a bureau's set-up file (the bureau's own beside
 * it, as bureau.db): both left open at the tests' clock, for the test to shape before the app starts on the folder.
 */
export async function unitFolder(dir: string, unitName: string): Promise<{ bureau: Core; unit: Core }> {
  const { core: bureau } = await newBureau(dir);
  const unit = await Core.open(join(dir, DB_FILE), { create: true, now: () => FIXED_NOW });
  const setup = await bureau.run('exchange.setupExport', {});
  await unit.run('exchange.setupImport', { file: { name: setup.fileName, dataBase64: setup.dataBase64 }, unit: unitName });
  return { bureau, unit };
}

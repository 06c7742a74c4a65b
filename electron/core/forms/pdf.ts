/**
 * HTML to PDF with a local Chromium driven by playwright-core, for the command
 * line and tests (the Electron shell uses its own printToPDF). Offline: no
 * network, no scripts. The running header, page numbers and print date are
 * the document's own CSS margin boxes (style.ts), not Chromium's templates.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { RenderedForm } from '../../../shared/api/forms';
import { AppError } from '../../../shared/errors';
import { findMissingGlyphs } from '../../../shared/missing-glyphs';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/microsoft-edge',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
];

/*
 * Chromium reads only the last --disable-features, so this list repeats the
 * one playwright-core (1.65) passes before ours (test/forms/pdf-printer.test.ts
 * checks that it still does), then adds two: headless Chromium 15x builds the
 * address bar's popup pages (WebUI) in a renderer of their own, about 1.5 s of
 * CPU right after launch that the first document had to share the two cores
 * with.
 */
export const DISABLED_FEATURES: readonly string[] = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
  // ours
  'WebUIOmniboxPopup',
  'WebUIOmniboxAimPopup',
];

const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  `--disable-features=${DISABLED_FEATURES.join(',')}`,
];

/*
 * The document is printed, never shown. Hidden from the screen, setContent no
 * longer lays all of it out for a screen nobody sees, nor does Chromium lay it
 * out and paint it again when printing ends (about 1 s of a 1,000-page
 * summary). Printing uses the print media: this rule does not apply there.
 */
const SCREEN_OFF = '<style>@media screen { html { display: none !important; } }</style>';

/** The HTML with SCREEN_OFF at the end of its head (or after the doctype when it has no head). */
export function printOnly(html: string): string {
  const head = html.search(/<\/head\s*>/i);
  if (head >= 0) return html.slice(0, head) + SCREEN_OFF + html.slice(head);
  const doctype = /^\s*<!doctype[^>]*>/i.exec(html);
  const at = doctype ? doctype[0].length : 0;
  return html.slice(0, at) + SCREEN_OFF + html.slice(at);
}

/** The Chromium to print with: $ECO_CHROMIUM, else a usual install path; null when there is none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const own = env.ECO_CHROMIUM;
  if (own !== undefined) return own !== '' && existsSync(own) ? own : null;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

export interface PdfOptions {
  landscape: boolean;
}

/**
 * One browser for many documents: launching is the slow part. Documents
 * printed at the same time each get a page of their own, in a context of its
 * own, hence a renderer process of its own: they use all the cores.
 */
export class PdfPrinter {
  /** Pages not printing now, reused: opening a page costs more than laying out a short form. */
  private readonly idle: Page[] = [];

  private constructor(private readonly browser: Browser) {}

  static async launch(executablePath: string | null = findChromium()): Promise<PdfPrinter> {
    if (!executablePath) {
      throw new AppError('pdf_unavailable', '本机没有可用的 Chromium 浏览器，无法直接生成 PDF；请输出 .html 文件，用浏览器打开后打印或另存为 PDF');
    }
    let browser: Browser;
    try {
      browser = await chromium.launch({ executablePath, headless: true, args: LAUNCH_ARGS });
    } catch (err) {
      // Playwright's message carries its whole call log, in English: the first line says enough for the log.
      const first = String((err as Error).message ?? err).split('\n')[0]!.slice(0, 200);
      throw new AppError('pdf_unavailable', `无法启动 Chromium 浏览器（${executablePath}），无法生成 PDF；请输出 .html 文件，用浏览器打开后打印或另存为 PDF（原因：${first}）`);
    }
    return new PdfPrinter(browser);
  }

  private async take(): Promise<Page> {
    const page = this.idle.pop();
    if (page) return page;
    const context = await this.browser.newContext({ javaScriptEnabled: false, offline: true });
    // Nothing may be fetched; the document carries everything it needs.
    await context.route('**/*', (route) => route.abort());
    return context.newPage();
  }

  /** `said`: given, it gets the characters no font here can draw (printed blank: findMissingGlyphs). */
  async pdf(html: string, opts: PdfOptions, said?: { missingGlyphs: string[] }): Promise<Uint8Array> {
    const page = await this.take();
    try {
      await page.setContent(printOnly(html), { waitUntil: 'load' });
      // As its source text (a bundler's name-keeping helper, should it wrap the function's parts, defined with it).
      if (said) said.missingGlyphs = (await page.evaluate(`(() => { const __name = (f) => f; return (${findMissingGlyphs.toString()})(document); })()`)) as string[];
      const bytes = await page.pdf({ format: 'A4', landscape: opts.landscape, preferCSSPageSize: true, printBackground: true });
      this.idle.push(page);
      return new Uint8Array(bytes);
    } catch (err) {
      // A page that failed is not reused.
      await page.context().close().catch(() => undefined);
      throw err;
    }
  }

  /** A rendered form (its running header and page numbers are in its HTML). */
  async form(form: RenderedForm, said?: { missingGlyphs: string[] }): Promise<Uint8Array> {
    return this.pdf(form.html, { landscape: form.landscape }, said);
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

/** HTML in, PDF bytes out: launches a Chromium for this one document. */
export async function htmlToPdf(html: string, opts: PdfOptions = { landscape: false }): Promise<Uint8Array> {
  const printer = await PdfPrinter.launch();
  try {
    return await printer.pdf(html, opts);
  } finally {
    await printer.close();
  }
}

/** A rendered form to PDF bytes (one Chromium launch). */
export async function formToPdf(form: RenderedForm): Promise<Uint8Array> {
  return htmlToPdf(form.html, { landscape: form.landscape });
}

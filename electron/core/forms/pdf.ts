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

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/microsoft-edge',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
];

const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** The Chromium to print with: $ECO_CHROMIUM, else a usual install path; null when there is none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const own = env.ECO_CHROMIUM;
  if (own !== undefined) return own !== '' && existsSync(own) ? own : null;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

export interface PdfOptions {
  landscape: boolean;
}

/** One browser for many documents: launching is the slow part. */
export class PdfPrinter {
  private page: Page | null = null;

  private constructor(private readonly browser: Browser) {}

  static async launch(executablePath: string | null = findChromium()): Promise<PdfPrinter> {
    if (!executablePath) {
      throw new AppError('pdf_unavailable', '本机没有可用的 Chromium 浏览器，无法直接生成 PDF；请输出 .html 文件，用浏览器打开后打印或另存为 PDF');
    }
    const browser = await chromium.launch({ executablePath, headless: true, args: LAUNCH_ARGS });
    return new PdfPrinter(browser);
  }

  /** One page, reused: opening a page costs more than laying out a short form. */
  private async ready(): Promise<Page> {
    if (!this.page) {
      const context = await this.browser.newContext({ javaScriptEnabled: false, offline: true });
      // Nothing may be fetched; the document carries everything it needs.
      await context.route('**/*', (route) => route.abort());
      this.page = await context.newPage();
    }
    return this.page;
  }

  async pdf(html: string, opts: PdfOptions): Promise<Uint8Array> {
    const page = await this.ready();
    await page.setContent(html, { waitUntil: 'load' });
    const bytes = await page.pdf({ format: 'A4', landscape: opts.landscape, preferCSSPageSize: true, printBackground: true });
    return new Uint8Array(bytes);
  }

  /** A rendered form (its running header and page numbers are in its HTML). */
  async form(form: RenderedForm): Promise<Uint8Array> {
    return this.pdf(form.html, { landscape: form.landscape });
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

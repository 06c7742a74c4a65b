/** The PDF printer itself: documents hidden from the screen but printed whole, and documents printed at the same time. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISABLED_FEATURES, PdfPrinter, printOnly } from '../../electron/core/forms/pdf';
import { tempDir } from '../helpers/db';
import { pdfInfo, pdfPages } from './pdf-tools';

const HIDE = '<style>@media screen { html { display: none !important; } }</style>';

describe('printOnly', () => {
  it('puts the screen-only rule last in the head', () => {
    const html = '<!DOCTYPE html><html><head><style>p{}</style></head><body><p>x</p></body></html>';
    expect(printOnly(html)).toBe(`<!DOCTYPE html><html><head><style>p{}</style>${HIDE}</head><body><p>x</p></body></html>`);
  });

  it('keeps the doctype first when there is no head, so the page stays in standards mode', () => {
    expect(printOnly('<!doctype html>\n<p>x</p>')).toBe(`<!doctype html>${HIDE}\n<p>x</p>`);
    expect(printOnly('<p>x</p>')).toBe(`${HIDE}<p>x</p>`);
  });
});

describe('launch flags', () => {
  it('keeps every feature playwright-core turns off: our --disable-features replaces its list', () => {
    const bundle = join(createRequire(import.meta.url).resolve('playwright-core'), '..', 'lib', 'coreBundle.js');
    const list = /disabledFeatures = \[([\s\S]*?)\]/.exec(readFileSync(bundle, 'utf8'))?.[1];
    expect(list, 'playwright-core no longer has its disabledFeatures list where it was: check the launch flags in pdf.ts').toBeDefined();
    const theirs = [...(list as string).matchAll(/^\s*"(\w+)",?\s*$/gm)].map((m) => m[1] as string);
    expect(theirs.length).toBeGreaterThan(5);
    expect(theirs.filter((f) => !DISABLED_FEATURES.includes(f))).toEqual([]);
  });
});

describe('PdfPrinter', () => {
  let printer: PdfPrinter;
  let dir: string;

  beforeAll(async () => {
    dir = tempDir('eco-pdf-printer-');
    printer = await PdfPrinter.launch();
  });

  afterAll(async () => {
    await printer?.close();
  });

  /** A document of `pages` pages, each saying which document and page it is. */
  const doc = (name: string, pages: number): string =>
    `<!DOCTYPE html><html><head><meta charset="utf-8"><style>@page { size: A4; margin: 20mm; } section { break-after: page; }</style></head><body>${Array.from(
      { length: pages },
      (_, i) => `<section>${name}-page-${i + 1}</section>`,
    ).join('')}</body></html>`;

  it('prints what is hidden from the screen', async () => {
    const bytes = await printer.pdf(doc('alone', 2), { landscape: false });
    expect(pdfPages(bytes, dir)).toEqual(['alone-page-1', 'alone-page-2']);
  });

  it('prints documents asked for at the same time each into its own PDF', async () => {
    const names = ['first', 'second', 'third'];
    const pdfs = await Promise.all(names.map((n, i) => printer.pdf(doc(n, i + 2), { landscape: false })));
    pdfs.forEach((bytes, i) => {
      expect(pdfInfo(bytes, dir).pages).toBe(i + 2);
      expect(pdfPages(bytes, dir).join(' ')).toBe(
        Array.from({ length: i + 2 }, (_, k) => `${names[i] as string}-page-${k + 1}`).join(' '),
      );
    });
    // The pages are reused afterwards.
    expect(pdfPages(await printer.pdf(doc('after', 1), { landscape: false }), dir)).toEqual(['after-page-1']);
  });
});

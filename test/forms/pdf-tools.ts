/** Reading PDFs back with poppler's tools, as a person would check a printout. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Text of each page in drawing order, all whitespace removed: wrapped lines join up again. */
export function pdfPages(bytes: Uint8Array, dir: string): string[] {
  const file = join(dir, `read-${Date.now()}-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  const pages = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split('\f');
  // pdftotext ends every page with a form feed: the last piece is empty.
  return pages.slice(0, -1).map((p) => p.replace(/\s+/g, ''));
}

/** Text of the whole document, all whitespace removed. */
export function pdfText(bytes: Uint8Array, dir: string): string {
  return pdfPages(bytes, dir).join('');
}

export interface PdfInfo {
  pages: number;
  /** Points, as pdfinfo reports them. */
  width: number;
  height: number;
  sizeName: string;
}

export function pdfInfo(bytes: Uint8Array, dir: string): PdfInfo {
  const file = join(dir, `info-${Date.now()}-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  const out = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(out)?.[1]);
  const size = /^Page size:\s+([\d.]+) x ([\d.]+) pts(?: \((\w+)\))?/m.exec(out);
  return { pages, width: Number(size?.[1]), height: Number(size?.[2]), sizeName: size?.[3] ?? '' };
}

/** A4 is 595.28 × 841.89 pt; Chromium rounds to 594.96 × 841.92. */
export function isA4(info: PdfInfo, landscape: boolean): boolean {
  const [w, h] = landscape ? [841.9, 595.1] : [595.1, 841.9];
  return Math.abs(info.width - w) < 1.5 && Math.abs(info.height - h) < 1.5;
}

/** Every page carries 第 k 页 共 n 页. */
export function pageNumbersPresent(pages: readonly string[]): boolean {
  return pages.every((text, i) => text.includes(`第${i + 1}页共${pages.length}页`));
}

export const squash = (s: string): string => s.replace(/\s+/g, '');

/** With FORMS_OUT=dir, the tests leave their PDFs there to be looked at (docs/forms/*.png are made from them). */
export function keep(name: string, bytes: Uint8Array): void {
  const out = process.env.FORMS_OUT;
  if (!out) return;
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, `${name}.pdf`), bytes);
}

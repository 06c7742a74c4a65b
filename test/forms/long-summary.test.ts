/**
 * The worst district summary: every responsible unit of all 28 has written
 * 3,000 characters. It must flow over many pages with the header row and the
 * running header on each, and lose no text to clipping.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderForm } from '../../electron/core/forms/render';
import { PdfPrinter } from '../../electron/core/forms/pdf';
import type { Core } from '../../electron/core/service';
import type { SummaryView } from '../../shared/views';
import { newBureau, tempDir } from '../helpers/db';
import { isA4, keep, pageNumbersPresent, pdfInfo, pdfPages } from './pdf-tools';

const FILLER = '持续推进生态环境治理工作。';
/** Unbroken Latin text must wrap inside its cell, not run out of it. */
const LONG_WORD = `https://example.gov.cn/${'x'.repeat(160)}/end`;

/** Numbered sentences: each one can be looked for in the printout. */
function longText(tag: string, chars: number): { text: string; tokens: string[] } {
  const tokens: string[] = [];
  let text = '';
  for (let k = 1; text.length < chars; k++) {
    const token = `【${tag}·${k}】`;
    tokens.push(token);
    text += `${token}${FILLER}`;
    if (k % 25 === 0) text += '\n';
  }
  return { text, tokens };
}

let core: Core;
let dir: string;
let printer: PdfPrinter;
let view: SummaryView;
const tokens: string[] = [];

beforeAll(async () => {
  ({ core, dir } = await newBureau(tempDir('eco-forms-long-')));
  const s = await core.run('summary.get', { period: '2021-Q3' });
  for (const t of s.tasks) {
    for (const e of t.entries) {
      const progress = longText(`${e.code}进${t.no}`, 3000);
      const problems = longText(`${e.code}问${t.no}`, 400);
      const next = longText(`${e.code}计${t.no}`, 400);
      tokens.push(...progress.tokens, ...problems.tokens, ...next.tokens);
      const extra = e.code === 'B01' && t.no === 1 ? `\n${LONG_WORD}` : '';
      await core.run('reports.save', {
        unit: e.code,
        period: '2021-Q3',
        task: t.no,
        report: { status: '正常推进', percent: 50, progress: progress.text + extra, problems: problems.text, next: next.text },
      });
    }
  }
  // Registered as each unit's submission received (代为填报): counted as sent.
  for (const u of s.units) await core.run('submissions.enter', { unit: u.unit, period: '2021-Q3' });
  view = await core.run('summary.get', { period: '2021-Q3' });
  printer = await PdfPrinter.launch();
}, 120_000);

afterAll(async () => {
  await printer?.close();
  core?.close();
});

describe('a long district summary', () => {
  it('has every unit reporting long texts', () => {
    expect(view.units.length).toBe(28);
    expect(view.totals.received).toBe(view.totals.expected);
  });

  it('spans many A4 pages with the header row, running header and page number on each, nothing clipped', async () => {
    const started = performance.now();
    const form = renderForm(core.ctx, { form: 'summary', period: '2021-Q3' });
    const bytes = await printer.form(form);
    const ms = Math.round(performance.now() - started);
    console.log(`long district summary (${view.totals.received} entries of 3,000 characters): ${ms} ms, ${bytes.length} bytes`);

    keep('summary-long', bytes);
    const info = pdfInfo(bytes, dir);
    expect(isA4(info, true)).toBe(true);
    const pages = pdfPages(bytes, dir);
    expect(pages.length).toBe(info.pages);
    expect(pages.length).toBeGreaterThan(20);
    expect(pageNumbersPresent(pages)).toBe(true);
    pages.forEach((p, i) => {
      expect(p, `page ${i + 1}`).toContain('序号重点任务责任单位工作进展存在问题下步计划状态');
      expect(p, `page ${i + 1}`).toContain('济阳区·2021年第三季度·重点任务进展情况汇总表');
    });

    // A sentence cut by a page break is read as two pieces; at most one per text column per break.
    const text = pages.join('');
    const missing = tokens.filter((t) => !text.includes(t));
    console.log(`${pages.length} pages; ${missing.length} of ${tokens.length} sentences cut by a page break`);
    expect(missing.length).toBeLessThanOrEqual(3 * pages.length);
    expect(text).toContain(LONG_WORD);
    for (const t of view.tasks) for (const e of t.entries) expect(text).toContain(e.name);
  }, 120_000);
});

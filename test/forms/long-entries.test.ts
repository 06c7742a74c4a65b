/**
 * One entry longer than a page: printed as rows of half a page, each later one saying its 序号, unit (续) and status
 * again, so no page of a long entry is text under empty cells. The cutting loses and reorders nothing.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cutText, entryPieces } from '../../electron/core/forms/common';
import { PdfPrinter } from '../../electron/core/forms/pdf';
import { renderForm } from '../../electron/core/forms/render';
import type { Core } from '../../electron/core/service';
import { newBureau, tempDir } from '../helpers/db';
import { PERIOD } from '../exchange/helpers';
import { pdfPages } from './pdf-tools';

/** Lines of a text as the cutter estimates them, at `perLine` characters a line. */
const linesOf = (text: string, perLine: number): number => text.split('\n').reduce((n, p) => n + Math.max(1, Math.ceil(p.length / perLine)), 0);

/** At 30% of the table's width: 20 characters a line (common.ts, CHARS_PER_PERCENT). */
const WIDTH = 30;
const PER_LINE = 20;

const piece = fc.constantFrom('生态', '环境治理', '。', '，', '；', '\n', 'https://example.gov.cn/a.b', ' ', '3.5', 'word ', '𠀀', '🌿', '河长制');

describe('cutting a long text', () => {
  it('loses, adds and reorders nothing; every piece fits; a paragraph that fits a piece is never cut; no pair of surrogates split', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 400 }), fc.integer({ min: 2, max: 14 }), (parts, lines) => {
        const text = parts.join('').replace(/\r\n?/g, '\n').trim();
        const cut = cutText(text, WIDTH, lines);
        expect(cut.length).toBeGreaterThan(0);
        expect(cut.join('').replace(/\n/g, '')).toBe(text.replace(/\n/g, ''));
        for (const p of cut) {
          expect(linesOf(p, PER_LINE)).toBeLessThanOrEqual(lines);
          expect(/^[\udc00-\udfff]/.test(p)).toBe(false);
          expect(/[\ud800-\udbff]$/.test(p)).toBe(false);
        }
        const kept = new Set(cut.flatMap((p) => p.split('\n')));
        for (const para of text.split('\n')) if (Math.ceil(para.length / PER_LINE) <= lines && para !== '') expect(kept.has(para)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('a text that fits is one piece; an entry that fits a page is one row; a longer one rows of its texts side by side', () => {
    expect(cutText('按计划推进', WIDTH)).toEqual(['按计划推进']);
    expect(cutText('', WIDTH)).toEqual(['']);
    expect(entryPieces([{ text: '按计划推进', widthPct: 34 }, { text: '', widthPct: 15 }])).toBeNull();
    const long = '持续推进生态环境治理工作。'.repeat(200);
    const rows = entryPieces([
      { text: long, widthPct: 34 },
      { text: '资金不足。', widthPct: 15 },
    ]) as string[][];
    expect(rows.length).toBeGreaterThan(2);
    expect(rows.map((r) => r.length)).toEqual(rows.map(() => 2));
    expect(rows.map((r) => r[0]).join('')).toBe(long);
    expect(rows.map((r) => r[1])).toEqual(['资金不足。', ...rows.slice(1).map(() => '')]);
  });
});

describe('printed long entries', () => {
  let core: Core;
  let dir: string;
  let printer: PdfPrinter;
  /** Numbered sentences: each can be found on its page. */
  const tokens = Array.from({ length: 180 }, (_, i) => `【进展${i + 1}】`);
  const progress = tokens.map((t) => `${t}街道围绕河湖岸线整治组织巡河人员逐段排查，发现问题及时整改。`).join('');
  beforeAll(async () => {
    ({ core, dir } = await newBureau(tempDir('eco-long-entry-'), 'quarter', '2021-Q3'));
    const task = (await core.run('reports.forUnit', { unit: '济阳街道', period: PERIOD })).tasks[0]!.task;
    await core.run('reports.save', { unit: '济阳街道', period: PERIOD, task, report: { status: '进度滞后', percent: 35, progress, problems: '资金缺口较大，部分村居配合不够。'.repeat(40), next: '' } });
    printer = await PdfPrinter.launch();
  }, 120_000);
  afterAll(async () => {
    await printer?.close();
    core?.close();
  });

  it('the 汇总表 and the 单位填报表: later rows say the unit or task (续) and the status; nothing lost; 无 only where a text is empty', () => {
    for (const form of ['summary', 'unit'] as const) {
      const html = renderForm(core.ctx, { form, period: PERIOD, ...(form === 'unit' ? { unit: '济阳街道' } : {}) }).html;
      const rows = [...html.matchAll(/<tr class="piece">(.*?)<\/tr>/gs)].map((m) => m[1] as string);
      expect(rows.length, form).toBeGreaterThan(3);
      expect(rows.slice(1).every((r) => r.includes('（续）')), form).toBe(true);
      expect(rows.every((r) => r.includes('进度滞后')), form).toBe(true);
      // 完成 35% once, in the first row; 下步计划 left empty says 无 once, not on every row.
      expect(rows.filter((r) => r.includes('完成 35%')), form).toHaveLength(1);
      expect(rows.filter((r) => r.includes('>无<')), form).toHaveLength(1);
      const text = rows.join('').replace(/<[^>]+>/g, '');
      for (const t of tokens) expect(text, form).toContain(t);
    }
  });

  it('in the 汇总表’s PDF, every page with some of the entry names its unit', async () => {
    const form = renderForm(core.ctx, { form: 'summary', period: PERIOD });
    const pages = pdfPages(await printer.form(form), dir);
    const withEntry = pages.filter((p) => tokens.some((t) => p.includes(t)));
    expect(withEntry.length).toBeGreaterThan(2);
    for (const p of withEntry) expect(p.replace(/\s/g, '')).toContain('济阳街道');
  }, 120_000);
});

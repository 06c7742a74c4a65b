/** The print command: output files, and clear refusals of bad input. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cli, newBureau, tempDir } from '../helpers/db';
import { isA4, pdfInfo, pdfText } from './pdf-tools';

let db: string;
let dir: string;

beforeAll(async () => {
  const b = await newBureau(tempDir('eco-forms-cli-'));
  await b.core.run('demo.fill', { period: '2021-Q3' });
  b.core.close();
  db = b.path;
  dir = b.dir;
});

afterEach(() => {
  delete process.env.ECO_CHROMIUM;
});

const print = (...args: string[]) => cli(['print', '--db', db, ...args]);

describe('print command', () => {
  it('writes the summary as HTML and as an A4 PDF', async () => {
    const html = join(dir, 'summary.html');
    const r = await print('--form', 'summary', '--period', '2021-Q3', '--out', html);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('已生成');
    expect(readFileSync(html, 'utf8')).toMatch(/^<!DOCTYPE html>[\s\S]*重点任务进展情况汇总表[\s\S]*<\/html>\n$/);

    const pdf = join(dir, 'unit.pdf');
    const p = await print('--form', 'unit', '--unit', '区城乡水务局', '--period', '2021-Q3', '--out', pdf, '--json');
    expect(p.code).toBe(0);
    expect(p.json()).toMatchObject({ format: 'pdf', landscape: true });
    const bytes = new Uint8Array(readFileSync(pdf));
    expect(isA4(pdfInfo(bytes, dir), true)).toBe(true);
    expect(pdfText(bytes, dir)).toContain('区城乡水务局');
    // Written atomically: no temporary file is left beside it.
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses usage errors with exit 2 and a clear message', async () => {
    const out = join(dir, 'x.html');
    const cases: [string[], RegExp][] = [
      [['--form', 'ledger', '--period', '2021-Q3', '--out', out], /不认识的表格“ledger”.*summary/],
      [['--form', 'unit', '--period', '2021-Q3', '--out', out], /请用 --unit 指定单位/],
      [['--form', 'summary', '--unit', '济阳街道', '--period', '2021-Q3', '--out', out], /只有单位填报表/],
      [['--form', 'notice', '--blank', '--period', '2021-Q3', '--out', out], /空白表/],
      [['--form', 'summary', '--period', '2021-Q3', '--out', join(dir, 'x.docx')], /\.html 或 \.pdf/],
      [['--form', 'summary', '--period', '2021-Q3'], /缺少选项 --out/],
    ];
    for (const [args, message] of cases) {
      const r = await print(...args);
      // A form or a file name not taken is a value refused (1); the rest, a command line of the wrong shape (2).
      expect(r.code, args.join(' ')).toBe(/不认识的表格|\.html 或/.test(message.source) ? 1 : 2);
      expect(r.stderr).toMatch(message);
    }
    expect(existsSync(out)).toBe(false);
  });

  it('refuses bad data with exit 1 and the error code', async () => {
    const out = join(dir, 'y.html');
    const cases: [string[], string][] = [
      [['--form', 'summary', '--period', '2021-Q9', '--out', out], 'invalid_period'],
      [['--form', 'summary', '--period', 'last quarter', '--out', out], 'invalid_period'],
      [['--form', 'summary', '--period', '2021-07', '--out', out], 'period_kind_mismatch'],
      [['--form', 'unit', '--unit', '不存在的单位', '--period', '2021-Q3', '--out', out], 'unknown_unit'],
    ];
    for (const [args, code] of cases) {
      const r = await print(...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toContain(`[${code}]`);
    }
    expect(existsSync(out)).toBe(false);
  });

  it('says plainly that only HTML is possible when there is no Chromium', async () => {
    process.env.ECO_CHROMIUM = '';
    const pdf = join(dir, 'none.pdf');
    const r = await print('--form', 'summary', '--period', '2021-Q3', '--out', pdf);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[pdf_unavailable]');
    expect(r.stderr).toContain('只能输出 .html');
    expect(existsSync(pdf)).toBe(false);
    const html = await print('--form', 'summary', '--period', '2021-Q3', '--out', join(dir, 'ok.html'));
    expect(html.code).toBe(0);
  });
});

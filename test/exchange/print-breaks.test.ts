import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { breakToKeep, printScale } from '../../electron/core/exchange/style';
import type { Core } from '../../electron/core/service';
import { newBureau } from '../helpers/db';
import { PERIOD } from './helpers';

// The unit workbook's 工作进展 sheet: 121 width units printed on A4 landscape at 0.94, under 90 pt of title rows.
const WIDTH = 121;
const TITLES = 90;
/** A page's room for body rows, in the sheet's own points. */
const ROOM = (595 - 86.4) / printScale(WIDTH, 'A4', true) - TITLES;

describe('a page break that keeps the sign-off line with the last task', () => {
  it('reckons the page from the paper, the margins, the print scale and the title rows', () => {
    expect(ROOM).toBeGreaterThan(450);
    expect(ROOM).toBeLessThan(455);
  });

  it('none while the last task and the sign-off fit under the rows above with room to spare', () => {
    expect(breakToKeep(TITLES, [100, 100, 15, 36], 1, WIDTH)).toBe(false);
    // A page and a half: the last page holds the last two tasks and the sign-off well above its foot.
    expect(breakToKeep(TITLES, [300, 200, 100, 15, 36], 2, WIDTH)).toBe(false);
  });

  it('before the last task when the sign-off would go to the next page alone', () => {
    // 200 + 220 fit a page; the blank row and the sign-off (51 pt) do not.
    expect(200 + 220).toBeLessThan(ROOM);
    expect(200 + 220 + 51).toBeGreaterThan(ROOM);
    expect(breakToKeep(TITLES, [200, 220, 15, 36], 1, WIDTH)).toBe(true);
  });

  it('before the last task when they would end at the page’s foot (a spreadsheet program fits rows a little taller)', () => {
    const rest = ROOM - 200 - 51 - 10;
    expect(breakToKeep(TITLES, [200, rest, 15, 36], 1, WIDTH)).toBe(true);
    // With a tenth of the page to spare, none.
    expect(breakToKeep(TITLES, [200, ROOM * 0.9 - 200 - 51, 15, 36], 1, WIDTH)).toBe(false);
  });

  it('none when the last task and the sign-off are taller than a page, or the last task is the only one', () => {
    expect(breakToKeep(TITLES, [100, 409, 15, 36], 1, WIDTH)).toBe(false);
    expect(breakToKeep(TITLES, [409, 15, 36], 0, WIDTH)).toBe(false);
  });

  const open: Core[] = [];
  afterAll(() => {
    for (const c of open) c.close();
  });

  it('the district summary workbook’s signatures: a break before its last entry when the reckoning says so', async () => {
    const b = await newBureau();
    open.push(b.core);
    await b.core.run('demo.fill', { period: PERIOD });
    const s = await b.core.run('summary.get', { period: PERIOD });
    const task = s.tasks[s.tasks.length - 1]!;
    const unit = task.entries[task.entries.length - 1]!.code;
    /** The row after which the sheet breaks (null: none), and the last entry's row. */
    const layout = async (n: number): Promise<{ after: number | null; last: number }> => {
      await b.core.run('reports.save', { unit, period: PERIOD, task: task.no, report: { status: '正常推进', percent: 70, progress: '完成岸线核查。'.repeat(200).slice(0, n), problems: '无', next: '持续巡查' } });
      const bytes = Buffer.from((await b.core.run('exchange.summaryExport', { period: PERIOD })).dataBase64, 'base64');
      const xml = Buffer.from(unzipSync(bytes)['xl/worksheets/sheet1.xml']!).toString('utf8');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
      let last = 0;
      wb.getWorksheet('进展汇总')!.eachRow((row, r) => {
        if (String(row.getCell(7).value ?? '').startsWith('完成岸线核查')) last = r;
      });
      const brk = /<rowBreaks count="1" manualBreakCount="1"><brk id="(\d+)" max="16838" man="1"\/><\/rowBreaks>/.exec(xml);
      return { after: brk ? Number(brk[1]) : null, last };
    };
    const seen = [];
    for (const n of [10, 250, 320, 1000]) seen.push(await layout(n));
    // Where there is one, it puts the last entry on a new page; the demo's texts need one for some of these lengths.
    for (const s of seen) expect(s.last).toBeGreaterThan(5);
    for (const s of seen) if (s.after !== null) expect(s.after).toBe(s.last - 1);
    expect(seen.some((s) => s.after !== null)).toBe(true);
    // An entry of Excel's tallest row leaves no room for the signatures on its page: no break is of use.
    expect(seen[3]!.after).toBeNull();
  });

  it('reckons a sheet too wide for A4 on A3, as it is printed', () => {
    // The 工作台账's widths: on A3 the page holds half as much again.
    expect(breakToKeep(TITLES, [400, 200, 15, 36], 1, 200)).toBe(false);
    expect(breakToKeep(TITLES, [400, 200, 15, 36], 1, WIDTH)).toBe(true);
  });

  it('reckons the pages before: rows that went to a new page start it', () => {
    // Page 1: 400; the next row goes to page 2, where the kept rows (100 + 51) fit under it, or do not.
    expect(breakToKeep(TITLES, [400, 200, 100, 15, 36], 2, WIDTH)).toBe(false);
    expect(breakToKeep(TITLES, [400, 290, 100, 15, 36], 2, WIDTH)).toBe(true);
    // 400 + 40 share page 1, and the kept rows do not fit under them.
    expect(breakToKeep(TITLES, [400, 40, 100, 15, 36], 2, WIDTH)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { breakToKeep, printScale } from '../../electron/core/exchange/style';

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

  it('reckons the pages before: rows that went to a new page start it', () => {
    // Page 1: 400; the next row goes to page 2, where the kept rows (100 + 51) fit under it, or do not.
    expect(breakToKeep(TITLES, [400, 200, 100, 15, 36], 2, WIDTH)).toBe(false);
    expect(breakToKeep(TITLES, [400, 290, 100, 15, 36], 2, WIDTH)).toBe(true);
    // 400 + 40 share page 1, and the kept rows do not fit under them.
    expect(breakToKeep(TITLES, [400, 40, 100, 15, 36], 2, WIDTH)).toBe(true);
  });
});

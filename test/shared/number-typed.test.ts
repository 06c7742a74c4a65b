/** A number as typed in text: the import's reading of a cell and the app's number fields (NumberBox) share it. */
import { describe, expect, it } from 'vitest';
import { numberTyped } from '../../shared/text';

describe('numberTyped', () => {
  it('reads what people type for a number: spaces, %, full-width digits and signs, a trailing point', () => {
    expect([' 85 ', '85%', '85％', '８５', '１８．６', '+60', '60.', '.5', '-3', '60\u200b'].map(numberTyped)).toEqual([85, 85, 85, 85, 18.6, 60, 60, 0.5, -3, 60]);
  });
  it('nothing typed is null; text that is not a number is never read as another number', () => {
    expect(['', '  ', '%'].map(numberTyped)).toEqual([null, null, null]);
    for (const t of ['六十', '1/2', '55,6', '1e2', '6 0', '约18.6', '18.6.1', '0x10', 'NaN', 'Infinity']) expect(numberTyped(t), t).toBeUndefined();
  });
});

describe('normalizeText (what a spreadsheet keeps of a text)', () => {
  it('keeps Word’s line and page breaks as line breaks, as the form does; drops what XML cannot carry', async () => {
    const { normalizeText } = await import('../../electron/core/exchange/content');
    expect(normalizeText('第一行\u000b第二行\u000c第三行\u0007第四\r\n第五')).toBe('第一行\n第二行\n第三行第四\n第五');
  });
});

/** Hints under the clerk's fields (saved all the same): a phone number of an odd length; a percentage typed as a fraction. */
import { describe, expect, it } from 'vitest';
import { percentAsFraction, phoneLooksOff } from '../../shared/report';

describe('phoneLooksOff', () => {
  it('takes mobiles, landlines with or without their area code, extensions and two numbers', () => {
    for (const p of ['13805310000', '138-0531-0000', '0531-84239999', '84239999', '8423999', '(0531)84239999', '０５３１－８４２３９９９９', '0531-84239999转8012', '0531-84231234、13805310000', '']) {
      expect(phoneLooksOff(p), p).toBe(false);
    }
  });
  it('takes China’s country code before a mobile or a landline (whose area code then drops its 0)', () => {
    for (const p of ['+86 138-0531-0000', '+8613805310000', '0086 13805310000', '(+86)138 0531 0000', '（+86）13805310000', '+86 531 8423 9999', '+86-531-84239999', '+86 0531-84239999']) {
      expect(phoneLooksOff(p), p).toBe(false);
    }
  });
  it('asks about a number cut short or too long, with or without the country code', () => {
    for (const p of ['0531-8421', '1380531000', '138053100000', '123456', '+86 138 0531', '+86 531 8423', '0531-84239999、138']) {
      expect(phoneLooksOff(p), p).toBe(true);
    }
  });
});

describe('percentAsFraction', () => {
  const pct = { unit: '%', target: 20 };
  it('reads 0.186 of a percentage indicator as the 18.6% it most likely means', () => {
    expect(percentAsFraction(pct, 0.186)).toBe(18.6);
    expect(percentAsFraction(pct, 0.5)).toBe(50);
    expect(percentAsFraction({ unit: '%', target: null }, 0.1234)).toBe(12.34);
  });
  it('says nothing of a whole percentage, 0, another unit, a yes/no, a blank, or a target itself below 1%', () => {
    expect(percentAsFraction(pct, 18.6)).toBeNull();
    expect(percentAsFraction(pct, 1)).toBeNull();
    expect(percentAsFraction(pct, 0)).toBeNull();
    expect(percentAsFraction({ unit: '亩', target: 20 }, 0.5)).toBeNull();
    expect(percentAsFraction(pct, true)).toBeNull();
    expect(percentAsFraction(pct, null)).toBeNull();
    expect(percentAsFraction({ unit: '%', target: 0.5 }, 0.3)).toBeNull();
  });
});

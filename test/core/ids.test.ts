import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../electron/core/ids';

const FORMAT = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('record ids (UUID version 7)', () => {
  it('are RFC 9562 version-7 UUIDs carrying the time, unique and in the order they were made', () => {
    const ids = Array.from({ length: 20_000 }, () => uuidv7());
    expect(ids.filter((id) => !FORMAT.test(id))).toEqual([]);
    // The random part differs from id to id.
    expect(new Set(ids.map((id) => id.slice(19))).size).toBe(ids.length);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    // A time after every id made so far (ids never go back in time) is the time the id carries.
    const later = Date.now() + 3_600_000;
    expect(parseInt(uuidv7(later).replace(/-/g, '').slice(0, 12), 16)).toBe(later);
  });

  it('stay in order when the clock stands still or goes back, even past 4,096 ids in one millisecond', () => {
    const t = Date.now() + 7_200_000;
    const ids = [uuidv7(t), ...Array.from({ length: 5_000 }, () => uuidv7(t)), uuidv7(t - 60_000), uuidv7(t + 1)];
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) expect(id).toMatch(FORMAT);
  });
});

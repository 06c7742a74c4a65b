import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/service';
import { CALL_NAMES } from '../../shared/api';
import { dumpDb, newBureau } from '../helpers/db';

let core: Core;
let path: string;
beforeAll(async () => {
  ({ core, path } = await newBureau());
  await core.run('demo.fill', { period: '2021-Q3' });
});
afterAll(() => core.close());

/** Payloads that look almost right: real field names with wrong, hostile or huge values. */
const hostileValue = fc.oneof(
  fc.anything(),
  fc.constantFrom('__proto__', 'constructor', '../../etc/passwd', 'C:\\CON', '\u0000', '=cmd|"/c calc"!A1', '2021-Q5', '2021-13', '区委组织部'),
  fc.string({ maxLength: 50 }),
  fc.double(),
  fc.integer(),
);
const fieldNames = fc.constantFrom('unit', 'period', 'task', 'report', 'status', 'percent', 'name', 'dataBase64', 'files', 'dryRun', 'form', 'hash', 'year', 'target', 'indicator', 'kind', 'role', 'deadline', 'out', '__proto__', 'constructor');
const payload = fc.oneof(
  fc.anything(),
  fc.dictionary(fieldNames, hostileValue, { maxKeys: 6 }),
  fc.constant(null),
  fc.constant(undefined),
  fc.constant([]),
);

// Calls that write files outside the database by design are exercised with valid input elsewhere.
const SKIP = new Set(['backup.create']);

describe('API surface', () => {
  it.each(CALL_NAMES.filter((n) => !SKIP.has(n)))('%s: random and malformed payloads give validation errors, never a crash or a write', async (name) => {
    const before = dumpDb(path);
    await fc.assert(
      fc.asyncProperty(payload, async (input) => {
        const r = await core.call(name, input);
        if (!r.ok) {
          expect(r.error.code).not.toBe('internal');
          expect(typeof r.error.message).toBe('string');
        }
      }),
      { numRuns: 60 },
    );
    const after = dumpDb(path);
    // Reads never write; writes only happen for valid input, which random payloads almost never are.
    if (!['app.init'].includes(name)) expect(after.reports).toEqual(before.reports);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  it('an unknown call name is refused', async () => {
    const r = await core.call('drop.everything' as never, {});
    expect(r).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
  });
});

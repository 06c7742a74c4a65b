import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATUSES, type IndicatorValue } from '../../shared/report';
import type { Core } from '../../electron/core/service';
import { newBureau, tempDir } from '../helpers/db';
import { exportTo, importFiles, newUnit, reportsOf } from './helpers';

/** The district bureau leads many tasks, with indicators of every kind. */
const UNIT = '市生态环境局济阳分局';
const CHARS = [...'生态文明建设，。、；：？！“”‘’（）《》【】…—·abcXYZ0123456789 \n\t=+-@#%&<>"\'🌳🐟👍🏽'];
const text = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 60 }) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('=', '+', '-', '@'), fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 30 })).map(([a, b]) => a + b) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...CHARS), minLength: 5000, maxLength: 5000 }) },
  // What SpreadsheetML uses to escape characters (_x0041_) must come back as typed.
  { weight: 1, arbitrary: fc.array(fc.constantFrom('_x0041_', '_x000D_', '_x', '_', 'x00', '41_', '生态'), { maxLength: 12 }).map((a) => a.join('')) },
);
const entry = fc.record({
  status: fc.constantFrom(...STATUSES),
  percent: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
  progress: text,
  problems: text,
  next: text,
  skip: fc.boolean(),
});

let dir: string;
let unit: { core: Core };
let bureau: { core: Core };
let tasks: { task: number; indicators: { id: string; kind: string; pct: boolean }[] }[];

beforeAll(async () => {
  dir = tempDir('eco-prop-');
  unit = await newUnit(dir, UNIT);
  bureau = await newBureau(dir);
  // Every run its own period, from 2000 on: both databases owe every period (as one in use before there was a 起报周期,
  // migration 025).
  for (const c of [unit.core, bureau.core]) c.ctx.store.meta.set('owed_from', '0000-01-01');
  const cat = await unit.core.run('catalog.get', {});
  const mine = (await unit.core.run('reports.forUnit', { unit: UNIT, period: '2021-Q3' })).tasks.map((t) => t.task);
  tasks = mine.map((no) => ({ task: no, indicators: cat.tasks.find((t) => t.no === no)!.indicators.map((i) => ({ id: i.id, kind: i.comparator, pct: i.unit === '%' })) }));
});
afterAll(() => {
  unit.core.close();
  bureau.core.close();
});

describe('round trip with random content (fast-check)', () => {
  it('what the unit saved is what the bureau holds after export and import', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(entry, { minLength: 16, maxLength: 16 }),
        fc.array(fc.oneof(fc.constant(null), fc.boolean(), fc.double({ min: 0, max: 100, noNaN: true })), { minLength: 20, maxLength: 20 }),
        // A blank name is no name: the cover keeps it empty.
        fc.string({ unit: fc.constantFrom(...'张王李赵 ·'), maxLength: 10 }).map((s) => (s.trim() === '' ? '' : s)),
        async (entries, values, filledBy) => {
          // Every run its own period, so runs do not see each other's submissions.
          const period = `${2000 + Math.floor(n / 4)}-Q${(n % 4) + 1}`;
          n++;
          let k = 0;
          for (const [i, t] of tasks.entries()) {
            const e = entries[i % entries.length]!;
            if (e.skip && i > 0) continue;
            const indicators: Record<string, IndicatorValue> = {};
            for (const ind of t.indicators) {
              const v = values[k++ % values.length] ?? null;
              if (v === null) continue;
              indicators[ind.id] = ind.kind === 'yes' ? typeof v === 'boolean' ? v : v > 50 : typeof v === 'number' ? Math.round(v * 100) / 100 : 55;
            }
            const problems = e.status === '进度滞后' && e.problems.trim() === '' ? '资金不足' : e.problems;
            await unit.core.run('reports.save', {
              unit: UNIT,
              period,
              task: t.task,
              report: { status: e.status, percent: e.percent, progress: e.progress, problems, next: e.next, indicators, filledBy, phone: '' },
            });
          }
          const file = await exportTo(unit.core, dir, UNIT, period, `p${n}.xlsx`);
          const r = await importFiles(bureau.core, [file]);
          expect(r.files[0]!.errors).toEqual([]);
          expect(r.files[0]!.status).toBe('imported');
          expect(await reportsOf(bureau.core, UNIT, period)).toEqual(await reportsOf(unit.core, UNIT, period));
        },
      ),
      { numRuns: 25, endOnFailure: true },
    );
  });
});

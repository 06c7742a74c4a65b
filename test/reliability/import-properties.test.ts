/**
 * Properties of the bureau import (fast-check), over real exported workbooks:
 * importing a set of files is idempotent; a unit's revisions imported in any
 * order end with the newest; a dry run never changes the database.
 * (Export then import being the identity is test/exchange/property.test.ts.)
 */
import fc from 'fast-check';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/service';
import { dumpDb, FIXED_NOW, tempDir } from '../helpers/db';
import { exportTo, importFiles, newUnit, PERIOD, reportsOf } from '../exchange/helpers';

const UNITS = ['新市镇', '仁风镇'];
const REVISIONS = 3;
/** files[u][k]: unit u's revision k+1; contents[u][k]: what that revision holds. */
const files: string[][] = [];
const contents: unknown[][] = [];

beforeAll(async () => {
  const dir = tempDir();
  for (const [u, name] of UNITS.entries()) {
    const { core } = await newUnit(dir, name);
    files[u] = [];
    contents[u] = [];
    for (let k = 0; k < REVISIONS; k++) {
      for (const task of [4, 6]) {
        await core.run('reports.save', {
          unit: name,
          period: PERIOD,
          task,
          report: { status: k === REVISIONS - 1 ? '已完成' : '正常推进', percent: 30 * (k + 1), progress: `${name} 第 ${k + 1} 版：任务 ${task} 的进展`, filledBy: '李四', phone: '0531-1' },
        });
      }
      files[u]!.push(await exportTo(core, dir, name, PERIOD, `${name}-r${k + 1}.xlsx`));
      contents[u]!.push(await reportsOf(core, name));
    }
    core.close();
  }
}, 120_000);

let n = 0;
async function freshBureau(): Promise<{ core: Core; path: string }> {
  const path = join(tempDir(), `bureau-${n++}.db`);
  const core = await Core.open(path, { create: true, now: () => FIXED_NOW });
  await core.run('app.init', { role: 'bureau' });
  return { core, path };
}

const someFiles = fc.subarray(
  UNITS.flatMap((_, u) => Array.from({ length: REVISIONS }, (_, k) => [u, k] as const)),
  { minLength: 1 },
);

const RUNS = Number(process.env.SOAK ? 40 : 8);

describe('import properties', () => {
  it('importing a set of files twice: the second run changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(someFiles, async (picked) => {
        const { core, path } = await freshBureau();
        try {
          // One unit's revisions must arrive in separate runs (two in one run conflict by design).
          for (const [u, k] of picked) await importFiles(core, [files[u]![k]!]);
          const before = dumpDb(path);
          for (const [u, k] of picked) {
            const again = await importFiles(core, [files[u]![k]!]);
            expect(['unchanged', 'stale']).toContain(again.files[0]!.status);
          }
          const after = dumpDb(path);
          expect(after.reports).toEqual(before.reports);
          expect(after.report_history).toEqual(before.report_history);
          expect(after.submissions).toEqual(before.submissions);
        } finally {
          core.close();
        }
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
  }, 30_000 + RUNS * 8_000);

  it('a unit’s revisions imported in any order end with the newest', async () => {
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray([0, 1, 2], { minLength: REVISIONS, maxLength: REVISIONS }), async (order) => {
        const { core } = await freshBureau();
        try {
          for (const k of order) await importFiles(core, [files[0]![k]!]);
          expect(await reportsOf(core, UNITS[0])).toEqual(contents[0]![REVISIONS - 1]);
        } finally {
          core.close();
        }
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
  }, 30_000 + RUNS * 8_000);

  it('a dry run never changes the database, whatever was imported before', async () => {
    await fc.assert(
      fc.asyncProperty(someFiles, someFiles, async (first, dry) => {
        const { core, path } = await freshBureau();
        try {
          for (const [u, k] of first) await importFiles(core, [files[u]![k]!]);
          const before = dumpDb(path);
          await importFiles(
            core,
            dry.map(([u, k]) => files[u]![k]!),
            { dryRun: true },
          );
          expect(dumpDb(path)).toEqual(before);
        } finally {
          core.close();
        }
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
  }, 30_000 + RUNS * 8_000);
});

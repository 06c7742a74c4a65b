/**
 * SIGKILL at random points during a bulk import of 50 files (issue 7, item 1).
 * Each file is applied in its own savepoint and several files share a commit,
 * so after every kill the database must pass integrity_check and hold each
 * file wholly or not at all; re-running the import finishes the job.
 * CI runs a few kills; SOAK=1 (`npm run test:soak`) runs 50.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { newBureau, tempDir } from '../helpers/db';
import { exitOf, spawnCli, waitForMarker } from '../helpers/spawn';
import { exportTo } from '../exchange/helpers';

const KILLS = process.env.SOAK ? 50 : 4;
const FILES = 50;

/** Reports held per unit/period, and submissions per unit/period. */
function held(db: string): { reports: Map<string, number>; submissions: Map<string, number>; integrity: string } {
  const d = new Database(db, { readonly: true, fileMustExist: true });
  try {
    const count = (sql: string): Map<string, number> =>
      new Map((d.prepare(sql).all() as { k: string; n: number }[]).map((r) => [r.k, r.n]));
    return {
      reports: count("SELECT unit_code || '/' || period AS k, count(*) AS n FROM reports GROUP BY k"),
      submissions: count("SELECT unit_code || '/' || period AS k, count(*) AS n FROM submissions GROUP BY k"),
      integrity: (d.pragma('integrity_check', { simple: true }) as string) ?? '',
    };
  } finally {
    d.close();
  }
}

describe('SIGKILL during a bulk import', () => {
  it(`every file wholly imported or not at all, and a re-run finishes (${KILLS} kills of a ${FILES}-file import)`, async () => {
    const dir = tempDir('eco-import-kill-');
    // The workbooks: the demo data of every responsible unit for two quarters, exported.
    for (const d of ['source', 'target']) mkdirSync(join(dir, d));
    // (Owed from 2021-Q1 on both sides: the second quarter's files.)
    const source = await newBureau(join(dir, 'source'), 'quarter', '2021-Q1');
    const files = join(dir, 'files');
    mkdirSync(files);
    const expected = new Map<string, number>();
    for (const period of ['2021-Q2', '2021-Q3']) {
      await source.core.run('demo.fill', { period });
      for (const u of await source.core.run('units.list', {})) {
        if (expected.size >= FILES) break;
        const view = await source.core.run('reports.forUnit', { unit: u.code, period });
        if (view.filled === 0) continue;
        await exportTo(source.core, files, u.code, period, `${u.code}-${period}.xlsx`);
        expected.set(`${u.code}/${period}`, view.filled);
      }
    }
    source.core.close();
    expect(expected.size).toBe(FILES);

    const target = await newBureau(join(dir, 'target'), 'quarter', '2021-Q1');
    target.core.close();
    const check = (): number => {
      const h = held(target.path);
      expect(h.integrity).toBe('ok');
      for (const [k, n] of h.reports) expect([k, n]).toEqual([k, expected.get(k)]);
      for (const [k, n] of h.submissions) expect([k, n]).toEqual([k, 1]);
      expect([...h.reports.keys()].sort()).toEqual([...h.submissions.keys()].sort());
      return h.reports.size;
    };

    let killedAt = 0;
    for (let k = 0; k < KILLS; k++) {
      const child = spawnCli(['import', '--db', target.path, '--json', files], { ECO_FAULT_DELAY_MS: '10' });
      // A random file of the run: some kills land inside a batch, some between batches.
      const n = 1 + Math.floor(Math.random() * FILES);
      try {
        await waitForMarker(child, 'fault:import-file', n);
      } catch {
        // The run finished before the n-th point (earlier kills left few files to do).
      }
      child.kill('SIGKILL');
      await exitOf(child);
      killedAt = check();
    }
    expect(killedAt).toBeLessThanOrEqual(FILES);

    // The re-run finishes the job: nothing rejected, every file held once.
    const done = spawnCli(['import', '--db', target.path, '--json', files]);
    let out = '';
    done.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    const exit = await exitOf(done);
    expect(exit.code).toBe(0);
    const report = JSON.parse(out) as { totals: Record<string, number> };
    expect(report.totals.rejected).toBe(0);
    expect(report.totals.files).toBe(FILES);
    expect(check()).toBe(FILES);
    // Each kill spawns the command line afresh: generous on a loaded 2-core machine.
  }, 90_000 + KILLS * 15_000);
});

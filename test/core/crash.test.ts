import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/db';
import { exitOf, spawnCli, waitForMarker } from '../helpers/spawn';

const KILLS = process.env.SOAK ? 60 : 6;

function countReports(path: string): { integrity: string; reports: number; submissions: number } {
  const db = new Database(path, { fileMustExist: true });
  try {
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join(';');
    const reports = (db.prepare('SELECT count(*) AS n FROM reports').get() as { n: number }).n;
    const submissions = (db.prepare('SELECT count(*) AS n FROM submissions').get() as { n: number }).n;
    return { integrity, reports, submissions };
  } finally {
    db.close();
  }
}

describe('crash safety of demo', () => {
  it(`SIGKILL in the middle of demo leaves all of the fill or none of it (${KILLS} kills)`, async () => {
    const db = join(tempDir(), 'crash.db');
    expect((await cli(['init', '--db', db])).code).toBe(0);
    for (let k = 0; k < KILLS; k++) {
      const child = spawnCli(['demo', '--db', db, '--period', '2021-Q3'], { ECO_FAULT_DELAY_MS: '20' });
      // Kill after a random number of rows have been written inside the transaction.
      await waitForMarker(child, 'fault:row', 1 + Math.floor(Math.random() * 50));
      child.kill('SIGKILL');
      const { signal } = await exitOf(child);
      expect(signal).toBe('SIGKILL');
      const after = countReports(db);
      expect(after.integrity).toBe('ok');
      expect(after.reports).toBe(0);
      expect(after.submissions).toBe(0);
    }
    // The app starts normally afterwards and a complete fill lands whole.
    const full = await cli(['demo', '--db', db, '--period', '2021-Q3']);
    expect(full.code, full.stderr).toBe(0);
    expect(countReports(db)).toEqual({ integrity: 'ok', reports: 59, submissions: 28 });
  }, KILLS * 10_000);
});

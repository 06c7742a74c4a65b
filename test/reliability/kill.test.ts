/**
 * SIGKILL at random points during saves, backups and migrations. CI runs a
 * small count; `npm run test:soak` (SOAK=1) runs the full count.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listBackups, verifyDatabaseFile } from '../../electron/core/backup';
import { PIECE_BYTES } from '../../electron/core/fsutil';
import { Core } from '../../electron/core/service';
import { openDatabase } from '../../electron/core/store/db';
import { LATEST_VERSION } from '../../electron/core/store/migrations';
import { PERIOD, TOWN, unitBundle } from '../exchange/helpers';
import { cli, dumpDb, tempDir } from '../helpers/db';
import { exitOf, ROOT, spawnCli, waitForMarker } from '../helpers/spawn';

const SOAK = Boolean(process.env.SOAK);
const N = { save: SOAK ? 80 : 5, backup: SOAK ? 60 : 4, migration: SOAK ? 60 : 4 };
export const KILL_COUNTS = N;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('SIGKILL at random points', () => {
  it(`during saves: every save that reported success is there (${N.save} kills)`, async () => {
    const db = join(tempDir(), 'saves.db');
    expect((await cli(['init', '--db', db])).code).toBe(0);
    let lastConfirmed = 0;
    for (let k = 0; k < N.save; k++) {
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/save-loop.ts', db, '100000'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      // Wait until saving is under way, then kill at a random moment.
      while (!out.includes('saved')) await sleep(20);
      await sleep(Math.random() * 300);
      child.kill('SIGKILL');
      await exitOf(child);
      const confirmed = [...out.matchAll(/saved (\d+)/g)].map((m) => Number(m[1]));
      const last = confirmed[confirmed.length - 1]!;
      const core = await Core.open(db);
      expect(core.ctx.store.integrityCheck()).toEqual(['ok']);
      const r = core.ctx.store.reports.get('B04', '2021-Q3', 3)!;
      // This run's saves are versions after the earlier runs' ones.
      expect(r.version).toBeGreaterThanOrEqual(lastConfirmed + last);
      const history = core.ctx.store.reports.history(r.id);
      expect(history.map((h) => h.version)).toEqual(Array.from({ length: r.version }, (_, i) => r.version - i));
      lastConfirmed = r.version;
      core.close();
    }
  }, 30_000 + N.save * 10_000);

  it(`during backups: the database is intact and every listed backup is whole (${N.backup} kills)`, async () => {
    const db = join(tempDir(), 'backup.db');
    expect((await cli(['init', '--db', db])).code).toBe(0);
    expect((await cli(['demo', '--db', db, '--period', '2021-Q3'])).code).toBe(0);
    const before = dumpDb(db);
    for (let k = 0; k < N.backup; k++) {
      const child = spawnCli(['backup', '--db', db], { ECO_FAULT_DELAY_MS: '15' });
      await waitForMarker(child, Math.random() < 0.8 ? 'fault:backup-step' : 'fault:backup-copied', 1);
      child.kill('SIGKILL');
      await exitOf(child);
      expect(dumpDb(db)).toEqual(before);
      for (const b of listBackups(db)) expect(verifyDatabaseFile(b.path)).toBeNull();
    }
  }, 30_000 + N.backup * 10_000);

  it('during a restore, between keeping the old file and putting the backup in its place: the database is still there, whole, and so is the file kept', async () => {
    const db = join(tempDir(), 'restore.db');
    expect((await cli(['init', '--db', db])).code).toBe(0);
    expect((await cli(['backup', '--db', db])).code).toBe(0);
    expect((await cli(['demo', '--db', db, '--period', '2021-Q3'])).code).toBe(0);
    const before = dumpDb(db);
    const child = spawnCli(['restore', '--db', db, '--latest'], { ECO_FAULT_DELAY_MS: '5000' });
    await waitForMarker(child, 'fault:restore-linked', 1);
    child.kill('SIGKILL');
    await exitOf(child);
    // Not a first-run screen over the data: the database in its place as it was (the restore did not happen).
    expect(dumpDb(db)).toEqual(before);
    const kept = readdirSync(join(db, '..')).filter((f) => f.startsWith('restore.db.replaced-') && !f.endsWith('-wal') && !f.endsWith('-shm'));
    expect(kept).toHaveLength(1);
    // Kept by a second name: the database itself.
    expect(statSync(join(db, '..', kept[0]!)).ino).toBe(statSync(db).ino);
    // Opened again: what the cut restore left is gone (the file kept was the database itself under a second name).
    (await Core.open(db)).close();
    const left = (): string[] => readdirSync(join(db, '..')).filter((f) => f.startsWith('restore.db.'));
    expect(left().filter((f) => f.includes('.replaced-') || f.includes('.restoring'))).toEqual([]);
    // Done again, it goes through, and keeps the file it replaced.
    expect((await cli(['restore', '--db', db, '--latest'])).code).toBe(0);
    expect(dumpDb(db)).not.toEqual(before);
    expect(left().filter((f) => f.startsWith('restore.db.replaced-')).map((f) => dumpDb(join(db, '..', f)))).toEqual([before]);
  }, 60_000);

  it(`during a migration: the database is at the old version or the new one, never between (${N.migration} kills)`, async () => {
    for (let k = 0; k < N.migration; k++) {
      const db = join(tempDir(), 'migrate.db');
      const old = openDatabase(db, { create: true, migrateTo: 1 });
      old.prepare("INSERT INTO units (code, name, kind, sort) VALUES ('B04', '区委组织部', 'department', 4)").run();
      old.close();
      // Killed inside migration `at` (2..latest), before its commit.
      const at = 2 + Math.floor(Math.random() * (LATEST_VERSION - 1));
      const child = spawnCli(['check', '--db', db], { ECO_FAULT_DELAY_MS: '200' });
      await waitForMarker(child, `fault:migration-${at}`, 1);
      await sleep(Math.random() * 150);
      child.kill('SIGKILL');
      await exitOf(child);
      const d = dumpDb(db);
      expect(d.__user_version).toEqual([at - 1]);
      if (at === 2) expect(d.import_runs).toBeUndefined(); // the half-done migration was rolled back
      expect(d.units).toHaveLength(1);
      const sound = new Database(db, { readonly: true });
      expect(sound.pragma('integrity_check', { simple: true })).toBe('ok');
      sound.close();
      // The next start migrates normally.
      const again = openDatabase(db);
      expect(again.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
      again.close();
    }
  }, 30_000 + N.migration * 10_000);
});

describe('Ctrl+C on the command line', () => {
  it('stopped while a bundle is written: no hidden half-written file is left, nothing written, no revision counted', async () => {
    const dir = tempDir('eco-ctrl-c-');
    // Evidence of several pieces: the bundle is written across turns of the event loop, where the signal is taken.
    const { unit } = await unitBundle(dir, randomBytes(3 * PIECE_BYTES));
    unit.core.close();
    const outDir = join(dir, 'out');
    mkdirSync(outDir);
    const db = unit.path;
    const held = dumpDb(db);
    const child = spawnCli(['export', '--db', db, '--unit', TOWN, '--period', PERIOD, '--out', join(outDir, '报送.zip')], { ECO_FAULT_DELAY_MS: '300' });
    await waitForMarker(child, 'fault:atomic-write', 1);
    child.kill('SIGINT');
    const { code } = await exitOf(child);
    expect(code).toBe(130);
    expect(readdirSync(outDir)).toEqual([]);
    // The database as it was: the export counts its revision only once the file is whole.
    expect(dumpDb(db)).toEqual(held);
  });

  it('killed (no Ctrl+C to clean up) while a bundle is written: its hidden half-written file is removed by a later export to that folder once it is stale', async () => {
    const dir = tempDir('eco-kill-export-');
    const { unit } = await unitBundle(dir, randomBytes(3 * PIECE_BYTES));
    unit.core.close();
    const outDir = join(dir, 'out');
    mkdirSync(outDir);
    const child = spawnCli(['export', '--db', unit.path, '--unit', TOWN, '--period', PERIOD, '--out', join(outDir, '报送.zip')], { ECO_FAULT_DELAY_MS: '300' });
    await waitForMarker(child, 'fault:atomic-write', 1);
    child.kill('SIGKILL');
    await exitOf(child);
    const left = readdirSync(outDir);
    expect(left).toEqual([expect.stringMatching(/^\.[0-9a-f-]{36}\.tmp$/)]);
    // Another export within the hour leaves it (it could be a write still going on); once stale, it goes.
    expect((await cli(['export', '--db', unit.path, '--unit', TOWN, '--period', PERIOD, '--out', join(outDir, '报送1.zip')])).code).toBe(0);
    expect(readdirSync(outDir).sort()).toEqual([left[0]!, '报送1.zip'].sort());
    const hourAgo = new Date(Date.now() - 2 * 3600_000);
    utimesSync(join(outDir, left[0]!), hourAgo, hourAgo);
    expect((await cli(['export', '--db', unit.path, '--unit', TOWN, '--period', PERIOD, '--out', join(outDir, '报送2.zip')])).code).toBe(0);
    expect(readdirSync(outDir).sort()).toEqual(['报送1.zip', '报送2.zip']);
  });
});

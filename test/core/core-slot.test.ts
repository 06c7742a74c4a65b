/**
 * The database as both hosts hold it (electron/core/core-slot.ts): the desktop
 * app's main process and the browser-mode host. A damaged database leaves
 * the slot without a core, serving only what lists and restores its backups,
 * until a restore opens the core on the restored file.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCoreSlot, type CoreSlot } from '../../electron/core/core-slot';
import { Core } from '../../electron/core/service';
import { FIXED_NOW, scribble, tempDir } from '../helpers/db';

const slots: CoreSlot[] = [];
afterAll(() => {
  for (const s of slots) s.close();
});

async function slotOn(dbPath: string): Promise<CoreSlot> {
  const slot = await openCoreSlot(dbPath, { create: true, now: () => FIXED_NOW });
  slots.push(slot);
  return slot;
}

/** A bureau database with the demo's reports and one backup of them, then damaged. */
async function damagedWithBackup(): Promise<{ dbPath: string; backup: string }> {
  const dbPath = join(tempDir('eco-slot-'), 'data.db');
  const core = await Core.open(dbPath, { create: true, now: () => FIXED_NOW });
  await core.run('app.init', { role: 'bureau' });
  await core.run('demo.fill', { period: '2021-Q3' });
  const backup = (await core.run('backup.create', {})).path;
  core.close();
  scribble(dbPath);
  return { dbPath, backup };
}

describe('the core slot', () => {
  it('holds the open core of a sound database and passes every call to it', async () => {
    const slot = await slotOn(join(tempDir('eco-slot-'), 'data.db'));
    expect(slot.openError).toBeNull();
    expect(slot.core).not.toBeNull();
    expect(await slot.call('app.init', { role: 'bureau' })).toMatchObject({ ok: true });
    expect(await slot.call('app.info', {})).toMatchObject({ ok: true, value: { role: 'bureau' } });
    // Refusals come back as values, never thrown.
    expect(await slot.call('no.such.call', {})).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
  });

  it('damaged: says why for every call but the rescue ones, restores the newest good backup, then serves everything', async () => {
    const { dbPath, backup } = await damagedWithBackup();
    const slot = await slotOn(dbPath);
    expect(slot.core).toBeNull();
    expect(slot.openError?.code).toBe('db_corrupt');
    // The page asks app.info first: the reason, with the newest good backup named in its details.
    const info = await slot.call('app.info', {});
    expect(info).toMatchObject({ ok: false, error: { code: 'db_corrupt' } });
    expect(JSON.stringify(info)).toContain(backup);
    expect(await slot.call('reports.save', { unit: '济阳街道', period: '2021-Q3', task: 1, report: { status: '正常推进' } })).toMatchObject({ ok: false, error: { code: 'db_corrupt' } });
    expect(await slot.call('backup.list', {})).toMatchObject({ ok: true, value: [{ path: backup }] });
    expect(await slot.call('backup.progress', {})).toMatchObject({ ok: true, value: { running: false } });
    // Bad input to a rescue call is refused as a value too.
    expect(await slot.call('folders.list', { path: 'U盘' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await slot.call('backup.restore', { path: 42 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(slot.core).toBeNull();

    // Two restores at once (a double click): the second is told to wait.
    const [first, second] = await Promise.all([slot.call('backup.restore', { latest: true }), slot.call('backup.restore', { latest: true })]);
    expect(second).toMatchObject({ ok: false, error: { code: 'busy' } });
    expect(first).toMatchObject({ ok: true, value: { restoredFrom: backup } });
    const movedAside = (first as { value: { movedAside: string } }).value.movedAside;
    // The damaged file is kept beside, not deleted.
    expect(existsSync(movedAside)).toBe(true);

    expect(slot.openError).toBeNull();
    expect(slot.core).not.toBeNull();
    expect(await slot.call('app.info', {})).toMatchObject({ ok: true, value: { role: 'bureau' } });
    expect(await slot.call('summary.get', { period: '2021-Q3' })).toMatchObject({ ok: true, value: { period: { id: '2021-Q3' } } });
    // Restored, the open core answers the backup calls itself.
    expect(await slot.call('backup.list', {})).toMatchObject({ ok: true });
  });

  it('a database from a newer version is not touched: said, and its backups offered', async () => {
    const dbPath = join(tempDir('eco-slot-'), 'data.db');
    const core = await Core.open(dbPath, { create: true, now: () => FIXED_NOW });
    await core.run('app.init', { role: 'bureau' });
    core.close();
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(dbPath);
    db.pragma('user_version = 999');
    db.close();
    const slot = await slotOn(dbPath);
    expect(slot.core).toBeNull();
    expect(slot.openError?.code).toBe('db_too_new');
    expect(await slot.call('app.info', {})).toMatchObject({ ok: false, error: { code: 'db_too_new' } });
    expect(await slot.call('backup.list', {})).toMatchObject({ ok: true, value: [] });
  });

  it('a file that is not a database (overwritten by another file) is told its newest good backup, and restored from it', async () => {
    const { dbPath, backup } = await damagedWithBackup();
    writeFileSync(dbPath, '这不是数据库文件'.repeat(100));
    const slot = await slotOn(dbPath);
    expect(slot.openError?.code).toBe('not_a_database');
    expect(slot.openError?.details).toEqual([{ file: backup, message: '最近的完好备份' }]);
    expect(await slot.call('backup.restore', { latest: true })).toMatchObject({ ok: true, value: { restoredFrom: backup } });
    expect(await slot.call('app.info', {})).toMatchObject({ ok: true, value: { role: 'bureau' } });
  });
});

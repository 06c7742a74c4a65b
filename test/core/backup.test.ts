import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync, closeSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupNameTime, fileStamp, listBackups, KEEP_BACKUPS, newestGoodBackup, verifyDatabaseFile } from '../../electron/core/backup';
import { backupsDir } from '../../electron/core/paths';
import { Core } from '../../electron/core/service';
import { AppError } from '../../shared/errors';
import { apartFromLineage, cli, dumpDb, FIXED_NOW, newBureau, scribble, tempDir } from '../helpers/db';
import { importFiles, PERIOD, TOWN, unitBundle } from '../exchange/helpers';

const at = (iso: string) => () => new Date(iso);

describe('backups', () => {
  it('backs up at start-up when the newest is older than a day, keeping the last 10', async () => {
    const db = join(tempDir(), 'b.db');
    const c = await Core.open(db, { create: true });
    await c.run('app.init', { role: 'bureau' });
    c.close();
    expect(listBackups(db)).toHaveLength(0);
    let day = Date.parse('2021-10-01T00:00:00Z');
    for (let i = 0; i < 13; i++) {
      const core = await Core.open(db, { autoBackup: true, now: () => new Date(day) });
      core.close();
      // A second start the same day makes no new backup.
      (await Core.open(db, { autoBackup: true, now: () => new Date(day + 3600_000) })).close();
      day += 25 * 3600_000;
    }
    expect(listBackups(db)).toHaveLength(KEEP_BACKUPS);
  });

  it('checking a backup or a copy on a stick leaves nothing beside it (a read in WAL mode makes a -wal and -shm)', async () => {
    const dir = tempDir('eco-check-leaves-');
    const { core, path } = await newBureau(dir);
    try {
      const b = await core.run('backup.create', {});
      const stick = join(dir, 'U盘');
      mkdirSync(stick);
      const copy = await cli(['backup', '--db', path, '--out', join(stick, 'copy.db')]);
      expect(copy.code).toBe(0);
      const beside = (p: string): string[] => readdirSync(dirname(p)).filter((f) => f.startsWith(`${basename(p)}-`));
      expect(verifyDatabaseFile(b.path)).toBeNull();
      expect(newestGoodBackup(path)?.path).toBe(b.path);
      expect(beside(b.path)).toEqual([]);
      expect((await cli(['restore', '--db', join(tempDir('eco-check-leaves-pc-'), 'b.db'), '--from', join(stick, 'copy.db')])).code).toBe(0);
      expect(beside(join(stick, 'copy.db'))).toEqual([]);
    } finally {
      core.close();
    }
  });

  it('an app left running for days backs up each day it runs, not only when it was opened', async () => {
    const db = join(tempDir(), 'running.db');
    let now = Date.parse('2021-10-01T00:00:00Z');
    const core = await Core.open(db, { create: true, autoBackup: true, now: () => new Date(now) });
    try {
      // Not set up yet: nothing to back up.
      expect(await core.backUpIfDue(true)).toBeNull();
      await core.run('app.init', { role: 'bureau' });
      expect(await core.backUpIfDue(true)).not.toBeNull();
      // An hour on: not due.
      now += 3600_000;
      expect(await core.backUpIfDue(true)).toBeNull();
      // Three days on, still running: one a day.
      for (let d = 0; d < 3; d++) {
        now += 24 * 3600_000;
        expect(await core.backUpIfDue(true)).not.toBeNull();
      }
      expect(listBackups(db)).toHaveLength(4);
    } finally {
      core.close();
    }
  });

  it('names a backup by the China time 备份时间 shows, whatever the computer’s zone; reads the earlier UTC and local names too, and lists all by time', async () => {
    // The name shows China's day and hour (the screen's), in any zone this machine is set to.
    for (const [iso, stamp] of [
      ['2021-10-03T02:00:00.000Z', '20211003-100000+0800'],
      ['2021-12-31T23:59:59.000Z', '20220101-075959+0800'],
      ['2024-02-29T16:30:05.000Z', '20240301-003005+0800'],
    ] as const) {
      expect(fileStamp(new Date(iso))).toBe(stamp);
      expect(backupNameTime(`backup-${stamp}.db`)).toEqual({ createdAt: iso, seq: 0 });
    }
    expect(backupNameTime('backup-20211003-100000+0800.db')).toEqual({ createdAt: '2021-10-03T02:00:00.000Z', seq: 0 });
    expect(backupNameTime('backup-20211003-100000-0530-2.db')).toEqual({ createdAt: '2021-10-03T15:30:00.000Z', seq: 2 });
    expect(backupNameTime('backup-20211003T020000Z-1.db')).toEqual({ createdAt: '2021-10-03T02:00:00.000Z', seq: 1 });
    for (const other of ['backup-20211303-100000+0800.db', 'backup-20211003-250000+0800.db', 'backup-20211003-100000.db', 'b.db', 'backup-20211003T020000Z.db-wal']) {
      expect(backupNameTime(other), other).toBeNull();
    }

    const db = join(tempDir(), 'b.db');
    const c = await Core.open(db, { create: true, now: at('2021-10-05T02:00:00Z') });
    await c.run('app.init', { role: 'bureau' });
    await c.run('backup.create', {});
    c.close();
    const made = listBackups(db);
    expect(made.map((b) => basename(b.path))).toEqual([`backup-${fileStamp(new Date('2021-10-05T02:00:00Z'))}.db`]);
    // Backups of an earlier version (UTC names) sit beside it and are listed by their time, newest first.
    const dir = backupsDir(db);
    writeFileSync(join(dir, 'backup-20211006T000000Z.db'), readFileSync(made[0]!.path));
    writeFileSync(join(dir, 'backup-20211004T000000Z.db'), readFileSync(made[0]!.path));
    expect(listBackups(db).map((b) => b.createdAt)).toEqual(['2021-10-06T00:00:00.000Z', '2021-10-05T02:00:00.000Z', '2021-10-04T00:00:00.000Z']);
  });

  it('a damaged database is refused with the newest good backup offered, and restore brings it back', async () => {
    const dir = tempDir();
    const db = join(dir, 'b.db');
    expect((await cli(['init', '--db', db])).code).toBe(0);
    expect((await cli(['demo', '--db', db, '--period', '2021-Q3'])).code).toBe(0);
    const backup = await Core.open(db, { now: at('2021-10-06T00:00:00Z') });
    await backup.run('backup.create', {});
    backup.close();
    const good = dumpDb(db);

    // Scribble over the middle of the file, as a failing disk would.
    scribble(db);

    let error: AppError | undefined;
    try {
      (await Core.open(db)).close();
    } catch (err) {
      error = err as AppError;
    }
    expect(error?.code).toBe('db_corrupt');
    expect(error?.message).toMatch(/最近一份完好的备份/);
    // The backup's time as users read dates: 2021年10月3日 10:00, not an ISO timestamp.
    expect(error?.message).toMatch(/（\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}）/);
    expect(error?.message).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(error?.message).toContain(listBackups(db)[0]!.path);

    const r = await cli(['restore', '--db', db, '--latest', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const { movedAside } = r.json() as { movedAside: string };
    expect(existsSync(movedAside)).toBe(true); // the damaged file is kept, not deleted
    expect(apartFromLineage(dumpDb(db)).dump).toEqual(apartFromLineage(good).dump);
    expect(apartFromLineage(dumpDb(db)).id).not.toBeNull();
    expect((await cli(['check', '--db', db])).code).toBe(0);
  });

  it('restore refuses a backup that is itself damaged or not a database', async () => {
    const dir = tempDir();
    const db = join(dir, 'b.db');
    expect((await cli(['init', '--db', db])).code).toBe(0);
    const before = dumpDb(db);
    const fake = join(dir, 'fake.db');
    const fd = openSync(fake, 'w');
    writeSync(fd, Buffer.from('not a database at all'));
    closeSync(fd);
    const r = await cli(['restore', '--db', db, '--from', fake]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/不可用/);
    expect(dumpDb(db)).toEqual(before);
    // A damaged one: said in words, SQLite's own kept as the detail behind them.
    const damaged = join(dir, 'damaged.db');
    copyFileSync(db, damaged);
    scribble(damaged);
    const d = await cli(['restore', '--db', db, '--from', damaged]);
    expect([d.code, d.stderr]).toEqual([1, expect.stringMatching(/^错误 \[db_corrupt\]: 备份“damaged\.db”不可用：文件已损坏(：完整性检查发现 \d+ 处问题)?（技术详情：[^\n]+）\n$/)]);
    expect(dumpDb(db)).toEqual(before);
  });

  it('an automatic backup that cannot be written does not keep the database from opening; the command line says so', async () => {
    const dir = tempDir();
    const db = join(dir, 'b.db');
    expect((await cli(['init', '--db', db])).code).toBe(0);
    // The backups folder cannot be made: a file stands in its place.
    mkdirSync(join(dir, 'b.files'), { recursive: true });
    writeFileSync(join(dir, 'b.files', 'backups'), 'not a folder');
    const core = await Core.open(db, { autoBackup: true });
    try {
      expect(core.backupProblem?.message).toBeTruthy();
      expect((await core.run('check.run', {})).ok).toBe(true);
    } finally {
      core.close();
    }
    const r = await cli(['check', '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/自动备份没有完成/);
  });
});

describe('a whole copy elsewhere (backup --out, or a folder)', () => {
  it('takes the evidence files and the originals of every import with it: opened where it is, it lacks nothing; again, it copies only what is new', async () => {
    const dir = tempDir('eco-copy-');
    const bureau = await newBureau(dir);
    const photo = new Uint8Array(4096).map((_, i) => (i * 7) % 251);
    const { unit, zip } = await unitBundle(dir, photo);
    try {
      const r = await importFiles(bureau.core, [zip]);
      expect(r.files[0]!.status).toBe('imported');
      const report = (await bureau.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks.find((t) => (t.report?.evidence.length ?? 0) > 0)!;
      const ev = report.report!.evidence[0]!;
      const workbook = (await bureau.core.run('exchange.importRuns', {}))[0]!.files[0]!;

      const usb = join(dir, 'U盘');
      const first = await bureau.core.run('backup.create', { folder: usb });
      expect(first.path).toBe(join(usb, '生态文明进度备份-区局.db'));
      // The photo and the .zip the workbook came in (the workbook's original is in the database).
      expect(first.files).toEqual({ copied: 2, kept: 0, bytes: expect.any(Number) as number });
      const openCopy = async (path: string): Promise<void> => {
        const copy = await Core.open(path, { now: () => FIXED_NOW });
        try {
          const opened = await copy.run('evidence.open', { unit: TOWN, period: PERIOD, task: report.task, hash: ev.hash, name: ev.name });
          expect(Buffer.from(opened.dataBase64, 'base64')).toEqual(Buffer.from(photo));
          const original = await copy.run('exchange.original', { sha256: workbook.sha256 });
          expect(createHash('sha256').update(Buffer.from(original.dataBase64, 'base64')).digest('hex')).toBe(workbook.sha256);
          expect(dumpDb(path).reports).toEqual(dumpDb(bureau.path).reports);
        } finally {
          copy.close();
        }
      };
      await openCopy(first.path);
      // Again into the same folder, after a change: the copy brought up to date (it was opened since: its -wal goes), no file copied twice.
      await bureau.core.run('reports.save', { unit: TOWN, period: PERIOD, task: report.task, report: { status: '已完成', percent: 100, progress: '区局更正' } });
      const again = await bureau.core.run('backup.create', { folder: usb });
      expect(again).toMatchObject({ path: first.path, files: { copied: 0, kept: 2, bytes: 0 } });
      await openCopy(again.path);
      // A new file elsewhere (--out) takes its own copy of the files; never over an existing file.
      const out = await bureau.core.run('backup.create', { out: join(dir, '另一份', 'b.db') });
      expect(out.files).toMatchObject({ copied: 2, kept: 0 });
      await openCopy(out.path);
      await expect(bureau.core.run('backup.create', { out: out.path })).rejects.toThrow('已存在');
      // The unit's own copy in the same folder has its own name; another database's copy is never replaced.
      const unitCopy = await unit.core.run('backup.create', { folder: usb });
      expect(unitCopy.path).toBe(join(usb, `生态文明进度备份-${TOWN}.db`));
      const before = readFileSync(first.path);
      const other = await newBureau(tempDir('eco-copy-other-'));
      await expect(other.core.run('backup.create', { folder: usb })).rejects.toThrow('是区局汇总端另一台电脑上的数据库的备份');
      expect(readFileSync(first.path)).toEqual(before);
      other.core.close();
      await expect(bureau.core.run('backup.create', { folder: usb, out: join(dir, 'x.db') })).rejects.toThrow('只能给一个');
      // A relative folder (relative to where the app happened to start) and the data's own folder are refused.
      await expect(bureau.core.run('backup.create', { folder: 'U盘' })).rejects.toThrow('不是完整路径');
      await expect(bureau.core.run('backup.create', { folder: join(dir, 'bureau.files', 'backups') })).rejects.toThrow('不能放在数据库本身的位置或其文件夹');
      // A control character pasted along would name a folder nobody can see: said, nothing made.
      await expect(bureau.core.run('backup.create', { folder: `${join(dir, 'U盘')}\u0007` })).rejects.toThrow(`的第 ${join(dir, 'U盘').length + 1} 个字符是看不见的控制字符`);
      expect(existsSync(`${join(dir, 'U盘')}\u0007`)).toBe(false);
    } finally {
      unit.core.close();
      bureau.core.close();
    }
  });

  it('restores on a new computer from the copy on a USB stick (its folder or file), evidence and originals included; never another unit’s over data in use', async () => {
    const dir = tempDir('eco-copy-back-');
    const bureau = await newBureau(dir);
    const photo = new Uint8Array(2048).map((_, i) => (i * 13) % 251);
    const { unit, zip } = await unitBundle(dir, photo);
    const usb = join(dir, 'U盘');
    try {
      await importFiles(bureau.core, [zip]);
      const workbook = (await bureau.core.run('exchange.importRuns', {}))[0]!.files[0]!;
      await bureau.core.run('backup.create', { folder: usb });
      const report = (await bureau.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks.find((t) => (t.report?.evidence.length ?? 0) > 0)!;
      const ev = report.report!.evidence[0]!;

      // The new computer: the app started, nothing chosen yet.
      const fresh = await Core.open(join(tempDir('eco-new-pc-'), 'eco-progress.db'), { create: true, now: () => FIXED_NOW });
      try {
        const r = await fresh.run('backup.restore', { copy: usb });
        expect(r.restoredFrom).toBe(join(usb, '生态文明进度备份-区局.db'));
        expect(r.files).toMatchObject({ copied: 2, kept: 0 });
        // The file the first run made a moment ago held nothing: not kept aside, nor said to be.
        expect(r.movedAside).toBeNull();
        expect(readdirSync(dirname(fresh.ctx.dbPath)).filter((f) => f.includes('.replaced-'))).toEqual([]);
        expect((await fresh.run('app.info', {})).role).toBe('bureau');
        const opened = await fresh.run('evidence.open', { unit: TOWN, period: PERIOD, task: report.task, hash: ev.hash, name: ev.name });
        expect(Buffer.from(opened.dataBase64, 'base64')).toEqual(Buffer.from(photo));
        expect((await fresh.run('exchange.original', { sha256: workbook.sha256 })).dataBase64.length).toBeGreaterThan(0);
        expect(dumpDb(fresh.ctx.dbPath).reports).toEqual(dumpDb(bureau.path).reports);
        // The restored database (an id of its own now) keeps its copy on the same stick up to date.
        expect(await fresh.run('backup.create', { folder: usb })).toMatchObject({ path: join(usb, '生态文明进度备份-区局.db'), files: { copied: 0, kept: 2 } });
      } finally {
        fresh.close();
      }

      // The unit's own copy beside it: the folder holds two, so the file is asked for; the unit's data in use takes no bureau copy.
      await unit.core.run('backup.create', { folder: usb });
      await expect(unit.core.run('backup.restore', { copy: usb })).rejects.toThrow('有 2 份完整副本');
      const before = dumpDb(unit.path);
      await expect(unit.core.run('backup.restore', { copy: join(usb, '生态文明进度备份-区局.db') })).rejects.toThrow('不能恢复到本机');
      expect(dumpDb(unit.path)).toEqual(before);
      await expect(unit.core.run('backup.restore', { copy: join(dir, '没有这个文件夹') })).rejects.toThrow('没有这个文件夹');

      // The command line, from the copy's file: the files come back as well.
      const target = join(tempDir('eco-new-pc-cli-'), 'bureau.db');
      const c = await cli(['restore', '--db', target, '--from', join(usb, '生态文明进度备份-区局.db'), '--json']);
      expect(c.code).toBe(0);
      expect(c.json()).toMatchObject({ files: { copied: 2, kept: 0 } });
      const back = await Core.open(target, { now: () => FIXED_NOW });
      try {
        expect((await back.run('evidence.open', { unit: TOWN, period: PERIOD, task: report.task, hash: ev.hash, name: ev.name })).dataBase64).toBe(Buffer.from(photo).toString('base64'));
      } finally {
        back.close();
      }
    } finally {
      unit.core.close();
      bureau.core.close();
    }
  });

  it('a copy without its files is restored and the files missing are counted; nothing else is taken meanwhile; a restore of an older backup keeps the stick its own', async () => {
    const dir = tempDir('eco-copy-edge-');
    const bureau = await newBureau(dir);
    const { unit, zip } = await unitBundle(dir, new Uint8Array(1024).map((_, i) => i % 251));
    const usb = join(dir, 'U盘');
    try {
      await importFiles(bureau.core, [zip]);
      const first = await bureau.core.run('backup.create', { folder: usb });
      // Only the .db taken along (a quoted path, as Explorer copies one).
      const only = join(dir, '只拷了数据库');
      mkdirSync(only);
      writeFileSync(join(only, basename(first.path)), readFileSync(first.path));
      const fresh = await Core.open(join(tempDir('eco-new-pc-'), 'eco-progress.db'), { create: true, now: () => FIXED_NOW });
      try {
        const restoring = fresh.run('backup.restore', { copy: `"${only}"` });
        // While it runs, nothing else is taken (what it wrote would be replaced).
        const meanwhile = await fresh.call('app.init', { role: 'bureau' });
        expect(meanwhile.ok || meanwhile.error.code).toBe('busy');
        const r = await restoring;
        // The photo and the .zip; the workbook's original came in the database itself.
        expect(r).toMatchObject({ files: { copied: 0, kept: 0 }, missing: 2 });
        const workbook = (await fresh.run('exchange.importRuns', {}))[0]!.files[0]!;
        expect(createHash('sha256').update(Buffer.from((await fresh.run('exchange.original', { sha256: workbook.sha256 })).dataBase64, 'base64')).digest('hex')).toBe(workbook.sha256);
        await expect(fresh.run('backup.restore', { copy: '只拷了数据库' })).rejects.toThrow('不是完整路径');
      } finally {
        fresh.close();
      }
      // The command line says so too (its restore went through: the database is all there is of it).
      const cliTarget = join(tempDir('eco-new-pc-cli-'), 'eco-progress.db');
      const c = await cli(['restore', '--db', cliTarget, '--from', join(only, basename(first.path)), '--json']);
      expect(c.code).toBe(0);
      expect(c.json()).toMatchObject({ missing: 2 });
      expect(c.stderr).toContain('注意：恢复的数据库所引用的 2 个佐证材料或导入原件文件不在本机，也不在副本旁的“.files”文件夹中');

      // Two daily backups, the older restored, the stick updated, then the newer restored after all: still its copy.
      const d1 = await bureau.core.run('backup.create', {});
      await bureau.core.run('units.save', { name: '后来新增的单位', kind: 'department' });
      const d2 = await bureau.core.run('backup.create', {});
      await bureau.core.run('backup.restore', { path: d1.path });
      await bureau.core.run('backup.create', { folder: usb });
      await bureau.core.run('backup.restore', { path: d2.path });
      expect(await bureau.core.run('backup.create', { folder: usb })).toMatchObject({ path: first.path });
    } finally {
      unit.core.close();
      bureau.core.close();
    }
  });

  it('says how far its files are while it runs, and nothing once done', async () => {
    const dir = tempDir('eco-copy-progress-');
    const bureau = await newBureau(dir);
    const { unit, zip } = await unitBundle(dir, new Uint8Array(4096).map((_, i) => i % 251));
    try {
      await importFiles(bureau.core, [zip]);
      const copying = bureau.core.run('backup.create', { folder: join(dir, 'U盘') });
      // Asked while it runs (the files are listed before the first is copied).
      const during = await bureau.core.run('backup.progress', {});
      expect(during).toMatchObject({ running: true, totalFiles: 2 });
      expect(during.totalBytes).toBeGreaterThan(4096);
      await copying;
      expect(await bureau.core.run('backup.progress', {})).toEqual({ running: false, files: 0, totalFiles: 0, bytes: 0, totalBytes: 0 });
    } finally {
      unit.core.close();
      bureau.core.close();
    }
  });
});


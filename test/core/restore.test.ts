/**
 * backup.restore: the same Core closes its database, swaps in one of its own
 * backups (the current file moved aside), reopens and keeps answering.
 */
import Database from 'better-sqlite3';
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { listBackups } from '../../electron/core/backup';
import { markOpen, openElsewhere } from '../../electron/core/in-use';
import { Core } from '../../electron/core/service';
import { apartFromLineage, cli, dumpDb, FIXED_NOW, newBureau, tempDir } from '../helpers/db';

const open: Core[] = [];
afterAll(() => {
  for (const c of open) c.close();
});

const PERIOD = '2021-Q3';
const report = (progress: string) => ({ unit: '区自然资源局', period: PERIOD, task: 10, report: { status: '正常推进' as const, progress } });

/** Another process (the app) with the database open: `said` waits for a word it prints; a line on its stdin closes it. */
function appHolding(dir: string, path: string): { app: ChildProcessByStdio<Writable, Readable, null>; said: (word: string) => Promise<void> } {
  const script = join(dir, 'app.mts');
  writeFileSync(
    script,
    `import { Core } from ${JSON.stringify(fileURLToPath(new URL('../../electron/core/service.ts', import.meta.url)))};
const core = await Core.open(${JSON.stringify(path)});
console.log('open');
process.stdin.once('data', () => { core.close(); console.log('closed'); process.exit(0); });`,
  );
  const app = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const said = (word: string): Promise<void> => new Promise((resolve) => app.stdout.on('data', (b: Buffer) => b.toString().includes(word) && resolve()));
  return { app, said };
}

async function unitCore(dir: string): Promise<Core> {
  const core = await Core.open(join(dir, 'unit.db'), { create: true, now: () => new Date('2021-10-03T02:00:00.000Z') });
  open.push(core);
  await core.run('app.init', { role: 'unit', unit: '区自然资源局' });
  return core;
}

describe('restoring a backup from the API', () => {
  it('save, back up, change, restore: the change is gone, the replaced file is kept, the Core keeps answering', async () => {
    const dir = tempDir('eco-restore-');
    const core = await unitCore(dir);
    await core.run('reports.save', report('备份之前的进展'));
    const b = await core.run('backup.create', {});
    const atBackup = dumpDb(b.path);
    await core.run('reports.save', report('备份之后的改动'));
    await core.run('units.list', {});
    const listed = await core.run('backup.list', {});
    expect(listed.map((x) => x.path)).toContain(b.path);

    const r = await core.run('backup.restore', { path: b.path });
    expect(r.restoredFrom).toBe(b.path);
    expect(r.movedAside).toMatch(/unit\.db\.replaced-/);
    expect(existsSync(r.movedAside!)).toBe(true);
    // The replaced file still holds the change: nothing was lost.
    expect(JSON.stringify(dumpDb(r.movedAside!))).toContain('备份之后的改动');

    // Same Core object, new database: the change is gone, the earlier text is back.
    const view = await core.run('reports.forUnit', { unit: '区自然资源局', period: PERIOD });
    expect(view.tasks.find((t) => t.task === 10)?.report?.progress).toBe('备份之前的进展');
    expect((await core.run('app.info', {})).role).toBe('unit');
    // The backup as it was, under a database id of its own (its exports number afresh from the backup's).
    const restored = apartFromLineage(dumpDb(join(dir, 'unit.db')));
    expect(restored.dump).toEqual(apartFromLineage(atBackup).dump);
    expect(restored.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(restored.id).not.toBe(apartFromLineage(atBackup).id);
    // And it still writes.
    await core.run('reports.save', report('恢复之后的新内容'));
    const again = await core.run('reports.forUnit', { unit: '区自然资源局', period: PERIOD });
    expect(again.tasks.find((t) => t.task === 10)?.report?.progress).toBe('恢复之后的新内容');
    expect((await core.run('check.run', {})).ok).toBe(true);
    // Restored again in the same second (the clock stands still here): the file replaced now is kept beside the
    // first, never over it.
    const twice = await core.run('backup.restore', { path: b.path });
    expect(twice.movedAside).toBe(`${r.movedAside}-2`);
    expect(JSON.stringify(dumpDb(r.movedAside!))).toContain('备份之后的改动');
    expect(JSON.stringify(dumpDb(twice.movedAside!))).toContain('恢复之后的新内容');
  });

  it('latest: true takes the newest backup that passes its check', async () => {
    const dir = tempDir('eco-restore2-');
    const core = await unitCore(dir);
    await core.run('backup.create', {});
    await core.run('reports.save', report('最新备份里的内容'));
    const newest = await core.run('backup.create', {});
    await core.run('reports.save', report('备份之后的改动'));
    expect(listBackups(core.ctx.dbPath)[0]!.path).toBe(newest.path);
    const r = await core.run('backup.restore', { latest: true });
    expect(r.restoredFrom).toBe(newest.path);
    const view = await core.run('reports.forUnit', { unit: '区自然资源局', period: PERIOD });
    expect(view.tasks.find((t) => t.task === 10)?.report?.progress).toBe('最新备份里的内容');
  });

  it('refuses a path that is not in the backup list, and changes nothing', async () => {
    const dir = tempDir('eco-restore3-');
    const { core, path } = await newBureau(dir);
    open.push(core);
    const b = await core.run('backup.create', {});
    // A perfectly good database file, but not one of this database's backups.
    const elsewhere = join(dir, 'other.db');
    copyFileSync(b.path, elsewhere);
    await core.run('units.save', { name: '高新区管委会', kind: 'department' });
    const before = dumpDb(path);
    for (const input of [{ path: elsewhere }, { path: `${b.path}/../../bureau.db` }, { path: '/etc/passwd' }]) {
      const r = await core.call('backup.restore', input);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('backup_not_listed');
        expect(r.error.message).toContain('只能从本数据库的备份列表中恢复');
      }
    }
    for (const input of [{}, { path: b.path, latest: true }]) {
      const r = await core.call('backup.restore', input);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('invalid_input');
    }
    expect(dumpDb(path)).toEqual(before);
    expect((await core.run('units.list', {})).map((u) => u.name)).toContain('高新区管委会');
  });

  it('the command line refuses to restore while another process (the app) has the database open, changing nothing; once it has closed, the restore goes', async () => {
    const dir = tempDir('eco-restore-inuse-');
    const { core, path } = await newBureau(dir);
    await core.run('reports.save', { unit: '区委组织部', period: '2021-Q3', task: 3, report: { status: '正常推进', progress: '恢复前' } });
    await core.run('backup.create', {});
    core.close();
    // The app: another process with the database open, until told to close it.
    const { app, said } = appHolding(dir, path);
    await said('open');
    const before = dumpDb(path);
    const files = readdirSync(dir).sort();
    const refused = await cli(['restore', '--db', path, '--latest']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`错误 [db_in_use]: 数据库“${path}”正被另一个程序使用（本系统的窗口，或另一条正在执行的命令）：此时恢复，它写入的内容会丢失。请先关闭本系统（或等该命令结束）后再恢复`);
    expect(dumpDb(path)).toEqual(before);
    expect(readdirSync(dir).sort()).toEqual(files);
    // The app's own restore, while a command (another process) has it open: refused in the app's words.
    const mine = await Core.open(path, { now: () => FIXED_NOW });
    expect(await mine.call('backup.restore', { latest: true })).toMatchObject({ ok: false, error: { code: 'db_in_use', message: expect.stringContaining('请等它结束或关闭后再恢复') } });
    expect((await mine.run('reports.forUnit', { unit: '区委组织部', period: '2021-Q3' })).tasks[0]!.report).toMatchObject({ progress: '恢复前' });
    mine.close();
    // Closed: restored.
    app.stdin.write('close\n');
    await said('closed');
    const r = await cli(['restore', '--db', path, '--latest']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/原数据库已改名保留为/);
  });

  it('the command line asks for --force to restore another installation’s database of the same kind (not this one, nor one it was before)', async () => {
    const dir = tempDir('eco-restore-other-');
    const { core, path } = await newBureau(dir);
    await core.run('reports.save', { unit: '区委组织部', period: '2021-Q3', task: 3, report: { status: '正常推进', progress: '本机的' } });
    core.close();
    // Another computer's bureau database, set up and empty.
    const other = await newBureau(tempDir('eco-restore-other-b-'));
    await other.core.run('exchange.setupExport', {});
    other.core.close();
    const before = dumpDb(path);
    const refused = await cli(['restore', '--db', path, '--from', other.path]);
    expect([refused.code, refused.stderr]).toEqual([1, expect.stringContaining(`“${other.path}”不是此数据库（或它恢复备份前的版本）的备份，而是另一个区局汇总端数据库的：恢复后本机的数据将由它的内容替换。如确需如此，请加 --force`)]);
    expect(dumpDb(path)).toEqual(before);
    expect((await cli(['restore', '--db', path, '--from', other.path, '--force'])).code).toBe(0);
  });

  it('a process killed with the database open (a crash) does not hold a restore up: the lock went with it', async () => {
    const dir = tempDir('eco-restore-crashed-');
    const { core, path } = await newBureau(dir);
    await core.run('backup.create', {});
    core.close();
    const { app, said } = appHolding(dir, path);
    await said('open');
    expect(openElsewhere(path)).toBe(true);
    // This process's own open does not count, and asking leaves its lock held.
    const release = markOpen(path);
    expect(openElsewhere(path)).toBe(true);
    app.kill('SIGKILL');
    await new Promise((resolve) => app.on('exit', resolve));
    expect(openElsewhere(path)).toBe(false);
    release();
    expect((await cli(['restore', '--db', path, '--latest'])).code).toBe(0);
  });

  it('a backup restored from the command line while the app has the database open: the app stops, saying so, and writes nothing to the file moved aside', async () => {
    const dir = tempDir('eco-restore-cli-');
    const { core, path } = await newBureau(dir);
    open.push(core);
    await core.run('reports.save', { unit: '区委组织部', period: '2021-Q3', task: 3, report: { status: '正常推进', progress: '恢复前' } });
    await core.run('backup.create', {});
    const r = await cli(['restore', '--db', path, '--latest']);
    expect(r.code).toBe(0);
    const aside = r.stdout.match(/原数据库已改名保留为 (\S+)/)?.[1];
    expect(aside && existsSync(aside)).toBe(true);
    const before = dumpDb(aside!);
    const save = await core.call('reports.save', { unit: '区委组织部', period: '2021-Q3', task: 3, report: { status: '正常推进', progress: '恢复后在旧窗口输入' } });
    expect(save.ok).toBe(false);
    if (!save.ok) {
      expect(save.error.code).toBe('db_replaced');
      expect(save.error.message).toBe(`数据文件“${path}”已被另一个文件替换（例如在命令行中恢复了备份），本程序仍连着原来的文件：为免内容写到别处，暂停一切操作。请关闭本程序后重新打开（填报表中未保存的内容暂存在本机，重新打开后会恢复）`);
    }
    // Reads stop too (they would show the file moved aside); nothing was written to it.
    expect(await core.call('summary.get', { period: '2021-Q3' })).toMatchObject({ ok: false, error: { code: 'db_replaced' } });
    expect(dumpDb(aside!)).toEqual(before);
    // Opened again, the app is on the restored file.
    const again = await Core.open(path, { now: () => FIXED_NOW });
    open.push(again);
    expect((await again.run('reports.forUnit', { unit: '区委组织部', period: '2021-Q3' })).tasks[0]!.report).toMatchObject({ progress: '恢复前' });
  });

  it('a restore cut after the database’s WAL went aside with its second name: at the next start the WAL is put back before the database is opened, nothing committed lost', async () => {
    const dir = tempDir('eco-restore-wal-');
    const { core, path } = await newBureau(dir);
    core.close();
    // A database whose last commits are still in its WAL (its process was killed): copied as they stand.
    const live = new Database(path);
    live.pragma('wal_autocheckpoint = 0');
    live.prepare("INSERT INTO meta (key, value) VALUES ('probe', 'in the WAL')").run();
    const held = join(dir, 'held');
    mkdirSync(held);
    copyFileSync(path, join(held, 'db'));
    copyFileSync(`${path}-wal`, join(held, 'db-wal'));
    live.close();
    rmSync(path);
    rmSync(`${path}-wal`, { force: true });
    rmSync(`${path}-shm`, { force: true });
    copyFileSync(join(held, 'db'), path);
    // The cut restore: a second name of the database, its WAL moved to that name.
    const aside = `${path}.replaced-20211003-100000+0800`;
    linkSync(path, aside);
    copyFileSync(join(held, 'db-wal'), `${aside}-wal`);
    const again = await Core.open(path, { now: () => FIXED_NOW });
    open.push(again);
    expect(again.ctx.store.meta.get('probe')).toBe('in the WAL');
    expect(readdirSync(dir).filter((f) => f.includes('.replaced-'))).toEqual([]);
  });

  it('refuses while another call is still running', async () => {
    const dir = tempDir('eco-restore4-');
    const { core } = await newBureau(dir);
    open.push(core);
    const b = await core.run('backup.create', {});
    // A backup in progress is a call that awaits; the restore must not pull the database from under it.
    const slow = core.call('backup.create', {});
    const r = await core.call('backup.restore', { path: b.path });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('busy');
    expect((await slow).ok).toBe(true);
    expect((await core.call('backup.restore', { path: b.path })).ok).toBe(true);
  });
});

import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, statfsSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evidenceDir } from '../../electron/core/paths';
import { Core, toApiError } from '../../electron/core/service';
import { importFiles, reportsOf, unitBundle } from '../exchange/helpers';
import { cli, dumpDb, newBureau, tempDir } from '../helpers/db';
import { exitOf, spawnCli, waitForMarker } from '../helpers/spawn';
import { smallTmpfs } from '../helpers/tmpfs';

const report = (text: string) => ({ status: '正常推进', percent: 50, progress: text, problems: '', next: '', indicators: {}, filledBy: '', phone: '' });

describe('faults', () => {
  it('disk full during saves: a clear message, and every earlier save is still there', async (ctx) => {
    const fs = smallTmpfs(4096);
    // Said as skipped where mount is not allowed (no root), not passed without running.
    if (!fs) return ctx.skip();
    try {
      const db = join(fs.dir, 'full.db');
      const core = await Core.open(db, { create: true });
      // (Owed from 2021-Q1: every quarter from the year the plan was issued.)
      await core.run('app.init', { role: 'bureau', firstPeriod: '2021-Q1' });
      const saved: string[] = [];
      let failure: { code: string; message: string } | null = null;
      // Long texts in many tasks × periods until the file system is full.
      outer: for (let year = 2021; year < 2099; year++) {
        for (let q = 1; q <= 4; q++) {
          const text = `第${year}年第${q}季度`.padEnd(7000, '进');
          const r = await core.call('reports.save', { unit: '区委组织部', period: `${year}-Q${q}`, task: 3, report: report(text) });
          if (!r.ok) {
            failure = r.error;
            break outer;
          }
          saved.push(`${year}-Q${q}`);
        }
      }
      expect(failure?.code).toBe('disk_full');
      expect(failure?.message).toMatch(/磁盘空间不足/);
      expect(saved.length).toBeGreaterThan(3);
      core.close();
      const check = await Core.open(db);
      expect(check.ctx.store.integrityCheck()).toEqual(['ok']);
      for (const p of saved) expect(check.ctx.store.reports.get('B04', p, 3)?.progress.startsWith(`第${p.slice(0, 4)}年`)).toBe(true);
      check.close();
    } finally {
      fs.unmount();
    }
  });

  it('a database on a read-only file system is refused with a clear message', async (ctx) => {
    const fs = smallTmpfs(4096);
    // Said as skipped where mount is not allowed (no root), not passed without running.
    if (!fs) return ctx.skip();
    try {
      const db = join(fs.dir, 'ro.db');
      expect((await cli(['init', '--db', db])).code).toBe(0);
      fs.readOnly();
      const r = await cli(['save', '--db', db, '--unit', '区委组织部', '--period', '2021-Q3', '--task', '3'], JSON.stringify(report('x')));
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/\[db_read_only\]|\[disk_full\]/);
      expect(r.stderr).toMatch(/只读|无法写入|不可写/);
    } finally {
      fs.unmount();
    }
  });

  it('a backup onto a read-only disk (a stick with its lock switch on) says so, the database’s own copy or a whole copy with evidence', async (ctx) => {
    const fs = smallTmpfs(4096);
    if (!fs) return ctx.skip();
    try {
      mkdirSync(join(fs.dir, 'U盘'));
      fs.readOnly();
      const db = join(tempDir(), 'b.db');
      expect((await cli(['init', '--db', db])).code).toBe(0);
      const bare = await cli(['backup', '--db', db, '--out', join(fs.dir, 'U盘', 'copy.db')]);
      expect([bare.code, bare.stderr]).toEqual([1, `错误 [write_failed]: 无法写入“${join(fs.dir, 'U盘', 'copy.db')}”：所在磁盘是只读的\n`]);
      // Into a folder not made yet: not "the folder does not exist".
      const deeper = await cli(['backup', '--db', db, '--out', join(fs.dir, 'U盘', '新文件夹', 'copy.db')]);
      expect(deeper.code).toBe(1);
      expect(deeper.stderr).toContain('所在磁盘是只读的');
    } finally {
      fs.unmount();
    }
  });

  it('a database left with a WAL by a killed process opens with every committed save', async () => {
    const dir = tempDir();
    const db = join(dir, 'wal.db');
    expect((await cli(['init', '--db', db, '--first-period', '2021-Q1'])).code).toBe(0);
    // Fill completely (committed), then be killed while the next command is writing:
    // the WAL is left behind un-checkpointed.
    expect((await cli(['demo', '--db', db, '--period', '2021-Q2'])).code).toBe(0);
    const child = spawnCli(['demo', '--db', db, '--period', '2021-Q3'], { ECO_FAULT_DELAY_MS: '20' });
    await waitForMarker(child, 'fault:row', 10);
    child.kill('SIGKILL');
    await exitOf(child);
    const dump = dumpDb(db);
    expect((dump.reports as { period: string }[]).filter((r) => r.period === '2021-Q2')).toHaveLength(59);
    expect((dump.reports as { period: string }[]).filter((r) => r.period === '2021-Q3')).toHaveLength(0);
    expect((await cli(['check', '--db', db])).code).toBe(0);
  });

  it('a database copied without its WAL opens in a consistent (older) state; the original keeps everything', async () => {
    const dir = tempDir();
    const db = join(dir, 'src.db');
    expect((await cli(['init', '--db', db])).code).toBe(0);
    const holder = new Database(db); // keeps the WAL from being checkpointed on close of the writer below
    holder.pragma('journal_mode = WAL');
    expect((await cli(['demo', '--db', db, '--period', '2021-Q3'])).code).toBe(0);
    const copy = join(dir, 'copy.db');
    copyFileSync(db, copy);
    holder.close();
    const r = await cli(['check', '--db', copy, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(((await cli(['report', '--db', db, '--unit', '新市镇', '--period', '2021-Q3', '--json'])).json() as { filled: number }).filled).toBe(2);
  });

  it('a database damaged while in use: the call says so in Chinese with what to do, not SQLite\'s words', async () => {
    const dir = tempDir('eco-fault-corrupt-');
    const db = join(dir, 'bureau.db');
    const first = await Core.open(db, { create: true });
    await first.run('app.init', { role: 'bureau', firstPeriod: '2021-Q1' });
    // Long texts in many periods: the reports take many pages beyond the first ones.
    for (let year = 2021; year <= 2024; year++) {
      for (let q = 1; q <= 4; q++) await first.run('reports.save', { unit: '区委组织部', period: `${year}-Q${q}`, task: 3, report: report(`第${year}年第${q}季度`.padEnd(6000, '进')) });
    }
    const backup = await first.run('backup.create', {});
    first.close();
    const core = await Core.open(db);
    try {
      // All but the file's first two pages overwritten (a failing disk), after the open read what it needed: whichever
      // pages the calls read that the open did not, they are damaged (half the file was once enough, until a migration
      // moved the pages the open reads into it).
      const size = statSync(db).size;
      const keep = 2 * (core.ctx.store.db.pragma('page_size', { simple: true }) as number);
      const fd = openSync(db, 'r+');
      try {
        writeSync(fd, Buffer.alloc(size - keep, 0xa5), 0, size - keep, keep);
      } finally {
        closeSync(fd);
      }
      const r = await core.call('summary.get', { period: '2024-Q4' });
      const h = await core.call('reports.history', { unit: '区委组织部', period: '2024-Q4', task: 3 });
      const failure = [r, h].find((x) => !x.ok);
      // With the newest good backup named, in the message and for the damaged-database page.
      expect(failure && !failure.ok ? failure.error : null).toMatchObject({
        code: 'db_corrupt',
        message: expect.stringContaining(`数据库文件已损坏（使用中发现），操作未完成。最近一份完好的备份是“${backup.path}”`),
        details: [{ file: backup.path, message: '最近的完好备份' }],
      });
      expect(JSON.stringify([r, h])).not.toMatch(/malformed|程序内部错误/);
    } finally {
      core.close();
    }
  });

  it('disk errors by their codes: damaged database, disk read or write, full, read-only, busy; anything else internal', () => {
    const e = (code: string) => toApiError(Object.assign(new Error(`driver words ${code}`), { code }));
    expect(e('SQLITE_CORRUPT').code).toBe('db_corrupt');
    expect(e('SQLITE_CORRUPT_INDEX').code).toBe('db_corrupt');
    expect(e('SQLITE_NOTADB').code).toBe('db_corrupt');
    expect(e('SQLITE_IOERR_SHORT_READ').code).toBe('db_corrupt');
    expect(e('SQLITE_IOERR_WRITE')).toMatchObject({ code: 'io_error', message: expect.stringContaining('读写磁盘时出错') });
    expect(e('EIO').code).toBe('io_error');
    expect(e('SQLITE_FULL').code).toBe('disk_full');
    expect(e('SQLITE_READONLY').code).toBe('db_read_only');
    // Named where the Core knows the file.
    expect(toApiError(Object.assign(new Error('x'), { code: 'SQLITE_READONLY' }), '/data/区局.db').message).toBe('数据库“/data/区局.db”或其所在文件夹不可写（只读或无权限），操作未完成');
    expect(e('SQLITE_BUSY').code).toBe('busy');
    expect(e('SQLITE_MISMATCH')).toMatchObject({ code: 'internal', message: expect.stringContaining('driver words SQLITE_MISMATCH') });
    for (const code of ['SQLITE_CORRUPT', 'SQLITE_IOERR_WRITE', 'EIO']) expect(e(code).message).not.toContain('driver words');
  });

  it('a garbage file in place of the WAL does not crash the open', async () => {
    const dir = tempDir();
    const db = join(dir, 'w.db');
    expect((await cli(['init', '--db', db])).code).toBe(0);
    writeFileSync(`${db}-wal`, Buffer.alloc(10000, 7));
    const r = await cli(['check', '--db', db]);
    expect([0, 1]).toContain(r.code);
    expect(r.stderr).not.toMatch(/程序内部错误/);
  });
});

describe('disk full during export and import', () => {
  it('a whole copy onto a stick too small for its evidence is refused before the files are copied, saying how much it needs', async (ctx) => {
    const fs = smallTmpfs(3 * 1024);
    if (!fs) return ctx.skip();
    const dir = tempDir('eco-small-stick-');
    const bureau = await newBureau(dir);
    try {
      const { zip } = await unitBundle(dir, randomBytes(4 * 1024 * 1024));
      await importFiles(bureau.core, [zip]);
      const out = join(fs.dir, 'copy.db');
      const r = await cli(['backup', '--db', bureau.path, '--out', out]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^错误 \[disk_full\]: 磁盘空间不足：佐证材料和导入原件约需 \d+ MB，“.+copy\.files”所在的磁盘只剩 \d+ MB；请换一个空间更大的U盘或位置，或清理后重试，未写入任何文件/);
      // Nothing written: neither the files nor the database's copy.
      expect(existsSync(join(fs.dir, 'copy.files', 'evidence'))).toBe(false);
      expect(readdirSync(fs.dir)).toEqual([]);
    } finally {
      bureau.core.close();
      fs.unmount();
    }
  });

  it('an export to a full disk fails clearly and leaves no half file', async (ctx) => {
    const fs = smallTmpfs(64);
    // Said as skipped where mount is not allowed (no root), not passed without running.
    if (!fs) return ctx.skip();
    try {
      const dir = tempDir();
      const db = join(dir, 'unit.db');
      expect((await cli(['init', '--db', db, '--unit', '新市镇'])).code).toBe(0);
      for (const task of [4, 6]) {
        const r = await cli(['save', '--db', db, '--unit', '新市镇', '--period', '2021-Q3', '--task', String(task)], JSON.stringify(report('甲'.repeat(7000))));
        expect(r.code).toBe(0);
      }
      // Fill the small disk almost completely first.
      writeFileSync(join(fs.dir, 'filler'), Buffer.alloc(60 * 1024));
      const out = join(fs.dir, '新市镇.xlsx');
      const r = await cli(['export', '--db', db, '--unit', '新市镇', '--period', '2021-Q3', '--out', out]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/磁盘空间不足|disk_full/);
      expect(readdirSync(fs.dir)).toEqual(['filler']); // no partial or temporary file left
    } finally {
      fs.unmount();
    }
  });

  it('an import into a database on a full disk: a clear message, whatever was committed is whole, and the re-run after freeing space completes', async (ctx) => {
    const fs = smallTmpfs(4096);
    // Said as skipped where mount is not allowed (no root), not passed without running.
    if (!fs) return ctx.skip();
    try {
      const src = tempDir();
      const files: string[] = [];
      const towns = ['济阳街道', '济北街道', '回河街道', '孙耿街道', '崔寨街道', '太平街道', '垛石街道', '曲堤街道', '仁风镇', '新市镇'];
      for (const town of towns) {
        const db = join(src, `${town}.db`);
        expect((await cli(['init', '--db', db, '--unit', town])).code).toBe(0);
        for (const task of [4, 6]) {
          expect((await cli(['save', '--db', db, '--unit', town, '--period', '2021-Q3', '--task', String(task)], JSON.stringify(report(`${town}${'进'.repeat(7900)}`)))).code).toBe(0);
        }
        const out = join(src, `${town}.xlsx`);
        expect((await cli(['export', '--db', db, '--unit', town, '--period', '2021-Q3', '--out', out])).code).toBe(0);
        files.push(out);
      }
      const bureau = join(fs.dir, 'bureau.db');
      expect((await cli(['init', '--db', bureau])).code).toBe(0);
      // Leave 300 KiB free: not enough for ten workbooks of long texts (history and archive included).
      const filler = join(fs.dir, 'filler');
      const st = statfsSync(fs.dir);
      writeFileSync(filler, Buffer.alloc(st.bavail * st.bsize - 300 * 1024));
      const r = await cli(['import', '--db', bureau, '--json', ...files]);
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).toMatch(/磁盘空间不足/);
      const perUnit = (): Map<string, number> => {
        const m = new Map<string, number>();
        for (const row of dumpDb(bureau).reports as { unit_code: string }[]) m.set(row.unit_code, (m.get(row.unit_code) ?? 0) + 1);
        return m;
      };
      const checked = await cli(['check', '--db', bureau]);
      expect(checked.code, checked.stdout + checked.stderr).toBe(0);
      for (const n of perUnit().values()) expect(n).toBe(2); // each town whole or absent
      rmSync(filler);
      const again = await cli(['import', '--db', bureau, '--json', ...files]);
      expect(again.code, again.stderr).toBe(0);
      expect(perUnit().size).toBe(10);
    } finally {
      fs.unmount();
    }
  });

  it('a bundle whose evidence does not fit on the disk: refused as a full disk (not as a changed zip), no report, no half evidence file; taken once there is room', async (ctx) => {
    const fs = smallTmpfs(16 * 1024);
    // Said as skipped where mount is not allowed (no root), not passed without running.
    if (!fs) return ctx.skip();
    try {
      const { zip } = await unitBundle(tempDir('eco-full-ev-'), randomBytes(6 * 1024 * 1024));
      const bureau = await newBureau(fs.dir);
      try {
        // Room for the archived original (the zip, ~6 MB) but not for its evidence stored beside it.
        const filler = join(fs.dir, 'filler');
        const st = statfsSync(fs.dir);
        writeFileSync(filler, Buffer.alloc(st.bavail * st.bsize - 9 * 1024 * 1024));
        const r = await importFiles(bureau.core, [zip]);
        expect(r.files.map((f) => f.status)).toEqual(['rejected']);
        expect(r.files[0]!.errors[0]!.message).toMatch(/^无法写入“本机的佐证材料文件夹”：磁盘空间不足/);
        expect((await reportsOf(bureau.core)).every((t) => 'none' in t)).toBe(true);
        const stored = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => d.name) : []);
        expect(stored(evidenceDir(bureau.path))).toEqual([]);
        rmSync(filler);
        const again = await importFiles(bureau.core, [zip]);
        expect(again.files.map((f) => f.status)).toEqual(['imported']);
        expect((await reportsOf(bureau.core)).filter((t) => !('none' in t))).toHaveLength(1);
        expect(stored(evidenceDir(bureau.path))).toHaveLength(1);
      } finally {
        bureau.core.close();
      }
    } finally {
      fs.unmount();
    }
  });
});

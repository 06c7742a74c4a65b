/**
 * Backups with SQLite's online backup API: at start-up when the newest is older
 * than a day, on request, and before a restore. The last 10 automatic ones are kept.
 */
import Database from 'better-sqlite3';
import { constants as fsConstants, copyFileSync, existsSync, promises as fsp, linkSync, mkdirSync, readdirSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { AppError, ERROR_CODES } from '../../shared/errors';
import { unquotedPath } from '../../shared/text';
import { DATABASE_ID } from './exchange/format';
import { uuidv7 } from './ids';
import { archiveDir, backupsDir, evidenceDir, filesDirFor, hashPath } from './paths';
import { faultPoint } from './fault';
import { openElsewhere } from './in-use';
import { ensureRoom, fsyncDir, notAFile, readProblem, writeProblem } from './fsutil';
import { assertSqliteFile, integrityWords, translateSqliteError, type DB } from './store/db';
import { LATEST_VERSION } from './store/migrations';
import { mergeNumbers, NOTICE_NUMBERS_UNSURE, NOTICE_NUMBERS_USED, parseNumbers, type NumbersUsed } from './store/repos/notices';
import { CHINA_OFFSET_MS } from '../../shared/period';

export const KEEP_BACKUPS = 10;
export const AUTO_BACKUP_AGE_MS = 24 * 3600_000;

export interface BackupInfo {
  path: string;
  createdAt: string;
  size: number;
  /** A copy made elsewhere (`backup --out`): the evidence files and originals copied beside it. */
  files?: StoredFilesCopy;
  /** That copy is on the same disk as the data (it does not survive the disk). */
  sameDisk?: boolean;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/**
 * A time in a file's name, in China time with its offset (backup-20211003-100000+0800.db), so the name shows the time
 * 备份时间 says, whatever zone the computer is set to (as every date the app shows). Earlier versions wrote UTC
 * (backup-20211003T020000Z.db) or the computer's local time with its offset; all are read.
 */
export function fileStamp(d: Date): string {
  const t = new Date(d.getTime() + CHINA_OFFSET_MS);
  return `${t.getUTCFullYear()}${pad(t.getUTCMonth() + 1)}${pad(t.getUTCDate())}-${pad(t.getUTCHours())}${pad(t.getUTCMinutes())}${pad(t.getUTCSeconds())}+0800`;
}

/** The instant a backup's name gives (either form), as an ISO string in UTC, or null for any other name. */
export function backupNameTime(name: string): { createdAt: string; seq: number } | null {
  const utc = /^backup-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z(-\d+)?\.db$/.exec(name);
  const local = utc ? null : /^backup-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})([+-]\d{2})(\d{2})(-\d+)?\.db$/.exec(name);
  const m = utc ?? local;
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  let t = Date.UTC(y, mo - 1, d, h, mi, s);
  if (local) {
    const sign = local[7]!.startsWith('-') ? -1 : 1;
    t -= sign * (Math.abs(Number(local[7])) * 60 + Number(local[8])) * 60_000;
  }
  // A name whose fields are out of range (month 13, 25 o'clock) is no backup of ours.
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  return { createdAt: new Date(t).toISOString(), seq: Number(((utc ? m[7] : m[9]) ?? '-0').slice(1)) };
}

export function listBackups(dbPath: string): BackupInfo[] {
  const dir = backupsDir(dbPath);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir)
    .flatMap((f) => {
      // The time is the one in the name: the clock of the start-up that made it.
      const t = backupNameTime(f);
      if (!t) return [];
      const p = join(dir, f);
      const { createdAt, seq } = t;
      return [{ path: p, createdAt, size: statSync(p).size, key: `${createdAt}/${String(seq).padStart(6, '0')}` }];
    })
    .sort((a, b) => b.key.localeCompare(a.key))
    .map(({ key: _key, ...b }) => b);
}

/** What `copyStoredFiles` did. */
export interface StoredFilesCopy {
  /** Files written (evidence files and archived originals). */
  copied: number;
  /** Files the copy already had (the same name, which is the file's SHA-256, and size). */
  kept: number;
  /** Bytes written. */
  bytes: number;
}

/**
 * Copies the files a database keeps beside it (evidence, `evidence/`; the
 * original bytes of every imported .zip and of workbooks imported before
 * migration 014, `archive/`: later workbooks' are in the database) to where a database
 * copy at `out` keeps them (`out.files/…`), so the copy is whole: opened
 * where it is, it finds them as the database does. A file is named by its
 * SHA-256, so one already there with the same size is the same file and is
 * kept: copying again to the same place writes only what is new. Each file
 * goes in through a temporary name, synced before it is renamed (a stick
 * pulled out leaves no half file under a hash's name); the copying runs on
 * libuv's threads, so the app answers meanwhile.
 */
export async function copyStoredFiles(dbPath: string, out: string, progressOf?: string, onto: 'copy' | 'here' = 'copy'): Promise<StoredFilesCopy> {
  const done: StoredFilesCopy = { copied: 0, kept: 0, bytes: 0 };
  const outFiles = filesDirFor(out);
  // What is to be copied first (names and sizes only), so that the copying can say how far it is.
  const todo: { src: string; dest: string; size: number }[] = [];
  for (const [from, sub] of [
    [evidenceDir(dbPath), 'evidence'],
    [archiveDir(dbPath), 'archive'],
  ] as const) {
    if (!existsSync(from)) continue;
    for (const prefix of readdirSync(from)) {
      if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
      const dir = join(from, prefix);
      if (!statSync(dir).isDirectory()) continue;
      for (const name of readdirSync(dir)) {
        if (!/^[0-9a-f]{64}$/.test(name) || !name.startsWith(prefix)) continue;
        const src = join(dir, name);
        const size = statSync(src).size;
        const dest = join(outFiles, sub, prefix, name);
        if (existsSync(dest) && statSync(dest).size === size) done.kept++;
        else todo.push({ src, dest, size });
      }
    }
  }
  const progress: CopyProgress = { files: 0, totalFiles: todo.length, bytes: 0, totalBytes: todo.reduce((a, t) => a + t.size, 0) };
  // Not 229 MB written onto a stick of 272 before it fills: refused first, saying how much is needed.
  // Onto a stick: files only, filled to the brim if need be (as a copy by hand would). Back onto this computer (a
  // restore): the data disk keeps the room the database then needs.
  if (progress.totalBytes > 0) {
    if (onto === 'copy') ensureRoom(join(outFiles, 'evidence'), progress.totalBytes, '佐证材料和导入原件', undefined, '请换一个空间更大的U盘或位置，或清理后重试', 1024 * 1024);
    else ensureRoom(join(outFiles, 'evidence'), progress.totalBytes, '恢复佐证材料和导入原件', '本机数据所在的磁盘', '请清理本机磁盘后重试');
  }
  const key = progressOf ? resolve(progressOf) : null;
  if (key) copying.set(key, progress);
  try {
    const synced = new Set<string>();
    for (const t of todo) {
      mkdirSync(dirname(t.dest), { recursive: true });
      await copyDurably(t.src, t.dest);
      synced.add(dirname(t.dest));
      done.copied++;
      done.bytes += t.size;
      progress.files++;
      progress.bytes += t.size;
    }
    for (const dir of synced) fsyncDir(dir);
  } finally {
    if (key) copying.delete(key);
  }
  return done;
}

/** How far a whole copy's files are (to a stick, or back from one), for the screen that waits on it. */
export interface CopyProgress {
  files: number;
  totalFiles: number;
  bytes: number;
  totalBytes: number;
}

/** Copies running, by the path of the database whose screen waits on them. */
const copying = new Map<string, CopyProgress>();

/** The copy of files running for this database (`running` false and zeros when none). */
export function copyProgress(dbPath: string): CopyProgress & { running: boolean } {
  const p = copying.get(resolve(dbPath));
  return p ? { running: true, ...p } : { running: false, files: 0, totalFiles: 0, bytes: 0, totalBytes: 0 };
}

/** One file copied by way of a temporary name, synced, renamed; a source that cannot be read is said as such. */
async function copyDurably(src: string, dest: string): Promise<void> {
  const tmp = `${dest}.partial`;
  try {
    // A copy-on-write clone where the file system has one, else a plain copy.
    await fsp.copyFile(src, tmp, fsConstants.COPYFILE_FICLONE);
    const fh = await fsp.open(tmp, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    renameSync(tmp, dest);
  } catch (err) {
    rmSync(tmp, { force: true });
    if (!existsSync(src)) throw readProblem(src, err, '佐证材料或导入原件');
    throw writeProblem(dest, err);
  }
}

/** The name a backup folder gives a database's whole copy (`backup` with `folder`): 生态文明进度备份-<单位>.db. */
export const COPY_NAME = /^生态文明进度备份-.+\.db$/;

/** A path as typed or pasted (Explorer's 复制文件地址 puts it in quotes), which must be whole: from a drive or the root. */
export function typedPath(raw: string, what: string): string {
  const p = unquotedPath(raw);
  // A control character (pasted along, or typed by a key combination) would become part of a folder's name nobody can see.
  const hidden = [...p].findIndex((ch) => /[\u0000-\u001f\u007f]/.test(ch));
  if (hidden >= 0) throw new AppError(ERROR_CODES.invalidInput, `${what}的第 ${hidden + 1} 个字符是看不见的控制字符：请删除后重新填写`);
  if (!isAbsolute(p)) {
    const win = process.platform === 'win32';
    throw new AppError(ERROR_CODES.invalidInput, `${what}“${raw.trim()}”不是完整路径：请填写${win ? '从盘符开始的完整路径，如 E:\\生态文明进度备份\\副本.db' : '从 / 开始的完整路径，如 /media/用户名/U盘/副本.db'}`);
  }
  return resolve(p);
}

/**
 * A whole copy named by the user to restore from: its database file, or the
 * folder holding one (named as a backup folder names it). Found, not yet
 * read: the copy is checked once staged on this computer (`prepareCopy`).
 */
export function chooseCopy(ref: string): BackupInfo {
  let path = typedPath(ref, '完整副本的位置');
  let st;
  try {
    st = statSync(path);
  } catch (err) {
    throw readProblem(path, err, '完整副本');
  }
  if (st.isDirectory()) {
    const found = readdirSync(path).filter((f) => COPY_NAME.test(f));
    if (found.length === 0) throw new AppError(ERROR_CODES.notFound, `“${path}”中没有完整副本（生态文明进度备份-单位名称.db）；请选择备份时填写的文件夹，或直接给出副本文件`);
    if (found.length > 1) throw new AppError(ERROR_CODES.invalidInput, `“${path}”中有 ${found.length} 份完整副本（${found.join('、')}），请给出要恢复的那一份（文件的完整路径）`);
    path = join(path, found[0]!);
    st = statSync(path);
  }
  const special = notAFile(st);
  if (special) throw new AppError(ERROR_CODES.invalidInput, `“${path}”不是完整副本：${special}；未作任何更改`);
  return { path, createdAt: st.mtime.toISOString(), size: st.size };
}

/** A whole copy staged on this computer, checked, with its files brought over: all a restore needs before the swap. */
export interface PreparedCopy {
  chosen: BackupInfo;
  /** The copy's database, copied beside the database being replaced (read there: a write-protected stick cannot hold SQLite's side files). */
  staging: string;
  files: StoredFilesCopy;
  /** Files the copy's database refers to that neither it nor this computer has (its files folder left behind or incomplete). */
  missing: number;
}

/**
 * Everything of a restore from a whole copy up to the swap, replacing
 * nothing: the copy's database staged beside `dbPath` and checked (undamaged;
 * of the same unit or bureau as `mine`, unless null: a database not set up
 * yet), then its evidence files and originals brought over (those missing
 * here), and what is still missing counted.
 */
export async function prepareCopy(dbPath: string, ref: string, mine: string | null): Promise<PreparedCopy> {
  const chosen = chooseCopy(ref);
  if (existsSync(dbPath) && realpathSync(dbPath) === realpathSync(chosen.path)) throw new AppError(ERROR_CODES.invalidInput, '这就是本机正在使用的数据库，不是副本');
  const staging = `${dbPath}.from-copy`;
  for (const side of ['', '-wal', '-shm']) rmSync(staging + side, { force: true });
  try {
    try {
      await fsp.copyFile(chosen.path, staging);
    } catch (err) {
      throw existsSync(chosen.path) ? writeProblem(staging, err) : readProblem(chosen.path, err, '完整副本');
    }
    const problem = verifyDatabaseFile(staging);
    if (problem) throw unusable(`完整副本“${basename(chosen.path)}”`, problem);
    const theirs = identityOf(staging);
    if (mine !== null && theirs !== mine) {
      throw new AppError('backup_mismatch', `完整副本“${basename(chosen.path)}”是${identityLabel(staging) ?? '未知'}的数据，本机是${identityLabel(dbPath) ?? mine}：不能恢复到本机（首次使用、尚未选择用途时可以恢复任何一方的副本）`);
    }
    const files = await copyStoredFiles(chosen.path, dbPath, dbPath, 'here');
    return { chosen, staging, files, missing: missingStoredFiles(staging, dbPath) };
  } catch (err) {
    for (const side of ['', '-wal', '-shm']) rmSync(staging + side, { force: true });
    throw err;
  }
}

/**
 * How many of the files a database refers to are not in `dbPath`'s stores:
 * its evidence files, and the originals of the files it imported and took.
 */
export function missingStoredFiles(dbFile: string, dbPath: string): number {
  return readOnly(dbFile, (db) => {
    const has = (table: string): boolean => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
    const evidence = has('evidence_files') ? (db.prepare('SELECT hash FROM evidence_files').pluck().all() as string[]) : [];
    // (A backup of an earlier version is read before it is migrated: import_files without its zips (before migration 011).)
    const containers = has('import_files') && (db.prepare('PRAGMA table_info(import_files)').all() as { name: string }[]).some((c) => c.name === 'container_hash');
    const originals = has('import_files')
      ? (db
          .prepare(
            `SELECT file_hash FROM import_files WHERE status IN ('imported', 'updated')${containers ? " UNION SELECT container_hash FROM import_files WHERE status IN ('imported', 'updated') AND container_hash IS NOT NULL" : ''}`,
          )
          .pluck()
          .all() as string[])
      : [];
    // Workbooks' originals held in the database itself (migration 014) came with it.
    const held = new Set(has('originals') ? (db.prepare('SELECT hash FROM originals').pluck().all() as string[]) : []);
    const gone = (root: string, hash: string): boolean => /^[0-9a-f]{64}$/.test(hash) && !existsSync(hashPath(root, hash));
    return evidence.filter((h) => gone(evidenceDir(dbPath), h)).length + originals.filter((h) => !held.has(h) && gone(archiveDir(dbPath), h)).length;
  });
}

/** Copies the live database (consistent, while open) to `out`, via a temporary file. */
export async function backupTo(db: DB, out: string): Promise<void> {
  const tmp = `${out}.partial`;
  rmSync(tmp, { force: true });
  try {
    await db.backup(tmp, {
      // Pages per step (SQLite's default is all at once here; 50 keeps the app responsive on big files).
      progress: () => {
        faultPoint('backup-step');
        return 50;
      },
    });
    faultPoint('backup-copied');
    renameSync(tmp, out);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** `prune`: false leaves the oldest backups for the caller to prune (the command line: a refused command's backup goes again, and nothing with it). */
export async function createBackup(db: DB, dbPath: string, now = new Date(), prune = true): Promise<BackupInfo> {
  const dir = backupsDir(dbPath);
  mkdirSync(dir, { recursive: true });
  let out = join(dir, `backup-${fileStamp(now)}.db`);
  for (let i = 1; existsSync(out); i++) out = join(dir, `backup-${fileStamp(now)}-${i}.db`);
  await backupTo(db, out);
  if (prune) pruneBackups(dbPath);
  const st = statSync(out);
  return { path: out, createdAt: now.toISOString(), size: st.size };
}

export function pruneBackups(dbPath: string, keep = KEEP_BACKUPS): void {
  for (const b of listBackups(dbPath).slice(keep)) rmSync(b.path, { force: true });
}

/** Backs up when the newest backup is older than a day (or there is none). */
export async function autoBackup(db: DB, dbPath: string, now = new Date(), prune = true): Promise<BackupInfo | null> {
  const newest = listBackups(dbPath)[0];
  if (newest && now.getTime() - Date.parse(newest.createdAt) < AUTO_BACKUP_AGE_MS) return null;
  return createBackup(db, dbPath, now, prune);
}

const TOO_NEW = '高于本程序支持的';

/** A backup or copy that cannot be restored: one made by a newer version of the program is no damaged file (upgrade). */
function unusable(what: string, problem: string): AppError {
  return problem.includes(TOO_NEW)
    ? new AppError(ERROR_CODES.dbTooNew, `${what}由更新版本的程序创建（${problem}），本程序不能恢复：请先升级本程序，再恢复`)
    : new AppError(ERROR_CODES.dbCorrupt, `${what}不可用：${problem}`);
}

/**
 * Reads a database file (a backup, a copy on a stick) through a read-only connection. One to a database in WAL mode
 * leaves an empty -wal and its -shm beside it: those it made go again, so a check leaves no files on the stick.
 */
function readOnly<T>(path: string, read: (db: DB) => T): T {
  const made = ['-wal', '-shm'].filter((s) => !existsSync(path + s));
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
    if (made.includes('-wal') && existsSync(path + '-wal') && statSync(path + '-wal').size === 0) for (const s of made) rmSync(path + s, { force: true });
  }
}

/** Null when the file is a sound database this version can open, else the reason. */
export function verifyDatabaseFile(path: string): string | null {
  try {
    assertSqliteFile(path);
    return readOnly(path, (db) => {
      const v = db.pragma('user_version', { simple: true }) as number;
      if (v > LATEST_VERSION) return `结构版本 ${v} ${TOO_NEW} ${LATEST_VERSION}`;
      const rows = db.pragma('quick_check') as { quick_check: string }[];
      const bad = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
      return bad.length ? `文件已损坏：${integrityWords(bad)}` : null;
    });
  } catch (err) {
    if (err instanceof AppError) return err.message;
    // SQLite's own words (database disk image is malformed) as a detail behind ours.
    const code = translateSqliteError(err, path)?.code;
    const said = code === ERROR_CODES.dbCorrupt ? '文件已损坏' : code === ERROR_CODES.notADatabase ? '不是数据库文件' : null;
    const raw = err instanceof Error ? err.message : String(err);
    return said ? `${said}（技术详情：${raw}）` : raw;
  }
}

/** The newest backup that passes quick_check, for the "database damaged" message. */
export function newestGoodBackup(dbPath: string): BackupInfo | null {
  for (const b of listBackups(dbPath)) if (verifyDatabaseFile(b.path) === null) return b;
  return null;
}

/** A database's id and the ids it had before (empty when it cannot be read). */
function lineageOf(path: string): string[] {
  try {
    // Opened for writing though it only reads: closed, it leaves no -wal and -shm beside the file (a read-only one would).
    const db = new Database(path, { fileMustExist: true });
    try {
      const get = (key: string): string | null => (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value ?? null;
      const id = get(DATABASE_ID);
      return [...(id ? [id] : []), ...(JSON.parse(get(DATABASE_ANCESTORS) ?? '[]') as string[])];
    } finally {
      db.close();
    }
  } catch {
    return [];
  }
}

/** Meta key: the ids a database had before restores gave it new ones (JSON list). */
export const DATABASE_ANCESTORS = 'database_ancestors';

/**
 * Whether the database at `copy` is a copy of the one at `dbPath`: the same
 * id, or one it had before a restore; where either has no id yet (never
 * exported nor restored), the same role and unit.
 */
export function isCopyOf(copy: string, dbPath: string): boolean {
  const read = (path: string): { id: string | null; ancestors: string[]; who: string | null } | null => {
    try {
      return readOnly(path, (db) => {
        const get = (key: string): string | null => (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value ?? null;
        return { id: get(DATABASE_ID), ancestors: JSON.parse(get(DATABASE_ANCESTORS) ?? '[]') as string[], who: identityOf(path) };
      });
    } catch {
      return null;
    }
  };
  const theirs = read(copy);
  const mine = read(dbPath);
  if (!theirs || !mine || theirs.who !== mine.who) return false;
  if (theirs.id === null || mine.id === null) return true;
  return theirs.id === mine.id || mine.ancestors.includes(theirs.id);
}

/**
 * The highest 督办单 number of each year a database issued (its notices; before migration 019 its notice_numbers) or
 * carried from a database it replaced; null when it cannot be read (a damaged database: its numbers are not known).
 */
export function noticeNumbersUsed(path: string): NumbersUsed | null {
  try {
    return readOnly(path, (db) => {
      const has = (table: string): boolean => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
      let out: NumbersUsed = {};
      for (const table of ['notices', 'notice_numbers']) {
        if (!has(table)) continue;
        const rows = db.prepare(`SELECT year, max(seq) AS seq FROM ${table} GROUP BY year`).all() as { year: number; seq: number }[];
        out = mergeNumbers(out, Object.fromEntries(rows.map((r) => [String(r.year), r.seq])));
      }
      if (has('meta')) out = mergeNumbers(out, parseNumbers((db.prepare('SELECT value FROM meta WHERE key = ?').get(NOTICE_NUMBERS_USED) as { value: string } | undefined)?.value ?? null));
      return out;
    });
  } catch {
    return null;
  }
}

/**
 * The 督办单 numbers a restore over `dbPath` must not issue again: those of the database replaced, and, as that one may
 * be the damaged file the restore is for, those of every backup beside it and every file an earlier restore set aside
 * (the newest number a damaged database reached is in none of them when it issued notices after its last backup:
 * `unsure` says so).
 */
function numbersBeforeRestore(dbPath: string): { used: NumbersUsed; unsure: boolean } {
  const current = existsSync(dbPath) ? noticeNumbersUsed(dbPath) : {};
  const dir = dirname(dbPath);
  const prefix = `${basename(dbPath)}.replaced-`;
  const aside = existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith(prefix) && !f.endsWith('-wal') && !f.endsWith('-shm')).map((f) => join(dir, f)) : [];
  let used: NumbersUsed = current ?? {};
  for (const file of [...listBackups(dbPath).map((b) => b.path), ...aside]) used = mergeNumbers(used, noticeNumbersUsed(file) ?? {});
  return { used, unsure: current === null };
}

/** identityOf a database never set up (no role: nothing entered in it). */
export const NOT_SET_UP = '未初始化的数据库';

/** Removes a database file moved aside that was never set up (no role: nothing entered); null when it is gone. */
export function dropFileNeverUsed(path: string | null): string | null {
  // Unreadable (null) or set up: kept, as any file replaced.
  if (path === null || identityOf(path) !== NOT_SET_UP) return path;
  for (const side of ['', '-wal', '-shm']) rmSync(path + side, { force: true });
  return null;
}

/** Whose database a file is: 区局汇总端, 填报单位端（code）, or not set up; null when it cannot be read. */
export function identityOf(path: string): string | null {
  return whoseIs(path, false);
}

/** As identityOf, for people: the unit by its name (填报单位端（新市镇）). */
export function identityLabel(path: string): string | null {
  return whoseIs(path, true) ?? identityOf(path);
}

function whoseIs(path: string, byName: boolean): string | null {
  try {
    return readOnly(path, (db) => {
      const get = (key: string): string | undefined => (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
      const role = get('role');
      const code = get('unit');
      const name = code && byName ? ((db.prepare('SELECT name FROM units WHERE code = ?').get(code) as { name: string } | undefined)?.name ?? code) : (code ?? '?');
      return role === 'unit' ? `填报单位端（${name}）` : role === 'bureau' ? '区局汇总端' : NOT_SET_UP;
    });
  } catch {
    return null;
  }
}

/**
 * Replaces the database with a backup. A backup of another kind of database
 * (a unit's for the bureau's, another unit's) is refused unless `force`. The current file (and its WAL) is moved
 * aside as `<name>.replaced-<time>`, never deleted, so nothing is lost.
 */
/**
 * Not a restore under another process that has the database open: it would go on writing to the file moved aside.
 * `by`: who asks, the command line (most likely the app is open) or the app (most likely a command is running).
 */
export function refuseIfOpenElsewhere(dbPath: string, by: 'cli' | 'app'): void {
  if (!existsSync(dbPath) || !openElsewhere(dbPath)) return;
  throw new AppError(
    ERROR_CODES.dbInUse,
    by === 'cli'
      ? `数据库“${dbPath}”正被另一个程序使用（本系统的窗口，或另一条正在执行的命令）：此时恢复，它写入的内容会丢失。请先关闭本系统（或等该命令结束）后再恢复，或在本系统的“备份与恢复”页中恢复`
      : '数据文件正被另一个程序使用（如一条正在执行的命令行命令，或在另一个窗口中打开的本系统）：此时恢复，它写入的内容会丢失。请等它结束或关闭后再恢复',
  );
}

/**
 * Whether `backupPath` may take the place of `dbPath`, before anything is copied: a file (not a folder), one of this
 * system's databases, set up and undamaged (an empty file, another program's SQLite file or a database never set up
 * would leave nothing usable there, the day's work in a file moved aside), restored to a database's place (a folder
 * named there would be moved aside as if it were one).
 */
export function checkRestorable(dbPath: string, backupPath: string): void {
  let st;
  try {
    st = statSync(backupPath);
  } catch (err) {
    throw readProblem(backupPath, err, '备份文件');
  }
  if (st.isDirectory()) throw new AppError(ERROR_CODES.invalidInput, `“${backupPath}”是一个文件夹，请给出备份文件`);
  const special = notAFile(st);
  if (special) throw new AppError(ERROR_CODES.invalidInput, `“${backupPath}”不是备份文件：${special}；未作任何更改`);
  if (existsSync(dbPath) && statSync(dbPath).isDirectory()) throw new AppError(ERROR_CODES.invalidInput, `“${dbPath}”是一个文件夹，不是数据库文件；请给出要恢复的数据库文件名，未作任何更改`);
  if (st.size === 0) throw new AppError(ERROR_CODES.notADatabase, `“${basename(backupPath)}”是空文件（0 字节），不是备份；未作任何更改`);
  if (existsSync(dbPath) && realpathSync(dbPath) === realpathSync(backupPath)) {
    throw new AppError(ERROR_CODES.invalidInput, `“${backupPath}”就是要恢复的数据库本身，不是备份；请选择一份备份文件`);
  }
  const problem = verifyDatabaseFile(backupPath);
  if (problem) throw unusable(`备份“${basename(backupPath)}”`, problem);
  const whose = identityOf(backupPath);
  if (whose === null) throw new AppError(ERROR_CODES.notADatabase, `“${basename(backupPath)}”不是本系统的数据库（可能是其他程序的 SQLite 文件），不能用来恢复；未作任何更改`);
  if (whose === NOT_SET_UP) throw new AppError(ERROR_CODES.notADatabase, `“${basename(backupPath)}”是尚未初始化的数据库，没有任何数据，不能用来恢复；未作任何更改`);
}

export function restoreBackup(dbPath: string, backupPath: string, now = new Date(), force = false): { movedAside: string | null } {
  checkRestorable(dbPath, backupPath);
  refuseIfOpenElsewhere(dbPath, 'app');
  // Read only when asked to check (opening the database leaves its -wal and -shm beside it).
  const [mine, theirs] = force ? [null, null] : [existsSync(dbPath) ? identityOf(dbPath) : null, identityOf(backupPath)];
  if (mine && theirs && mine !== theirs) {
    throw new AppError('backup_mismatch', `备份“${basename(backupPath)}”是${identityLabel(backupPath) ?? theirs}的数据库，当前数据库是${identityLabel(dbPath) ?? mine}：恢复后本机将变成另一方的数据。如确需如此，请加 --force（当前数据库会改名保留）`);
  }
  dropRestoreLeftovers(dbPath);
  // The copy first: if it fails, the database is still where it was.
  const tmp = `${dbPath}.restoring`;
  try {
    copyFileSync(backupPath, tmp);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw writeProblem(tmp, err);
  }
  try {
    newLineage(tmp, existsSync(dbPath) ? lineageOf(dbPath) : [], numbersBeforeRestore(dbPath));
  } catch (err) {
    rmSync(tmp, { force: true });
    for (const suffix of ['-wal', '-shm']) rmSync(tmp + suffix, { force: true });
    throw writeProblem(tmp, err);
  }
  let movedAside: string | null = null;
  if (existsSync(dbPath)) {
    // Never over an earlier one (two restores in one second): a rename would replace it without a word.
    const stamp = `${dbPath}.replaced-${fileStamp(now)}`;
    movedAside = stamp;
    for (let n = 2; existsSync(movedAside) || existsSync(movedAside + '-wal'); n++) movedAside = `${stamp}-${n}`;
    // Kept under its new name first (a second name for the same file), so that no moment leaves no database at its
    // place: a restore cut short (a power cut) then leaves the old database or the restored one, never a first-run
    // screen over both. Where the disk keeps no second names (FAT), it is moved aside as before.
    let linked = true;
    try {
      linkSync(dbPath, movedAside);
    } catch {
      linked = false;
      renameSync(dbPath, movedAside);
    }
    // Its WAL goes with it before the restored file takes its place (SQLite would read it into the restored one).
    for (const suffix of ['-wal', '-shm']) {
      if (existsSync(dbPath + suffix)) renameSync(dbPath + suffix, movedAside + suffix);
    }
    if (linked) faultPoint('restore-linked');
    try {
      renameSync(tmp, dbPath);
    } catch (err) {
      // The database is still in its place: its second name and WAL back as they were.
      if (linked) {
        for (const suffix of ['-wal', '-shm']) if (existsSync(movedAside + suffix)) renameSync(movedAside + suffix, dbPath + suffix);
        rmSync(movedAside, { force: true });
      }
      throw err;
    }
    return { movedAside };
  }
  renameSync(tmp, dbPath);
  return { movedAside };
}

/**
 * What a restore cut short (a power cut, the program killed) leaves beside a database that is in its place: the copy
 * it was about to put there (`.restoring`), and the second name it had given the database to keep it by (a
 * `.replaced-` file that is the database itself, not a copy of it: it would change with it). Removed at start-up.
 */
export function dropRestoreLeftovers(dbPath: string): void {
  let db;
  try {
    db = statSync(dbPath, { bigint: true });
  } catch {
    return;
  }
  // A second name has a link count of two at least; file ids in full (bigint): a drive whose ids are not to be trusted
  // (0 for every file) must not make the kept database look like a second name of this one, to be deleted.
  if (db.nlink < 2n || db.ino === 0n) {
    for (const side of ['', '-wal', '-shm']) rmSync(`${dbPath}.restoring${side}`, { force: true });
    return;
  }
  const dir = dirname(dbPath);
  const prefix = `${basename(dbPath)}.replaced-`;
  try {
    for (const f of readdirSync(dir)) {
      if (!f.startsWith(prefix) || f.endsWith('-wal') || f.endsWith('-shm')) continue;
      const s = statSync(join(dir, f), { bigint: true });
      if (s.ino !== db.ino || s.dev !== db.dev || s.nlink < 2n) continue;
      // Its WAL, if the restore had moved it along, is the database's: back beside it.
      for (const side of ['-wal', '-shm']) if (existsSync(join(dir, f) + side) && !existsSync(dbPath + side)) renameSync(join(dir, f) + side, dbPath + side);
      rmSync(join(dir, f), { force: true });
    }
    for (const side of ['', '-wal', '-shm']) rmSync(`${dbPath}.restoring${side}`, { force: true });
  } catch {
    // Left: a folder that cannot be listed, or a file in use; nothing of the database itself.
  }
}

/**
 * The restored copy gets a database id of its own: it numbers its exports
 * again from where the backup stood, below files it may have sent since, so
 * the bureau must not compare its revisions with theirs (see apply.ts decide).
 */
function newLineage(path: string, inherited: readonly string[] = [], numbers: { used: NumbersUsed; unsure: boolean } = { used: {}, unsure: false }): void {
  const db = new Database(path, { fileMustExist: true });
  try {
    const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get() !== undefined;
    if (hasMeta) {
      // The ids it had are kept (DATABASE_ANCESTORS): a whole copy made under one of them is still its own.
      const get = (key: string): string | null => (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value ?? null;
      const was = get(DATABASE_ID);
      // Also the ids of the database it replaces: a copy made under one of those is this database's too.
      const ancestors = [...new Set([...(JSON.parse(get(DATABASE_ANCESTORS) ?? '[]') as string[]), ...(was ? [was] : []), ...inherited])];
      const set = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
      set.run(DATABASE_ID, uuidv7());
      set.run(DATABASE_ANCESTORS, JSON.stringify(ancestors));
      // The 督办单 numbers the replaced database had issued: sent on paper, they are not issued again.
      const used = mergeNumbers(numbers.used, parseNumbers(get(NOTICE_NUMBERS_USED)));
      if (Object.keys(used).length > 0) set.run(NOTICE_NUMBERS_USED, JSON.stringify(used));
      // The database replaced could not be read: a notice it issued after its last backup is known on paper only.
      if (numbers.unsure) set.run(NOTICE_NUMBERS_UNSURE, new Date().toISOString());
    }
    // Nothing left beside the copy (it is renamed alone).
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

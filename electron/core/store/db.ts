/**
 * Opening the SQLite store: header check, pragmas, version check, quick_check, migrations.
 *
 * synchronous = FULL (not NORMAL): with WAL, NORMAL may lose the last
 * committed transactions on a power cut. Here a save that said 已保存 must
 * survive pulling the plug, and saves are small and rare, so the extra fsync
 * per commit costs nothing a clerk can notice. A bulk import's batches are
 * the exception: see ImportRepo.commitBatch (synced in the background, all
 * on disk before the import reports).
 */
import Database from 'better-sqlite3';
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isAutoBackup } from '../paths';
import { AppError, ERROR_CODES } from '../../../shared/errors';
import { faultPoint } from '../fault';
import { notAFile, writeProblem } from '../fsutil';
import { LATEST_VERSION, MIGRATIONS } from './migrations';

export type DB = Database.Database;

export interface OpenOptions {
  /** Create the file when missing (init); otherwise a missing file is an error. */
  create?: boolean;
  readonly?: boolean;
  /** Migrate only up to this version (migration tests). */
  migrateTo?: number;
  /** Skip PRAGMA quick_check (tools that check on their own). */
  skipQuickCheck?: boolean;
}

const SQLITE_HEADER = 'SQLite format 3\u0000';

/** Throws not_a_database when a non-empty file does not start with SQLite's header. */
export function assertSqliteFile(file: string): void {
  if (!existsSync(file)) return;
  const size = statSync(file).size;
  if (size === 0) return;
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf, 0, 16, 0);
    if (n < 16 || buf.toString('latin1') !== SQLITE_HEADER) {
      throw new AppError(ERROR_CODES.notADatabase, `文件“${file}”不是本系统的数据库（不是 SQLite 数据库文件）`);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * What PRAGMA quick_check found, in words: how many problems, SQLite's own text of the first kept as a detail for
 * whoever repairs the file (it names pages and trees, which says nothing to a clerk).
 */
export function integrityWords(problems: readonly string[]): string {
  return `完整性检查发现 ${problems.length} 处问题（技术详情：${problems[0] ?? ''}）`;
}

export function translateSqliteError(err: unknown, file: string): AppError | null {
  const code = (err as { code?: string }).code ?? '';
  if (code.startsWith('SQLITE_NOTADB')) {
    return new AppError(ERROR_CODES.notADatabase, `文件“${file}”不是本系统的数据库（不是 SQLite 数据库文件）`);
  }
  if (code.startsWith('SQLITE_CORRUPT')) {
    return new AppError(ERROR_CODES.dbCorrupt, `数据库“${file}”已损坏`);
  }
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM')) {
    return new AppError(ERROR_CODES.dbReadOnly, `无法写入数据库“${file}”（只读或无权限）`);
  }
  if (code.startsWith('SQLITE_FULL')) {
    return new AppError('disk_full', `磁盘空间不足，无法写入数据库“${file}”`);
  }
  return null;
}

/** Page size of databases created from now on (see openDatabase). */
export const NEW_PAGE_SIZE = 16384;
const WAL_CHECKPOINT_BYTES = 4 * 1024 * 1024;

/** Pages of this database that make up `bytes` of WAL. */
export function walPages(db: DB, bytes: number): number {
  const page = db.pragma('page_size', { simple: true }) as number;
  return Math.max(1, Math.ceil(bytes / page));
}

export function openDatabase(file: string, opts: OpenOptions = {}): DB {
  if (!opts.create && !existsSync(file)) {
    throw new AppError(ERROR_CODES.notInitialized, `数据库文件“${file}”不存在，请先运行 init 创建`);
  }
  if (existsSync(file) && statSync(file).isDirectory()) throw new AppError(ERROR_CODES.notADatabase, `“${file}”是一个文件夹，不是数据库文件；请给出数据库文件名`);
  const special = existsSync(file) ? notAFile(statSync(file)) : null;
  if (special) throw new AppError(ERROR_CODES.notADatabase, `“${file}”不是数据库文件：${special}；请给出数据库文件名`);
  // An empty file (made by hand, or a copy broken off) is left as it is: only init makes a database of it.
  if (!opts.create && statSync(file).size === 0) {
    throw new AppError(ERROR_CODES.notInitialized, `数据库文件“${file}”是空文件（0 字节），还不是数据库；请先运行 init 创建，或检查是否给错了文件`);
  }
  // A new database's folder is made when missing (as an export's is).
  if (opts.create && !existsSync(file)) {
    try {
      mkdirSync(dirname(file), { recursive: true });
    } catch (err) {
      throw writeProblem(file, err);
    }
  }
  assertSqliteFile(file);
  // One of a database's own backups, opened as a database, would be written to: restore --latest and the
  // damaged-database message would then offer content the database never had as its newest good backup.
  if (!opts.readonly && isAutoBackup(resolve(file))) {
    throw new AppError(ERROR_CODES.invalidInput, `“${file}”是数据库的自动备份，不是数据库本身：直接打开会改动这份备份，未作任何更改。如要用它，请用 restore --from 恢复（或在“备份与恢复”中恢复），或先把它复制到别处再打开`);
  }
  // A database (or its WAL files) that cannot be written is refused before anything is opened: SQLite would open it,
  // leave WAL files as read-only as it, and an online backup of it then restarted for ever.
  if (!opts.readonly) {
    for (const f of [file, `${file}-wal`, `${file}-shm`]) {
      if (!existsSync(f)) continue;
      try {
        accessSync(f, constants.W_OK);
      } catch {
        throw new AppError(ERROR_CODES.dbReadOnly, `无法写入数据库“${f}”（只读或无权限），未作任何更改；请检查文件的只读属性或权限`);
      }
    }
  }
  let db: DB | undefined;
  try {
    db = new Database(file, { readonly: opts.readonly ?? false, fileMustExist: !opts.create });
    db.pragma('busy_timeout = 5000');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > LATEST_VERSION) {
      throw new AppError(
        ERROR_CODES.dbTooNew,
        `数据库“${file}”由更新版本的程序创建（结构版本 ${version}，本程序支持到 ${LATEST_VERSION}），请升级程序后再打开`,
      );
    }
    // Another program's SQLite database (a mistyped --db): refused before anything is written to it (WAL, our tables,
    // user_version). Ours has a meta table from its first migration on; a file never migrated holds nothing at all.
    const objects = (db.prepare('SELECT count(*) AS n FROM sqlite_master').get() as { n: number }).n;
    const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get() !== undefined;
    if (version === 0 ? objects > 0 : !hasMeta) {
      throw new AppError(ERROR_CODES.notADatabase, `“${file}”是其他程序的 SQLite 数据库，不是本系统的数据文件，未作任何改动；请检查是否给错了文件`);
    }
    if (!opts.readonly) {
      // A new database gets 16 KB pages: a report row carries ~3 KB of text, so
      // a 4 KB page held one row and a quarter of it stayed empty. Set before
      // anything is written (SQLite ignores it afterwards; older files keep 4 KB).
      if (version === 0 && objects === 0) {
        db.pragma(`page_size = ${NEW_PAGE_SIZE}`);
      }
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      // SQLite's default checkpoint point is 1,000 pages (4 MB of 4 KB pages): the same size, whatever the pages.
      db.pragma(`wal_autocheckpoint = ${walPages(db, WAL_CHECKPOINT_BYTES)}`);
    }
    db.pragma('foreign_keys = ON');
    if (!opts.skipQuickCheck) {
      const rows = db.pragma('quick_check') as { quick_check: string }[];
      const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
      if (problems.length > 0) {
        throw new AppError(ERROR_CODES.dbCorrupt, `数据库“${file}”已损坏：${integrityWords(problems)}`);
      }
    }
    if (!opts.readonly) migrate(db, opts.migrateTo ?? LATEST_VERSION);
    return db;
  } catch (err) {
    db?.close();
    if (err instanceof AppError) throw err;
    throw translateSqliteError(err, file) ?? err;
  }
}

/** Runs each pending migration in its own transaction, recording it in user_version. */
export function migrate(db: DB, target: number = LATEST_VERSION): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const m of MIGRATIONS) {
    if (m.version <= current || m.version > target) continue;
    if (m.rebuildsTables) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        m.up(db);
        if (m.rebuildsTables) {
          const broken = db.pragma('foreign_key_check') as unknown[];
          if (broken.length > 0) throw new Error(`migration ${m.version} (${m.name}) left ${broken.length} broken references`);
        }
        faultPoint(`migration-${m.version}`);
        db.pragma(`user_version = ${m.version}`);
      })();
    } finally {
      if (m.rebuildsTables) db.pragma('foreign_keys = ON');
    }
  }
}

export function schemaVersion(db: DB): number {
  return db.pragma('user_version', { simple: true }) as number;
}

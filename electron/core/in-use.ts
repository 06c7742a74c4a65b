/**
 * Which databases another process has open: each process that opens one (the app, a command) holds a shared lock on
 * a small lock file for it in the system's temporary folder, named by the database's path, for as long as it has the
 * database open. A restore moves the database aside and puts another file in its place; one made while another process
 * has the file open would leave that process writing to the file moved aside (it stops at its next call,
 * `db_replaced`), so a restore asks first, by trying for the lock alone, and is refused while another process holds it.
 * The lock is SQLite's own (a read transaction on the lock file: fcntl on Linux and macOS, LockFileEx on Windows), held
 * by the operating system for the process: a process that dies without closing (a crash, a power cut) holds nothing,
 * and a process id used again by another program means nothing to it.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const DIR = join(tmpdir(), 'eco-progress-open');

/** This process's locks, by lock file: several Cores on one database share one. */
const held = new Map<string, { n: number; db: Database.Database }>();

function lockFile(dbPath: string): string {
  let real: string;
  try {
    real = realpathSync(dbPath);
  } catch {
    real = resolve(dbPath);
  }
  // Windows paths compare without case.
  const key = createHash('sha256').update(process.platform === 'win32' ? real.toLowerCase() : real).digest('hex').slice(0, 32);
  return join(DIR, `${key}.lock`);
}

/** A read transaction on the lock file: SQLite's shared lock, held until the transaction ends. */
function share(db: Database.Database): void {
  db.exec('BEGIN');
  db.prepare('SELECT count(*) FROM sqlite_master').get();
}

/** Marks the database as open in this process until what it returns is called. */
export function markOpen(dbPath: string): () => void {
  const path = lockFile(dbPath);
  const mine = held.get(path);
  if (mine) mine.n++;
  else {
    try {
      mkdirSync(DIR, { recursive: true });
      const db = new Database(path, { timeout: 2000 });
      share(db);
      held.set(path, { n: 1, db });
    } catch {
      // Without a usable temporary folder nothing is marked: a restore then relies on db_replaced alone.
      return () => undefined;
    }
  }
  let done = false;
  return () => {
    if (done) return;
    done = true;
    const h = held.get(path);
    if (!h || --h.n > 0) return;
    held.delete(path);
    try {
      h.db.exec('COMMIT');
      h.db.close();
    } catch {
      // closed with the process
    }
  };
}

/** Whether another running process has the database open (this process's own opens aside). */
export function openElsewhere(dbPath: string): boolean {
  const path = lockFile(dbPath);
  const mine = held.get(path);
  // This process's own shared lock let go for the moment of asking (an exclusive lock is refused by any shared one).
  if (mine) mine.db.exec('COMMIT');
  try {
    let probe: Database.Database;
    try {
      probe = new Database(path, { timeout: 0, fileMustExist: true });
    } catch {
      // No lock file: nobody has marked the database open.
      return false;
    }
    try {
      probe.exec('BEGIN EXCLUSIVE');
      probe.exec('COMMIT');
      return false;
    } catch (err) {
      return String((err as { code?: unknown }).code ?? '').startsWith('SQLITE_BUSY');
    } finally {
      probe.close();
    }
  } finally {
    if (mine) share(mine.db);
  }
}

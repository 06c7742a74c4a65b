/**
 * Which processes have a database open: each process that opens one (the app, a command) leaves a marker in the
 * system's temporary folder while it has it open, named by the database's path and its process id. A restore moves
 * the database aside and puts another file in its place; one made while another process has the file open would
 * leave that process writing to the file moved aside (it stops at its next call, `db_replaced`), so a restore asks
 * first and is refused while another process has it open. A marker of a process no longer running (a crash) counts
 * for nothing and is removed.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const DIR = join(tmpdir(), 'eco-progress-open');

/** Opens in this process, by marker: several Cores on one database share one marker. */
const held = new Map<string, number>();

function keyOf(dbPath: string): string {
  let real: string;
  try {
    real = realpathSync(dbPath);
  } catch {
    real = resolve(dbPath);
  }
  // Windows paths compare without case.
  return createHash('sha256').update(process.platform === 'win32' ? real.toLowerCase() : real).digest('hex').slice(0, 32);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: running, as another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Marks the database as open in `pid` (this process unless a test says otherwise); returns what unmarks it. */
export function markOpen(dbPath: string, pid = process.pid): () => void {
  const name = `${keyOf(dbPath)}-${pid}`;
  const n = held.get(name) ?? 0;
  held.set(name, n + 1);
  if (n === 0) {
    try {
      mkdirSync(DIR, { recursive: true });
      writeFileSync(join(DIR, name), JSON.stringify({ pid, db: resolve(dbPath), at: new Date().toISOString() }));
    } catch {
      // Without a writable temporary folder nothing is marked: a restore then relies on db_replaced alone.
    }
  }
  let done = false;
  return () => {
    if (done) return;
    done = true;
    const left = (held.get(name) ?? 1) - 1;
    if (left > 0) return void held.set(name, left);
    held.delete(name);
    rmSync(join(DIR, name), { force: true });
  };
}

/** The other running processes that have the database open (process ids); markers of processes gone are removed. */
export function openElsewhere(dbPath: string): number[] {
  const key = `${keyOf(dbPath)}-`;
  let names: string[];
  try {
    names = readdirSync(DIR).filter((n) => n.startsWith(key));
  } catch {
    return [];
  }
  const out: number[] = [];
  for (const n of names) {
    const pid = Number(n.slice(key.length));
    if (!Number.isSafeInteger(pid) || pid <= 0) continue;
    if (pid === process.pid) continue;
    if (alive(pid)) out.push(pid);
    else rmSync(join(DIR, n), { force: true });
  }
  return out;
}

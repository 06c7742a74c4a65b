import Database from 'better-sqlite3';
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../electron/cli/main';
import type { CliIO } from '../../electron/cli/io';
import { Core } from '../../electron/core/service';
import { tempDir } from './temp';

export { tempDir };

/** Every row of every table, for "the database is unchanged" checks. */
export function dumpDb(path: string): Record<string, unknown[]> {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
    const out: Record<string, unknown[]> = { __user_version: [db.pragma('user_version', { simple: true })] };
    for (const { name } of tables) out[name] = db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all();
    return out;
  } finally {
    db.close();
  }
}

/**
 * A dump with the database's own id (meta database_id) taken out, and that id:
 * a restored copy is the backup with an id of its own (its revisions number afresh).
 */
export function apartFromLineage(dump: Record<string, unknown[]>): { dump: Record<string, unknown[]>; id: string | null } {
  const meta = (dump.meta ?? []) as { key: string; value: string }[];
  const id = meta.find((m) => m.key === 'database_id')?.value ?? null;
  return { dump: { ...dump, meta: meta.filter((m) => m.key !== 'database_id' && m.key !== 'database_ancestors') }, id };
}

export const FIXED_NOW = new Date('2021-10-03T02:00:00.000Z');

/**
 * A bureau's database at FIXED_NOW. `firstPeriod`: its 起报周期 (without one, the period the plan was issued in:
 * 2021年第三季度; a test of the year's earlier periods owes from 2021-Q1).
 */
export async function newBureau(dir = tempDir(), periodKind: 'month' | 'quarter' | 'half' | 'year' = 'quarter', firstPeriod?: string): Promise<{ core: Core; path: string; dir: string }> {
  const path = join(dir, 'bureau.db');
  const core = await Core.open(path, { create: true, now: () => FIXED_NOW });
  await core.run('app.init', { role: 'bureau', periodKind, ...(firstPeriod !== undefined ? { firstPeriod } : {}) });
  return { core, path, dir };
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  json: () => unknown;
}

/** Runs the command line in-process. */
export async function cli(argv: string[], stdin: string | null = null, now: Date = FIXED_NOW): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    readStdin: async () => stdin,
    now: () => now,
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr, json: () => JSON.parse(stdout) as unknown };
}

/**
 * Scribbles over two whole pages in the middle of a database file, as a
 * failing disk would: at a page boundary, whatever the file's page size.
 */
export function scribble(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    const head = Buffer.alloc(18);
    readSync(fd, head, 0, 18, 0);
    const raw = head.readUInt16BE(16);
    const page = raw === 1 ? 65536 : raw;
    const pages = Math.floor(fstatSync(fd).size / page);
    writeSync(fd, Buffer.alloc(2 * page, 0x5a), 0, 2 * page, Math.floor(pages / 2) * page);
  } finally {
    closeSync(fd);
  }
}

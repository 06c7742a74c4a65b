import { basename, dirname, join } from 'node:path';

/**
 * Files that belong to a database live in a folder beside it:
 * `eco.db` → `eco.files/` with `evidence/`, `backups/` and `archive/` (original bytes of imported files).
 */
export function filesDirFor(dbPath: string): string {
  const name = basename(dbPath).replace(/\.(db|sqlite3?)$/i, '');
  return join(dirname(dbPath), `${name}.files`);
}

export const evidenceDir = (dbPath: string): string => join(filesDirFor(dbPath), 'evidence');
export const backupsDir = (dbPath: string): string => join(filesDirFor(dbPath), 'backups');
export const archiveDir = (dbPath: string): string => join(filesDirFor(dbPath), 'archive');

/** Whether `path` is one of a database's own automatic backups (`<name>.files/backups/backup-….db`). */
export function isAutoBackup(path: string): boolean {
  const dir = dirname(path);
  return basename(dir) === 'backups' && basename(dirname(dir)).endsWith('.files') && /^backup-.*\.db$/.test(basename(path));
}

/** Content-addressed path: `<root>/ab/abcdef…`. */
export function hashPath(root: string, hash: string): string {
  if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error(`not a sha-256 hex digest: ${hash}`);
  return join(root, hash.slice(0, 2), hash);
}

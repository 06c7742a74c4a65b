/** Backups and checks. */
import { dirname, join, resolve } from 'node:path';
import { AppError, ERROR_CODES } from '../../../shared/errors';
import type { CheckView } from '../../../shared/views';
import { backupTo, copyStoredFiles, createBackup, databaseIdOf, listBackups, type BackupInfo, type StoredFilesCopy } from '../backup';
import { DATABASE_ID } from '../exchange/format';
import type { CoreContext } from '../context';
import { checkWriteTarget, writeProblem } from '../fsutil';
import { schemaVersion } from '../store/db';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { filesDirFor } from '../paths';

/**
 * A backup: into the database's own backups folder, or a whole copy
 * elsewhere: the database and, beside it as the database keeps them, its
 * evidence files and the originals of every imported file
 * (`copyStoredFiles`), so the copy opened where it is (another computer, a
 * USB stick) lacks nothing. `out`: a new file (never over one). `folder`:
 * the copy of this database kept there (`生态文明进度备份-<单位>.db`),
 * brought up to date each time (only new files are copied); refused when
 * the file there is another database's.
 */
export async function backup(ctx: CoreContext, where: { out?: string | undefined; folder?: string | undefined }): Promise<BackupInfo> {
  if (where.out === undefined && where.folder === undefined) {
    const made = await createBackup(ctx.store.db, ctx.dbPath, ctx.now());
    ctx.autoBackupProblem = null;
    return made;
  }
  const mirror = where.folder !== undefined;
  const target = mirror ? join(resolve(where.folder as string), `生态文明进度备份-${ownerName(ctx)}.db`) : resolve(where.out as string);
  if (target === resolve(ctx.dbPath) || filesDirFor(target) === filesDirFor(resolve(ctx.dbPath))) {
    throw new AppError(ERROR_CODES.invalidInput, '备份不能与数据库本身是同一个文件；请选择其他文件夹（如U盘）');
  }
  if (mirror && existsSync(target)) {
    // Brought up to date only when it is this database's copy.
    checkWriteTarget(target, { overwrite: true });
    const theirs = databaseIdOf(target);
    if (theirs === null || theirs !== ownId(ctx)) {
      throw new AppError(ERROR_CODES.invalidInput, `“${target}”是另一个数据库的备份（或不是本系统的数据库），不会覆盖；请选择其他文件夹`);
    }
  } else {
    // Never over an existing file (it may be another database), never into a folder's name; the folder is made when missing.
    checkWriteTarget(target, { overwrite: false });
  }
  ownId(ctx);
  let files: StoredFilesCopy;
  try {
    mkdirSync(dirname(target), { recursive: true });
    // The files first (most of the time, most of the bytes), the database, then the files again: any added meanwhile.
    files = copyStoredFiles(ctx.dbPath, target);
    // A copy opened since (its -wal and -shm beside it) would be read with them: they go before the new copy comes in.
    for (const side of ['-wal', '-shm']) rmSync(`${target}${side}`, { force: true });
    await backupTo(ctx.store.db, target);
  } catch (err) {
    throw writeProblem(target, err);
  }
  try {
    const again = copyStoredFiles(ctx.dbPath, target);
    files = { copied: files.copied + again.copied, kept: files.kept, bytes: files.bytes + again.bytes };
  } catch (err) {
    // Without all its files the copy is not whole: it is not left looking like one.
    rmSync(target, { force: true });
    throw writeProblem(target, err);
  }
  return { path: target, createdAt: ctx.nowIso(), size: statSync(target).size, files };
}

/** This database's id (given now when it has none yet: the copy carries it, and is known by it next time). */
function ownId(ctx: CoreContext): string {
  let id = ctx.store.meta.get(DATABASE_ID);
  if (id === null) {
    id = ctx.newId();
    ctx.store.meta.set(DATABASE_ID, id);
  }
  return id;
}

/** Whose database this is, for a backup's name: 区局, or the unit's name. */
function ownerName(ctx: CoreContext): string {
  const own = ctx.role === 'unit' ? ctx.ownUnitCode : null;
  return own ? (ctx.store.units.byCode(own)?.name ?? own) : '区局';
}

export function check(ctx: CoreContext): CheckView {
  const integrity = ctx.store.integrityCheck();
  return {
    integrity,
    ok: integrity.length === 1 && integrity[0] === 'ok',
    schemaVersion: schemaVersion(ctx.store.db),
    reports: ctx.store.reports.count(),
    backups: listBackups(ctx.dbPath),
    autoBackupProblem: ctx.autoBackupProblem?.message ?? null,
  };
}

/** Backups and checks. */
import { basename, dirname, join, resolve, sep } from 'node:path';
import { AppError, ERROR_CODES } from '../../../shared/errors';
import type { CheckView } from '../../../shared/views';
import { backupTo, copyStoredFiles, createBackup, identityLabel, identityOf, isCopyOf, listBackups, typedPath, type BackupInfo, type StoredFilesCopy } from '../backup';
import { safeFileName } from './reports';
import { DATABASE_ID } from '../exchange/format';
import type { CoreContext } from '../context';
import { checkWriteTarget, fsyncDir, sameFile, writeProblem } from '../fsutil';
import { schemaVersion } from '../store/db';
import { existsSync, mkdirSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { filesDirFor } from '../paths';

/**
 * A backup: into the database's own backups folder, or a whole copy
 * elsewhere: the database and, beside it as the database keeps them, its
 * evidence files and the originals of imported files kept as files (.zip)
 * (`copyStoredFiles`), so the copy opened where it is (another computer, a
 * USB stick) lacks nothing. `out`: a new file (never over one). `folder`:
 * the copy of this database kept there (`生态文明进度备份-<单位>.db`),
 * brought up to date each time (only new files are copied); refused when
 * the file there is another unit's or the bureau's (as a restore refuses it).
 */
export async function backup(ctx: CoreContext, where: { out?: string | undefined; folder?: string | undefined }): Promise<BackupInfo> {
  if (where.out === undefined && where.folder === undefined) {
    const made = await createBackup(ctx.store.db, ctx.dbPath, ctx.now());
    ctx.autoBackupProblem = null;
    return made;
  }
  // A database from before ids were given at set-up, never exported: given one now, so its copy is known by it.
  if (ctx.store.meta.get(DATABASE_ID) === null) ctx.store.meta.set(DATABASE_ID, ctx.newId());
  const mirror = where.folder !== undefined;
  // A path relative to wherever the app was started means nothing to the person typing it (the command line resolves its own).
  const given = typedPath((mirror ? where.folder : where.out) as string, mirror ? '备份文件夹' : '备份文件');
  const target = mirror ? join(given, `生态文明进度备份-${safeFileName(ownerName(ctx))}.db`) : given;
  const dataFiles = filesDirFor(resolve(ctx.dbPath));
  if (sameFile(target, ctx.dbPath) || sameFile(filesDirFor(target), dataFiles) || within(dirname(target), dataFiles)) {
    throw new AppError(ERROR_CODES.invalidInput, `备份不能放在数据库本身的位置或其文件夹（${dataFiles}）中；请选择其他文件夹，如U盘`);
  }
  if (mirror && !existsSync(target)) carryRenamedCopy(ctx, given, target);
  if (mirror && existsSync(target)) {
    // Brought up to date only when it is a copy of this unit's (or the bureau's) data, as a restore would take it.
    checkWriteTarget(target, { overwrite: true });
    const theirs = identityOf(target);
    const mine = identityOf(ctx.dbPath);
    if (theirs === null) throw new AppError(ERROR_CODES.invalidInput, `“${target}”无法读取（不是本系统的数据库，或已损坏），不会覆盖；请移走它或选择其他文件夹`);
    if (theirs !== mine) throw new AppError(ERROR_CODES.invalidInput, `“${target}”是${identityLabel(target) ?? theirs}的备份，本机是${identityLabel(ctx.dbPath) ?? mine}，不会覆盖；请选择其他文件夹`);
    if (!isCopyOf(target, ctx.dbPath)) throw new AppError(ERROR_CODES.invalidInput, `“${target}”是${identityLabel(target) ?? theirs}另一台电脑上的数据库的备份，不会覆盖；请为本机另选一个文件夹`);
  } else {
    // Never over an existing file (it may be another database), never into a folder's name; the folder is made when missing.
    checkWriteTarget(target, { overwrite: false });
  }
  const fresh = `${target}.new`;
  let files: StoredFilesCopy;
  try {
    mkdirSync(dirname(target), { recursive: true });
    // The files first (most of the time, most of the bytes), the database beside the copy, the files again (any added
    // meanwhile); only then does the new database take the copy's place, so a failure leaves the copy as it was.
    files = await copyStoredFiles(ctx.dbPath, target, ctx.dbPath);
    rmSync(fresh, { force: true });
    await backupTo(ctx.store.db, fresh);
    const again = await copyStoredFiles(ctx.dbPath, target, ctx.dbPath);
    files = { copied: files.copied + again.copied, kept: files.kept, bytes: files.bytes + again.bytes };
    // A copy opened since has its -wal and -shm beside it, which would be read with the new file.
    for (const side of ['-wal', '-shm']) rmSync(`${target}${side}`, { force: true });
    renameSync(fresh, target);
    fsyncDir(dirname(target));
  } catch (err) {
    rmSync(fresh, { force: true });
    throw err instanceof AppError ? err : writeProblem(target, err);
  }
  // On the same disk as the data, the copy does not survive the disk: said.
  const sameDisk = statSync(dirname(target)).dev === statSync(dirname(resolve(ctx.dbPath))).dev;
  return { path: target, createdAt: ctx.nowIso(), size: statSync(target).size, files, ...(sameDisk ? { sameDisk } : {}) };
}

/** Whether two paths name the same file or folder (through links, other spellings), or the same path where neither exists. */

/** Whether `dir` is `root` or a folder inside it (its real path where it exists). */
function within(dir: string, root: string): boolean {
  // Windows compares names without regard to case: so does this check there.
  const fold = (p: string): string => (process.platform === 'win32' ? p.toLowerCase() : p);
  const real = (p: string): string => {
    try {
      return fold(realpathSync.native(p));
    } catch {
      return fold(resolve(p));
    }
  };
  const r = real(root);
  let d = resolve(dir);
  // The nearest existing folder's real path, with the rest of the path after it.
  let rest = '';
  while (!existsSync(d) && dirname(d) !== d) {
    rest = join(basename(d), rest);
    d = dirname(d);
  }
  const full = join(real(d), fold(rest));
  return full === r || full.startsWith(r + sep);
}

/** Whose database this is, for a backup's name: 区局, or the unit's name. */
/**
 * This unit's copy kept in the folder under a name the unit went by before it
 * was renamed: moved to the copy's name now (the database first, then its
 * files; a failure to move the files leaves them to be copied afresh), so the
 * refresh that follows brings it up to date instead of starting a second copy.
 */
function carryRenamedCopy(ctx: CoreContext, folder: string, target: string): void {
  const own = ctx.role === 'unit' ? ctx.ownUnitCode : null;
  if (!own) return;
  const former = ctx.store.units
    .renames()
    .filter((r) => r.code === own)
    .map((r) => join(folder, `生态文明进度备份-${safeFileName(r.name)}.db`))
    .reverse()
    .find((p) => p !== target && existsSync(p) && identityOf(p) === identityOf(ctx.dbPath) && isCopyOf(p, ctx.dbPath));
  if (!former || existsSync(filesDirFor(target))) return;
  for (const side of ['-wal', '-shm']) rmSync(`${former}${side}`, { force: true });
  try {
    renameSync(former, target);
  } catch {
    return;
  }
  try {
    if (existsSync(filesDirFor(former))) renameSync(filesDirFor(former), filesDirFor(target));
  } catch {
    // left under the old name: the refresh copies the files afresh
  }
}

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

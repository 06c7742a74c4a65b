/** Backups and checks. */
import { dirname, resolve } from 'node:path';
import { AppError, ERROR_CODES } from '../../../shared/errors';
import type { CheckView } from '../../../shared/views';
import { backupTo, createBackup, listBackups, type BackupInfo } from '../backup';
import type { CoreContext } from '../context';
import { checkWriteTarget, writeProblem } from '../fsutil';
import { schemaVersion } from '../store/db';
import { mkdirSync, statSync } from 'node:fs';

export async function backup(ctx: CoreContext, out: string | undefined): Promise<BackupInfo> {
  if (!out) {
    const made = await createBackup(ctx.store.db, ctx.dbPath, ctx.now());
    ctx.autoBackupProblem = null;
    return made;
  }
  const target = resolve(out);
  if (target === resolve(ctx.dbPath)) throw new AppError(ERROR_CODES.invalidInput, '备份文件不能与数据库文件相同');
  // Never over an existing file (it may be another database), never into a folder's name; the folder is made when missing.
  checkWriteTarget(target, { overwrite: false });
  try {
    mkdirSync(dirname(target), { recursive: true });
    await backupTo(ctx.store.db, target);
  } catch (err) {
    throw writeProblem(target, err);
  }
  return { path: target, createdAt: ctx.nowIso(), size: statSync(target).size };
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

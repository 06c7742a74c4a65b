/**
 * The desktop shell saves a file the core prepared on disk (a large original,
 * a 佐证材料包) by copying it where the user chooses: no bytes cross IPC. Kept
 * apart from ipc.ts (which needs Electron) so that it is tested under plain
 * Node with a stand-in for the save dialog.
 */
import { statSync } from 'node:fs';
import { copyFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError, type ApiError } from '../../shared/errors';
import type { CoreContext } from '../core/context';
import { discardPrepared, preparedFile } from '../core/exchange/outgoing';
import { ensureRoom, renameIntoPlace, writeFileAtomic, writeWhy } from '../core/fsutil';
import { toApiError } from '../core/service';
import { safeDefaultFileName } from './security';

export interface SaveDialogAnswer {
  canceled: boolean;
  filePath?: string;
}

/** Why a file could not be written there, in words (never the system's). */
function writeProblem(err: unknown): string {
  const code = (err as { code?: string }).code ?? '';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return '没有写入该位置的权限';
  if (code === 'ENOENT') return '该文件夹已不在';
  // A want of room; a file of that name held open by another program (renameIntoPlace): in fsutil's words.
  return writeWhy(code);
}

const saveFailed = (path: string, err: unknown): ApiError => ({
  code: (err as { code?: string }).code === 'ENOSPC' ? 'disk_full' : 'write_failed',
  message: `无法保存到“${path}”：${writeProblem(err)}`,
});

/**
 * Saves bytes where the user chose (a workbook, a PDF) as every file of the core is written: to a file beside it,
 * synced and renamed into place, so that a failure never leaves half a file nor spoils the one it would have replaced
 * (the last PDF, still open in a reader). A failure is an answer saying why, in Chinese.
 */
export function saveBytes(path: string, data: Uint8Array): { saved: boolean; path: string | null; error?: ApiError } {
  try {
    writeFileAtomic(path, data);
    return { saved: true, path };
  } catch (err) {
    return { saved: false, path: null, error: saveFailed(path, err) };
  }
}

/**
 * Asks where (suggesting the file's name in `documentsDir`), copies it there
 * (to a file beside it first, renamed into place: a failed copy never
 * leaves half a file, nor spoils one it would have replaced), and lets the
 * prepared file go either way. A failure is an answer saying why, in Chinese.
 */
export async function savePrepared(
  ctx: CoreContext,
  id: string,
  fileName: string,
  documentsDir: string,
  ask: (options: { title: string; defaultPath: string; buttonLabel: string }) => Promise<SaveDialogAnswer>,
): Promise<{ saved: boolean; path: string | null; error?: ApiError }> {
  try {
    let source;
    try {
      source = preparedFile(ctx, id);
    } catch (err) {
      return { saved: false, path: null, error: toApiError(err).toJSON() };
    }
    const r = await ask({ title: '保存文件', defaultPath: join(documentsDir, safeDefaultFileName(fileName)), buttonLabel: '保存' });
    if (r.canceled || !r.filePath) return { saved: false, path: null };
    const part = `${r.filePath}.保存中`;
    try {
      // A package of gigabytes: refused at once where it cannot fit, not after minutes of copying.
      ensureRoom(r.filePath, statSync(source.path).size, '该文件', undefined, '请清理磁盘或另选位置后重新保存');
    } catch (err) {
      // Only a want of room is said here; a prepared file gone meanwhile is said by the copy below.
      if (err instanceof AppError) return { saved: false, path: null, error: err.toJSON() };
    }
    try {
      await copyFile(source.path, part);
      renameIntoPlace(part, r.filePath);
    } catch (err) {
      await rm(part, { force: true }).catch(() => undefined);
      return { saved: false, path: null, error: saveFailed(r.filePath, err) };
    }
    return { saved: true, path: r.filePath };
  } finally {
    discardPrepared(ctx, id);
  }
}

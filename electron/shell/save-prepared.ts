/**
 * The desktop shell saves a file the core prepared on disk (a large original,
 * a 佐证材料包) by copying it where the user chooses: no bytes cross IPC. Kept
 * apart from ipc.ts (which needs Electron) so that it is tested under plain
 * Node with a stand-in for the save dialog.
 */
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CoreContext } from '../core/context';
import { discardPrepared, preparedFile } from '../core/exchange/outgoing';
import { safeDefaultFileName } from './security';

export interface SaveDialogAnswer {
  canceled: boolean;
  filePath?: string;
}

/** Asks where (suggesting the file's name in `documentsDir`), copies it there, and lets the prepared file go either way. Throws when it is gone. */
export async function savePrepared(
  ctx: CoreContext,
  id: string,
  fileName: string,
  documentsDir: string,
  ask: (options: { title: string; defaultPath: string; buttonLabel: string }) => Promise<SaveDialogAnswer>,
): Promise<{ saved: boolean; path: string | null }> {
  try {
    const source = preparedFile(ctx, id);
    const r = await ask({ title: '保存文件', defaultPath: join(documentsDir, safeDefaultFileName(fileName)), buttonLabel: '保存' });
    if (r.canceled || !r.filePath) return { saved: false, path: null };
    await copyFile(source.path, r.filePath);
    return { saved: true, path: r.filePath };
  } finally {
    discardPrepared(ctx, id);
  }
}

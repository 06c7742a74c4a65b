/**
 * The IPC side of the typed API: one channel for every call (the call name is
 * checked by the core against the contract), one for the native save dialog.
 * Every message's sender must be the app's own top frame.
 */
import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { join } from 'node:path';
import { notOpen, type CoreSlot } from '../core/core-slot';
import type { BridgeResult, SaveFileRequest } from '../../shared/bridge';
import type { ApiError } from '../../shared/errors';
import { isTrustedSender, safeDefaultFileName } from './security';
import { saveBytes, savePrepared } from './save-prepared';

export const CHANNELS = { call: 'eco:call', saveFile: 'eco:save-file' } as const;

function assertSender(event: IpcMainInvokeEvent): void {
  const frame = event.senderFrame;
  if (!frame || !isTrustedSender(frame.url, frame === event.sender.mainFrame)) {
    throw new Error('IPC refused: the sender is not the app window');
  }
}

export function registerIpc(slot: () => CoreSlot, documentsDir: string): void {
  ipcMain.handle(CHANNELS.call, async (event, name: unknown, input: unknown): Promise<BridgeResult> => {
    assertSender(event);
    if (typeof name !== 'string') return { ok: false, error: { code: 'unknown_call', message: '调用名称无效' } };
    // The open core, or (the database damaged) only the calls that list and restore its backups.
    return slot().call(name, input);
  });

  ipcMain.handle(CHANNELS.saveFile, async (event, file: SaveFileRequest): Promise<{ saved: boolean; path: string | null; error?: ApiError }> => {
    assertSender(event);
    if (typeof file?.fileName !== 'string' || typeof file.dataBase64 !== 'string') return { saved: false, path: null };
    const win = BrowserWindow.fromWebContents(event.sender);
    const ask = (options: Electron.SaveDialogOptions) => (win ? dialog.showSaveDialog(win, options) : dialog.showSaveDialog(options));
    if (typeof file.prepared === 'string') {
      const core = slot().core;
      if (!core) return { saved: false, path: null, error: notOpen(slot()) };
      return savePrepared(core.ctx, file.prepared, file.fileName, documentsDir, ask);
    }
    const r = await ask({ title: '保存文件', defaultPath: join(documentsDir, safeDefaultFileName(file.fileName)), buttonLabel: '保存' });
    if (r.canceled || !r.filePath) return { saved: false, path: null };
    return saveBytes(r.filePath, Buffer.from(file.dataBase64, 'base64'));
  });
}

/**
 * Printing in the desktop app: the core renders the form's HTML; a hidden,
 * sandboxed window without JavaScript lays it out; then either the system
 * print dialog (webContents.print) or printToPDF and a native save dialog. The
 * running header and 第 X 页 共 Y 页 are page-margin boxes in the form's own
 * CSS, so both ways print them.
 */
import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { join } from 'node:path';
import type { PrintRequest, PrintResult } from '../../shared/bridge';
import { notOpen, type CoreSlot } from '../core/core-slot';
import { saveBytes } from './save-prepared';
import { hardenContents, isTrustedSender, safeDefaultFileName } from './security';

export const PRINT_CHANNEL = 'eco:print';

async function layoutWindow(html: string): Promise<BrowserWindow> {
  const w = new BrowserWindow({
    show: false,
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      javascript: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  hardenContents(w.webContents);
  await w.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
  return w;
}

export function registerPrint(slot: () => CoreSlot, documentsDir: string): void {
  ipcMain.handle(PRINT_CHANNEL, async (event: IpcMainInvokeEvent, req: PrintRequest): Promise<PrintResult> => {
    const frame = event.senderFrame;
    if (!frame || !isTrustedSender(frame.url, frame === event.sender.mainFrame)) throw new Error('IPC refused: the sender is not the app window');
    const core = slot().core;
    if (!core) return { ok: false, error: notOpen(slot()) };
    const rendered = await core.call('forms.render', req?.form);
    if (!rendered.ok) return { ok: false, error: rendered.error };
    const form = rendered.value;
    const w = await layoutWindow(form.html);
    try {
      if (req.action === 'print') {
        const printed = await new Promise<boolean>((resolve) =>
          w.webContents.print({ silent: false, printBackground: true, landscape: form.landscape, pageSize: 'A4' }, (ok) => resolve(ok)),
        );
        return { ok: true, done: printed, path: null };
      }
      const pdf = await w.webContents.printToPDF({
        pageSize: 'A4',
        landscape: form.landscape,
        printBackground: true,
        // The running header and 第 X 页 共 Y 页 are CSS page-margin boxes in the form itself.
        preferCSSPageSize: true,
        displayHeaderFooter: false,
      });
      const owner = BrowserWindow.fromWebContents(event.sender);
      const options = { title: '另存为 PDF', defaultPath: join(documentsDir, safeDefaultFileName(`${form.title}.pdf`)), buttonLabel: '保存', filters: [{ name: 'PDF', extensions: ['pdf'] }] };
      const r = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
      if (r.canceled || !r.filePath) return { ok: true, done: false, path: null };
      // Saved again over the last PDF, still open in a reader: said so, the last one left whole.
      const saved = saveBytes(r.filePath, pdf);
      return saved.error ? { ok: false, error: saved.error } : { ok: true, done: true, path: r.filePath };
    } finally {
      w.destroy();
    }
  });
}

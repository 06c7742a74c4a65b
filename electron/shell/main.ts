/**
 * The Electron main process: one instance, one hardened window on the app://
 * protocol, the core behind IPC, data in the user-data folder (movable from the menu).
 */
import { app, BrowserWindow, dialog, Menu, screen, session } from 'electron';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { notOpen, openCoreSlot, type CoreSlot } from '../core/core-slot';
import { DB_FILE } from '../server/data-dir';
import { registerIpc } from './ipc';
import { buildMenu } from './menu';
import { registerPrint } from './print';
import { registerAppScheme, serveRenderer } from './protocol';
import { APP_ENTRY, hardenContents, hardenSession, secureWebPreferences } from './security';
import { readSettings, writeSettings } from './settings';
import { clampWindowState, readWindowState, writeWindowState } from './window-state';

const here = import.meta.dirname;
const RENDERER_DIR = join(here, '..', 'renderer');
const PRELOAD = join(here, 'preload.cjs');
const PRODUCT = '生态文明建设任务进度填报';

let slot: CoreSlot | null = null;
let win: BrowserWindow | null = null;

const userFile = (name: string): string => join(app.getPath('userData'), name);

function dataDir(): string {
  return readSettings(userFile('settings.json')).dataDir ?? join(app.getPath('userData'), 'data');
}

function createWindow(): BrowserWindow {
  const stateFile = userFile('window-state.json');
  const state = clampWindowState(readWindowState(stateFile), screen.getPrimaryDisplay().workArea);
  const w = new BrowserWindow({
    ...state,
    minWidth: 900,
    minHeight: 600,
    title: PRODUCT,
    show: false,
    backgroundColor: '#ffffff',
    // Spelled out here, not only in security.ts, so a static scanner
    // (electronegativity, see test/shell/electronegativity.test.ts) sees every flag at the call site.
    webPreferences: {
      ...secureWebPreferences(PRELOAD),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  hardenContents(w.webContents);
  if (state.maximized) w.maximize();
  w.once('ready-to-show', () => w.show());
  w.on('close', () => writeWindowState(stateFile, { ...w.getNormalBounds(), maximized: w.isMaximized() }));
  void w.loadURL(APP_ENTRY);
  return w;
}

/** Copies the database to a folder the user picks, then restarts on it. */
async function changeDataDir(): Promise<void> {
  if (!win || !slot) return;
  const core = slot.core;
  if (!core) {
    // Nothing to copy; the page says why (and offers the backups when the file cannot be read).
    dialog.showErrorBox(PRODUCT, `数据文件无法打开，不能更改数据文件夹：${notOpen(slot).message}`);
    return;
  }
  const r = await dialog.showOpenDialog(win, { title: '选择新的数据文件夹', properties: ['openDirectory', 'createDirectory'], buttonLabel: '选择' });
  const dir = r.filePaths[0];
  if (r.canceled || !dir) return;
  const target = join(dir, DB_FILE);
  // A folder already holding a database (one used before, another computer's copy): opened as it is, nothing copied
  // over it, and the data in use now stays where it is; asked first, since the screens would show other data.
  const existing = existsSync(target);
  if (existing) {
    const ask = await dialog.showMessageBox(win, {
      type: 'warning',
      title: PRODUCT,
      message: `所选文件夹中已有数据文件（${DB_FILE}）。`,
      detail: `改用后，程序将打开该文件夹中的数据，现在的数据不复制过去，仍保留在原文件夹（${dataDir()}）中，可再通过“更改数据文件夹”改回。`,
      buttons: ['改用该文件夹中的数据', '取消'],
      defaultId: 1,
      cancelId: 1,
    });
    if (ask.response !== 0) return;
  }
  try {
    // The database with its evidence files and imported originals (a whole copy), then the app starts on it.
    if (!existing) await core.run('backup.create', { out: target });
  } catch (err) {
    dialog.showErrorBox(PRODUCT, `未能改变数据文件夹：${err instanceof Error ? err.message : String(err)}`);
    return;
  }
  writeSettings(userFile('settings.json'), { dataDir: dir });
  await dialog.showMessageBox(win, {
    type: 'info',
    title: PRODUCT,
    message: `数据文件夹已改为：${dir}\n${existing ? '将打开该文件夹中已有的数据。' : '现在的数据（连同佐证材料和导入的原始文件）已复制过去。'}程序将重新启动。`,
  });
  app.relaunch();
  app.exit(0);
}

async function start(): Promise<void> {
  const dir = dataDir();
  mkdirSync(dir, { recursive: true });
  try {
    // A damaged database (or one from a newer version) opens the page that says so and offers its backups.
    slot = await openCoreSlot(join(dir, DB_FILE), { create: true, autoBackup: true });
  } catch (err) {
    dialog.showErrorBox(PRODUCT, `无法打开数据文件：${err instanceof Error ? err.message : String(err)}`);
    app.exit(1);
    return;
  }
  hardenSession(session.defaultSession);
  serveRenderer(RENDERER_DIR);
  registerIpc(() => slot!, app.getPath('documents'));
  registerPrint(() => slot!, app.getPath('documents'));
  const menu = buildMenu({
    changeDataDir: () => void changeDataDir(),
    about: () => void dialog.showMessageBox({ type: 'info', title: '关于', message: PRODUCT, detail: `版本 ${app.getVersion()}\n数据文件夹：${dir}` }),
  });
  Menu.setApplicationMenu(menu);
  win = createWindow();
}

registerAppScheme();
// Webviews and new windows are refused in every contents, not only the main window's.
app.on('web-contents-created', (_e, contents) => hardenContents(contents));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.on('window-all-closed', () => {
    slot?.close();
    slot = null;
    app.quit();
  });
  void app.whenReady().then(start);
}

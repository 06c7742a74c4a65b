/**
 * Folders of this computer, for choosing one in the app (a USB stick for a
 * whole copy, the copy to restore from) instead of typing its path. The core
 * runs on the same computer as the page in both hosts (the browser-mode host
 * listens on 127.0.0.1 only), so the folders listed are the user's own.
 * Folders only, never a file's contents; hidden and system folders left out.
 */
import { existsSync, readdirSync, statSync, type Dirent } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { dirname, isAbsolute, join, parse, resolve } from 'node:path';
import { AppError, ERROR_CODES } from '../../shared/errors';
import { unquotedPath } from '../../shared/text';
import type { FolderListing, FolderPlace } from '../../shared/views';
import { COPY_NAME } from './backup';

/** At most this many folders of one folder are listed (the rest said as a count). */
export const MAX_FOLDERS = 1000;

const collator = new Intl.Collator('zh-CN', { numeric: true });
/** As Explorer shows them: digits and Latin names first, then Chinese ones by pinyin. */
const byName = (a: string, b: string): number => Number(/^[\u3400-\u9fff]/.test(a)) - Number(/^[\u3400-\u9fff]/.test(b)) || collator.compare(a, b);

/** Where to start: the drives (Windows), the home folder and where USB sticks appear (Linux, macOS). */
export function startingPlaces(platform: NodeJS.Platform = process.platform): FolderPlace[] {
  const out: FolderPlace[] = [];
  const add = (path: string, name: string): void => {
    try {
      if (!out.some((p) => p.path === path) && statSync(path).isDirectory()) out.push({ name, path });
    } catch {
      // Not there (no such drive, no stick mounted).
    }
  };
  if (platform === 'win32') {
    // C: onwards (A: and B: were floppy drives; asking for them can stall).
    for (let c = 'C'.charCodeAt(0); c <= 'Z'.charCodeAt(0); c++) {
      const drive = `${String.fromCharCode(c)}:\\`;
      if (existsSync(drive)) out.push({ name: `${String.fromCharCode(c)}: 盘`, path: drive });
    }
    add(join(homedir(), 'Desktop'), '桌面');
    add(homedir(), '个人文件夹');
    return out;
  }
  const user = safeUser();
  add(homedir(), '个人文件夹');
  add(join(homedir(), 'Desktop'), '桌面');
  add(join(homedir(), '桌面'), '桌面');
  if (user) add(`/media/${user}`, 'U盘（/media）');
  if (user) add(`/run/media/${user}`, 'U盘（/run/media）');
  add('/Volumes', '磁盘和U盘');
  add('/mnt', '/mnt');
  add('/', '根目录 /');
  return out;
}

function safeUser(): string | null {
  try {
    return userInfo().username;
  } catch {
    return null;
  }
}

/** Whether a folder entry is one to show: not hidden (.name), not a Windows system folder ($RECYCLE.BIN, System Volume Information). */
const shown = (name: string): boolean => !name.startsWith('.') && !name.startsWith('$') && name !== 'System Volume Information';

/**
 * The folders in `raw` (a whole path, as typed or pasted), with its parent
 * and the whole copies it holds; without a path, the places to start from.
 */
export function listFolders(raw: string | undefined, platform: NodeJS.Platform = process.platform): FolderListing {
  const places = startingPlaces(platform);
  if (raw === undefined || unquotedPath(raw) === '') return { path: null, parent: null, folders: [], more: 0, copies: [], places };
  const given = unquotedPath(raw);
  if (!isAbsolute(given)) throw new AppError(ERROR_CODES.invalidInput, `“${raw.trim()}”不是完整路径：请填写从盘符开始的完整路径，如 E:\\生态文明进度备份`);
  const path = resolve(given);
  let entries: Dirent[];
  try {
    entries = readdirSync(path, { withFileTypes: true });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ENOENT') throw new AppError(ERROR_CODES.notFound, `没有这个文件夹：${path}`);
    if (code === 'ENOTDIR') throw new AppError(ERROR_CODES.invalidInput, `“${path}”是文件，不是文件夹`);
    if (code === 'EACCES' || code === 'EPERM') throw new AppError(ERROR_CODES.invalidInput, `无权打开文件夹“${path}”（没有权限）`);
    throw new AppError(ERROR_CODES.notFound, `无法打开文件夹“${path}”（${code ?? (err instanceof Error ? err.message : String(err))}）`);
  }
  const folders: FolderPlace[] = [];
  const copies: string[] = [];
  for (const e of entries) {
    if (!shown(e.name)) continue;
    let dir = e.isDirectory();
    if (e.isSymbolicLink()) {
      try {
        dir = statSync(join(path, e.name)).isDirectory();
      } catch {
        dir = false;
      }
    }
    if (dir) folders.push({ name: e.name, path: join(path, e.name) });
    else if (e.isFile() && COPY_NAME.test(e.name)) copies.push(e.name);
  }
  folders.sort((a, b) => byName(a.name, b.name));
  copies.sort(byName);
  const root = parse(path).root === path;
  return { path, parent: root ? null : dirname(path), folders: folders.slice(0, MAX_FOLDERS), more: Math.max(0, folders.length - MAX_FOLDERS), copies, places };
}

/**
 * Folders of this computer, for choosing one in the app (a USB stick for a
 * whole copy, the copy to restore from) instead of typing its path. The core
 * runs on the same computer as the page in both hosts (the browser-mode host
 * listens on 127.0.0.1 only), so the folders listed are the user's own.
 * Folder names only (and the whole copies among the files), never a file's
 * contents; hidden folders (.name), Windows' system folders and the links
 * that cannot be opened left out.
 *
 * Everything runs on libuv's threads with a time limit: a mapped network
 * drive whose server is gone can take ~20 s to answer on Windows, and the
 * core's thread (the desktop app's main process) must not wait for it.
 */
import { opendir, readdir, stat } from 'node:fs/promises';
import { homedir, userInfo } from 'node:os';
import { posix, win32 } from 'node:path';
import { AppError, ERROR_CODES } from '../../shared/errors';
import { unquotedPath } from '../../shared/text';
import type { FolderListing, FolderPlace } from '../../shared/views';
import { COPY_NAME } from './backup';

/** At most this many folders of one folder are listed (the rest said as a count). */
export const MAX_FOLDERS = 1000;
/** How long a drive may take to say it is there, and a folder to be read. */
export const DRIVE_WAIT_MS = 1500;
export const FOLDER_WAIT_MS = 10_000;

const collator = new Intl.Collator('zh-CN', { numeric: true });
/** Digits and Latin names first, then Chinese ones by pinyin. */
const byName = (a: string, b: string): number => Number(/^[\u3400-\u9fff]/.test(a)) - Number(/^[\u3400-\u9fff]/.test(b)) || collator.compare(a, b);

/** Windows' own folders a clerk never keeps a copy in (most refuse to be opened anyway). */
const WINDOWS_SYSTEM = new Set(
  ['appdata', 'application data', 'config.msi', 'cookies', 'default', 'default user', 'all users', 'documents and settings', 'local settings', 'msocache', 'nethood', 'printhood', 'programdata', 'recent', 'recovery', 'sendto', 'start menu', '「开始」菜单', 'templates', 'perflogs', 'intel', 'windows', 'boot'],
);

/** Whether a folder is one to show: not hidden (.name), not a Windows system folder ($RECYCLE.BIN, System Volume Information, AppData…). */
function shown(name: string, platform: NodeJS.Platform): boolean {
  if (name.startsWith('.') || name.startsWith('$') || name === 'System Volume Information') return false;
  return platform !== 'win32' || !WINDOWS_SYSTEM.has(name.toLowerCase());
}

/** `p`, or null once `ms` have passed (the request goes on in the background and is forgotten). */
function within<T>(p: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

const isFolder = async (path: string): Promise<boolean> => (await within(stat(path).then((s) => s.isDirectory(), () => false), DRIVE_WAIT_MS)) ?? false;

let placesCache: { at: number; platform: NodeJS.Platform; places: FolderPlace[] } | null = null;

/** Where to start: the drives (Windows), the home folder and where USB sticks appear (Linux, macOS); asked again after 5 s. */
export async function startingPlaces(platform: NodeJS.Platform = process.platform): Promise<FolderPlace[]> {
  if (placesCache && placesCache.platform === platform && Date.now() - placesCache.at < 5000) return placesCache.places;
  const P = platform === 'win32' ? win32 : posix;
  const home = homedir();
  const user = safeUser();
  const candidates: FolderPlace[] =
    platform === 'win32'
      ? [
          // C: onwards (A: and B: were floppy drives), all asked at once, each for 1.5 s at most.
          ...Array.from({ length: 24 }, (_, i) => String.fromCharCode(67 + i)).map((d) => ({ name: `${d}: 盘`, path: `${d}:\\` })),
          { name: '桌面', path: P.join(home, 'Desktop') },
          { name: '桌面', path: P.join(home, 'OneDrive', 'Desktop') },
          { name: '桌面', path: P.join(home, 'OneDrive', '桌面') },
          { name: '个人文件夹', path: home },
        ]
      : [
          { name: '个人文件夹', path: home },
          { name: '桌面', path: P.join(home, 'Desktop') },
          { name: '桌面', path: P.join(home, '桌面') },
          ...(user ? [{ name: 'U盘（/media）', path: `/media/${user}` }, { name: 'U盘（/run/media）', path: `/run/media/${user}` }] : []),
          { name: '磁盘和U盘', path: '/Volumes' },
          { name: '/mnt', path: '/mnt' },
          { name: '根目录 /', path: '/' },
        ];
  const there = await Promise.all(candidates.map((c) => isFolder(c.path)));
  const places: FolderPlace[] = [];
  candidates.forEach((c, i) => {
    // One 桌面 (the first found: OneDrive's when the desktop is kept there).
    if (there[i] && !places.some((p) => p.path === c.path || (c.name === '桌面' && p.name === '桌面'))) places.push(c);
  });
  placesCache = { at: Date.now(), platform, places };
  return places;
}

function safeUser(): string | null {
  try {
    return userInfo().username;
  } catch {
    return null;
  }
}

/**
 * A folder's whole path as typed or pasted: quotes taken off, `E:` read as
 * the drive `E:\`; refused when it is not whole, or names a server without
 * a share (`\\服务器`).
 */
export function folderPath(raw: string, platform: NodeJS.Platform = process.platform): string {
  const P = platform === 'win32' ? win32 : posix;
  let given = unquotedPath(raw);
  if (platform === 'win32' && /^[A-Za-z]:$/.test(given)) given += '\\';
  const example = platform === 'win32' ? '如 E:\\生态文明进度备份' : '如 /media/用户名/U盘';
  if (platform === 'win32' && /^[\\/]{2}[^\\/]+[\\/]?$/.test(given)) throw new AppError(ERROR_CODES.invalidInput, `“${given}”只是一台电脑的名称：请填写其上的共享文件夹，如 \\\\服务器\\共享名`);
  if (!P.isAbsolute(given)) throw new AppError(ERROR_CODES.invalidInput, `“${given}”不是完整路径：请填写${platform === 'win32' ? '从盘符开始的' : '从 / 开始的'}完整路径，${example}`);
  return P.resolve(given);
}

/**
 * The folders in `raw` (a whole path, as typed or pasted), with its parent
 * and the whole copies it holds; without a path, the places to start from
 * (only then: `places` is empty for a folder, the page keeps the first).
 */
export async function listFolders(raw: string | undefined, platform: NodeJS.Platform = process.platform): Promise<FolderListing> {
  if (raw === undefined || unquotedPath(raw) === '') return { path: null, parent: null, folders: [], more: 0, copies: [], places: await startingPlaces(platform) };
  const P = platform === 'win32' ? win32 : posix;
  const path = folderPath(raw, platform);
  const unreachable = `无法打开文件夹“${path}”：磁盘或网络位置暂时无法访问，请检查U盘是否插好、网络是否连通`;
  let entries;
  try {
    entries = await within(readdir(path, { withFileTypes: true }), FOLDER_WAIT_MS);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ENOENT' && !path.startsWith('\\\\')) throw new AppError(ERROR_CODES.notFound, `没有这个文件夹：${path}`);
    if (code === 'ENOTDIR') throw new AppError(ERROR_CODES.invalidInput, `“${path}”是文件，不是文件夹`);
    if (code === 'EACCES' || code === 'EPERM') throw new AppError(ERROR_CODES.invalidInput, `无权打开文件夹“${path}”（没有权限）`);
    throw new AppError(ERROR_CODES.notFound, unreachable);
  }
  if (entries === null) throw new AppError(ERROR_CODES.notFound, unreachable);
  const folders: FolderPlace[] = [];
  const links: FolderPlace[] = [];
  const copies: string[] = [];
  for (const e of entries) {
    if (!shown(e.name, platform)) continue;
    const place = { name: e.name, path: P.join(path, e.name) };
    if (e.isDirectory()) folders.push(place);
    else if (e.isSymbolicLink()) links.push(place);
    else if (e.isFile() && COPY_NAME.test(e.name)) copies.push(e.name);
  }
  // Links and junctions: only those that open as folders (Windows' old "My Documents" links refuse to be listed).
  const opens = await Promise.all(links.map((l) => within(opendir(l.path).then((d) => d.close().then(() => true)), DRIVE_WAIT_MS).catch(() => false)));
  links.forEach((l, i) => opens[i] === true && folders.push(l));
  folders.sort((a, b) => byName(a.name, b.name));
  copies.sort(byName);
  const root = P.parse(path).root === path;
  return { path, parent: root ? null : P.dirname(path), folders: folders.slice(0, MAX_FOLDERS), more: Math.max(0, folders.length - MAX_FOLDERS), copies, places: [] };
}

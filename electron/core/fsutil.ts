import { createHash, randomUUID } from 'node:crypto';
import { accessSync, close, closeSync, constants as fsConstants, existsSync, fsync, fsyncSync, mkdirSync, open, openSync, readdirSync, readFileSync, readSync, renameSync, rmdirSync, rmSync, statfsSync, statSync, writeSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { AppError, ERROR_CODES } from '../../shared/errors';
import { faultPoint } from './fault';

export const sha256 = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

/** Why a file could not be written, in words a clerk understands, naming it. */
/** Why a write failed, by the system's code, in words a clerk understands. */
const WRITE_WHY: Record<string, string> = {
  ENOSPC: '磁盘空间不足',
  EACCES: '没有写入权限',
  EPERM: '没有写入权限',
  EROFS: '所在磁盘是只读的',
  EISDIR: '这是一个文件夹',
  ENOTDIR: '路径中有一段是文件而不是文件夹',
  EEXIST: '路径中有一段是文件而不是文件夹',
  ENOENT: '文件夹不存在',
  ENAMETOOLONG: '文件名过长',
  EIO: '写入出错（磁盘或 U 盘可能有问题）',
  EBUSY: '文件正被其他程序占用',
  ETARGETHELD: '同名文件正被其他程序使用（可能正在 Excel、WPS 或 PDF 阅读器中打开），或被设为只读，无法替换；请关闭该文件后重试，或另存为其他文件名',
};

/** The words for a write's failure code (`EEXIST` …); a code without words is named as the system's. */
export const writeWhy = (code: string): string => WRITE_WHY[code] ?? (code ? `系统错误（${code}）` : '系统错误（原因不明）');

export function writeProblem(target: string, err: unknown): AppError {
  let code = (err as { code?: string }).code ?? '';
  // A folder that could not be made, or SQLite's "unable to open database file": often the disk is read-only (a stick
  // with its lock switch on) or not ours to write; said as such, not as a folder missing or in SQLite's words.
  if (code === 'ENOENT' || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY')) code = notWritable(target) ?? code;
  return new AppError(code === 'ENOSPC' ? 'disk_full' : ERROR_CODES.writeFailed, `无法写入“${target}”：${WRITE_WHY[code] ?? (err instanceof Error ? err.message : String(err))}`);
}

/** Why the nearest folder of `target` that exists cannot be written to (EROFS, EACCES…), or null when it can. */
function notWritable(target: string): string | null {
  let dir = dirname(resolve(target));
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  try {
    accessSync(dir, fsConstants.W_OK);
    return null;
  } catch (err) {
    return (err as { code?: string }).code ?? null;
  }
}

/** Why a file could not be read, in words a clerk understands, naming it. */
export function readProblem(source: string, err: unknown, what = '文件'): AppError {
  const code = (err as { code?: string }).code ?? '';
  const why: Record<string, string> = {
    ENOENT: '文件不存在',
    EISDIR: '这是一个文件夹，不是文件',
    EACCES: '没有读取权限',
    EPERM: '没有读取权限',
    ENOTDIR: '路径中有一段是文件而不是文件夹',
    ENAMETOOLONG: '文件名过长',
    EIO: '读取出错（磁盘或 U 盘可能有问题）',
  };
  return new AppError(ERROR_CODES.notFound, `无法读取${what}“${source}”：${why[code] ?? (err instanceof Error ? err.message : String(err))}`);
}

/**
 * What a path is when it is neither a file nor a folder (a named pipe, a device, a socket), in words, or null. Such a
 * path is never read: a named pipe's read waits for a writer that may never come, a device's may never end.
 */
export function notAFile(st: Stats): string | null {
  if (st.isFIFO()) return '这是命名管道（FIFO），不是文件';
  if (st.isSocket()) return '这是套接字，不是文件';
  if (st.isCharacterDevice() || st.isBlockDevice()) return '这是设备，不是文件';
  return null;
}

/** Reads a whole file, or throws readProblem; files over `maxBytes` are refused before reading. */
export function readFileChecked(source: string, maxBytes: number, what = '文件'): Buffer {
  let size: number;
  let st: Stats;
  try {
    st = statSync(source);
    if (st.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    size = st.size;
  } catch (err) {
    throw readProblem(source, err, what);
  }
  const special = notAFile(st);
  if (special) throw new AppError(ERROR_CODES.invalidInput, `无法读取${what}“${source}”：${special}`);
  if (size > maxBytes) throw new AppError(ERROR_CODES.invalidInput, `${what}“${source}”过大（${(size / 1024 / 1024).toFixed(1)} MB，上限 ${Math.round(maxBytes / 1024 / 1024)} MB）`);
  try {
    return readFileSync(source);
  } catch (err) {
    throw readProblem(source, err, what);
  }
}

/**
 * A file about to be written at `target`, checked before any work that cannot
 * be undone (an export counts a revision): not a folder, and not an existing
 * file unless `overwrite`. Its folder is made when missing.
 */
export function checkWriteTarget(target: string, opts: { overwrite: boolean; notOver?: string | undefined }): void {
  // A name ending in a separator names a folder: taken as a file it would fail only once the work is done.
  if (/[\\/]$/.test(target)) throw new AppError(ERROR_CODES.writeFailed, `无法写入“${target}”：以“${target.slice(-1)}”结尾的是文件夹，请在其后写上文件名`);
  if (opts.notOver !== undefined && [opts.notOver, ...['-wal', '-shm', '-journal'].map((s) => opts.notOver + s)].some((f) => sameFile(target, f))) {
    throw new AppError(ERROR_CODES.invalidInput, `“${target}”是数据库文件本身（--db），不能写到这里，否则数据会丢失；请另给一个文件名`);
  }
  let st: Stats | null = null;
  try {
    st = statSync(target);
  } catch (err) {
    if ((err as { code?: string }).code !== 'ENOENT') throw writeProblem(target, err);
  }
  if (st?.isDirectory()) throw new AppError(ERROR_CODES.writeFailed, `无法写入“${target}”：这是一个文件夹，请给出文件名`);
  if (st && !opts.overwrite) throw new AppError(ERROR_CODES.outputExists, `“${target}”已存在，不会覆盖；请另给一个文件名，或先移走该文件`);
  // Missing folders are made when the file is written (a refusal before then leaves none behind); the nearest one present must be a folder.
  for (let dir = dirname(target); ; dir = dirname(dir)) {
    let d: Stats | null = null;
    try {
      d = statSync(dir);
    } catch (err) {
      if ((err as { code?: string }).code !== 'ENOENT') throw writeProblem(target, err);
    }
    if (d) {
      if (!d.isDirectory()) throw writeProblem(target, Object.assign(new Error('not a directory'), { code: 'ENOTDIR' }));
      return;
    }
    if (dirname(dir) === dir) return;
  }
}

/**
 * The same file: one inode when both exist (a file system that gives every file inode 0, as some Windows ones and
 * network shares do, says nothing by it), else the same absolute path (letter case aside on Windows).
 */
export function sameFile(a: string, b: string): boolean {
  const samePath = (): boolean => (process.platform === 'win32' ? resolve(a).toLowerCase() === resolve(b).toLowerCase() : resolve(a) === resolve(b));
  try {
    const x = statSync(a);
    const y = statSync(b);
    return x.ino !== 0 ? x.dev === y.dev && x.ino === y.ino : samePath();
  } catch {
    return samePath();
  }
}

/**
 * Folders made for a file that is gone again, nearest first: each removed while empty; the first that is not (something
 * else was put there meanwhile) is left, and the ones above it with it.
 */
export function removeEmptyFolders(dirs: readonly string[]): void {
  for (const dir of dirs) {
    try {
      rmdirSync(dir);
    } catch {
      return;
    }
  }
}

/** The folders above `path` that do not exist yet, nearest first: what making it would create. */
export function missingFolders(path: string): string[] {
  const out: string[] = [];
  for (let dir = dirname(path); !existsSync(dir) && dirname(dir) !== dir; dir = dirname(dir)) out.push(dir);
  return out;
}

/** Room a write leaves free on its disk beyond what it needs (the database and its journal go on writing there). */
const ROOM_TO_SPARE = 64 * 1024 * 1024;

/**
 * Refuses, before anything is written, a file of about `bytes` going to
 * `target` on a disk without that much room (a year's 佐证材料包 may be
 * gigabytes). When the free space cannot be told (some network drives say
 * they have none at all), the write itself says. `place`: the disk as the
 * message names it (the folder's, when not given); `advice`: what to do.
 */
export function ensureRoom(target: string, bytes: number, what: string, place?: string, advice = '请清理磁盘或换一个位置后重试', spare = ROOM_TO_SPARE): void {
  const on = missingFolders(target).at(-1) ?? dirname(target);
  let free: number;
  try {
    const s = statfsSync(existsSync(on) ? on : dirname(on));
    if (s.blocks === 0) return;
    free = s.bavail * s.bsize;
  } catch {
    return;
  }
  const need = bytes + spare;
  if (need <= free) return;
  const size = (n: number): string => (n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(1)} GB` : `${Math.ceil(n / 1024 ** 2)} MB`);
  throw new AppError('disk_full', `磁盘空间不足：${what}约需 ${size(need)}，${place ?? `“${dirname(target)}”所在的磁盘`}只剩 ${size(free)}；${advice}，未写入任何文件`);
}

/** Temporary files being written beside their targets: removed by a host that is stopped meanwhile (the command line's Ctrl+C). */
const writing = new Set<string>();

/** Removes the temporary files of writes still under way (a host stopping before they end). */
export function removeUnfinishedWrites(): void {
  for (const tmp of writing) rmSync(tmp, { force: true });
  writing.clear();
}

/** A temporary file of ours (writeFileAtomic), by its name. */
const OUR_TEMP = /^\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.tmp$/;
/** Older than this, the write it was for has ended: its process was killed (a write in progress touches it). */
const STALE_TEMP_MS = 60 * 60 * 1000;

/**
 * Removes what writes killed half-way left in `dir` (a 120 MB bundle's temporary file on the stick, hidden on Linux,
 * in plain sight on Windows): ours by name, untouched for an hour.
 */
function sweepStaleTemps(dir: string): void {
  try {
    const now = Date.now();
    for (const f of readdirSync(dir)) {
      if (!OUR_TEMP.test(f) || writing.has(join(dir, f))) continue;
      try {
        if (now - statSync(join(dir, f)).mtimeMs > STALE_TEMP_MS) rmSync(join(dir, f), { force: true });
      } catch {
        // gone meanwhile
      }
    }
  } catch {
    // a folder that cannot be listed: the write says what is wrong with it
  }
}

/**
 * Writes to a temporary file beside the target, fsyncs, then renames: a crash
 * never leaves half a file. `data` as a function is handed `write` to give
 * the bytes a piece at a time; when it throws, nothing is left.
 */
export function writeFileAtomic(target: string, data: Uint8Array | string | ((write: (chunk: Uint8Array) => void) => void)): void {
  mkdirSync(dirname(target), { recursive: true });
  sweepStaleTemps(dirname(target));
  const tmp = join(dirname(target), `.${randomUUID()}.tmp`);
  writing.add(tmp);
  try {
    const fd = openSync(tmp, 'w');
    try {
      if (typeof data === 'function') data((chunk) => writeAll(fd, chunk));
      else writeAll(fd, typeof data === 'string' ? Buffer.from(data) : data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameIntoPlace(tmp, target);
    fsyncDir(dirname(target));
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  } finally {
    writing.delete(tmp);
  }
}

/**
 * Writes `target` as writeFileAtomic does (a temporary file beside it,
 * synced, renamed), from what `fill` hands to its `write` a piece at a time;
 * when `fill` throws, nothing is left (nor the folders made for it).
 */
export async function writeAtomicallyWith<T>(target: string, fill: (write: (chunk: Uint8Array) => void) => T | Promise<T>): Promise<T> {
  // Folders made for it go again when it is refused.
  const made = missingFolders(target);
  mkdirSync(dirname(target), { recursive: true });
  sweepStaleTemps(dirname(target));
  const tmp = join(dirname(target), `.${randomUUID()}.tmp`);
  let fd: number | null = null;
  writing.add(tmp);
  try {
    const to = openSync(tmp, 'w');
    fd = to;
    faultPoint('atomic-write');
    const result = await fill((chunk) => writeAll(to, chunk));
    fsyncSync(to);
    closeSync(to);
    fd = null;
    renameIntoPlace(tmp, target);
    fsyncDir(dirname(target));
    return result;
  } catch (err) {
    if (fd !== null) closeSync(fd);
    rmSync(tmp, { force: true });
    removeEmptyFolders(made);
    throw err;
  } finally {
    writing.delete(tmp);
  }
}

/**
 * Copies `source` to `target` as writeAtomicallyWith writes, a chunk at a
 * time: each chunk is shown to `see`, and `check` may refuse the whole
 * before the rename. Returns the bytes copied.
 */
export function copyFileAtomic(source: string, target: string, see: (chunk: Uint8Array) => void, check: () => void): Promise<number> {
  return writeAtomicallyWith(target, (write) => {
    const chunk = Buffer.allocUnsafe(1024 * 1024);
    let total = 0;
    const from = openSync(source, 'r');
    try {
      for (let n = readSync(from, chunk, 0, chunk.length, null); n > 0; n = readSync(from, chunk, 0, chunk.length, null)) {
        const part = chunk.subarray(0, n);
        see(part);
        write(part);
        total += n;
      }
    } finally {
      closeSync(from);
    }
    check();
    return total;
  });
}

/** What a replace refused by another program's hold on the file is said as (WRITE_WHY): not a want of permission. */
export const TARGET_HELD = 'ETARGETHELD';
/** The codes Windows refuses a replace with while another program holds the file, or while it is marked read-only. */
const HELD_CODES = new Set(['EPERM', 'EACCES', 'EBUSY']);
/** The pauses (ms) between tries of a refused replace on Windows: about a second in all, as an antivirus's scan takes. */
const RENAME_PAUSES_MS = [10, 20, 40, 80, 160, 320, 400];

/**
 * Renames a finished temporary file onto its target. Windows refuses to replace a file another program holds open
 * (Excel, WPS and PDF readers keep open the files they show: a clerk saves the workbook or the PDF again while looking
 * at the last one) or that is marked read-only, with EPERM, EACCES or EBUSY; an antivirus scanning a file just written
 * holds it for a moment. So on Windows the rename is tried again for about a second, as graceful-fs does; a refusal
 * that lasts, of a target that exists, is then said as the file being in use (TARGET_HELD), not as a want of
 * permission: the folder has just taken the temporary file. `rename` and `platform` are the test's to give.
 */
export function renameIntoPlace(from: string, to: string, rename: (from: string, to: string) => void = renameSync, platform: string = process.platform): void {
  for (let tried = 0; ; tried++) {
    try {
      rename(from, to);
      return;
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      if (!HELD_CODES.has(code)) throw err;
      const pause = platform === 'win32' ? RENAME_PAUSES_MS[tried] : undefined;
      if (pause !== undefined) {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pause);
        continue;
      }
      if (!existsSync(to)) throw err;
      throw Object.assign(new Error(`${code}: cannot replace ${to}`), { code: TARGET_HELD, cause: err });
    }
  }
}

export function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Directories cannot be fsynced on Windows; the rename is still atomic there.
  }
}

/** fsyncDir on libuv's threads, then `then()`; errors are ignored as in fsyncDir. */
export function fsyncDirInBackground(dir: string, then: () => void): void {
  open(dir, 'r', (opened, fd) => {
    if (opened) return then();
    fsync(fd, () => close(fd, () => then()));
  });
}

/** Writes all of `data` to an open file (at `position`, or where the file is). */
export function writeAll(fd: number, data: Uint8Array, position: number | null = null): void {
  let off = 0;
  while (off < data.length) off += writeSync(fd, data, off, data.length - off, position === null ? null : position + off);
}

/** Fills `into` from an open file at `position`; the bytes read (fewer only where the file ends). */
export function readFully(fd: number, into: Uint8Array, position: number): number {
  let off = 0;
  while (off < into.length) {
    const n = readSync(fd, into, off, into.length - off, position + off);
    if (n === 0) break;
    off += n;
  }
  return off;
}

/** Stores bytes under their hash unless already there; whether it wrote them. */
export function storeByHash(path: string, data: Uint8Array): boolean {
  if (existsSync(path)) return false;
  writeFileAtomic(path, data);
  return true;
}

/**
 * Gives the event loop a turn once `everyMs` have passed since the last: long
 * work in the desktop app shares the main process with the window, which it
 * would otherwise freeze.
 */
export function turns(everyMs = 50): (now?: 'now') => Promise<void> {
  let last = Date.now();
  return async (now) => {
    if (now === undefined && Date.now() - last < everyMs) return;
    await new Promise((resolve) => setImmediate(resolve));
    last = Date.now();
  };
}

/** Files up to this size are read whole (once); larger ones a piece at a time, never whole in memory. */
export const WHOLE_FILE_BYTES = 16 * 1024 * 1024;

/** Bytes of one piece of a large file read a piece at a time. */
export const PIECE_BYTES = 4 * 1024 * 1024;

/** A file's bytes a piece at a time (each piece a buffer of its own), never whole in memory; throws as reading does (ENOENT…). */
export function* filePieces(path: string): Generator<Uint8Array> {
  const fd = openSync(path, 'r');
  try {
    for (let at = 0; ; ) {
      const buf = Buffer.allocUnsafe(PIECE_BYTES);
      const n = readFully(fd, buf, at);
      if (n > 0) yield buf.subarray(0, n);
      at += n;
      if (n < buf.length) return;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * A file read a piece at a time (handed to `piece`), the event loop given
 * its turns between pieces: its SHA-256 and size. A file of any size, never
 * whole in memory.
 */
export async function readInPieces(path: string, piece: ((b: Uint8Array) => void) | null, turn: () => Promise<void>): Promise<{ sha256: string; bytes: number }> {
  const h = createHash('sha256');
  let bytes = 0;
  for (const b of filePieces(path)) {
    h.update(b);
    piece?.(b);
    bytes += b.length;
    await turn();
  }
  return { sha256: h.digest('hex'), bytes };
}

import { createHash, randomUUID } from 'node:crypto';
import { close, closeSync, existsSync, fsync, fsyncSync, mkdirSync, open, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppError, ERROR_CODES } from '../../shared/errors';

export const sha256 = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

/** Why a file could not be written, in words a clerk understands, naming it. */
export function writeProblem(target: string, err: unknown): AppError {
  const code = (err as { code?: string }).code ?? '';
  const why: Record<string, string> = {
    ENOSPC: '磁盘空间不足',
    EACCES: '没有写入权限',
    EPERM: '没有写入权限',
    EROFS: '所在磁盘是只读的',
    EISDIR: '这是一个文件夹',
    ENOTDIR: '路径中有一段是文件而不是文件夹',
    EEXIST: '路径中有一段是文件而不是文件夹',
    ENOENT: '文件夹不存在',
    ENAMETOOLONG: '文件名过长',
  };
  return new AppError(code === 'ENOSPC' ? 'disk_full' : ERROR_CODES.writeFailed, `无法写入“${target}”：${why[code] ?? (err instanceof Error ? err.message : String(err))}`);
}

/** Writes to a temporary file beside the target, fsyncs, then renames: a crash never leaves half a file. */
export function writeFileAtomic(target: string, data: Uint8Array | string): void {
  mkdirSync(dirname(target), { recursive: true });
  const tmp = join(dirname(target), `.${randomUUID()}.tmp`);
  try {
    const fd = openSync(tmp, 'w');
    try {
      const buf = typeof data === 'string' ? Buffer.from(data) : data;
      let off = 0;
      while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
    fsyncDir(dirname(target));
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
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

/** Stores bytes under their hash unless already there; returns the hash. */
export function storeByHash(path: string, data: Uint8Array): void {
  if (existsSync(path)) return;
  writeFileAtomic(path, data);
}

import { createHash, randomUUID } from 'node:crypto';
import { close, closeSync, existsSync, fsync, fsyncSync, mkdirSync, open, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const sha256 = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

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

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A small tmpfs (root only): a real "disk full" and a real read-only file system. Null when mount is not allowed here. */
export function smallTmpfs(sizeKiB: number): { dir: string; readOnly: () => void; unmount: () => void } | null {
  const dir = mkdtempSync(join(tmpdir(), 'eco-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKiB}k`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    rmdirSync(dir);
    process.stderr.write(`tmpfs not available (${(err as Error).message.split('\n')[0]}): disk-full tests skipped\n`);
    return null;
  }
  return {
    dir,
    readOnly: () => execFileSync('mount', ['-o', 'remount,ro', dir]),
    // The mount point too, once detached (empty then).
    unmount: () => {
      execFileSync('umount', ['-l', dir]);
      rmdirSync(dir);
    },
  };
}

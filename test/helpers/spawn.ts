import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { hostNodeOptions } from '../../scripts/node-options';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Starts the real command line in a child process (node + tsx, with `npm run cli`'s node options), as a user would. */
export function spawnCli(argv: string[], env: Record<string, string> = {}, stdin: 'ignore' | 'pipe' = 'ignore'): ChildProcess {
  return spawn(process.execPath, [...hostNodeOptions(ROOT), '--import', 'tsx', 'electron/cli/main.ts', ...argv], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: [stdin, 'pipe', 'pipe'],
  });
}

export function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
}

/** Resolves once stderr has shown `marker` n times. */
export function waitForMarker(child: ChildProcess, marker: string, n: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = 0;
    let buf = '';
    child.stderr?.on('data', (d: Buffer) => {
      buf += d.toString();
      let i: number;
      while ((i = buf.indexOf(marker)) >= 0) {
        buf = buf.slice(i + marker.length);
        if (++seen === n) resolve();
      }
    });
    child.on('exit', () => reject(new Error(`exited after ${seen} of ${n} markers`)));
  });
}

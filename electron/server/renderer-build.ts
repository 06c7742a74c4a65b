/**
 * The built renderer (`out/renderer`): found, or built with Vite when missing
 * or older than its sources, so `npm run serve` works on a fresh checkout.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const PROJECT_ROOT = resolve(import.meta.dirname, '..', '..');
export const RENDERER_OUT = join(PROJECT_ROOT, 'out', 'renderer');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    const t = entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}

/** True when `out/renderer/index.html` is missing or older than renderer/ or shared/. */
export function rendererIsStale(root = PROJECT_ROOT): boolean {
  const index = join(root, 'out', 'renderer', 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  const sources = [join(root, 'renderer'), join(root, 'shared'), join(root, 'vite.config.ts')];
  return sources.some((s) => existsSync(s) && (statSync(s).isDirectory() ? newestMtime(s) : statSync(s).mtimeMs) > built);
}

const LOCK = join(PROJECT_ROOT, 'out', '.renderer-build.lock');

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Builds the renderer when needed; throws with a clear message when the build fails. */
export function ensureRendererBuilt(log: (s: string) => void = () => {}): string {
  if (!rendererIsStale()) return RENDERER_OUT;
  // Two test files (or two hosts) starting at once build only once.
  mkdirSync(join(PROJECT_ROOT, 'out'), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      if (Date.now() > deadline) rmSync(LOCK, { recursive: true, force: true });
      sleep(250);
    }
  }
  try {
    return buildRenderer(log);
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

function buildRenderer(log: (s: string) => void): string {
  if (!rendererIsStale()) return RENDERER_OUT;
  const vite = join(PROJECT_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(vite)) {
    throw new Error('界面尚未构建（out/renderer 不存在），且找不到 Vite。请先运行 npm ci，再运行 npm run build。');
  }
  log('正在构建界面（vite build）…');
  // A production build whoever asks: started from the tests (NODE_ENV=test), Vite would build React and
  // Ant Design in test mode, which `npm start` then served (every radio group named "test-id").
  const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production', ECO_RENDERER_ONLY: '1' } });
  if (r.status !== 0 || !existsSync(join(RENDERER_OUT, 'index.html'))) {
    throw new Error(`界面构建失败（npm run build）：\n${r.stderr || r.stdout}`);
  }
  return RENDERER_OUT;
}

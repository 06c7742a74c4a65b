/**
 * Bundles the shell for Electron: `out/electron/main.js` (ESM, the package's
 * `main`) and `out/electron/preload.cjs` (a sandboxed preload must be CommonJS).
 * Runtime dependencies stay external: electron-builder ships them from node_modules.
 */
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { WORKER_BUILD, WORKER_BUNDLE } from '../core/exchange/worker-script';

const ROOT = resolve(import.meta.dirname, '..', '..');

export async function bundleShell(root = ROOT): Promise<void> {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const external = ['electron', ...Object.keys(pkg.dependencies ?? {})];
  const common = { bundle: true, platform: 'node' as const, target: 'node22', external, sourcemap: false, logLevel: 'warning' as const, absWorkingDir: root };
  await build({ ...common, entryPoints: [join(root, 'electron/shell/main.ts')], outfile: join(root, 'out/electron/main.js'), format: 'esm' });
  await build({ ...common, entryPoints: [join(root, 'electron/shell/preload.ts')], outfile: join(root, 'out/electron/preload.cjs'), format: 'cjs' });
  // The import's parser worker is loaded by URL next to the module that
  // starts it (worker-script.ts): after bundling, that module is
  // out/electron/main.js, so the worker's bundle goes beside it.
  await build({ ...WORKER_BUILD, external, entryPoints: [join(root, 'electron/core/exchange/parse-worker.ts')], outfile: join(root, 'out/electron', WORKER_BUNDLE), absWorkingDir: root });
}

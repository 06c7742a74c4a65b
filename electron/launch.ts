/**
 * `npm start`: the desktop app when the Electron runtime is installed, else the
 * browser mode, saying which and why, and how to get the runtime.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { findElectronRuntime } from './launch-runtime';
import { serve } from './server/main';

const ROOT = resolve(import.meta.dirname, '..');

async function main(): Promise<void> {
  const runtime = findElectronRuntime();
  if ('path' in runtime) {
    console.log('启动桌面版（Electron）。');
    const { bundleShell } = await import('./shell/bundle');
    const { ensureRendererBuilt } = await import('./server/renderer-build');
    ensureRendererBuilt((s) => console.log(s));
    await bundleShell();
    const child = spawn(runtime.path, [ROOT], { stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
    return;
  }
  console.log(`未找到 Electron 运行程序：${runtime.missing}。`);
  console.log('改为以浏览器模式启动：请用浏览器打开下面的地址。');
  console.log('如需桌面版：在能联网的电脑上运行 node node_modules/electron/install.js 下载 Electron 运行程序（内网可先设置 ELECTRON_MIRROR 指向镜像），再运行 npm start；也可以使用 npm run dist 打好的安装包。');
  await serve(process.argv.slice(2));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});

/**
 * Whether the Electron runtime binary is installed. `npm ci` does not fetch it: package.json's allowScripts denies
 * Electron's install script (the machine this is built on cannot reach its download host), so it is fetched by running
 * that script (`node node_modules/electron/install.js`) on a machine that can.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

/** The Electron binary the `electron` package downloaded at install, or why there is none. */
export function findElectronRuntime(root = ROOT): { path: string } | { missing: string } {
  const pkgDir = join(root, 'node_modules', 'electron');
  if (!existsSync(join(pkgDir, 'package.json'))) return { missing: '没有安装 electron 软件包' };
  const pathTxt = join(pkgDir, 'path.txt');
  if (!existsSync(pathTxt)) return { missing: 'electron 软件包已安装，但其运行程序没有下载（本项目安装时不运行 Electron 的下载脚本）' };
  const bin = join(pkgDir, 'dist', readFileSync(pathTxt, 'utf8').trim());
  return existsSync(bin) ? { path: bin } : { missing: `找不到 Electron 运行程序：${bin}` };
}


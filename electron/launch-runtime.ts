/**
 * Whether the Electron runtime binary is installed. `npm ci` does not fetch it: Electron 45 has no install script and
 * downloads its runtime only when asked (package.json's allowScripts denies it one as well, as a guard; the machine this
 * is built on cannot reach its download host), by `node node_modules/electron/install.js` on a machine that can. This
 * looks for the binary without asking the package for its path, which would start that download.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

/** The Electron binary the `electron` package downloaded at install, or why there is none. */
export function findElectronRuntime(root = ROOT): { path: string } | { missing: string } {
  const pkgDir = join(root, 'node_modules', 'electron');
  if (!existsSync(join(pkgDir, 'package.json'))) return { missing: '没有安装 electron 软件包' };
  const pathTxt = join(pkgDir, 'path.txt');
  if (!existsSync(pathTxt)) return { missing: 'electron 软件包已安装，但其运行程序没有下载（npm ci 不下载它）' };
  const bin = join(pkgDir, 'dist', readFileSync(pathTxt, 'utf8').trim());
  return existsSync(bin) ? { path: bin } : { missing: `找不到 Electron 运行程序：${bin}` };
}


/**
 * The node options the app's hosts run with, as package.json's `cli` script
 * gives them (`node [options] --import tsx electron/cli/main.ts`; `start` and
 * `serve` carry the same). The benchmark runs its steps with them and the
 * tests start the command line with them, so neither drifts from what a user
 * runs. Today `--v8-pool-size=0`: V8's helper threads (optimising compiler,
 * parallel garbage collection) as many as the machine has cores to spare,
 * where Node's default is four whatever the machine (bench/PROFILE.md,
 * twenty-eighth round).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function hostNodeOptions(root: string): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const cli = pkg.scripts?.cli ?? '';
  const words = cli.split(/\s+/);
  const at = words.indexOf('--import');
  if (words[0] !== 'node' || at < 0 || words[at + 1] !== 'tsx') throw new Error(`package.json 的 cli 脚本应为 node [选项] --import tsx …，实为：${cli}`);
  return words.slice(1, at);
}

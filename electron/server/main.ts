/**
 * `npm run serve -- --port N --data-dir DIR`: the app in browser mode.
 * Builds the renderer first when it is missing or out of date.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { defaultDataDir } from './data-dir';
import { startHost } from './host';
import { ensureRendererBuilt } from './renderer-build';

export interface ServeArgs {
  port: number;
  dataDir: string;
}

/**
 * `--port N --data-dir DIR`. A relative folder is from where the command was started (npm runs scripts in the
 * project's folder and says where it was started in INIT_CWD), as on the command line.
 */
export function parseServeArgs(argv: string[], startedIn: string = process.env.INIT_CWD ?? process.cwd()): ServeArgs {
  const args: ServeArgs = { port: 5178, dataDir: defaultDataDir() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`参数 ${a} 缺少取值`);
      return v;
    };
    if (a === '--port') {
      const raw = value().trim();
      const n = Number(raw);
      // Digits only: Number('') is 0 and Number('0x10') is 16.
      if (!/^\d{1,5}$/.test(raw) || n > 65535) throw new Error(`--port 应为 0–65535 之间的整数（0 表示自动选择），收到“${raw}”`);
      args.port = n;
    } else if (a === '--data-dir') {
      const raw = value();
      if (raw.trim() === '') throw new Error('--data-dir 应为数据文件夹的路径');
      args.dataDir = resolve(startedIn, raw);
      if (existsSync(args.dataDir) && !statSync(args.dataDir).isDirectory()) throw new Error(`“${args.dataDir}”是一个文件，不是文件夹：--data-dir 应为存放数据的文件夹`);
    }
    else throw new Error(`不认识的参数：${a}`);
  }
  return args;
}

const SERVE_USAGE = '用法：npm run serve -- [--port 端口（默认 5178，0 为自动选择）] [--data-dir 数据文件夹（相对路径从运行命令的文件夹算起）]';

export async function serve(argv: string[]): Promise<void> {
  // Asked for: said on stdout, nothing started.
  if (argv.includes('--help') || argv.includes('-h')) return void console.log(SERVE_USAGE);
  const args = parseServeArgs(argv);
  const rendererDir = ensureRendererBuilt((s) => console.log(s));
  const host = await startHost({ dataDir: args.dataDir, rendererDir, port: args.port });
  console.log(`生态文明建设任务进度填报（浏览器模式）已启动：${host.url}`);
  console.log(`数据文件：${host.dbPath}`);
  if (host.openError) {
    console.error(`无法打开数据文件：${host.openError.message}`);
    console.error('请在页面中的“恢复最近的完好备份”恢复，或关闭本程序后在命令行运行：');
    console.error(`  npm run -s cli -- restore --db "${host.dbPath}" --latest`);
  }
  console.log('仅本机可访问（127.0.0.1）。按 Ctrl+C 退出。');
  const stop = (): void => {
    void host.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  serve(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}

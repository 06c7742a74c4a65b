/**
 * `npm run serve -- --port N --data-dir DIR`: the app in browser mode.
 * Builds the renderer first when it is missing or out of date.
 */
import { resolve } from 'node:path';
import { defaultDataDir } from './data-dir';
import { startHost } from './host';
import { ensureRendererBuilt } from './renderer-build';

export interface ServeArgs {
  port: number;
  dataDir: string;
}

export function parseServeArgs(argv: string[]): ServeArgs {
  const args: ServeArgs = { port: 5178, dataDir: defaultDataDir() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`参数 ${a} 缺少取值`);
      return v;
    };
    if (a === '--port') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error('--port 应为 0–65535 之间的整数（0 表示自动选择）');
      args.port = n;
    } else if (a === '--data-dir') args.dataDir = resolve(value());
    else if (a === '--help' || a === '-h') throw new Error('用法：npm run serve -- [--port 端口] [--data-dir 数据文件夹]');
    else throw new Error(`不认识的参数：${a}`);
  }
  return args;
}

export async function serve(argv: string[]): Promise<void> {
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

/**
 * Command line: `npm run -s cli -- <command> [options]`.
 * Exit 0 on success, 1 when input was refused, 2 on usage errors.
 */
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppError, ERROR_CODES, problemText } from '../../shared/errors';
import { removeUnfinishedWrites } from '../core/fsutil';
import { fieldLabel, toApiError } from '../core/service';
import { parseArgs, UsageError } from './args';
import { COMMANDS as CORE_COMMANDS, type Command } from './commands';
import { EXCHANGE_COMMANDS } from './commands-exchange';
import { FORM_COMMANDS } from './commands-forms';
import { processIO, type CliIO } from './io';

function mergeCommands(...groups: Record<string, Command>[]): Record<string, Command> {
  const all: Record<string, Command> = {};
  for (const g of groups) {
    for (const [name, c] of Object.entries(g)) {
      if (name in all) throw new Error(`duplicate command ${name}`);
      all[name] = c;
    }
  }
  return all;
}

const COMMANDS = mergeCommands(CORE_COMMANDS, EXCHANGE_COMMANDS, FORM_COMMANDS);

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  return [
    '生态文明建设任务进度填报系统 — 命令行',
    '用法：npm run -s cli -- <命令> [选项]',
    '',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    '每个命令的选项：npm run -s cli -- <命令> --help',
    '退出码：0 成功；1 输入被拒绝；2 用法错误；3 程序内部错误',
  ].join('\n');
}

/** For an error whose message points at a screen of the app: what does the same on the command line. */
const CLI_HINTS: Record<string, string> = {
  [ERROR_CODES.unknownUnit]: '全部单位及其代码见 units --db 数据库',
  [ERROR_CODES.periodClosed]: '重新开放用 settings --db 数据库 --period 周期 --deadline 截止日期 --open',
  [ERROR_CODES.periodKind]: '现行的报送周期见 periods --db 数据库 --year 年份',
  [ERROR_CODES.periodNotOwed]: '要求报送的各期见 periods --db 数据库 --year 年份；区局更改起报周期用 settings --db 数据库 --first-period 周期',
};

export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === 'help' || name === '-h') {
    // Asked for: on stdout. Nothing given is a usage error: on stderr, as the others.
    if (name) io.stdout(`${help()}\n`);
    else io.stderr(`用法错误 [usage]: 没有给出命令\n${help()}\n`);
    return name ? 0 : 2;
  }
  const cmd = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!cmd) {
    io.stderr(`用法错误 [usage]: 没有“${name}”命令\n${help()}\n`);
    return 2;
  }
  if (rest.includes('--help')) {
    io.stdout(`${cmd.summary}\n用法：${cmd.usage}\n`);
    return 0;
  }
  const wantsJson = rest.includes('--json');
  try {
    const parsed = parseArgs(rest, cmd.options, cmd.positionals ?? false);
    return await cmd.run(parsed, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`用法错误 [usage]: ${err.message}\n用法：${cmd.usage}\n`);
      // A script that reads stdout gets JSON for this failure too, as for any other.
      if (wantsJson) io.stdout(`${JSON.stringify({ ok: false, error: { code: 'usage', message: err.message, usage: cmd.usage } }, null, 2)}\n`);
      return 2;
    }
    const e = err instanceof AppError ? err : toApiError(err);
    // A detail that says no more than the message (no sheet, row or column, and no file it does not name) is not
    // repeated under it.
    const named = (file: string | undefined): boolean => !file || e.message.includes(file) || e.message.includes(basename(file));
    const where = (e.details ?? []).filter((d) => d.sheet || d.row !== undefined || d.column || !named(d.file) || !e.message.includes(d.message)).map((d) => {
      // The field by its Chinese name, where the message does not already say it (never its English key).
      const label = d.field ? fieldLabel(d.field) : '';
      const named = [d.file, label && !problemText(d).includes(label) ? label : ''].filter(Boolean).join(' ');
      return `  - ${named}${named ? '：' : ''}${problemText(d)}`;
    });
    // The core's words name the app's screens; on the command line, the command that does the same.
    const hint = CLI_HINTS[e.code];
    io.stderr(`错误 [${e.code}]: ${e.message}\n${where.length ? `${where.join('\n')}\n` : ''}${hint ? `  命令行：${hint}\n` : ''}`);
    if (wantsJson) io.stdout(`${JSON.stringify({ ok: false, error: e.toJSON() }, null, 2)}\n`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // `npm run cli` runs in the project's folder; the user's relative paths are from where npm was started.
  // Only when started so (npm sets the script's name): under other npm commands (npm test) the caller chose the folder.
  if (process.env.npm_lifecycle_event === 'cli' && process.env.INIT_CWD && process.env.INIT_CWD !== process.cwd()) process.chdir(process.env.INIT_CWD);
  // Stopped (Ctrl+C): no hidden half-written file is left beside the one being written.
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.on(signal, () => {
      removeUnfinishedWrites();
      process.exit(code);
    });
  }
  runCli(process.argv.slice(2), processIO()).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`程序内部错误 [internal]: ${String(err)}\n`);
      process.exitCode = 3;
    },
  );
}

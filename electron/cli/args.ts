/** A small, strict argument parser: unknown options and missing values are usage errors. */

export class UsageError extends Error {}

export interface OptionSpec {
  /** Takes a value (`--db FILE`) or is a flag (`--json`). */
  value: boolean;
  required?: boolean;
  /** May be given more than once. */
  repeat?: boolean;
}

export interface Parsed {
  options: Record<string, string | true | string[]>;
  positionals: string[];
}

/** Options whose values are paths: taken exactly as given. */
const PATH_OPTIONS = new Set(['db', 'out', 'from']);

export function parseArgs(argv: readonly string[], spec: Record<string, OptionSpec>, allowPositionals: boolean): Parsed {
  const options: Parsed['options'] = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      const rest = argv.slice(i + 1);
      if (!allowPositionals && rest.length > 0) throw new UsageError(`多余的参数“${rest[0]}”`);
      positionals.push(...rest);
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      const s = spec[name];
      if (!s) throw new UsageError(`不认识的选项 --${name}`);
      let value: string | true = true;
      if (s.value) {
        if (eq >= 0) value = arg.slice(eq + 1);
        else {
          const next = argv[i + 1];
          if (next === undefined || next.startsWith('--')) throw new UsageError(`选项 --${name} 需要一个值`);
          value = next;
          i++;
        }
      } else if (eq >= 0) throw new UsageError(`选项 --${name} 不带值`);
      // Spaces around a value (a copy from a table, a quoted " 2026-Q3") are no part of it, for every option alike; a
      // path is taken as given (a file's name may begin or end with a space).
      if (typeof value === 'string' && !PATH_OPTIONS.has(name)) value = value.trim();
      // The database: a file's name (--db= left empty, or a folder's name ending in / would make a file of that name).
      if (name === 'db' && typeof value === 'string') {
        if (value.trim() === '') throw new UsageError('--db 应为数据库文件的路径');
        if (/[\\/]$/.test(value)) throw new UsageError(`--db “${value}”以“${value.slice(-1)}”结尾，是文件夹：请在其后写上数据库文件名`);
      }
      if (s.repeat) {
        const prev = options[name];
        options[name] = [...(Array.isArray(prev) ? prev : []), String(value)];
      } else {
        if (name in options) throw new UsageError(`选项 --${name} 只能给一次`);
        options[name] = value;
      }
      continue;
    }
    if (!allowPositionals) throw new UsageError(`多余的参数“${arg}”`);
    positionals.push(arg);
  }
  for (const [name, s] of Object.entries(spec)) {
    if (s.required && !(name in options)) throw new UsageError(`缺少选项 --${name}`);
  }
  return { options, positionals };
}

export const str = (p: Parsed, name: string): string | undefined => {
  const v = p.options[name];
  return typeof v === 'string' ? v : undefined;
};

export const flag = (p: Parsed, name: string): boolean => p.options[name] === true;

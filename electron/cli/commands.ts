/** The command line's commands: each maps its options onto API calls. */
import { existsSync, rmSync, statSync, truncateSync } from 'node:fs';
import { basename, dirname, resolve, sep } from 'node:path';
import { filesDirFor } from '../core/paths';
import type { CallName, CallResult } from '../../shared/api';
import { AppError, ERROR_CODES } from '../../shared/errors';
import { approvalText, firstPeriodLateSaid, formatChineseDate, missingNoticesText, parsePeriod, formatChineseDateTime, reopened, returnText, revisionText, reviewEventText, reviewState, SENT_RULE, sentText, SUBMISSION_STATE_LABELS } from '../../shared/period';
import { COMPLIANCE_LABELS, copyPreviousText, indicatorText, LIMITS, statusPercentMismatch, unregisteredAside } from '../../shared/report';
import { closingLeaves } from '../../shared/notice';
import { listBackups, pruneBackups, restoreBackup } from '../core/backup';
import { missingFolders, readFileChecked, removeEmptyFolders } from '../core/fsutil';
import { integrityWords } from '../core/store/db';
import { Core } from '../core/service';
import { flag, str, UsageError, type OptionSpec, type Parsed } from './args';
import type { CliIO } from './io';

export interface Command {
  summary: string;
  usage: string;
  options: Record<string, OptionSpec>;
  positionals?: boolean;
  run(p: Parsed, io: CliIO): Promise<number>;
}

export const db: OptionSpec = { value: true, required: true };
export const json: OptionSpec = { value: false };
export const reqd: OptionSpec = { value: true, required: true };
export const opt: OptionSpec = { value: true };
/** A switch without a value (--all, --clear). */
export const onOff: OptionSpec = { value: false };

/** Opens the database (with the daily backup unless `backup` is false, or it is being created), runs fn, closes it. */
/**
 * Runs `fn` on a database this command may create; one it created and could
 * not set up is removed, with the folders made for it: a refused first run
 * leaves nothing behind.
 */
export async function withNewDatabase<T>(p: Parsed, io: CliIO, fn: (core: Core) => Promise<T>): Promise<T> {
  const file = str(p, 'db') as string;
  const existed = existsSync(file);
  // An empty file (made by hand) is left empty by a refused init, as it was: not a database half made.
  const wasEmpty = existed && statSync(file).isFile() && statSync(file).size === 0;
  const folders = missingFolders(file);
  try {
    return await withCore(p, io, fn, { create: true });
  } catch (err) {
    if (!existed) {
      for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
      removeEmptyFolders(folders);
    } else if (wasEmpty) {
      truncateSync(file, 0);
      for (const suffix of ['-wal', '-shm']) rmSync(file + suffix, { force: true });
    }
    throw err;
  }
}

/** `keptNothing`: the command's answer says it wrote nothing (an import whose every file was refused): as refused. */
export async function withCore<T>(p: Parsed, io: CliIO, fn: (core: Core) => Promise<T>, opts: { create?: boolean; backup?: boolean; keptNothing?: (result: T) => boolean } = {}): Promise<T> {
  const create = opts.create ?? false;
  const file = str(p, 'db') as string;
  const core = await Core.open(file, { create, autoBackup: !create && (opts.backup ?? true), deferPrune: true, ...(io.now ? { now: io.now } : {}) });
  if (core.backupWarning) io.stderr(`${core.backupWarning}\n`);
  // A refused command changes nothing: not even the day's backup, when it wrote nothing (an import that took some
  // files and refused others did write: its backup stays).
  const changes = (): number => (core.ctx.store.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
  const before = changes();
  let done = false;
  let keptNothing = false;
  try {
    const result = await fn(core);
    keptNothing = opts.keptNothing?.(result) ?? false;
    done = !keptNothing;
    return result;
  } finally {
    // A connection broken meanwhile: the backup is kept, and the command's own error is the one said.
    let wrote = true;
    try {
      wrote = !keptNothing && changes() !== before;
    } catch {
      // kept
    }
    const made = core.autoBackupMade;
    core.close();
    if (made !== null) {
      if (!done && !wrote) {
        rmSync(made, { force: true });
        // The folders it made, when nothing else is in them.
        removeEmptyFolders([dirname(made), dirname(dirname(made))]);
      } else pruneBackups(file);
    }
  }
}

/**
 * Several calls as one change: a refusal by any of them rolls back the
 * others (each call's own transaction nests as a savepoint). The command
 * line is the database's only user while it runs, so the awaits between the
 * calls interleave with nothing.
 */
async function inOneTransaction<T>(core: Core, work: () => Promise<T>): Promise<T> {
  const db = core.ctx.store.db;
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = await work();
    db.exec('COMMIT');
    return result;
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
}

export async function call<K extends CallName>(core: Core, name: K, input: unknown): Promise<CallResult<K>> {
  return core.run(name, input);
}

export function out(io: CliIO, p: Parsed, value: unknown, human: () => string): number {
  io.stdout(flag(p, 'json') ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
  return 0;
}

/** A number ≥ 0 as typed on the command line: digits and one decimal point, nothing else (not " ", 0x10, 1e3). */
function nonNegative(raw: string, option: string): number {
  if (!/^\d+(\.\d+)?$/.test(raw.trim())) throw new AppError(ERROR_CODES.invalidInput, `${option} 应为不小于 0 的数字，如 ${option} 18.5（收到“${raw}”）`);
  return Number(raw.trim());
}

export function fourDigitYear(raw: string): number {
  if (!/^\d{4}$/.test(raw) || Number(raw) < 2000 || Number(raw) > 2099) throw new AppError(ERROR_CODES.invalidInput, `--year 应为 2000–2099 之间的四位年份，如 --year 2021（收到“${raw}”）`);
  return Number(raw);
}

function taskNumber(p: Parsed): number {
  const raw = str(p, 'task') as string;
  if (!/^\d{1,3}$/.test(raw)) throw new AppError(ERROR_CODES.unknownTask, `任务序号“${raw}”应为整数，用半角数字写，如 --task 3`);
  return Number(raw);
}

export const COMMANDS: Record<string, Command> = {
  init: {
    summary: '创建并初始化数据库（区局汇总端或填报单位端）',
    usage: 'init --db FILE [--role bureau|unit] [--unit NAME] [--period-kind month|quarter|half|year] [--first-period P] [--json]',
    options: { db, role: opt, unit: opt, 'period-kind': opt, 'first-period': opt, json },
    async run(p, io) {
      const role = str(p, 'role') ?? (str(p, 'unit') !== undefined ? 'unit' : 'bureau');
      if (role !== 'bureau' && role !== 'unit') throw new AppError(ERROR_CODES.invalidInput, `--role 应为 bureau（区局汇总）或 unit（填报单位）（收到“${role}”）`);
      if (role === 'bureau' && str(p, 'unit') !== undefined) throw new UsageError('--role bureau 不带 --unit（--unit 只用于填报单位）');
      if (role === 'unit' && str(p, 'unit') === undefined) throw new UsageError('--role unit 需要用 --unit 指定本单位');
      let info;
      // A database in use: init changes nothing there (or refuses a change), and says so.
      let inUse = false;
      try {
        info = await withNewDatabase(p, io, async (core) => {
          inUse = (await call(core, 'app.info', {})).initialized;
          return call(core, 'app.init', { role, unit: str(p, 'unit'), periodKind: str(p, 'period-kind'), firstPeriod: str(p, 'first-period') });
        });
      } catch (err) {
        // A unit the default list does not know: one the bureau added starts from the bureau's set-up file.
        if (err instanceof AppError && err.code === ERROR_CODES.unknownUnit) {
          throw new AppError(err.code, `${err.message}。区局新增的单位请从区局下发的设置文件开始：setup-import --db ${str(p, 'db') as string} --unit 单位名称 设置文件.xlsx`);
        }
        throw err;
      }
      // A 起报周期 whose deadline passed before the database was set up: every unit's first file of it is late (said).
      const late = !inUse && info.role === 'bureau' && info.firstOwed ? firstPeriodLateSaid(parsePeriod(info.firstOwed.id), info.today) : null;
      const warnings = late && info.firstOwed ? [`${late}如从本期起收取，可推迟其截止日期（settings --db ${info.dbPath} --period ${info.firstOwed.id} --deadline 日期）；否则可改为当前的一期（settings --db ${info.dbPath} --first-period ${info.currentPeriod}）。`] : [];
      // As JSON too (a script setting up many databases reads the answer, not the words).
      return out(io, p, { ...info, warnings }, () =>
        [
          `${inUse ? '数据库已初始化，未作任何更改' : '已初始化数据库'} ${info.dbPath}：${info.role === 'bureau' ? '区局汇总端' : `填报单位端（${info.unit?.name}）`}，任务清单版本 ${info.catalogVersion}${info.firstOwed ? `，自${info.firstOwed.label}起报送` : ''}`,
          ...warnings.map((w) => `注意：${w}`),
        ].join('\n'),
      );
    },
  },
  catalog: {
    summary: '显示工作方案的任务清单：类别、重点任务、责任单位、指标',
    usage: 'catalog --db FILE [--json]',
    options: { db, json },
    async run(p, io) {
      const c = await withCore(p, io, (core) => call(core, 'catalog.get', {}));
      return out(io, p, c, () =>
        [
          `${c.plan.title}（${c.plan.issuer}，${formatChineseDate(c.plan.issuedOn)}）任务清单版本 ${c.version}`,
          ...c.categories.flatMap((cat) => [
            `（${cat.numeral}）${cat.title}`,
            ...c.tasks
              .filter((t) => t.category === cat.no)
              .flatMap((t) => [
                `  ${t.no}. ${t.title}  责任单位：${t.units.map((u) => (u.role === 'lead' ? `${u.name}（牵头）` : u.name)).join('、')}`,
                // Its indicators, as the help says: id, name, target.
                ...t.indicators.map((i) => `     指标 ${i.id} ${i.name}：目标 ${i.targetText}`),
              ]),
          ]),
        ].join('\n'),
      );
    },
  },
  units: {
    summary: '列出填报单位',
    usage: 'units --db FILE [--json]',
    options: { db, json },
    async run(p, io) {
      const units = await withCore(p, io, (core) => call(core, 'units.list', {}));
      return out(io, p, units, () => units.map((u) => `${u.code}\t${u.kind === 'town' ? '镇街' : '部门'}\t${u.name}`).join('\n'));
    },
  },
  periods: {
    summary: '列出某年的报送周期和截止日期',
    usage: 'periods --db FILE [--year YYYY（默认今年，年初另列上一年仍在收取的最后一期）] [--json]',
    options: { db, year: opt, json },
    async run(p, io) {
      const raw = str(p, 'year');
      const year = raw === undefined ? undefined : fourDigitYear(raw);
      const { list, info } = await withCore(p, io, async (core) => {
        const info = await call(core, 'app.info', {});
        const list = await call(core, 'periods.list', year ? { year } : {});
        if (year !== undefined) return { list, info };
        // Early in a year, last year's last period is still being collected (its deadline in January, late files after):
        // listed first, as the app's header opens on it, so moving its deadline or closing it is not a year away.
        const starts = parsePeriod(info.currentPeriod).startsOn;
        const prev = (await call(core, 'periods.recent', {})).filter((x) => x.owed && x.endsOn < starts).sort((a, b) => b.endsOn.localeCompare(a.endsOn))[0];
        return { list: prev && prev.id.slice(0, 4) !== info.today.slice(0, 4) && !prev.closed ? [prev, ...list] : list, info };
      });
      // The 起报周期 first (a year before it lists nothing), then the year's periods.
      const first = `起报周期：${info.firstOwed ? `${info.firstOwed.label}（此前结束的各期不要求报送）` : '各期都要求报送'}`;
      // A year listing nothing says why: before the 起报周期 (and the plan), or none begun yet.
      const shown = year ?? Number(info.today.slice(0, 4));
      const firstYear = info.firstOwed ? Number(info.firstOwed.id.slice(0, 4)) : null;
      const none =
        firstYear !== null && shown < firstYear
          ? `${shown}年在起报周期（${info.firstOwed?.label ?? ''}）之前，不要求报送${info.planIssuedOn && shown < Number(info.planIssuedOn.slice(0, 4)) ? `（工作方案于${formatChineseDate(info.planIssuedOn)}印发）` : ''}`
          : `${shown}年没有已开始的报送周期`;
      return out(io, p, list, () => [first, ...(list.length === 0 ? [none] : []), ...list.map((x) => `${x.id}\t${x.label}\t${x.owed ? `截止 ${formatChineseDate(x.deadline)}${x.closed ? '（已关闭）' : ''}` : '不要求报送（只列出已有的填报内容）'}`)].join('\n'));
    },
  },
  settings: {
    summary: '设置报送周期类型、起报周期、某周期的截止日期或上级下达目标（区局）',
    usage: 'settings --db FILE [--period-kind K] [--first-period P] [--period P --deadline YYYY-MM-DD [--close|--open]] [--indicator ID --year Y --target N] [--json]',
    options: { db, 'period-kind': opt, 'first-period': opt, period: opt, deadline: opt, close: { value: false }, open: { value: false }, indicator: opt, year: opt, target: opt, json },
    async run(p, io) {
      // Every argument is checked before anything is written, and the changes are made in one transaction: a refusal changes nothing.
      const kind = str(p, 'period-kind');
      const first = str(p, 'first-period');
      const period = str(p, 'period');
      const deadline = str(p, 'deadline');
      if ((period !== undefined) !== (deadline !== undefined)) throw new UsageError('--period 与 --deadline 需同时给出');
      if ((flag(p, 'close') || flag(p, 'open')) && period === undefined) throw new UsageError('--close、--open 需与 --period、--deadline 一起给出');
      if (flag(p, 'close') && flag(p, 'open')) throw new UsageError('--close 与 --open 只能给一个');
      const indicator = str(p, 'indicator');
      if ((indicator !== undefined || str(p, 'target') !== undefined) && (indicator === undefined || str(p, 'target') === undefined || str(p, 'year') === undefined)) {
        throw new UsageError('设置上级下达目标时，--indicator、--year、--target 需同时给出');
      }
      if (indicator === undefined && str(p, 'year') !== undefined) throw new UsageError('--year 只用于设置上级下达目标（与 --indicator、--target 一起给出）');
      const target = indicator === undefined ? null : nonNegative(str(p, 'target') as string, '--target');
      const year = indicator === undefined ? null : fourDigitYear(str(p, 'year') as string);
      if (kind === undefined && first === undefined && period === undefined && indicator === undefined) throw new UsageError('没有要修改的设置');
      const result = await withCore(p, io, (core) =>
        inOneTransaction(core, async () => {
          const done: unknown[] = [];
          let missingNotices: string[] = [];
          if (kind !== undefined) done.push(await call(core, 'periods.setKind', { kind }));
          // (After a switch of kind: the first period is one of the kind just chosen.)
          if (first !== undefined) done.push(await call(core, 'periods.setFirst', { period: first }));
          // A deadline alone leaves the period open or closed as it was. Closing one closed already says nothing again.
          const wasClosed = period !== undefined && flag(p, 'close') ? (await call(core, 'periods.get', { period })).closed : false;
          if (period !== undefined) {
            const set = await call(core, 'periods.setDeadline', { period, deadline, ...(flag(p, 'close') ? { closed: true } : flag(p, 'open') ? { closed: false } : {}) });
            missingNotices = set.missingNotices;
            done.push(set);
          }
          if (indicator !== undefined) done.push(await call(core, 'targets.set', { indicator, year, target }));
          // Closing with submissions sent back and not sent again: said, as the app asks before it does so.
          // Those awaiting review too (a closed period can still be approved).
          const rows = period !== undefined && flag(p, 'close') && !wasClosed ? await call(core, 'submissions.status', { period }) : [];
          const awaited = rows.filter((u) => u.returned && u.returned.resubmittedRevision === null).map((u) => u.unitName);
          // Units that sent nothing, and the 督办单 still open (their files are refused from now on).
          const leaves = rows.length > 0 ? closingLeaves(rows.filter((u) => u.state === 'missing').map((u) => u.unitName), await call(core, 'notices.list', { period: period as string })) : [];
          return { done, awaited, pending: rows.filter((u) => reviewState(u) === 'pending').length, missingNotices, leaves };
        }),
      );
      // As JSON the answer stays the list of what was done; what the words warn of goes to stderr, not lost.
      const awaited = result.awaited.length > 0 ? `${result.awaited.join('、')}的报送已退回、尚待重报，本期关闭后这些单位无法再重报` : '';
      const pending = result.pending > 0 ? `${result.pending} 个单位的报送尚待审核，关闭后仍可审核` : '';
      const notices = result.missingNotices.length > 0 ? missingNoticesText(result.missingNotices, '用 notice-void --db 数据库 --number 顺序号 --reason 原因 ') : '';
      if (flag(p, 'json')) for (const n of [awaited, pending, notices, ...result.leaves].filter(Boolean)) io.stderr(`注意：${n}\n`);
      return out(io, p, result.done, () =>
        ['设置已保存', awaited ? `。注意：${awaited}` : '', pending ? `${awaited ? '；另有 ' : '。'}${pending}` : '', notices ? `\n注意：${notices}` : '', ...result.leaves.map((s) => `\n注意：${s}`)].join(''),
      );
    },
  },
  save: {
    summary: '保存一项任务的填报内容（JSON 从标准输入读入；保存的是整项内容，未给出的字段为空，之前的版本留在修改记录中）',
    usage: 'save --db FILE --unit NAME --period P --task N [--json] < report.json',
    options: { db, unit: reqd, period: reqd, task: reqd, json },
    async run(p, io) {
      // A byte-order mark (Notepad's UTF-8) is no part of the JSON.
      const text = (await io.readStdin())?.replace(/^\uFEFF/, '') ?? null;
      if (text === null || text.trim() === '') throw new UsageError('请从标准输入提供填报内容的 JSON');
      let report: unknown;
      try {
        report = JSON.parse(text);
      } catch (err) {
        // V8's message names a position ("… at position 17"): said in Chinese, with the line and column.
        const at = /position (\d+)/.exec((err as Error).message);
        const pos = at ? Number(at[1]) : -1;
        const before = pos >= 0 ? text.slice(0, pos) : '';
        const where = pos >= 0 ? `第 ${before.split('\n').length} 行第 ${pos - before.lastIndexOf('\n')} 个字符附近` : '';
        throw new AppError('invalid_json', `标准输入不是有效的 JSON${where ? `（${where}）` : ''}：请检查引号、逗号和括号，例如 {"status":"正常推进","percent":60}`);
      }
      if (report === null || typeof report !== 'object' || Array.isArray(report)) {
        throw new AppError('invalid_json', '标准输入应为一个 JSON 对象，例如 {"status":"正常推进","percent":60,"progress":"…"}');
      }
      const task = taskNumber(p);
      const saved = await withCore(p, io, (core) => call(core, 'reports.save', { unit: str(p, 'unit'), period: str(p, 'period'), task, report }));
      // A status and a 完成比例 that disagree are saved (a clerk may mean it) and asked about, as the form asks: said
      // under the words, and on stderr with --json (its answer stays the report).
      const ask = statusPercentMismatch(saved.status, saved.percent);
      if (ask && flag(p, 'json')) io.stderr(`注意：${ask}\n`);
      // Saves are counted (第 N 次保存, as 报送详情 says them); 第 N 版 is an exported file's revision.
      return out(io, p, saved, () => `已保存：${saved.unitName} ${saved.period} 第 ${saved.task} 项任务，第 ${saved.version} 次保存${ask ? `\n注意：${ask}` : ''}`);
    },
  },
  report: {
    summary: '显示某单位某周期的全部填报内容（本单位负责的每项任务，未填的也列出）',
    usage: 'report --db FILE --unit NAME --period P [--json]',
    options: { db, unit: reqd, period: reqd, json },
    async run(p, io) {
      const view = await withCore(p, io, (core) => call(core, 'reports.forUnit', { unit: str(p, 'unit'), period: str(p, 'period') }));
      // --json: what the text says, in full: every task the unit answers for, its report or null (未填), filled/total.
      return out(io, p, view, () =>
        [
          `${view.unit.name} ${view.period.label}：已填 ${view.filled}/${view.total}`,
          ...view.tasks.map((t) => `  ${t.task}. ${t.title} [${t.role === 'lead' ? '牵头' : '配合'}] ${t.report ? `${t.report.status}（第 ${t.report.version} 版）` : '未填'}`),
        ].join('\n'),
      );
    },
  },
  history: {
    summary: '显示一项填报内容的全部历史版本',
    usage: 'history --db FILE --unit NAME --period P --task N [--json]',
    options: { db, unit: reqd, period: reqd, task: reqd, json },
    async run(p, io) {
      const task = taskNumber(p);
      const h = await withCore(p, io, (core) => call(core, 'reports.history', { unit: str(p, 'unit'), period: str(p, 'period'), task }));
      return out(io, p, h, () => (h.length ? h.map((v) => `第 ${v.version} 版 ${formatChineseDateTime(v.savedAt)} ${v.by} ${v.data.status}${v.note ? ` ${v.note}` : ''}`).join('\n') : '没有历史版本'));
    },
  },
  'copy-previous': {
    summary: '以上一周期的填报内容为起点（已填的任务不覆盖）',
    usage: 'copy-previous --db FILE --unit NAME --period P [--json]',
    options: { db, unit: reqd, period: reqd, json },
    async run(p, io) {
      const r = await withCore(p, io, (core) => call(core, 'reports.copyPrevious', { unit: str(p, 'unit'), period: str(p, 'period') }));
      return out(io, p, r, () => copyPreviousText(r));
    },
  },
  'evidence-add': {
    summary: '为一项任务添加佐证材料文件',
    usage: 'evidence-add --db FILE --unit NAME --period P --task N FILE... [--json]',
    options: { db, unit: reqd, period: reqd, task: reqd, json },
    positionals: true,
    async run(p, io) {
      if (p.positionals.length === 0) throw new UsageError('请给出要添加的文件');
      const task = taskNumber(p);
      // Not the database itself, its WAL files or anything kept beside it (a backup, an original): such a file would
      // travel in the unit's bundles and 佐证材料包 as evidence.
      const dbFile = resolve(str(p, 'db') as string);
      const own = p.positionals.find((file) => {
        const f = resolve(file);
        return [dbFile, `${dbFile}-wal`, `${dbFile}-shm`].includes(f) || f.startsWith(`${filesDirFor(dbFile)}${sep}`);
      });
      if (own !== undefined) throw new AppError(ERROR_CODES.invalidInput, `“${own}”是本系统的数据库或它的备份、附属文件，不是佐证材料，未添加任何文件`);
      // Every file read before any is added: one that cannot be read adds none.
      const files = p.positionals.map((file) => ({ name: basename(file), data: readFileChecked(file, LIMITS.evidenceBytes) }));
      // And checked: an empty one refused after another's bytes were stored would leave those bytes nobody's.
      const empty = files.find((f) => f.data.length === 0);
      if (empty) throw new AppError(ERROR_CODES.invalidInput, `“${empty.name}”是空文件（0 字节），可能复制时出错；请打开原文件检查后重新添加`);
      let before = 0;
      const report = await withCore(p, io, (core) =>
        inOneTransaction(core, async () => {
          before = (await call(core, 'reports.forUnit', { unit: str(p, 'unit'), period: str(p, 'period') })).tasks.find((t) => t.task === task)?.report?.evidence.length ?? 0;
          let last: CallResult<'evidence.add'> | null = null;
          for (const f of files) last = await call(core, 'evidence.add', { unit: str(p, 'unit'), period: str(p, 'period'), task, name: f.name, dataBase64: f.data.toString('base64') });
          return last as CallResult<'evidence.add'>;
        }),
      );
      // The same file twice (or one already attached) is attached once.
      const added = report.evidence.length - before;
      const same = p.positionals.length - added;
      return out(io, p, report, () => `已添加 ${added} 个佐证材料${same > 0 ? `（${same} 个与已有的相同，未重复添加）` : ''}，共 ${report.evidence.length} 个`);
    },
  },
  status: {
    summary: '各单位报送情况：按时、逾期、未报',
    usage: 'status --db FILE --period P [--json]',
    options: { db, period: reqd, json },
    async run(p, io) {
      const [all, info, period] = await withCore(p, io, async (core) => [await call(core, 'submissions.status', { period: str(p, 'period') }), await call(core, 'app.info', {}), await call(core, 'periods.get', { period: str(p, 'period') as string })] as const);
      // A unit's database: its own row (it knows nothing of the others' submissions: they are not 未报).
      const s = info.role === 'unit' ? all.filter((x) => x.unit === info.unit?.code) : all;
      // Not sent before the deadline: not yet due (as the 报送台账 says), not 未报.
      const stateText = (x: (typeof s)[number]): string => (x.state === 'missing' && period.daysLeft >= 0 ? '未到截止日期' : SUBMISSION_STATE_LABELS[x.state]);
      // The bureau reviews (退回, 审核通过); a unit's database knows of its returns and approvals as the set-up file told them, not what awaits review.
      const review = (x: (typeof s)[number]): string => {
        const state = reviewState(x);
        if (state === 'approved') return `\t${approvalText(x.approved!)}`;
        // A unit's new computer holds no export yet: what the bureau approved is still said.
        if (info.role !== 'bureau') return x.approved && x.revision === null && !reopened(x.approved) ? `\t区局于${approvalText(x.approved)}` : '';
        return state === 'pending' ? `\t待审核${x.approved ? `（${approvalText(x.approved)}）` : ''}` : '';
      };
      return out(io, p, s, () =>
        [
          ...s.map(
            (x) =>
              `${x.unitName}\t${stateText(x)}\t${x.submittedAt ? `报送 ${sentText(x)}` : ''}\t已填 ${x.reported}/${x.responsible}` +
              `${x.returned ? `\t${x.returned.resubmittedRevision === null ? '已退回' : `已重报（第 ${x.returned.resubmittedRevision} 版）`}：${returnText(x.returned)}` : ''}` +
              review(x),
          ),
          SENT_RULE,
        ].join('\n'),
      );
    },
  },
  return: {
    summary: '退回某单位本期的报送，待其改正后重报；--withdraw 撤销退回（区局）',
    usage: 'return --db FILE --unit NAME --period P (--reason TEXT [--tasks N,N...] | --withdraw) [--json]',
    // --task as well (notice-issue's word): one task or several, as typed.
    options: { db, unit: reqd, period: reqd, reason: opt, tasks: opt, task: opt, withdraw: { value: false }, json },
    async run(p, io) {
      const reason = str(p, 'reason');
      if (str(p, 'tasks') !== undefined && str(p, 'task') !== undefined) throw new UsageError('--tasks 与 --task 只能给一个');
      const rawTasks = str(p, 'tasks') ?? str(p, 'task');
      if (flag(p, 'withdraw') && (reason !== undefined || rawTasks !== undefined)) throw new UsageError('--withdraw 不能与 --reason、--tasks 一起给出');
      if (!flag(p, 'withdraw') && reason === undefined) throw new UsageError('请用 --reason 写明退回原因（或用 --withdraw 撤销退回）');
      const tasks = rawTasks?.split(/[,，、\s]+/).filter((t) => t !== '');
      if (tasks?.length === 0) throw new AppError(ERROR_CODES.invalidInput, '--tasks 应列出任务序号，如 --tasks 4,6');
      const bad = tasks?.find((t) => !/^\d{1,3}$/.test(t));
      if (bad !== undefined) throw new AppError(ERROR_CODES.unknownTask, `任务序号“${bad}”应为数字，如 --tasks 4,6`);
      const ref = { unit: str(p, 'unit') as string, period: str(p, 'period') as string };
      if (flag(p, 'withdraw')) {
        const w = await withCore(p, io, (core) => call(core, 'submissions.withdrawReturn', ref));
        return out(io, p, w, () => `已撤销对“${w.unitName}”${w.periodLabel}报送的退回`);
      }
      const row = await withCore(p, io, (core) => call(core, 'submissions.return', { ...ref, reason: reason as string, ...(tasks ? { tasks: tasks.map(Number) } : {}) }));
      return out(io, p, row, () => `已退回：${row.unitName}（第 ${row.returned!.revision} 版）${returnText(row.returned!)}`);
    },
  },
  approve: {
    summary: '审核通过某单位本期的报送（--paper：已收到盖章的纸质填报表）；--paper-received 审核后登记收到纸质填报表；--withdraw 撤销审核（区局）',
    usage: 'approve --db FILE --unit NAME --period P ([--paper] [--note TEXT] | --paper-received | --withdraw) [--json]',
    options: { db, unit: reqd, period: reqd, paper: { value: false }, note: opt, 'paper-received': { value: false }, withdraw: { value: false }, json },
    async run(p, io) {
      const note = str(p, 'note');
      const modes = [flag(p, 'withdraw'), flag(p, 'paper-received'), note !== undefined || flag(p, 'paper')].filter(Boolean).length;
      if (modes > 1) throw new UsageError('--withdraw、--paper-received 与 --paper/--note 只能给出其一');
      const ref = { unit: str(p, 'unit') as string, period: str(p, 'period') as string };
      if (flag(p, 'withdraw')) {
        const w = await withCore(p, io, (core) => call(core, 'submissions.withdrawApproval', ref));
        return out(io, p, w, () => `已撤销对“${w.unitName}”${w.periodLabel}报送的审核`);
      }
      if (flag(p, 'paper-received')) {
        const row = await withCore(p, io, (core) => call(core, 'submissions.recordPaper', ref));
        return out(io, p, row, () => `已登记收到“${row.unitName}”的纸质填报表：${approvalText(row.approved!)}`);
      }
      const row = await withCore(p, io, (core) => call(core, 'submissions.approve', { ...ref, paper: flag(p, 'paper'), ...(note !== undefined ? { note } : {}) }));
      return out(io, p, row, () => `已审核通过：${row.unitName}${approvalText(row.approved!, false).replace(/^审核通过/, '')}`);
    },
  },
  enter: {
    summary: '代为填报：把区局为某单位录入的本期填报内容（用 save 写入）登记为该单位已报送（--on：收到纸质件或表格的日期，默认今天）',
    usage: 'enter --db FILE --unit NAME --period P [--on YYYY-MM-DD] [--json]',
    options: { db, unit: reqd, period: reqd, on: opt, json },
    async run(p, io) {
      const on = str(p, 'on');
      const row = await withCore(p, io, (core) => call(core, 'submissions.enter', { unit: str(p, 'unit') as string, period: str(p, 'period') as string, ...(on !== undefined ? { on } : {}) }));
      return out(io, p, row, () => `已登记：${row.unitName}的报送（${revisionText(row.revision)}，${row.state === 'late' ? '逾期' : '按时'}）`);
    },
  },
  log: {
    summary: '某单位某周期的报送与审核记录：收到的文件、退回、审核通过、纸质件（按时间先后）',
    usage: 'log --db FILE --unit NAME --period P [--json]',
    options: { db, unit: reqd, period: reqd, json },
    async run(p, io) {
      const events = await withCore(p, io, (core) => call(core, 'submissions.log', { unit: str(p, 'unit') as string, period: str(p, 'period') as string }));
      return out(io, p, events, () => (events.length > 0 ? events.map((e) => `${formatChineseDateTime(e.at)}\t${reviewEventText(e)}`).join('\n') : '没有报送与审核记录'));
    },
  },
  demo: {
    summary: '填入演示数据（明确标注“演示数据”）',
    usage: 'demo --db FILE --period P [--json]',
    options: { db, period: reqd, json },
    async run(p, io) {
      const r = await withCore(p, io, (core) => call(core, 'demo.fill', { period: str(p, 'period') }));
      return out(io, p, r, () => `已为 ${r.units} 个单位填入 ${r.reports} 条演示数据（${r.period}）`);
    },
  },
  backup: {
    summary: '备份数据库（SQLite 在线备份）；--out 时连同佐证材料和导入原件一起复制，成为完整副本',
    usage: 'backup --db FILE [--out FILE] [--json]',
    options: { db, out: opt, json },
    async run(p, io) {
      const to = str(p, 'out');
      if (to !== undefined && to.trim() === '') throw new UsageError('--out 应为备份文件的路径（不给 --out 时备份到数据库旁的 backups 文件夹）');
      // Checked as given: resolving the path would drop the separator, and the backup would take the folder's name.
      if (to !== undefined && /[\\/]$/.test(to)) throw new AppError(ERROR_CODES.writeFailed, `无法写入“${to}”：以“${to.slice(-1)}”结尾的是文件夹，请在其后写上文件名`);
      // Relative to the folder the command was started in, as every path on the command line.
      // Folders that writing it makes are said (a folder name mistyped would otherwise go unnoticed).
      const made = to !== undefined ? missingFolders(resolve(to)).at(-1) : undefined;
      const b = await withCore(p, io, (core) => call(core, 'backup.create', to !== undefined ? { out: resolve(to) } : {}));
      // Nothing to copy: no folder made, none named.
      const files = !b.files ? '' : b.files.copied + b.files.kept === 0 ? '；数据库中没有佐证材料和导入原件，无需复制' : `；佐证材料和导入原件复制到 ${b.path.replace(/\.(db|sqlite3?)$/i, '')}.files：新复制 ${b.files.copied} 个（${b.files.bytes} 字节），已有 ${b.files.kept} 个`;
      return out(io, p, b, () => `已备份到 ${b.path}（${b.size} 字节）${made ? `（新建了文件夹“${made}”）` : ''}${files}`);
    },
  },
  check: {
    summary: '检查数据库完整性',
    usage: 'check --db FILE [--json]',
    options: { db, json },
    async run(p, io) {
      const c = await withCore(p, io, (core) => call(core, 'check.run', {}));
      out(io, p, c, () => `${c.ok ? '完整性检查：通过' : `数据库已损坏，${integrityWords(c.integrity)}，请从备份恢复（restore --db 数据库 --latest）`}；结构版本 ${c.schemaVersion}；报告 ${c.reports} 条；备份 ${c.backups.length} 份`);
      return c.ok ? 0 : 1;
    },
  },
  restore: {
    summary: '从备份恢复数据库（当前文件改名保留，不删除）',
    usage: 'restore --db FILE (--from BACKUP | --latest) [--force] [--json]',
    options: { db, from: opt, latest: { value: false }, force: { value: false }, json },
    async run(p, io) {
      const dbPath = str(p, 'db') as string;
      let from = str(p, 'from');
      if (from !== undefined && flag(p, 'latest')) throw new UsageError('--from 与 --latest 只能给一个');
      if (from !== undefined && from.trim() === '') throw new UsageError('--from 应为备份文件的路径');
      if (!from && flag(p, 'latest')) {
        const { newestGoodBackup } = await import('../core/backup');
        from = newestGoodBackup(dbPath)?.path;
        if (!from) throw new AppError(ERROR_CODES.notFound, `没有找到“${dbPath}”的可用备份（共 ${listBackups(dbPath).length} 份）`);
      }
      if (!from) throw new UsageError('请用 --from 指定备份文件，或用 --latest 选择最新的完好备份');
      const source = from;
      // A whole copy (backup --out, a backup folder) brings its evidence files and originals back too: those missing
      // here, before the database is touched. Checked first as a restore would (a damaged or another's copy takes nothing).
      const { checkRestorable, copyStoredFiles, dropFileNeverUsed, identityOf, isCopyOf, NOT_SET_UP, refuseIfOpenElsewhere, verifyDatabaseFile } = await import('../core/backup');
      // Before anything is copied in: not while the app (or another command) has the database open; a copy that can
      // take its place (not an empty file, another program's, a folder).
      refuseIfOpenElsewhere(dbPath, 'cli');
      checkRestorable(dbPath, source);
      const problem = existsSync(source) ? verifyDatabaseFile(source) : null;
      const mine = existsSync(dbPath) ? identityOf(dbPath) : null;
      // A mistyped --db (a document, another program's database): it would be moved aside and the backup put in its place.
      // A file that cannot be read with its own backups beside it is this database, damaged: what restore is for.
      if (mine === null && !flag(p, 'force') && existsSync(dbPath) && statSync(dbPath).isFile() && statSync(dbPath).size > 0 && listBackups(dbPath).length === 0) {
        throw new AppError(
          ERROR_CODES.notADatabase,
          `“${dbPath}”无法作为本系统的数据库读取（已损坏，或不是本系统的文件），旁边也没有它的备份：恢复会把它改名放在一旁，在它的位置放入备份；请检查 --db 是否给错了文件（如确是已损坏的本系统数据库，请加 --force）`,
        );
      }
      const fresh = mine === null || mine === NOT_SET_UP;
      // The same kind of database (one of another is refused as such below), but not this one nor one it was before a
      // restore: another installation's (its empty first run, a colleague's copy). Asked for by --force.
      if (!flag(p, 'force') && !fresh && problem === null && existsSync(source) && identityOf(source) === mine && !isCopyOf(source, dbPath)) {
        throw new AppError(
          'backup_mismatch',
          `“${source}”不是此数据库（或它恢复备份前的版本）的备份，而是另一个${mine}数据库的：恢复后本机的数据将由它的内容替换。如确需如此，请加 --force（当前数据库会改名保留）`,
        );
      }
      const files = problem === null && existsSync(source) && (flag(p, 'force') || fresh || identityOf(source) === mine) ? await copyStoredFiles(source, dbPath, undefined, 'here') : undefined;
      const restored = restoreBackup(dbPath, source, new Date(), flag(p, 'force') || fresh);
      // A database never set up holds nothing anyone entered: not kept aside (as on the app's first-run screen).
      const r = mine === NOT_SET_UP ? { movedAside: dropFileNeverUsed(restored.movedAside) } : restored;
      const brought = files && files.copied + files.kept > 0 ? `；佐证材料和导入原件：复制回 ${files.copied} 个，本机已有 ${files.kept} 个` : '';
      // Files the restored database refers to that are neither here nor came with the copy (only its .db was copied):
      // said, as the app's restore says it, not left for a 佐证材料包 to find.
      const { missingStoredFiles } = await import('../core/backup');
      const missing = missingStoredFiles(dbPath, dbPath);
      if (missing > 0) {
        io.stderr(`注意：恢复的数据库所引用的 ${missing} 个佐证材料或导入原件文件不在本机，也不在副本旁的“.files”文件夹中（可能只复制了 .db 文件）：请把备份时与副本一起生成的“.files”文件夹放回副本旁，再恢复一次；或请各单位重新报送相应材料\n`);
      }
      return out(io, p, { restoredFrom: source, ...r, ...(files ? { files } : {}), missing }, () => `已从 ${source} 恢复${r.movedAside ? `；原数据库已改名保留为 ${r.movedAside}` : ''}${brought}`);
    },
  },
};

COMMANDS.summary = {
  summary: '区汇总：各单位报送情况、各任务各单位进展、指标达标、滞后事项',
  usage: 'summary --db FILE --period P [--json]',
  options: { db, period: reqd, json },
  async run(p, io) {
    const s = await withCore(p, io, (core) => call(core, 'summary.get', { period: str(p, 'period') }));
    // Before the deadline nobody is 未报 yet (as the forms say 尚未报送); what the bureau typed in and has not registered is said apart.
    return out(io, p, s, () =>
      [
        `${s.period.label}（截止 ${formatChineseDate(s.period.deadline)}）：按时 ${s.totals.onTime}，逾期 ${s.totals.late}，${s.period.daysLeft >= 0 ? '尚未报送' : '未报'} ${s.totals.missing}；已收 ${s.totals.received}/${s.totals.expected} 条${unregisteredAside(s)}`,
        ...s.categories.map((c) => `（${c.numeral}）${c.title}：已收 ${c.received}/${c.expected}，完成 ${c.done}，滞后 ${c.lagging}`),
        // Lagging work first, then what is overdue and not reported (the overview's list holds both), each under its own word.
        ...s.lagging.filter((l) => l.reason === 'lagging').map((l) => `  滞后：${l.task}. ${l.title} — ${l.unitName}`),
        ...s.lagging.filter((l) => l.reason === 'missing').map((l) => `  逾期未报：${l.task}. ${l.title} — ${l.unitName}`),
        // The indicators against their targets (the 指标看板's rows): value, where it came from, verdict.
        ...(s.indicators.length > 0 ? ['指标达标情况：'] : []),
        ...s.indicators.map(
          (i) =>
            `  ${i.id} ${i.name}：目标 ${i.targetText}，本期 ${indicatorText(i.value, i.unit)}${i.value !== null && i.valueFrom ? `（${i.valueFrom}${i.valuePeriod ? `，${i.valuePeriod}` : ''}）` : ''}，${COMPLIANCE_LABELS[i.compliance]}`,
        ),
      ].join('\n'),
    );
  },
};

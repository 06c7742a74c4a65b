/**
 * The core behind the API contract: validates every input at the boundary,
 * runs the handler, and turns every outcome into `{ok, value}` / `{ok:false, error}`.
 */
import { z } from 'zod';
import { api, isCallName, type CallName, type CallResult, type GroupHandlers, type Handlers, type HandlerInput } from '../../shared/api';
import type { coreCalls, RestoreResult } from '../../shared/api/core';
import { AppError, ERROR_CODES, type ErrorDetail, type Result } from '../../shared/errors';
import { formatChineseDateTime } from '../../shared/period';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { markOpen } from './in-use';
import { autoBackup, copyProgress, dropFileNeverUsed, dropRestoreLeftovers, identityOf, listBackups, newestGoodBackup, prepareCopy, refuseIfOpenElsewhere, restoreBackup, type BackupInfo, type PreparedCopy } from './backup';
import { CoreContext, type ContextOptions } from './context';
import { exchangeHandlers } from './exchange/handlers';
import { listFolders } from './folders';
import { backupsDir } from './paths';
import { formHandlers } from './forms/handlers';
import { backup, check } from './services/maintenance';
import { checkpointsDone } from './store/checkpoint';
import { fillDemo } from './services/demo';
import { addEvidence, copyPrevious, forUnit, history, returnedPeriods, unsentPeriods, openEvidence, removeEvidence, save } from './services/reports';
import { appInfo, catalogView, firstPeriodLimit, init, listPeriods, recentPeriods, saveUnit, setDeadline, listBaselines, listTargets, setBaseline, setFirstPeriod, setPeriodKind, setTarget, settingsLog, unitContacts } from './services/setup';
import { enterSubmission } from './services/entry';
import { indicatorStatus, receivedFile, submissionStatus } from './services/status';
import { approveSubmission, recordPaper, withdrawApproval } from './services/approvals';
import { returnSubmission, withdrawReturn } from './services/returns';
import { reviewLog } from './services/review-log';
import { summary } from './services/summary';
import { answerNotice, issueNotices, listNotices, noticeCandidates, noticesNotHeld, noticesUseUpTo, voidNotice } from './services/notices';
import { yearGrid } from './services/year-grid';
import { sweepLeftovers } from './exchange/uploads';
import { writeWhy } from './fsutil';

type Restore = (i: HandlerInput<'backup.restore'>) => Promise<RestoreResult>;

function coreHandlers(ctx: CoreContext, restore: Restore): GroupHandlers<typeof coreCalls> {
  const ready = <T>(fn: () => T): T => {
    ctx.requireInitialized();
    return fn();
  };
  return {
    'app.info': () => appInfo(ctx),
    'app.init': (i) => init(ctx, i),
    'catalog.get': (i) => ready(() => catalogView(ctx, i.period)),
    'units.list': (i) => ready(() => ctx.store.units.list(i.includeInactive ?? false)),
    'units.renames': () => ready(() => [...ctx.store.units.renames()]),
    'units.save': (i) => ready(() => saveUnit(ctx, i)),
    'periods.list': (i) => ready(() => listPeriods(ctx, i.year)),
    'periods.recent': () => ready(() => recentPeriods(ctx)),
    'periods.get': (i) => ready(() => ctx.periodView(ctx.period(i.period))),
    'periods.setKind': (i) => ready(() => setPeriodKind(ctx, i)),
    'periods.setFirst': (i) => ready(() => setFirstPeriod(ctx, i)),
    'periods.firstLimit': () => ready(() => ({ limit: firstPeriodLimit(ctx) })),
    'periods.setDeadline': (i) => ready(() => setDeadline(ctx, i)),
    'reports.forUnit': (i) => ready(() => forUnit(ctx, i)),
    'reports.returned': (i) => ready(() => returnedPeriods(ctx, i)),
    'reports.unsent': (i) => ready(() => unsentPeriods(ctx, i)),
    'reports.save': (i) => ready(() => save(ctx, i)),
    'reports.history': (i) => ready(() => history(ctx, i)),
    'reports.copyPrevious': (i) => ready(() => copyPrevious(ctx, i)),
    'evidence.add': (i) => ready(() => addEvidence(ctx, i)),
    'evidence.remove': (i) => ready(() => removeEvidence(ctx, i)),
    'evidence.open': (i) => ready(() => openEvidence(ctx, i)),
    'submissions.status': (i) => ready(() => submissionStatus(ctx, ctx.period(i.period))),
    'submissions.received': (i) => ready(() => ({ received: receivedFile(ctx, i.unit, ctx.period(i.period)) })),
    'submissions.log': (i) => ready(() => reviewLog(ctx, i)),
    'submissions.return': (i) => ready(() => returnSubmission(ctx, i)),
    'submissions.withdrawReturn': (i) => ready(() => withdrawReturn(ctx, i)),
    'submissions.enter': (i) => ready(() => enterSubmission(ctx, i)),
    'submissions.approve': (i) => ready(() => approveSubmission(ctx, i)),
    'submissions.withdrawApproval': (i) => ready(() => withdrawApproval(ctx, i)),
    'submissions.recordPaper': (i) => ready(() => recordPaper(ctx, i)),
    'indicators.status': (i) => ready(() => indicatorStatus(ctx, ctx.period(i.period))),
    // A unit's database holds its own reports only: its "district summary" would show every other unit as missing.
    'summary.get': (i) =>
      ready(() => {
        ctx.requireBureau('查看全区汇总');
        return summary(ctx, ctx.period(i.period), { texts: i.texts ?? true });
      }),
    'targets.list': (i) => ready(() => listTargets(ctx, i)),
    'units.contacts': () => ready(() => unitContacts(ctx)),
    'settings.log': (i) => ready(() => settingsLog(ctx, i)),
    'targets.set': (i) => ready(() => setTarget(ctx, i)),
    'baselines.list': (i) => ready(() => listBaselines(ctx, i)),
    'baselines.set': (i) => ready(() => setBaseline(ctx, i)),
    'submissions.year': (i) => ready(() => yearGrid(ctx, i.year, { own: ctx.role === 'unit' ? ctx.ownUnitCode : null })),
    'notices.candidates': (i) => ready(() => noticeCandidates(ctx, ctx.period(i.period))),
    'notices.issue': (i) => ready(() => issueNotices(ctx, i)),
    'notices.list': (i) => ready(() => listNotices(ctx, i)),
    'notices.notHeld': () => ready(() => noticesNotHeld(ctx)),
    'notices.useUpTo': (i) => ready(() => noticesUseUpTo(ctx, i)),
    'notices.answer': (i) => ready(() => answerNotice(ctx, i)),
    'notices.void': (i) => ready(() => voidNotice(ctx, i)),
    'demo.fill': (i) => ready(() => fillDemo(ctx, ctx.period(i.period))),
    'backup.create': (i) => backup(ctx, i),
    'backup.list': () => check(ctx).backups,
    'folders.list': (i) => listFolders(i.path),
    'backup.progress': () => copyProgress(ctx.dbPath),
    'backup.restore': restore,
    'check.run': () => check(ctx),
  };
}

/** Exchange calls that work on an empty database: reading a set-up workbook, and starting a unit's database from one. */
const BEFORE_INIT: ReadonlySet<string> = new Set<CallName>(['exchange.setupPreview', 'exchange.setupImport']);

function handlersFor(ctx: CoreContext, restore: Restore): Handlers {
  const guard = <G extends Record<string, (i: never) => unknown>>(group: G): G => {
    const out: Record<string, (i: never) => unknown> = {};
    for (const [name, fn] of Object.entries(group)) {
      out[name] = BEFORE_INIT.has(name)
        ? fn
        : (i: never) => {
            ctx.requireInitialized();
            return fn(i);
          };
    }
    return out as G;
  };
  return { ...coreHandlers(ctx, restore), ...guard(exchangeHandlers(ctx)), ...guard(formHandlers(ctx)) };
}

const FIELD_LABELS: Record<string, string> = {
  status: '状态',
  percent: '完成比例',
  progress: '工作进展',
  problems: '存在问题',
  next: '下步计划',
  indicators: '指标数值',
  filledBy: '填报人',
  phone: '联系电话',
  unit: '单位',
  period: '报送周期',
  task: '任务序号',
  name: '名称',
  code: '代码',
  kind: '类型',
  active: '启用',
  deadline: '截止日期',
  hash: '文件',
  files: '文件',
  on: '日期',
  dueOn: '办理时限',
  year: '年份',
};

/** A field's name in Chinese, or '' (its English key is never shown). */
export const fieldLabel = (field: string): string => FIELD_LABELS[field.split('.')[0] ?? ''] ?? '';

/** Every zod issue as `field: message`, in Chinese. */
export function zodDetails(err: z.ZodError): ErrorDetail[] {
  return err.issues.map((iss) => {
    const path = iss.path.map(String).filter((p) => p !== 'report');
    const field = path.join('.');
    // A field without a Chinese label is not named (never its English key), nor is a message in English shown.
    // One indicator's value: named by its id (the schema knows no catalog; the range checks name it in words).
    const label = path[0] === 'indicators' && path[1] ? `指标 ${path[1]}` : (FIELD_LABELS[path[0] ?? ''] ?? '');
    const msg = /[\u4e00-\u9fff]/.test(iss.message)
      ? iss.message
      : iss.code === 'unrecognized_keys'
        ? `没有这一项：${iss.keys.join('、')}`
        : '格式不正确';
    return { field, message: label && !msg.includes(label) ? `${label}：${msg}` : msg };
  });
}

/** Said of a database found damaged while in use; Core.call adds the newest good backup. */
const DAMAGED_IN_USE = '数据库文件已损坏（使用中发现），操作未完成';

/**
 * A damaged database's error with the newest backup that passes its check
 * named (in its details too, for the damaged-database page). A file that is
 * not a database at all (`not_a_database`: overwritten by another file, say)
 * is told its backup too, when it has one.
 */
function withGoodBackup(dbPath: string, message: string, code: string = ERROR_CODES.dbCorrupt): AppError {
  let good: BackupInfo | null = null;
  try {
    good = newestGoodBackup(dbPath);
  } catch {
    // the backups folder unreadable: said as none found
  }
  const none = code === ERROR_CODES.dbCorrupt ? `${message}。没有找到可用的备份。` : message;
  return new AppError(
    code,
    good ? `${message}。最近一份完好的备份是“${good.path}”（${formatChineseDateTime(good.createdAt)}），可以从它恢复（程序中点“恢复”，命令行用 restore）。` : none,
    good ? [{ file: good.path, message: '最近的完好备份' }] : undefined,
  );
}

export function toApiError(err: unknown, dbPath?: string): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof z.ZodError) {
    const details = zodDetails(err);
    return new AppError(ERROR_CODES.invalidInput, details.map((d) => d.message).join('；'), details);
  }
  const code = (err as { code?: string }).code ?? '';
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return new AppError('disk_full', '磁盘空间不足，操作未完成，已保存的数据没有受到影响');
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
    return new AppError(ERROR_CODES.dbReadOnly, `${dbPath ? `数据库“${dbPath}”或其所在文件夹` : '数据库或数据文件夹'}不可写（只读或无权限），操作未完成`);
  }
  // Another program holding the database (the app and the command line on one file) past the wait.
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return new AppError('busy', '数据库正被另一个程序使用（如同时打开的本系统或命令行），操作未完成，请稍后再试');
  // Found damaged while in use (a disk fault, a copy made while it was written): what to do, not SQLite's words.
  // A file shorter than its pages say, or a file system that says it is damaged, is a damaged database too.
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB' || code === 'SQLITE_IOERR_SHORT_READ' || code === 'SQLITE_IOERR_CORRUPTFS') {
    return new AppError(ERROR_CODES.dbCorrupt, DAMAGED_IN_USE);
  }
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO') {
    return new AppError(ERROR_CODES.ioError, '读写磁盘时出错（磁盘故障，数据所在的U盘、网络盘被拔出或断开，或文件正被杀毒软件等其他程序占用？），操作未完成');
  }
  const message = err instanceof Error ? err.message : String(err);
  return new AppError(ERROR_CODES.internal, `程序内部错误，操作未完成；请把这条消息告知技术支持。详情：${message}`);
}

/** How often a running app looks whether the daily backup is due. */
const BACKUP_CHECK_MS = 60 * 60 * 1000;

export interface CoreOptions extends ContextOptions {
  /** Back up at start-up when the newest backup is older than a day. */
  autoBackup?: boolean;
  /** The older backups left for the caller to prune (`Core.autoBackupMade`). */
  deferPrune?: boolean;
}

/**
 * The backup a restore may use: one of the database's own backups (never an
 * arbitrary file named by a caller), or the newest that passes its check.
 */
export function chooseBackup(dbPath: string, choice: { path?: string | undefined; latest?: boolean | undefined }): BackupInfo {
  if (choice.latest) {
    const good = newestGoodBackup(dbPath);
    if (!good) throw new AppError(ERROR_CODES.notFound, `没有找到可用的备份（共 ${listBackups(dbPath).length} 份，均无法通过检查）`);
    return good;
  }
  const want = resolve(choice.path ?? '');
  const found = listBackups(dbPath).find((b) => resolve(b.path) === want);
  if (!found) throw new AppError('backup_not_listed', `只能从本数据库的备份列表中恢复，“${basename(want)}”不在列表中`, [{ file: choice.path ?? '', message: '不在备份列表中' }]);
  return found;
}

/**
 * Replaces a closed database file with one of its backups. When copying the
 * backup in fails after the current file was moved aside (a full disk), the
 * current file is moved back, so the database is never left missing.
 */
export function restoreClosedDatabase(dbPath: string, choice: { path?: string | undefined; latest?: boolean | undefined }, now: Date): RestoreResult {
  return swapIn(dbPath, chooseBackup(dbPath, choice), now);
}

/** Puts a prepared whole copy (`prepareCopy`) in place of the closed database; its staged file goes either way. */
export function swapInCopy(dbPath: string, prepared: PreparedCopy, now: Date): RestoreResult {
  const { chosen, staging, files, missing } = prepared;
  try {
    return { ...swapIn(dbPath, { ...chosen, path: staging }, now), restoredFrom: chosen.path, files, missing };
  } finally {
    for (const side of ['', '-wal', '-shm']) rmSync(staging + side, { force: true });
  }
}

/** Puts a chosen backup (or whole copy) in place of the closed database, moving the current file back if that fails. */
export function swapIn(dbPath: string, b: BackupInfo, now: Date): RestoreResult {
  const aside = (): string[] => {
    const dir = dirname(dbPath);
    const prefix = `${basename(dbPath)}.replaced-`;
    return existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith(prefix) && !f.endsWith('-wal') && !f.endsWith('-shm')) : [];
  };
  const before = new Set(aside());
  try {
    // One of this database's own backups (listed from its folder), or a whole copy checked by the caller: the same kind of database.
    const r = restoreBackup(dbPath, b.path, now, true);
    return { restoredFrom: b.path, createdAt: b.createdAt, movedAside: r.movedAside };
  } catch (err) {
    const moved = aside().filter((f) => !before.has(f));
    if (!existsSync(dbPath) && moved.length === 1) {
      const from = join(dirname(dbPath), moved[0]!);
      renameSync(from, dbPath);
      for (const suffix of ['-wal', '-shm']) if (existsSync(from + suffix) && statSync(from + suffix).isFile()) renameSync(from + suffix, dbPath + suffix);
    }
    throw err;
  }
}

/** The longest a restore waits for background checkpoints (a PASSIVE one gives up on a lock after 2 s). */
const CHECKPOINT_WAIT_MS = 10_000;

export class Core {
  private context: CoreContext;
  private handlers: Handlers;
  /** Calls in progress (a restore waits for none but itself). */
  private running = 0;
  /** Set when a restore could not reopen the database: every call answers with it. */
  private broken: AppError | null = null;
  /** Why the automatic backup at opening was not made (the database opened all the same); null once a backup succeeds. */
  get backupProblem(): AppError | null {
    return this.context.autoBackupProblem;
  }

  /** The daily backup this opening made (its path), or null. */
  autoBackupMade: string | null = null;

  /** The hosts' one-line warning about it, or null. */
  get backupWarning(): string | null {
    const p = this.backupProblem;
    return p ? `警告：今天的自动备份没有完成（${p.message}）` : null;
  }

  private constructor(
    ctx: CoreContext,
    private readonly opts: CoreOptions,
  ) {
    this.context = ctx;
    this.handlers = handlersFor(ctx, (i) => this.restore(i));
  }

  /** The open database; after a restore, the restored one. */
  get ctx(): CoreContext {
    return this.context;
  }

  /**
   * Opens (or with `create`, creates) a database. A damaged one is refused with
   * a message that names the newest good backup.
   */
  static async open(dbPath: string, opts: CoreOptions = {}): Promise<Core> {
    // Before the database is opened: a restore cut short may have moved its WAL aside with its second name.
    dropRestoreLeftovers(dbPath);
    let ctx: CoreContext;
    try {
      ctx = CoreContext.open(dbPath, opts);
    } catch (err) {
      if (err instanceof AppError && (err.code === ERROR_CODES.dbCorrupt || err.code === ERROR_CODES.notADatabase)) throw withGoodBackup(dbPath, err.message, err.code);
      throw err;
    }
    const core = new Core(ctx, opts);
    // Told to a restore in another process (the command line's, while the app runs): refused there.
    core.unmark = markOpen(dbPath);
    sweepLeftovers(dbPath);
    if (opts.autoBackup && ctx.initialized) core.autoBackupMade = await core.backUpIfDue(!opts.deferPrune);
    // An office computer's app may run for weeks: the daily backup is looked at every hour, not only at opening.
    if (opts.autoBackup) core.backupTimer = setInterval(() => void core.backUpIfDue(true), BACKUP_CHECK_MS).unref();
    return core;
  }

  private backupTimer: NodeJS.Timeout | null = null;
  private unmark: () => void = () => undefined;

  /**
   * The daily backup, when the newest is a day old (or there is none): its path, or null when none was due or it could
   * not be written (said by `backupProblem` until one succeeds: a full disk must not lock the user out of the data).
   * Not while a restore runs or the database is not set up.
   */
  async backUpIfDue(prune: boolean): Promise<string | null> {
    const ctx = this.context;
    if (this.restoring || this.broken || !ctx.initialized) return null;
    this.running++;
    try {
      // Not a backup of a file moved aside under the app (a restore from the command line): that would be today's.
      ctx.checkFileInPlace();
      const made = (await autoBackup(ctx.store.db, ctx.dbPath, ctx.now(), prune))?.path ?? null;
      if (made) ctx.autoBackupProblem = null;
      return made;
    } catch (err) {
      const e = toApiError(err);
      const code = (err as { code?: string }).code;
      // The system's own words (EEXIST, EIO…) are not for the user: where and what, in Chinese.
      ctx.autoBackupProblem = e.code === ERROR_CODES.internal || e.code === ERROR_CODES.ioError ? new AppError(e.code, `无法在“${backupsDir(ctx.dbPath)}”写入备份${code ? `：${writeWhy(code)}` : ''}`) : e;
      return null;
    } finally {
      this.running--;
    }
  }

  /**
   * Restores a backup under the same Core: closes the database, swaps the file
   * (the current one is moved aside), reopens it and rebuilds the handlers, so
   * hosts that hold this object keep serving.
   */
  private async restore(input: HandlerInput<'backup.restore'>): Promise<RestoreResult> {
    if (this.running > 1) throw new AppError('busy', '还有其他操作正在进行（如导入），请等它完成后再恢复备份');
    const ctx = this.context;
    // Before a whole copy's files are copied in: not while another process has the database open.
    refuseIfOpenElsewhere(ctx.dbPath, 'app');
    // Nothing else is taken meanwhile (what it wrote would be replaced); a whole copy's files can take minutes.
    this.restoring = true;
    try {
      if (input.copy === undefined) {
        // Refuse a path outside the list before anything is closed.
        const chosen = chooseBackup(ctx.dbPath, input);
        return await this.swap(() => swapIn(ctx.dbPath, chosen, ctx.now()));
      }
      const setUp = ctx.initialized;
      const prepared = await prepareCopy(ctx.dbPath, input.copy, setUp ? identityOf(ctx.dbPath) : null);
      const r = await this.swap(() => swapInCopy(ctx.dbPath, prepared, ctx.now()));
      // On the first run (a new computer, the app installed afresh) the file replaced was made a moment ago and holds
      // nothing anyone entered: not kept, nor named as data kept aside.
      return setUp ? r : { ...r, movedAside: dropFileNeverUsed(r.movedAside) };
    } finally {
      this.restoring = false;
    }
  }

  /** Closes the database, runs the swap, and opens the database again (the restored one) under new handlers. */
  private async swap(fn: () => RestoreResult): Promise<RestoreResult> {
    // A checkpoint thread still open on the file about to be moved aside would, closing last, delete the WAL by its
    // name: the restored one's. Waited for with the database still open (the reads let through meanwhile read it), at
    // most CHECKPOINT_WAIT_MS; then closed, swapped and reopened without a break.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([checkpointsDone(), new Promise<void>((resolve) => (timer = setTimeout(resolve, CHECKPOINT_WAIT_MS)))]);
    clearTimeout(timer);
    const ctx = this.context;
    ctx.close();
    try {
      return fn();
    } finally {
      try {
        this.context = CoreContext.open(ctx.dbPath, { ...this.opts, create: false });
        this.handlers = handlersFor(this.context, (i) => this.restore(i));
      } catch (err) {
        this.broken = toApiError(err);
      }
    }
  }

  /** Set while a restore runs: other calls wait (`busy`), but for the app's info and the backups. */
  private restoring = false;

  close(): void {
    if (this.backupTimer) clearInterval(this.backupTimer);
    this.context.close();
    this.unmark();
  }

  /** Validates and runs one call. Never throws: every outcome is a Result. */
  async call<K extends CallName>(name: K, rawInput: unknown): Promise<Result<CallResult<K>>> {
    this.running++;
    try {
      if (this.broken) throw this.broken;
      if (this.restoring && name !== 'app.info' && name !== 'backup.list' && name !== 'backup.progress') throw new AppError('busy', '正在恢复数据，请稍候再操作');
      if (!isCallName(name)) throw new AppError('unknown_call', `没有名为“${String(name)}”的调用`);
      if (!this.restoring) this.context.checkFileInPlace();
      const parsed = api[name].input.safeParse(rawInput ?? {});
      if (!parsed.success) throw parsed.error;
      const handler = this.handlers[name] as (i: HandlerInput<K>) => CallResult<K> | Promise<CallResult<K>>;
      const value = await handler(parsed.data as HandlerInput<K>);
      return { ok: true, value };
    } catch (err) {
      const e = toApiError(err, this.context.dbPath);
      // Found damaged while in use: the damaged-database page offers the newest good backup, as at start-up.
      return { ok: false, error: (e.code === ERROR_CODES.dbCorrupt && !e.details?.length ? withGoodBackup(this.context.dbPath, e.message) : e).toJSON() };
    } finally {
      this.running--;
    }
  }

  /** Like call, but throws the AppError: for scripts and tests. */
  async run<K extends CallName>(name: K, input: unknown): Promise<CallResult<K>> {
    const r = await this.call(name, input);
    if (!r.ok) throw new AppError(r.error.code, r.error.message, r.error.details);
    return r.value;
  }
}

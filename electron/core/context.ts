/**
 * An open database with what every service needs: the store, the active
 * catalog, unit and period resolution, the clock.
 */
import { uuidv7 } from './ids';
import defaultCatalogJson from '../../shared/catalog/default-catalog.json';
import type { Catalog, Task, Unit, UnitRole } from '../../shared/catalog/types';
import { AppError, ERROR_CODES } from '../../shared/errors';
import {
  chinaDate,
  daysUntil,
  formatChineseDate,
  addDays,
  defaultDeadline,
  parsePeriod,
  PERIOD_KIND_LABELS,
  PeriodError,
  versionInForce,
  type Period,
  type PlanEntry,
  type PeriodKind,
  askedIn,
  firstAsked,
  kindSpansOf,
  periodBefore,
  periodContaining,
  PLAN_SINCE_ALWAYS,
  isRealIsoDate,
  type KindSpan,
} from '../../shared/period';
import { canonicalUnitName } from '../../shared/text';
import type { PeriodView, Role, TaskUnitView } from '../../shared/views';
import { statSync } from 'node:fs';
import { openDatabase, type OpenOptions } from './store/db';
import { Store } from './store';

/** A file's device and inode, or null when there is none. */
function fileIdentity(path: string): string | null {
  try {
    const s = statSync(path, { bigint: true });
    return `${s.dev}:${s.ino}`;
  } catch {
    return null;
  }
}

export const DEFAULT_CATALOG = defaultCatalogJson as Catalog;

/** Meta key of the plan schedule (`CoreContext.planSchedule`). */
export const PLAN_SCHEDULE = 'plan_schedule';

/** A well-formed period id read (2021-Q3), or invalid_period saying what is wrong with it; of any kind, owed or not. */
export function parsedPeriod(ref: string): Period {
  try {
    return parsePeriod(ref);
  } catch (err) {
    if (err instanceof PeriodError) throw new AppError(ERROR_CODES.invalidPeriod, err.message);
    throw err;
  }
}

/** Meta key of the 起报周期's first day (`CoreContext.owedFrom`). */
export const OWED_FROM = 'owed_from';

export interface ContextOptions extends OpenOptions {
  /** Clock, for tests. */
  now?: () => Date;
}

/** The units responsible for a task: the named active ones, then every active town for 各镇(街道). */
export function unitsOfTask(task: Task, units: readonly Unit[]): TaskUnitView[] {
  const byCode = new Map(units.map((u) => [u.code, u]));
  const out: TaskUnitView[] = [];
  const seen = new Set<string>();
  for (const ref of task.units) {
    const u = byCode.get(ref.code);
    if (!u || !u.active || seen.has(u.code)) continue;
    out.push({ code: u.code, name: u.name, kind: u.kind, role: ref.role });
    seen.add(u.code);
  }
  if (task.allTowns) {
    for (const u of units) if (u.active && u.kind === 'town' && !seen.has(u.code)) out.push({ code: u.code, name: u.name, kind: u.kind, role: 'support' });
  }
  return out;
}

export class CoreContext {
  private catalogCache: Catalog | null = null;
  /** The database's own context (a period's view, `at`, shares everything but the catalog with it). */
  private root: CoreContext = this;
  private pastCatalogs = new Map<string, Catalog>();
  private schedule: PlanEntry[] | null = null;
  /** The day the earliest plan held was issued (`owedFrom` without a 起报周期 set); undefined: not read yet. */
  private issued: string | undefined = undefined;
  /** `kindSpans` as last read, with the settings version it was read at. */
  private spansKept: { version: string; spans: KindSpan[] } | null = null;
  /** A period's view per earlier plan and units counted (`at`), kept so its who-is-responsible map is built once. */
  private scoped = new Map<string, CoreContext>();
  /** Inactive units counted as responsible in this view (a period that was due before they were deactivated). */
  private counted: ReadonlySet<string> = new Set();
  /** The names units had in this view's period, where they have been renamed since (`namesFor`). */
  private names: ReadonlyMap<string, string> = new Map();
  private inactiveCache: {
    version: number;
    list: { unit: Unit; deactivatedAt: string | null }[];
    codes: ReadonlySet<string>;
    /** Whether any has a recorded deactivation (else no deadline is needed). */
    dated: boolean;
    byPeriod: Map<string, { deadline: string; codes: string[] }>;
  } | null = null;
  readonly now: () => Date;
  /** Why today's automatic backup was not made (shown on the backup page until a backup succeeds). */
  autoBackupProblem: AppError | null = null;

  constructor(
    readonly store: Store,
    readonly dbPath: string,
    now?: () => Date,
  ) {
    this.now = now ?? (() => new Date());
  }

  static open(dbPath: string, opts: ContextOptions = {}): CoreContext {
    const db = openDatabase(dbPath, opts);
    const ctx = new CoreContext(new Store(db), dbPath, opts.now);
    ctx.opened = fileIdentity(dbPath);
    return ctx;
  }

  /** The database file this context opened (device and inode): another one in its place is not the one written to. */
  private opened: string | null = null;

  /**
   * Refuses to go on when the file at `dbPath` is no longer the one this context has open: moved aside or replaced
   * under it (a backup restored from the command line while the app runs; the file moved in the file manager). The
   * connection would go on reading and writing the file moved aside, which nothing opens again: what the user saves
   * would be said saved and never seen after a restart. (On Windows an open database cannot be moved.)
   */
  checkFileInPlace(): void {
    if (this.opened === null) return;
    const now = fileIdentity(this.dbPath);
    if (now === this.opened) return;
    throw new AppError(
      ERROR_CODES.dbReplaced,
      `数据文件“${this.dbPath}”${now === null ? '已被移走或改名' : '已被另一个文件替换（例如在命令行中恢复了备份）'}，本程序仍连着原来的文件：为免内容写到别处，暂停一切操作。请关闭本程序后重新打开（填报表中未保存的内容暂存在本机，重新打开后会恢复）`,
    );
  }

  close(): void {
    this.store.close();
  }

  nowIso(): string {
    return this.now().toISOString();
  }

  today(): string {
    return chinaDate(this.now());
  }

  /** A new record id: a time-ordered UUID (see ids.ts). */
  newId(): string {
    return uuidv7();
  }

  get initialized(): boolean {
    return this.store.meta.get('role') !== null;
  }

  requireInitialized(): void {
    if (!this.initialized) throw new AppError(ERROR_CODES.notInitialized, '数据库尚未初始化，请先选择角色（init）');
  }

  get role(): Role | null {
    return this.store.meta.get('role') as Role | null;
  }

  get ownUnitCode(): string | null {
    return this.store.meta.get('unit');
  }

  get periodKind(): PeriodKind {
    return (this.store.meta.get('period_kind') as PeriodKind | null) ?? 'quarter';
  }

  requireBureau(what: string): void {
    if (this.role !== 'bureau') throw new AppError('bureau_only', `只有区局汇总端可以${what}`);
  }

  catalog(): Catalog {
    if (!this.catalogCache) {
      const stored = this.store.catalogs.active();
      if (!stored) throw new AppError(ERROR_CODES.notInitialized, '数据库尚未初始化，请先选择角色（init）');
      this.catalogCache = stored;
    }
    return this.catalogCache;
  }

  invalidateCatalog(): void {
    this.catalogCache = null;
    this.root.catalogCache = null;
    this.root.schedule = null;
    this.root.issued = undefined;
    this.root.spansKept = null;
    this.root.scoped.clear();
    this.root.pastCatalogs.clear();
  }

  /** Which plan each period is on (meta `plan_schedule`); empty in a database that never adopted a revision: every period on the active plan. */
  planSchedule(): PlanEntry[] {
    const root = this.root;
    if (!root.schedule) {
      const raw = root.store.meta.get(PLAN_SCHEDULE);
      root.schedule = raw ? (JSON.parse(raw) as PlanEntry[]) : [];
    }
    return root.schedule;
  }

  /**
   * The catalog a period is on (`versionInForce` over `planSchedule`): after
   * a revised plan, a period that had ended when it was adopted keeps the
   * tasks, indicators, targets and responsibilities its reports were made on.
   * The active catalog when the schedule names none, or one not held here.
   */
  catalogFor(periodId: string): Catalog {
    const root = this.root;
    const active = root.catalog();
    const schedule = root.planSchedule();
    if (schedule.length <= 1) return active;
    let p: Period;
    try {
      p = parsePeriod(periodId);
    } catch {
      return active;
    }
    const version = versionInForce(schedule, p);
    if (version === null || version === active.version) return active;
    let past = root.pastCatalogs.get(version);
    if (!past) {
      past = root.store.catalogs.byVersion(version) ?? active;
      root.pastCatalogs.set(version, past);
    }
    return past;
  }

  /**
   * This context as of a period: the catalog in force then (`catalogFor`) and
   * the units that owed it (`countedFor`), everything else shared; itself
   * when those are the active catalog and the active units.
   */
  at(periodId: string): CoreContext {
    const catalog = this.catalogFor(periodId);
    const root = this.root;
    const counted = root.countedFor(periodId);
    const names = root.namesFor(periodId);
    if (catalog === root.catalog() && counted.length === 0 && names.size === 0) return root;
    const key = `${catalog.version}|${counted.join(',')}|${[...names].join(';')}`;
    let scoped = root.scoped.get(key);
    if (!scoped) {
      scoped = Object.create(root) as CoreContext;
      scoped.catalogCache = catalog;
      scoped.respCache = null;
      scoped.counted = new Set(counted);
      scoped.names = names;
      root.scoped.set(key, scoped);
    }
    return scoped;
  }

  /**
   * The names units had when a period was due, where they were renamed after
   * its deadline (China date): the name each had then, the earliest of its
   * names replaced after that day. Empty for a period due after every rename.
   */
  private namesFor(periodId: string): Map<string, string> {
    const renames = this.store.units.renames();
    const names = new Map<string, string>();
    if (renames.length === 0) return names;
    let p: Period;
    try {
      p = parsePeriod(periodId);
    } catch {
      return names;
    }
    const deadline = this.deadlineOf(p);
    for (const r of renames) if (!names.has(r.code) && chinaDate(r.renamedAt) > deadline) names.set(r.code, r.name);
    return names;
  }

  /** A unit as this view names it: with the name it had in the view's period (`at`). */
  named(u: Unit): Unit {
    const name = this.names.get(u.code);
    return name === undefined || name === u.name ? u : { ...u, name };
  }

  /** A unit's name in this view (its code when there is no such unit). */
  unitName(code: string): string {
    return this.names.get(code) ?? this.store.units.nameOf(code) ?? code;
  }

  /**
   * Inactive units a period still counts (codes, in list order): those
   * deactivated after its deadline (China date), so a past period's summary,
   * submission status and forms list them as when they were due; and any
   * that holds reports or submissions for it (sent before it was deactivated,
   * or deactivated before that date was recorded, migration 013).
   */
  private countedFor(periodId: string): string[] {
    const { list, dated, byPeriod } = this.inactive();
    if (list.length === 0) return [];
    let p: Period;
    try {
      p = parsePeriod(periodId);
    } catch {
      return [];
    }
    // Kept per period while the unit list and the period's deadline stay as they are (an inactive unit gets no new reports).
    const deadline = dated ? this.deadlineOf(p) : '';
    const hit = byPeriod.get(periodId);
    if (hit && hit.deadline === deadline) return hit.codes;
    const codes = list
      .filter(({ unit, deactivatedAt }) => (deactivatedAt !== null && chinaDate(deactivatedAt) > deadline) || this.store.reports.unitHolds(unit.code, periodId))
      .map((x) => x.unit.code);
    byPeriod.set(periodId, { deadline, codes });
    return codes;
  }

  /** The inactive units, read again when the unit list changes (`UnitRepo.version`). */
  private inactive(): NonNullable<CoreContext['inactiveCache']> {
    const version = this.store.units.version;
    if (!this.inactiveCache || this.inactiveCache.version !== version) {
      const list = this.store.units.inactive();
      this.inactiveCache = { version, list, codes: new Set(list.map((x) => x.unit.code)), dated: list.some((x) => x.deactivatedAt !== null), byPeriod: new Map() };
    }
    return this.inactiveCache;
  }

  /** The codes of the units deactivated now (a past period's view may still count them: `at`). */
  inactiveCodes(): ReadonlySet<string> {
    return this.inactive().codes;
  }

  /** The units this view counts: the active ones, and the inactive ones a past period still counts (`at`). */
  unitsInForce(): Unit[] {
    return this.store.units
      .list(this.counted.size > 0)
      .filter((u) => u.active || this.counted.has(u.code))
      .map((u) => this.named(u));
  }

  task(no: number): Task {
    const t = this.catalog().tasks.find((x) => x.no === no);
    if (!t) throw new AppError(ERROR_CODES.unknownTask, `没有序号为 ${no} 的重点任务（共 ${this.catalog().tasks.length} 项）`);
    return t;
  }

  /**
   * By code, or by name with stray spaces and full-width brackets forgiven: a
   * unit's name now, else a name it went by before it was renamed. Named as
   * this view names it (`named`).
   */
  /**
   * A unit named in a call that reads or exports one unit's own records: in a unit's database only its own (another
   * unit's would read as 未填 and 没有记录, as if that unit had done nothing). `what`: 查看, 导出….
   */
  resolveOwnUnit(ref: string, what: string): Unit {
    const unit = this.resolveUnit(ref);
    const own = this.ownUnitCode;
    if (this.role === 'unit' && own !== null && own !== unit.code) {
      throw new AppError(ERROR_CODES.notOwnUnit, `本数据库属于“${this.store.units.byCode(own)?.name ?? own}”，不能${what}“${unit.name}”的填报内容和记录`);
    }
    return unit;
  }

  resolveUnit(ref: string): Unit {
    const byCode = this.store.units.byCode(ref.trim());
    if (byCode) return this.named(byCode);
    const want = canonicalUnitName(ref);
    const all = this.store.units.list(true);
    let found = all.find((u) => canonicalUnitName(u.name) === want);
    if (!found) {
      // The newest unit to have gone by that name (two units may have had it in turn).
      const formerly = this.store.units.renames().findLast((r) => canonicalUnitName(r.name) === want);
      found = formerly ? all.find((u) => u.code === formerly.code) : undefined;
    }
    if (!found) throw new AppError(ERROR_CODES.unknownUnit, `没有名为“${ref}”的填报单位（全部单位及其代码见“设置 → 填报单位”）`);
    return this.named(found);
  }

  /**
   * Who is responsible for what, derived once from the catalog and the unit
   * list and kept until either changes: summaries and imports ask this for
   * every task × unit, so it must not cost a query each time.
   */
  private responsibility(): { byTask: Map<number, TaskUnitView[]>; byUnit: Map<string, { task: Task; role: UnitRole }[]> } {
    const catalog = this.catalog();
    const key = this.store.units.version;
    if (this.respCache && this.respCache.catalog === catalog && this.respCache.unitsVersion === key) return this.respCache;
    // Inactive units this view still counts take part as if active (a past period that was due before they were deactivated).
    const units = this.store.units.list(true).map((u) => this.named(!u.active && this.counted.has(u.code) ? { ...u, active: true } : u));
    const byTask = new Map<number, TaskUnitView[]>();
    const byUnit = new Map<string, { task: Task; role: UnitRole }[]>();
    for (const task of catalog.tasks) {
      const out = unitsOfTask(task, units);
      byTask.set(task.no, out);
      for (const u of out) {
        const list = byUnit.get(u.code) ?? [];
        list.push({ task, role: u.role });
        byUnit.set(u.code, list);
      }
    }
    this.respCache = { catalog, unitsVersion: key, byTask, byUnit };
    return this.respCache;
  }

  private respCache:
    | { catalog: Catalog; unitsVersion: number; byTask: Map<number, TaskUnitView[]>; byUnit: Map<string, { task: Task; role: UnitRole }[]> }
    | null = null;

  /** The units responsible for a task: the named ones, then every active town for 各镇(街道). */
  taskUnits(task: Task): TaskUnitView[] {
    return this.responsibility().byTask.get(task.no) ?? [];
  }

  /** The unit's role in a task, or null when it is not responsible for it. */
  roleIn(task: Task, unitCode: string): UnitRole | null {
    return this.taskUnits(task).find((u) => u.code === unitCode)?.role ?? null;
  }

  tasksOf(unitCode: string): { task: Task; role: UnitRole }[] {
    return this.responsibility().byUnit.get(unitCode) ?? [];
  }

  /**
   * The kinds of period in use and when ([from, to) China days, from 设置变更记录; before any switch, the kind in use
   * now): a period was asked of the units when its kind was in use on its last day. Switched from 季报 to 月报 on 1
   * October, the third quarter (ended 30 September, due 5 October) is still owed, and September is not: nobody was
   * asked for it. (As a revised plan takes the periods ending on or after the day it is adopted.)
   */
  kindSpans(): KindSpan[] {
    // Read again after any change to the settings they come from (Store.settingsVersion) or to the plans held (the
    // default 起报 day): an import asks for them for every file it applies.
    const root = this.root;
    const version = this.store.settingsVersion;
    if (root.spansKept?.version !== version) {
      // (Nothing is owed before the 起报周期: every span begins on that day at the earliest.)
      const spans = kindSpansOf(this.periodKind, this.store.settingsChanges.kindSwitches().map((c) => ({ at: c.at, before: c.before ?? '', after: c.after ?? '' })), this.owedFrom);
      root.spansKept = { version, spans };
    }
    return root.spansKept.spans.map((s) => ({ ...s }));
  }

  /**
   * 起报: the periods owed are those ending on or after this day (China days, YYYY-MM-DD). The bureau's 起报周期 (meta
   * `owed_from`, the first day of the period it chose; a unit's database takes the bureau's by set-up file); without
   * one, the day the earliest plan held was issued: nothing was owed under a plan before it existed (the plan of 14
   * July 2021: from 2021年第三季度, not its first two quarters). PLAN_SINCE_ALWAYS: every period is owed (a database
   * in use before there was a 起报周期, migration 025).
   */
  get owedFrom(): string {
    const set = this.store.meta.get(OWED_FROM);
    if (set !== null && (set === PLAN_SINCE_ALWAYS || isRealIsoDate(set))) return set;
    const root = this.root;
    root.issued ??= this.planIssuedOn ?? PLAN_SINCE_ALWAYS;
    return root.issued;
  }

  /** The day the earliest plan held was issued (`plan.issuedOn`), or null when none says a real day. */
  get planIssuedOn(): string | null {
    return this.store.catalogs.issuedDates().filter(isRealIsoDate).sort()[0] ?? null;
  }

  /**
   * The first period owed (`owedFrom`): the earliest the units were asked for (`askedIn`), of whichever kind was in use
   * then (set as 2021年第四季度 and switched to 月报 in November: 2021年11月, the quarter no longer owed). Of `kind`, the
   * one that holds the day (a period of another kind before it is said against it). Null when every period is owed.
   */
  firstOwed(kind?: PeriodKind): Period | null {
    const day = this.owedFrom;
    if (day === PLAN_SINCE_ALWAYS) return null;
    if (kind) return periodContaining(kind, day);
    return firstAsked(this.kindSpans(), day) ?? periodContaining(this.periodKind, day);
  }

  /**
   * Refuses a decision on a period nobody owes (before the 起报周期, or of a kind given up) that is listed only for what
   * it holds: nothing there is 审核, 退回 or registered.
   */
  requireOwed(p: Period, what: string): void {
    if (this.asked(p)) return;
    const first = this.firstOwed();
    const why = first && p.endsOn < this.owedFrom ? `在起报周期（${first.label}）之前` : `不是本系统现在收取的周期（现按${PERIOD_KIND_LABELS[this.periodKind]}填报）`;
    throw new AppError(ERROR_CODES.periodNotOwed, `“${p.label}”${why}，各单位不需要报送这一期，不能${what}`);
  }

  /**
   * Refuses a period beginning more than a year from today (a year mistyped: 2062-Q3 for 2026-Q3): nothing is
   * reported, exported or printed for it. Within a year is taken: a computer whose clock is months behind still
   * works on the period under way.
   */
  requireNotFarAhead(period: Period, what: string): void {
    if (period.startsOn > addDays(chinaDate(this.nowIso()), 366)) {
      throw new AppError(ERROR_CODES.invalidInput, `报送周期“${period.label}”尚未开始（${formatChineseDate(period.startsOn)}开始），不能${what}：请检查报送周期是否选错`);
    }
  }

  /** Whether the units were asked for `p` (kindSpans). */
  asked(p: Period, spans = this.kindSpans()): boolean {
    return askedIn(spans, p);
  }

  /** 上期: the period owed before `p`, of whichever kind was in use then (`periodBefore`). */
  periodBefore(p: Period, spans = this.kindSpans()): Period {
    return periodBefore(p, spans);
  }

  /**
   * A well-formed period of the kind in use, or of a kind in use before that the units were asked for (the quarter
   * still due when the bureau switched to 月报: its files are still taken, its status and 督办 still had).
   */
  period(ref: string): Period {
    const p = parsedPeriod(ref);
    // (One of another kind that holds reports, too: the quarter a clerk had begun when the bureau switched to 月报 stays
    // readable, its text to be taken into the months.)
    if (p.kind !== this.periodKind && !this.asked(p) && !this.store.reports.holdsPeriod(p.id)) {
      throw new AppError(
        ERROR_CODES.periodKind,
        `本系统当前按${PERIOD_KIND_LABELS[this.periodKind]}填报，“${p.label}”是${PERIOD_KIND_LABELS[p.kind]}周期（报送周期可能已经更改，请改选${PERIOD_KIND_LABELS[this.periodKind]}的周期）`,
      );
    }
    // One that ended before the 起报周期 is nobody's to fill in (unless reports are held for it: they stay readable).
    const first = p.endsOn < this.owedFrom ? this.firstOwed() : null;
    if (first && !this.store.reports.holdsPeriod(p.id)) {
      throw new AppError(
        ERROR_CODES.periodNotOwed,
        `“${p.label}”在起报周期（${first.label}）之前，不要求报送${this.role === 'unit' ? '（起报周期由区局的设置文件决定）' : '（起报周期在“设置”的“报送周期”中设定）'}`,
      );
    }
    return p;
  }

  /** A period's 截止日期: the bureau's, else the default (`periodView` says it with the rest). */
  deadlineOf(p: Period): string {
    return this.store.periods.get(p.id)?.deadline ?? defaultDeadline(p);
  }

  periodView(p: Period): PeriodView {
    const before = this.periodBefore(p);
    const setting = this.store.periods.get(p.id);
    const deadline = setting?.deadline ?? defaultDeadline(p);
    return {
      id: p.id,
      kind: p.kind,
      label: p.label,
      startsOn: p.startsOn,
      endsOn: p.endsOn,
      deadline,
      closed: setting?.closed ?? false,
      daysLeft: daysUntil(deadline, this.today()),
      // (None before the first period owed, unless reports are held for the one before it.)
      previous: before.year >= 2000 && (this.asked(before) || this.store.reports.holdsPeriod(before.id)) ? before.id : null,
      owed: this.asked(p),
    };
  }

  /**
   * Units write only their own reports in a unit's database; nobody writes
   * into a closed period (the bureau reopens it first, as its imports refuse
   * such files).
   */
  assertMayWrite(unit: Unit, period: Period): void {
    // A past period may still count a unit deactivated since (`at`); nothing is written for it.
    if (!unit.active) throw new AppError(ERROR_CODES.notResponsible, `“${unit.name}”已停用，不再填报`);
    const own = this.ownUnitCode;
    if (this.role === 'unit' && own !== unit.code) {
      const ownName = own ? (this.store.units.byCode(own)?.name ?? own) : '';
      throw new AppError(ERROR_CODES.notOwnUnit, `本数据库属于“${ownName}”，不能填写“${unit.name}”的报告`);
    }
    if (this.store.periods.get(period.id)?.closed) {
      throw new AppError(
        ERROR_CODES.periodClosed,
        this.role === 'unit'
          ? `报送周期“${period.label}”已关闭，不再填报（区局也不再接收本期报送）。如需补报，请与区局联系，由区局重新开放该周期并下发新的设置文件。`
          : `报送周期“${period.label}”已关闭，不再填报。如需更正，请先在 设置 → 报送截止日期 中重新开放该周期。`,
      );
    }
    // One listed only for what it holds (before the 起报周期, or of a kind given up): read, not written.
    this.requireOwed(period, '填写（已填写的内容仍可查看）');
    this.requireNotFarAhead(period, '填报');
  }
}

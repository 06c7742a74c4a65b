/** Set-up calls: init, app info, catalog view, units, periods, targets. */
import type { Indicator, Task, Unit } from '../../../shared/catalog/types';
import { AppError, ERROR_CODES } from '../../../shared/errors';
import { chinaDate, defaultFirstPeriod, formatChineseDate, isPeriodId, latestDeadline, parsePeriod, PERIOD_KIND_LABELS, periodContaining, periodsOfYear, PLAN_SINCE_ALWAYS, type Period, type PeriodKind } from '../../../shared/period';
import { describeTarget, mustNotFall } from '../../../shared/report';
import { canonicalUnitName } from '../../../shared/text';
import type { AppInfo, AssignedTargetView, CatalogView, PeriodView, SettingsChangeView, UnitContactView } from '../../../shared/views';
import type { HandlerInput } from '../../../shared/api';
import { DEFAULT_CATALOG, OWED_FROM, parsedPeriod, type CoreContext } from '../context';
import { schemaVersion } from '../store/db';
import { DATABASE_ID } from '../exchange/format';
import { planChanges } from '../exchange/plan-diff';
import { noticeNumber } from '../forms/notice';

export const APP_VERSION = '0.1.0';

export function appInfo(ctx: CoreContext): AppInfo {
  const role = ctx.role;
  const own = ctx.ownUnitCode;
  const demo = ctx.store.meta.get('demo_periods');
  return {
    initialized: ctx.initialized,
    role,
    unit: own ? ctx.store.units.byCode(own) : null,
    periodKind: ctx.periodKind,
    kindSpans: ctx.kindSpans(),
    ...firstOwedInfo(ctx),
    catalogVersion: ctx.initialized ? ctx.catalog().version : null,
    schemaVersion: schemaVersion(ctx.store.db),
    dbPath: ctx.dbPath,
    today: ctx.today(),
    currentPeriod: periodContaining(ctx.periodKind, ctx.today()).id,
    reportCount: ctx.store.reports.count(),
    demoPeriods: demo ? (JSON.parse(demo) as string[]) : [],
    appVersion: APP_VERSION,
  };
}

function firstOwedInfo(ctx: CoreContext): Pick<AppInfo, 'firstOwed' | 'planIssuedOn'> {
  const first = ctx.initialized ? ctx.firstOwed() : null;
  return { firstOwed: first && { id: first.id, label: first.label }, planIssuedOn: ctx.planIssuedOn };
}

export function init(ctx: CoreContext, input: HandlerInput<'app.init'>): AppInfo {
  if (input.role === 'unit' && !input.unit) throw new AppError(ERROR_CODES.invalidInput, '填报单位角色需要指定单位（--unit）');
  if (input.role === 'bureau' && input.unit) throw new AppError(ERROR_CODES.invalidInput, '区局汇总角色不需要指定单位');
  ctx.store.tx(() => {
    const wasInitialized = ctx.initialized;
    if (wasInitialized) {
      const same = ctx.role === input.role;
      if (!same) throw new AppError(ERROR_CODES.alreadyInitialized, `数据库已初始化为“${ctx.role === 'bureau' ? '区局汇总' : '填报单位'}”，不能改为其他角色`);
    } else {
      if (ctx.store.units.count() === 0) for (const u of DEFAULT_CATALOG.units) ctx.store.units.upsert(u, ctx.nowIso(), ctx.nowIso());
      if (!ctx.store.catalogs.active()) ctx.store.catalogs.adopt(DEFAULT_CATALOG, ctx.nowIso());
      ctx.invalidateCatalog();
      ctx.store.meta.set('created_at', ctx.nowIso());
      // Its own id from the start (its exports carry it; a whole copy of it is known by it).
      if (ctx.store.meta.get(DATABASE_ID) === null) ctx.store.meta.set(DATABASE_ID, ctx.newId());
    }
    if (input.role === 'unit') {
      const unit = ctx.resolveUnit(input.unit as string);
      const own = ctx.ownUnitCode;
      if (own && own !== unit.code) throw new AppError(ERROR_CODES.alreadyInitialized, '数据库已属于另一个填报单位');
      ctx.store.meta.set('unit', unit.code);
    }
    // The kind of a database in use changes only through its own route (the bureau's settings, with their checks and
    // 设置变更记录; a unit's by the bureau's set-up file), never by initialising it again.
    const kindNow = ctx.store.meta.get('period_kind') as PeriodKind | null;
    if (input.periodKind && wasInitialized && kindNow && input.periodKind !== kindNow) {
      throw new AppError(
        ERROR_CODES.alreadyInitialized,
        `数据库已初始化，报送周期为${PERIOD_KIND_LABELS[kindNow]}，未作任何更改；${input.role === 'bureau' ? '更改报送周期请在“设置”中进行（命令行：settings --period-kind），会记入设置变更记录' : '填报单位的报送周期由区局的设置文件决定'}`,
      );
    }
    if (input.periodKind) ctx.store.meta.set('period_kind', input.periodKind);
    else if (!kindNow) ctx.store.meta.set('period_kind', 'quarter');
    // The 起报周期 chosen on a database set up now (as the kind, it changes only through 设置 once in use); without one,
    // the period being reported (defaultFirstPeriod).
    if (input.firstPeriod === undefined && !wasInitialized) {
      ctx.store.meta.set(OWED_FROM, defaultFirstPeriod(ctx.periodKind, firstOwedInfo(ctx).planIssuedOn, ctx.today(), input.role === 'unit').startsOn);
    } else if (input.firstPeriod !== undefined) {
      const p = firstPeriodChosen(ctx, input.firstPeriod);
      if (wasInitialized && ctx.firstOwed()?.id !== p.id) {
        throw new AppError(ERROR_CODES.alreadyInitialized, `数据库已初始化，起报周期为${ctx.firstOwed()?.label ?? '各期都要求报送'}，未作任何更改；${input.role === 'bureau' ? '更改起报周期请在“设置”中进行（命令行：settings --first-period），会记入设置变更记录' : '填报单位的起报周期由区局的设置文件决定'}`);
      }
      ctx.store.meta.set(OWED_FROM, p.startsOn);
    }
    ctx.store.meta.set('role', input.role);
  });
  return appInfo(ctx);
}

export function catalogView(ctx: CoreContext, period?: string): CatalogView {
  if (period !== undefined) ctx = ctx.at(ctx.period(period).id);
  const c = ctx.catalog();
  // The targets handed down for the period's year (this year's without one).
  const year = period !== undefined ? ctx.period(period).year : Number(ctx.today().slice(0, 4));
  const assigned = ctx.store.targets.forYear(year);
  return {
    version: c.version,
    plan: c.plan,
    categories: c.categories,
    tasks: c.tasks.map((t) => ({
      no: t.no,
      category: t.category,
      title: t.title,
      body: t.body,
      intro: t.intro,
      measures: t.measures,
      unitsText: t.unitsText,
      units: ctx.taskUnits(t),
      allTowns: t.allTowns,
      indicators: t.indicators.map((i) => ({
        id: i.id,
        name: i.name,
        comparator: i.comparator,
        target: i.target,
        unit: i.unit,
        notLower: i.notLower,
        targetText: describeTarget(i, assigned.get(i.id) ?? null),
        assigned: assigned.get(i.id) ?? null,
      })),
      originalText: t.originalText,
      corrections: t.corrections,
    })),
    units: ctx.unitsInForce(),
  };
}

export function saveUnit(ctx: CoreContext, input: HandlerInput<'units.save'>): Unit {
  ctx.requireBureau('修改填报单位');
  return ctx.store.tx(() => {
    const all = ctx.store.units.list(true);
    // Names are looked up with spaces and full-width brackets forgiven (resolveUnit): one that reads as another's name,
    // or as a unit's code, could never be found by its own.
    const want = canonicalUnitName(input.name);
    const clash = all.find((u) => canonicalUnitName(u.name) === want && u.code !== input.code);
    if (clash) throw new AppError(ERROR_CODES.invalidInput, clash.name === input.name ? `已有名为“${input.name}”的单位（代码 ${clash.code}）` : `“${input.name}”与已有的单位“${clash.name}”（代码 ${clash.code}）只差空格或括号的全角半角，按名称查找时无法区分；请换一个名称`);
    const asCode = all.find((u) => u.code === input.name.trim() && u.code !== input.code);
    if (asCode) throw new AppError(ERROR_CODES.invalidInput, `“${input.name}”是单位“${asCode.name}”的代码，不能用作单位名称`);
    const existing = input.code ? ctx.store.units.byCode(input.code) : null;
    if (existing && existing.kind === 'town' && input.kind === 'department') refuseLosingTownTasks(ctx, existing);
    let code = input.code;
    if (!code) {
      const prefix = input.kind === 'town' ? 'Z' : 'B';
      const used = new Set(all.map((u) => u.code));
      let n = all.filter((u) => u.code.startsWith(prefix)).length + 1;
      while (used.has(`${prefix}${String(n).padStart(2, '0')}`)) n++;
      code = `${prefix}${String(n).padStart(2, '0')}`;
    }
    const unit: Unit = {
      code,
      name: input.name,
      kind: input.kind,
      sort: input.sort ?? existing?.sort ?? (input.kind === 'town' ? 50 : 200) + all.length,
      active: input.active ?? existing?.active ?? true,
    };
    // A rename keeps the name it replaces for the periods due before; a spelling corrected does not.
    ctx.store.units.upsert(unit, ctx.nowIso(), input.correction ? null : ctx.nowIso());
    return unit;
  });
}

/**
 * A town become a department would no longer answer for the tasks of 各镇（街道）: the reports it holds on them, in any
 * period, would drop out of every view, form and count. Refused, saying which, and what to do instead.
 */
function refuseLosingTownTasks(ctx: CoreContext, unit: Unit): void {
  const lost: string[] = [];
  for (const period of ctx.store.reports.periodsHeld().sort()) {
    const plan = ctx.at(period).catalog();
    for (const r of ctx.store.reports.listForUnit(unit.code, period)) {
      const task = plan.tasks.find((t) => t.no === r.task);
      if (task?.allTowns && !task.units.some((u) => u.code === unit.code)) lost.push(`${parsePeriod(period).label}第 ${r.task} 项`);
    }
  }
  if (lost.length === 0) return;
  throw new AppError(
    ERROR_CODES.conflict,
    `“${unit.name}”已填报“各镇（街道）”负责的任务（${lost.slice(0, 5).join('、')}${lost.length > 5 ? ` 等 ${lost.length} 项` : ''}），改为区直部门后这些填报内容将不再显示和统计，未作更改。如该单位已改设为区直部门（机构改革），请停用该单位并新增一个区直部门：已填报的内容留在原单位名下`,
  );
}

export function listPeriods(ctx: CoreContext, year: number | undefined): PeriodView[] {
  const y = year ?? Number(ctx.today().slice(0, 4));
  // The periods the units were asked for: of the kind in use; after a switch, those of the kind before that ended
  // before it (the quarter still due when 月报 began) and not the new kind's that ended before it (nobody was asked for
  // September); by start, the longer first.
  const spans = ctx.kindSpans();
  // (And one of another kind that holds reports: the quarter a clerk had begun when the bureau switched to 月报; one
  // before the 起报周期 that holds reports: readable still.)
  // (Read only after a switch or in a year the 起报周期 is in or after: a scan of the reports, not for every list.)
  const held = new Set(spans.length > 1 || y <= Number(ctx.owedFrom.slice(0, 4)) ? ctx.store.reports.periodsOfYear(y) : []);
  const all = [...new Set([ctx.periodKind, ...spans.map((s) => s.kind)])].flatMap((k) => periodsOfYear(k, y).filter((p) => ctx.asked(p, spans) || held.has(p.id)));
  return all.sort((a, b) => a.startsOn.localeCompare(b.startsOn) || b.endsOn.localeCompare(a.endsOn)).map((p) => ctx.periodView(p));
}

/** Periods begun by today, newest first, back to the first year with data (at least last year; at most 50 years). */
export function recentPeriods(ctx: CoreContext): PeriodView[] {
  const today = ctx.today();
  const thisYear = Number(today.slice(0, 4));
  const firsts = [ctx.store.reports.firstPeriod(), ctx.store.submissions.firstPeriod()].filter((p): p is string => p !== null).map((p) => Number(p.slice(0, 4)));
  const from = Math.max(thisYear - 50, Math.min(thisYear - 1, ...firsts.filter((y) => Number.isInteger(y))));
  const out: PeriodView[] = [];
  for (let y = thisYear; y >= from; y--) out.push(...listPeriods(ctx, y).filter((p) => p.startsOn <= today).reverse());
  return out;
}

export function setPeriodKind(ctx: CoreContext, input: HandlerInput<'periods.setKind'>): AppInfo {
  ctx.requireBureau('更改报送周期类型');
  ctx.store.tx(() => {
    ctx.store.settingsChanges.record({ at: ctx.nowIso(), kind: 'period_kind', subject: '', before: ctx.periodKind, after: input.kind });
    ctx.store.meta.set('period_kind', input.kind);
  });
  return appInfo(ctx);
}

/**
 * A 起报周期 as chosen: a period of the kind in use, from the first of the year the plan was issued in (a bureau that
 * wants that year's first half reported) to the one under way. Not `ctx.period`: one before the 起报周期 in force may be
 * chosen, moving it back.
 */
function firstPeriodChosen(ctx: CoreContext, ref: string): Period {
  const p = parsedPeriod(ref);
  const kind = ctx.periodKind;
  if (p.kind !== kind) throw new AppError(ERROR_CODES.periodKind, `起报周期应为${PERIOD_KIND_LABELS[kind]}的周期（本系统现按${PERIOD_KIND_LABELS[kind]}填报），“${p.label}”是${PERIOD_KIND_LABELS[p.kind]}周期`, [{ field: 'period', message: `应为${PERIOD_KIND_LABELS[kind]}的周期` }]);
  const issued = firstOwedInfo(ctx).planIssuedOn;
  if (issued !== null && p.year < Number(issued.slice(0, 4))) {
    throw new AppError(ERROR_CODES.invalidInput, `起报周期不能早于工作方案印发（${formatChineseDate(issued)}）当年的第一期（${periodsOfYear(kind, Number(issued.slice(0, 4)))[0]!.label}）`, [{ field: 'period', message: '早于工作方案印发当年' }]);
  }
  const under = periodContaining(kind, ctx.today());
  if (p.startsOn > under.startsOn) throw new AppError(ERROR_CODES.invalidInput, `起报周期不能晚于当前周期（${under.label}）：尚未开始的周期不能设为起报周期`, [{ field: 'period', message: '晚于当前周期' }]);
  return p;
}

/** Periods owed now holding work (reports, files received, 督办单, 退回, 审核通过), oldest end first, each said with what it holds. */
function owedWorkHeld(ctx: CoreContext): { period: Period; said: string }[] {
  const spans = ctx.kindSpans();
  return ctx.store
    .workHeld()
    .filter((w) => isPeriodId(w.period) && ctx.asked(parsePeriod(w.period), spans))
    .map((w) => {
      const parts = [
        w.received > 0 ? `已收到 ${w.received} 个单位的报送` : w.reported > 0 ? `${w.reported} 个单位已有填报内容` : '',
        w.approvals > 0 ? `审核通过 ${w.approvals} 次` : '',
        w.returns > 0 ? `退回 ${w.returns} 次` : '',
        w.notices > 0 ? `督办单 ${w.notices} 份` : '',
      ].filter((x) => x !== '');
      const period = parsePeriod(w.period);
      return { period, said: `${period.label}（${parts.join('、')}）` };
    })
    .sort((a, b) => a.period.endsOn.localeCompare(b.period.endsOn));
}

/** Up to three periods said, and how many more. */
const heldSaid = (held: readonly { said: string }[]): string => `${held.slice(0, 3).map((h) => h.said).join('、')}${held.length > 3 ? ` 等 ${held.length} 期` : ''}`;

/**
 * How far the 起报周期 may move on: the latest period of the kind in use still owing every period that holds work (a
 * later one would leave that work uncounted and its decisions unanswerable: a unit's corrected file refused), and what
 * is held there; null when nothing owed holds work (any period up to the one under way).
 */
export function firstPeriodLimit(ctx: CoreContext): { latest: PeriodView; held: string } | null {
  const held = owedWorkHeld(ctx);
  const earliest = held[0];
  if (!earliest) return null;
  const under = periodContaining(ctx.periodKind, ctx.today());
  const at = periodContaining(ctx.periodKind, earliest.period.endsOn);
  return { latest: ctx.periodView(at.startsOn < under.startsOn ? at : under), held: heldSaid(held) };
}

/** A 起报周期 moved on past periods owed now that hold work: refused, saying what is held where and how far it may go. */
function refuseDroppingWork(ctx: CoreContext, p: Period): void {
  const dropped = owedWorkHeld(ctx).filter((h) => h.period.endsOn < p.startsOn);
  if (dropped.length === 0) return;
  const limit = firstPeriodLimit(ctx);
  throw new AppError(
    ERROR_CODES.conflict,
    `起报周期不能改为${p.label}：${heldSaid(dropped)}已有报送内容或督办。这些报送、审核和督办须照常统计和办理，起报周期最晚可改为${limit?.latest.label ?? ''}；如这些是试用时的演示数据或测试导入，请新建数据库后再正式开始使用`,
    [{ field: 'period', message: '以前各期已有报送内容' }],
  );
}

/**
 * 起报周期 (bureau only): the first period of the kind in use the units owe; those that ended before it are asked of
 * nobody (not 未报, not counted, not offered in 督办管理). From the first of the plan's year to the one under way, not on
 * past work held. Kept as that period's first day; said in 设置变更记录; the units take it by set-up file.
 */
export function setFirstPeriod(ctx: CoreContext, input: HandlerInput<'periods.setFirst'>): AppInfo {
  ctx.requireBureau('设置起报周期');
  const p = firstPeriodChosen(ctx, input.period);
  refuseDroppingWork(ctx, p);
  const before = ctx.firstOwed();
  ctx.store.tx(() => {
    ctx.store.settingsChanges.record({ at: ctx.nowIso(), kind: 'owed_from', subject: '', before: before?.id ?? null, after: p.id });
    ctx.store.meta.set(OWED_FROM, p.startsOn);
  });
  return appInfo(ctx);
}

/**
 * A deadline moved later: the 督办单 for not sending (逾期未报送) issued for the period on or before the new deadline and
 * not voided now say a unit was late that, by the new deadline, was not: named, so the bureau can void them (作废).
 */
function missingNoticesBefore(ctx: CoreContext, period: string, deadline: string): string[] {
  const plan = ctx.catalog().plan;
  return ctx.store.notices
    .list(period)
    .filter((n) => n.reason === 'missing' && n.voidedAt === null && chinaDate(n.issuedAt) <= deadline)
    .map((n) => `${noticeNumber(plan, n)}（${n.unitName ?? ctx.unitName(n.unit)}）`);
}

export function setDeadline(ctx: CoreContext, input: HandlerInput<'periods.setDeadline'>): PeriodView & { missingNotices: string[] } {
  ctx.requireBureau('设置截止日期');
  const p = ctx.period(input.period);
  // A period of another kind, readable for the reports it holds, that nobody was asked for: a deadline there would
  // only show every unit as 未到截止日期 for it.
  if (!ctx.asked(p)) {
    throw new AppError(ERROR_CODES.periodKind, `${p.label}不要求报送（本系统现按${PERIOD_KIND_LABELS[ctx.periodKind]}填报，这一期结束时已不按${PERIOD_KIND_LABELS[p.kind]}填报），无需设置截止日期；请改选${PERIOD_KIND_LABELS[ctx.periodKind]}的周期`);
  }
  if (input.deadline < p.endsOn) {
    throw new AppError(ERROR_CODES.invalidInput, `截止日期不能早于周期结束日（${formatChineseDate(p.endsOn)}）`);
  }
  const latest = latestDeadline(p.endsOn);
  if (input.deadline > latest) throw new AppError(ERROR_CODES.invalidInput, `截止日期${formatChineseDate(input.deadline)}晚于周期结束后一年（${formatChineseDate(latest)}），请检查年份`);
  const was = ctx.periodView(p);
  const closed = input.closed ?? was.closed;
  ctx.store.tx(() => {
    const at = ctx.nowIso();
    ctx.store.settingsChanges.record({ at, kind: 'deadline', subject: p.id, before: was.deadline, after: input.deadline });
    ctx.store.settingsChanges.record({ at, kind: 'closed', subject: p.id, before: was.closed ? '1' : '0', after: closed ? '1' : '0' });
    ctx.store.periods.set({ period: p.id, deadline: input.deadline, closed });
  });
  return { ...ctx.periodView(p), missingNotices: input.deadline > was.deadline ? missingNoticesBefore(ctx, p.id, input.deadline) : [] };
}

/** 设置变更记录 in words, oldest first (of one period: its deadline and closing). */
export function settingsLog(ctx: CoreContext, input: HandlerInput<'settings.log'>): SettingsChangeView[] {
  const period = input.period !== undefined ? ctx.period(input.period).id : undefined;
  const label = (id: string): string => (isPeriodId(id) ? parsePeriod(id).label : id);
  const indicators = new Map(ctx.catalog().tasks.flatMap((t) => t.indicators.map((i) => [i.id, i] as const)));
  return ctx.store.settingsChanges.list(period).map((c) => {
    switch (c.kind) {
      case 'deadline':
        return { at: c.at, text: `${label(c.subject)}截止日期：${c.before ? formatChineseDate(c.before) : '—'} 改为 ${c.after ? formatChineseDate(c.after) : '—'}` };
      case 'closed':
        return { at: c.at, text: c.after === '1' ? `关闭${label(c.subject)}（不再接收报送）` : `重新开放${label(c.subject)}` };
      case 'target': {
        const [id = '', year = ''] = c.subject.split('/');
        const ind = indicators.get(id);
        const v = (x: string | null): string => (x === null ? '未录入' : `${x}${ind?.unit ?? ''}`);
        return { at: c.at, text: `${id}${ind ? ` ${ind.name}` : ''} ${year}年上级下达目标：${v(c.before)} 改为 ${c.after === null ? '清除' : v(c.after)}` };
      }
      case 'baseline': {
        const [id = '', year = ''] = c.subject.split('/');
        const ind = indicators.get(id);
        const v = (x: string | null): string => (x === null ? '未录入' : `${x}${ind?.unit ?? ''}`);
        return { at: c.at, text: `${id}${ind ? ` ${ind.name}` : ''} ${year}年基准值：${v(c.before)} 改为 ${c.after === null ? '清除' : v(c.after)}` };
      }
      case 'owed_from':
        return { at: c.at, text: `起报周期：${c.before && isPeriodId(c.before) ? parsePeriod(c.before).label : '各期都要求报送'} 改为 ${c.after && isPeriodId(c.after) ? parsePeriod(c.after).label : '—'}（此前结束的各期不要求报送）` };
      case 'period_kind':
        return { at: c.at, text: `报送周期：${PERIOD_KIND_LABELS[c.before as PeriodKind] ?? c.before} 改为 ${PERIOD_KIND_LABELS[c.after as PeriodKind] ?? c.after}` };
      case 'catalog': {
        // Which periods it took, as the plan schedule has it: all of them when nothing was held yet.
        const from = ctx.planSchedule().find((e) => e.version === c.after)?.from;
        const took = from === undefined ? '' : from === PLAN_SINCE_ALWAYS ? '（采用时还没有填报内容，各期都按新清单）' : `（${formatChineseDate(from)}及以后结束的各期按新清单，此前结束的各期仍按原清单）`;
        // What it changed, plan against plan (both plans are held), so the entry still says it once the plan moved on.
        const [was, now] = [c.before === null ? null : ctx.store.catalogs.byVersion(c.before), c.after === null ? null : ctx.store.catalogs.byVersion(c.after)];
        const changes = was && now ? planChanges(was, now, ctx.store.units.list(true)) : [];
        return { at: c.at, text: `任务清单：${c.before ?? '—'} 改为 ${c.after ?? '—'}${took}${changes.length > 0 ? `。变化：${changes.join('；')}` : ''}` };
      }
    }
  });
}

/** Whom to call at each unit, from its latest report that names a 填报人 or phone. */
export function unitContacts(ctx: CoreContext): UnitContactView[] {
  return ctx.store.reports.latestContacts().map((c) => ({ unit: c.unit, filledBy: c.filledBy, phone: c.phone, period: c.period, periodLabel: isPeriodId(c.period) ? parsePeriod(c.period).label : c.period }));
}

/**
 * A year's indicators: those of the plan each of the year's periods is on (a revised plan adopted mid-year, or one
 * for a later year, changes them), each once, in task order.
 */
function indicatorsOfYear(ctx: CoreContext, year: number): { indicator: Indicator; task: Task }[] {
  const seen = new Map<string, { indicator: Indicator; task: Task }>();
  const catalogs = [...new Set(periodsOfYear(ctx.periodKind, year).map((p) => ctx.catalogFor(p.id)))];
  for (const c of catalogs) {
    for (const t of c.tasks) for (const i of t.indicators) if (!seen.has(i.id)) seen.set(i.id, { indicator: i, task: t });
  }
  return [...seen.values()].sort((a, b) => a.task.no - b.task.no);
}

/** What the bureau enters per indicator and year: the target handed down from above, or the 基准值 of one that must not fall. */
const YEARLY = {
  target: { repo: 'targets', what: '上级下达目标', applies: (i: Indicator) => i.comparator === 'meets_assigned', otherwise: '的目标由工作方案确定，不需要录入上级下达目标' },
  baseline: { repo: 'baselines', what: '基准值', applies: mustNotFall, otherwise: '不是“不降低”类指标，不需要录入基准值' },
} as const;

function listYearly(ctx: CoreContext, kind: keyof typeof YEARLY, year: number): AssignedTargetView[] {
  const entered = ctx.store[YEARLY[kind].repo].forYear(year);
  return indicatorsOfYear(ctx, year)
    .filter((x) => YEARLY[kind].applies(x.indicator))
    .map(({ indicator: i, task: t }) => ({ indicator: i.id, name: i.name, unit: i.unit, task: t.no, taskTitle: t.title, target: entered.get(i.id) ?? null }));
}

function setYearly(ctx: CoreContext, kind: keyof typeof YEARLY, input: { indicator: string; year: number; target: number | null }): { indicator: string; year: number; target: number | null } {
  const { repo, what, applies, otherwise } = YEARLY[kind];
  ctx.requireBureau(`录入${what}`);
  const ind = indicatorsOfYear(ctx, input.year).find((x) => x.indicator.id === input.indicator)?.indicator;
  if (!ind) throw new AppError(ERROR_CODES.notFound, `${input.year}年的任务清单中没有编号为“${input.indicator}”的指标`);
  if (!applies(ind)) throw new AppError(ERROR_CODES.invalidInput, `指标“${ind.name}”${otherwise}`);
  // As a value reported for it is checked (checkIndicatorValue), and a revised plan's target.
  if (input.target !== null && ind.unit === '%' && input.target > 100) throw new AppError(ERROR_CODES.invalidInput, `指标“${ind.name}”是百分比，${what}不能超过 100%（填的是 ${input.target}%），请填写 0–100 之间的数`, [{ field: 'target', message: `${what}不能超过 100%` }]);
  ctx.store.tx(() => {
    const before = ctx.store[repo].get(ind.id, input.year);
    ctx.store.settingsChanges.record({ at: ctx.nowIso(), kind, subject: `${ind.id}/${input.year}`, before: before === null ? null : String(before), after: input.target === null ? null : String(input.target) });
    if (input.target === null) ctx.store[repo].remove(ind.id, input.year);
    else ctx.store[repo].set(ind.id, input.year, input.target);
  });
  return { indicator: ind.id, year: input.year, target: input.target };
}

/** The indicators whose target is handed down from above, each with the year's target entered (or null). */
export const listTargets = (ctx: CoreContext, input: HandlerInput<'targets.list'>): AssignedTargetView[] => listYearly(ctx, 'target', input.year);
export const setTarget = (ctx: CoreContext, input: HandlerInput<'targets.set'>) => setYearly(ctx, 'target', input);
/** The indicators that must not fall (不降低), each with the year's 基准值 entered (or null). */
export const listBaselines = (ctx: CoreContext, input: HandlerInput<'baselines.list'>): AssignedTargetView[] => listYearly(ctx, 'baseline', input.year);
export const setBaseline = (ctx: CoreContext, input: HandlerInput<'baselines.set'>) => setYearly(ctx, 'baseline', input);

/**
 * 督办管理: the bureau picks the lagging matters to send a 督办单 for, issues them (签发: numbered in the year's
 * sequence, dated, with a 办理时限 and 督办要求 it may word), and follows them up in the 督办台账 (反馈 recorded,
 * overdue ones marked, the matter's state now beside it). A notice keeps what it said when issued: printed again it
 * is the same document.
 */
import type { HandlerInput } from '../../../shared/api';
import { AppError, ERROR_CODES } from '../../../shared/errors';
import { DEFAULT_DEMANDS, latestDueOn, missingProblems, NO_PROBLEM_STATED, NOTICE_DAYS, noticeMatter } from '../../../shared/notice';
import { addDays, chinaDate, formatChineseDate, isPeriodId, parsePeriod, PERIOD_KIND_LABELS, type Period } from '../../../shared/period';
import type { Unit } from '../../../shared/catalog/types';
import type { NoticeCandidate, NoticeView } from '../../../shared/views';
import type { CoreContext } from '../context';
import { noticeNumber } from '../forms/notice';
import type { Notice } from '../store/repos/notices';
import { receivedUnits } from './status';
import { summary } from './summary';

/** How far back a streak of 进度滞后 is counted. */
const STREAK_LIMIT = 24;

/** The notice's tasks with their titles: as issued, or (carried over by migration 019) from the period's plan. */
function titled(ctx: CoreContext, tasks: Notice['tasks']): { no: number; title: string }[] {
  const plan = ctx.catalog().tasks;
  return tasks.map((t) => (typeof t === 'number' ? { no: t, title: plan.find((x) => x.no === t)?.title ?? '' } : t));
}

const numbersOf = (n: Notice): number[] => n.tasks.map((t) => (typeof t === 'number' ? t : t.no));

/** A period as named (another kind than the one in use too: its notices stay listed and printable). */
export function noticePeriod(ctx: CoreContext, ref: string): Period {
  const id = ref.trim();
  return isPeriodId(id) ? parsePeriod(id) : ctx.period(ref);
}

/** Periods in a row (this one included) the unit's report on the task was 进度滞后. */
function streakOf(ctx: CoreContext, unit: string, task: number, period: Period, receivedOf: (period: string) => Set<string> | null): number {
  let n = 1;
  // Across a switch of kind too (lagging in the third quarter and in October is two periods in a row).
  const spans = ctx.kindSpans();
  for (let p = ctx.periodBefore(period, spans); n < STREAK_LIMIT; p = ctx.periodBefore(p, spans)) {
    // As received: what the bureau typed in for the unit then and never registered is not the unit's (receivedUnits).
    if (ctx.store.reports.get(unit, p.id, task)?.status !== '进度滞后' || receivedOf(p.id)?.has(unit) === false) break;
    n++;
  }
  return n;
}

/** The matters of a period a 督办单 may be issued for: each lagging task × unit, and each unit's tasks not reported once the deadline passed (one matter per unit). Units deactivated since get none. */
export function noticeCandidates(ctx: CoreContext, period: Period): NoticeCandidate[] {
  ctx.requireBureau('查看督办事项');
  // A period nobody was asked for (a month that ended before the switch to 月报) is owed by nobody.
  if (!ctx.asked(period)) return [];
  const s = summary(ctx, period);
  const at = ctx.at(period.id);
  const plan = at.catalog().plan;
  // A voided notice leaves its matter open again.
  const issued = ctx.store.notices.list(period.id).filter((n) => n.voidedAt === null);
  const numbered = (n: Notice | undefined): NoticeCandidate['issued'] => (n ? { id: n.id, number: noticeNumber(plan, n) } : null);
  const out: NoticeCandidate[] = [];
  const missing = new Map<string, NoticeCandidate>();
  const refused = new Map(s.units.map((u) => [u.unit, u.refusedFile]));
  // Each earlier period's units whose content counts as received, read once for every streak.
  const received = new Map<string, Set<string> | null>();
  const receivedOf = (p: string): Set<string> | null => {
    if (!received.has(p)) received.set(p, receivedUnits(ctx, p));
    return received.get(p) as Set<string> | null;
  };
  for (const l of s.lagging) {
    if (l.inactive) continue;
    if (l.reason === 'lagging') {
      out.push({
        unit: l.unit,
        unitName: l.unitName,
        reason: 'lagging',
        tasks: [{ no: l.task, title: l.title }],
        problems: l.problems,
        streak: streakOf(at, l.unit, l.task, period, receivedOf),
        issued: numbered(issued.find((n) => n.reason === 'lagging' && n.unit === l.unit && numbersOf(n).includes(l.task))),
      });
      continue;
    }
    const seen = missing.get(l.unit);
    if (seen) seen.tasks.push({ no: l.task, title: l.title });
    else {
      const c: NoticeCandidate = {
        unit: l.unit,
        unitName: l.unitName,
        reason: 'missing',
        tasks: [{ no: l.task, title: l.title }],
        problems: '',
        streak: 0,
        issued: numbered(issued.find((n) => n.reason === 'missing' && n.unit === l.unit)),
        refusedFile: refused.get(l.unit) ?? null,
      };
      missing.set(l.unit, c);
      out.push(c);
    }
  }
  for (const c of missing.values()) c.tasks.sort((a, b) => a.no - b.no);
  return out;
}

/** A notice as printed and listed, with where it stands today. */
export function noticeView(ctx: CoreContext, n: Notice, today = ctx.today()): NoticeView {
  const period = parsePeriod(n.period);
  const at = ctx.at(n.period);
  const tasks = titled(at, n.tasks);
  const reports = tasks.map((t) => ctx.store.reports.get(n.unit, n.period, t.no));
  // Carried over without its 存在问题 (none found in the report's history): the report's own only while it still lags.
  const problems =
    n.problems ??
    (n.reason === 'missing' ? missingProblems(ctx.deadlineOf(period)) : reports[0]?.status === '进度滞后' ? reports[0].problems.trim() || NO_PROBLEM_STATED : '（签发时的存在问题未能查到）');
  let now: string;
  let settled: boolean;
  let deadlineMoved: string | null = null;
  if (n.reason === 'lagging') {
    const still = reports.filter((r) => r?.status === '进度滞后').length;
    settled = still === 0;
    now = settled ? `已改为“${reports.map((r) => r?.status ?? '未填报').join('、')}”` : '仍为进度滞后';
  } else {
    // What the bureau typed in for the unit and has not registered as received is not 补报 yet (receivedUnits).
    const received = receivedUnits(ctx, n.period);
    const reported = received === null || received.has(n.unit) ? reports.filter((r) => r !== null).length : 0;
    settled = reported === n.tasks.length;
    now = settled ? '已补报' : reported > 0 ? `已补报 ${reported}/${n.tasks.length} 项` : '仍未报送';
    // The deadline moved (设置) to the day it was issued or later: by today's deadline the unit was not late when it
    // was issued (设置 named it to be voided, as missingNoticesBefore); the ledger says so beside what it sent since.
    const deadline = ctx.deadlineOf(period);
    if (deadline >= chinaDate(n.issuedAt)) deadlineMoved = deadline;
  }
  return {
    id: n.id,
    number: noticeNumber(at.catalog().plan, n),
    year: n.year,
    seq: n.seq,
    period: n.period,
    periodLabel: period.label,
    unit: n.unit,
    unitName: n.unitName ?? at.unitName(n.unit),
    reason: n.reason,
    tasks,
    matter: n.matter ?? noticeMatter(period.label, n.reason, tasks),
    problems,
    demand: n.demand ?? DEFAULT_DEMANDS[n.reason],
    issuedAt: n.issuedAt,
    issuedOn: chinaDate(n.issuedAt),
    dueOn: n.dueOn,
    answeredOn: n.answeredOn,
    answerNote: n.answerNote,
    voidedOn: n.voidedAt ? chinaDate(n.voidedAt) : null,
    voidReason: n.voidReason,
    state: n.voidedAt ? 'voided' : n.answeredOn ? 'answered' : today > n.dueOn ? 'overdue' : 'pending',
    now,
    deadlineMoved,
    settled,
  };
}

export function listNotices(ctx: CoreContext, input: HandlerInput<'notices.list'>): NoticeView[] {
  // A unit's database holds its own notices, as the bureau's set-up file told them.
  if (ctx.role !== 'unit') ctx.requireBureau('查看督办台账');
  const today = ctx.today();
  return ctx.store.notices.list(input.period === undefined ? undefined : noticePeriod(ctx, input.period).id).map((n) => noticeView(ctx, n, today));
}

/** Numbers issued before a restore and not held here (`NoticeRepo.numbersNotHeld`), each year with its next number. */
export function noticesNotHeld(ctx: CoreContext): { years: { year: number; numbers: number[]; next: number }[]; unsureSince: string | null } {
  ctx.requireBureau('查看督办单编号');
  return { years: ctx.store.notices.numbersNotHeld().map((y) => ({ ...y, next: ctx.store.notices.nextSeq(y.year) })), unsureSince: ctx.store.notices.unsureSince() };
}

/** The highest number of a year sent on paper, said by the bureau: the next 签发 numbers above it. */
export function noticesUseUpTo(ctx: CoreContext, input: HandlerInput<'notices.useUpTo'>): { year: number; next: number } {
  ctx.requireBureau('核定督办单编号');
  // Only where this database cannot know them: a number said at any other time (a typo: 500 for 5) would be spent for good.
  if (ctx.store.notices.unsureSince() === null) {
    throw new AppError(ERROR_CODES.invalidInput, '督办单编号无需核定：本数据库的编号是完整的（只有恢复备份、而恢复前的数据库无法读取时，才需按纸质督办台账核定）');
  }
  const thisYear = Number(ctx.today().slice(0, 4));
  if (input.year > thisYear) throw new AppError(ERROR_CODES.invalidInput, `${input.year}年还没有到，不能核定该年的督办单编号`);
  const held = ctx.store.notices.highestHeld(input.year);
  if (input.seq < held) throw new AppError(ERROR_CODES.invalidInput, `本数据库中已有${input.year}年第 ${held} 号督办单，已用到的编号不能小于 ${held}`);
  ctx.store.tx(() => ctx.store.notices.useUpTo(input.year, input.seq));
  return { year: input.year, next: ctx.store.notices.nextSeq(input.year) };
}

/**
 * 签发: numbers the picked matters in the year's sequence, in one transaction, dated today. Refused as a whole, with
 * every reason named, when a matter is no longer lagging or missing, was issued already, or is picked twice.
 */
export function issueNotices(ctx: CoreContext, input: HandlerInput<'notices.issue'>): NoticeView[] {
  ctx.requireBureau('签发督办单');
  const period = ctx.period(input.period);
  const first = period.endsOn < ctx.owedFrom ? ctx.firstOwed() : null;
  if (first) throw new AppError(ERROR_CODES.periodNotOwed, `${period.label}在起报周期（${first.label}）之前，各单位不需要报送这一期，不能为它签发督办单`);
  if (!ctx.asked(period)) {
    throw new AppError(ERROR_CODES.invalidInput, `${period.label}结束时本系统还不是按${PERIOD_KIND_LABELS[period.kind]}填报（报送周期是之后更改的），各单位没有被要求报送这一期，不能为它签发督办单`);
  }
  const today = ctx.today();
  const dueOn = input.dueOn ?? addDays(today, NOTICE_DAYS);
  if (dueOn <= today) throw new AppError(ERROR_CODES.invalidInput, `办理时限 ${formatChineseDate(dueOn)} 应晚于今天（${formatChineseDate(today)}）`, [{ field: 'dueOn', message: '办理时限应晚于今天' }]);
  if (dueOn > latestDueOn(today)) throw new AppError(ERROR_CODES.invalidInput, `办理时限 ${formatChineseDate(dueOn)} 超过一年，请核对`, [{ field: 'dueOn', message: '办理时限不能超过一年' }]);
  const candidates = noticeCandidates(ctx, period);
  const view = ctx.periodView(period);
  const picked: NoticeCandidate[] = [];
  const problems: string[] = [];
  for (const item of input.items) {
    const unit = ctx.resolveUnit(item.unit);
    const c =
      item.task === undefined
        ? candidates.find((x) => x.reason === 'missing' && x.unit === unit.code)
        : candidates.find((x) => x.reason === 'lagging' && x.unit === unit.code && x.tasks[0]!.no === item.task);
    const what = item.task === undefined ? `“${unit.name}”逾期未报送` : `“${unit.name}”第 ${item.task} 项任务`;
    if (!c) problems.push(notACandidate(ctx, period, view.deadline, view.daysLeft >= 0, unit, item.task, candidates));
    else if (c.issued) problems.push(`${what}已签发督办单（${c.issued.number}）`);
    else if (picked.includes(c)) problems.push(`${what}选了两次`);
    else picked.push(c);
  }
  if (problems.length > 0) throw new AppError(ERROR_CODES.conflict, `没有签发：${problems.join('；')}`);
  const year = Number(today.slice(0, 4));
  const issuedAt = ctx.nowIso();
  const added = ctx.store.tx(() =>
    picked.map((c) => {
      const n = {
        id: ctx.newId(),
        year,
        seq: ctx.store.notices.nextSeq(year),
        period: period.id,
        unit: c.unit,
        // A letter dated today: to the unit by the name it goes by today (renamed since the period, it is that name).
        unitName: ctx.unitName(c.unit),
        reason: c.reason,
        tasks: c.tasks,
        matter: noticeMatter(period.label, c.reason, c.tasks),
        problems: c.reason === 'missing' ? missingProblems(view.deadline) : c.problems.trim() || NO_PROBLEM_STATED,
        demand: input.demand?.[c.reason]?.trim() || DEFAULT_DEMANDS[c.reason],
        issuedAt,
        dueOn,
      };
      ctx.store.notices.add(n);
      return n.id;
    }),
  );
  return added.map((id) => noticeView(ctx, ctx.store.notices.get(id) as Notice, today));
}

/** Why a matter picked is not one a notice may be issued for, in words that say when it would be. */
function notACandidate(ctx: CoreContext, period: Period, deadline: string, beforeDeadline: boolean, unit: Unit, task: number | undefined, candidates: readonly NoticeCandidate[]): string {
  if (!unit.active) return `“${unit.name}”已停用，不发督办单`;
  const at = ctx.at(period.id);
  const mine = at.tasksOf(unit.code).map((t) => t.task.no);
  if (mine.length === 0) return `“${unit.name}”在${period.label}没有负责的任务`;
  if (task === undefined) {
    if (beforeDeadline) return `${period.label}的报送截止日期（${formatChineseDate(deadline)}）过后，才能督办逾期未报送`;
    return `“${unit.name}”${period.label}负责的任务都已填报，没有逾期未报送的任务`;
  }
  if (!mine.includes(task)) return `“${unit.name}”不负责${period.label}第 ${task} 项任务`;
  if (candidates.some((c) => c.reason === 'missing' && c.unit === unit.code && c.tasks.some((t) => t.no === task))) {
    return `“${unit.name}”第 ${task} 项任务逾期未报送：逾期未报送按单位签发（不指定任务）`;
  }
  return `“${unit.name}”${period.label}第 ${task} 项任务不是进度滞后，无需督办`;
}

/** 作废: a notice issued by mistake (or wrongly worded) is voided with its reason; its number stays used, its matter may be issued again. */
export function voidNotice(ctx: CoreContext, input: HandlerInput<'notices.void'>): NoticeView {
  ctx.requireBureau('作废督办单');
  const n = ctx.store.notices.get(input.id);
  if (!n) throw new AppError(ERROR_CODES.notFound, '没有这份督办单（可能数据库已恢复为备份），请刷新督办台账');
  const number = noticeNumber(ctx.at(n.period).catalog().plan, n);
  if (n.voidedAt) throw new AppError(ERROR_CODES.conflict, `督办单 ${number} 已于${formatChineseDate(chinaDate(n.voidedAt))}作废`);
  if (n.answeredOn) throw new AppError(ERROR_CODES.conflict, `督办单 ${number} 已登记反馈，不能作废；如确需作废，请先撤销反馈`);
  ctx.store.tx(() => ctx.store.notices.void(n.id, input.reason.trim(), ctx.nowIso()));
  return noticeView(ctx, ctx.store.notices.get(n.id) as Notice);
}

/** 反馈: records the day the unit's answer came (and a note), or with `on` null takes a recorded answer back. */
export function answerNotice(ctx: CoreContext, input: HandlerInput<'notices.answer'>): NoticeView {
  ctx.requireBureau('登记督办反馈');
  const n = ctx.store.notices.get(input.id);
  if (!n) throw new AppError(ERROR_CODES.notFound, '没有这份督办单（可能已在别处删除或数据库已恢复为备份）');
  const number = noticeNumber(ctx.at(n.period).catalog().plan, n);
  const today = ctx.today();
  if (n.voidedAt) throw new AppError(ERROR_CODES.conflict, `督办单 ${number} 已作废，不再登记反馈`);
  if (input.on !== null) {
    const issuedOn = chinaDate(n.issuedAt);
    if (input.on < issuedOn) throw new AppError(ERROR_CODES.invalidInput, `反馈日期 ${formatChineseDate(input.on)} 早于督办单 ${number} 的签发日期（${formatChineseDate(issuedOn)}）`, [{ field: 'on', message: '反馈日期早于签发日期' }]);
    if (input.on > today) throw new AppError(ERROR_CODES.invalidInput, `反馈日期 ${formatChineseDate(input.on)} 还没有到`, [{ field: 'on', message: '反馈日期还没有到' }]);
  } else if (n.answeredOn === null) {
    throw new AppError(ERROR_CODES.conflict, `督办单 ${number} 还没有登记反馈，无需撤销`);
  }
  ctx.store.tx(() => ctx.store.notices.answer(n.id, input.on, input.note?.trim() ?? '', ctx.nowIso()));
  return noticeView(ctx, ctx.store.notices.get(n.id) as Notice, today);
}

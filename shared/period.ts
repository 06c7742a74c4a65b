/**
 * Reporting periods: month `2021-07`, quarter `2021-Q3`, half year `2021-H2`,
 * year `2021`. Dates are ISO `YYYY-MM-DD` in China Standard Time.
 */
import type { ReviewEventView } from './views';

/** A submission's revision as people read it: 第 3 版; 0 is a template filled in by hand; null (none, or unread) is a dash. */
export const revisionText = (revision: number | null): string => (revision === null ? '—' : revision === 0 ? '手填模板' : `第 ${revision} 版`);

export type PeriodKind = 'month' | 'quarter' | 'half' | 'year';

export const PERIOD_KINDS: readonly PeriodKind[] = ['month', 'quarter', 'half', 'year'];

export const PERIOD_KIND_LABELS: Record<PeriodKind, string> = {
  month: '月报',
  quarter: '季报',
  half: '半年报',
  year: '年报',
};

export interface Period {
  id: string;
  kind: PeriodKind;
  year: number;
  /** Month 1–12, quarter 1–4, half 1–2, or 1 for a year. */
  index: number;
  startsOn: string;
  endsOn: string;
  /** 2021年7月, 2021年第三季度, 2021年下半年, 2021年度 */
  label: string;
}

/** Days after the period's end by which a submission is on time. */
export const DEFAULT_DEADLINE_DAYS = 5;

const QUARTER_NAMES = ['一', '二', '三', '四'];
const MIN_YEAR = 2000;
const MAX_YEAR = 2099;

const pad = (n: number): string => String(n).padStart(2, '0');

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function make(kind: PeriodKind, year: number, index: number): Period {
  let firstMonth: number;
  let lastMonth: number;
  let id: string;
  let label: string;
  switch (kind) {
    case 'month':
      firstMonth = lastMonth = index;
      id = `${year}-${pad(index)}`;
      label = `${year}年${index}月`;
      break;
    case 'quarter':
      firstMonth = (index - 1) * 3 + 1;
      lastMonth = firstMonth + 2;
      id = `${year}-Q${index}`;
      label = `${year}年第${QUARTER_NAMES[index - 1]}季度`;
      break;
    case 'half':
      firstMonth = index === 1 ? 1 : 7;
      lastMonth = firstMonth + 5;
      id = `${year}-H${index}`;
      label = `${year}年${index === 1 ? '上' : '下'}半年`;
      break;
    case 'year':
      firstMonth = 1;
      lastMonth = 12;
      id = `${year}`;
      label = `${year}年度`;
      break;
  }
  return {
    id,
    kind,
    year,
    index,
    startsOn: `${year}-${pad(firstMonth)}-01`,
    endsOn: `${year}-${pad(lastMonth)}-${pad(lastDayOfMonth(year, lastMonth))}`,
    label,
  };
}

export class PeriodError extends Error {}

/** Parses a period id; throws PeriodError with a Chinese message for anything malformed. */
export function parsePeriod(raw: string): Period {
  const s = String(raw).trim().toUpperCase();
  let m: RegExpExecArray | null;
  const year = (y: string): number => {
    const n = Number(y);
    if (n < MIN_YEAR || n > MAX_YEAR) throw new PeriodError(`报送周期“${raw}”的年份超出范围（${MIN_YEAR}–${MAX_YEAR}）`);
    return n;
  };
  if ((m = /^(\d{4})-(\d{2})$/.exec(s))) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) throw new PeriodError(`报送周期“${raw}”的月份应在 01–12 之间`);
    return make('month', year(m[1]!), month);
  }
  if ((m = /^(\d{4})-Q(\d)$/.exec(s))) {
    const q = Number(m[2]);
    if (q < 1 || q > 4) throw new PeriodError(`报送周期“${raw}”的季度应为 Q1–Q4`);
    return make('quarter', year(m[1]!), q);
  }
  if ((m = /^(\d{4})-H(\d)$/.exec(s))) {
    const h = Number(m[2]);
    if (h < 1 || h > 2) throw new PeriodError(`报送周期“${raw}”的半年应为 H1 或 H2`);
    return make('half', year(m[1]!), h);
  }
  if ((m = /^(\d{4})$/.exec(s))) return make('year', year(m[1]!), 1);
  throw new PeriodError(`报送周期“${raw}”格式不正确，应为 2021-07（月）、2021-Q3（季）、2021-H2（半年）或 2021（年）`);
}

export function isPeriodId(raw: string): boolean {
  try {
    parsePeriod(raw);
    return true;
  } catch {
    return false;
  }
}

/** Whether `s` is a date that exists, written 2021-10-05 (2021-10-32 and 2022-02-29 do not). */
export function isRealIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

export function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** The latest deadline a period takes: a year after its end (a mistyped 2031 for 2021 would make every late file 按时). */
export function latestDeadline(endsOn: string): string {
  return addDays(endsOn, 366);
}

/** Whether a period ending `endsOn` takes `day` as its deadline: from its last day to a year after. */
export function deadlineAllowed(endsOn: string, day: string): boolean {
  return day >= endsOn && day <= latestDeadline(endsOn);
}

/**
 * What switching the period kind today does, by name (the rule is `askedIn`'s: a period is owed when its kind was in
 * use on its last day): the periods of the kind in use that ended by today stay owed (the latest named); the one under
 * way is not reported as such any more; the new kind's periods are owed from the one under way today.
 */
export function kindSwitchSaid(from: PeriodKind, to: PeriodKind, today: string, spans: readonly KindSpan[] = [{ kind: from, from: null, to: null }]): string {
  const under = periodContaining(from, today);
  const last = previousPeriod(under);
  const first = periodContaining(to, today);
  // The period of the kind in use that ended last was owed (the kind was in use then): it still is. One that ended
  // before the kind came into use (switched to it a moment ago) was owed by nobody: nothing of it to keep.
  const kept = askedIn(spans, last) ? `${last.label}及以前已结束的各期照常收取、统计和督办；` : '';
  // The period under way ends today or later: not owed once the kind is switched today.
  const dropped = `${under.label}${under.endsOn > today ? '尚未结束' : '今天结束'}，不再作为一期报送（已填写的内容仍可查看）；`;
  // Going back to a kind used before: what ended while it was in use is still owed, not waived.
  const before = spans.some((s) => s.kind === to)
    ? `此前按${PERIOD_KIND_LABELS[to]}时已结束的各期照常收取、统计和督办。`
    : `${first.label}以前的${PERIOD_KIND_LABELS[to]}各期不要求报送。`;
  return `${kept}${dropped}从${first.label}起按${PERIOD_KIND_LABELS[to]}报送，${before}`;
}

/** A kind of period in use over [from, to) China days (null: open). */
export interface KindSpan {
  kind: PeriodKind;
  from: string | null;
  to: string | null;
}

/**
 * The kinds in use and when, from the kind in use now and its switches (oldest first; `at` an instant): before any
 * switch, the kind in use now. Every span begins on `owedFrom` at the earliest (the 起报周期; PLAN_SINCE_ALWAYS: no
 * limit), so one that ended before it asks for nothing.
 */
export function kindSpansOf(kindNow: PeriodKind, switches: readonly { at: string; before: string; after: string }[], owedFrom: string): KindSpan[] {
  const valid = switches.filter((s) => PERIOD_KINDS.includes(s.after as PeriodKind));
  const spans: KindSpan[] = [{ kind: (valid[0]?.before as PeriodKind | undefined) ?? kindNow, from: null, to: null }];
  for (const s of valid) {
    const on = chinaDate(s.at);
    spans[spans.length - 1]!.to = on;
    spans.push({ kind: s.after as PeriodKind, from: on, to: null });
  }
  if (owedFrom !== PLAN_SINCE_ALWAYS) for (const s of spans) if (s.from === null || s.from < owedFrom) s.from = owedFrom;
  return spans;
}

/**
 * The first period owed: the earliest the units were asked for (`askedIn`), of whichever kind was in use then (set as
 * 2021年第四季度 and switched to 月报 in November: 2021年11月, the quarter no longer owed); null when every period is
 * owed (PLAN_SINCE_ALWAYS).
 */
export function firstAsked(spans: readonly KindSpan[], owedFrom: string): Period | null {
  if (owedFrom === PLAN_SINCE_ALWAYS) return null;
  let first: Period | null = null;
  for (const s of spans) {
    // A span's first period is the one holding its first day, if it ends within the span; none ends earlier.
    const p = periodContaining(s.kind, s.from ?? owedFrom);
    if ((s.to === null || p.endsOn < s.to) && (first === null || p.endsOn < first.endsOn)) first = p;
  }
  return first;
}

/** Whether the units were asked for `p`: its kind was in use on its last day. */
export function askedIn(spans: readonly KindSpan[], p: Period): boolean {
  return spans.some((s) => s.kind === p.kind && (s.from === null || p.endsOn >= s.from) && (s.to === null || p.endsOn < s.to));
}

/**
 * The period owed before `p`: the last one asked of the units (`askedIn`) that ended before it did. Across a switch of
 * kind that is the other kind's: the first month after 季报 became 月报 follows the third quarter, not a September
 * nobody was asked for; a quarter after 月报 became 季报 in August follows July, the last month owed. 上期 for 复制上期,
 * the 督办 streak, 任务详情 and an indicator's earlier value. Without one asked within two years, the period of its
 * own kind before it.
 */
export function periodBefore(p: Period, spans: readonly KindSpan[]): Period {
  let best: Period | null = null;
  for (const kind of new Set([p.kind, ...spans.map((s) => s.kind)])) {
    let q = periodContaining(kind, p.endsOn);
    // (`p` itself, or a longer period running on past it: the one before.)
    if (q.endsOn >= p.endsOn) q = previousPeriod(q);
    for (let i = 0; i < 24 && !askedIn(spans, q); i++) q = previousPeriod(q);
    if (askedIn(spans, q) && (best === null || q.endsOn > best.endsOn)) best = q;
  }
  return best ?? previousPeriod(p);
}

export function defaultDeadline(p: Period): string {
  return addDays(p.endsOn, DEFAULT_DEADLINE_DAYS);
}

export function previousPeriod(p: Period): Period {
  switch (p.kind) {
    case 'month':
      return p.index === 1 ? make('month', p.year - 1, 12) : make('month', p.year, p.index - 1);
    case 'quarter':
      return p.index === 1 ? make('quarter', p.year - 1, 4) : make('quarter', p.year, p.index - 1);
    case 'half':
      return p.index === 1 ? make('half', p.year - 1, 2) : make('half', p.year, 1);
    case 'year':
      return make('year', p.year - 1, 1);
  }
}

/**
 * The periods a 起报周期 may be (newest first): of `kind`, from the first of the year the plan was issued in (a bureau
 * that wants that year's first half reported) to the one under way `today`. The core checks the same.
 */
export function firstPeriodChoices(kind: PeriodKind, planIssuedOn: string | null, today: string): Period[] {
  const under = periodContaining(kind, today);
  const from = periodsOfYear(kind, planIssuedOn ? Number(planIssuedOn.slice(0, 4)) : under.year)[0]!;
  const out: Period[] = [];
  for (let y = from.year; y <= under.year; y++) out.push(...periodsOfYear(kind, y).filter((p) => p.startsOn <= under.startsOn));
  return out.reverse();
}

/**
 * The 起报周期 a database set up `today` starts with: the period being reported now: the one that ended last while its
 * (default) deadline is still ahead, else the one under way (a period whose deadline passed before the app came into
 * use would make every unit's first file late); never one before the period the plan was issued in. Set up on
 * 2021年10月3日: 2021年第三季度 (due 10月5日); in December 2026: 2026年第四季度 (the third quarter was due on 10月5日;
 * nobody owes the 21 quarters before the app came into use). A unit's database set up without the bureau's set-up file
 * (`unit`) owes the one that ended last whatever its deadline: it may owe it late, and is to send it.
 */
export function defaultFirstPeriod(kind: PeriodKind, planIssuedOn: string | null, today: string, unit = false): Period {
  const under = periodContaining(kind, today);
  const last = previousPeriod(under);
  const working = unit || defaultDeadline(last) >= today ? last : under;
  const issued = planIssuedOn ? periodContaining(kind, planIssuedOn) : null;
  return issued && issued.startsOn > working.startsOn ? issued : working;
}

/** 逾期未报送 督办单 issued before a deadline moved later past their day, said with how to void them (设置: 督办管理; `settings`: notice-void). */
export const missingNoticesText = (numbers: readonly string[], voidHow: string): string =>
  `${numbers.slice(0, 5).join('、')}${numbers.length > 5 ? ` 等 ${numbers.length} 份` : ''}督办单以“逾期未报送”签发，签发日在新的截止日期之前：按新的截止日期，这些单位当时并未逾期。如确实不应督办，请${voidHow}将其作废。`;

/**
 * A 起报周期 chosen at set-up whose deadline has passed (no deadline is set yet: the default one), said: every unit's
 * first file of it counts as late. Null while it is still ahead.
 */
export function firstPeriodLateSaid(p: Period, today: string): string | null {
  const deadline = defaultDeadline(p);
  if (deadline >= today) return null;
  return `${p.label}的截止日期（${formatChineseDate(deadline)}）已过：各单位此期的报送都将计为逾期，也可能被督办。`;
}

/** A run of periods of one kind by name: “2021年第二季度” alone, else “2021年第一季度至2021年第二季度各期”. */
export function periodsFromTo(first: Period, last: Period): string {
  return first.id === last.id ? first.label : `${first.label}至${last.label}各期`;
}

/** Every period of a kind in a year, in order. */
export function periodsOfYear(kind: PeriodKind, year: number): Period[] {
  const count = { month: 12, quarter: 4, half: 2, year: 1 }[kind];
  return Array.from({ length: count }, (_, i) => make(kind, year, i + 1));
}

/** The period of a kind that contains a date. */
export function periodContaining(kind: PeriodKind, isoDate: string): Period {
  const [y, m] = isoDate.split('-').map(Number) as [number, number];
  switch (kind) {
    case 'month':
      return make('month', y, m);
    case 'quarter':
      return make('quarter', y, Math.floor((m - 1) / 3) + 1);
    case 'half':
      return make('half', y, m <= 6 ? 1 : 2);
    case 'year':
      return make('year', y, 1);
  }
}

/** China Standard Time (UTC+8), where every unit and the bureau are. */
export const CHINA_OFFSET_MS = 8 * 3600_000;

/** China Standard Time date (YYYY-MM-DD) of an instant. */
export function chinaDate(instant: Date | string): string {
  const t = typeof instant === 'string' ? new Date(instant) : instant;
  const shifted = new Date(t.getTime() + CHINA_OFFSET_MS);
  return `${shifted.getUTCFullYear()}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`;
}

export type SubmissionState = 'on_time' | 'late' | 'missing';

export const SUBMISSION_STATE_LABELS: Record<SubmissionState, string> = {
  on_time: '按时',
  late: '逾期',
  missing: '未报',
};

/** The instant a China Standard Time day (YYYY-MM-DD) begins, as ISO. */
export const chinaDayStart = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) - CHINA_OFFSET_MS).toISOString();

/** How on time is judged (see submissionState), said where submissions are printed. */
export const SENT_RULE = '报送时间以单位报送文件的导出时间计（导出后又修改保存的，以保存时间计；文件未载明时间的，以区局收到时间计；区局代为填报的，以登记的报送日期计）。';

/**
 * A period's reporting rate under the 报送台账 (DHIS2's reporting rate): sent of expected and, in brackets, on time; a
 * period not yet due says how many have sent. The screen's grid and the 工作台账 workbook print the same.
 */
export function reportingRateText(p: { due: boolean; expected: number; onTime: number; late: number }): string {
  const rate = (n: number): string => (p.expected === 0 ? '—' : `${Math.round((n / p.expected) * 100)}%`);
  return p.due ? `${rate(p.onTime + p.late)}（${rate(p.onTime)}）` : `已报 ${p.onTime + p.late}/${p.expected}`;
}

/** On time when first sent on or before the deadline day (China time). */
export function submissionState(deadline: string, firstSentAt: string | null): SubmissionState {
  if (!firstSentAt) return 'missing';
  return chinaDate(firstSentAt) <= deadline ? 'on_time' : 'late';
}

/** 2021年7月14日 10:05 for a stored instant, in China time. */
export function formatChineseDateTime(iso: string): string {
  const t = new Date(new Date(iso).getTime() + CHINA_OFFSET_MS);
  return `${t.getUTCFullYear()}年${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
}

/** A cell of the 报送台账 in words: 按时（第 2 版），审核通过; 未到截止日期; — where the unit owed nothing. */
export function submissionCellText(c: { state: 'on_time' | 'late' | 'missing' | 'not_due'; revision: number | null; review: 'returned' | 'approved' | null; approvedElsewhere: number | null } | null): string {
  if (!c) return '—';
  const state = c.state === 'not_due' ? '未到截止日期' : `${SUBMISSION_STATE_LABELS[c.state]}${c.revision !== null ? `（${revisionText(c.revision)}）` : ''}`;
  const review = c.review === 'returned' ? '，已退回待重报' : c.review === 'approved' ? '，审核通过' : c.approvedElsewhere !== null ? `，区局已审核通过第 ${c.approvedElsewhere} 版` : '';
  return state + review;
}

/** When a unit sent its submission: with the time, or the day alone where only the day is known (a form registered as come on a past day). */
export function sentText(s: { submittedAt: string | null; sentOnDay: boolean }): string {
  if (!s.submittedAt) return '';
  return s.sentOnDay ? formatChineseDate(chinaDate(s.submittedAt)) : formatChineseDateTime(s.submittedAt);
}

/** A text the bureau typed, on one line and without its closing punctuation, to stand inside a sentence of ours. */
export function unstopped(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/[。.；;，,！!]+$/, '');
}

/** A 退回 in words: when, which tasks, why (the overview, the printed 报送情况统计表, the command line). */
export function returnText(r: { reason: string; tasks: readonly number[]; returnedAt: string }): string {
  // On one line: a reason typed over several lines would break a table row or the command line's columns.
  // Its own end stop dropped: what follows it (。请按退回原因修改…) brings one.
  return `${formatChineseDateTime(r.returnedAt)} 退回${r.tasks.length > 0 ? `（第 ${r.tasks.join('、')} 项任务）` : ''}：${unstopped(r.reason)}`;
}

/** An approval (审核通过) in words: when, which revision, whether the stamped paper form came, the note; and whether other content arrived since. */
export function approvalText(
  a: { approvedAt: string; revision: number; paper: boolean; paperAt: string | null; note: string; supersededBy: number | null; tasksChanged: boolean },
  withTime = true,
): string {
  return [withTime ? `${formatChineseDateTime(a.approvedAt)} 审核通过` : '审核通过', `（${revisionText(a.revision)}）`, approvalDetails(a)].join('');
}

/** What an approval says beyond when and which revision: the paper form, the note, other content since. */
export function approvalDetails(a: { approvedAt: string; paper: boolean; paperAt: string | null; note: string; supersededBy: number | null; tasksChanged: boolean }): string {
  const note = unstopped(a.note);
  // The paper form recorded on another day than the approval: that day is said.
  const later = a.paperAt !== null && chinaDate(a.paperAt) !== chinaDate(a.approvedAt) ? `（${formatChineseDate(chinaDate(a.paperAt))}登记）` : '';
  return [
    a.paper ? `，已收到盖章的纸质填报表${later}` : '，未收到盖章的纸质填报表',
    note ? `；备注：${note}` : '',
    a.supersededBy !== null ? `。此后收到内容不同的文件（第 ${a.supersededBy} 版），待重新审核` : a.tasksChanged ? '。此后采用的新方案改变了该单位本期的任务，待重新审核' : '',
  ].join('');
}

const RECEIVED_WORDS = {
  imported: '已导入',
  updated: '已导入（更新）',
  unchanged: '内容与已有的相同，未重复导入',
  stale: '已存档，未采用',
} as const;

/** One line of a unit's 报送与审核记录 (`submissions.log`), in words. */
export function reviewEventText(e: ReviewEventView): string {
  const version = (revision: number | null): string => (revision === null ? '' : revisionText(revision));
  const oneLine = (t: string): string => t.replace(/\s+/g, ' ').trim();
  switch (e.kind) {
    case 'received':
      // A file not taken up (stale): its warnings say why (an older revision, an earlier save, a template), in place of the status.
      if (e.status === 'stale' && e.warnings.length > 0) return `收到${version(e.revision)}报送文件“${e.file}”：${e.warnings.map(oneLine).join('；')}`;
      return `收到${version(e.revision)}报送文件“${e.file}”：${RECEIVED_WORDS[e.status]}${e.warnings.length > 0 ? `。${e.warnings.map(oneLine).join('；')}` : ''}`;
    case 'refused':
      return `收到的文件“${e.file}”被拒收：${e.errors.slice(0, 3).map(oneLine).join('；')}${e.errors.length > 3 ? `等 ${e.errors.length} 处问题` : ''}`;
    case 'exported':
      return `导出${version(e.revision)}报送文件`;
    case 'demo':
      return `载入演示数据（${version(e.revision)}）`;
    case 'entered':
      return `区局代为填报，登记为已报送（${version(e.revision)}，报送日期 ${formatChineseDate(e.on)}）`;
    case 'evidenceAdded':
      return `区局补上导入时缺少的佐证材料“${e.name}”（第 ${e.task} 项任务）`;
    case 'returned':
      return `退回${version(e.revision)}${e.tasks.length > 0 ? `（第 ${e.tasks.join('、')} 项任务）` : ''}：${oneLine(e.reason)}`;
    case 'returnWithdrawn':
      return '撤销退回';
    case 'approved':
      return `审核通过${version(e.revision)}，${e.paper ? '已收到' : '未收到'}盖章的纸质填报表${oneLine(e.note) ? `；备注：${oneLine(e.note)}` : ''}`;
    case 'paper':
      return '登记收到盖章的纸质填报表';
    case 'approvalWithdrawn':
      return '撤销审核';
  }
}

/**
 * What the clerk's desk says of the bureau's approval of the unit's submission for a period, as the set-up file
 * told it: when, whether the stamped paper form is still owed and how to make it, the note; once the unit has
 * exported other content, that the bureau reviews it again (a closed period takes no file: the bureau is asked).
 */
export function clerkApprovalNote(
  a: { approvedAt: string; revision: number; paper: boolean; paperAt: string | null; note: string; supersededBy: number | null; tasksChanged: boolean; heldApproved: boolean },
  periodLabel: string,
  closed: boolean,
): { type: 'success' | 'info'; title: string; description: string } {
  if (a.supersededBy !== null || a.tasksChanged) {
    const why = a.supersededBy !== null ? `本单位此后导出了内容不同的第 ${a.supersededBy} 版` : '此后修订的任务清单改变了本单位本期负责的任务';
    const next = closed
      ? '。本期已关闭，区局不再接收本期的报送文件；如需区局重新审核，请与区局联系。'
      : a.supersededBy !== null
        ? '。请将新导出的报送文件发送给区局，由区局重新审核。'
        : '，本期报送需由区局重新审核。';
    return { type: 'info', title: `区局曾审核通过本单位${periodLabel}的报送（${revisionText(a.revision)}）`, description: `${why}${next}` };
  }
  const note = unstopped(a.note);
  const paper = a.paper
    ? `区局已于${formatChineseDate(chinaDate(a.paperAt ?? a.approvedAt))}收到盖章的纸质填报表。`
    : a.heldApproved
      ? '区局尚未收到盖章的纸质填报表：请打印本期填报表，经单位负责人签字、加盖公章后报送区局。'
      : `区局尚未收到盖章的纸质填报表。本机的填报内容不是区局审核通过的第 ${a.revision} 版（可能是导出后经手工修改的文件，或本机尚未导出），请勿按本机内容打印：请区局打印第 ${a.revision} 版单位填报表，经单位负责人签字、加盖公章后报送区局。`;
  return {
    type: 'success',
    title: `区局已审核通过本单位${periodLabel}的报送（${revisionText(a.revision)}）`,
    description: [
      `${formatChineseDateTime(a.approvedAt)} 审核通过。`,
      paper,
      note ? `审核备注：${note}。` : '',
      // A closed period takes no file sent again; its paper form is still owed.
      closed ? '' : '如再修改本期内容并重新报送，需由区局重新审核。',
    ].join(''),
  };
}

/**
 * Where the bureau's review of a unit's submission stands: nothing held yet (none), sent back and not sent
 * again (returned), accepted as held (approved), or awaiting review (pending: never reviewed, sent again after a
 * return, or other content held since it was approved).
 */
export type ReviewState = 'none' | 'pending' | 'returned' | 'approved';

export const REVIEW_LABELS: Record<ReviewState, string> = {
  none: '—',
  pending: '待审核',
  returned: '已退回',
  approved: '审核通过',
};

export function reviewState(s: {
  revision: number | null;
  returned: { resubmittedRevision: number | null } | null;
  approved: { supersededBy: number | null; tasksChanged: boolean } | null;
}): ReviewState {
  if (s.revision === null) return 'none';
  if (s.returned !== null && s.returned.resubmittedRevision === null) return 'returned';
  if (s.approved !== null && !reopened(s.approved)) return 'approved';
  return 'pending';
}

/** An approval that no longer stands: other content came, or a revised plan changed the unit's tasks. */
export const reopened = (a: { supersededBy: number | null; tasksChanged: boolean }): boolean => a.supersededBy !== null || a.tasksChanged;

/** The review in a few words for a table cell (the summary workbook): 审核通过（已收盖章纸质件）, 待重新审核（审核后内容有变）, 已退回. */
export function reviewText(s: Parameters<typeof reviewState>[0] & { approved: { paper: boolean; supersededBy: number | null; tasksChanged: boolean } | null }): string {
  const state = reviewState(s);
  if (state === 'none') return '';
  if (state === 'approved') return `${REVIEW_LABELS.approved}（${s.approved!.paper ? '已收盖章纸质件' : '纸质件未收'}）`;
  if (state === 'pending' && s.approved !== null && reopened(s.approved)) return `待重新审核（${s.approved.supersededBy !== null ? '审核后内容有变' : '任务清单有变'}）`;
  return REVIEW_LABELS[state];
}

/** 2021年7月14日 */
export function formatChineseDate(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** An imported file's unit and period, on time or late (its first submission), in words: 首次报送按时, 首次报送逾期 3 天. */
export function firstSentText(s: { at: string; deadline: string; state: 'on_time' | 'late' }): string {
  return s.state === 'on_time' ? '首次报送按时' : `首次报送逾期 ${-daysUntil(s.deadline, chinaDate(s.at))} 天`;
}

/** Whole days from `today` to `deadline` (negative when past). */
export function daysUntil(deadline: string, today: string): number {
  const a = Date.parse(`${deadline}T00:00:00Z`);
  const b = Date.parse(`${today}T00:00:00Z`);
  return Math.round((a - b) / 86_400_000);
}

/**
 * Which plan (catalog version) each period is on: entries sorted by `from`
 * (YYYY-MM-DD); a period is on the last entry whose `from` is not after the
 * day it ends, or on the first when none is. The bureau decides it (a
 * revision applies to the periods not yet ended when it is adopted) and its
 * set-up file hands it to the units, so every database puts a period on the
 * same plan.
 */
export interface PlanEntry {
  version: string;
  from: string;
}

export const PLAN_SINCE_ALWAYS = '0000-01-01';

export function versionInForce(schedule: readonly PlanEntry[], period: Pick<Period, 'endsOn'>): string | null {
  let pick = schedule[0]?.version ?? null;
  for (const e of schedule) if (e.from <= period.endsOn) pick = e.version;
  return pick;
}

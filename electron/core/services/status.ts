/** Where a period stands: who has submitted, and how the indicators compare with their targets. */
import type { MissingEvidence } from '../../../shared/api/exchange';
import type { Indicator, Unit } from '../../../shared/catalog/types';
import { parsePeriod, submissionState, type Period } from '../../../shared/period';
import { AppError, ERROR_CODES } from '../../../shared/errors';
import { describeTarget, judgeIndicator, mustNotFall, type IndicatorValue } from '../../../shared/report';
import type { ApprovalView, IndicatorStatusView, ReceivedFileView, ReturnView, SubmissionStatusView, WithdrawnReturnView } from '../../../shared/views';
import type { CoreContext } from '../context';
import type { Approval } from '../store/repos/approvals';
import type { IndicatorRow, SlimReport } from '../store/repos/reports';
import type { Return } from '../store/repos/returns';
import type { Submission } from '../store/repos/submissions';
import { safeFileName } from './reports';
import { squeezed } from '../../../shared/text';

/**
 * Which submissions count as "received": in the bureau's database the
 * workbooks it imported, the reports it typed in for a unit and registered
 * (代为填报, entry.ts), and demo data; in a unit's own database its exports.
 * A workbook the bureau re-issues for a unit is not that unit's submission.
 */
export function counts(role: string | null, source: string): boolean {
  return countedSources(role).includes(source);
}

/** The sources of submissions that count, as `counts` says. */
export const countedSources = (role: string | null): readonly string[] => (role === 'unit' ? UNIT_COUNTS : BUREAU_COUNTS);
const UNIT_COUNTS = ['export'] as const;
const BUREAU_COUNTS = ['import', 'demo', 'entry'] as const;

/**
 * The units whose content for the period counts as received: at the bureau those that sent it (a submission that
 * counts: imported, 代为填报 registered, demo). What the bureau typed in for a unit and has not registered as received
 * (代为填报 before 登记为已报送; each field is saved as typed) is no unit's report yet: not 已收, not a status or an
 * indicator's value. Null: everything held counts (a unit's own database: its own typing).
 */
export function receivedUnits(ctx: CoreContext, period: string): Set<string> | null {
  if (ctx.role !== 'bureau') return null;
  return new Set(ctx.store.submissions.forPeriod(period, countedSources(ctx.role)).map((s) => s.unit));
}

/**
 * The submission whose content is held: the last one taken up (the highest
 * `heldRank`; an import decides what it takes up, see apply.ts decide). Ones
 * only recorded (an older file that came late) never are.
 */
export function heldSubmission(subs: readonly Submission[]): Submission | null {
  let held: Submission | null = null;
  for (const s of subs) if (s.heldRank !== null && (!held || s.heldRank > (held.heldRank as number))) held = s;
  return held;
}

/** The unit's submission held for the period, of those that count here (`counts`). */
export const heldHere = (ctx: CoreContext, unit: string, period: string): Submission | null =>
  heldSubmission(ctx.store.submissions.forUnit(unit, period).filter((s) => counts(ctx.role, s.source)));

/**
 * Whether a 退回 still stands: the content sent back is still the content held. In a unit's database (the
 * return as the set-up file told it) only an export numbered above those made before the unit learned of it
 * answers it: an earlier export may differ from what the bureau holds (a file edited by hand before it was sent).
 */
export const standing = (r: Return, held: Submission | null): boolean =>
  held === null || held.contentHash === r.contentHash || (r.toldRevision !== null && held.revision <= r.toldRevision);

const toReturnView = (r: Return, held: Submission | null): ReturnView => ({
  reason: r.reason,
  tasks: r.tasks,
  returnedAt: r.returnedAt,
  revision: r.revision,
  resubmittedRevision: standing(r, held) ? null : (held as Submission).revision,
});

/** Whether an approval (审核通过) still stands: the content approved is still the content held, and the unit answers for the tasks it did then. */
export const approvalStands = (ctx: CoreContext, a: Approval, held: Submission | null): boolean => sameContent(ctx, a, held) && sameTasks(ctx, a);

/**
 * Whether the content approved is the content held. In a unit's database (the approval as the set-up file told
 * it) also while the unit has exported nothing numbered above the revision approved: the bureau may hold that
 * revision edited by hand, and a database set up afresh holds no export yet. An export numbered above it is
 * content the bureau has not approved, made before the unit learnt of the approval or after.
 */
const sameContent = (ctx: CoreContext, a: Approval, held: Submission | null): boolean =>
  ctx.role === 'unit' ? held === null || held.contentHash === a.contentHash || held.revision <= a.revision : held !== null && held.contentHash === a.contentHash;

/** The tasks a unit answers for in a period, by that period's plan (by number, ascending), as an approval records them. */
export const tasksAnswered = (ctx: CoreContext, unit: string, period: string): number[] =>
  ctx
    .at(period)
    .tasksOf(unit)
    .map((t) => t.task.no)
    .sort((x, y) => x - y);

/** Whether the unit answers for the tasks it did when approved (a revised plan adopted since may change them). */
const sameTasks = (ctx: CoreContext, a: Approval): boolean => tasksAnswered(ctx, a.unit, a.period).join() === a.tasks.join();

export const toApprovalView = (ctx: CoreContext, a: Approval, held: Submission | null): ApprovalView => ({
  approvedAt: a.approvedAt,
  revision: a.revision,
  paper: a.paper,
  paperAt: a.paperAt,
  note: a.note,
  supersededBy: held !== null && !sameContent(ctx, a, held) ? held.revision : null,
  heldApproved: held !== null && held.contentHash === a.contentHash,
  tasksChanged: !sameTasks(ctx, a),
});

/** The unit's approval for the period while it stands (the content approved is the content held), else null. */
export function standingApproval(ctx: CoreContext, unit: string, period: string): Approval | null {
  const a = ctx.store.approvals.current(unit, period);
  if (!a) return null;
  return approvalStands(ctx, a, heldHere(ctx, unit, period)) ? a : null;
}

/**
 * Withdraws the bureau's current decision (退回, 审核通过) on a unit's submission for a period (bureau only; the
 * record is kept): any period, of the kind in use or not (one left from before the bureau switched kind can still
 * be withdrawn); the unit's row after, where the period is of the kind in use. `none`: said when nothing stands.
 */
export function withdrawDecision(
  ctx: CoreContext,
  input: { unit: string; period: string },
  what: string,
  repo: { withdraw(unit: string, period: string, at: string): number },
  none: string,
): WithdrawnReturnView {
  ctx.requireBureau(what);
  const unit = ctx.resolveUnit(input.unit);
  const period = parsePeriod(input.period);
  const changed = ctx.store.tx(() => repo.withdraw(unit.code, period.id, ctx.nowIso()));
  if (changed === 0) throw new AppError(ERROR_CODES.notFound, `“${unit.name}”${period.label}的报送${none}`);
  const row = ctx.asked(period) ? (submissionStatus(ctx, period).find((s) => s.unit === unit.code) ?? null) : null;
  return { unitName: unit.name, periodLabel: period.label, row };
}

/** A unit's standing or answered 退回 for the period (null: none, or withdrawn), judged by the submissions that count here. */
export function returnOf(ctx: CoreContext, unit: string, period: string): ReturnView | null {
  const r = ctx.store.returns.current(unit, period);
  if (!r) return null;
  return toReturnView(r, heldHere(ctx, unit, period));
}

/**
 * A unit's approval for the period (null: none, or withdrawn), judged by the submissions that count here: in a unit's
 * database as its set-up file told it (`supersededBy`: an export since with other content, for the bureau to review).
 */
export function approvalOf(ctx: CoreContext, unit: string, period: string): ApprovalView | null {
  const a = ctx.store.approvals.current(unit, period);
  if (!a) return null;
  return toApprovalView(ctx, a, heldHere(ctx, unit, period));
}

/** The submissions that count as the unit's, by unit. */
export function countedSubmissions(ctx: CoreContext, period: Period): Map<string, Submission[]> {
  const out = new Map<string, Submission[]>();
  // Only those that count are read (a unit re-issued many times by the bureau has many exports that do not).
  for (const s of ctx.store.submissions.forPeriod(period.id, countedSources(ctx.role))) {
    const list = out.get(s.unit);
    if (list) list.push(s);
    else out.set(s.unit, [s]);
  }
  return out;
}

/**
 * Of each unit that has sent the period (by unit code), from the submissions that count: `sent`, when it sent its first
 * submission, as the file says (else when it was received); `onDay`, the first was registered by the bureau for a past
 * day (代为填报): only the day is known; `first` and `last` received; `held`, the submission held.
 */
export function firstSent(ctx: CoreContext, period: Period): Map<string, { sent: string; onDay: boolean; first: string; last: string; held: Submission }> {
  const byUnit = new Map<string, { sent: string; onDay: boolean; first: string; last: string; held: Submission }>();
  for (const s of ctx.store.submissions.forPeriod(period.id, countedSources(ctx.role))) {
    const sent = s.submittedAt ?? s.receivedAt;
    const onDay = s.source === 'entry' && sent !== s.receivedAt;
    const seen = byUnit.get(s.unit);
    if (!seen) byUnit.set(s.unit, { sent, onDay, first: s.receivedAt, last: s.receivedAt, held: s });
    else {
      if (sent < seen.sent) {
        seen.sent = sent;
        seen.onDay = onDay;
      }
      if (s.receivedAt < seen.first) seen.first = s.receivedAt;
      if (s.receivedAt > seen.last) seen.last = s.receivedAt;
      if (s.heldRank !== null && (seen.held.heldRank === null || s.heldRank > seen.held.heldRank)) seen.held = s;
    }
  }
  return byUnit;
}

/** The units of the period's overview (in force, responsible for a task), each with its tasks. */
export function overviewUnits(ctx: CoreContext): { unit: Unit; tasks: ReturnType<CoreContext['tasksOf']> }[] {
  return ctx.unitsInForce().flatMap((unit) => {
    const tasks = ctx.tasksOf(unit.code);
    return tasks.length === 0 ? [] : [{ unit, tasks }];
  });
}

export function submissionStatus(ctx: CoreContext, period: Period, reports: readonly SlimReport[] = ctx.store.reports.listSlimForPeriod(period.id)): SubmissionStatusView[] {
  ctx = ctx.at(period.id);
  const view = ctx.periodView(period);
  // Reports of tasks the unit is responsible for (one left from before a revised task list is not counted).
  const held = new Set(reports.map((r) => `${r.unit}/${r.task}`));
  const byUnit = firstSent(ctx, period);
  const returns = ctx.store.returns.forPeriod(period.id);
  const approvals = ctx.store.approvals.forPeriod(period.id);
  const refused = new Map(ctx.store.imports.refusedFor(period.id).map((r) => [r.unit, { at: r.at, file: r.file }]));
  const evidenceMissing = ctx.store.imports.evidenceMissingFor(period.id);
  const out: SubmissionStatusView[] = [];
  for (const { unit: u, tasks } of overviewUnits(ctx)) {
    const responsible = tasks.length;
    const mine = byUnit.get(u.code);
    out.push({
      unit: u.code,
      unitName: u.name,
      kind: u.kind,
      state: submissionState(view.deadline, mine?.sent ?? null),
      submittedAt: mine?.sent ?? null,
      sentOnDay: mine?.onDay ?? false,
      firstReceivedAt: mine?.first ?? null,
      lastReceivedAt: mine?.last ?? null,
      revision: mine?.held.revision ?? null,
      reported: tasks.filter((t) => held.has(`${u.code}/${t.task.no}`)).length,
      responsible,
      returned: returns.has(u.code) ? toReturnView(returns.get(u.code) as Return, mine?.held ?? null) : null,
      approved: approvals.has(u.code) ? toApprovalView(ctx, approvals.get(u.code) as Approval, mine?.held ?? null) : null,
      heldHash: mine?.held.contentHash ?? null,
      refusedFile: mine ? null : (refused.get(u.code) ?? null),
      ...stillMissing(ctx, u.code, period.id, mine ? evidenceMissing.get(mine.held.id) : undefined),
    });
  }
  return out;
}

/**
 * Of the evidence files the held file listed without bringing them, those the bureau has not attached to their task
 * itself (代为填报's 添加佐证材料: by its name, or its name with another extension; a file the unit's own bundle
 * brought under that stem is no such file).
 */
function stillMissing(ctx: CoreContext, unit: string, period: string, listed: MissingEvidence[] | undefined): Pick<SubmissionStatusView, 'evidenceMissing' | 'evidenceMissingFiles'> {
  if (!listed || listed.length === 0) return { evidenceMissing: 0, evidenceMissingFiles: [] };
  const byHand = ctx.store.reports.evidenceAddedByHand(unit, period);
  const files = listed.filter((m) => !byHand.some((e) => fillsMissing(e, m)));
  return { evidenceMissing: files.length, evidenceMissingFiles: files };
}

/** The held submission's listed evidence files that did not come and that the bureau has not attached itself since. */
export function missingNow(ctx: CoreContext, unit: string, period: string): MissingEvidence[] {
  const held = heldHere(ctx, unit, period);
  return held?.source === 'import' ? stillMissing(ctx, unit, period, ctx.store.imports.evidenceMissingOf(held.id)).evidenceMissingFiles : [];
}

/** The name a file is stored under: the name alone (a template may list 佐证材料/照片.jpg), made safe, without its extension. */
const stem = (n: string): string => safeFileName(n.replace(/\\/g, '/').split('/').pop() ?? n).toLowerCase().replace(/\.[^./]{1,8}$/, '');

/** A file attached to a task stands for a listed file that did not come: the same task, its name or that name with another extension. */
export const fillsMissing = (file: { task: number; name: string }, listed: MissingEvidence): boolean => file.task === listed.task && stem(file.name) === stem(listed.name);

/**
 * The file the held submission of a unit and period came in, as the bureau
 * received it (null when nothing is held, or it is demo data, or in a unit's
 * database: nothing was received there).
 */
export function receivedFile(ctx: CoreContext, unitRef: string, period: Period): ReceivedFileView | null {
  const unit = ctx.resolveUnit(unitRef);
  const held = heldHere(ctx, unit.code, period.id);
  if (!held || held.source !== 'import') return null;
  const f = ctx.store.imports.fileOfSubmission(held.id);
  if (!f) return null;
  return {
    file: f.fileName,
    sha256: f.fileHash,
    container: f.containerName !== null && f.containerHash !== null ? { file: f.containerName, sha256: f.containerHash } : null,
    revision: held.revision,
    receivedAt: held.receivedAt,
  };
}

/** Rows by task, for the indicator lookups below. */
function byTask<R extends IndicatorRow>(rows: readonly R[]): Map<number, R[]> {
  const out = new Map<number, R[]>();
  for (const r of rows) {
    const list = out.get(r.task);
    if (list) list.push(r);
    else out.set(r.task, [r]);
  }
  return out;
}

/**
 * The district's value of an indicator in a period: the lead unit's; else, of
 * a yes/no indicator, 否 when any unit says so (one 是 among many does not
 * make the district's answer yes); else the newest of the others.
 */
function districtValue(reports: readonly IndicatorRow[] | undefined, indicatorId: string, lead: string | null, yesNo: boolean) {
  let chosen: IndicatorRow | undefined;
  for (const r of reports ?? []) {
    const v = r.indicators[indicatorId];
    if (v === undefined || v === null) continue;
    if (r.unit === lead) {
      chosen = r;
      break;
    }
    const held = chosen?.indicators[indicatorId];
    if (!chosen || (yesNo && v === false && held !== false) || ((!yesNo || v === held) && r.updatedAt > chosen.updatedAt)) chosen = r;
  }
  return { value: (chosen?.indicators[indicatorId] ?? null) as IndicatorValue, from: chosen?.unit ?? null, proven: (chosen?.evidenceCount ?? 0) > 0 };
}

/**
 * Each indicator's latest value against its target: this period's, else the
 * newest of an earlier period of the same year (an indicator measured once a
 * year is not 待定 for the rest of it; the period it comes from is said), from
 * the units now responsible for its task only (a report left from before a
 * revised task list is not counted); the value of the period before that one
 * for "不降低".
 */
export function indicatorStatus(ctx: CoreContext, period: Period, reports: readonly SlimReport[] = ctx.store.reports.listSlimForPeriod(period.id)): IndicatorStatusView[] {
  ctx = ctx.at(period.id);
  // Where a value may come from, newest first: this period, the year's earlier ones owed (of the kind in use then: the
  // quarters before the first month of 月报); and, for the value before that one (不降低), the last of the year before.
  const spans = ctx.kindSpans();
  const back: Period[] = [period];
  for (let p = ctx.periodBefore(period, spans); back.length < 40; p = ctx.periodBefore(p, spans)) {
    back.push(p);
    if (p.year < period.year) break;
  }
  // Rows by period, read when first needed: of the units whose content counts as received (receivedUnits).
  const receivedOf = <R extends { unit: string }>(p: string, rs: readonly R[]): readonly R[] => {
    const got = receivedUnits(ctx, p);
    return got === null ? rs : rs.filter((r) => got.has(r.unit));
  };
  const rows = new Map<string, Map<number, IndicatorRow[]>>([[period.id, byTask(receivedOf(period.id, reports).filter((r) => Object.keys(r.indicators).length > 0))]]);
  const rowsOf = (p: Period): Map<number, IndicatorRow[]> => {
    let got = rows.get(p.id);
    if (!got) rows.set(p.id, (got = byTask(receivedOf(p.id, ctx.store.reports.indicatorValuesForPeriod(p.id)))));
    return got;
  };
  const targets = ctx.store.targets.forYear(period.year);
  // 基准值 by year, read when first needed (a value from the year before's last period is compared with that year's).
  const baselines = new Map<number, Map<string, number>>();
  const baselineOf = (year: number, id: string): number | null => {
    let of = baselines.get(year);
    if (!of) baselines.set(year, (of = ctx.store.baselines.forYear(year)));
    return of.get(id) ?? null;
  };
  const measures = new Map<string, Map<string, Indicator>>();
  const sameMeasure = (p: Period, ind: Indicator): boolean => {
    if (p.id === period.id) return true;
    let of = measures.get(p.id);
    if (!of) measures.set(p.id, (of = new Map(ctx.catalogFor(p.id).tasks.flatMap((t) => t.indicators.map((i) => [i.id, i] as const)))));
    const then = of.get(ind.id);
    // The same name but for spaces and punctuation (as the revision check compares them): a renamed indicator may measure
    // something else (林草覆盖率 and 森林覆盖率), so its earlier value does not stand in for it.
    return then !== undefined && squeezed(then.name) === squeezed(ind.name) && then.unit === ind.unit && (then.comparator === 'yes') === (ind.comparator === 'yes');
  };
  const out: IndicatorStatusView[] = [];
  for (const task of ctx.catalog().tasks) {
    if (task.indicators.length === 0) continue;
    const units = ctx.taskUnits(task);
    const responsible = new Set(units.map((u) => u.code));
    const lead = units.find((u) => u.role === 'lead') ?? null;
    const of = (p: Period) => (rowsOf(p).get(task.no) ?? []).filter((r) => responsible.has(r.unit));
    for (const ind of task.indicators) {
      const yesNo = ind.comparator === 'yes';
      // Only where the period's plan measures the same thing under this id (an earlier plan may not).
      const valueOf = (p: Period) => (sameMeasure(p, ind) ? districtValue(of(p), ind.id, lead?.code ?? null, yesNo) : { value: null, from: null, proven: false });
      // The newest value from index `i` of `back` on, and where it was found.
      const newest = (i: number, stop: number): { value: IndicatorValue; from: string | null; proven: boolean; at: number } => {
        for (let k = i; k < stop; k++) {
          const v = valueOf(back[k] as Period);
          if (v.value !== null) return { ...v, at: k };
        }
        return { value: null, from: null, proven: false, at: -1 };
      };
      // This year's only (the last period of the year before is looked at for the value before the first).
      const cur = newest(0, back.length - 1);
      const from = cur.at >= 0 ? (back[cur.at] as Period) : period;
      const prevValue = newest(cur.at >= 0 ? cur.at + 1 : 1, back.length);
      // For 不降低 with no earlier value held: the bureau's 基准值 for the year the value is from.
      const baseline = prevValue.value === null && mustNotFall(ind) ? baselineOf(from.year, ind.id) : null;
      const previous = prevValue.value ?? baseline;
      const assigned = targets.get(ind.id) ?? null;
      out.push({
        id: ind.id,
        name: ind.name,
        comparator: ind.comparator,
        target: ind.target,
        unit: ind.unit,
        notLower: ind.notLower,
        targetText: describeTarget(ind, assigned),
        task: task.no,
        leadUnit: lead?.name ?? '',
        value: cur.value,
        valueFrom: cur.from ? ctx.unitName(cur.from) : null,
        valuePeriod: from.id !== period.id ? from.label : null,
        previous,
        previousIsBaseline: baseline !== null,
        assigned,
        compliance: judgeIndicator(ind, cur.value, previous, assigned, cur.proven),
      });
    }
  }
  return out;
}

/** Where a period stands: who has submitted, and how the indicators compare with their targets. */
import { previousPeriod, submissionState, type Period } from '../../../shared/period';
import { describeTarget, judgeIndicator, type IndicatorValue } from '../../../shared/report';
import type { IndicatorStatusView, ReceivedFileView, ReturnView, SubmissionStatusView } from '../../../shared/views';
import type { CoreContext } from '../context';
import type { IndicatorRow, SlimReport } from '../store/repos/reports';
import type { Return } from '../store/repos/returns';
import type { Submission } from '../store/repos/submissions';

/**
 * Which submissions count as "received": in the bureau's database the
 * workbooks it imported (and demo data); in a unit's own database its exports.
 * A workbook the bureau re-issues for a unit is not that unit's submission.
 */
export function counts(role: string | null, source: string): boolean {
  return role === 'unit' ? source === 'export' : source === 'import' || source === 'demo';
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

/** A unit's standing or answered 退回 for the period (null: none, or withdrawn), judged by the submissions that count here. */
export function returnOf(ctx: CoreContext, unit: string, period: string): ReturnView | null {
  const r = ctx.store.returns.current(unit, period);
  if (!r) return null;
  return toReturnView(r, heldSubmission(ctx.store.submissions.forUnit(unit, period).filter((s) => counts(ctx.role, s.source))));
}

/** The submissions that count as the unit's, by unit. */
export function countedSubmissions(ctx: CoreContext, period: Period): Map<string, Submission[]> {
  const out = new Map<string, Submission[]>();
  for (const s of ctx.store.submissions.forPeriod(period.id)) {
    if (!counts(ctx.role, s.source)) continue;
    const list = out.get(s.unit);
    if (list) list.push(s);
    else out.set(s.unit, [s]);
  }
  return out;
}

export function submissionStatus(ctx: CoreContext, period: Period, reports: readonly SlimReport[] = ctx.store.reports.listSlimForPeriod(period.id)): SubmissionStatusView[] {
  const view = ctx.periodView(period);
  // Reports of tasks the unit is responsible for (one left from before a revised task list is not counted).
  const held = new Set(reports.map((r) => `${r.unit}/${r.task}`));
  // sent: when the unit sent its first submission, as the file says (else when it was received).
  const byUnit = new Map<string, { sent: string; first: string; last: string; held: Submission }>();
  for (const s of ctx.store.submissions.forPeriod(period.id)) {
    if (!counts(ctx.role, s.source)) continue;
    const sent = s.submittedAt ?? s.receivedAt;
    const seen = byUnit.get(s.unit);
    if (!seen) byUnit.set(s.unit, { sent, first: s.receivedAt, last: s.receivedAt, held: s });
    else {
      if (sent < seen.sent) seen.sent = sent;
      if (s.receivedAt < seen.first) seen.first = s.receivedAt;
      if (s.receivedAt > seen.last) seen.last = s.receivedAt;
      if (s.heldRank !== null && (seen.held.heldRank === null || s.heldRank > seen.held.heldRank)) seen.held = s;
    }
  }
  const returns = ctx.store.returns.forPeriod(period.id);
  const out: SubmissionStatusView[] = [];
  for (const u of ctx.store.units.list()) {
    const tasks = ctx.tasksOf(u.code);
    const responsible = tasks.length;
    if (responsible === 0) continue;
    const mine = byUnit.get(u.code);
    out.push({
      unit: u.code,
      unitName: u.name,
      kind: u.kind,
      state: submissionState(view.deadline, mine?.sent ?? null),
      submittedAt: mine?.sent ?? null,
      firstReceivedAt: mine?.first ?? null,
      lastReceivedAt: mine?.last ?? null,
      revision: mine?.held.revision ?? null,
      reported: tasks.filter((t) => held.has(`${u.code}/${t.task.no}`)).length,
      responsible,
      returned: returns.has(u.code) ? toReturnView(returns.get(u.code) as Return, mine?.held ?? null) : null,
    });
  }
  return out;
}

/**
 * The file the held submission of a unit and period came in, as the bureau
 * received it (null when nothing is held, or it is demo data, or in a unit's
 * database: nothing was received there).
 */
export function receivedFile(ctx: CoreContext, unitRef: string, period: Period): ReceivedFileView | null {
  const unit = ctx.resolveUnit(unitRef);
  const held = heldSubmission(ctx.store.submissions.forUnit(unit.code, period.id).filter((s) => counts(ctx.role, s.source)));
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

/** The district's value of an indicator in a period: the lead unit's, else the newest of the others. */
function districtValue(reports: readonly IndicatorRow[] | undefined, indicatorId: string, lead: string | null) {
  let chosen: IndicatorRow | undefined;
  for (const r of reports ?? []) {
    const v = r.indicators[indicatorId];
    if (v === undefined || v === null) continue;
    if (r.unit === lead) {
      chosen = r;
      break;
    }
    if (!chosen || r.updatedAt > chosen.updatedAt) chosen = r;
  }
  return { value: (chosen?.indicators[indicatorId] ?? null) as IndicatorValue, from: chosen?.unit ?? null };
}

export function indicatorStatus(ctx: CoreContext, period: Period, reports: readonly SlimReport[] = ctx.store.reports.listSlimForPeriod(period.id)): IndicatorStatusView[] {
  const prev = previousPeriod(period);
  const now = byTask(reports.filter((r) => Object.keys(r.indicators).length > 0));
  const before = byTask(ctx.store.reports.indicatorValuesForPeriod(prev.id));
  const targets = ctx.store.targets.forYear(period.year);
  const names = new Map(ctx.store.units.list().map((u) => [u.code, u.name]));
  const out: IndicatorStatusView[] = [];
  for (const task of ctx.catalog().tasks) {
    if (task.indicators.length === 0) continue;
    const lead = ctx.taskUnits(task).find((u) => u.role === 'lead') ?? null;
    for (const ind of task.indicators) {
      const cur = districtValue(now.get(task.no), ind.id, lead?.code ?? null);
      const prevValue = districtValue(before.get(task.no), ind.id, lead?.code ?? null);
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
        valueFrom: cur.from ? (names.get(cur.from) ?? ctx.store.units.byCode(cur.from)?.name ?? cur.from) : null,
        previous: prevValue.value,
        assigned,
        compliance: judgeIndicator(ind, cur.value, prevValue.value, assigned),
      });
    }
  }
  return out;
}

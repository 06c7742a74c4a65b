/** Where a period stands: who has submitted, and how the indicators compare with their targets. */
import { previousPeriod, submissionState, type Period } from '../../../shared/period';
import { describeTarget, judgeIndicator, type IndicatorValue } from '../../../shared/report';
import type { IndicatorStatusView, SubmissionStatusView } from '../../../shared/views';
import type { CoreContext } from '../context';
import type { IndicatorRow, SlimReport } from '../store/repos/reports';

/**
 * Which submissions count as "received": in the bureau's database the
 * workbooks it imported (and demo data); in a unit's own database its exports.
 * A workbook the bureau re-issues for a unit is not that unit's submission.
 */
function counts(role: string | null, source: string): boolean {
  return role === 'unit' ? source === 'export' : source === 'import' || source === 'demo';
}

export function submissionStatus(ctx: CoreContext, period: Period, reports: readonly SlimReport[] = ctx.store.reports.listSlimForPeriod(period.id)): SubmissionStatusView[] {
  const view = ctx.periodView(period);
  const role = ctx.role;
  const subs = ctx.store.submissions.forPeriod(period.id).filter((s) => counts(role, s.source));
  const reported = new Map<string, number>();
  for (const r of reports) reported.set(r.unit, (reported.get(r.unit) ?? 0) + 1);
  const byUnit = new Map<string, typeof subs>();
  for (const s of subs) byUnit.set(s.unit, [...(byUnit.get(s.unit) ?? []), s]);
  return ctx.store.units
    .list()
    .map((u) => {
      const mine = byUnit.get(u.code) ?? [];
      const times = mine.map((s) => s.receivedAt).sort();
      const first = times[0] ?? null;
      return {
        unit: u.code,
        unitName: u.name,
        kind: u.kind,
        state: submissionState(view.deadline, first),
        firstReceivedAt: first,
        lastReceivedAt: times[times.length - 1] ?? null,
        revision: mine.length ? Math.max(...mine.map((s) => s.revision)) : null,
        reported: reported.get(u.code) ?? 0,
        responsible: ctx.tasksOf(u.code).length,
      };
    })
    .filter((s) => s.responsible > 0);
}

/** The district's value of an indicator in a period: the lead unit's, else the newest of the others. */
function districtValue(all: readonly IndicatorRow[], taskNo: number, indicatorId: string, lead: string | null) {
  const reports = all.filter((r) => r.task === taskNo);
  const withValue = reports.filter((r) => r.indicators[indicatorId] !== undefined && r.indicators[indicatorId] !== null);
  const fromLead = withValue.find((r) => r.unit === lead);
  const chosen = fromLead ?? withValue.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
  return { value: (chosen?.indicators[indicatorId] ?? null) as IndicatorValue, from: chosen?.unit ?? null };
}

export function indicatorStatus(ctx: CoreContext, period: Period, reports: readonly SlimReport[] = ctx.store.reports.listSlimForPeriod(period.id)): IndicatorStatusView[] {
  const prev = previousPeriod(period);
  const before = ctx.store.reports.indicatorValuesForPeriod(prev.id);
  const out: IndicatorStatusView[] = [];
  for (const task of ctx.catalog().tasks) {
    const lead = ctx.taskUnits(task).find((u) => u.role === 'lead') ?? null;
    for (const ind of task.indicators) {
      const cur = districtValue(reports, task.no, ind.id, lead?.code ?? null);
      const prevValue = districtValue(before, task.no, ind.id, lead?.code ?? null);
      const assigned = ctx.store.targets.get(ind.id, period.year);
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
        valueFrom: cur.from ? (ctx.store.units.byCode(cur.from)?.name ?? cur.from) : null,
        previous: prevValue.value,
        assigned,
        compliance: judgeIndicator(ind, cur.value, prevValue.value, assigned),
      });
    }
  }
  return out;
}

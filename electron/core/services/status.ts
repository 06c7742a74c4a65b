/** Where a period stands: who has submitted, and how the indicators compare with their targets. */
import { previousPeriod, submissionState, type Period } from '../../../shared/period';
import { describeTarget, judgeIndicator, type IndicatorValue } from '../../../shared/report';
import type { IndicatorStatusView, SubmissionStatusView } from '../../../shared/views';
import type { CoreContext } from '../context';

export function submissionStatus(ctx: CoreContext, period: Period): SubmissionStatusView[] {
  const view = ctx.periodView(period);
  const subs = ctx.store.submissions.forPeriod(period.id);
  const reported = new Map<string, number>();
  for (const r of ctx.store.reports.listForPeriod(period.id)) reported.set(r.unit, (reported.get(r.unit) ?? 0) + 1);
  return ctx.store.units
    .list()
    .map((u) => {
      const mine = subs.filter((s) => s.unit === u.code);
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
function districtValue(ctx: CoreContext, period: Period, taskNo: number, indicatorId: string, lead: string | null) {
  const reports = ctx.store.reports.listForPeriod(period.id).filter((r) => r.task === taskNo);
  const withValue = reports.filter((r) => r.indicators[indicatorId] !== undefined && r.indicators[indicatorId] !== null);
  const fromLead = withValue.find((r) => r.unit === lead);
  const chosen = fromLead ?? withValue.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
  return { value: (chosen?.indicators[indicatorId] ?? null) as IndicatorValue, from: chosen?.unit ?? null };
}

export function indicatorStatus(ctx: CoreContext, period: Period): IndicatorStatusView[] {
  const prev = previousPeriod(period);
  const out: IndicatorStatusView[] = [];
  for (const task of ctx.catalog().tasks) {
    const lead = ctx.taskUnits(task).find((u) => u.role === 'lead') ?? null;
    for (const ind of task.indicators) {
      const cur = districtValue(ctx, period, task.no, ind.id, lead?.code ?? null);
      const before = districtValue(ctx, prev, task.no, ind.id, lead?.code ?? null);
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
        previous: before.value,
        assigned,
        compliance: judgeIndicator(ind, cur.value, before.value, assigned),
      });
    }
  }
  return out;
}

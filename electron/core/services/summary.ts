/** The district picture for one period: every task × responsible unit, submissions, indicators, lagging work. */
import { reviewState, type Period } from '../../../shared/period';
import { STATUSES } from '../../../shared/report';
import type { LaggingItem, SummaryCategory, SummaryTask, SummaryView } from '../../../shared/views';
import type { CoreContext } from '../context';
import type { SlimReport, StoredReport } from '../store/repos/reports';
import { indicatorStatus, receivedUnits, submissionStatus } from './status';

/**
 * With `texts: false` the entries carry status, percent and indicators but not
 * the long texts (the overview screen); the printed forms and workbooks ask for texts.
 */
export function summary(ctx: CoreContext, period: Period, opts: { texts?: boolean } = {}): SummaryView {
  const texts = opts.texts ?? true;
  // A past period as it was planned: the catalog in force then.
  ctx = ctx.at(period.id);
  const catalog = ctx.catalog();
  const view = ctx.periodView(period);
  const reports: (SlimReport | StoredReport)[] = texts ? ctx.store.reports.listForPeriod(period.id) : ctx.store.reports.listSlimForPeriod(period.id);
  // By unit, then task (no key strings made and hashed for each of ~1,000 entries).
  const byUnit = new Map<string, Map<number, SlimReport | StoredReport>>();
  for (const r of reports) {
    let mine = byUnit.get(r.unit);
    if (!mine) byUnit.set(r.unit, (mine = new Map()));
    mine.set(r.task, r);
  }
  // What the bureau typed in for a unit and has not registered as received: shown, marked, counted nowhere.
  const received = receivedUnits(ctx, period.id);
  const pastDeadline = view.daysLeft < 0;
  const lagging: LaggingItem[] = [];
  // A unit deactivated since still counts for this period (and in its totals), marked: it is sent no 督办单.
  const inactive = ctx.inactiveCodes();

  const tasks: SummaryTask[] = catalog.tasks.map((t) => {
    const statusCounts: Record<string, number> = Object.fromEntries([...STATUSES, '未报'].map((s) => [s, 0]));
    const entries = ctx.taskUnits(t).map((u) => {
      const r = byUnit.get(u.code)?.get(t.no);
      const unregistered = r !== undefined && received !== null && !received.has(u.code);
      const got = unregistered ? undefined : r;
      statusCounts[got ? got.status : '未报']! += 1;
      const mark = inactive.has(u.code) ? { inactive: true as const } : {};
      if (got?.status === '进度滞后') lagging.push({ task: t.no, title: t.title, unit: u.code, unitName: u.name, reason: 'lagging', problems: got.problems, ...mark });
      else if (!got && pastDeadline) lagging.push({ task: t.no, title: t.title, unit: u.code, unitName: u.name, reason: 'missing', problems: '', ...mark });
      return {
        ...u,
        report: r
          ? {
              status: r.status,
              percent: r.percent,
              progress: r.progress,
              problems: r.problems,
              next: r.next,
              indicators: r.indicators,
              filledBy: r.filledBy,
              phone: r.phone,
              version: r.version,
              updatedAt: r.updatedAt,
              source: r.source,
              evidenceCount: 'evidenceCount' in r ? r.evidenceCount : r.evidence.length,
            }
          : null,
        ...(unregistered ? { unregistered: true as const } : {}),
      };
    });
    return { no: t.no, category: t.category, title: t.title, entries, statusCounts };
  });

  const categories: SummaryCategory[] = catalog.categories.map((c) => {
    const mine = tasks.filter((t) => t.category === c.no);
    const entries = mine.flatMap((t) => t.entries);
    // Received: not what the bureau typed in and has not registered.
    const got = entries.filter((e) => e.report && !e.unregistered);
    return {
      no: c.no,
      numeral: c.numeral,
      title: c.title,
      tasks: mine.length,
      expected: entries.length,
      received: got.length,
      done: got.filter((e) => e.report?.status === '已完成' || e.report?.status === '长期坚持').length,
      lagging: got.filter((e) => e.report?.status === '进度滞后').length,
    };
  });

  const slim = reports.map((r) => ('evidenceCount' in r ? r : { ...r, evidenceCount: r.evidence.length }));
  const units = submissionStatus(ctx, period, slim);
  return {
    period: view,
    plan: catalog.plan,
    catalogVersion: catalog.version,
    generatedAt: ctx.nowIso(),
    categories,
    tasks,
    units,
    indicators: indicatorStatus(ctx, period, slim),
    textsIncluded: texts,
    lagging,
    totals: {
      units: units.length,
      onTime: units.filter((u) => u.state === 'on_time').length,
      late: units.filter((u) => u.state === 'late').length,
      missing: units.filter((u) => u.state === 'missing').length,
      expected: categories.reduce((a, c) => a + c.expected, 0),
      received: categories.reduce((a, c) => a + c.received, 0),
      lagging: lagging.filter((l) => l.reason === 'lagging').length,
      overdue: lagging.filter((l) => l.reason === 'missing').length,
      returned: units.filter((u) => u.returned && u.returned.resubmittedRevision === null).length,
      approved: units.filter((u) => reviewState(u) === 'approved').length,
    },
  };
}

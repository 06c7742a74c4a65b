/**
 * 报送台账: the units against the year's periods, each cell 按时 / 逾期 / 未报 (or not due yet) with the revision held
 * and a standing 退回 or 审核通过; each period's counts, for the reporting rate. The 汇总总览 shows it, the 工作台账
 * workbook prints it.
 */
import { reopened, reviewState, type Period } from '../../../shared/period';
import type { SubmissionCell, YearGridView } from '../../../shared/views';
import type { CoreContext } from '../context';
import { periodsOfYearHeld } from '../exchange/entries';
import { submissionStatus } from './status';

/**
 * `periods`: the year's (default: those begun, and any other holding reports), of which those asked of the units (one
 * only held, before the 起报周期 or of a kind given up, is nobody's to have sent: every unit would show 未报). `own`: one
 * unit's only (a unit's database). `listed`: units to list besides those that owed a period (a ledger's rows name them).
 */
export function yearGrid(ctx: CoreContext, year: number, opts: { periods?: readonly Period[]; own?: string | null; listed?: ReadonlySet<string> } = {}): YearGridView {
  const spans = ctx.kindSpans();
  const periods = (opts.periods ?? periodsOfYearHeld(ctx, year)).filter((p) => ctx.asked(p, spans));
  const own = opts.own ?? null;
  const byPeriod = periods.map((p) => ({ p, view: ctx.periodView(p), status: new Map(submissionStatus(ctx, p).map((x) => [x.unit, x])) }));
  const units = ctx.store.units
    .list(true)
    .filter((u) => (own ? u.code === own : byPeriod.some(({ status }) => status.has(u.code)) || periods.some((p) => ctx.at(p.id).tasksOf(u.code).length > 0) || (opts.listed?.has(u.code) ?? false)));
  // Each unit as the year's periods name it: renamed after the year, the name it had then; within it, both.
  const views = periods.map((p) => ctx.at(p.id));
  const nameOf = (code: string, now: string): string => {
    const all = views.map((v) => v.unitName(code));
    const last = all[all.length - 1];
    if (last === undefined) return now;
    // (Renamed and back again within the year: the name it ended the year with, the other as its earlier one.)
    const earlier = [...new Set(all)].filter((n) => n !== last);
    return earlier.length === 0 ? last : `${last}（原${earlier.join('、')}）`;
  };
  const rows = units.map((u) => ({
    unit: u.code,
    unitName: nameOf(u.code, u.name),
    kind: u.kind,
    active: u.active,
    cells: byPeriod.map(({ view, status }): SubmissionCell | null => {
      const x = status.get(u.code);
      if (!x) return null;
      const review = x.returned && x.returned.resubmittedRevision === null ? 'returned' : reviewState(x) === 'approved' ? 'approved' : null;
      return {
        state: x.state === 'missing' && view.daysLeft >= 0 ? 'not_due' : x.state,
        revision: x.revision,
        review,
        approvedElsewhere: review === null && x.approved && x.revision === null && !reopened(x.approved) ? x.approved.revision : null,
      };
    }),
  }));
  return {
    year,
    periods: byPeriod.map(({ p, view }, j) => {
      const cells = rows.map((r) => r.cells[j]).filter((c): c is SubmissionCell => c !== null);
      return {
        id: p.id,
        label: p.label,
        deadline: view.deadline,
        due: view.daysLeft < 0,
        expected: cells.length,
        onTime: cells.filter((c) => c.state === 'on_time').length,
        late: cells.filter((c) => c.state === 'late').length,
        missing: cells.filter((c) => c.state === 'missing').length,
      };
    }),
    units: rows,
  };
}

/**
 * What a year's or a period's exports (工作台账, 佐证材料包) list: every task ×
 * responsible unit × period as the set-up has it now, and beside them every
 * report held that the set-up no longer reaches — a unit deactivated since, a
 * task no longer in a revised catalog, a period of the kind used before the
 * kind was changed — so that nothing reported drops out of them unsaid.
 */
import { isPeriodId, parsePeriod, periodsOfYear, type Period, type PeriodKind } from '../../../shared/period';
import type { Indicator } from '../../../shared/catalog/types';
import type { StoredReport } from '../store/repos/reports';
import type { CoreContext } from '../context';

/** How the exports mark a unit deactivated since: 新市镇（已停用）. */
export const STOPPED_MARK = '（已停用）';

export interface Entry {
  task: number;
  /** `N. 标题`, or said to be no longer in the catalog. */
  taskTitle: string;
  unit: string;
  /** The unit's name in the entry's period (`CoreContext.named`), said to be deactivated when it is. */
  unitName: string;
  /** 牵头 / 配合, or — when the set-up no longer makes the unit responsible. */
  role: string;
  period: Period;
  report: StoredReport | null;
  /** The task's indicators in the plan in force for the period (none when the task is not in it). */
  indicators: Indicator[];
}

/**
 * Which periods the units were asked for (`CoreContext.asked`: its kind in use on its last day), and the kinds that
 * were ever in use.
 */
export function periodsAsked(ctx: CoreContext): { asked: (p: Period) => boolean; kinds: PeriodKind[] } {
  const spans = ctx.kindSpans();
  return { asked: (p) => ctx.asked(p, spans), kinds: [...new Set(spans.map((s) => s.kind))] };
}

/** Why a year asks nothing of anyone: it ended before the 起报周期 (“2020年在起报周期（2021年第三季度）之前，不要求报送”), else null. */
export function yearBeforeFirst(ctx: CoreContext, year: number): string | null {
  const first = ctx.firstOwed();
  return first !== null && year < first.year ? `${year}年在起报周期（${first.label}）之前，不要求报送` : null;
}

/**
 * A year's periods: those begun by today that the units were asked for (`periodsAsked`: the bureau switched from
 * 季报 to 月报 in November, the quarters due before and the months due after; not the months nobody was asked for),
 * and any other of that year holding reports, by start (the longer first: a quarter before its first month).
 */
export function periodsOfYearHeld(ctx: CoreContext, year: number): Period[] {
  const today = ctx.today();
  const { asked, kinds } = periodsAsked(ctx);
  const byId = new Map(kinds.flatMap((k) => periodsOfYear(k, year)).filter((p) => p.startsOn <= today && asked(p)).map((p) => [p.id, p]));
  for (const id of ctx.store.reports.periodsOfYear(year)) if (!byId.has(id) && isPeriodId(id)) byId.set(id, parsePeriod(id));
  return [...byId.values()].sort((a, b) => a.startsOn.localeCompare(b.startsOn) || b.endsOn.localeCompare(a.endsOn));
}

/**
 * The entries of these periods, by task, unit (responsible ones in the
 * catalog's order, then the others) and period. Slots of the set-up come in
 * every period (report or none); others only where a report is held. Each
 * period's slots, titles and roles are those of the plan in force for it
 * (`ctx.at`): after a revised plan, an earlier period keeps its own. `own`:
 * one unit's only.
 */
export function entriesOf(ctx: CoreContext, periods: readonly Period[], own: string | null = null): Entry[] {
  const units = new Map(ctx.store.units.list(true).map((u) => [u.code, u]));
  // Empty slots in the periods the units were asked for (after a switch of kind: those of the kind then in use).
  const { asked } = periodsAsked(ctx);
  // A task × unit's place among the rows: where it first came, over the periods in order.
  const order = new Map<string, number>();
  const place = (key: string): number => {
    let at = order.get(key);
    if (at === undefined) order.set(key, (at = order.size));
    return at;
  };
  const out: (Entry & { order: number; index: number })[] = [];
  periods.forEach((p, index) => {
    const then = ctx.at(p.id);
    const catalog = then.catalog();
    const tasks = new Map(catalog.tasks.map((t) => [t.no, t]));
    const reports = new Map(ctx.store.reports.listForPeriod(p.id).map((r) => [`${r.unit}/${r.task}`, r]));
    const slots: { task: number; unit: string; role: string; setUp: boolean }[] = [];
    const seen = new Set<string>();
    for (const t of catalog.tasks) {
      for (const u of then.taskUnits(t)) {
        slots.push({ task: t.no, unit: u.code, role: u.role === 'lead' ? '牵头' : '配合', setUp: true });
        seen.add(`${u.code}/${t.no}`);
      }
    }
    for (const [key, r] of reports) {
      if (seen.has(key)) continue;
      const ref = tasks.get(r.task)?.units.find((x) => x.code === r.unit);
      slots.push({ task: r.task, unit: r.unit, role: ref ? (ref.role === 'lead' ? '牵头' : '配合') : '—', setUp: false });
    }
    for (const s of slots) {
      if (own !== null && s.unit !== own) continue;
      const report = reports.get(`${s.unit}/${s.task}`) ?? null;
      // A slot of the set-up in every period asked for; anything else where it holds a report.
      if (!report && !(s.setUp && asked(p))) continue;
      const t = tasks.get(s.task);
      // Under the name it had when the period was due (renamed since: its earlier name).
      const found = units.get(s.unit);
      const u = found ? then.named(found) : undefined;
      out.push({
        task: s.task,
        taskTitle: t ? `${t.no}. ${t.title}` : `${s.task}. （现任务清单中已无此项任务）`,
        unit: s.unit,
        unitName: u ? `${u.name}${u.active ? '' : STOPPED_MARK}` : s.unit,
        role: s.role,
        period: p,
        report,
        indicators: t?.indicators ?? [],
        order: place(`${s.unit}/${s.task}`),
        index,
      });
    }
  });
  out.sort((a, b) => a.task - b.task || a.order - b.order || a.index - b.index);
  return out.map(({ order: _order, index: _index, ...e }) => e);
}

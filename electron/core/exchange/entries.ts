/**
 * What a year's or a period's exports (工作台账, 佐证材料包) list: every task ×
 * responsible unit × period as the set-up has it now, and beside them every
 * report held that the set-up no longer reaches — a unit deactivated since, a
 * task no longer in a revised catalog, a period of the kind used before the
 * kind was changed — so that nothing reported drops out of them unsaid.
 */
import { isPeriodId, parsePeriod, periodsOfYear, type Period } from '../../../shared/period';
import type { StoredReport } from '../store/repos/reports';
import type { CoreContext } from '../context';

export interface Entry {
  task: number;
  /** `N. 标题`, or said to be no longer in the catalog. */
  taskTitle: string;
  unit: string;
  /** The unit's name, said to be deactivated when it is. */
  unitName: string;
  /** 牵头 / 配合, or — when the set-up no longer makes the unit responsible. */
  role: string;
  period: Period;
  report: StoredReport | null;
}

/** A year's periods: those of the kind in use begun by today, and any other of that year holding reports, by start (the longer first: a quarter before its first month). */
export function periodsOfYearHeld(ctx: CoreContext, year: number): Period[] {
  const byId = new Map(periodsOfYear(ctx.periodKind, year).filter((p) => p.startsOn <= ctx.today()).map((p) => [p.id, p]));
  for (const id of ctx.store.reports.periodsOfYear(year)) if (!byId.has(id) && isPeriodId(id)) byId.set(id, parsePeriod(id));
  return [...byId.values()].sort((a, b) => a.startsOn.localeCompare(b.startsOn) || b.endsOn.localeCompare(a.endsOn));
}

/**
 * The entries of these periods, by task, unit (responsible ones in the
 * catalog's order, then the others) and period. Slots of the set-up come in
 * every period (report or none); others only where a report is held. `own`:
 * one unit's only.
 */
export function entriesOf(ctx: CoreContext, periods: readonly Period[], own: string | null = null): Entry[] {
  const catalog = ctx.catalog();
  const units = new Map(ctx.store.units.list(true).map((u) => [u.code, u]));
  const tasks = new Map(catalog.tasks.map((t) => [t.no, t]));
  const held = periods.map((p) => ({ p, reports: new Map(ctx.store.reports.listForPeriod(p.id).map((r) => [`${r.unit}/${r.task}`, r])) }));
  const inKind = (p: Period): boolean => p.kind === ctx.periodKind;
  type Slot = { task: number; unit: string; role: string; order: number; setUp: boolean };
  const slots: Slot[] = [];
  const seen = new Set<string>();
  for (const t of catalog.tasks) {
    for (const u of ctx.taskUnits(t)) {
      slots.push({ task: t.no, unit: u.code, role: u.role === 'lead' ? '牵头' : '配合', order: slots.length, setUp: true });
      seen.add(`${u.code}/${t.no}`);
    }
  }
  for (const { reports } of held) {
    for (const [key, r] of reports) {
      if (seen.has(key)) continue;
      seen.add(key);
      const ref = tasks.get(r.task)?.units.find((x) => x.code === r.unit);
      slots.push({ task: r.task, unit: r.unit, role: ref ? (ref.role === 'lead' ? '牵头' : '配合') : '—', order: slots.length, setUp: false });
    }
  }
  slots.sort((a, b) => a.task - b.task || a.order - b.order);
  const out: Entry[] = [];
  for (const s of slots) {
    if (own !== null && s.unit !== own) continue;
    const t = tasks.get(s.task);
    const u = units.get(s.unit);
    const taskTitle = t ? `${t.no}. ${t.title}` : `${s.task}. （现任务目录中已无此项任务）`;
    const unitName = u ? `${u.name}${u.active ? '' : '（已停用）'}` : s.unit;
    for (const { p, reports } of held) {
      const report = reports.get(`${s.unit}/${s.task}`) ?? null;
      // A slot of the set-up in every period of the kind in use; anything else where it holds a report.
      if (report || (s.setUp && inKind(p))) out.push({ task: s.task, taskTitle, unit: s.unit, unitName, role: s.role, period: p, report });
    }
  }
  return out;
}

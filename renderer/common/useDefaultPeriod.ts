/**
 * The period people are working on. A unit: the one that just ended while its
 * deadline has not passed (on 2021-10-03 that is 2021-Q3, due 2021-10-05), else
 * the current one, which it fills in as it goes. The bureau: the one that just
 * ended, until the next one ends (after the deadline it chases who is late or
 * missing; the current period has nothing to collect yet).
 */
import { parsePeriod } from '../../shared/period';
import type { AppInfo, PeriodView, Role } from '../../shared/views';
import { api } from '../api/client';
import { useCall } from './useCall';

/**
 * Among the periods the units were asked for (`periods.recent`: after a switch of kind, last quarter still owed, not
 * the months nobody was asked for), the one that ended last before the current one began.
 */
function choose(role: Role | null, current: string, recent: readonly PeriodView[]): string {
  const starts = parsePeriod(current).startsOn;
  const prev = recent.filter((p) => p.id !== current && p.endsOn < starts).sort((a, b) => b.endsOn.localeCompare(a.endsOn))[0];
  if (!prev) return current;
  return role === 'bureau' || (prev.daysLeft >= 0 && !prev.closed) ? prev.id : current;
}

export function useDefaultPeriod(info: AppInfo): string | null {
  const recent = useCall('periods.recent', {});
  if (recent.error) return info.currentPeriod;
  if (!recent.data) return null;
  return choose(info.role, info.currentPeriod, recent.data);
}

/** The same, outside a component (the first-run screen fills its demo data there: the period the app then opens on). */
export async function workingPeriod(currentPeriod: string, role: Role): Promise<string> {
  const recent = await api('periods.recent', {});
  return recent.ok ? choose(role, currentPeriod, recent.value) : currentPeriod;
}

/**
 * The period people are working on. A unit: the one that just ended while its
 * deadline has not passed (on 2021-10-03 that is 2021-Q3, due 2021-10-05), else
 * the current one, which it fills in as it goes. The bureau: the one that just
 * ended, until the next one ends (after the deadline it chases who is late or
 * missing; the current period has nothing to collect yet).
 */
import { useEffect, useRef, useState } from 'react';
import { isPeriodId, parsePeriod } from '../../shared/period';
import type { AppInfo, PeriodView, Role } from '../../shared/views';
import { api } from '../api/client';
import { PERIODS_CHANGED } from './PeriodPicker';
import { useCall } from './useCall';

/**
 * Among the periods the units were asked for (`periods.recent`: after a switch of kind, last quarter still owed, not
 * the months nobody was asked for), the one that ended last before the current one began.
 */
function choose(role: Role | null, current: string, recent: readonly PeriodView[]): string {
  const starts = parsePeriod(current).startsOn;
  // (Not one listed only for what it holds: nobody owes it.)
  const prev = recent.filter((p) => p.id !== current && p.owed && p.endsOn < starts).sort((a, b) => b.endsOn.localeCompare(a.endsOn))[0];
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

/**
 * The 起报周期 moved (in 设置, or by a set-up file adopted) past the period shown: the first period owed is shown instead
 * (of the kind in use; else the one under way), and every period picker reads its list again.
 */
export function useOwedPeriod(info: AppInfo, period: string, setPeriod: (p: string) => void): void {
  const first = info.firstOwed?.id ?? null;
  const [seen, setSeen] = useState(first);
  if (seen !== first) {
    setSeen(first);
    if (first !== null && isPeriodId(period) && parsePeriod(period).endsOn < parsePeriod(first).startsOn) setPeriod(parsePeriod(first).kind === info.periodKind ? first : info.currentPeriod);
  }
  const mounted = useRef(false);
  useEffect(() => {
    if (mounted.current) window.dispatchEvent(new Event(PERIODS_CHANGED));
    mounted.current = true;
  }, [first]);
}

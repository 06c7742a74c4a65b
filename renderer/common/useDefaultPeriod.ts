/**
 * The period people are working on. A unit: the one that just ended while its
 * deadline has not passed (on 2021-10-03 that is 2021-Q3, due 2021-10-05), else
 * the current one, which it fills in as it goes. The bureau: the one that just
 * ended, until the next one ends (after the deadline it chases who is late or
 * missing; the current period has nothing to collect yet).
 */
import { parsePeriod, previousPeriod } from '../../shared/period';
import type { AppInfo, PeriodView, Role } from '../../shared/views';
import { api } from '../api/client';
import { useCall } from './useCall';

const choose = (role: Role | null, current: string, prev: string, prevView: PeriodView): string =>
  role === 'bureau' || (prevView.daysLeft >= 0 && !prevView.closed) ? prev : current;

export function useDefaultPeriod(info: AppInfo): string | null {
  const prev = previousPeriod(parsePeriod(info.currentPeriod)).id;
  const p = useCall('periods.get', { period: prev });
  if (p.error) return info.currentPeriod;
  if (!p.data) return null;
  return choose(info.role, info.currentPeriod, prev, p.data);
}

/** The same, outside a component (the first-run screen fills its demo data there: the period the app then opens on). */
export async function workingPeriod(currentPeriod: string, role: Role): Promise<string> {
  const prev = previousPeriod(parsePeriod(currentPeriod)).id;
  const p = await api('periods.get', { period: prev });
  return p.ok ? choose(role, currentPeriod, prev, p.value) : currentPeriod;
}

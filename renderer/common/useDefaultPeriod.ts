/**
 * The period people are working on: the one that just ended while its deadline
 * has not passed (on 2021-10-03 that is 2021-Q3, due 2021-10-05), else the current one.
 */
import { parsePeriod, previousPeriod } from '../../shared/period';
import type { AppInfo, PeriodView } from '../../shared/views';
import { api } from '../api/client';
import { useCall } from './useCall';

const choose = (current: string, prev: string, prevView: PeriodView): string => (prevView.daysLeft >= 0 && !prevView.closed ? prev : current);

export function useDefaultPeriod(info: AppInfo): string | null {
  const prev = previousPeriod(parsePeriod(info.currentPeriod)).id;
  const p = useCall('periods.get', { period: prev });
  if (p.error) return info.currentPeriod;
  if (!p.data) return null;
  return choose(info.currentPeriod, prev, p.data);
}

/** The same, outside a component (the first-run screen fills its demo data there: the period the app then opens on). */
export async function workingPeriod(currentPeriod: string): Promise<string> {
  const prev = previousPeriod(parsePeriod(currentPeriod)).id;
  const p = await api('periods.get', { period: prev });
  return p.ok ? choose(currentPeriod, prev, p.value) : currentPeriod;
}

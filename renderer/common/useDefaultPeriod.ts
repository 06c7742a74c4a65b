/**
 * The period people are working on: the one that just ended while its deadline
 * has not passed (on 2021-10-03 that is 2021-Q3, due 2021-10-05), else the current one.
 */
import { parsePeriod, previousPeriod } from '../../shared/period';
import type { AppInfo } from '../../shared/views';
import { useCall } from './useCall';

export function useDefaultPeriod(info: AppInfo): string | null {
  const prev = previousPeriod(parsePeriod(info.currentPeriod)).id;
  const p = useCall('periods.get', { period: prev });
  if (p.error) return info.currentPeriod;
  if (!p.data) return null;
  return p.data.daysLeft >= 0 && !p.data.closed ? prev : info.currentPeriod;
}

import { Alert } from 'antd';
import { parsePeriod } from '../../shared/period';
import type { AppInfo } from '../../shared/views';

/** Demo data is always labelled as such. */
export function DemoBanner({ info }: { info: AppInfo }) {
  if (info.demoPeriods.length === 0) return null;
  return <Alert banner type="warning" title={`本数据库包含演示数据（${info.demoPeriods.map((p) => parsePeriod(p).label).join('、')}），内容标有“【演示数据】”，仅供熟悉系统使用。`} />;
}

import { Alert } from 'antd';
import { parsePeriod } from '../../shared/period';
import type { AppInfo } from '../../shared/views';
import { host } from '../api/client';

/** Demo data is always labelled as such. */
export function DemoBanner({ info }: { info: AppInfo }) {
  if (info.demoPeriods.length === 0) return null;
  // How to begin for real: another, empty data folder (the desktop app's menu; browser mode's --data-dir).
  const fresh =
    host.kind === 'browser'
      ? '正式使用前，请以一个空的数据文件夹启动（npm run serve -- --data-dir 文件夹），重新选择用途。'
      : '正式使用前，请用菜单“文件 → 更改数据文件夹…”换到一个空文件夹，重新选择用途。';
  return <Alert banner type="warning" title={`本数据库包含演示数据（${info.demoPeriods.map((p) => parsePeriod(p).label).join('、')}），内容标有“【演示数据】”，仅供熟悉系统使用。${fresh}`} />;
}

import { Result, Spin } from 'antd';
import { useCall } from './common/useCall';
import { errorText } from './common/errors';
import { BureauApp } from './bureau/BureauApp';
import { ClerkApp } from './clerk/ClerkApp';
import { FirstRun } from './first-run/FirstRun';

/** Starts where the database is: first run, a unit clerk's desk, or the bureau's. */
export function App() {
  const info = useCall('app.info', {});
  if (info.error) return <Result status="error" title="无法打开数据" subTitle={errorText(info.error)} />;
  if (!info.data) return <Spin size="large" fullscreen description="正在加载…" />;
  const i = info.data;
  if (!i.initialized) return <FirstRun info={i} onDone={info.reload} />;
  if (i.role === 'unit' && i.unit) return <ClerkApp info={i} onChanged={info.reload} />;
  return <BureauApp info={i} onChanged={info.reload} />;
}

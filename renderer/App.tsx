import { Result, Spin } from 'antd';
import { useState } from 'react';
import { useCall } from './common/useCall';
import { errorText } from './common/errors';
import { OPEN_FAILURES } from '../shared/errors';
import { DamagedDatabase } from './backup/DamagedDatabase';
import { BureauApp } from './bureau/BureauApp';
import { ClerkApp } from './clerk/ClerkApp';
import { FirstRun } from './first-run/FirstRun';

/** Starts where the database is: first run, a unit clerk's desk, or the bureau's. */
export function App() {
  const info = useCall('app.info', {});
  // A restored backup is another database: every screen starts afresh on it.
  const [generation, setGeneration] = useState(0);
  // Come from the first-run screen: the desk takes the keyboard at its top (AppTitle).
  const [arrived, setArrived] = useState(false);
  const restored = (): void => {
    setGeneration((g) => g + 1);
    info.reload();
  };
  if (info.error && OPEN_FAILURES.has(info.error.code)) return <DamagedDatabase error={info.error} onRestored={restored} />;
  if (info.error) return <Result status="error" title="无法打开数据" subTitle={errorText(info.error)} />;
  if (!info.data) return <Spin size="large" fullscreen description="正在加载…" />;
  const i = info.data;
  if (!i.initialized) {
    const done = (): void => {
      setArrived(true);
      info.reload();
    };
    return <FirstRun key={generation} info={i} onDone={done} />;
  }
  if (i.role === 'unit' && i.unit) return <ClerkApp key={generation} info={i} onChanged={info.reload} arrived={arrived} />;
  return <BureauApp key={generation} info={i} onChanged={info.reload} onRestored={restored} arrived={arrived} />;
}

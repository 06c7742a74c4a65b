import { Collapse, Empty, Spin } from 'antd';
import { useState } from 'react';
import { ErrorNote } from '../common/ErrorNote';
import { formatChineseDateTime } from '../common/format';
import { useCall } from '../common/useCall';

/** 设置变更记录: every deadline moved, period closed or opened again, target entered and period kind changed; read when opened. */
export function SettingsLog() {
  const [open, setOpen] = useState(false);
  const log = useCall('settings.log', open ? {} : null);
  return (
    <Collapse
      onChange={(keys) => setOpen(keys.length > 0)}
      items={[
        {
          key: 'log',
          label: '设置变更记录（截止日期、关闭与重新开放、上级下达目标、基准值、任务清单、报送周期）',
          children: log.error ? (
            <ErrorNote error={log.error} />
          ) : !log.data ? (
            <Spin />
          ) : log.data.length === 0 ? (
            <Empty description="还没有更改过设置" />
          ) : (
            <ol className="settings-log" data-testid="settings-log">
              {[...log.data].reverse().map((c, i) => (
                <li key={i}>
                  <span className="settings-log-time">{formatChineseDateTime(c.at)}</span>
                  {c.text}
                </li>
              ))}
            </ol>
          ),
        },
      ]}
    />
  );
}

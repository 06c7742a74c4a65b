import { CopyOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Empty, Layout, Progress, Space, Spin, Tooltip } from 'antd';
import { useState } from 'react';
import { copyPreviousText } from '../../shared/report';
import type { AppInfo } from '../../shared/views';
import { api } from '../api/client';
import { DemoBanner } from '../common/DemoBanner';
import { ErrorNote } from '../common/ErrorNote';
import { errorText } from '../common/errors';
import { ExportButton } from '../common/ExportButton';
import { PeriodPicker } from '../common/PeriodPicker';
import { PrintButton } from '../common/PrintPreview';
import { useCall } from '../common/useCall';
import { useDefaultPeriod } from '../common/useDefaultPeriod';
import { TaskForm } from './TaskForm';
import { TaskList } from './TaskList';

/** The unit clerk's desk: this period's tasks on the left, the selected task's form on the right. */
function ClerkDesk({ initialPeriod, info }: { initialPeriod: string; info: AppInfo; onChanged: () => void }) {
  const { message } = AntApp.useApp();
  const unit = info.unit!;
  const [period, setPeriod] = useState(initialPeriod);
  const [selected, setSelected] = useState<number | null>(null);
  const [query, setQuery] = useState('');
  const catalog = useCall('catalog.get', {});
  const view = useCall('reports.forUnit', { unit: unit.code, period });

  const copyPrevious = async (): Promise<void> => {
    const r = await api('reports.copyPrevious', { unit: unit.code, period });
    if (!r.ok) return void message.error(errorText(r.error));
    if (r.value.copied.length > 0) message.success(copyPreviousText(r.value));
    else message.info(copyPreviousText(r.value));
    view.reload();
  };

  const v = view.data;
  const current = selected ?? v?.tasks[0]?.task ?? null;
  const mine = v?.tasks.find((t) => t.task === current);
  const task = catalog.data?.tasks.find((t) => t.no === current);

  return (
    <Layout className="app-frame">
      <Layout.Header className="app-header">
        <span className="app-title">生态文明建设任务进度填报</span>
        <span>{unit.name}</span>
        <PeriodPicker value={period} onChange={(p) => { setPeriod(p); setSelected(null); }} />
        <span className="spacer" />
        {v && (
          <Tooltip title="已填写的任务 / 本单位负责的任务">
            <Space>
              <span data-testid="filled">{`已填 ${v.filled}/${v.total}`}</span>
              <Progress percent={Math.round((v.filled / Math.max(v.total, 1)) * 100)} size="small" style={{ width: 100 }} showInfo={false} />
            </Space>
          </Tooltip>
        )}
        <Button icon={<CopyOutlined />} onClick={() => void copyPrevious()}>
          复制上期
        </Button>
        <PrintButton input={{ form: 'unit', period, unit: unit.code }} />
        <ExportButton type="primary" label="导出报送文件" run={() => api('exchange.exportUnit', { unit: unit.code, period })} />
      </Layout.Header>
      <DemoBanner info={info} />
      <Layout className="app-body">
        <Layout.Sider width={340} className="task-sider" theme="light">
          {v && catalog.data && <TaskList tasks={v.tasks} categories={catalog.data.categories} selected={current} query={query} onQuery={setQuery} onSelect={setSelected} />}
        </Layout.Sider>
        <Layout.Content className="app-content">
          {view.error && <ErrorNote error={view.error} />}
          {catalog.error && <ErrorNote error={catalog.error} />}
          {!v && !view.error && <Spin />}
          {v && v.tasks.length === 0 && <Empty description="本单位在当前任务清单中没有负责的任务" />}
          {mine && task && <TaskForm key={`${period}:${task.no}`} unit={unit.code} period={period} task={task} mine={mine} onSaved={() => view.reload()} />}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

/** Waits for the default period, then opens the desk on it. */
export function ClerkApp(props: { info: AppInfo; onChanged: () => void }) {
  const period = useDefaultPeriod(props.info);
  if (!period) return <Spin fullscreen />;
  return <ClerkDesk initialPeriod={period} {...props} />;
}

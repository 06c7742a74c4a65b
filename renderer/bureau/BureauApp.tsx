import { AppTitle } from '../common/AppTitle';
import { AlertOutlined, CloudUploadOutlined, DashboardOutlined, EditOutlined, FileSearchOutlined, LineChartOutlined, SafetyOutlined, SettingOutlined } from '@ant-design/icons';
import { Layout, Spin, Menu } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { AppInfo } from '../../shared/views';
import { DemoBanner } from '../common/DemoBanner';
import { PeriodPicker } from '../common/PeriodPicker';
import { useDefaultPeriod, useOwedPeriod } from '../common/useDefaultPeriod';
import { BackupPage } from './BackupPage';
import { EntryPage } from './EntryPage';
import { ImportCentre } from './ImportCentre';
import { IndicatorBoard } from './IndicatorBoard';
import { NoticesPage } from './NoticesPage';
import { Overview } from './Overview';
import { SettingsPage } from './SettingsPage';
import { TaskDetail } from './TaskDetail';

type Page = 'overview' | 'import' | 'entry' | 'notices' | 'indicators' | 'task' | 'settings' | 'backup';

const MENU = [
  { key: 'overview', icon: <DashboardOutlined />, label: '汇总总览' },
  { key: 'import', icon: <CloudUploadOutlined />, label: '导入中心' },
  { key: 'entry', icon: <EditOutlined />, label: '代为填报' },
  { key: 'notices', icon: <AlertOutlined />, label: '督办管理' },
  { key: 'indicators', icon: <LineChartOutlined />, label: '指标看板' },
  { key: 'task', icon: <FileSearchOutlined />, label: '任务详情' },
  { key: 'settings', icon: <SettingOutlined />, label: '设置' },
  { key: 'backup', icon: <SafetyOutlined />, label: '备份与恢复' },
];

/** The bureau's desk: a menu of screens, all for the chosen period. */
function BureauDesk({ initialPeriod, info, onChanged, onRestored, arrived }: { initialPeriod: string; info: AppInfo; onChanged: () => void; onRestored: () => void; arrived: boolean }) {
  const [page, setPage] = useState<Page>('overview');
  const [period, setPeriod] = useState(initialPeriod);
  // Another period kind (changed in 设置): the period shown becomes the new kind's, the page stays.
  const [kindShown, setKindShown] = useState(info.periodKind);
  if (kindShown !== info.periodKind) {
    setKindShown(info.periodKind);
    setPeriod(initialPeriod);
  }
  useOwedPeriod(info, period, setPeriod);
  const [task, setTask] = useState<number>(1);
  // Opening a task from the overview moves the keyboard's focus into its page (the link pressed is gone).
  const content = useRef<HTMLElement>(null);
  const [focusContent, setFocusContent] = useState(false);
  useEffect(() => {
    if (!focusContent) return;
    content.current?.focus();
    setFocusContent(false);
  }, [focusContent, page]);
  const openTask = (no: number): void => {
    setTask(no);
    setPage('task');
    setFocusContent(true);
  };
  // 代为填报's unit: the one last picked there, or from a unit's 报送详情 (none yet: the bureau's own office); kept when
  // the page is left and come back to, or another period picked.
  const [entryUnit, setEntryUnit] = useState<string | undefined>(undefined);
  const openEntry = (unit: string): void => {
    setEntryUnit(unit);
    setPage('entry');
    setFocusContent(true);
  };
  const openNotices = (): void => {
    setPage('notices');
    setFocusContent(true);
  };
  // From an import's outcome: the overview of the period its files were for.
  const openPeriod = (id: string): void => {
    setPeriod(id);
    setPage('overview');
    setFocusContent(true);
  };
  return (
    <Layout className="app-frame">
      <Layout.Header className="app-header">
        <AppTitle text="生态文明建设任务进度填报 · 区局汇总" arrived={arrived} />
        <PeriodPicker value={period} onChange={setPeriod} />
      </Layout.Header>
      <DemoBanner info={info} />
      <Layout className="app-body">
        <Layout.Sider width={180} theme="light" className="task-sider">
          <Menu mode="inline" selectedKeys={[page]} items={MENU} onClick={(e) => setPage(e.key as Page)} aria-label="功能" />
        </Layout.Sider>
        {/* Another period shows its page afresh; the import centre keeps its files and results (it is not about one period). */}
        <Layout.Content className="app-content focus-target" key={page === 'import' ? page : `${page}:${period}`} ref={content} tabIndex={-1}>
          {page === 'overview' && <Overview period={period} onOpenTask={openTask} onOpenEntry={openEntry} onOpenNotices={openNotices} />}
          {page === 'import' && <ImportCentre onImported={onChanged} onOpenPeriod={openPeriod} />}
          {page === 'entry' && <EntryPage period={period} today={info.today} onUnit={setEntryUnit} {...(entryUnit ? { initialUnit: entryUnit } : {})} />}
          {page === 'notices' && <NoticesPage period={period} today={info.today} />}
          {page === 'indicators' && <IndicatorBoard period={period} today={info.today} />}
          {page === 'task' && <TaskDetail period={period} task={task} onTask={setTask} />}
          {page === 'settings' && <SettingsPage info={info} period={period} onChanged={onChanged} />}
          {page === 'backup' && <BackupPage info={info} onRestored={onRestored} />}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

/** Waits for the default period, then opens the desk on it. */
export function BureauApp(props: { info: AppInfo; onChanged: () => void; onRestored: () => void; arrived: boolean }) {
  const period = useDefaultPeriod(props.info);
  if (!period) return <Spin fullscreen />;
  return <BureauDesk initialPeriod={period} {...props} />;
}

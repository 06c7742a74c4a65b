import { AppTitle } from '../common/AppTitle';
import { CopyOutlined, SettingOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Descriptions, Drawer, Empty, Layout, Progress, Space, Spin, Tooltip } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { formatChineseDate, parsePeriod, PERIOD_KIND_LABELS, returnText } from '../../shared/period';
import { copyPreviousText } from '../../shared/report';
import type { AppInfo } from '../../shared/views';
import { api } from '../api/client';
import { BackupCopy } from '../common/BackupCopy';
import { DemoBanner } from '../common/DemoBanner';
import { ErrorNote } from '../common/ErrorNote';
import { errorText } from '../common/errors';
import { ExportButton, ExportMenu } from '../common/ExportButton';
import { PeriodPicker } from '../common/PeriodPicker';
import { PrintButton } from '../common/PrintPreview';
import { ReviewLog } from '../common/ReviewLog';
import { SetupImport } from '../common/SetupImport';
import { useCall } from '../common/useCall';
import { useDefaultPeriod, useOwedPeriod } from '../common/useDefaultPeriod';
import { unsavedAfter, unsavedTasks } from './draft';
import { fieldsOf } from './fields';
import { ApprovalNote } from './ApprovalNote';
import { NoticesNote, openNotices } from './NoticesNote';
import { TaskForm } from './TaskForm';
import { TaskList } from './TaskList';

/** The unit clerk's desk: this period's tasks on the left, the selected task's form on the right. */
function ClerkDesk({ initialPeriod, info, onChanged, arrived }: { initialPeriod: string; info: AppInfo; onChanged: () => void; arrived: boolean }) {
  const { message, modal } = AntApp.useApp();
  const unit = info.unit!;
  const [period, setPeriod] = useState(initialPeriod);
  useOwedPeriod(info, period, setPeriod);
  const [selected, setSelected] = useState<number | null>(null);
  // A task brought up from a banner (退回, 督办单) takes the keyboard to its form; one picked in the list leaves it there.
  const [jump, setJump] = useState(0);
  const pick = (no: number | null): void => {
    setSelected(no);
    setJump(0);
  };
  const goToTask = (no: number): void => {
    setSelected(no);
    setJump((j) => j + 1);
  };
  const [query, setQuery] = useState('');
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [copies, setCopies] = useState(0);
  // The plan in force for the period chosen (a past period keeps the plan its reports were made on).
  const catalog = useCall('catalog.get', { period });
  const view = useCall('reports.forUnit', { unit: unit.code, period });
  // The bureau's 督办单 to this unit, of any period, as its set-up file told them.
  const notices = useCall('notices.list', {});
  // Periods sent back and not answered yet: pointed to from whichever period is shown.
  const returnedPeriods = useCall('reports.returned', { unit: unit.code });
  const elsewhere = (returnedPeriods.data ?? []).filter((r) => r.period !== period);
  // Periods owed, past their deadline, with nothing sent from here: pointed to from the period shown (the desk opens on
  // the period under way once the one before is past its deadline). Read again on going to another period (one exported is sent).
  const unsent = useCall('reports.unsent', { unit: unit.code });
  const unsentElsewhere = (unsent.data ?? []).filter((u) => u.period !== period && !elsewhere.some((r) => r.period === u.period));
  // Another period: its form afresh, and the periods sent back read again (one exported since is answered).
  const goTo = (p: string): void => {
    setPeriod(p);
    pick(null);
    returnedPeriods.reload();
    unsent.reload();
  };
  const noticedTasks = (notices.data ? openNotices(notices.data) : []).filter((n) => n.period === period).flatMap((n) => n.tasks.map((t) => t.no));

  // Only the view of the period chosen: while another period's view is still shown (its call in flight), its
  // form would take the new period's key with the old period's text, and save that text into the new period.
  const v = view.data?.period.id === period ? view.data : undefined;
  // A closed period is read-only: the bureau no longer takes its files, and the core refuses writes into it.
  const closed = v?.period.closed ?? false;
  // One listed only for what was typed in it (before the bureau's 起报周期, or of a kind it gave up): read, not sent.
  const notOwed = v ? !v.period.owed : false;

  const copyPrevious = async (): Promise<void> => {
    const r = await api('reports.copyPrevious', { unit: unit.code, period });
    if (!r.ok) return void message.error(errorText(r.error));
    if (r.value.copied.length > 0) message.success(copyPreviousText(r.value));
    else message.info(copyPreviousText(r.value));
    // The open form is drawn afresh from what was copied (its key), once the view holding it has come: drawn before,
    // it would show the empty task and save over the copy (or be refused as saved over elsewhere).
    redrawOnView.current = true;
    view.reload();
  };
  const redrawOnView = useRef(false);
  useEffect(() => {
    if (!redrawOnView.current || !view.data) return;
    redrawOnView.current = false;
    setCopies((n) => n + 1);
  }, [view.data]);

  // Before an export: what the open form has pending is saved; edits that cannot be saved (a check fails) are asked about.
  const flushForm = useRef<(() => Promise<void>) | null>(null);
  const beforeExport = async (): Promise<boolean> => {
    if (closed) {
      return modal.confirm({
        title: `${v?.period.label ?? ''}已关闭`,
        content: '区局已不再接收本期的报送文件，导入时会拒收。如需补报，请先与区局联系，由区局重新开放本期。仍要导出（例如留作底稿）吗？',
        okText: '仍然导出',
        cancelText: '取消',
        focusable: { autoFocusButton: 'cancel' },
      });
    }
    if (!(await settleEdits('导出的文件'))) return false;
    // What the export would warn of, asked before the file is made: following the advice then makes no second revision.
    const check = await api('exchange.exportCheck', { unit: unit.code, period });
    if (!check.ok || check.value.warnings.length === 0) return true;
    return modal.confirm({
      title: '导出前请核对',
      content: (
        <ul className="error-details">
          {check.value.warnings.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      ),
      okText: '仍然导出',
      cancelText: '返回修改',
      width: 560,
      focusable: { autoFocusButton: 'cancel' },
    });
  };

  /** The open form's pending edits saved; edits that could not be (not passing the checks) asked about before `what` is made without them. */
  const settleEdits = async (what: string): Promise<boolean> => {
    const unsaved = await unsavedAfter(flushForm.current, unit.code, period);
    view.reload();
    if (unsaved.length === 0) return true;
    // 返回修改 opens the first of them, the keyboard in its form (once the dialog has given it back to its opener).
    let back = false;
    return modal.confirm({
      title: `有 ${unsaved.length} 项任务的修改尚未保存`,
      content: `第 ${unsaved.join('、')} 项任务有未保存的修改（未通过检查，如进度滞后未填写存在问题；或在另一个窗口中修改、尚未保存，或已在别处修改而没有保存），${what}不包含这些修改。请先打开这些任务处理并保存；也可以仍然导出已保存的内容。`,
      okText: '仍然导出',
      cancelText: '返回修改',
      focusable: { autoFocusButton: 'cancel' },
      onCancel: () => {
        back = true;
      },
      afterClose: () => {
        if (back && unsaved[0] !== undefined) goToTask(unsaved[0]);
      },
    });
  };

  const current = selected ?? v?.tasks[0]?.task ?? null;
  // Tasks left with edits on this computer that are not saved (a check failed): marked in the list (the open one's
  // form says it itself). Read from the local drafts on every render: a move to another task shows the one left.
  const unsaved = v ? unsavedTasks(unit.code, period, new Map(v.tasks.map((t) => [t.task, t.report ? fieldsOf(t.report) : null]))).filter((n) => n !== current) : [];
  const mine = v?.tasks.find((t) => t.task === current);
  const task = catalog.data?.tasks.find((t) => t.no === current);
  // The period's plan gives the unit no task (a revised plan took its last): nothing to fill in, copy or send.
  const nothingOwed = v !== undefined && v.total === 0;

  return (
    <Layout className="app-frame">
      <Layout.Header className="app-header clerk-header">
        <AppTitle text="生态文明建设任务进度填报" arrived={arrived} />
        <span>{unit.name}</span>
        {/* Past its deadline and not among the periods with nothing sent: this unit sent it. */}
        <PeriodPicker value={period} onChange={goTo} nothingOwed={nothingOwed} sent={unsent.data != null && !unsent.data.some((u) => u.period === period)} />
        <span className="spacer" />
        {v && (
          <Tooltip title="已填写的任务 / 本单位负责的任务">
            <Space>
              <span data-testid="filled">{`已填 ${v.filled}/${v.total}`}</span>
              <Progress className="header-progress" percent={Math.round((v.filled / Math.max(v.total, 1)) * 100)} size="small" style={{ width: 100 }} showInfo={false} />
            </Space>
          </Tooltip>
        )}
        {/* (No 上期 in the first period owed.) */}
        <Button icon={<CopyOutlined />} disabled={closed || notOwed || nothingOwed || v?.period.previous === null} onClick={() => void copyPrevious()}>
          复制上期
        </Button>
        <PrintButton input={{ form: 'unit', period, unit: unit.code }} disabled={nothingOwed} />
        {/* The unit's other exports behind the arrow beside it: the header keeps to one row on a laptop. */}
        <Space.Compact>
          {/* Not the step to take in a closed period (the bureau takes no file of it): asked about first, not pressed on. */}
          <ExportButton
            type={closed ? 'default' : 'primary'}
            disabled={nothingOwed || notOwed}
            label="导出报送文件"
            prepare={beforeExport}
            next="请通过内网邮件或U盘报送区局"
            run={() => api('exchange.prepareUnitExport', { unit: unit.code, period })}
          />
          <ExportMenu
            arrowOnly
            type={closed ? 'default' : 'primary'}
            label="更多导出：台账、佐证材料包"
            prepare={() => settleEdits('台账和材料包')}
            items={[
              { key: 'ledger', label: `本单位${period.slice(0, 4)}年工作台账`, run: () => api('exchange.ledgerExport', { year: Number(period.slice(0, 4)) }) },
              { key: 'evidence', label: '本期佐证材料包', run: () => api('exchange.prepareEvidencePackage', { period }) },
            ]}
          />
        </Space.Compact>
        <Tooltip title="本机设置：本单位、任务清单版本，导入区局的设置文件">
          <Button icon={<SettingOutlined />} aria-label="本机设置" onClick={() => setSettingsOpen(true)} />
        </Tooltip>
      </Layout.Header>
      <Drawer title="本机设置" size={560} open={settingsOpen} onClose={() => setSettingsOpen(false)}>
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label="本单位">{unit.name}</Descriptions.Item>
            <Descriptions.Item label="任务清单版本">{info.catalogVersion ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="报送周期">{PERIOD_KIND_LABELS[info.periodKind]}</Descriptions.Item>
            <Descriptions.Item label="数据文件">{info.dbPath}</Descriptions.Item>
          </Descriptions>
          <SetupImport
            intro="收到区局下发的新设置文件（修订的任务清单、单位名单或报送周期）时，在此选择该文件：先显示将要发生的变化，确认后采用。已填写的内容不会丢失。"
            onAdopted={() => {
              onChanged();
              catalog.reload();
              view.reload();
              notices.reload();
              returnedPeriods.reload();
              unsent.reload();
            }}
          />
          <BackupCopy />
        </Space>
      </Drawer>
      <DemoBanner info={info} />
      <Layout className="app-body">
        <Layout.Sider width={340} className="task-sider" theme="light">
          {v && catalog.data && <TaskList tasks={v.tasks} returnedTasks={v.returned?.resubmittedRevision === null && !closed ? v.returned.tasks : []} noticedTasks={noticedTasks} unsavedTasks={unsaved} categories={catalog.data.categories} selected={current} query={query} onQuery={setQuery} onSelect={pick} />}
        </Layout.Sider>
        <Layout.Content className="app-content">
          {view.error && <ErrorNote error={view.error} />}
          {catalog.error && <ErrorNote error={catalog.error} />}
          {!v && !view.error && <Spin />}
          {/* A closed period takes no corrected file: its note is the one said. */}
          {v?.returned && !closed && (
            <Alert
              className="return-note"
              type={v.returned.resubmittedRevision === null ? 'error' : 'info'}
              showIcon
              title={v.returned.resubmittedRevision === null ? `区局已退回本单位${v.period.label}的报送（第 ${v.returned.revision} 版）` : `已按区局的退回意见修改并导出（第 ${v.returned.resubmittedRevision} 版）`}
              // The tasks named, one step away (the form shown may be another task's).
              action={
                v.returned.resubmittedRevision === null && v.returned.tasks.length > 0 ? (
                  <Space orientation="vertical" size={4}>
                    {v.returned.tasks.slice(0, 3).map((no) => (
                      <Button key={no} size="small" onClick={() => goToTask(no)}>{`转到第 ${no} 项`}</Button>
                    ))}
                  </Space>
                ) : undefined
              }
              description={
                v.returned.resubmittedRevision === null
                  ? `${returnText(v.returned)}。请按退回原因修改${v.returned.tasks.length > 0 ? `第 ${v.returned.tasks.join('、')} 项任务` : ''}后重新导出报送文件，发送给区局。`
                  : `请将新导出的报送文件发送给区局。区局退回的原因：${returnText(v.returned)}`
              }
            />
          )}
          {v && notOwed && (
            <Alert
              className="closed-note"
              type="info"
              showIcon
              title={`${v.period.label}不要求报送`}
              description={`${info.firstOwed && v.period.endsOn < parsePeriod(info.firstOwed.id).startsOn ? `区局的起报周期为${info.firstOwed.label}，此前结束的各期不需要报送` : `区局已更改报送周期（现按${PERIOD_KIND_LABELS[info.periodKind]}报送），这一期不需要报送`}，区局也不接收其文件。本期已填写的内容只能查看、打印。`}
            />
          )}
          {/* A closed period says so first: it decides what can be done here. */}
          {v && closed && (
            <Alert
              className="closed-note"
              type="warning"
              showIcon
              title={`${v.period.label}已关闭，不再填报`}
              description="本期内容只能查看、打印。区局已不再接收本期的报送文件；如需补报或更正，请与区局联系，由区局重新开放本期并下发新的设置文件（在“本机设置”中导入）。"
            />
          )}
          {elsewhere.length > 0 && (
            <Alert
              className="returned-elsewhere"
              type="error"
              showIcon
              title={`区局已退回本单位${elsewhere.map((r) => r.label).join('、')}的报送，待修改后重新导出`}
              action={
                <Space orientation="vertical" size={4}>
                  {elsewhere.slice(0, 3).map((r) => (
                    <Button key={r.period} size="small" onClick={() => goTo(r.period)}>{`转到${r.label}`}</Button>
                  ))}
                </Space>
              }
            />
          )}
          {unsentElsewhere.length > 0 && (
            <Alert
              className="unsent-elsewhere"
              type="warning"
              showIcon
              title={`本单位${unsentElsewhere.map((u) => u.label).slice(0, 3).join('、')}${unsentElsewhere.length > 3 ? ` 等 ${unsentElsewhere.length} 期` : ''}的报送尚未导出，截止日期已过`}
              description={`${unsentElsewhere
                .slice(0, 3)
                .map((u) => `${u.label}截止日期为${formatChineseDate(u.deadline)}，已逾期 ${u.daysLate} 天`)
                .join('；')}。本机尚未导出${unsentElsewhere.length > 1 ? '这些期' : '该期'}的报送文件：请转到该期填写后导出，发送给区局。如已通过其他方式报送，区局下发新的设置文件后此提示即消失。`}
              action={
                <Space orientation="vertical" size={4}>
                  {unsentElsewhere.slice(0, 3).map((u) => (
                    <Button key={u.period} size="small" onClick={() => goTo(u.period)}>{`转到${u.label}`}</Button>
                  ))}
                </Space>
              }
            />
          )}
          {notices.data && v && <NoticesNote notices={notices.data} period={v.period.id} closed={closed} tasks={v.tasks.map((t) => t.task)} onTask={goToTask} onPeriod={goTo} />}
          {v?.approved && <ApprovalNote approved={v.approved} periodLabel={v.period.label} closed={closed} />}
          {/* What this computer exported for the period and what the bureau's set-up file said of it, folded. */}
          {v && <ReviewLog unit={unit.code} period={v.period.id} changed={v} hideWhenEmpty />}
          {v && v.tasks.length === 0 && <Empty description="本单位在当前任务清单中没有负责的任务" />}
          {mine && task && <TaskForm key={`${period}:${task.no}:${closed}:${copies}`} readOnly={closed || notOwed} unit={unit.code} period={period} task={task} mine={mine} onSaved={() => view.reload()} registerFlush={(f) => (flushForm.current = f)} jump={jump} onJumped={() => setJump(0)} />}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

/** Waits for the default period, then opens the desk on it. */
export function ClerkApp(props: { info: AppInfo; onChanged: () => void; arrived: boolean }) {
  const period = useDefaultPeriod(props.info);
  if (!period) return <Spin fullscreen />;
  return <ClerkDesk initialPeriod={period} {...props} />;
}

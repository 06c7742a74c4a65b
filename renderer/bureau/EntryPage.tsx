import { Alert, App as AntApp, Button, Card, Empty, Select, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { useRef, useState } from 'react';
import { reviewState, revisionText } from '../../shared/period';
import { api } from '../api/client';
import { ErrorNote } from '../common/ErrorNote';
import { missingHint } from '../common/EvidenceList';
import { errorText } from '../common/errors';
import { SubmissionStateTag } from '../common/SubmissionStateTag';
import { useCall } from '../common/useCall';
import { unsavedAfter } from '../clerk/draft';
import { TaskForm } from '../clerk/TaskForm';
import { TaskList } from '../clerk/TaskList';
import { DayPicker } from '../common/DayPicker';
import { formatChineseDate } from '../common/format';

/** The bureau's own office leads most tasks: the unit the page opens on (by its name in the plan's unit list). */
const OWN_OFFICE = /生态环境局/;

/**
 * 代为填报: the bureau types in a unit's progress for the period (its own office's, or a unit whose paper form or own
 * spreadsheet came instead of a workbook) with the clerk's own list and form, then registers it as that unit's
 * submission, received on the day the form came (submissions.enter).
 */
/** `onUnit`: the unit picked, kept by the app for the next time the page opens. */
export function EntryPage({ period, today, initialUnit, onUnit }: { period: string; today: string; initialUnit?: string; onUnit?: (unit: string) => void }) {
  const { message, modal } = AntApp.useApp();
  const status = useCall('submissions.status', { period });
  const catalog = useCall('catalog.get', { period });
  const [unit, setUnit] = useState<string | null>(initialUnit ?? null);
  const rows = status.data ?? [];
  // The unit kept from before, while this period lists it (one deactivated since is not offered: the bureau's own office).
  const kept = unit !== null && (!status.data || rows.some((r) => r.unit === unit)) ? unit : null;
  const chosen = kept ?? rows.find((r) => OWN_OFFICE.test(r.unitName))?.unit ?? rows[0]?.unit ?? null;
  const view = useCall('reports.forUnit', chosen ? { unit: chosen, period } : null);
  const [selected, setSelected] = useState<number | null>(null);
  const [query, setQuery] = useState('');
  // The day the form came: chosen, or none (the core takes its own today: an app left open overnight is not a day behind).
  const [on, setOn] = useState<string | null>(null);
  // A day typed in 报送日期 and refused: 登记为已报送 waits (it would register the day before).
  const [badDay, setBadDay] = useState(false);
  const [busy, setBusy] = useState(false);
  const flushForm = useRef<(() => Promise<void>) | null>(null);

  const v = view.data?.period.id === period && view.data.unit.code === chosen ? view.data : undefined;
  const row = rows.find((r) => r.unit === chosen);
  const closed = v?.period.closed ?? false;
  // Approved content is locked for the bureau: shown, not edited or registered again until the approval is withdrawn.
  const approved = row !== undefined && reviewState(row) === 'approved';
  const readOnly = closed || approved;
  const current = selected ?? v?.tasks[0]?.task ?? null;
  const mine = v?.tasks.find((t) => t.task === current);
  const task = catalog.data?.tasks.find((t) => t.no === current);

  const register = async (): Promise<void> => {
    if (!chosen) return;
    setBusy(true);
    // What is on screen is what is registered: pending edits saved first, edits that fail a check asked about.
    const unsaved = await unsavedAfter(flushForm.current, chosen, period);
    view.reload();
    if (unsaved.length > 0) {
      const go = await modal.confirm({
        title: `有 ${unsaved.length} 项任务的修改尚未保存`,
        content: `第 ${unsaved.join('、')} 项任务有未保存的修改（未通过检查，如进度滞后未填写存在问题；或在另一个窗口中修改、尚未保存，或已在别处修改而没有保存），登记的内容不包含这些修改。请先打开这些任务处理并保存；也可以仍然登记已保存的内容。`,
        okText: '仍然登记',
        cancelText: '返回修改',
        focusable: { autoFocusButton: 'cancel' },
      });
      if (!go) return setBusy(false);
    }
    const r = await api('submissions.enter', { unit: chosen, period, ...(on ? { on } : {}) });
    setBusy(false);
    if (!r.ok) {
      message.error(errorText(r.error));
      return;
    }
    // The day it counts as sent, said: a day typed that was not taken would otherwise go unseen.
    message.success(`已登记：${r.value.unitName}${v?.period.label ?? ''}的报送（${revisionText(r.value.revision)}，${r.value.state === 'late' ? '逾期' : '按时'}，报送日期 ${formatChineseDate(on ?? today)}）`);
    status.reload();
    view.reload();
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title="代为填报">
        <Typography.Paragraph type="secondary">
          为本局，或报来纸质填报表、自制表格的单位录入本期工作进展，逐项自动保存；录入后点“登记为已报送”，按报送日期计入按时或逾期，之后可以退回、审核（登记前录入的内容不计入汇总）；登记后（或收到该单位的报送文件后）如再修改，修改即计入汇总，请再次登记（版本号加一）。该单位以后报来的报送文件照常导入，导入后以文件内容为准。
        </Typography.Paragraph>
        {status.error && <ErrorNote error={status.error} />}
        <Space wrap size="middle">
          <Select
            aria-label="代为填报的单位"
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 260 }}
            loading={status.loading}
            value={chosen ?? undefined}
            onChange={(u: string) => {
              setUnit(u);
              onUnit?.(u);
              setSelected(null);
            }}
            options={rows.map((r) => ({ value: r.unit, label: r.unitName }))}
          />
          {row && (
            <Space size={4}>
              <span>报送情况：</span>
              <SubmissionStateTag state={row.state} beforeDeadline={(v?.period.daysLeft ?? 0) >= 0} />
              {row.revision !== null && <span>{revisionText(row.revision)}</span>}
              {/* Changed here since it came: what is shown is not what the revision said until registered again. */}
              {v?.editedSince && (
                <Tooltip title={`收到（或登记）${revisionText(v.editedSince.revision)}后，区局又修改了填报内容；汇总和打印已按修改后的内容。点“登记为已报送”登记为新的版本。`}>
                  <Tag color="warning" data-testid="edited-since">
                    收到后已修改，尚未重新登记
                  </Tag>
                </Tooltip>
              )}
            </Space>
          )}
          {v && <span data-testid="entry-filled">{`已填 ${v.filled}/${v.total}`}</span>}
          {/* The label and its field wrap together (the label had been left at a line's end on a laptop). */}
          <span style={{ display: 'inline-flex', alignItems: 'center', whiteSpace: 'nowrap' }}>
            <span>报送日期：</span>
            <Space.Compact>
              <DayPicker
                label="报送日期"
                value={on}
                placeholder="今天"
                allowClear
                allowed={(d) => d <= today && (v === undefined || d >= v.period.startsOn)}
                notAllowed={`报送日期须在本期开始日（${v ? formatChineseDate(v.period.startsOn) : ''}）到今天之间`}
                onChange={setOn}
                onInvalid={setBadDay}
                refusalFloats
              />
              <Button type="primary" loading={busy} disabled={!v || v.filled === 0 || readOnly || badDay} onClick={() => void register()}>
                登记为已报送
              </Button>
            </Space.Compact>
          </span>
        </Space>
        {closed && <Alert style={{ marginTop: 12 }} type="warning" showIcon title={`${v?.period.label ?? ''}已关闭`} description="本期内容只能查看。如需补录，请先在“设置”的“报送截止日期”中取消关闭。" />}
        {row && reviewState(row) === 'approved' && <Alert style={{ marginTop: 12 }} type="info" showIcon title="该单位本期的报送已审核通过" description="审核通过的内容不能再修改；如需更正，请先在汇总总览的报送详情中撤销审核。" />}
      </Card>
      {view.error && <ErrorNote error={view.error} />}
      {catalog.error && <ErrorNote error={catalog.error} />}
      {chosen && !v && !view.error && <Spin />}
      {v && v.tasks.length === 0 && <Empty description="该单位在本期的任务清单中没有负责的任务" />}
      {v && catalog.data && v.tasks.length > 0 && (
        <div className="entry-desk">
          <div className="entry-list">
            <TaskList tasks={v.tasks} categories={catalog.data.categories} selected={current} query={query} onQuery={setQuery} onSelect={setSelected} />
          </div>
          <div className="entry-form">
            {mine && task && (
              <TaskForm
                key={`${chosen}:${period}:${task.no}:${readOnly}`}
                readOnly={readOnly}
                unit={v.unit.code}
                period={period}
                task={task}
                mine={mine}
                unitName={v.unit.name}
                missingEvidence={v.evidenceMissing}
                missingHint={missingHint('entry', { approved, closed })}
                onSaved={() => {
                  view.reload();
                  status.reload();
                }}
                registerFlush={(f) => (flushForm.current = f)}
              />
            )}
          </div>
        </div>
      )}
    </Space>
  );
}

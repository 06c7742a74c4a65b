import { App as AntApp, Card, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { deadlineAllowed, missingNoticesText, reviewState } from '../../shared/period';
import { closingLeaves } from '../../shared/notice';
import type { PeriodView } from '../../shared/views';
import { api } from '../api/client';
import { errorText } from '../common/errors';
import { DayPicker } from '../common/DayPicker';
import { PERIODS_CHANGED } from '../common/PeriodPicker';
import { daysLeftText, formatChineseDate } from '../common/format';
import { useCall } from '../common/useCall';
import { YearPicker } from '../common/YearPicker';

/** A year's periods with their deadlines (first the year of the period in the header); the bureau moves a deadline or closes a period. */
export function DeadlinesCard({ year: opened }: { year: number }) {
  const { message, modal } = AntApp.useApp();
  const [year, setYear] = useState(opened);
  const periods = useCall('periods.list', { year });
  /** Whether the change was made (false: refused or not confirmed). */
  const save = async (p: PeriodView, deadline: string, closed: boolean): Promise<boolean> => {
    // Closing with submissions sent back and not sent again: those units could no longer answer. Those awaiting
    // review are said after (a closed period can still be approved).
    let pending = 0;
    if (closed && !p.closed) {
      const subs = await api('submissions.status', { period: p.id });
      pending = subs.ok ? subs.value.filter((u) => reviewState(u) === 'pending').length : 0;
      const awaited = subs.ok ? subs.value.filter((u) => u.returned && u.returned.resubmittedRevision === null).map((u) => u.unitName) : [];
      // Units that sent nothing, and the 督办单 still open: the units could no longer answer them by what they send.
      const notices = await api('notices.list', { period: p.id });
      const missing = subs.ok ? subs.value.filter((u) => u.state === 'missing').map((u) => u.unitName) : [];
      const leaves = closingLeaves(missing, notices.ok ? notices.value : []);
      // Always asked (a stray Enter on the switch closed a period at once): what closing does, and who could no longer answer.
      const go = await modal.confirm({
        title: `关闭${p.label}？`,
        // What closing does, then who it leaves out, each on a line of its own.
        content: (
          <>
            <p>关闭后，各单位本期不能再填报，本期的报送文件不再导入，区局也不能再代为填报或退回；已收到的内容保留，仍可审核、打印；需要时可以重新开放。</p>
            {awaited.length > 0 && <p>{`${awaited.join('、')}的报送已退回、尚待重报，关闭后这些单位无法再重报。`}</p>}
            {leaves.map((s) => (
              <p key={s}>{`${s}。`}</p>
            ))}
          </>
        ),
        okText: awaited.length > 0 || leaves.length > 0 ? '仍然关闭' : '关闭',
        cancelText: '取消',
        focusable: { autoFocusButton: 'cancel' },
      });
      if (!go) return false;
    }
    const r = await api('periods.setDeadline', { period: p.id, deadline, closed });
    if (r.ok) {
      // The day before too: a deadline moved by mistake is seen at once.
      const saved = `${p.label}：截止日期 ${formatChineseDate(r.value.deadline)}${r.value.deadline !== p.deadline ? `（原 ${formatChineseDate(p.deadline)}）` : ''}${r.value.closed ? '（已关闭）' : ''}${pending > 0 ? `；${pending} 个单位的报送尚待审核，关闭后仍可审核` : ''}`;
      // 逾期未报送 notices issued before the new deadline: those units were not late by it (said with the change, in a
      // dialog to be read, not a passing message; voided in 督办管理).
      if (r.value.missingNotices.length > 0) modal.warning({ title: saved, content: missingNoticesText(r.value.missingNotices, '在“督办管理”中'), okText: '知道了' });
      else message.success(saved);
      periods.reload();
      window.dispatchEvent(new Event(PERIODS_CHANGED));
      return true;
    }
    message.error(errorText(r.error));
    return false;
  };
  return (
    <Card size="small" title="报送截止日期" extra={<YearPicker label="年份" year={year} onYear={setYear} />}>
      <Table<PeriodView>
        size="small"
        rowKey="id"
        loading={periods.loading}
        dataSource={periods.data ?? []}
        pagination={false}
        columns={[
          { title: '周期', dataIndex: 'label' },
          { title: '起止', render: (_, p) => `${formatChineseDate(p.startsOn)}—${formatChineseDate(p.endsOn)}` },
          {
            title: '截止日期',
            render: (_, p) => (
              <DayPicker
                label={`${p.label}截止日期`}
                style={{ width: 170 }}
                value={p.deadline}
                allowed={(d) => deadlineAllowed(p.endsOn, d)}
                notAllowed={`截止日期须在周期结束日（${formatChineseDate(p.endsOn)}）之后的一年以内`}
                onChange={(d) => (d ? save(p, d, p.closed) : undefined)}
              />
            ),
          },
          { title: '剩余', render: (_, p) => <Tag color={p.daysLeft < 0 ? 'default' : 'green'}>{daysLeftText(p.daysLeft)}</Tag> },
          { title: '已关闭', render: (_, p) => <Switch aria-label={`关闭${p.label}`} checked={p.closed} onChange={(c) => void save(p, p.deadline, c)} /> },
        ]}
      />
    </Card>
  );
}

import { Alert, Button, Space, Tag } from 'antd';
import { NOTICE_STATE_LABELS } from '../../shared/notice';
import type { NoticeView } from '../../shared/views';
import { formatChineseDate } from '../common/format';
import { PrintButton } from '../common/PrintPreview';

/** The notices awaiting the unit's answer: not voided, no 反馈 recorded by the bureau. */
export const openNotices = (notices: readonly NoticeView[]): NoticeView[] => notices.filter((n) => n.state === 'pending' || n.state === 'overdue');

/**
 * The bureau's 督办单 to this unit that await its answer, as the bureau's set-up file told them: each with its
 * matter and 办理时限, to read in full (and print) and to go to the task concerned.
 */
export function NoticesNote({
  notices,
  period,
  closed,
  tasks,
  onTask,
  onPeriod,
}: {
  notices: readonly NoticeView[];
  period: string;
  /** The period shown is closed: the bureau takes no more files of it. */
  closed: boolean;
  tasks: readonly number[];
  onTask: (no: number) => void;
  /** Another period shown: the notice's period one step away. */
  onPeriod: (period: string) => void;
}) {
  const open = openNotices(notices);
  if (open.length === 0) return null;
  const overdue = open.filter((n) => n.state === 'overdue').length;
  // Of a period closed since they were issued: no file of it is taken any more, so none is asked for.
  const inClosed = closed ? open.filter((n) => n.period === period) : [];
  return (
    <Alert
      className="notices-note"
      type={overdue > 0 ? 'error' : 'warning'}
      showIcon
      title={`区局督办单：${open.length} 份待反馈${overdue > 0 ? `，其中 ${overdue} 份已过办理时限` : ''}`}
      description={
        <Space orientation="vertical" size={6} style={{ width: '100%' }}>
          {open.map((n) => (
            <div key={n.id} className="notice-line" data-testid={`notice-${n.seq}`}>
              <Space wrap size={6}>
                <strong>{n.number}</strong>
                <span>{n.matter}</span>
                <span>{`办理时限：${formatChineseDate(n.dueOn)}`}</span>
                <Tag color={n.state === 'overdue' ? 'red' : 'orange'}>{NOTICE_STATE_LABELS[n.state]}</Tag>
                <PrintButton input={{ form: 'notice', period: n.period, notices: [n.id] }} label="查看督办单" size="small" />
                {/* The task concerned, when it is on the desk shown (the notice's period). */}
                {n.period !== period && (
                  <Button size="small" onClick={() => onPeriod(n.period)}>
                    {`转到${n.periodLabel}`}
                  </Button>
                )}
                {n.period === period &&
                  n.tasks
                    .filter((t) => tasks.includes(t.no))
                    .slice(0, 3)
                    .map((t) => <Button key={t.no} size="small" onClick={() => onTask(t.no)}>{`转到第 ${t.no} 项`}</Button>)}
              </Space>
            </div>
          ))}
          {inClosed.length < open.length && (
            <span>请按督办要求办理，在本系统中更新相关任务的填报内容，重新导出报送文件发送给区局，并按督办单的要求向区局书面反馈；区局登记反馈后，导入区局新下发的设置文件，此处即不再列出（导入时会说明“区局已登记反馈”）。</span>
          )}
          {inClosed.length > 0 && (
            <span>{`${inClosed[0]!.periodLabel}已关闭，区局已不再接收这一期的报送文件：${inClosed.map((n) => n.number).join('、')}请按督办单的要求向区局书面反馈，或与区局联系；区局登记反馈后，导入区局新下发的设置文件，此处即不再列出。`}</span>
          )}
        </Space>
      }
    />
  );
}

import { Button, Card, Descriptions, Drawer, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { reviewState, revisionText, sentText } from '../../shared/period';
import { contactOf } from '../../shared/report';
import type { SubmissionStatusView, TaskView } from '../../shared/views';
import { api } from '../api/client';
import { ErrorNote } from '../common/ErrorNote';
import { ExportButton } from '../common/ExportButton';
import { EvidenceList, missingHint, MissingEvidenceLine } from '../common/EvidenceList';
import { formatChineseDateTime, STATUS_COLORS } from '../common/format';
import { PrintButton } from '../common/PrintPreview';
import { SubmissionStateTag } from '../common/SubmissionStateTag';
import { PathText } from '../common/PathText';
import { ReportHistory } from '../common/ReportHistory';
import { indicatorItems, percentItem, reportTextItems, RoleTag, savedItem } from '../common/ReportParts';
import { useCall } from '../common/useCall';
import { OriginalButton } from './ImportResultsTable';
import { ReviewTags, type ReviewActions } from './ReviewCell';
import { ReviewLog } from '../common/ReviewLog';

/**
 * One unit's submission for the period, as the bureau reviews it before
 * accepting or sending it back: how it arrived, and every task it is
 * responsible for with its texts, indicator values, evidence and history.
 */
export function UnitDetail({
  period,
  closed,
  beforeDeadline,
  unit,
  onClose,
  actions,
  onEnter,
}: {
  period: string;
  /** The period is closed: nothing is sent back (the unit could not send again). */
  closed: boolean;
  /** The period's deadline has not passed (a unit that has not sent yet is not behind). */
  beforeDeadline: boolean;
  unit: SubmissionStatusView;
  onClose: () => void;
  actions: ReviewActions;
  /** 代为填报 for this unit (its paper form came, or it is the bureau's own office). */
  onEnter?: (unit: string) => void;
}) {
  const view = useCall('reports.forUnit', { unit: unit.unit, period });
  const received = useCall('submissions.received', { unit: unit.unit, period });
  const got = received.data?.received ?? null;
  const catalog = useCall('catalog.get', { period });
  const [historyOf, setHistoryOf] = useState<number | null>(null);
  const tasksByNo = new Map<number, TaskView>((catalog.data?.tasks ?? []).map((t) => [t.no, t]));
  const review = reviewState(unit);
  const open = review === 'returned';
  const named = new Set(open ? unit.returned!.tasks : []);
  const reports = (view.data?.tasks ?? []).flatMap((t) => (t.report ? [t.report] : []));
  const contact = contactOf(reports);

  return (
    <Drawer open onClose={onClose} size={880} title={`${unit.unitName} · ${view.data?.period.label ?? ''}报送详情`}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Descriptions
          size="small"
          bordered
          column={2}
          // Labels on one line (收到的文件 broke after 文 at 1440 px).
          styles={{ label: { whiteSpace: 'nowrap' } }}
          items={[
            { key: 's', label: '报送情况', children: <SubmissionStateTag state={unit.state} beforeDeadline={beforeDeadline} /> },
            { key: 'r', label: '已报任务', children: `${unit.reported}/${unit.responsible}` },
            {
              key: 'v',
              label: '版本',
              children: (
                <Space size={4} wrap>
                  {revisionText(unit.revision)}
                  {/* Changed at the bureau since it came (代为填报): what is shown below is not that revision's. */}
                  {view.data?.editedSince && (
                    <Tooltip title={`收到（或登记）${revisionText(view.data.editedSince.revision)}后，区局又修改了填报内容（下面显示的是修改后的内容）；如需登记为新的版本，请点“代为填报”后登记`}>
                      <Tag color="warning">收到后已修改，尚未重新登记</Tag>
                    </Tooltip>
                  )}
                </Space>
              ),
            },
            // On time or late goes by the first sent; what came since is 最近收到.
            { key: 't', label: '首次报送', children: sentText(unit) || '—' },
            { key: 'l', label: '最近收到', children: unit.lastReceivedAt ? formatChineseDateTime(unit.lastReceivedAt) : '—' },
            { key: 'c', label: '填报人', children: contact.filledBy ? `${contact.filledBy}${contact.phone ? `（${contact.phone}）` : ''}` : '—' },
            ...(got
              ? [
                  {
                    key: 'f',
                    label: '收到的文件',
                    span: 2,
                    children: (
                      <Space wrap size={4}>
                        <PathText text={got.file} />
                        <OriginalButton inTable sha256={got.sha256} name={got.file} label="另存工作簿" />
                        {got.container && <OriginalButton inTable sha256={got.container.sha256} name={got.container.file} label="另存压缩包" />}
                      </Space>
                    ),
                  },
                ]
              : []),
            ...(unit.revision !== null ? [{ key: 'x', label: '审核', span: 2, children: <ReviewTags unit={unit} /> }] : []),
          ]}
        />
        <Space wrap className="unit-detail-review">
          {(open || review === 'approved') && (
            // The unit learns the reason (the note) from a set-up file of its own: the one for every unit does not carry it.
            <ExportButton label={`导出发给该单位的设置文件（含${open ? '退回原因' : '审核结果'}）`} run={() => api('exchange.setupExport', { unit: unit.unit })} />
          )}
          {review === 'returned' && <Button onClick={() => actions.onWithdraw(unit)}>撤销退回</Button>}
          {review === 'approved' && !unit.approved!.paper && <Button onClick={() => actions.onPaper(unit)}>登记收到纸质件</Button>}
          {review === 'approved' && <Button onClick={() => actions.onUnapprove(unit)}>撤销审核</Button>}
          {review === 'pending' && (
            <Button type="primary" onClick={() => actions.onApprove(unit)}>
              审核通过
            </Button>
          )}
          {review === 'pending' && !closed && (
            <Button danger onClick={() => actions.onReturn(unit)}>
              退回本单位的报送
            </Button>
          )}
          {onEnter && !closed && review !== 'approved' && <Button onClick={() => onEnter(unit.unit)}>代为填报</Button>}
          <PrintButton input={{ form: 'unit', period, unit: unit.unit }} label="打印单位填报表" />
        </Space>
        <ReviewLog unit={unit.unit} period={period} changed={unit} />
        {(view.error || catalog.error) && <ErrorNote error={(view.error ?? catalog.error)!} />}
        {!view.data && !view.error && <Spin />}
        {view.data?.tasks.map((t) => {
          const task = tasksByNo.get(t.task);
          const r = t.report;
          return (
            <Card
              key={t.task}
              size="small"
              className={named.has(t.task) ? 'returned-task' : undefined}
              title={
                <Space wrap>
                  <span>
                    {t.task}. {t.title}
                  </span>
                  <RoleTag role={t.role} />
                  {named.has(t.task) && <Tag color="magenta">退回涉及</Tag>}
                </Space>
              }
              extra={r ? <Tag color={STATUS_COLORS[r.status]}>{r.status}</Tag> : <Tag color="warning">未报</Tag>}
            >
              {r ? (
                <>
                  <Descriptions
                    size="small"
                    column={1}
                    items={[
                      percentItem(r),
                      ...reportTextItems(r),
                      ...indicatorItems(r, task?.indicators ?? []),
                      savedItem(r),
                    ]}
                  />
                  {r.evidence.length > 0 && (
                    <div>
                      <Typography.Text type="secondary">佐证材料（{r.evidence.length}）</Typography.Text>
                      <EvidenceList unit={unit.unit} period={period} task={t.task} evidence={r.evidence} />
                    </div>
                  )}
                  <MissingEvidenceLine task={t.task} missing={view.data?.evidenceMissing} hint={missingHint('review', { approved: review === 'approved', closed })} />
                  <Button size="small" style={{ marginTop: 8 }} onClick={() => setHistoryOf(t.task)} aria-label={`第 ${t.task} 项任务的修改记录`}>
                    修改记录
                  </Button>
                </>
              ) : (
                <Typography.Text type="secondary">本期尚未报送</Typography.Text>
              )}
            </Card>
          );
        })}
      </Space>
      <Drawer open={historyOf !== null} onClose={() => setHistoryOf(null)} title={historyOf ? `${unit.unitName} · 第 ${historyOf} 项任务的修改记录` : ''} size="large">
        {historyOf && <ReportHistory unit={unit.unit} period={period} task={historyOf} indicators={tasksByNo.get(historyOf)?.indicators ?? []} />}
      </Drawer>
    </Drawer>
  );
}

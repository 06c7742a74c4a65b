import { App as AntApp, Button, Card, Col, Radio, Row, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { reviewState, SENT_RULE, SUBMISSION_STATE_LABELS } from '../../shared/period';
import type { SubmissionStatusView, SummaryView } from '../../shared/views';
import { api } from '../api/client';
import { EChart } from '../common/EChart';
import { ErrorNote } from '../common/ErrorNote';
import { errorText } from '../common/errors';
import { ExportMenu } from '../common/ExportButton';
import { formatChineseDateTime, SUBMISSION_STATE_COLORS } from '../common/format';
import { PrintButton } from '../common/PrintPreview';
import { useCall } from '../common/useCall';
import { ApproveDialog } from './ApproveDialog';
import { ReturnDialog } from './ReturnDialog';
import { ReviewCell, type ReviewActions } from './ReviewCell';
import { StatusGrid } from './StatusGrid';
import { UnitDetail } from './UnitDetail';

function categoryChart(s: SummaryView) {
  return {
    tooltip: { trigger: 'axis' as const },
    legend: { top: 0, data: ['已完成/长期坚持', '已报送', '应报送'] },
    grid: { left: 40, right: 20, top: 40, bottom: 20, containLabel: true },
    xAxis: { type: 'category' as const, data: s.categories.map((c) => `（${c.numeral}）${c.title}`), axisLabel: { interval: 0, width: 260, overflow: 'break' as const } },
    yAxis: { type: 'value' as const, name: '报告数' },
    series: [
      { name: '已完成/长期坚持', type: 'bar' as const, data: s.categories.map((c) => c.done), itemStyle: { color: '#52c41a' } },
      { name: '已报送', type: 'bar' as const, data: s.categories.map((c) => c.received), itemStyle: { color: '#1677ff' } },
      { name: '应报送', type: 'bar' as const, data: s.categories.map((c) => c.expected), itemStyle: { color: '#d9d9d9' } },
    ],
  };
}

/** The bureau's queues in the submissions table: what awaits review, what was sent back, approved, a paper form owed, not sent. */
const REVIEW_FILTERS = [
  ['all', '全部', () => true],
  ['pending', '待审核', (u) => reviewState(u) === 'pending'],
  ['returned', '已退回', (u) => reviewState(u) === 'returned'],
  ['approved', '审核通过', (u) => reviewState(u) === 'approved'],
  ['paper', '纸质件未收', (u) => reviewState(u) === 'approved' && !u.approved!.paper],
  ['none', '未报送', (u) => u.revision === null],
] as const satisfies readonly (readonly [string, string, (u: SubmissionStatusView) => boolean])[];
type ReviewFilter = (typeof REVIEW_FILTERS)[number][0];

/** The district picture for a period: who reported, how each task stands, what lags. */
export function Overview({ period, onOpenTask }: { period: string; onOpenTask: (no: number) => void }) {
  const { message, modal } = AntApp.useApp();
  const summary = useCall('summary.get', { period, texts: false });
  const [returning, setReturning] = useState<SubmissionStatusView | null>(null);
  const [approving, setApproving] = useState<SubmissionStatusView[] | null>(null);
  // The unit whose submission is open for review (by code: its row is read afresh after a return).
  const [reviewing, setReviewing] = useState<string | null>(null);
  // After a review's step the buttons that took it are replaced: the keyboard goes to the unit's new first one.
  // (Once the overview is read again: `before` is the answer the step was taken on.)
  const [focusAfter, setFocusAfter] = useState<{ unit: string; before: SummaryView | null; index: number } | null>(null);
  const [filter, setFilter] = useState<ReviewFilter>('all');
  // Units chosen in a queue for a step on them all (审核通过, 纸质件已收到), by code.
  const [chosen, setChosen] = useState<string[]>([]);
  const shownOf = (data: SummaryView | null | undefined): SubmissionStatusView[] => (data?.units ?? []).filter(REVIEW_FILTERS.find(([k]) => k === filter)![2]);
  const reviewed = (u: SubmissionStatusView): void => {
    setFocusAfter({ unit: u.unit, before: summary.data, index: shownOf(summary.data).findIndex((x) => x.unit === u.unit) });
    summary.reload();
  };
  useEffect(() => {
    if (!focusAfter || !summary.data || summary.data === focusAfter.before) return;
    // A row the step took out of the queue shown (approved while 待审核 is shown): the row now in its place, else the queue's choice.
    const rows = shownOf(summary.data);
    const unit = rows.some((x) => x.unit === focusAfter.unit) ? focusAfter.unit : rows[Math.min(focusAfter.index, rows.length - 1)]?.unit;
    const target = reviewing
      ? document.querySelector<HTMLElement>('.unit-detail-review button')
      : unit !== undefined
        ? document.querySelector<HTMLElement>(`[data-review-unit="${unit}"] button`)
        : document.querySelector<HTMLElement>('.review-filter input:checked');
    target?.focus();
    setFocusAfter(null);
  }, [summary.data, focusAfter, reviewing, filter]);
  const recordPaper = async (u: SubmissionStatusView): Promise<void> => {
    const r = await api('submissions.recordPaper', { unit: u.unit, period });
    if (!r.ok) return void message.error(errorText(r.error));
    message.success(`已登记收到${u.unitName}的纸质填报表`);
    reviewed(u);
  };
  const withdraw = (u: SubmissionStatusView): void => {
    modal.confirm({
      title: `撤销对${u.unitName}的退回？`,
      content: '撤销后该单位的报送不再显示为已退回（退回记录仍保留）。',
      okText: '撤销退回',
      cancelText: '取消',
      focusable: { autoFocusButton: 'cancel' },
      onOk: async () => {
        const r = await api('submissions.withdrawReturn', { unit: u.unit, period });
        if (!r.ok) return void message.error(errorText(r.error));
        message.success(`已撤销对${u.unitName}的退回`);
        reviewed(u);
      },
    });
  };
  const unapprove = (u: SubmissionStatusView): void => {
    modal.confirm({
      title: `撤销对${u.unitName}报送的审核？`,
      content: '撤销后该单位的报送回到“待审核”，区局可以退回或重新审核（审核记录仍保留）。',
      okText: '撤销审核',
      cancelText: '取消',
      focusable: { autoFocusButton: 'cancel' },
      onOk: async () => {
        const r = await api('submissions.withdrawApproval', { unit: u.unit, period });
        if (!r.ok) return void message.error(errorText(r.error));
        message.success(`已撤销对${u.unitName}报送的审核`);
        reviewed(u);
      },
    });
  };
  /** 纸质件已收到 for the units chosen in the 纸质件未收 queue, after a question; each refusal said by itself. */
  const recordPapers = (units: readonly SubmissionStatusView[]): void => {
    modal.confirm({
      title: `登记收到 ${units.length} 个单位的纸质填报表？`,
      content: `已收到以下单位负责人签字并盖章的纸质填报表：${units.map((u) => u.unitName).join('、')}。`,
      okText: '登记收到',
      cancelText: '取消',
      focusable: { autoFocusButton: 'cancel' },
      onOk: async () => {
        let done = 0;
        for (const u of units) {
          const r = await api('submissions.recordPaper', { unit: u.unit, period });
          if (r.ok) done += 1;
          else message.error(`${u.unitName}：${errorText(r.error)}`);
        }
        if (done > 0) message.success(`已登记收到 ${done} 个单位的纸质填报表`);
        setChosen([]);
        reviewed(units[0]!);
      },
    });
  };
  const actions: ReviewActions = { onApprove: (u) => setApproving([u]), onReturn: setReturning, onWithdraw: withdraw, onUnapprove: unapprove, onPaper: (u) => void recordPaper(u) };
  const option = useMemo(() => (summary.data ? categoryChart(summary.data) : null), [summary.data]);
  const year = Number(period.slice(0, 4));
  if (summary.error) return <ErrorNote error={summary.error} />;
  const s = summary.data;
  if (!s || !option) return <Spin />;
  const shown = shownOf(s);
  // Of the units chosen, those still in the queue shown (a step, or a file imported meanwhile, takes units out of it).
  const picked = shown.filter((u) => chosen.includes(u.unit));
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <PrintButton input={{ form: 'summary', period }} label="打印汇总表" />
        <PrintButton input={{ form: 'submissions', period }} label="打印报送情况" />
        <PrintButton input={{ form: 'notice', period }} label="打印督办单" />
        <PrintButton input={{ form: 'summary', period, blank: true }} label="打印空白汇总表" />
        <ExportMenu
          label="导出"
          items={[
            { key: 'summary', label: '汇总工作簿（报市局）', run: () => api('exchange.summaryExport', { period }) },
            { key: 'ledger', label: `${year}年工作台账`, run: () => api('exchange.ledgerExport', { year }) },
            { key: 'evidence', label: '本期佐证材料包', run: () => api('exchange.prepareEvidencePackage', { period }) },
            { key: 'evidence-year', label: `${year}年佐证材料包`, run: () => api('exchange.prepareEvidencePackage', { year }) },
          ]}
        />
      </Space>
      <Row gutter={12}>
        {[
          ['按时报送', s.totals.onTime, '#52c41a', 'on-time'],
          ['逾期报送', s.totals.late, '#faad14', 'late'],
          // Before the deadline nobody is overdue yet: not yet sent, not in red.
          s.period.daysLeft < 0 ? ['未报送', s.totals.missing, '#ff4d4f', 'missing'] : ['尚未报送（未到截止日期）', s.totals.missing, undefined, 'missing'],
          ['已收报告', `${s.totals.received}/${s.totals.expected}`, undefined, 'received'],
          ['进度滞后', s.totals.lagging, '#ff4d4f', 'lagging'],
          ['退回待重报', s.totals.returned, s.totals.returned > 0 ? '#c41d7f' : undefined, 'returned'],
          ['审核通过', `${s.totals.approved}/${s.units.filter((u) => u.revision !== null).length}`, undefined, 'approved'],
        ].map(([title, value, color, id]) => (
          <Col key={String(id)} flex="1">
            {/* As tall as the tallest (a title that wraps in a narrow window). */}
            <Card size="small" style={{ height: '100%' }}>
              <Statistic title={title} value={value as number | string} styles={{ content: { color: color as string | undefined } }} data-testid={`stat-${String(id)}`} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card size="small" title="各类任务完成情况">
        <EChart option={option} label="各类任务完成情况柱状图" />
      </Card>
      <Card size="small" title="任务进展状态（任务 × 单位）">
        <StatusGrid summary={s} onOpenTask={onOpenTask} />
      </Card>
      <Card size="small" title={`进度滞后 ${s.totals.lagging} 项，逾期未报 ${s.totals.overdue} 项`}>
        <Table
          size="small"
          rowKey={(r) => `${r.task}:${r.unit}`}
          dataSource={[...s.lagging].sort((a, b) => (a.reason === b.reason ? 0 : a.reason === 'lagging' ? -1 : 1))}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          columns={[
            { title: '任务', render: (_, r) => <Button type="link" className="inline-link" onClick={() => onOpenTask(r.task)}>{r.task}. {r.title}</Button> },
            { title: '单位', render: (_, r) => (r.inactive ? `${r.unitName}（已停用，不发督办单）` : r.unitName) },
            { title: '情况', render: (_, r) => (r.reason === 'lagging' ? <Tag color="error">进度滞后</Tag> : <Tag color="warning">未报</Tag>) },
            { title: '存在问题', dataIndex: 'problems', ellipsis: true },
          ]}
        />
      </Card>
      <Card
        size="small"
        title="各单位报送情况"
        extra={
          <Radio.Group
            className="review-filter"
            size="small"
            optionType="button"
            buttonStyle="solid"
            aria-label="按报送和审核情况筛选"
            value={filter}
            onChange={(e) => {
              setFilter(e.target.value as ReviewFilter);
              setChosen([]);
            }}
          >
            {REVIEW_FILTERS.map(([key, label, test]) => (
              <Radio.Button key={key} value={key}>{`${label}（${s.units.filter(test).length}）`}</Radio.Button>
            ))}
          </Radio.Group>
        }
      >
        {(filter === 'pending' || filter === 'paper') && (
          <Space className="queue-actions" style={{ marginBottom: 8 }}>
            {filter === 'pending' ? (
              <Button type="primary" disabled={picked.length === 0} onClick={() => setApproving(picked)}>
                {`批量审核通过（${picked.length}）`}
              </Button>
            ) : (
              <Button type="primary" disabled={picked.length === 0} onClick={() => recordPapers(picked)}>
                {`批量登记纸质件已收到（${picked.length}）`}
              </Button>
            )}
            <Typography.Text type="secondary">勾选本队列中的单位后一并办理；每个单位各自审核、登记，个别单位未成功的，逐一说明。</Typography.Text>
          </Space>
        )}
        <Table<SubmissionStatusView>
          size="small"
          rowKey="unit"
          dataSource={shown}
          rowSelection={
            filter === 'pending' || filter === 'paper'
              ? {
                  selectedRowKeys: picked.map((u) => u.unit),
                  onChange: (keys) => setChosen(keys.map(String)),
                  getCheckboxProps: (u) => ({ 'aria-label': `选择${u.unitName}` }),
                  getTitleCheckboxProps: () => ({ 'aria-label': '全选本队列' }),
                }
              : undefined
          }
          locale={{ emptyText: '没有符合条件的单位' }}
          pagination={false}
          data-testid="submissions-table"
          columns={[
            {
              title: '单位',
              render: (_, u) => (
                <Button type="link" className="inline-link" onClick={() => setReviewing(u.unit)} aria-label={`查看${u.unitName}的报送详情`}>
                  {u.unitName}
                </Button>
              ),
            },
            { title: '类型', render: (_, u) => (u.kind === 'town' ? '镇（街道）' : '区直部门') },
            { title: '报送情况', render: (_, u) => <Tag color={SUBMISSION_STATE_COLORS[u.state]}>{SUBMISSION_STATE_LABELS[u.state]}</Tag> },
            { title: '已报任务', render: (_, u) => `${u.reported}/${u.responsible}` },
            { title: '版本', render: (_, u) => (u.revision !== null ? `第 ${u.revision} 版` : '—') },
            { title: '报送时间', render: (_, u) => (u.submittedAt ? formatChineseDateTime(u.submittedAt) : '—') },
            { title: '最近收到', render: (_, u) => (u.lastReceivedAt ? formatChineseDateTime(u.lastReceivedAt) : '—') },
            {
              title: '审核',
              width: 300,
              render: (_, u) => (
                <div data-review-unit={u.unit}>
                  <ReviewCell unit={u} closed={s.period.closed} actions={actions} />
                </div>
              ),
            },
            {
              title: '单位填报表',
              render: (_, u) => <PrintButton input={{ form: 'unit', period, unit: u.unit }} label="打印" name={`打印${u.unitName}的单位填报表`} size="small" />,
            },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {SENT_RULE}
        </Typography.Paragraph>
        {reviewing && s.units.some((u) => u.unit === reviewing) && (
          <UnitDetail
            period={period}
            closed={s.period.closed}
            unit={s.units.find((u) => u.unit === reviewing)!}
            onClose={() => setReviewing(null)}
            actions={actions}
          />
        )}
        {approving && (
          <ApproveDialog
            period={period}
            units={approving}
            onClose={() => setApproving(null)}
            onApproved={(approved, done) => {
              setChosen((c) => c.filter((code) => !approved.some((u) => u.unit === code)));
              // The dialog open with the units refused keeps the keyboard; closed, it goes back to the queue.
              if (!done) return summary.reload();
              setApproving(null);
              reviewed(approved[0]!);
            }}
          />
        )}
        {returning && (
          <ReturnDialog
            period={period}
            unit={returning}
            onClose={() => setReturning(null)}
            onReturned={() => {
              setReturning(null);
              reviewed(returning);
            }}
          />
        )}
      </Card>
    </Space>
  );
}

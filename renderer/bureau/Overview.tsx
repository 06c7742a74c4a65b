import { Button, Card, Col, Row, Space, Spin, Statistic, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import type { SummaryView } from '../../shared/views';
import { api } from '../api/client';
import { ProblemText } from '../common/ReportParts';
import { EChart } from '../common/EChart';
import { YearGrid } from './YearGrid';
import { ErrorNote } from '../common/ErrorNote';
import { ExportMenu } from '../common/ExportButton';
import { PrintButton } from '../common/PrintPreview';
import { useCall } from '../common/useCall';
import { StatusGrid } from './StatusGrid';
import { Submissions, type ReviewFilter } from './Submissions';

/** The counts whose units have a queue of their own in the submissions table. */
const QUEUE_OF: Partial<Record<string, ReviewFilter>> = { missing: 'none', returned: 'returned', approved: 'approved' };

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

/** The district picture for a period: who reported, how each task stands, what lags. */
export function Overview({ period, onOpenTask, onOpenEntry, onOpenNotices }: { period: string; onOpenTask: (no: number) => void; onOpenEntry?: (unit: string) => void; onOpenNotices?: () => void }) {
  const summary = useCall('summary.get', { period, texts: false });
  // 督办单 past their 办理时限 with no answer recorded, any period: said on the way to 督办管理.
  const notices = useCall('notices.list', {});
  const overdue = (notices.data ?? []).filter((n) => n.state === 'overdue').length;
  const [ask, setAsk] = useState<{ filter: ReviewFilter; at: number } | null>(null);
  const option = useMemo(() => (summary.data ? categoryChart(summary.data) : null), [summary.data]);
  const year = Number(period.slice(0, 4));
  if (summary.error) return <ErrorNote error={summary.error} />;
  const s = summary.data;
  if (!s || !option) return <Spin />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <PrintButton input={{ form: 'summary', period }} label="打印汇总表" />
        <PrintButton input={{ form: 'submissions', period }} label="打印报送情况统计表" />
        {onOpenNotices && (
          <Button onClick={onOpenNotices} danger={overdue > 0}>
            {overdue > 0 ? `督办管理（${overdue} 份逾期未反馈）` : '督办管理'}
          </Button>
        )}
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
        {(
          [
            // [title, value, suffix, colour, id]. Units or task reports, said by the suffix; a count in colour only when there is something to see.
            ['按时报送', s.totals.onTime, '个单位', s.totals.onTime > 0 ? '#52c41a' : undefined, 'on-time'],
            ['逾期报送', s.totals.late, '个单位', s.totals.late > 0 ? '#faad14' : undefined, 'late'],
            // Before the deadline nobody is overdue yet: not yet sent, not in red.
            s.period.daysLeft < 0 ? ['未报送', s.totals.missing, '个单位', s.totals.missing > 0 ? '#ff4d4f' : undefined, 'missing'] : ['尚未报送', s.totals.missing, '个单位', undefined, 'missing'],
            ['已收报告', `${s.totals.received}/${s.totals.expected}`, '项', undefined, 'received'],
            ['进度滞后', s.totals.lagging, '项', s.totals.lagging > 0 ? '#ff4d4f' : undefined, 'lagging'],
            ['退回待重报', s.totals.returned, '个单位', s.totals.returned > 0 ? '#c41d7f' : undefined, 'returned'],
            ['审核通过 / 已报送', `${s.totals.approved}/${s.units.filter((u) => u.revision !== null).length}`, '个单位', undefined, 'approved'],
          ] satisfies [string, string | number, string, string | undefined, string][]
        ).map(([title, value, suffix, color, id]) => {
          // A count of units with a queue of its own: one step to that list below.
          const queue = QUEUE_OF[id];
          return (
            <Col key={id} flex="1">
              {/* As tall as the tallest (a title that wraps in a narrow window). */}
              <Card size="small" style={{ height: '100%' }}>
                <Statistic title={title} value={value} suffix={suffix} styles={{ content: { color }, suffix: { fontSize: 14 } }} data-testid={`stat-${id}`} />
                {queue && (
                  <Button type="link" size="small" className="inline-link" aria-label={`查看${title}的单位名单`} onClick={() => setAsk({ filter: queue, at: Date.now() })}>
                    查看名单
                  </Button>
                )}
              </Card>
            </Col>
          );
        })}
      </Row>
      <Card size="small" title="各类任务完成情况">
        {/* The figures the bars show, in words for a screen reader (the chart's tooltip answers the mouse only). */}
        <EChart option={option} label={`各类任务完成情况柱状图：${s.categories.map((c) => `（${c.numeral}）${c.title}，已完成或长期坚持 ${c.done} 项，已报送 ${c.received} 项，应报送 ${c.expected} 项`).join('；')}`} />
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
            { title: '任务', render: (_, r) => <Button type="link" className="inline-link" aria-label={`${r.task}. ${r.title}（${r.unitName}，${r.reason === 'lagging' ? '进度滞后' : '未报'}）`} onClick={() => onOpenTask(r.task)}>{r.task}. {r.title}</Button> },
            { title: '单位', render: (_, r) => (r.inactive ? `${r.unitName}（已停用，不发督办单）` : r.unitName) },
            { title: '情况', render: (_, r) => (r.reason === 'lagging' ? <Tag color="error">进度滞后</Tag> : <Tag color="warning">未报</Tag>) },
            // Two lines, the rest a keyboard-reachable 展开 away (not a hover title only).
            { title: '存在问题', render: (_, r) => <ProblemText text={r.problems} /> },
          ]}
        />
      </Card>
      {/* The period of the overview shown (while another one loads, this one's rows act on this one's period); a queue's choices are the period's own. */}
      <Submissions key={s.period.id} period={s.period.id} summary={s} reload={summary.reload} ask={ask} {...(onOpenEntry ? { onOpenEntry } : {})} />
      <YearGrid key={s.generatedAt} year={year} period={s.period.id} />
    </Space>
  );
}

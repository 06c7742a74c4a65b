import { Card, Select, Space, Spin, Table } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { NO_VALUE_LABEL } from '../../shared/report';
import { ComplianceTag } from '../common/ComplianceTag';
import type { IndicatorStatusView } from '../../shared/views';
import { api } from '../api/client';
import { EChart } from '../common/EChart';
import { ErrorNote } from '../common/ErrorNote';
import { PrintButton } from '../common/PrintPreview';
import { useCall } from '../common/useCall';


function valueText(i: IndicatorStatusView): string {
  if (i.value === null) return NO_VALUE_LABEL;
  const v = typeof i.value === 'boolean' ? (i.value ? '是' : '否') : `${i.value}${i.unit}`;
  // An earlier period's value (this one has none yet): said with its period.
  return i.valuePeriod ? `${v}（${i.valuePeriod}）` : v;
}

/** Every indicator's value against its target, and one indicator's trend across this year's periods. */
export function IndicatorBoard({ period, today }: { period: string; today: string }) {
  const status = useCall('indicators.status', { period });
  const periods = useCall('periods.list', { year: Number(period.slice(0, 4)) });
  const [chosen, setChosen] = useState<string | null>(null);
  // Each period's value and its own target (the one set from above for the year, else its plan's: a revised plan's
  // target from the period it took effect, not drawn over the periods before).
  const [trend, setTrend] = useState<{ label: string; value: number | null; target: number | null }[]>([]);
  const numeric = (status.data ?? []).filter((i) => i.comparator !== 'yes');
  const current = chosen ?? numeric[0]?.id ?? null;

  useEffect(() => {
    if (!current || !periods.data) return;
    let live = true;
    const shown = periods.data.filter((p) => p.startsOn <= today);
    void Promise.all(shown.map((p) => api('indicators.status', { period: p.id }))).then((rs) => {
      if (!live) return;
      setTrend(
        rs.map((r, k) => {
          // Each period's own value: one carried from an earlier period is not that period's.
          const i = r.ok ? r.value.find((x) => x.id === current) : undefined;
          const v = i && i.valuePeriod === null ? i.value : null;
          return { label: shown[k]!.label, value: typeof v === 'number' ? v : null, target: i ? (i.assigned ?? i.target) : null };
        }),
      );
    });
    return () => {
      live = false;
    };
  }, [current, periods.data, today]);

  const ind = numeric.find((i) => i.id === current);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' as const },
      // The dashed line named: 目标.
      legend: { right: 10, top: 0 },
      grid: { left: 50, right: 30, top: 40, bottom: 30 },
      xAxis: { type: 'category' as const, data: trend.map((t) => t.label) },
      yAxis: { type: 'value' as const, name: ind?.unit ?? '' },
      series: [
        {
          name: ind?.name ?? '',
          type: 'line' as const,
          data: trend.map((t) => t.value),
          connectNulls: true,
        },
        // The target of each period, in steps where it changed.
        ...(trend.some((t) => t.target !== null)
          ? [{ name: '目标', type: 'line' as const, step: 'middle' as const, data: trend.map((t) => t.target), symbol: 'none', lineStyle: { type: 'dashed' as const, color: '#cf1322' }, itemStyle: { color: '#cf1322' } }]
          : []),
      ],
    }),
    [trend, ind],
  );

  if (status.error) return <ErrorNote error={status.error} />;
  if (!status.data) return <Spin />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PrintButton input={{ form: 'indicators', period }} label="打印指标达标情况表" />
      <Table<IndicatorStatusView>
        size="small"
        rowKey="id"
        dataSource={status.data}
        pagination={false}
        columns={[
          { title: '编号', dataIndex: 'id', width: 70 },
          { title: '指标', dataIndex: 'name' },
          { title: '任务', dataIndex: 'task', width: 60 },
          { title: '目标', dataIndex: 'targetText' },
          { title: '最新数值', render: (_, i) => valueText(i) },
          { title: '上期', render: (_, i) => (i.previous === null ? '—' : typeof i.previous === 'boolean' ? (i.previous ? '是' : '否') : `${i.previous}${i.unit}${i.previousIsBaseline ? '（基准值）' : ''}`) },
          { title: '是否达标', render: (_, i) => <ComplianceTag compliance={i.compliance} /> },
          { title: '数值来自', render: (_, i) => i.valueFrom ?? '—' },
        ]}
      />
      {numeric.length > 0 && (
        <Card
          size="small"
          title="指标趋势"
          extra={<Select aria-label="选择指标" showSearch={{ optionFilterProp: 'label' }} value={current} onChange={setChosen} style={{ width: 320 }} options={numeric.map((i) => ({ value: i.id, label: `${i.id} ${i.name}` }))} />}
        >
          <EChart option={option} label={`指标趋势折线图：${ind ? `${ind.name}，` : ''}${trend.map((t) => `${t.label} ${t.value === null ? '未填' : `${t.value}${ind?.unit ?? ''}`}${t.target !== null ? `（目标 ${t.target}${ind?.unit ?? ''}）` : ''}`).join('；')}`} />
        </Card>
      )}
    </Space>
  );
}

import { Empty, Spin, Tag, Timeline, Typography } from 'antd';
import { REPORT_SOURCE_LABELS } from '../../shared/report';
import { ErrorNote } from './ErrorNote';
import { formatChineseDateTime, STATUS_COLORS } from './format';
import { useCall } from './useCall';


/** Every saved version of one report, newest first: status, percent and the three texts of each. */
export function ReportHistory({ unit, period, task }: { unit: string; period: string; task: number }) {
  const h = useCall('reports.history', { unit, period, task });
  if (h.error) return <ErrorNote error={h.error} />;
  if (!h.data) return <Spin />;
  if (h.data.length === 0) return <Empty description="没有修改记录" />;
  const text = (label: string, t: string) =>
    t ? (
      <Typography.Paragraph className="pre-wrap" ellipsis={{ rows: 4, expandable: true }}>
        <Typography.Text type="secondary">{label}：</Typography.Text>
        {t}
      </Typography.Paragraph>
    ) : null;
  return (
    <Timeline
      items={h.data.map((v) => ({
        key: v.version,
        content: (
          <>
            <Typography.Text strong>
              第 {v.version} 次保存 · {formatChineseDateTime(v.savedAt)} · {REPORT_SOURCE_LABELS[v.source]}
            </Typography.Text>
            {v.note && <div className="ant-form-item-extra">{v.note}</div>}
            <div>
              <Tag color={STATUS_COLORS[v.data.status]}>{v.data.status}</Tag>
              {v.data.percent !== null && `${v.data.percent}%`}
            </div>
            {text('工作进展', v.data.progress) ?? <Typography.Paragraph type="secondary">（未填写工作进展）</Typography.Paragraph>}
            {text('存在问题', v.data.problems)}
            {text('下步计划', v.data.next)}
          </>
        ),
      }))}
    />
  );
}

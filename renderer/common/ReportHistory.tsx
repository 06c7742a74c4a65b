import { Empty, Spin, Tag, Timeline, Typography } from 'antd';
import { ConfirmButton } from './ConfirmButton';
import { indicatorText, type ReportFields } from '../../shared/report';
import type { HistoryView } from '../../shared/views';
import { ErrorNote } from './ErrorNote';
import { formatChineseDateTime, STATUS_COLORS } from './format';
import { useCall } from './useCall';

/** An indicator as the history names it (the task's indicators in the plan of the period). */
export interface HistoryIndicator {
  id: string;
  name: string;
  unit: string;
}

/**
 * Every saved version of one report, newest first, with all it held: status, percent, the three texts, the indicator
 * values, the evidence files and who filled it in (an import that replaced a lead unit's value shows the one before).
 * `onRestore`: where the report can be edited, an earlier version's content can be taken back into the form (saved
 * as a new version; the evidence files, attached apart, are not part of it).
 */
export function ReportHistory({
  unit,
  period,
  task,
  indicators = [],
  onRestore,
}: {
  unit: string;
  period: string;
  task: number;
  indicators?: readonly HistoryIndicator[];
  onRestore?: (fields: ReportFields, version: number) => void;
}) {
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
  const line = (label: string, t: string) =>
    t ? (
      <div>
        <Typography.Text type="secondary">{label}：</Typography.Text>
        {t}
      </div>
    ) : null;
  const values = (v: HistoryView): string => {
    const named = new Map(indicators.map((i) => [i.id, i]));
    return Object.entries(v.data.indicators ?? {})
      .filter(([, x]) => x !== null && x !== undefined)
      .map(([id, x]) => {
        const ind = named.get(id);
        return `${ind ? ind.name : `指标 ${id}`} ${indicatorText(x, ind?.unit ?? '')}`;
      })
      .join('；');
  };
  const newest = h.data[0]!.version;
  return (
    <Timeline
      items={h.data.map((v) => ({
        key: v.version,
        content: (
          <div data-testid={`history-${v.version}`}>
            <Typography.Text strong>
              第 {v.version} 次保存 · {formatChineseDateTime(v.savedAt)} · {v.by}
            </Typography.Text>
            {v.note && <div className="ant-form-item-extra">{v.note}</div>}
            <div>
              <Tag color={STATUS_COLORS[v.data.status]}>{v.data.status}</Tag>
              {v.data.percent !== null && `${v.data.percent}%`}
            </div>
            {text('工作进展', v.data.progress) ?? <Typography.Paragraph type="secondary">（未填写工作进展）</Typography.Paragraph>}
            {text('存在问题', v.data.problems)}
            {text('下步计划', v.data.next)}
            {line('指标数值', values(v))}
            {line('佐证材料', (v.data.evidence ?? []).map((e) => e.name).join('、'))}
            {line('填报人', [v.data.filledBy, v.data.phone].filter(Boolean).join('，'))}
            {onRestore && v.version !== newest && (
              <ConfirmButton
                size="small"
                style={{ marginTop: 4 }}
                aria-label={`以第 ${v.version} 次保存的内容填入表单`}
                title={`以第 ${v.version} 次保存的内容替换表单中的全部内容？`}
                description="状态、完成比例、三项文字、指标数值、填报人和电话都换成这一次的；现在的内容仍在修改记录中。佐证材料不变。"
                okText="填入表单"
                onConfirm={() => {
                  const { status, percent, progress, problems, next, indicators: ind, filledBy, phone } = v.data;
                  onRestore({ status, percent, progress, problems, next, indicators: ind ?? {}, filledBy: filledBy ?? '', phone: phone ?? '' }, v.version);
                }}
              >
                以此次的内容填入表单
              </ConfirmButton>
            )}
          </div>
        ),
      }))}
    />
  );
}

import { Card, Table, Tag, Typography } from 'antd';
import { reportingRateText, submissionCellText } from '../../shared/period';
import type { SubmissionCell, YearGridView } from '../../shared/views';
import { ErrorNote } from '../common/ErrorNote';
import { useCall } from '../common/useCall';

type Row = YearGridView['units'][number];

const STATE_TAGS: Record<SubmissionCell['state'], [string, string]> = {
  on_time: ['按时', 'success'],
  late: ['逾期', 'warning'],
  missing: ['未报', 'error'],
  not_due: ['未到期', 'default'],
};

function Cell({ c }: { c: SubmissionCell | null }) {
  if (!c) return <Typography.Text type="secondary">—</Typography.Text>;
  const [label, color] = STATE_TAGS[c.state];
  // The tag is short; its title says it all (revision, 退回, 审核通过).
  return (
    <span title={submissionCellText(c)}>
      <span aria-hidden="true">
        <Tag color={color}>{label}</Tag>
        {c.review === 'approved' && <Tag color="green">已审核</Tag>}
        {c.review === 'returned' && <Tag color="orange">已退回</Tag>}
      </span>
      <span className="sr-only">{submissionCellText(c)}</span>
    </span>
  );
}


/**
 * 报送台账 for the year on screen (DHIS2's reporting rate summary): each unit against the year's periods, and each
 * period's reporting rate (reported / expected, and on time) under it.
 */
export function YearGrid({ year, period }: { year: number; period: string }) {
  const grid = useCall('submissions.year', { year });
  const g = grid.data;
  const totals = (r: Row): string => {
    const past = r.cells.filter((c): c is SubmissionCell => c !== null);
    return `按时 ${past.filter((c) => c.state === 'on_time').length} · 逾期 ${past.filter((c) => c.state === 'late').length} · 未报 ${past.filter((c) => c.state === 'missing').length}`;
  };
  return (
    <Card size="small" title={`${year}年报送台账（单位 × 报送周期）`}>
      {grid.error && <ErrorNote error={grid.error} />}
      <Table<Row>
        size="small"
        rowKey="unit"
        loading={grid.loading}
        dataSource={g?.units ?? []}
        pagination={false}
        // No taller than the window leaves (its header and 报送率 row with it, in the page's pane).
        scroll={{ x: 'max-content', y: 'max(200px, min(440px, calc(100vh - 300px)))' }}
        data-testid="year-grid"
        locale={{ emptyText: `${year}年的报送周期还没有开始` }}
        columns={[
          { title: '单位', fixed: 'left', width: 190, render: (_, r) => `${r.unitName}${r.active ? '' : '（已停用）'}` },
          ...(g?.periods ?? []).map((p, j) => ({
            title: p.id === period ? <strong>{p.label}</strong> : p.label,
            key: p.id,
            width: 150,
            render: (_: unknown, r: Row) => <Cell c={r.cells[j] ?? null} />,
          })),
          { title: '合计', width: 220, render: (_, r) => totals(r) },
        ]}
        summary={() =>
          g && g.periods.length > 0 ? (
            <Table.Summary fixed>
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>
                  <strong>报送率（按时率）</strong>
                </Table.Summary.Cell>
                {g.periods.map((p, j) => (
                  <Table.Summary.Cell index={j + 1} key={p.id}>
                    {reportingRateText(p)}
                  </Table.Summary.Cell>
                ))}
                <Table.Summary.Cell index={g.periods.length + 1} />
              </Table.Summary.Row>
            </Table.Summary>
          ) : undefined
        }
      />
    </Card>
  );
}

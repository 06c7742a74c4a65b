import { Space, Tooltip } from 'antd';
import { STATUSES } from '../../shared/report';
import type { SummaryView } from '../../shared/views';
import { STATUS_FILL } from '../common/format';

/** Tasks × units: one coloured cell per responsible unit, blank where a unit is not responsible. */
export function StatusGrid({ summary, onOpenTask }: { summary: SummaryView; onOpenTask: (no: number) => void }) {
  const units = summary.units.filter((u) => u.responsible > 0);
  return (
    <div style={{ overflowX: 'auto' }}>
      <Space wrap style={{ marginBottom: 8 }} aria-label="图例">
        {[...STATUSES, '未报' as const].map((s) => (
          <span key={s}>
            <span className="grid-cell" style={{ background: STATUS_FILL[s], verticalAlign: 'middle' }} /> {s}
          </span>
        ))}
      </Space>
      <table className="status-grid" aria-label="任务与单位进展状态表">
        <thead>
          <tr>
            <th scope="col">任务</th>
            {units.map((u) => (
              <th key={u.unit} scope="col" className="unit-col">
                {u.unitName}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {summary.tasks.map((t) => {
            const byUnit = new Map(t.entries.map((e) => [e.code, e]));
            return (
              <tr key={t.no}>
                <td className="task-col">
                  <a onClick={() => onOpenTask(t.no)} role="link" tabIndex={0} onKeyDown={(e) => e.key === 'Enter' && onOpenTask(t.no)}>
                    {t.no}. {t.title}
                  </a>
                </td>
                {units.map((u) => {
                  const e = byUnit.get(u.unit);
                  if (!e) return <td key={u.unit} />;
                  const s = e.report?.status ?? '未报';
                  return (
                    <td key={u.unit}>
                      <Tooltip title={`${u.unitName}（${e.role === 'lead' ? '牵头' : '配合'}）：${s}`}>
                        <span className="grid-cell" style={{ background: STATUS_FILL[s], outline: e.role === 'lead' ? '2px solid #262626' : undefined }} aria-label={`${t.no} ${u.unitName} ${s}`} />
                      </Tooltip>
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="ant-form-item-extra">黑框为牵头单位。</div>
    </div>
  );
}

import { Select, Space, Tag, Typography } from 'antd';
import type { PeriodView } from '../../shared/views';
import { daysLeftText, formatChineseDate } from './format';
import { useCall } from './useCall';

function yearsAround(today: string): number[] {
  const y = Number(today.slice(0, 4));
  return [y - 1, y];
}

/** The reporting period, with its deadline and the days left. */
export function PeriodPicker({ value, onChange, today, showDeadline = true }: { value: string; onChange: (id: string) => void; today: string; showDeadline?: boolean }) {
  const [older, newer] = yearsAround(today);
  const a = useCall('periods.list', { year: older });
  const b = useCall('periods.list', { year: newer });
  const periods: PeriodView[] = [...(b.data ?? []), ...(a.data ?? [])]
    .filter((p) => p.startsOn <= today)
    .sort((x, y) => (x.startsOn < y.startsOn ? 1 : -1));
  const current = periods.find((p) => p.id === value);
  return (
    <Space size="middle" wrap>
      <Select
        aria-label="报送周期"
        data-testid="period-picker"
        value={value}
        onChange={onChange}
        style={{ minWidth: 180 }}
        options={periods.map((p) => ({ value: p.id, label: p.label }))}
      />
      {showDeadline && current && (
        <Typography.Text data-testid="deadline">
          截止日期：{formatChineseDate(current.deadline)}{' '}
          <Tag color={current.daysLeft < 0 ? 'red' : current.daysLeft <= 3 ? 'orange' : 'green'}>{daysLeftText(current.daysLeft)}</Tag>
          {current.closed && <Tag>已关闭</Tag>}
        </Typography.Text>
      )}
    </Space>
  );
}

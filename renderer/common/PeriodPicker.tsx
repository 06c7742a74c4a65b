import { Select, Space, Tag, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import type { PeriodView } from '../../shared/views';
import { daysLeftText, formatChineseDate } from './format';
import { useCall } from './useCall';

/** Dispatched on `window` when a period's deadline or closing changed: every picker reads its periods again. */
export const PERIODS_CHANGED = 'eco:periods-changed';

/** A period option found by its name (2021年第三季度) or as files name it (2021-Q3). */
export const byNameOrId = (input: string, option?: { value?: unknown; label?: unknown }): boolean => `${String(option?.label ?? '')} ${String(option?.value ?? '')}`.toLowerCase().includes(input.trim().toLowerCase());

/** The reporting period, with its deadline and the days left. Every period begun so far, back to the first with data (read again each time the list opens). */
/** `nothingOwed`: the unit answers for no task in the period (a revised plan took its last): no countdown, said so. */
/** `sent`: the one reading has sent the period's file: a deadline passed is no alarm to it (a unit looking back). */
export function PeriodPicker({
  value,
  onChange,
  showDeadline = true,
  nothingOwed = false,
  sent = false,
}: {
  value: string;
  onChange: (id: string) => void;
  showDeadline?: boolean;
  nothingOwed?: boolean;
  sent?: boolean;
}) {
  const recent = useCall('periods.recent', {});
  const periods: PeriodView[] = recent.data ?? [];
  const current = periods.find((p) => p.id === value);
  // A period chosen from elsewhere (an import's outcome: an older year's files) that the list does not hold yet: read it again, once.
  const askedFor = useRef<string | null>(null);
  const { data, loading, reload } = recent;
  // A deadline moved or a period closed in 设置: the header says it at once, not after the next period is picked.
  useEffect(() => {
    window.addEventListener(PERIODS_CHANGED, reload);
    return () => window.removeEventListener(PERIODS_CHANGED, reload);
  }, [reload]);
  useEffect(() => {
    if (!data || loading || data.some((p) => p.id === value) || askedFor.current === value) return;
    askedFor.current = value;
    reload();
  }, [data, loading, value, reload]);
  return (
    <Space size="middle" wrap>
      <Select
        aria-label="报送周期"
        data-testid="period-picker"
        value={value}
        onChange={onChange}
        // Read again as the list opens: an import may just have brought an older year's files.
        onOpenChange={(open) => {
          if (open) recent.reload();
        }}
        style={{ minWidth: 180 }}
        // Typed to find one (2021, 第三季度): the list reaches back years.
        // By its name (2021年第三季度) or as files name it (2021-Q3).
        showSearch={{ filterOption: byNameOrId }}
        // One listed only for what it holds (before the 起报周期, or of a kind given up) says so.
        options={periods.map((p) => ({ value: p.id, label: p.owed ? p.label : `${p.label}（不要求报送）` }))}
      />
      {showDeadline && current && (nothingOwed || !current.owed) && <Tag data-testid="deadline">本期无需报送</Tag>}
      {showDeadline && current && !nothingOwed && current.owed && (
        <Typography.Text data-testid="deadline">
          截止日期：{formatChineseDate(current.deadline)}{' '}
          {/* A closed period, or one the reader has sent, is looked back on: its deadline's count is no alarm. */}
          <Tag color={current.closed || (sent && current.daysLeft < 0) ? 'default' : current.daysLeft < 0 ? 'red' : current.daysLeft <= 3 ? 'orange' : 'green'}>{daysLeftText(current.daysLeft)}</Tag>
          {current.closed && <Tag>已关闭</Tag>}
        </Typography.Text>
      )}
    </Space>
  );
}

import { DatePicker } from 'antd';
import dayjs from 'dayjs';

/** A year chosen for a card of the settings page (截止日期, 上级下达目标), written 2021年; `within`: the years allowed. */
export function YearPicker({ label, year, onYear, within }: { label: string; year: number; onYear: (y: number) => void; within?: readonly [number, number] }) {
  return (
    <DatePicker
      picker="year"
      aria-label={label}
      value={dayjs(`${year}-01-01`)}
      onChange={(d) => d && onYear(d.year())}
      format="YYYY年"
      allowClear={false}
      {...(within ? { disabledDate: (d: dayjs.Dayjs) => d.year() < within[0] || d.year() > within[1] } : {})}
    />
  );
}

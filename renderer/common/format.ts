/** Display helpers: Chinese dates and the status colours used everywhere. */
import { formatChineseDate, formatChineseDateTime } from '../../shared/period';
import type { Status } from '../../shared/report';

export { formatChineseDate, formatChineseDateTime };

/**
 * A date picker's formats: shown as the first (2021年10月5日), typed in any of them (2021-10-05, 2021/10/05, 2021.10.05,
 * 20211005, as people write dates in Excel and WPS). Fixed widths only besides the first (which ends in 日): the picker
 * takes a date the moment its text reads as one, so 2021/4/1 would be taken while 2021/4/15 is being typed.
 */
export const DATE_FORMATS = ['YYYY年M月D日', 'YYYY-MM-DD', 'YYYY/MM/DD', 'YYYY.MM.DD', 'YYYYMMDD'];

/** On time, late, missing: the tag colours of a unit's submission state. */
export const SUBMISSION_STATE_COLORS = { on_time: 'success', late: 'warning', missing: 'error' } as const;

export const STATUS_COLORS: Record<Status | '未报', string> = {
  未启动: 'default',
  正常推进: 'processing',
  已完成: 'success',
  进度滞后: 'error',
  长期坚持: 'cyan',
  未报: 'warning',
};

/** Solid colours for the status grid and charts. */
export const STATUS_FILL: Record<Status | '未报', string> = {
  未启动: '#bfbfbf',
  正常推进: '#1677ff',
  已完成: '#52c41a',
  进度滞后: '#ff4d4f',
  长期坚持: '#13c2c2',
  未报: '#faad14',
};

export function daysLeftText(daysLeft: number): string {
  if (daysLeft > 0) return `还剩 ${daysLeft} 天`;
  if (daysLeft === 0) return '今天截止';
  // Of the period's deadline, not of the one reading: a unit that sent on time reads it too (its own lateness, when it
  // has sent nothing, is said by the desk's banner of unsent periods).
  return `已过 ${-daysLeft} 天`;
}

import { App as AntApp, DatePicker } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, type CSSProperties, type FocusEvent, type KeyboardEvent } from 'react';
import { chinaDate } from '../../shared/period';
import { DATE_FORMATS, formatChineseDate } from './format';

const FULL_WIDTH = /[\uFF10-\uFF19\uFF0D\uFF0F\uFF0E]/g;

/**
 * A day as people type it: 2021年7月14日, 2021-7-14, 2021/07/14, 2021.7.14 or 20210714, month and day with one digit
 * or two, full-width digits and separators too; ISO (2021-07-14), or null when the text names no day of the calendar.
 */
export function looseDay(text: string): string | null {
  const t = text.replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).trim();
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return dayjs(iso, 'YYYY-MM-DD', true).isValid() ? iso : null;
}

/**
 * A day field: shown as 2021年10月5日, picked from the calendar or typed. The picker itself takes typed text only in
 * fixed widths (DATE_FORMATS: it takes a date the moment its text reads as one, so 2021/4/1 would be taken while
 * 2021/4/15 is being typed); this field also takes a day typed with one-digit month or day when the field is left or
 * Enter is pressed, and says so when the text typed is no day or one not allowed (`allowed`, `notAllowed` says why).
 */
export function DayPicker({
  label,
  value,
  onChange,
  allowed,
  notAllowed,
  allowClear = false,
  placeholder,
  style,
  onInvalid,
}: {
  label: string;
  value: string | null;
  /** A day picked or typed. A promise of false: the day was refused (by the core): the same day may be sent again. */
  onChange: (iso: string | null) => unknown;
  allowed?: (iso: string) => boolean;
  notAllowed?: string;
  allowClear?: boolean;
  placeholder?: string;
  style?: CSSProperties;
  /**
   * Text typed that was refused (no day, or one not allowed) is left in the field (true), or no longer (false): a
   * dialog's confirming button waits meanwhile, so a click on it does not go ahead with the day before.
   */
  onInvalid?: (invalid: boolean) => void;
}) {
  const { message } = AntApp.useApp();
  // The day last handed on: the picker may hand on a day typed in full before the field is left, and the value
  // given back may come later (after a save); the same day is not handed on twice.
  const sent = useRef<string | null>(null);
  useEffect(() => {
    sent.current = null;
  }, [value]);
  const send = (iso: string | null) => {
    sent.current = iso;
    onInvalid?.(false);
    const r = onChange(iso);
    if (r instanceof Promise) {
      void r.then((ok: unknown) => {
        if (ok === false && sent.current === iso) sent.current = null;
      });
    }
  };
  const typed = (e: FocusEvent<HTMLElement> | KeyboardEvent<HTMLElement>) => {
    const input = e.target as HTMLInputElement;
    // A day the mouse rests on in the open calendar is shown in the field as a preview: not typed, not taken.
    if (input.closest('.ant-picker-input')?.classList.contains('ant-picker-input-placeholder')) return;
    const text = typeof input.value === 'string' ? input.value.trim() : '';
    if (!text) return onInvalid?.(false);
    const iso = looseDay(text);
    if (iso === null) {
      onInvalid?.(true);
      void message.warning(`${label}“${text}”不是日期：请按 2021年10月5日、2021-10-5 或 2021/10/5 的样式输入`);
      return;
    }
    if (iso === value || iso === sent.current) return onInvalid?.(false);
    if (allowed && !allowed(iso)) {
      onInvalid?.(true);
      void message.warning(`${label}不能是${formatChineseDate(iso)}${notAllowed ? `：${notAllowed}` : ''}`);
      return;
    }
    send(iso);
  };
  return (
    <DatePicker
      aria-label={label}
      style={style}
      value={value ? dayjs(value) : null}
      placeholder={placeholder}
      allowClear={allowClear}
      format={DATE_FORMATS}
      // Its 今天 is this computer's day; where that is not China's (a computer set to another zone), it would pick a day
      // the app does not count as today: left out there.
      showNow={dayjs().format('YYYY-MM-DD') === chinaDate(new Date().toISOString())}
      {...(allowed ? { disabledDate: (d: dayjs.Dayjs) => !allowed(d.format('YYYY-MM-DD')) } : {})}
      onChange={(d) => {
        const iso = d ? d.format('YYYY-MM-DD') : null;
        if (iso !== sent.current || iso === null) send(iso);
      }}
      onBlur={typed}
      onKeyDown={(e) => {
        if (e.key === 'Enter') typed(e);
      }}
    />
  );
}

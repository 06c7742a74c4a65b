import { DatePicker } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState, type CSSProperties, type FocusEvent, type KeyboardEvent } from 'react';
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
  refusalFloats = false,
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
  /** The refusal shown over what lies under the field, not pushing it down (a field in a header row with a button beside it). */
  refusalFloats?: boolean;
}) {
  // A day typed and refused: said under the field, and kept (with `onInvalid`) until a day is picked or typed that is
  // taken: leaving the field, or Escape, puts the picker's text back to the day before, which is not taken for an answer.
  const [refusal, setRefusal] = useState<string | null>(null);
  const refuse = (said: string): void => {
    setRefusal(said);
    onInvalid?.(true);
  };
  // The day last handed on: the picker may hand on a day typed in full before the field is left, and the value
  // given back may come later (after a save); the same day is not handed on twice.
  const sent = useRef<string | null>(null);
  useEffect(() => {
    sent.current = null;
  }, [value]);
  const send = (iso: string | null) => {
    sent.current = iso;
    setRefusal(null);
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
    // Nothing typed (or the picker's own text put back): a refusal stands until another day is given.
    if (!text) return refusal === null ? onInvalid?.(false) : undefined;
    const iso = looseDay(text);
    if (iso === null) return refuse(`${label}“${text}”不是日期：请按 2021年10月5日、2021-10-5 或 2021/10/5 的样式输入`);
    if (iso === value || iso === sent.current) {
      // The day shown, typed or put back by the picker: taken again only once no refusal stands (it is said until then).
      if (refusal === null) onInvalid?.(false);
      else if (e.type === 'keydown') send(iso);
      return;
    }
    if (allowed && !allowed(iso)) return refuse(`${label}不能是${formatChineseDate(iso)}${notAllowed ? `：${notAllowed}` : ''}`);
    send(iso);
  };
  return (
    <span className={refusalFloats ? 'day-field floating' : 'day-field'}>
    <DatePicker
      aria-label={label}
      style={style}
      // Where an answer is awaited (`onInvalid`: a dialog's day), empty while a refusal stands (not the day before, as if it
      // were the answer): any day picked then is taken. Elsewhere the day held stays shown (a deadline saved as typed).
      value={(refusal === null || !onInvalid) && value ? dayjs(value) : null}
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
      status={refusal ? 'error' : undefined}
      onBlur={typed}
      onKeyDown={(e) => {
        if (e.key !== 'Enter') return;
        typed(e);
        // Enter in an empty field does not open the calendar: typing is the keyboard's way (the calendar's days are
        // not reached with the arrow keys), and the calendar would cover what is said under the field.
        if (!(e.target as HTMLInputElement).value?.trim()) e.preventDefault();
      }}
    />
    {refusal && (
      <span className="day-refusal" role="alert">
        {`${refusal}（请重新选择或输入）`}
      </span>
    )}
    </span>
  );
}

import { Input, type InputProps, type InputRef } from 'antd';
import { forwardRef, useEffect, useRef, useState } from 'react';
import { numberTyped } from '../../shared/text';


/** What is said under a number field holding text that is not a number. */
export const unreadableSaid = (text: string): string => `“${text.trim()}”不是数字：请填写阿拉伯数字，如 60 或 18.6`;

/**
 * A number field that keeps what is typed: a number is handed on as typed (`onChange`), text that is not one stays
 * in the field and is said (`onUnreadable` with the message, null once it reads again), and the value held is not
 * changed meanwhile (antd's InputNumber dropped 六十 to nothing and read 1/2 as 12, and a form saved that).
 */
export const NumberBox = forwardRef<
  InputRef,
  Omit<InputProps, 'value' | 'onChange'> & { value: number | null; onChange: (v: number | null) => void; onUnreadable?: (message: string | null) => void }
>(function NumberBox({ value, onChange, onUnreadable, ...rest }, ref) {
  const [text, setText] = useState(value === null ? '' : String(value));
  // The value last handed on: one that comes from elsewhere (loaded, reset) replaces the text.
  const handed = useRef<number | null>(value);
  useEffect(() => {
    if (value === handed.current) return;
    handed.current = value;
    setText(value === null ? '' : String(value));
    onUnreadable?.(null);
  }, [value]);
  return (
    <Input
      {...rest}
      ref={ref}
      inputMode="decimal"
      value={text}
      onChange={(e) => {
        const t = e.target.value;
        setText(t);
        const n = numberTyped(t);
        if (n === undefined) {
          onUnreadable?.(unreadableSaid(t));
          return;
        }
        onUnreadable?.(null);
        handed.current = n;
        onChange(n);
      }}
    />
  );
});

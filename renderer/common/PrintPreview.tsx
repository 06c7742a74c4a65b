import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, message, Modal, Space, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { CallInput } from '../../shared/api';
import type { ApiError } from '../../shared/errors';
import type { RenderedForm } from '../../shared/api/forms';
import { findMissingGlyphs, missingGlyphsWarning, type PrintDocument } from '../../shared/missing-glyphs';
import { api, host } from '../api/client';
import { ErrorNote } from './ErrorNote';

/**
 * The print button: renders a form with `forms.render` and shows it in a
 * sandboxed frame (no scripts) from which the browser's print dialog prints
 * what is shown. Rendering changes nothing (督办单 are numbered when issued,
 * in 督办管理, not when printed).
 */
/** `name`: the button's accessible name when its label alone is not enough (one per table row). */
export function PrintButton({
  input,
  label = '打印',
  name,
  size,
  disabled = false,
}: {
  input: CallInput<'forms.render'>;
  label?: string;
  name?: string;
  size?: 'small';
  /** Nothing to print (a unit answering for no task in the period: its form would be an empty table). */
  disabled?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState<RenderedForm | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const frame = useRef<HTMLIFrameElement>(null);
  // Characters no font on this computer draws: printed, they would be blank (a rare character of a name).
  const [missing, setMissing] = useState<string[]>([]);
  // A page wider than the frame (a landscape form on a laptop at 125%) is shown whole, scaled to the frame's width on
  // screen only (the page prints at its size): its right-hand columns had been cut off.
  const fit = (): void => {
    const doc = frame.current?.contentDocument;
    if (!doc?.head) return;
    let style = doc.getElementById('preview-fit');
    if (!style) {
      style = doc.createElement('style');
      style.id = 'preview-fit';
      style.setAttribute('media', 'screen');
      doc.head.appendChild(style);
    }
    style.textContent = '';
    const sheet = doc.querySelector<HTMLElement>('.sheet');
    const need = (sheet?.offsetWidth ?? doc.documentElement.scrollWidth) + 24;
    const room = doc.documentElement.clientWidth;
    if (need > room) style.textContent = `html { zoom: ${(room / need).toFixed(3)}; }`;
  };
  useEffect(() => {
    if (!open) return;
    window.addEventListener('resize', fit);
    return () => window.removeEventListener('resize', fit);
  }, [open]);
  const loaded = (): void => {
    const doc = frame.current?.contentDocument;
    if (!doc) return;
    fit();
    setMissing(findMissingGlyphs(doc as unknown as PrintDocument));
    // The keyboard in the form (to scroll it) still closes the preview with Escape, as anywhere in the dialog.
    doc.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') setOpen(false);
    });
  };
  // The keyboard goes to 打印 once the form is there (the dialog opens while it is being made); once only: 空白表
  // ticked makes the form again, and a second Space there must untick it, not print.
  const printButton = useRef<HTMLButtonElement>(null);
  const toPrint = useRef(false);
  useEffect(() => {
    if (!form || !open || !toPrint.current) return;
    // Tried again on the next frames until it takes: on a busy computer the form can come before the dialog is shown
    // (a hidden button takes no focus, and the dialog then gives it to its close button).
    let frame = 0;
    let tries = 0;
    const attempt = (): void => {
      const b = printButton.current;
      b?.focus();
      // In view too (a window shorter than the dialog: the keyboard's place must be seen).
      b?.scrollIntoView({ block: 'nearest' });
      if ((b && document.activeElement === b) || ++tries > 60) toPrint.current = false;
      else frame = requestAnimationFrame(attempt);
    };
    attempt();
    return () => cancelAnimationFrame(frame);
  }, [form, open]);
  // The unit's form and the summary also print blank, for filling in by hand.
  const mayBlank = (input.form === 'unit' || input.form === 'summary') && !input.blank;
  const [blank, setBlank] = useState(false);
  const request = { ...input, ...(blank ? { blank: true } : {}) };

  // Only the answer to the last request is shown (the 空白表 box may be toggled before an answer comes).
  const asked = useRef(0);
  const show = async (asBlank = blank): Promise<void> => {
    const mine = ++asked.current;
    setOpen(true);
    setForm(null);
    setMissing([]);
    setError(null);
    const r = await api('forms.render', { ...input, ...(asBlank ? { blank: true } : {}) });
    if (mine !== asked.current) return;
    if (r.ok) setForm(r.value);
    else setError(r.error);
  };

  const printHere = (): void => {
    frame.current?.contentWindow?.print();
  };

  const desktop = async (action: 'print' | 'pdf'): Promise<void> => {
    if (!host.printForm) return;
    const r = await host.printForm({ form: request, action });
    if (!r.ok) setError(r.error);
    else if (r.done && r.path) void message.success(`已保存：${r.path}`);
  };

  return (
    <>
      <Button
        icon={<PrinterOutlined />}
        size={size}
        aria-label={name}
        disabled={disabled}
        onClick={() => {
          toPrint.current = true;
          void show();
        }}
      >
        {label}
      </Button>
      <Modal
        title={form?.title ?? '打印预览'}
        open={open}
        onCancel={() => setOpen(false)}
        width={form?.landscape ? 1180 : 880}
        // Near the window's top: the frame takes the height the window leaves, 打印 below it in view.
        style={{ top: 16 }}
        footer={
          <Space>
            {mayBlank && (
              <Checkbox
                checked={blank}
                onChange={(e) => {
                  setBlank(e.target.checked);
                  void show(e.target.checked);
                }}
              >
                空白表（供手工填写）
              </Checkbox>
            )}
            <Button onClick={() => setOpen(false)}>关闭</Button>
            {host.printForm ? (
              <>
                <Button disabled={!form} onClick={() => void desktop('pdf')}>
                  另存为 PDF
                </Button>
                <Button ref={printButton} type="primary" icon={<PrinterOutlined />} disabled={!form} onClick={() => void desktop('print')}>
                  打印…
                </Button>
              </>
            ) : (
              <Button ref={printButton} type="primary" icon={<PrinterOutlined />} disabled={!form} onClick={printHere}>
                打印
              </Button>
            )}
          </Space>
        }
      >
        {error && <ErrorNote error={error} />}
        {form && missing.length > 0 && <Alert type="warning" showIcon className="missing-glyphs" style={{ marginBottom: 8 }} title={missingGlyphsWarning(missing)} />}
        {!form && !error && <Spin />}
        {form && (
          <iframe
            ref={frame}
            title="打印预览"
            className="print-frame"
            sandbox="allow-same-origin allow-modals"
            srcDoc={form.html}
            onLoad={loaded}
          />
        )}
      </Modal>
    </>
  );
}

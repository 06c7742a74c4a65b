import { PrinterOutlined } from '@ant-design/icons';
import { Button, message, Modal, Space, Spin } from 'antd';
import { useRef, useState } from 'react';
import type { CallInput } from '../../shared/api';
import type { ApiError } from '../../shared/errors';
import type { RenderedForm } from '../../shared/api/forms';
import { api, host } from '../api/client';
import { ErrorNote } from './ErrorNote';

/**
 * The print button: renders a form with `forms.render` and shows it in a
 * sandboxed frame (no scripts) from which the browser's print dialog prints.
 */
export function PrintButton({ input, label = '打印' }: { input: CallInput<'forms.render'>; label?: string }) {
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState<RenderedForm | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const frame = useRef<HTMLIFrameElement>(null);

  const show = async (): Promise<void> => {
    setOpen(true);
    setForm(null);
    setError(null);
    const r = await api('forms.render', input);
    if (r.ok) setForm(r.value);
    else setError(r.error);
  };

  const desktop = async (action: 'print' | 'pdf'): Promise<void> => {
    if (!host.printForm) return;
    const r = await host.printForm({ form: input, action });
    if (!r.ok) setError(r.error);
    else if (r.done && r.path) void message.success(`已保存：${r.path}`);
  };

  return (
    <>
      <Button icon={<PrinterOutlined />} onClick={() => void show()}>
        {label}
      </Button>
      <Modal
        title={form?.title ?? '打印预览'}
        open={open}
        onCancel={() => setOpen(false)}
        width={form?.landscape ? 1180 : 880}
        footer={
          <Space>
            <Button onClick={() => setOpen(false)}>关闭</Button>
            {host.printForm ? (
              <>
                <Button disabled={!form} onClick={() => void desktop('pdf')}>
                  另存为 PDF
                </Button>
                <Button type="primary" icon={<PrinterOutlined />} disabled={!form} onClick={() => void desktop('print')}>
                  打印…
                </Button>
              </>
            ) : (
              <Button type="primary" icon={<PrinterOutlined />} disabled={!form} onClick={() => frame.current?.contentWindow?.print()}>
                打印
              </Button>
            )}
          </Space>
        }
      >
        {error && <ErrorNote error={error} />}
        {!form && !error && <Spin />}
        {form && <iframe ref={frame} title="打印预览" className="print-frame" sandbox="allow-same-origin allow-modals" srcDoc={form.html} />}
      </Modal>
    </>
  );
}

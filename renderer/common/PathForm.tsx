import { Button, Form, Input } from 'antd';
import { useState } from 'react';

/**
 * One path typed in (a folder on a USB stick, a copy's file) and a button:
 * empty is said at the field, and so is what `run` answers (null: done). The
 * browser-mode host runs on this computer, so a path typed here means the
 * same to it.
 */
export function PathForm({ id, label, button, initial = '', empty, run }: { id: string; label: string; button: string; initial?: string; empty: string; run: (path: string) => Promise<string | null> }) {
  const [path, setPath] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (): Promise<void> => {
    setProblem(null);
    if (path.trim() === '') {
      setProblem(empty);
      return;
    }
    setBusy(true);
    // Explorer's 复制文件地址 puts the path in quotes.
    const said = await run(path.trim().replace(/^["'“”‘’]+|["'“”‘’]+$/g, '').trim());
    setBusy(false);
    setProblem(said);
  };
  return (
    <Form layout="inline" onFinish={() => void submit()}>
      <Form.Item label={label} htmlFor={id} validateStatus={problem ? 'error' : undefined} help={problem ?? undefined} style={{ flex: 1 }}>
        <Input id={id} value={path} placeholder="如 E:\生态文明进度备份" onChange={(e) => setPath(e.target.value)} aria-invalid={problem ? true : undefined} />
      </Form.Item>
      <Form.Item>
        <Button htmlType="submit" loading={busy}>
          {button}
        </Button>
      </Form.Item>
    </Form>
  );
}

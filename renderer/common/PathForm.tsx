import { Button, Form, Input, Progress, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api } from '../api/client';
import { formatBytes } from '../api/files';
import { unquotedPath } from '../../shared/text';
import { FolderPicker } from './FolderPicker';

/**
 * One path typed in (a folder on a USB stick, a copy's file), or chosen with
 * 浏览… (FolderPicker), and a button: empty is said at the field, and so is
 * what `run` answers (null: done). The browser-mode host runs on this
 * computer, so a path typed here means the same to it.
 */
export function PathForm({ id, label, button, initial = '', empty, pickTitle, pickCopies = false, run }: { id: string; label: string; button: string; initial?: string; empty: string; pickTitle: string; pickCopies?: boolean; run: (path: string) => Promise<string | null> }) {
  const [path, setPath] = useState(initial);
  const [busy, setBusy] = useState(false);
  const progress = useCopyProgress(busy);
  const [problem, setProblem] = useState<string | null>(null);
  const [picking, setPicking] = useState(false);
  const browseRef = useRef<HTMLButtonElement>(null);
  const submit = async (): Promise<void> => {
    setProblem(null);
    if (path.trim() === '') {
      setProblem(empty);
      return;
    }
    setBusy(true);
    // Explorer's 复制文件地址 puts the path in quotes.
    const said = await run(unquotedPath(path));
    setBusy(false);
    setProblem(said);
  };
  return (
    // The label above, the path as wide as there is room (a Windows path is long; the clerk's drawer is narrow), the step under it.
    <Form layout="vertical" onFinish={() => void submit()}>
      {/* The problem tied to the field and said at once (the keyboard is on the button that was pressed). */}
      <Form.Item
        label={label}
        htmlFor={id}
        validateStatus={problem ? 'error' : undefined}
        help={problem ? <span id={`${id}-help`} role="alert">{problem}</span> : undefined}
        style={{ marginBottom: 12 }}
      >
        <Space.Compact style={{ width: '100%' }}>
          <Input id={id} value={path} placeholder="如 E:\生态文明进度备份" onChange={(e) => setPath(e.target.value)} aria-invalid={problem ? true : undefined} aria-describedby={problem ? `${id}-help` : undefined} />
          <Button ref={browseRef} onClick={() => setPicking(true)} disabled={busy}>
            浏览…
          </Button>
        </Space.Compact>
      </Form.Item>
      <Button htmlType="submit" loading={busy}>
        {button}
      </Button>
      {picking && (
        <FolderPicker
          start={unquotedPath(path)}
          title={pickTitle}
          pickCopies={pickCopies}
          onClose={() => {
            setPicking(false);
            // The keyboard back where it was.
            setTimeout(() => browseRef.current?.focus(), 0);
          }}
          onPick={(chosen) => {
            setPicking(false);
            setPath(chosen);
            setProblem(null);
            // The keyboard back on the field, for 回车 to go on.
            setTimeout(() => document.getElementById(id)?.focus(), 0);
          }}
        />
      )}
      {busy && progress && progress.totalFiles > 0 && (
        <div style={{ marginTop: 8 }} data-testid="copy-progress">
          <Progress percent={Math.floor((100 * progress.bytes) / Math.max(1, progress.totalBytes))} size="small" />
          <Typography.Text type="secondary">
            正在复制佐证材料和导入原件：{progress.files}/{progress.totalFiles} 个（{formatBytes(progress.bytes)} / {formatBytes(progress.totalBytes)}），请勿拔出U盘
          </Typography.Text>
        </div>
      )}
    </Form>
  );
}

/** While a whole copy runs: how far its files are, asked for every 0.7 s (the core answers it meanwhile). */
function useCopyProgress(active: boolean): { files: number; totalFiles: number; bytes: number; totalBytes: number } | null {
  const [p, setP] = useState<{ files: number; totalFiles: number; bytes: number; totalBytes: number } | null>(null);
  useEffect(() => {
    if (!active) {
      setP(null);
      return;
    }
    let stop = false;
    const tick = async (): Promise<void> => {
      const r = await api('backup.progress', {});
      if (!stop && r.ok) setP(r.value.running ? r.value : null);
    };
    const first = setTimeout(() => void tick(), 300);
    const timer = setInterval(() => void tick(), 700);
    return () => {
      stop = true;
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [active]);
  return p;
}

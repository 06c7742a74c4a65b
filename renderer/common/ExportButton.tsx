import { DownloadOutlined, DownOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Dropdown } from 'antd';
import { useRef, useState } from 'react';
import type { ExportedFile } from '../../shared/api/exchange';
import type { Result } from '../../shared/errors';
import { host } from '../api/client';
import { formatBytes } from '../api/files';
import { errorText } from './errors';
import { refocusIfLost } from './focus';

type Run = () => Promise<Result<ExportedFile>>;

/**
 * Runs an export call and hands the file to the host (download or save
 * dialog), saying what came of it (what to know about the file, after
 * saving). `prepare` runs first (the clerk's pending edits saved, unsaved
 * ones asked about); false stops the export. `busy` while it works.
 */
interface ExportOptions {
  /** What is said once the file is saved (default 已导出). */
  done?: string;
  /** What to do with the file next, said after it (a unit's workbook: send it to the bureau). */
  next?: string;
  prepare?: () => Promise<boolean>;
}

function useExport(): { busy: boolean; go: (run: Run, opts?: ExportOptions) => Promise<void> } {
  const { message, modal } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  const go = async (run: Run, opts: ExportOptions = {}): Promise<void> => {
    // The control that asked (a question asked meanwhile, 导出前请核对, is gone by the time the outcome is said).
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setBusy(true);
    if (opts.prepare && !(await opts.prepare())) {
      setBusy(false);
      return;
    }
    const r = await run();
    if (!r.ok) {
      setBusy(false);
      if (r.error.code === 'nothing_reported') modal.info({ title: '暂不能导出', content: errorText(r.error) });
      else message.error(errorText(r.error));
      return;
    }
    let saved: boolean;
    try {
      // Busy until saved (a large file is copied meanwhile): one save at a time.
      saved = await host.saveFile({ fileName: r.value.fileName, dataBase64: r.value.dataBase64, ...(r.value.prepared ? { prepared: r.value.prepared } : {}) });
    } catch (err) {
      message.error(`未能保存“${r.value.fileName}”：${(err as Error).message}`);
      return;
    } finally {
      setBusy(false);
    }
    if (saved) {
      // In browser mode the browser saved it, where its downloads go: said, as nobody chose a place.
      const where = host.kind === 'browser' ? '由浏览器下载，一般在“下载”文件夹' : '';
      // The revision said unless the file's name says it already (a unit's workbook: 某单位-2021-Q3-第2版.xlsx).
      const revision = r.value.revision && !r.value.fileName.includes(`第${r.value.revision}版`) ? `第 ${r.value.revision} 版` : '';
      // Its size: an intranet mail takes attachments up to a limit (often 20 MB), a USB stick anything.
      const big = r.value.bytes > MAIL_FRIENDLY_BYTES && opts.next ? `文件较大（${formatBytes(r.value.bytes)}），如内网邮件发送不了，请用U盘报送` : '';
      const about = [revision, formatBytes(r.value.bytes), where].filter(Boolean).join('，');
      const done = `${opts.done ?? '已导出'}：${r.value.fileName}（${about}）${opts.next ? `。${opts.next}` : ''}${big ? `；${big}` : ''}`;
      const warnings = r.value.warnings ?? [];
      if (warnings.length === 0) message.success(done);
      else
        // A short title; the file's name (often long) in the text, then what needs attention.
        modal.warning({
          title: `${opts.done ?? '已导出'}（有 ${warnings.length} 项需注意）`,
          // Read and closed: the keyboard back where the export was asked for.
          afterClose: () => {
            if (opener?.isConnected) opener.focus();
          },
          content: (
            <>
              <p className="export-done">{done}</p>
              <ul className="export-warnings">
                {warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </>
          ),
        });
    }
  };
  return { busy, go };
}


/** Above this a file may not go by intranet mail (a common attachment limit): the clerk is told a USB stick does. */
const MAIL_FRIENDLY_BYTES = 20 * 1024 * 1024;

export function ExportButton({
  label,
  run,
  type,
  size,
  title,
  done,
  next,
  prepare,
  disabled,
}: {
  label: string;
  run: Run;
  type?: 'primary' | 'default' | 'link';
  size?: 'small' | 'middle';
  /** What the button does, when its label alone does not say it (a table's row): its tooltip, and said after the label. */
  title?: string;
  disabled?: boolean;
} & ExportOptions) {
  const { busy, go } = useExport();
  return (
    <Button
      type={type}
      size={size}
      disabled={disabled}
      title={title}
      aria-label={title ? `${label}：${title}` : undefined}
      icon={<DownloadOutlined />}
      loading={busy}
      onClick={() => void go(run, { ...(done ? { done } : {}), ...(next ? { next } : {}), ...(prepare ? { prepare } : {}) })}
    >
      {label}
    </Button>
  );
}

/**
 * Several exports behind one button: a menu of them, opened by click or by
 * Enter, with the keyboard's focus in it (arrow keys, Enter, Esc). `prepare`
 * runs before any of them (the clerk's pending edits saved).
 */
export function ExportMenu({
  label,
  items,
  prepare,
  arrowOnly = false,
  type,
}: {
  label: string;
  items: { key: string; label: string; run: Run }[];
  prepare?: () => Promise<boolean>;
  /** Only the arrow shows (beside the button whose more exports these are); `label` is its name and tooltip. */
  arrowOnly?: boolean;
  type?: 'primary' | 'default';
}) {
  const { busy, go } = useExport();
  // The menu (in a layer at the end of the page) closed by Escape or a choice: the keyboard back on its button.
  const button = useRef<HTMLButtonElement>(null);
  return (
    <Dropdown
      trigger={['click']}
      autoFocus
      onOpenChange={(open) => {
        // Only when the keyboard was in the menu or lost (Escape, a choice); a click elsewhere keeps where it went.
        if (!open) refocusIfLost(() => button.current, '.ant-dropdown');
      }}
      menu={{
        items: items.map((i) => ({ key: i.key, label: i.label, icon: <DownloadOutlined aria-hidden /> })),
        onClick: ({ key }) => {
          const item = items.find((i) => i.key === key);
          if (item) void go(item.run, prepare ? { prepare } : {});
        },
      }}
    >
      {arrowOnly ? (
        <Button ref={button} type={type} icon={<DownOutlined aria-hidden />} loading={busy} aria-label={label} title={label} aria-haspopup="menu" />
      ) : (
        <Button ref={button} type={type} icon={<DownloadOutlined aria-hidden />} loading={busy} aria-label={label} aria-haspopup="menu">
          {label} <DownOutlined aria-hidden />
        </Button>
      )}
    </Dropdown>
  );
}

import { DownloadOutlined } from '@ant-design/icons';
import { App as AntApp, Button } from 'antd';
import { useState } from 'react';
import type { ExportedFile } from '../../shared/api/exchange';
import type { Result } from '../../shared/errors';
import { host } from '../api/client';
import { errorText } from './errors';

/**
 * Runs an export call and hands the file to the host (download or save dialog).
 * `prepare` runs first (the clerk's pending edits saved, unsaved ones asked
 * about); false stops the export.
 */
export function ExportButton({
  label,
  run,
  type,
  size,
  title,
  prepare,
}: {
  label: string;
  run: () => Promise<Result<ExportedFile>>;
  type?: 'primary' | 'default' | 'link';
  size?: 'small' | 'middle';
  /** What the button does, when its label alone does not say it (a table's row): its tooltip, and said after the label. */
  title?: string;
  prepare?: () => Promise<boolean>;
}) {
  const { message, modal } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  const go = async (): Promise<void> => {
    setBusy(true);
    if (prepare && !(await prepare())) {
      setBusy(false);
      return;
    }
    const r = await run();
    setBusy(false);
    if (!r.ok) {
      if (r.error.code === 'not_implemented' || r.error.code === 'nothing_reported') modal.info({ title: '暂不能导出', content: errorText(r.error) });
      else message.error(errorText(r.error));
      return;
    }
    if (await host.saveFile({ fileName: r.value.fileName, dataBase64: r.value.dataBase64 })) {
      const done = `已导出：${r.value.fileName}${r.value.revision ? `（第 ${r.value.revision} 版）` : ''}`;
      const warnings = r.value.warnings ?? [];
      if (warnings.length === 0) message.success(done);
      else
        modal.warning({
          title: done,
          content: (
            <ul className="export-warnings">
              {warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          ),
        });
    }
  };
  return (
    <Button type={type} size={size} title={title} aria-label={title ? `${label}：${title}` : undefined} icon={<DownloadOutlined />} loading={busy} onClick={() => void go()}>
      {label}
    </Button>
  );
}

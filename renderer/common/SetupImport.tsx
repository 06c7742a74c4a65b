import { UploadOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Descriptions, Space, Typography, Upload } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { FileBlob, SetupImportResult, SetupPreview } from '../../shared/api/exchange';
import type { ApiError } from '../../shared/errors';
import { PERIOD_KIND_LABELS } from '../../shared/period';
import { api } from '../api/client';
import { fileToBlob } from '../api/files';
import { ErrorNote } from './ErrorNote';

const PLAN_CHANGES = '任务清单的变化：';

/** A list said as one sentence, split at its ；, not at one inside “…” (a task's name may hold one). */
function outsideQuotes(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '“') depth++;
    else if (s[i] === '”') depth = Math.max(0, depth - 1);
    else if (s[i] === '；' && depth === 0) {
      out.push(s.slice(from, i));
      from = i + 1;
    }
  }
  out.push(s.slice(from));
  return out;
}

/** Lines a set-up file's import or preview says, as a list under a heading; nothing when there are none. */
function SetupLines({ lines, title, type, className }: { lines: readonly string[] | undefined; title: string; type: 'warning' | 'info'; className?: string }) {
  if (!lines || lines.length === 0) return null;
  return (
    <Alert
      {...(className ? { className } : {})}
      type={type}
      showIcon
      title={title}
      description={
        <ul className="error-details">
          {lines.map((w, i) => {
            // A plan's changes (setup-workbook.ts planDiff), one sentence of many: each change on its own line.
            const [head, ...changes] = w.startsWith(PLAN_CHANGES) ? [PLAN_CHANGES, ...outsideQuotes(w.slice(PLAN_CHANGES.length))] : [w];
            return (
              <li key={i}>
                {head}
                {changes.length > 0 && (
                  <ul>
                    {changes.map((c, k) => (
                      <li key={k}>{c}</li>
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        </ul>
      }
    />
  );
}

/** What a set-up file's import or preview warns of. */
export const SetupWarnings = ({ warnings, title }: { warnings: readonly string[]; title: string }) => <SetupLines lines={warnings} title={title} type="warning" />;

/** What the file tells this unit of its own (退回, 审核通过, 督办单): why the clerk adopts it, said first. */
export const SetupTold = ({ told, title }: { told: readonly string[] | undefined; title: string }) => <SetupLines lines={told} title={title} type="info" className="setup-told" />;

/**
 * Adopting a set-up workbook on a database in use (a unit: the bureau's
 * revised file; the bureau: a revised plan). Picking the file previews it,
 * writing nothing: what would change, and what adopting it would say, or why
 * it would be refused. Only 采用此设置 writes.
 */
export function SetupImport({ intro, onAdopted }: { intro: string; onAdopted: (r: SetupImportResult) => void }) {
  const { message } = AntApp.useApp();
  const [picked, setPicked] = useState<{ file: FileBlob; preview: SetupPreview } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<'reading' | 'adopting' | null>(null);
  const [done, setDone] = useState<SetupImportResult | null>(null);
  const adoptButton = useRef<HTMLButtonElement>(null);
  const outcome = useRef<HTMLDivElement>(null);

  const pick = async (f: File): Promise<void> => {
    setBusy('reading');
    setError(null);
    setDone(null);
    setPicked(null);
    const file = await fileToBlob(f, f.name);
    const r = await api('exchange.setupPreview', { file });
    setBusy(null);
    if (r.ok) setPicked({ file, preview: r.value });
    else setError(r.error);
  };

  const adopt = async (): Promise<void> => {
    if (!picked) return;
    setBusy('adopting');
    const r = await api('exchange.setupImport', { file: picked.file });
    setBusy(null);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setPicked(null);
    setDone(r.value);
    message.success(`已采用设置文件：任务清单版本 ${r.value.catalogVersion}`);
    onAdopted(r.value);
  };

  // The keyboard's focus follows the step: to 采用此设置 once previewed, to the outcome once adopted.
  useEffect(() => {
    if (picked) adoptButton.current?.focus();
  }, [picked]);
  useEffect(() => {
    if (done || error) outcome.current?.focus();
  }, [done, error]);

  const p = picked?.preview;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Text>{intro}</Typography.Text>
      <Upload accept=".xlsx,.xls,.ods" showUploadList={false} beforeUpload={(f) => (void pick(f), false)}>
        <Button icon={<UploadOutlined />} loading={busy === 'reading'}>
          选择设置文件
        </Button>
      </Upload>
      <div ref={outcome} tabIndex={-1} className="focus-target">
        {error && <ErrorNote error={error} title="未采用此设置文件" />}
        {done && (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Alert
              type="success"
              showIcon
              title={`已采用：任务清单版本 ${done.previousCatalogVersion && done.previousCatalogVersion !== done.catalogVersion ? `${done.previousCatalogVersion} → ` : ''}${done.catalogVersion}，填报单位 ${done.units} 个，${PERIOD_KIND_LABELS[done.periodKind as keyof typeof PERIOD_KIND_LABELS] ?? done.periodKind}`}
            />
            <SetupTold told={done.told} title="区局告知本单位（请切换到相应的报送周期查看）" />
            <SetupWarnings warnings={done.warnings} title="请注意" />
          </Space>
        )}
      </div>
      {p && picked && (
        <Card size="small" type="inner" title="设置文件（尚未采用）">
          <Descriptions size="small" column={1}>
            <Descriptions.Item label="文件">{p.fileName}</Descriptions.Item>
            <Descriptions.Item label="工作方案">{p.planTitle}</Descriptions.Item>
            <Descriptions.Item label="任务清单版本">{p.currentCatalogVersion === null || p.currentCatalogVersion === p.catalogVersion ? p.catalogVersion : `本机 ${p.currentCatalogVersion} → 此文件 ${p.catalogVersion}`}</Descriptions.Item>
            <Descriptions.Item label="报送周期">{PERIOD_KIND_LABELS[p.periodKind]}</Descriptions.Item>
            <Descriptions.Item label="内容">
              重点任务 {p.tasks} 项，填报单位 {p.units.length} 个
            </Descriptions.Item>
          </Descriptions>
          <Space orientation="vertical" style={{ width: '100%', marginTop: 12 }}>
            <SetupTold told={p.told} title="此文件告知本单位" />
            <SetupWarnings warnings={p.warnings} title="采用后请注意" />
            <Space>
              <Button ref={adoptButton} type="primary" loading={busy === 'adopting'} onClick={() => void adopt()}>
                采用此设置
              </Button>
              <Button disabled={busy === 'adopting'} onClick={() => setPicked(null)}>
                取消
              </Button>
            </Space>
          </Space>
        </Card>
      )}
    </Space>
  );
}

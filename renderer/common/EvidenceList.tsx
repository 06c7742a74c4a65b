import { DownloadOutlined, PaperClipOutlined } from '@ant-design/icons';
import { App as AntApp, Button, List } from 'antd';
import type { ReactNode } from 'react';
import type { MissingEvidence } from '../../shared/api/exchange';
import type { EvidenceRef } from '../../shared/report';
import { api, host } from '../api/client';
import { formatBytes } from '../api/files';
import { errorText } from './errors';

/**
 * A report's evidence files (佐证材料), each saved to this computer on 另存 (not 保存: on a form that is the form's own save)
 * (the host's download or save dialog), to be opened there: a file another
 * unit sent is never opened by the app itself. `extra` adds actions per file.
 */
export function EvidenceList({ unit, period, task, evidence, extra }: { unit: string; period: string; task: number; evidence: readonly EvidenceRef[]; extra?: (e: EvidenceRef) => ReactNode }) {
  const { message } = AntApp.useApp();
  const save = async (e: EvidenceRef): Promise<void> => {
    const r = await api('evidence.open', { unit, period, task, hash: e.hash, name: e.name });
    if (!r.ok) return void message.error(errorText(r.error));
    if (await host.saveFile({ fileName: r.value.fileName, dataBase64: r.value.dataBase64 })) message.success(`已另存：${r.value.fileName}`);
  };
  if (evidence.length === 0) return null;
  return (
    <List
      size="small"
      dataSource={[...evidence]}
      renderItem={(e) => (
        <List.Item
          actions={[
            <Button key="save" type="link" size="small" icon={<DownloadOutlined />} aria-label={`另存 ${e.name}`} onClick={() => void save(e)}>
              另存
            </Button>,
            ...(extra ? [extra(e)] : []),
          ]}
        >
          {/* A long name wraps beside its actions (they had gone onto the next file's row). */}
          <span className="evidence-name">
            <PaperClipOutlined /> {e.name} <span className="ant-form-item-extra">（{formatBytes(e.size)}）</span>
          </span>
        </List.Item>
      )}
    />
  );
}

/**
 * How a file listed and not come stops being counted missing: where the bureau reviews the unit (`review`), or in
 * 代为填报 itself (`entry`); not while the submission stands approved or the period is closed (nothing is added then).
 */
export function missingHint(where: 'review' | 'entry', state: { approved: boolean; closed: boolean }): string {
  if (state.closed) return '本期已关闭，不能再添加';
  if (state.approved) return `已审核通过，不能再添加：如需补上，请先撤销审核，再${where === 'entry' ? '在此' : '在“代为填报”中为该任务'}添加同名文件`;
  return where === 'entry' ? '在此添加同名文件（扩展名可以不同）后，不再计为缺少' : '可在“代为填报”中为该任务添加同名文件（扩展名可以不同）';
}

/**
 * The evidence files a task's held file listed without bringing them (the bureau's database), named where its files
 * are: `hint` says how they stop being counted missing (代为填报's 添加佐证材料 under that name).
 */
export function MissingEvidenceLine({ task, missing, hint }: { task: number; missing: readonly MissingEvidence[] | undefined; hint: string }) {
  const names = (missing ?? []).filter((m) => m.task === task).map((m) => `“${m.name}”`);
  if (names.length === 0) return null;
  return (
    // The warning's own colour is too pale on white at this size: the darker one the overview uses.
    <div role="note" className="missing-evidence" data-testid={`evidence-missing-task-${task}`}>
      {`缺佐证材料${names.join('')}：导入时未随工作簿报送或已损坏；${hint}。`}
    </div>
  );
}

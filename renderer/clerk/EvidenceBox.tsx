import { DeleteOutlined, InboxOutlined } from '@ant-design/icons';
import { App as AntApp, Upload } from 'antd';
import { useRef, useState } from 'react';
import { LIMITS, type Report } from '../../shared/report';
import { api } from '../api/client';
import { fileToBlob } from '../api/files';
import { ConfirmButton } from '../common/ConfirmButton';
import { EvidenceList } from '../common/EvidenceList';
import { errorText } from '../common/errors';
import { spaceOpensChooser } from '../common/focus';

/** Evidence files (佐证材料): dropped or picked, stored by the core, listed with a remove button. */
export function EvidenceBox({
  report,
  readOnly,
  unit,
  period,
  task,
  onChanged,
  writing,
}: {
  report: Report | null;
  /** The period is closed: the files can be saved, not added or removed. */
  readOnly?: boolean;
  unit: string;
  period: string;
  task: number;
  onChanged: (r: Report) => void;
  /** Counts this box's adds and removes in flight (the form does not take the version they make for another window's). */
  writing?: { current: number };
}) {
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(0);
  const box = useRef<HTMLDivElement>(null);

  const add = async (file: File): Promise<void> => {
    if (file.size > LIMITS.evidenceBytes) {
      message.error({
        content: `“${file.name}”有 ${(file.size / 1024 / 1024).toFixed(0)} MB，超过单个佐证材料 50 MB 的上限，未添加。视频请压缩或截取关键片段、照片请缩小后再添加；原始大文件可用U盘或光盘直接交区局。`,
        duration: 10,
      });
      return;
    }
    setBusy((n) => n + 1);
    if (writing) writing.current++;
    try {
      const blob = await fileToBlob(file, file.name);
      const r = await api('evidence.add', { unit, period, task, name: blob.name, dataBase64: blob.dataBase64 });
      if (r.ok) {
        onChanged(r.value);
        message.success(`已添加佐证材料：${file.name}`);
      } else message.error(errorText(r.error));
    } finally {
      setBusy((n) => n - 1);
      if (writing) writing.current--;
    }
  };

  const remove = async (hash: string, name: string): Promise<void> => {
    if (writing) writing.current++;
    const r = await api('evidence.remove', { unit, period, task, hash, name }).finally(() => {
      if (writing) writing.current--;
    });
    if (!r.ok) return void message.error(errorText(r.error));
    onChanged(r.value);
    // The button pressed is gone: the keyboard's focus goes to the next file's, else to the drop area.
    requestAnimationFrame(() => box.current?.querySelector<HTMLElement>('.ant-list button, .ant-upload[role="button"]')?.focus());
  };

  if (!report) return <div className="ant-form-item-extra">{readOnly ? '本期未填写本任务，没有佐证材料。' : '请先填写并保存本任务，再添加佐证材料。'}</div>;
  if (readOnly) return report.evidence.length > 0 ? <EvidenceList unit={unit} period={period} task={task} evidence={report.evidence} /> : <div className="ant-form-item-extra">没有佐证材料。</div>;
  return (
    // Space opens the file chooser as Enter does (Ant Design's drop area answers Enter only). Never disabled
    // while files are added: a disabled control drops the keyboard's focus; adds may run side by side.
    <div ref={box} onKeyDown={spaceOpensChooser} data-drop-name="添加佐证材料：拖入文件，或按回车选择文件">
      <Upload.Dragger
        multiple
        showUploadList={false}
        beforeUpload={(file) => {
          void add(file);
          return false;
        }}
        aria-label="添加佐证材料"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{busy > 0 ? '正在添加…' : '将佐证材料拖到这里，或点击选择文件'}</p>
        <p className="ant-upload-hint">照片、扫描件、文件等，单个不超过 50 MB（视频请压缩或截取关键片段）</p>
      </Upload.Dragger>
      <EvidenceList
        unit={unit}
        period={period}
        task={task}
        evidence={report.evidence}
        // Asked first: the evidence is what the 复核 rests on, and the next file's button takes the keyboard's focus.
        extra={(e) => (
          <ConfirmButton
            key="rm"
            title={`移除佐证材料“${e.name}”？`}
            description="移除后，本期导出的报送文件不再包含此文件（修改记录中留有记载）。"
            okText="移除"
            okDanger
            danger
            onConfirm={() => void remove(e.hash, e.name)}
            type="text"
            size="small"
            icon={<DeleteOutlined />}
            aria-label={`移除 ${e.name}`}
          >
            移除
          </ConfirmButton>
        )}
      />
    </div>
  );
}

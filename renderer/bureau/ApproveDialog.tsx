import { Alert, App as AntApp, Checkbox, Form, Input, Modal, Typography } from 'antd';
import { useRef, useState } from 'react';
import type { CheckboxRef } from 'antd';
import type { SubmissionStatusView } from '../../shared/views';
import { api } from '../api/client';

/**
 * 审核通过: the bureau accepts one unit's submission, saying whether the
 * unit's printed form came back signed and stamped, with an optional note.
 * What is approved is the content the bureau looked at (the row's heldHash):
 * if other content came in meanwhile, the core refuses. What the core refuses
 * is said in the dialog, which stays open.
 */
export function ApproveDialog({ period, unit, onClose, onApproved }: { period: string; unit: SubmissionStatusView; onClose: () => void; onApproved: () => void }) {
  const { message } = AntApp.useApp();
  const [paper, setPaper] = useState(false);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The first control takes the keyboard once shown (also over the unit's 报送详情 drawer, which would keep it).
  const paperRef = useRef<CheckboxRef>(null);

  const submit = async (): Promise<void> => {
    setBusy(true);
    const r = await api('submissions.approve', { unit: unit.unit, period, paper, contentHash: unit.heldHash, ...(note.trim() !== '' ? { note } : {}) });
    setBusy(false);
    if (!r.ok) return setProblem(r.error.details?.map((d) => d.message).join('；') ?? r.error.message);
    message.success(`已审核通过${unit.unitName}的报送（第 ${r.value.approved?.revision ?? unit.revision ?? ''} 版）`);
    onApproved();
  };

  return (
    <Modal
      open
      title={`审核通过${unit.unitName}的报送`}
      okText="审核通过"
      cancelText="取消"
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      afterOpenChange={(shown) => shown && paperRef.current?.focus()}
    >
      <Typography.Paragraph type="secondary">
        审核通过第 {unit.revision} 版报送。审核通过后，区局不能再修改该单位本期的填报内容，也不能退回，须先撤销审核；该单位如再报送新的版本，照常导入，审核随之失效，需重新审核。
      </Typography.Paragraph>
      {problem && <Alert type="error" showIcon role="alert" title={problem} style={{ marginBottom: 12 }} />}
      <Form layout="vertical" component="div">
        <Form.Item>
          <Checkbox ref={paperRef} checked={paper} onChange={(e) => setPaper(e.target.checked)}>
            已收到该单位负责人签字并盖章的纸质填报表
          </Checkbox>
        </Form.Item>
        <Form.Item label="审核备注（可不填）" htmlFor="approve-note">
          <Input.TextArea
            id="approve-note"
            value={note}
            maxLength={500}
            showCount
            autoSize={{ minRows: 2, maxRows: 6 }}
            placeholder="如：纸质件已于 10 月 8 日送达"
            onChange={(e) => setNote(e.target.value)}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

import { App as AntApp, Checkbox, Form, Input, Modal, Spin, Typography } from 'antd';
import { useRef, useState } from 'react';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import type { SubmissionStatusView } from '../../shared/views';
import { api } from '../api/client';
import { ErrorNote } from '../common/ErrorNote';
import { useDraftText } from '../common/draft-text';
import { useFocusReturn } from '../common/focus';
import { useCall } from '../common/useCall';

/**
 * 退回: the bureau sends one unit's submission back with its reason and,
 * if it wants, the tasks concerned. What the core refuses is said in the
 * dialog, which stays open with what was typed.
 */
export function ReturnDialog({ period, unit, onClose, onReturned }: { period: string; unit: SubmissionStatusView; onClose: () => void; onReturned: () => void }) {
  const { message } = AntApp.useApp();
  useFocusReturn();
  const tasks = useCall('reports.forUnit', { unit: unit.unit, period });
  const [reason, setReason, reasonSent] = useDraftText(`return:${period}:${unit.unit}`);
  const [chosen, setChosen] = useState<number[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The reason takes the keyboard once the dialog is shown (also over the unit's 报送详情 drawer, which would keep it).
  const reasonRef = useRef<TextAreaRef>(null);

  const submit = async (): Promise<void> => {
    if (reason.trim() === '') return setProblem('请填写退回原因');
    setBusy(true);
    const r = await api('submissions.return', { unit: unit.unit, period, reason, ...(chosen.length > 0 ? { tasks: chosen } : {}) });
    setBusy(false);
    if (!r.ok) return setProblem(r.error.details?.find((d) => d.field === 'reason')?.message ?? r.error.message);
    message.success(`已退回${unit.unitName}的报送（第 ${unit.revision ?? ''} 版）`);
    reasonSent();
    onReturned();
  };

  return (
    <Modal
      open
      title={`退回${unit.unitName}的报送`}
      okText="退回"
      okButtonProps={{ danger: true }}
      cancelText="取消"
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      afterOpenChange={(shown) => shown && reasonRef.current?.focus()}
    >
      {/* What follows, then how the unit learns of it: two short lines, readable. */}
      <Typography.Paragraph>
        退回第 {unit.revision} 版报送后，{unit.unitName}需改正并重新导出报送文件；收到改正的文件后此处显示“已重报”。
      </Typography.Paragraph>
      <Typography.Paragraph>请以电话或内网邮件通知该单位。退回原因也可随“发给该单位的设置文件”送达（在报送详情中导出），打印的报送情况统计表也载明。</Typography.Paragraph>
      <Form layout="vertical" component="div">
        <Form.Item label="退回原因" htmlFor="return-reason" required validateStatus={problem ? 'error' : undefined} help={problem ? <span id="return-reason-help">{problem}</span> : undefined}>
          <Input.TextArea
            id="return-reason"
            ref={reasonRef}
            autoFocus
            value={reason}
            count={{ show: true, max: 500 }}
            autoSize={{ minRows: 3, maxRows: 8 }}
            placeholder="如：第 4 项工作进展过于简略，请补充具体数据"
            onChange={(e) => {
              setReason(e.target.value);
              setProblem(null);
            }}
            {...(problem ? { 'aria-invalid': true, 'aria-describedby': 'return-reason-help' } : {})}
          />
        </Form.Item>
        <Form.Item label="涉及的任务（不选则退回整份报送）">
          {tasks.error && <ErrorNote error={tasks.error} />}
          {!tasks.data && !tasks.error && <Spin size="small" />}
          {tasks.data && (
            <Checkbox.Group
              aria-label="涉及的任务"
              value={chosen}
              onChange={(v) => setChosen(v as number[])}
              options={tasks.data.tasks.map((t) => ({ value: t.task, label: `${t.task}. ${t.title}` }))}
              // Eleven tasks (the bureau's own office) in a box of their own: the dialog's buttons stay in a laptop's window.
              style={{ display: 'flex', flexDirection: 'column', gap: 4, maxHeight: 'max(120px, calc(100vh - 420px))', overflowY: 'auto', flexWrap: 'nowrap' }}
            />
          )}
        </Form.Item>
      </Form>
    </Modal>
  );
}

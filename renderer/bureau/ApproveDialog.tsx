import { Alert, App as AntApp, Button, Checkbox, Form, Input, Modal, Typography } from 'antd';
import { useRef, useState } from 'react';
import type { CheckboxRef } from 'antd';
import { missingEvidenceNames } from '../../shared/api/exchange';
import { revisionText } from '../../shared/period';
import type { SubmissionStatusView } from '../../shared/views';
import { api } from '../api/client';
import { useDraftText } from '../common/draft-text';
import { useFocusReturn } from '../common/focus';

/**
 * 审核通过: the bureau accepts one unit's submission, or several chosen in
 * the 待审核 queue, saying whether the units' printed forms came back signed
 * and stamped, with an optional note. What is approved is the content the
 * bureau looked at (each row's heldHash): if other content came in
 * meanwhile, the core refuses that unit. What the core refuses is said in the
 * dialog, which stays open: for one unit to try again (a note corrected), for
 * several to read which were refused and why (the others are approved; those
 * refused would be refused again as they are).
 */
export function ApproveDialog({
  period,
  units,
  onClose,
  onSettled,
}: {
  period: string;
  units: readonly SubmissionStatusView[];
  onClose: () => void;
  /** After each 审核通过: the units approved, and how many were refused (the dialog then stays open). */
  onSettled: (approved: readonly SubmissionStatusView[], refused: number) => void;
}) {
  const { message } = AntApp.useApp();
  useFocusReturn();
  const single = units.length === 1;
  const [left, setLeft] = useState(units);
  const [paper, setPaper] = useState(false);
  const [note, setNote, noteSent] = useDraftText(`approve:${period}:${units.map((u) => u.unit).join(',')}`);
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [approvedSoFar, setApprovedSoFar] = useState<SubmissionStatusView[]>([]);
  // The first control takes the keyboard once shown (also over the unit's 报送详情 drawer, which would keep it).
  const paperRef = useRef<CheckboxRef>(null);

  const submit = async (): Promise<void> => {
    setBusy(true);
    const approved: SubmissionStatusView[] = [];
    const said: string[] = [];
    // One after another: each unit's approval stands or is refused by itself. The core's words name the unit.
    for (const u of left) {
      const r = await api('submissions.approve', { unit: u.unit, period, paper, contentHash: u.heldHash, ...(note.trim() !== '' ? { note } : {}) });
      if (r.ok) approved.push(u);
      else said.push(r.error.details?.map((d) => d.message).join('；') ?? r.error.message);
    }
    setBusy(false);
    setProblems(said);
    setApprovedSoFar((a) => [...a, ...approved]);
    if (approved.length > 0) noteSent();
    // One unit may be tried again; of several, none is left to approve.
    setLeft(single && said.length > 0 ? left : []);
    if (approved.length === 1) message.success(`已审核通过${approved[0]!.unitName}的报送（第 ${approved[0]!.revision ?? ''} 版）`);
    else if (approved.length > 1) message.success(`已审核通过 ${approved.length} 个单位的报送`);
    onSettled(approved, said.length);
  };
  const finished = !single && left.length === 0;
  // Texts taken, some evidence not: approving is the bureau's call, but made knowing it.
  const short = units.filter((u) => u.evidenceMissing > 0);

  return (
    <Modal
      open
      title={single ? `审核通过${units[0]!.unitName}的报送` : `审核通过 ${units.length} 个单位的报送`}
      okText="审核通过"
      cancelText="取消"
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      // Several units, some refused: what is left is to read why, and close.
      footer={
        finished
          ? [
              <Button key="done" type="primary" autoFocus onClick={onClose}>
                完成
              </Button>,
            ]
          : undefined
      }
      afterOpenChange={(shown) => shown && paperRef.current?.focus()}
    >
      <Typography.Paragraph type="secondary">
        {single
          ? `审核通过第 ${units[0]!.revision} 版报送。`
          : `审核通过以下单位的报送：${units.map((u) => `${u.unitName}（${revisionText(u.revision)}）`).join('、')}。`}
        审核通过后，区局不能再修改{single ? '该单位' : '这些单位'}本期的填报内容，也不能退回，须先撤销审核；如再报送新的版本，照常导入，审核随之失效，需重新审核。
      </Typography.Paragraph>
      {short.length > 0 && !finished && (
        <Alert
          type="warning"
          showIcon
          data-testid="approve-evidence-missing"
          title={
            single
              ? `导入时，该单位工作簿列出的佐证材料有 ${short[0]!.evidenceMissing} 个未随之报送或已损坏，未能导入：${missingEvidenceNames(short[0]!.evidenceMissingFiles)}`
              : `以下单位的工作簿列出的佐证材料未随之报送或已损坏，未能导入：${short.map((u) => `${u.unitName}（${missingEvidenceNames(u.evidenceMissingFiles)}）`).join('；')}`
          }
          description="详见报送详情中的“报送与审核记录”；可请单位重新导出含佐证材料的压缩包（.zip）后报送：只补佐证材料、填报内容不变的，审核不失效。区局在“代为填报”中为该任务添加同名文件后，不再计为缺少。"
          style={{ marginBottom: 12 }}
        />
      )}
      {problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={single ? problems[0] : `${problems.length} 个单位未审核通过${units.length > problems.length ? `，其余 ${units.length - problems.length} 个已审核通过` : ''}`}
          description={single ? undefined : problems.join('\n')}
          style={{ marginBottom: 12, whiteSpace: 'pre-line' }}
        />
      )}
      {/* Several units, some refused: what was done for the others, in place of the form. */}
      {finished && (
        <Typography.Paragraph>
          {approvedSoFar.length > 0
            ? `已审核通过：${approvedSoFar.map((u) => `${u.unitName}（${revisionText(u.revision)}）`).join('、')}；${paper ? '已登记收到纸质填报表' : '未登记纸质填报表'}${note.trim() ? `；备注：${note.trim()}` : ''}。`
            : '没有单位审核通过。'}
        </Typography.Paragraph>
      )}
      <Form layout="vertical" component="div" hidden={finished}>
        <Form.Item>
          <Checkbox ref={paperRef} checked={paper} onChange={(e) => setPaper(e.target.checked)}>
            {single ? '已收到该单位负责人签字并盖章的纸质填报表' : '已收到这些单位负责人签字并盖章的纸质填报表'}
          </Checkbox>
        </Form.Item>
        <Form.Item label="审核备注（可不填）" htmlFor="approve-note">
          <Input.TextArea
            id="approve-note"
            value={note}
            count={{ show: true, max: 500 }}
            autoSize={{ minRows: 2, maxRows: 6 }}
            placeholder="如：纸质件已于10月8日送达"
            onChange={(e) => setNote(e.target.value)}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

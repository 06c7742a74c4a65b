import { Alert } from 'antd';
import { formatChineseDate, formatChineseDateTime, reopened } from '../../shared/period';
import type { ApprovalView } from '../../shared/views';

/**
 * The bureau's approval (审核通过) of this unit's submission for the period, as the bureau's set-up file told it:
 * whether the stamped paper form has come, the bureau's note, and that content sent again is reviewed again.
 */
export function ApprovalNote({ approved: a, periodLabel, closed }: { approved: ApprovalView; periodLabel: string; closed: boolean }) {
  if (reopened(a)) {
    return (
      <Alert
        className="approval-note"
        type="info"
        showIcon
        title={`区局曾审核通过本单位${periodLabel}的报送（第 ${a.revision} 版）`}
        description={
          a.supersededBy !== null
            ? `本单位此后导出了内容不同的第 ${a.supersededBy} 版。请将新导出的报送文件发送给区局，由区局重新审核。`
            : '此后修订的任务清单改变了本单位本期负责的任务，本期报送需由区局重新审核。'
        }
      />
    );
  }
  const note = a.note.replace(/\s+/g, ' ').trim().replace(/[。.；;，,]+$/, '');
  const paper = a.paper
    ? `区局已于${formatChineseDate(a.paperAt ?? a.approvedAt)}收到盖章的纸质填报表。`
    : '区局尚未收到盖章的纸质填报表：请打印本期填报表，经单位负责人签字、加盖公章后报送区局。';
  return (
    <Alert
      className="approval-note"
      type="success"
      showIcon
      title={`区局已审核通过本单位${periodLabel}的报送（第 ${a.revision} 版）`}
      description={[
        `${formatChineseDateTime(a.approvedAt)} 审核通过。`,
        paper,
        note ? `审核备注：${note}。` : '',
        // A closed period takes no file sent again; its paper form is still owed.
        closed ? '' : '如再修改本期内容并重新报送，需由区局重新审核。',
      ].join('')}
    />
  );
}

import { Alert } from 'antd';
import { clerkApprovalNote } from '../../shared/period';
import type { ApprovalView } from '../../shared/views';

/** The bureau's approval (审核通过) of this unit's submission for the period, as the bureau's set-up file told it (`clerkApprovalNote`). */
export function ApprovalNote({ approved, periodLabel, closed }: { approved: ApprovalView; periodLabel: string; closed: boolean }) {
  const { type, title, description } = clerkApprovalNote(approved, periodLabel, closed);
  return <Alert className="approval-note" type={type} showIcon title={title} description={description} />;
}

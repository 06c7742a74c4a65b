import { Button, Space, Tag, Typography } from 'antd';
import { approvalText, REVIEW_LABELS, returnText, reviewState } from '../../shared/period';
import type { ReactNode } from 'react';
import type { SubmissionStatusView } from '../../shared/views';

/** Where the bureau's review of a unit's submission stands, as tags (with what can be done, when given) and a line of words (退回, 审核通过). */
export function ReviewTags({ unit: u, children }: { unit: SubmissionStatusView; children?: ReactNode }) {
  const state = reviewState(u);
  if (state === 'none') return <span>—</span>;
  return (
    <Space orientation="vertical" size={2}>
      <Space size={4} wrap>
        {state === 'returned' && <Tag color="magenta">{REVIEW_LABELS.returned}</Tag>}
        {state === 'approved' && <Tag color="success">{REVIEW_LABELS.approved}</Tag>}
        {state === 'approved' && !u.approved!.paper && <Tag color="warning">纸质件未收</Tag>}
        {state === 'pending' && <Tag color="gold">{REVIEW_LABELS.pending}</Tag>}
        {state === 'pending' && u.returned && <Tag color="processing">已重报</Tag>}
        {state === 'pending' && u.approved && <Tag color="orange">审核后又收到新版本</Tag>}
        {children}
      </Space>
      {u.returned && <Typography.Text type="secondary" className="return-text">{returnText(u.returned)}</Typography.Text>}
      {u.approved && <Typography.Text type="secondary" className="return-text">{approvalText(u.approved)}</Typography.Text>}
    </Space>
  );
}

/**
 * The 审核 column of the overview's submissions: the review's state and what can be done next: accept (审核通过)
 * or send back (退回, not in a closed period: the unit could not send again) what awaits review, withdraw a
 * standing return or approval.
 */
export function ReviewCell({
  unit: u,
  closed,
  onApprove,
  onReturn,
  onWithdraw,
  onUnapprove,
}: {
  unit: SubmissionStatusView;
  closed: boolean;
  onApprove: (u: SubmissionStatusView) => void;
  onReturn: (u: SubmissionStatusView) => void;
  onWithdraw: (u: SubmissionStatusView) => void;
  onUnapprove: (u: SubmissionStatusView) => void;
}) {
  const state = reviewState(u);
  return (
    <ReviewTags unit={u}>
      {state === 'returned' && (
        <Button size="small" onClick={() => onWithdraw(u)} aria-label={`撤销对${u.unitName}的退回`}>
          撤销退回
        </Button>
      )}
      {state === 'approved' && (
        <Button size="small" onClick={() => onUnapprove(u)} aria-label={`撤销对${u.unitName}报送的审核`}>
          撤销审核
        </Button>
      )}
      {state === 'pending' && (
        <Button size="small" type="primary" ghost onClick={() => onApprove(u)} aria-label={`审核通过${u.unitName}的报送`}>
          通过
        </Button>
      )}
      {state === 'pending' && !closed && (
        <Button size="small" danger onClick={() => onReturn(u)} aria-label={`退回${u.unitName}的报送`}>
          退回
        </Button>
      )}
    </ReviewTags>
  );
}

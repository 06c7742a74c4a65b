import { Button, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { approvalText, reopened, REVIEW_LABELS, returnText, reviewState } from '../../shared/period';
import type { SubmissionStatusView } from '../../shared/views';

/**
 * Where the bureau's review of a unit's submission stands, as tags (with what can be done, when given) and
 * a line of words: the return (answered ones marked 已重报), the approval unless a return stands since.
 */
export function ReviewTags({ unit: u, children }: { unit: SubmissionStatusView; children?: ReactNode }) {
  const state = reviewState(u);
  if (state === 'none') return <span>—</span>;
  const superseded = u.approved !== null && reopened(u.approved);
  return (
    <Space orientation="vertical" size={2}>
      <Space size={4} wrap>
        {state === 'returned' && <Tag color="magenta">{REVIEW_LABELS.returned}</Tag>}
        {state === 'approved' && <Tag color="success">{REVIEW_LABELS.approved}</Tag>}
        {state === 'approved' && !u.approved!.paper && <Tag color="warning">纸质件未收</Tag>}
        {state === 'pending' && <Tag color="gold">{superseded ? '待重新审核' : REVIEW_LABELS.pending}</Tag>}
        {state === 'pending' && u.returned && !superseded && <Tag color="processing">已重报</Tag>}
        {state === 'pending' && superseded && <Tag color="orange">{u.approved!.supersededBy !== null ? '审核后内容有变' : '任务清单有变'}</Tag>}
        {children}
      </Space>
      {u.returned && (
        <Typography.Text type="secondary" className="return-text">
          {u.returned.resubmittedRevision !== null ? `已重报（第 ${u.returned.resubmittedRevision} 版）。` : ''}
          {returnText(u.returned)}
        </Typography.Text>
      )}
      {u.approved && state !== 'returned' && (
        <Typography.Text type="secondary" className="return-text">
          {approvalText(u.approved)}
        </Typography.Text>
      )}
    </Space>
  );
}

/** What can be done next on a submission, by where its review stands. */
export interface ReviewActions {
  onApprove: (u: SubmissionStatusView) => void;
  onReturn: (u: SubmissionStatusView) => void;
  onWithdraw: (u: SubmissionStatusView) => void;
  onUnapprove: (u: SubmissionStatusView) => void;
  onPaper: (u: SubmissionStatusView) => void;
}

/**
 * The 审核 column of the overview's submissions: the review's state and what can be done next: accept (审核通过)
 * or send back (退回, not in a closed period: the unit could not send again) what awaits review, record the
 * stamped paper form of an approved one, withdraw a standing return or approval. Each button's name holds its
 * visible words, then the unit's name.
 */
export function ReviewCell({ unit: u, closed, actions }: { unit: SubmissionStatusView; closed: boolean; actions: ReviewActions }) {
  const state = reviewState(u);
  return (
    <ReviewTags unit={u}>
      {state === 'returned' && (
        <Button size="small" onClick={() => actions.onWithdraw(u)} aria-label={`撤销退回（${u.unitName}）`}>
          撤销退回
        </Button>
      )}
      {state === 'approved' && !u.approved!.paper && (
        <Button size="small" onClick={() => actions.onPaper(u)} aria-label={`登记收到纸质件（${u.unitName}）`}>
          登记收到纸质件
        </Button>
      )}
      {state === 'approved' && (
        <Button size="small" onClick={() => actions.onUnapprove(u)} aria-label={`撤销审核（${u.unitName}）`}>
          撤销审核
        </Button>
      )}
      {state === 'pending' && (
        <Button size="small" type="primary" ghost onClick={() => actions.onApprove(u)} aria-label={`通过（${u.unitName}）`}>
          通过
        </Button>
      )}
      {state === 'pending' && !closed && (
        <Button size="small" danger onClick={() => actions.onReturn(u)} aria-label={`退回（${u.unitName}）`}>
          退回
        </Button>
      )}
    </ReviewTags>
  );
}
